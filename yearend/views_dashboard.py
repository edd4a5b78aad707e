"""A board's dashboard: the board's home page."""

from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.generic import TemplateView

from lscb import freshness
from lscb.permissions import RuleRequiredMixin
from lscb.years import ReportingYear

from .dashboard import dashboard, reader_key


class DashboardView(RuleRequiredMixin, TemplateView):
    """The current reporting year at a glance; each tile shows only what the user may read."""

    rule = "governance.view"
    template_name = "yearend/dashboard.html"

    def get_context_data(self, **kwargs):
        today, user, board = timezone.localdate(), self.request.user, self.request.board
        # The tiles are drawn once per board, state of the records, day and set of tiles the reader
        # may see (lscb.freshness); `dash` is read only when they are drawn.
        return super().get_context_data(
            year=ReportingYear.containing(today),
            dash=SimpleLazyObject(lambda: dashboard(user, board, today)),
            tiles_key=f"{freshness.data_version()}/{today.isoformat()}/{reader_key(user, board)}",
            tiles_timeout=freshness.TIMEOUT,
            **kwargs,
        )
