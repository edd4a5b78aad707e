"""An agency's page: its attendance per group, and the parts other apps add to it.

The agency's page (governance:agency-detail) is its one profile. Its seats, people and attendance
are governance's own; the challenges put to it and the recommendations it leads belong to apps
that governance does not import (the apps import one way, pyproject.toml). Those apps add their
part here when they start, as they register their history pages (lscb.history): each part is a
template and a function that gives its context, or None when the reader may not see it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q
from django.http import HttpRequest

from lscb.years import ReportingYear

from .models import Agency, Board, Group
from .statistics import AgencyFigures, GroupFigures, worst_first, year_figures

# --- the parts other apps add ------------------------------------------------------------------


@dataclass(frozen=True)
class AgencySection:
    """One part of an agency's page: `context(request, agency)` is None when the reader may not see it."""

    name: str
    template: str
    context: Callable[[HttpRequest, Agency], dict | None]
    order: int


AGENCY_SECTIONS: dict[str, AgencySection] = {}


def register_agency_section(
    name: str, template: str, context: Callable[[HttpRequest, Agency], dict | None], order: int = 100
) -> None:
    """Add a part to every agency's page, after its attendance, in `order` (registering a name again replaces it)."""
    AGENCY_SECTIONS[name] = AgencySection(name, template, context, order)


@dataclass(frozen=True)
class ShownSection:
    name: str
    template: str
    context: dict


def agency_sections(request: HttpRequest, agency: Agency) -> list[ShownSection]:
    """The parts the reader may see, in order, with their context."""
    shown = []
    for section in sorted(AGENCY_SECTIONS.values(), key=lambda s: (s.order, s.name)):
        context = section.context(request, agency)
        if context is not None:
            shown.append(ShownSection(section.name, section.template, context))
    return shown


# --- attendance ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupAttendance:
    """The agency's attendance at one group's held meetings in a year and the year before (None:
    neither expected at nor attending a registered meeting of the group that year)."""

    group: Group
    this_year: AgencyFigures | None
    last_year: AgencyFigures | None
    # Held meetings of the group this year with no register yet: left out of the rate.
    not_recorded: int

    @property
    def below_threshold(self) -> bool:
        return self.this_year is not None and self.this_year.below_threshold

    def sort_key(self) -> tuple:
        """Worst first: by this year's rate, then, for a group with none yet, by last year's."""
        this, last = self.this_year, self.last_year
        return (
            *worst_first(this.rate if this else None, this.expected if this else 0, ""),
            *worst_first(last.rate if last else None, last.expected if last else 0, self.group.name),
        )


def agency_attendance(agency: Agency, board: Board, year: ReportingYear) -> list[GroupAttendance]:
    """Per group of the board, the agency's figures in `year` and the year before, worst first,
    counted by governance.statistics as the attendance page counts them: a fixed number of
    queries (twice year_figures'), however many groups, meetings and seats there are.

    Only the groups where the agency has held a seat are counted (a group's figures are still read
    from all its seats: an agency's presence is read from each register as a whole)."""
    seated = Q(memberships__agency=agency) | Q(memberships__agency__isnull=True, memberships__person__agency=agency)
    groups = Group.objects.for_board(board).filter(pk__in=Group.objects.filter(seated).values("pk"))
    this_year = {figures.group.pk: figures for figures in year_figures(year, groups).groups}
    last_year = {figures.group.pk: figures for figures in year_figures(year.previous, groups).groups}
    rows = []
    for pk in this_year.keys() | last_year.keys():
        this, last = this_year.get(pk), last_year.get(pk)
        row = GroupAttendance(
            group=(this or last).group,
            this_year=_row_of(this, agency),
            last_year=_row_of(last, agency),
            not_recorded=len(this.not_recorded) if this else 0,
        )
        if row.this_year or row.last_year:
            rows.append(row)
    rows.sort(key=GroupAttendance.sort_key)
    return rows


def _row_of(group: GroupFigures | None, agency: Agency) -> AgencyFigures | None:
    if group is None:
        return None
    return next((row for row in group.agencies if row.agency.pk == agency.pk), None)
