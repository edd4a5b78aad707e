from django.views.generic import TemplateView

from lscb.permissions import RuleRequiredMixin


class AttendanceView(RuleRequiredMixin, TemplateView):
    rule = "governance.view"
    template_name = "base.html"
