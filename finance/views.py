"""The board's budget, spending and contributions."""

from __future__ import annotations

from django.views.generic import TemplateView

from lscb.permissions import RuleRequiredMixin


class BudgetView(RuleRequiredMixin, TemplateView):
    rule = "finance.view"
    template_name = "finance/budget.html"
