"""A reporting year's attendance: per group, planned against held, the agency grid with rates, and each person's."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import replace
from io import BytesIO

from django import forms
from django.http import HttpResponse
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from openpyxl import Workbook
from openpyxl.styles import Font

from lscb.caching import CachedFragmentMixin
from lscb.exports import safe_cell
from lscb.permissions import RuleRequiredMixin
from lscb.templatetags.lscb import percent

from .. import statistics
from ..models import Group
from ..sharing import mark_joint

RATE_HEADERS = ["Group", "Agency", "Meetings expected at", "Meetings attended", "This year", "Last year", "Note"]


class GroupFilterForm(forms.Form):
    """?group=<id>, checked against the year's groups: anything else is refused, never looked up;
    ?sort=worst lists each group's agencies worst attendance first (by default, by name)."""

    group = forms.TypedChoiceField(label="Group", required=False, coerce=int, empty_value=None)
    sort = forms.ChoiceField(
        label="Agencies in order of",
        required=False,
        choices=[("", "Name"), ("worst", "Attendance, worst first")],
    )

    def __init__(self, *args, groups: list[Group], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", "All groups"), *((group.pk, group.name) for group in groups)]

    def chosen(self, figures: list[statistics.GroupFigures]) -> list[statistics.GroupFigures]:
        self.is_valid()  # a refused value is left out of cleaned_data, and the page shows every group
        if self.cleaned_data.get("group") is not None:
            figures = [row for row in figures if row.group.pk == self.cleaned_data["group"]]
        if self.cleaned_data.get("sort") == "worst":
            figures = [replace(row, agencies=worst_first(row.agencies)) for row in figures]
        return figures


def worst_first(rows: list[statistics.AgencyFigures]) -> list[statistics.AgencyFigures]:
    """The lowest rate first; an agency that came only when not expected (no rate) last."""
    return sorted(rows, key=lambda row: statistics.worst_first(row.rate, row.expected, row.agency.name))


def rate_rows(groups: list[statistics.GroupFigures], threshold: float) -> list[list]:
    """The agency rates table as exported: one row per group and agency, rates as fractions."""
    rows = []
    for figures in groups:
        for row in figures.agencies:
            if row.only_when_not_expected:
                note = "Attended only when not expected"
            elif row.below_threshold:
                note = f"Below {percent(threshold)}"
            else:
                note = ""
            rows.append(
                [figures.group.name, row.agency.name, row.expected, row.attended, row.rate, row.previous_rate, note]
            )
    return rows


def export_csv(rows: list[list], name: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    writer = csv.writer(response)
    writer.writerow(RATE_HEADERS)
    for row in rows:
        # Percentages as the page shows them; a spreadsheet reads "75%" as a number.
        rates = ("" if rate is None else percent(rate) for rate in row[4:6])
        writer.writerow([safe_cell(value) for value in (*row[:4], *rates, row[6])])
    return response


def export_xlsx(rows: list[list], name: str) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Attendance"
    sheet.append(RATE_HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
        for cell in sheet[sheet.max_row][4:6]:
            cell.number_format = "0%"
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


EXPORTERS: dict[str, Callable[[list[list], str], HttpResponse]] = {"csv": export_csv, "xlsx": export_xlsx}


# The page cache (lscb.caching) stays: at scale 10 this page drawn afresh takes 15.6 times the
# floor, and the cache makes it 9.3 times faster (bench/cache_value.py, 04/12/2026).
class AttendanceView(CachedFragmentMixin, RuleRequiredMixin, TemplateView):
    """Attendance figures of one reporting year, optionally for one group, and their export."""

    rule = "governance.view"
    template_name = "governance/attendance.html"
    # Kept per board, year, state of the records and choice of group (lscb.caching); the "challenge
    # this agency" links follow the right to write challenges.
    fragment_rules = ("challengelog.write",)
    fragment_by_day = False

    def fragment_parts(self) -> list[str]:
        return [self.kwargs["year"].label]

    def get(self, request, *args, year, **kwargs):
        board = request.board
        page = _Figures(year, request.GET, board, request.boards)
        export = EXPORTERS.get(request.GET.get("_export", ""))
        if export is not None:
            return export(rate_rows(page.shown, page.figures.threshold), f"attendance-{board.slug}-{year.label}")
        # The figures are counted only when they are drawn (a kept page is served without them).
        context = self.get_context_data(year=year, page=page, **kwargs)
        return self.render_to_response(context)


class _Figures:
    """The year's figures of a board's groups (its own and its joint groups), the group form and
    the groups shown, each made when first asked for."""

    def __init__(self, year, data, board, boards) -> None:
        self.year, self.data, self.board, self.boards = year, data, board, boards

    @cached_property
    def figures(self) -> statistics.YearFigures:
        figures = statistics.year_figures(self.year, board=self.board)
        mark_joint([row.group for row in figures.groups], self.board, self.boards)
        return figures

    @cached_property
    def form(self) -> GroupFilterForm:
        return GroupFilterForm(self.data, groups=[row.group for row in self.figures.groups])

    @cached_property
    def shown(self) -> list[statistics.GroupFigures]:
        return self.form.chosen(self.figures.groups)
