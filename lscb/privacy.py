"""The privacy notice: what the app holds about people, who sees it, and for how long."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView


@method_decorator(login_not_required, name="dispatch")
class PrivacyView(TemplateView):
    """Readable by anyone, signed in or not: people should know before they sign in."""

    template_name = "privacy.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(retention_years=settings.LSCB_RETENTION_YEARS, **kwargs)
