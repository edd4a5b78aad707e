"""The plan as boards know it: a section per priority, filters, totals, and its exports."""

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import DetailView

from lscb.backends import has_board_perm
from lscb.caching import CachedFragmentMixin
from lscb.permissions import RuleRequiredMixin, allowed, chaired_group_ids

from .. import exports
from ..filters import ActionFilter
from ..models import Plan
from ..reports import plan_sections
from .editing import board_plan


def mark_rateable(user, sections, board=None) -> None:
    """Set `can_rate` on each action shown, with the permission rule (no query per row)."""
    for section in sections:
        for action in section.actions:
            action.can_rate = allowed("businessplan.rate-action", user, action, board=board)


# The page cache (lscb.caching) stays: at scale 10 this page drawn afresh takes 9.0 times the
# floor, and the cache makes it 4.8 times faster (bench/cache_value.py, 04/12/2026).
class PlanDetailView(CachedFragmentMixin, RuleRequiredMixin, DetailView):
    rule = "businessplan.view"
    model = Plan
    template_name = "businessplan/plan_detail.html"
    # The totals, filter and sections are kept per plan, state of the records, day and filter
    # (lscb.caching), for readers who may manage and rate alike; which actions a rater may rate is
    # part of the key (all of them, or those of the groups they chair).
    fragment_rules = ("businessplan.manage", "businessplan.rate-action")

    def fragment_parts(self) -> list[str]:
        user, board = self.request.user, self.request.board
        if not allowed("businessplan.rate-action", user, board=board):
            raters = ""
        elif has_board_perm(user, "businessplan.change_action", [board.pk]):
            raters = "all"
        else:
            raters = ",".join(map(str, sorted(chaired_group_ids(user))))
        return [str(self.object.pk), raters]

    def get_object(self, queryset=None):
        return board_plan(self.request, self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        plan, user, today, board = self.object, self.request.user, timezone.localdate(), self.request.board
        can_manage = allowed("businessplan.manage", user, board=board)
        can_rate = allowed("businessplan.rate-action", user, board=board)
        return super().get_context_data(
            # Read only when drawn (a kept page is served without them).
            page=_PlanPage(plan, self.request.GET, user),
            filtered=bool(self.request.GET),
            can_manage=can_manage,
            can_rate=can_rate,
            today=today,
            **kwargs,
        )


class _PlanPage:
    """The plan page's filter, sections and totals, each made when first asked for."""

    def __init__(self, plan: Plan, data, user) -> None:
        self.plan, self.data, self.user = plan, data, user

    @cached_property
    def filter(self) -> ActionFilter:
        return ActionFilter(self.data or None, queryset=self.plan.actions.all(), plan=self.plan)

    @cached_property
    def _sections(self):
        action_filter = self.filter
        actions = action_filter.qs if action_filter.is_bound and action_filter.is_valid() else self.plan.actions.all()
        sections, overall = plan_sections(self.plan, actions, notes_per_action=2)
        mark_rateable(self.user, sections, board=self.plan.board)
        return sections, overall

    @property
    def sections(self):
        return self._sections[0]

    @property
    def totals(self) -> dict[str, int]:
        return self._sections[1]

    @property
    def shown(self) -> int:
        return sum(len(s.actions) for s in self.sections)


class PlanExportView(RuleRequiredMixin, DetailView):
    """The plan as an Excel workbook or a landscape Word document of plan tables."""

    rule = "businessplan.view"
    model = Plan

    def get(self, request, slug, fmt):
        if fmt not in ("xlsx", "docx"):
            raise Http404("The plan can be downloaded as xlsx or docx.")
        plan = board_plan(request, slug)
        sections, _ = plan_sections(plan, plan.actions.all())
        if fmt == "docx":
            content, kind = exports.plan_docx(plan, sections), exports.DOCX
        else:
            content, kind = exports.plan_xlsx(plan, sections), exports.XLSX
        response = HttpResponse(content, content_type=kind)
        # The board's address first: two boards' plans may share an address, not a file name.
        response["Content-Disposition"] = f'attachment; filename="{plan.board.slug}-plan-{plan.slug}.{fmt}"'
        return response
