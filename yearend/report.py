"""The annual report of one reporting year as data: every section the formats render.

A handful of queries per section, each bounded by the year (not by the whole history);
the HTML page, the PDF and the Word document all render this one object.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from businessplan.models import UNRATED_COLOUR, Plan
from businessplan.reports import Change, PlanYear, changes_between_plans, plans_in_period, ref_key
from challengelog.models import Challenge, Status
from governance.models import Group, Membership
from governance.ordering import board_order, tree_order
from governance.querysets import overlapping
from governance.statistics import GroupFigures, year_figures
from lscb.years import ReportingYear

from .charts import Chart, Series
from .models import NARRATIVE_SECTIONS, Narrative


def level_colour(plan: Plan, level: str) -> str:
    """The colour the plan's scale gives a level code ("unrated": the grey of not rated)."""
    return UNRATED_COLOUR if level == "unrated" else plan.colour(level)


@dataclass
class GroupRow:
    """One group in the structure, indented under the group it reports to."""

    group: Group
    depth: int
    chairs: list[str]
    vice_chairs: list[str]


@dataclass
class AgencyMembership:
    agency: str
    sector: str
    people: int
    groups: list[str]


@dataclass
class AttendanceGroup:
    figures: GroupFigures
    chart: Chart | None
    absent_agencies: list[str]

    @property
    def held_rate(self) -> float | None:
        """The share of the group's planned meetings it held."""
        return MeetingsTotal.of([self.figures]).held_rate


@dataclass(frozen=True)
class MeetingsTotal:
    """The planned-versus-held table's totals row: every group's meetings together."""

    planned: int
    held: int

    @classmethod
    def of(cls, groups: Iterable[GroupFigures]) -> MeetingsTotal:
        groups = list(groups)
        return cls(sum(g.planned for g in groups), sum(g.held for g in groups))

    @property
    def held_rate(self) -> float | None:
        """The share of planned meetings held (None when none was planned)."""
        return self.held / self.planned if self.planned else None

    @property
    def held_pct(self) -> float | None:
        """The same as a percentage to one decimal place, as the JSON gives it."""
        return round(100 * self.held / self.planned, 1) if self.planned else None

    def as_dict(self) -> dict:
        return {"planned": self.planned, "held": self.held, "held_pct": self.held_pct}


@dataclass
class PlanReport:
    year: PlanYear
    chart: Chart
    moved: list[Change]
    little_progress: list  # actions at a level short of on track at the year end (Plan.behind_ratings)


@dataclass
class ChecklistItem:
    label: str
    status: str  # "section", "narrative" or "missing"
    where: str


@dataclass
class Report:
    year: ReportingYear
    board_name: str
    generated_on: date
    narrative: dict[str, str]
    structure: list[GroupRow] = field(default_factory=list)
    membership: list[AgencyMembership] = field(default_factory=list)
    attendance: list[AttendanceGroup] = field(default_factory=list)
    threshold: float = 0.5
    plans: list[PlanReport] = field(default_factory=list)
    challenges: list[Challenge] = field(default_factory=list)
    checklist: list[ChecklistItem] = field(default_factory=list)

    @property
    def meetings_total(self) -> MeetingsTotal:
        return MeetingsTotal.of(group.figures for group in self.attendance)

    @property
    def charts(self) -> list[Chart]:
        found = [group.chart for group in self.attendance if group.chart]
        return found + [plan.chart for plan in self.plans]

    @property
    def closed_challenges(self) -> list[Challenge]:
        return [
            c for c in self.challenges if c.status == Status.CLOSED and c.closed_on and c.closed_on <= self.year.end
        ]

    @property
    def open_challenges(self) -> list[Challenge]:
        return [c for c in self.challenges if c not in self.closed_challenges]


# --- governance ------------------------------------------------------------------------------


def governance_section(year: ReportingYear) -> tuple[list[GroupRow], list[AgencyMembership]]:
    """The groups active in the year in the board's own order, each with its depth in the tree and
    who chaired it (a person, else the role or agency the group names); membership by agency."""
    active = list(Group.objects.active_during(year.start, year.end))
    depths = {group.pk: depth for group, depth in tree_order(active)}
    groups = board_order(active)
    place = {group.pk: n for n, group in enumerate(groups)}
    seats = (
        Membership.objects.filter(overlapping(year.start, year.end), group__in=groups)
        .select_related("person", "agency", "group")
        .order_by("group__name", "person__name")
    )
    chairs, vice_chairs = defaultdict(list), defaultdict(list)
    by_agency: dict[str, dict] = {}
    for seat in seats:
        label = seat.person.name + (f" ({seat.agency.label})" if seat.agency else "")
        if seat.role == "chair":
            chairs[seat.group_id].append(label)
        elif seat.role == "vice_chair":
            vice_chairs[seat.group_id].append(label)
        if seat.agency:
            entry = by_agency.setdefault(
                seat.agency.name, {"sector": seat.agency.get_sector_display(), "people": set(), "groups": {}}
            )
            entry["people"].add(seat.person_id)
            entry["groups"][seat.group_id] = seat.group.label
    rows = [
        GroupRow(group, depths[group.pk], chairs[group.pk] or _chaired_by(group), vice_chairs[group.pk])
        for group in groups
    ]
    membership = [
        AgencyMembership(
            name,
            entry["sector"],
            len(entry["people"]),
            [label for pk, label in sorted(entry["groups"].items(), key=lambda item: place[item[0]])],
        )
        for name, entry in sorted(by_agency.items())
    ]
    return rows, membership


def _chaired_by(group: Group) -> list[str]:
    """A chair named by role or agency ("chaired by the police") when no person chairs the group."""
    text = group.chaired_by.strip()
    return [text] if text else []


# --- attendance ---------------------------------------------------------------------------------


def attendance_chart(figures: GroupFigures, year: ReportingYear) -> Chart | None:
    rated = [row for row in figures.agencies if row.rate is not None]
    if not rated:
        return None
    return Chart(
        key=f"attendance-{figures.group.pk}-{year.label}",
        title=f"{figures.group.name}: attendance by agency",
        categories=tuple(row.agency.label for row in rated),
        series=(
            Series(str(year.previous), tuple(row.previous_rate for row in rated), "#9aa0a6"),
            Series(str(year), tuple(row.rate for row in rated), "#0b3558"),
        ),
        unit="%",
        category_label="Agency",
    )


def attendance_section(year: ReportingYear) -> tuple[list[AttendanceGroup], float]:
    figures = year_figures(year)
    groups = [
        AttendanceGroup(
            group,
            attendance_chart(group, year),
            [row.agency.name for row in group.agencies if row.expected and not row.attended],
        )
        for group in figures.groups
    ]
    return groups, figures.threshold


# --- priorities --------------------------------------------------------------------------------


def rag_chart(plan_year: PlanYear, year: ReportingYear) -> Chart:
    plan = plan_year.plan
    levels = [*plan.ratings, "unrated"]
    sections = plan_year.sections
    return Chart(
        key=f"rag-{plan.pk}-{year.label}",
        title=f"{plan.title}: {plan.ratings_words} at 31/03/{year.end.year} by priority",
        categories=tuple(f"{s.priority.number}. {s.priority.title}" for s in sections),
        series=tuple(
            Series(
                plan.label(level),
                tuple(s.totals.get(level, 0) for s in sections),
                level_colour(plan, level),
            )
            for level in levels
        ),
        unit="count",
        stacked=True,
        category_label="Priority",
    )


def priorities_section(year: ReportingYear) -> list[PlanReport]:
    plan_years = plans_in_period(year.start, year.end)
    # One read of the moves for every plan of the year, not one per plan.
    moved = changes_between_plans([p.plan for p in plan_years], year.start - timedelta(days=1), year.end)
    reports = []
    for plan_year in plan_years:
        behind = plan_year.plan.behind_ratings
        little = [a for s in plan_year.sections for a in s.actions if a.rating_at_end in behind]
        moves = sorted(
            moved[plan_year.plan.pk], key=lambda c: (c.action.objective.priority.number, ref_key(c.action.ref))
        )
        reports.append(PlanReport(plan_year, rag_chart(plan_year, year), moves, little))
    return reports


# --- the report ------------------------------------------------------------------------------------


CHECKLIST = [
    # (what Working Together expects, the section that covers it from data, the narrative that may cover it)
    ("Governance and accountability arrangements", "structure", "governance"),
    ("Partner agencies' engagement: attendance at the board and its groups", "attendance", "attendance"),
    ("Progress against the board's priorities", "plans", "priorities"),
    ("Areas with little or no progress, and the action being taken", "little_progress", "priorities"),
    ("Evidence of impact: improvement through challenge", "closed_challenges", "challenges"),
    ("Lessons from serious case reviews and child death reviews", None, "reviews"),
    ("How the views of children and families were sought and used", None, "voice"),
    ("Training and workforce development", None, "training"),
    ("Resources: the budget and partners' contributions", None, "resources"),
    ("Priorities and recommendations for the coming year", None, "next_year"),
]


def checklist(report: Report) -> list[ChecklistItem]:
    titles = dict(NARRATIVE_SECTIONS)
    data = {
        "structure": bool(report.structure),
        "attendance": any(g.figures.agencies for g in report.attendance),
        "plans": bool(report.plans),
        "little_progress": bool(report.plans),
        "closed_challenges": any(c.outcome for c in report.closed_challenges),
    }
    items = []
    for label, section, narrative in CHECKLIST:
        if section and data[section]:
            items.append(ChecklistItem(label, "section", section))
        elif report.narrative.get(narrative, "").strip():
            items.append(ChecklistItem(label, "narrative", titles[narrative]))
        else:
            items.append(ChecklistItem(label, "missing", titles[narrative]))
    return items


def build_report(year: ReportingYear) -> Report:
    narrative = dict(Narrative.objects.filter(year=year.label).values_list("section", "text"))
    report = Report(
        year=year, board_name=settings.LSCB_BOARD_NAME, generated_on=timezone.localdate(), narrative=narrative
    )
    report.structure, report.membership = governance_section(year)
    report.attendance, report.threshold = attendance_section(year)
    report.plans = priorities_section(year)
    report.challenges = list(
        Challenge.objects.live_during(year.start, year.end)
        .filter(~Q(raised_on__gt=year.end))
        .select_related("agency")
        .order_by("raised_on", "ref")
    )
    report.checklist = checklist(report)
    return report
