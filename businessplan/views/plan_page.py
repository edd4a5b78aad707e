"""The plan as boards know it: a section per priority, filters, totals, and its exports."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import DetailView

from lscb.permissions import RuleRequiredMixin, allowed

from .. import exports
from ..filters import ActionFilter
from ..models import Plan, Rating
from ..reports import plan_sections


def mark_rateable(user, sections) -> None:
    """Set `can_rate` on each action shown, with the permission rule (no query per row)."""
    for section in sections:
        for action in section.actions:
            action.can_rate = allowed("businessplan.rate-action", user, action)


class PlanDetailView(RuleRequiredMixin, DetailView):
    rule = "businessplan.view"
    model = Plan
    template_name = "businessplan/plan_detail.html"

    def get_context_data(self, **kwargs):
        plan = self.object
        action_filter = ActionFilter(self.request.GET or None, queryset=plan.actions.all(), plan=plan)
        actions = action_filter.qs if action_filter.is_bound and action_filter.is_valid() else plan.actions.all()
        sections, overall = plan_sections(plan, actions, notes_per_action=2)
        mark_rateable(self.request.user, sections)
        return super().get_context_data(
            filter=action_filter,
            sections=sections,
            totals=overall,
            filtered=action_filter.is_bound,
            shown=sum(len(s.actions) for s in sections),
            ratings=[(r, Rating(r).label, plan.meaning(r)) for r in plan.ratings],
            can_manage=allowed("businessplan.manage", self.request.user),
            can_rate=allowed("businessplan.rate-action", self.request.user),
            today=timezone.localdate(),
            **kwargs,
        )


class PlanExportView(RuleRequiredMixin, DetailView):
    """The plan as an Excel workbook or a landscape Word document of plan tables."""

    rule = "businessplan.view"
    model = Plan

    def get(self, request, slug, fmt):
        if fmt not in ("xlsx", "docx"):
            raise Http404("The plan can be downloaded as xlsx or docx.")
        plan = get_object_or_404(Plan, slug=slug)
        sections, _ = plan_sections(plan, plan.actions.all())
        if fmt == "docx":
            content, kind = exports.plan_docx(plan, sections), exports.DOCX
        else:
            content, kind = exports.plan_xlsx(plan, sections), exports.XLSX
        response = HttpResponse(content, content_type=kind)
        response["Content-Disposition"] = f'attachment; filename="plan-{plan.slug}.{fmt}"'
        return response
