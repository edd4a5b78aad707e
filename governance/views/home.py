"""The home page: what needs doing next, for the signed-in user's role."""

from django.utils import timezone
from django.views.generic import TemplateView

from lscb.permissions import RuleRequiredMixin, allowed, chaired_group_ids
from lscb.years import ReportingYear

from ..models import Meeting


class HomeView(RuleRequiredMixin, TemplateView):
    rule = "governance.view"
    template_name = "governance/home.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        year = ReportingYear.current()
        user = self.request.user
        to_record = Meeting.objects.filter(date__lte=today, status="planned").select_related("group").order_by("date")
        missing = Meeting.objects.without_register().filter(date__gte=year.previous.start).select_related("group")
        if not allowed("governance.manage", user):
            groups = chaired_group_ids(user)
            to_record, missing = to_record.filter(group_id__in=groups), missing.filter(group_id__in=groups)
        upcoming = Meeting.objects.upcoming(today).select_related("group").order_by("date")[:8]
        return super().get_context_data(
            year=year,
            today=today,
            to_record=to_record[:20],
            missing=missing.order_by("date")[:20],
            upcoming=upcoming,
            can_record=allowed("governance.record-meeting", user),
            **kwargs,
        )
