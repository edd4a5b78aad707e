"""The board dashboard: the current reporting year at a glance, read in a fixed number of queries.

Each tile's figures come from bulk reads (one query per kind of row, never one per row), so
the page costs the same whether the board has one plan of ten actions or years of records.
Tiles the user may not read are neither shown nor queried.
"""

from __future__ import annotations

import base64
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, Subquery

from businessplan.models import Action, Plan, PlanStatus, Priority, ProgressUpdate
from businessplan.reports import backdated_in, dated_and_recorded, with_rating_known_on
from businessplan.selectors import add_to_totals, empty_totals
from challengelog.models import Challenge, Status
from dataset.reads import DashIndicator, dashboard_indicators
from governance.models import Agency, Board, Group, GroupKind, Meeting, MeetingStatus
from governance.statistics import GroupFigures, worst_first, year_figures
from learning.selectors import OpenRecommendations, open_recommendations
from lscb.permissions import allowed, chaired_group_ids
from lscb.years import ReportingYear

from .charts import Chart, Series, kept_svgs
from .report import level_colour
from .your_groups import YourGroup, shows_your_groups, your_groups

NEXT_MEETINGS = 5
TO_RECORD = 20


# --- business plan ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RagCount:
    """How many actions hold one rating (or none): a chip that always carries its word."""

    plan: Plan
    level: str  # a level code of the plan's scale, or "unrated"
    count: int

    @property
    def label(self) -> str:
        return self.plan.label(self.level)


@dataclass(frozen=True)
class PriorityRag:
    """One priority's actions counted by current rating, unrated in their own column."""

    plan: Plan
    number: int
    title: str
    counts: dict[str, int]

    @property
    def chips(self) -> list[RagCount]:
        return [RagCount(self.plan, level, count) for level, count in self.counts.items()]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class PlanRag:
    """An active plan's current RAG totals, per priority and overall, with its stacked bar chart."""

    plan: Plan
    priorities: list[PriorityRag]
    totals: dict[str, int]
    chart: Chart

    @property
    def chips(self) -> list[RagCount]:
        return [RagCount(self.plan, level, count) for level, count in self.totals.items()]

    @property
    def total(self) -> int:
        return sum(self.totals.values())

    # The chart for an <img> (with_chart_images): drawn once for every process.
    chart_data_uri: str = ""

    @property
    def chart_table(self) -> tuple[list[str], list[list[str]]]:
        return self.chart.table()


@dataclass(frozen=True)
class RatingChange:
    """An action whose rating on the dashboard's day differs from its rating after the last board."""

    action: Action
    before: str
    after: str
    backdated: ProgressUpdate | None = None  # the latest update recorded since, dated before the board

    @property
    def recorded_late(self) -> str:
        """ "dated 02/03/2026, recorded 10/03/2026" for a change written after the board about a day before it."""
        return dated_and_recorded(self.backdated) if self.backdated is not None else ""

    @property
    def summary(self) -> str:
        """ "1.2 Amber → Green"."""
        plan = self.action.plan
        return f"{self.action.ref} {plan.label(self.before)} → {plan.label(self.after)}"


@dataclass(frozen=True)
class PlanCount:
    """A count for one plan, for the tile's link to that plan's page."""

    plan: Plan
    count: int


def _counted(items, plans: list[Plan]) -> list[PlanCount]:
    per_plan: dict[int, int] = defaultdict(int)
    for item in items:
        per_plan[item.plan_id] += 1
    return [PlanCount(plan, per_plan[plan.pk]) for plan in plans]


@dataclass
class PlanFigures:
    """Every business plan tile: RAG, what changed since the last board, overdue and never-rated actions."""

    plans: list[PlanRag]
    since: date
    since_board: bool  # False: no board meeting held yet, so since the start of the year
    changes: list[RatingChange]
    overdue: list[Action]
    never_rated: list[Action]

    @property
    def change_counts(self) -> list[PlanCount]:
        return _counted((c.action for c in self.changes), [p.plan for p in self.plans])

    @property
    def overdue_counts(self) -> list[PlanCount]:
        return _counted(self.overdue, [p.plan for p in self.plans])

    @property
    def never_rated_counts(self) -> list[PlanCount]:
        return _counted(self.never_rated, [p.plan for p in self.plans])


def _plan_chart(plan: Plan, priorities: list[PriorityRag], levels: list[str], today: date) -> Chart:
    return Chart(
        key=f"dashboard-rag-{plan.pk}",
        title=f"{plan.title}: actions by {'RAG rating' if plan.rating_heading == 'RAG' else 'rating'} and priority "
        f"on {today:%d/%m/%Y}",
        categories=tuple(f"{p.number}. {_short(p.title)}" for p in priorities),
        series=tuple(
            Series(
                plan.label(level),
                tuple(p.counts[level] for p in priorities),
                level_colour(plan, level),
            )
            for level in levels
        ),
        unit="count",
        stacked=True,
    )


def last_board_meeting(board: Board, today: date) -> date | None:
    """The last held meeting before today of the board itself (its own group of the kind "board"):
    the natural 'since'."""
    meeting = (
        Meeting.objects.filter(group__board=board, group__kind=GroupKind.BOARD, status=MeetingStatus.HELD)
        .filter(date__lt=today)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    return meeting


def with_chart_images(figures: PlanFigures, board: Board) -> PlanFigures:
    """The plans' charts as images, read in one query from the drawings every process shares (the
    worker draws them after a change: yearend.tasks.draw_live_charts), drawn here only if missing."""
    svgs = kept_svgs([rag.chart for rag in figures.plans], board.pk, ReportingYear.current())
    figures.plans = [
        replace(rag, chart_data_uri="data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii"))
        for rag, svg in zip(figures.plans, svgs, strict=True)
    ]
    return figures


def plan_figures(board: Board, today: date, year: ReportingYear) -> PlanFigures:
    """Five queries: the board's active plans, their priorities, their actions, overdue actions, the last board."""
    plans = list(Plan.objects.filter(board=board, status=PlanStatus.ACTIVE).order_by("start", "title"))
    last = last_board_meeting(board, today)
    since = last or year.start
    if not plans:
        return PlanFigures([], since, last is not None, [], [], [])
    priorities: dict[int, list[Priority]] = defaultdict(list)
    for priority in Priority.objects.filter(plan__in=plans).order_by("plan_id", "number"):
        priorities[priority.plan_id].append(priority)
    # The same reading as businessplan.reports.changes_between(plan, since, today), for every plan at
    # once: a change recorded since the board counts whatever day it is dated.
    backdated = (
        ProgressUpdate.objects.filter(backdated_in(since, today), action=OuterRef("pk"))
        .exclude(rating="")
        .order_by("-recorded_at", "-id")
    )
    actions = (
        with_rating_known_on(Action.objects.filter(plan__in=plans), since, today, "before")
        .with_rating_at(today, "after")
        .annotate(
            backdated_date=Subquery(backdated.values("date")[:1]),
            backdated_undated=Subquery(backdated.values("undated")[:1]),
            backdated_recorded=Subquery(backdated.values("recorded_at")[:1]),
        )
        .annotate(has_updates=Exists(ProgressUpdate.objects.filter(action=OuterRef("pk"))))
        .for_plan_page()
        .order_by("plan__start", "plan__title", "objective__priority__number", "objective__order", "objective_id", "id")
    )
    levels = {plan.pk: [*plan.ratings, "unrated"] for plan in plans}
    counts: dict[int, dict[int, dict[str, int]]] = {
        plan.pk: {p.number: empty_totals(plan) for p in priorities[plan.pk]} for plan in plans
    }
    changes, never_rated = [], []
    by_id = {plan.pk: plan for plan in plans}
    for action in actions:
        action.plan = by_id[action.plan_id]  # the plans already read carry their scales
        per_priority = counts[action.plan_id].setdefault(action.objective.priority.number, empty_totals(action.plan))
        add_to_totals(per_priority, action.rating)
        if (action.before or "") != (action.after or ""):
            late = None
            if action.backdated_date is not None:
                late = ProgressUpdate(
                    date=action.backdated_date, undated=action.backdated_undated, recorded_at=action.backdated_recorded
                )
            changes.append(RatingChange(action, action.before or "", action.after or "", late))
        if not action.rating and not action.has_updates:
            never_rated.append(action)
    titles = {(p.plan_id, p.number): p.title for ps in priorities.values() for p in ps}
    rags = []
    for plan in plans:
        rows = [
            PriorityRag(plan, number, titles.get((plan.pk, number), ""), row)
            for number, row in sorted(counts[plan.pk].items())
        ]
        totals = {level: sum(row.counts[level] for row in rows) for level in levels[plan.pk]}
        rags.append(PlanRag(plan, rows, totals, _plan_chart(plan, rows, levels[plan.pk], today)))
    overdue = list(
        Action.objects.filter(plan__in=plans)
        .overdue(today, plans=plans)
        .select_related("objective")
        .order_by("due_date", "plan_id", "id")
    )
    for action in overdue:
        action.plan = by_id[action.plan_id]
    return PlanFigures(rags, since, last is not None, changes, overdue, never_rated)


# --- attendance --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    """A shade of the heat map, a sample of a cell in it, and the words that say what it means."""

    code: str
    sample: str
    words: str


@dataclass(frozen=True)
class HeatCell:
    """One agency's rate at one group's meetings this year."""

    expected: int
    attended: int
    rate: float | None
    band: str  # "high", "good", "fair", "low" (below the threshold), "visitor" (came when not expected)
    below_threshold: bool

    @property
    def text(self) -> str:
        return f"{round(self.rate * 100)}%" if self.rate is not None else "(✓)"

    @property
    def detail(self) -> str:
        if self.rate is None:
            return f"attended {self.attended} when not expected"
        return f"{self.attended} of {self.expected} meetings"


@dataclass(frozen=True)
class HeatRow:
    """One agency's row of the heat map, a cell per group column."""

    agency: Agency
    cells: list[HeatCell | None]  # None: no seat on that group, or never expected nor came


@dataclass(frozen=True)
class HeatMap:
    """Agencies by groups: each agency's attendance rate at each group's held meetings this year."""

    threshold: float
    groups: list[Group]  # the columns: groups with at least one rate
    rows: list[HeatRow]
    waiting: list[Group]  # groups with meetings this year but no attendance recorded yet

    @property
    def threshold_text(self) -> str:
        return f"{round(self.threshold * 100)}%"

    @property
    def below(self) -> list[tuple[Agency, Group, HeatCell]]:
        """The rates under the threshold, worst first (of equal rates, the one over more meetings)."""
        below = [
            (row.agency, group, cell)
            for row in self.rows
            for group, cell in zip(self.groups, row.cells, strict=True)
            if cell is not None and cell.below_threshold
        ]
        return sorted(
            below, key=lambda item: (*worst_first(item[2].rate, item[2].expected, item[0].name), item[1].name)
        )

    @property
    def rates(self) -> int:
        return sum(1 for row in self.rows for cell in row.cells if cell is not None and cell.rate is not None)

    @property
    def key(self) -> list[Band]:
        """The legend: the bands in use at this threshold, best first."""
        percent = round(self.threshold * 100)
        bands = [Band("high", "95%", "90% or more")]
        if percent < 90:
            bands.append(Band("good", "80%", f"{max(percent, 75)}% to 89%"))
        if percent < 75:
            bands.append(Band("fair", f"{(percent + 75) // 2}%", f"{percent}% to 74%"))
        bands.append(Band("low", f"{percent // 2}% ▼", f"below {percent}%: under the board's threshold"))
        bands.append(Band("visitor", "(✓)", "came only when not expected: no rate"))
        bands.append(Band("none", "\N{EN DASH}", "no seat on the group, or not expected there: no rate"))
        return bands


def _band(rate: float | None, below: bool) -> str:
    if rate is None:
        return "visitor"
    if below:
        return "low"
    percent = round(rate * 100)
    return "high" if percent >= 90 else "good" if percent >= 75 else "fair"


def heat_map(groups: list[GroupFigures], threshold: float) -> HeatMap:
    """The heat map from the year's figures (no query of its own)."""
    with_rates = sorted(
        (g for g in groups if g.agencies), key=lambda g: (g.group.kind != GroupKind.BOARD, g.group.name)
    )
    agencies: dict[int, Agency] = {}
    cells: dict[tuple[int, int], HeatCell] = {}
    for figures in with_rates:
        for row in figures.agencies:
            agencies[row.agency.pk] = row.agency
            cells[row.agency.pk, figures.group.pk] = HeatCell(
                expected=row.expected,
                attended=row.attended,
                rate=row.rate,
                band=_band(row.rate, row.below_threshold),
                below_threshold=row.below_threshold,
            )
    rows = [
        HeatRow(agency, [cells.get((agency.pk, g.group.pk)) for g in with_rates])
        for agency in sorted(agencies.values(), key=lambda a: (a.name, a.pk))
    ]
    waiting = [g.group for g in groups if not g.agencies]
    return HeatMap(threshold, [g.group for g in with_rates], rows, waiting)


# --- meetings ----------------------------------------------------------------------------------


@dataclass
class MeetingCount:
    """Meetings dated from the start of the year up to today: planned = held + cancelled + not yet recorded."""

    name: str
    label: str
    held: int = 0
    cancelled: int = 0
    not_recorded: int = 0  # still "planned" although its day has come

    @property
    def planned(self) -> int:
        return self.held + self.cancelled + self.not_recorded


@dataclass
class MeetingFigures:
    """Planned against held to date, per group and overall, and the year's whole calendar."""

    groups: list[MeetingCount]
    total: MeetingCount
    planned_in_year: int


def _board_meetings(board: Board):
    """The meetings of the board's groups, its joint groups with other boards included."""
    return Meeting.objects.filter(group__in=Group.objects.for_board(board).values("pk"))


def meeting_figures(board: Board, today: date, year: ReportingYear, groups: list[GroupFigures]) -> MeetingFigures:
    """One query: the board's meetings of this year up to today, counted by group and status in the database."""
    rows = (
        _board_meetings(board)
        .in_period(year.start, min(today, year.end))
        .values("group_id", "group__name", "group__short_name", "group__kind", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    per_group: dict[int, MeetingCount] = {}
    kinds: dict[int, str] = {}
    total = MeetingCount("All groups", "All groups")
    for row in rows:
        count = per_group.setdefault(
            row["group_id"], MeetingCount(row["group__name"], row["group__short_name"] or row["group__name"])
        )
        kinds[row["group_id"]] = row["group__kind"]
        attribute = {MeetingStatus.HELD: "held", MeetingStatus.CANCELLED: "cancelled"}.get(
            row["status"], "not_recorded"
        )
        for target in (count, total):
            setattr(target, attribute, getattr(target, attribute) + row["n"])
    ordered = sorted(per_group, key=lambda pk: (kinds[pk] != GroupKind.BOARD, per_group[pk].name))
    return MeetingFigures([per_group[pk] for pk in ordered], total, sum(g.planned for g in groups))


# --- challenges -------------------------------------------------------------------------------


@dataclass
class ChallengeFigures:
    """Challenges not yet closed, those still owed an answer, and those whose answer is late."""

    open: int
    awaiting: int
    overdue: list[Challenge]


def challenge_figures(board: Board, today: date) -> ChallengeFigures:
    """Two queries, whatever the log holds: both counts of the board's challenges in one, and its overdue ones."""
    log = Challenge.objects.filter(board=board)
    counts = log.aggregate(
        open=Count("pk", filter=~Q(status=Status.CLOSED)),
        awaiting=Count("pk", filter=Q(pk__in=log.awaiting().values("pk"))),
    )
    return ChallengeFigures(
        open=counts["open"],
        awaiting=counts["awaiting"],
        overdue=list(log.overdue(today).select_related("agency").order_by("response_due", "ref")),
    )


# --- the dashboard ---------------------------------------------------------------------------


@dataclass
class Dashboard:
    """What the signed-in user may read of the year, tile by tile (None: a tile they may not see)."""

    year: ReportingYear
    today: date
    plan: PlanFigures | None = None
    heat: HeatMap | None = None
    meetings: MeetingFigures | None = None
    next_meetings: list[Meeting] = field(default_factory=list)
    unregistered: list[Meeting] = field(default_factory=list)  # held this year without a register
    challenges: ChallengeFigures | None = None
    can_record: bool = False
    to_record: list[Meeting] = field(default_factory=list)  # past and still planned, of the user's groups
    to_record_more: bool = False
    own_unregistered: list[Meeting] = field(default_factory=list)
    recommendations: OpenRecommendations | None = None
    indicators: list[DashIndicator] | None = None  # the dataset's indicators chosen for the dashboard
    your_groups: list[YourGroup] = field(default_factory=list)  # a sub-group chair's own groups, first

    @property
    def gaps(self) -> int:
        """How many records are missing, across the data gaps tile."""
        return (
            len(self.unregistered)
            + (len(self.plan.never_rated) if self.plan else 0)
            + (len(self.challenges.overdue) if self.challenges else 0)
        )


def sees_own_groups_only(user, board: Board) -> bool:
    """Whether `user` records only their own groups' meetings (a sub-group chair): then the
    dashboard's "meetings to record" depends on which groups they chair."""
    return allowed("governance.record-meeting", user, board=board) and not allowed(
        "governance.manage", user, board=board
    )


# Every rule `dashboard` checks: the kept dashboard is keyed by the reader's answers to all of them
# (yearend.views_dashboard), so a rule checked below and missing here would serve one reader's
# tiles to another (tests/yearend/test_dashboard.py reads this function to make sure it cannot).
DASHBOARD_RULES = (
    "governance.view",
    "governance.record-meeting",
    "governance.manage",
    "businessplan.view",
    "challengelog.view",
    "learning.view",
    "dataset.view",
    # "Your groups" (yearend.your_groups.shows_your_groups): not for the independent chair.
    "yearend.sign-off",
)


def dashboard(user, board: Board, today: date) -> Dashboard:
    """`board`'s dashboard as `user` may read it, for the reporting year containing `today`:
    the board's own records, and its joint groups with other boards."""
    year = ReportingYear.containing(today)
    dash = Dashboard(year=year, today=today)
    if allowed("governance.view", user, board=board):
        figures = year_figures(year, board=board)
        dash.heat = heat_map(figures.groups, figures.threshold)
        dash.meetings = meeting_figures(board, today, year, figures.groups)
        dash.unregistered = sorted(
            (m for g in figures.groups for m in g.not_recorded), key=lambda m: (m.date, m.group.name)
        )
        meetings = _board_meetings(board)
        dash.next_meetings = list(
            meetings.upcoming(today).select_related("group").order_by("date", "group__name")[:NEXT_MEETINGS]
        )
        if allowed("governance.record-meeting", user, board=board):
            dash.can_record = True
            to_record = meetings.filter(date__lte=today, status=MeetingStatus.PLANNED)
            own = dash.unregistered
            if not allowed("governance.manage", user, board=board):
                groups = chaired_group_ids(user)
                to_record = to_record.filter(group_id__in=groups)
                own = [m for m in own if m.group_id in groups]
            rows = list(to_record.select_related("group").order_by("date", "group__name")[: TO_RECORD + 1])
            dash.to_record, dash.to_record_more = rows[:TO_RECORD], len(rows) > TO_RECORD
            dash.own_unregistered = own
    if allowed("businessplan.view", user, board=board):
        dash.plan = with_chart_images(plan_figures(board, today, year), board)
    if allowed("challengelog.view", user, board=board):
        dash.challenges = challenge_figures(board, today)
    if allowed("learning.view", user, board=board):
        dash.recommendations = open_recommendations(board, today)
    if allowed("dataset.view", user, board=board):
        dash.indicators = dashboard_indicators(board)
    if shows_your_groups(user, board):
        dash.your_groups = your_groups(user, board, today, dash.plan.since if dash.plan else year.start)
    return dash


# --- helpers of this page -------------------------------------------------------------------------


def _short(text: str, length: int = 32) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
