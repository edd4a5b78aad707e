"""The year-end pages: the reporting years on record, and each year's figures to download."""

from django.http import HttpResponse
from django.views import View
from django.views.generic import TemplateView

from lscb.permissions import RuleRequiredMixin

from .summary import summary_json, year_summary, years_with_meetings


class IndexView(RuleRequiredMixin, TemplateView):
    rule = "governance.view"
    template_name = "yearend/index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(years=years_with_meetings(), **kwargs)


class SummaryJsonView(RuleRequiredMixin, View):
    """The year's summary as the `yearend` command writes it, as a download."""

    rule = "governance.view"

    def get(self, request, year):
        response = HttpResponse(summary_json(year_summary(year)), content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="yearend-{year.label}.json"'
        return response
