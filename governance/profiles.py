"""An agency's page and a group's page: governance's own parts, and the parts other apps add.

The agency's page (governance:agency-detail) is its one profile. Its seats, people and attendance
are governance's own; the challenges put to it and the recommendations it leads belong to apps
that governance does not import (the apps import one way, pyproject.toml). Those apps add their
part here when they start, as they register their history pages (lscb.history): each part is a
template and a function that gives its context, or None when the reader may not see it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse

from lscb.permissions import allowed
from lscb.years import ReportingYear

from .models import Agency, Board, Group, Meeting, MeetingStatus
from .services import register_not_yet
from .statistics import AgencyFigures, GroupFigures, worst_first, year_figures

# --- the parts other apps add ------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """One part of a profile page (an agency's or a group's): `context(request, record)` is None
    when the reader may not see it."""

    name: str
    template: str
    context: Callable[[HttpRequest, object], dict | None]
    order: int


@dataclass(frozen=True)
class ShownSection:
    name: str
    template: str
    context: dict


AGENCY_SECTIONS: dict[str, Section] = {}
GROUP_SECTIONS: dict[str, Section] = {}


def register_agency_section(
    name: str, template: str, context: Callable[[HttpRequest, Agency], dict | None], order: int = 100
) -> None:
    """Add a part to every agency's page, after its attendance, in `order` (registering a name again replaces it)."""
    AGENCY_SECTIONS[name] = Section(name, template, context, order)


def register_group_section(
    name: str, template: str, context: Callable[[HttpRequest, Group], dict | None], order: int = 100
) -> None:
    """Add a part to every group's page, after its attendance, in `order` (registering a name again replaces it)."""
    GROUP_SECTIONS[name] = Section(name, template, context, order)


def _shown(sections: dict[str, Section], request: HttpRequest, record) -> list[ShownSection]:
    """The parts the reader may see, in order, with their context."""
    shown = []
    for section in sorted(sections.values(), key=lambda s: (s.order, s.name)):
        context = section.context(request, record)
        if context is not None:
            shown.append(ShownSection(section.name, section.template, context))
    return shown


def agency_sections(request: HttpRequest, agency: Agency) -> list[ShownSection]:
    return _shown(AGENCY_SECTIONS, request, agency)


def group_sections(request: HttpRequest, group: Group) -> list[ShownSection]:
    return _shown(GROUP_SECTIONS, request, group)


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


# --- a group's page: its meetings, and the parts other apps add -----------------------------------
# The group's page (governance:group-detail) and a sub-group chair's "Your groups" show the same
# reading of its meetings. The actions it leads and the challenges raised at its meetings belong to
# apps governance does not import: they add their part here, as they do to an agency's page.


# As many past meetings as a chair looks back on before the next one; the rest are in the calendar.
LAST_MEETINGS = 4


@dataclass
class GroupMeetings:
    """A group's next meeting, its last ones (newest first) and those still owed a register (oldest
    first). Each past meeting is marked with what it needs: `needs_register` (held, or its day come,
    with no register) and `record_url` (set only where the reader may record it and recording can
    succeed now: governance.services.register_not_yet)."""

    group: Group
    next: Meeting | None
    last: list[Meeting]
    to_record: list[Meeting]


def group_meetings(groups: list[Group], user, board: Board, today: date) -> list[GroupMeetings]:
    """For each of `groups`, in the order given: its next meeting, its last few, and every meeting
    since the start of last reporting year still owed a register. One query, however many groups
    and meetings."""
    since = ReportingYear.containing(today).previous.start
    meetings = (
        Meeting.objects.filter(group__in=[group.pk for group in groups], date__gte=since)
        .with_register_size()
        .order_by("date", "pk")
    )
    by_group: dict[int, list[Meeting]] = {group.pk: [] for group in groups}
    for meeting in meetings:
        by_group[meeting.group_id].append(meeting)
    shown = []
    for group in groups:
        rows = by_group[group.pk]
        for meeting in rows:
            meeting.group = group  # the group already read: a rule about the meeting reads no more
        # A meeting of today is among the past ones: its register can be recorded from today.
        upcoming = [m for m in rows if m.date > today and m.status == MeetingStatus.PLANNED]
        past = [m for m in rows if m.date <= today]
        # The right to record is the same for every meeting of a group: asked once.
        may_record = bool(past) and allowed("governance.record-meeting", user, past[0], board=board)
        for meeting in past:
            meeting.needs_register = meeting.status != MeetingStatus.CANCELLED and not meeting.register_size
            meeting.record_url = ""
            if meeting.needs_register and may_record and not register_not_yet(meeting, today):
                meeting.record_url = reverse("governance:meeting-record", args=[board.slug, meeting.pk])
        shown.append(
            GroupMeetings(
                group=group,
                next=upcoming[0] if upcoming else None,
                last=past[::-1][:LAST_MEETINGS],
                to_record=[m for m in past if m.needs_register],
            )
        )
    return shown


def group_attendance(group: Group, year: ReportingYear) -> GroupFigures | None:
    """The group's attendance in `year`, per agency and per person, as the attendance page counts
    it (governance.statistics); None when the group has no meeting dated in the year."""
    figures = year_figures(year, [group]).groups
    return figures[0] if figures else None
