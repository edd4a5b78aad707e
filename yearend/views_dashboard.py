"""A board's dashboard: the board's home page."""

from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.generic import TemplateView

from lscb.caching import CachedFragmentMixin
from lscb.permissions import RuleRequiredMixin, chaired_group_ids
from lscb.years import ReportingYear

from .dashboard import DASHBOARD_RULES, dashboard, sees_own_groups_only


# The page cache (lscb.caching) stays: at scale 10 this page drawn afresh takes 15.1 times the
# floor, and the cache makes it 7.7 times faster (bench/cache_value.py, 04/12/2026).
class DashboardView(CachedFragmentMixin, RuleRequiredMixin, TemplateView):
    """The current reporting year at a glance; each tile shows only what the user may read."""

    rule = "governance.view"
    template_name = "yearend/dashboard.html"
    # The tiles are kept per board, state of the records and day, for readers who answer every rule
    # the dashboard checks alike (lscb.caching); a sub-group chair's own groups are part of the key.
    fragment_rules = DASHBOARD_RULES

    def fragment_parts(self) -> list[str]:
        user, board = self.request.user, self.request.board
        return [",".join(map(str, sorted(chaired_group_ids(user))))] if sees_own_groups_only(user, board) else []

    def get_context_data(self, **kwargs):
        today, user, board = timezone.localdate(), self.request.user, self.request.board
        # `dash` is read only when the tiles are drawn (a kept page is served without it).
        return super().get_context_data(
            year=ReportingYear.containing(today), dash=SimpleLazyObject(lambda: dashboard(user, board, today)), **kwargs
        )
