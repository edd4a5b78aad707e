"""The board dashboard: the home page after sign-in."""

from django.utils import timezone
from django.views.generic import TemplateView

from lscb.permissions import RuleRequiredMixin

from .dashboard import dashboard


class DashboardView(RuleRequiredMixin, TemplateView):
    """The current reporting year at a glance; each tile shows only what the user may read."""

    rule = "governance.view"
    template_name = "yearend/dashboard.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(dash=dashboard(self.request.user, timezone.localdate()), **kwargs)
