"""The annual report of one reporting year as data: every section the formats render.

A handful of queries per section, each bounded by the year (not by the whole history);
the HTML page, the PDF and the Word document all render this one object.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from businessplan.models import UNRATED_COLOUR, Plan
from businessplan.reports import Change, PlanYear, changes_between_plans, plans_in_period, ref_key
from challengelog.models import NOT_RECORDED, Challenge, OutcomeKind, Status
from dataset.models import Indicator, IndicatorValue, Unit
from dataset.selectors import IndicatorYear, year_dataset
from finance.models import Contribution
from finance.selectors import year_contributions, year_finance
from governance.kinds import KindWords, words_for
from governance.models import Board, Group, Membership
from governance.ordering import board_order, tree_order
from governance.querysets import overlapping
from governance.statistics import GroupFigures, year_figures
from learning import selectors
from learning.models import Audit, Evidence, Judgement, Recommendation, RecommendationStatus, Review, ReviewKind
from lscb.years import ReportingYear
from training.selectors import rate, year_training

from .charts import Chart, Series, Trend
from .models import Narrative, narrative_sections


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
    joint_with: str = ""  # the other boards of the instance it is joint with, and any named elsewhere


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
    where: str  # the data section's key ("section"), else the narrative section's title
    later: str = ""  # where the item will come from data once the records hold it

    @property
    def section_title(self) -> str:
        """The title of the report's section that covers the item from the records."""
        return CHECKLIST_SECTIONS.get(self.where, self.where)


# Where the checklist points when the data covers an item (ChecklistItem.where for "section").
CHECKLIST_SECTIONS = {
    "structure": "Governance",
    "attendance": "Attendance",
    "plans": "Progress against priorities",
    "little_progress": "Progress against priorities (areas with little or no progress)",
    "closed_challenges": "Improvement through challenge",
    "learning": "Learning from reviews",
    "voice": "Quality assurance and audit (surveys of views)",
    "impact": "Quality assurance and audit, and Learning from reviews (evidence of impact)",
    "training": "Training and its impact",
    "resources": "Resources",
}
# Sections whose records are where the item comes from: nothing more to record elsewhere.
FROM_THEIR_RECORDS = ("learning", "training", "resources")


@dataclass
class Report:
    year: ReportingYear
    board: Board
    generated_on: date
    narrative: dict[str, str]
    structure: list[GroupRow] = field(default_factory=list)
    membership: list[AgencyMembership] = field(default_factory=list)
    attendance: list[AttendanceGroup] = field(default_factory=list)
    threshold: float = 0.5
    plans: list[PlanReport] = field(default_factory=list)
    challenges: list[Challenge] = field(default_factory=list)
    learning: LearningSection | None = None
    assurance: AssuranceSection | None = None
    training: TrainingSection | None = None  # None: no training dated in the year
    resources: ResourcesSection | None = None  # None: no budget line or contribution for the year
    dataset: list[IndicatorAppendix] = field(default_factory=list)
    checklist: list[ChecklistItem] = field(default_factory=list)

    @property
    def board_name(self) -> str:
        return self.board.name

    @property
    def words(self) -> KindWords:
        """The words of the board's kind (governance.kinds)."""
        return words_for(self.board)

    @property
    def narrative_titles(self) -> dict[str, str]:
        """The narrative sections' titles as the board's kind names them."""
        return dict(narrative_sections(self.board.kind))

    @property
    def meetings_total(self) -> MeetingsTotal:
        return MeetingsTotal.of(group.figures for group in self.attendance)

    @property
    def charts(self) -> list[Chart]:
        found = [group.chart for group in self.attendance if group.chart]
        audits = [audit.chart for audit in self.assurance.audits if audit.chart] if self.assurance else []
        training = [self.training.chart] if self.training and self.training.chart else []
        resources = self.resources.charts if self.resources else []
        return found + [plan.chart for plan in self.plans] + audits + training + resources

    @property
    def impact_count(self) -> int:
        """The evidence the board received in the year and the recommendations with evidence of impact."""
        evidence = len(self.assurance.evidence) if self.assurance else 0
        learning = len(self.learning.with_impact) if self.learning else 0
        audits = (
            sum(1 for a in self.assurance.audits for r in a.recommendations if r.recommendation.evidence.strip())
            if self.assurance
            else 0
        )
        return evidence + learning + audits

    @property
    def closed_challenges(self) -> list[Challenge]:
        return [
            c for c in self.challenges if c.status == Status.CLOSED and c.closed_on and c.closed_on <= self.year.end
        ]

    @property
    def challenge_outcomes(self) -> list[tuple[str, int]]:
        """The challenges closed by the year's end counted by outcome category, every category
        in order, then "Not recorded" (closed before categories were kept) when there are any."""
        counts = Counter(c.outcome_kind for c in self.closed_challenges)
        rows = [(kind.label, counts.get(kind.value, 0)) for kind in OutcomeKind]
        if counts.get(""):
            rows.append((NOT_RECORDED, counts[""]))
        return rows

    @property
    def open_challenges(self) -> list[Challenge]:
        return [c for c in self.challenges if c not in self.closed_challenges]


# --- governance ------------------------------------------------------------------------------


def governance_section(year: ReportingYear, board: Board) -> tuple[list[GroupRow], list[AgencyMembership]]:
    """The board's groups (its joint groups with other boards included) active in the year in the
    board's own order, each with its depth in the tree and who chaired it (a person, else the role
    or agency the group names); membership by agency."""
    active = list(Group.objects.for_board(board).active_during(year.start, year.end).select_related("board"))
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
    joint = _joint_boards(groups, board)
    rows = [
        GroupRow(
            group, depths[group.pk], chairs[group.pk] or _chaired_by(group), vice_chairs[group.pk], joint[group.pk]
        )
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


def _joint_boards(groups: list[Group], board: Board) -> dict[int, str]:
    """Each group's "joint with": the instance's other boards it is shared with (its own board, for
    a group of another board), then the free text naming a board elsewhere. One query."""
    others: dict[int, list[str]] = defaultdict(list)
    for group in groups:
        if group.board_id != board.pk:
            others[group.pk].append(group.board.name)
    through = Group.joint_boards.through.objects.filter(group__in=groups).exclude(board=board)
    for group_id, name in through.order_by("board__name").values_list("group_id", "board__name"):
        others[group_id].append(name)
    text = {}
    for group in groups:
        names = list(
            dict.fromkeys([*others[group.pk], *([group.joint_with.strip()] if group.joint_with.strip() else [])])
        )
        text[group.pk] = "; ".join(names)
    return text


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


def attendance_section(year: ReportingYear, board: Board) -> tuple[list[AttendanceGroup], float]:
    figures = year_figures(year, board=board)
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


def priorities_section(year: ReportingYear, board: Board) -> list[PlanReport]:
    plan_years = plans_in_period(year.start, year.end, board=board)
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


# --- learning from reviews ----------------------------------------------------------------------

LOCAL_KINDS = (ReviewKind.CSPR, ReviewKind.SCR)


@dataclass
class RecommendationRow:
    """A recommendation of a review or an audit as the year's report reads it."""

    recommendation: Recommendation
    status: str  # as at the year's end (learning.selectors.status_at)
    updates: list  # its updates dated in the year
    overdue: bool  # still open at the year's end and due before it

    @property
    def status_label(self) -> str:
        return RecommendationStatus(self.status).label

    @property
    def lead(self) -> str:
        r = self.recommendation
        names = [x.name for x in (r.lead_agency, r.lead_group) if x is not None]
        return "; ".join(names)

    @property
    def source(self) -> str:
        r = self.recommendation
        return r.review.ref if r.review_id else str(r.audit)


def recommendation_rows(recommendations: Iterable[Recommendation], year: ReportingYear) -> list[RecommendationRow]:
    rows = []
    for r in recommendations:
        status = selectors.status_at(r, year.end)
        updates = [u for u in r.updates.all() if year.start <= u.date <= year.end]
        overdue = status in ("not_started", "in_progress") and r.due_date is not None and r.due_date < year.end
        rows.append(RecommendationRow(r, status, updates, overdue))
    return rows


@dataclass
class ReviewRow:
    review: Review
    status: str  # learning.selectors.review_status at the year's end
    counts: dict[str, int]  # its recommendations by status at the year's end, and "total"

    @property
    def status_label(self) -> str:
        return selectors.REVIEW_STATUS_WORDS[self.status]


@dataclass
class LearningSection:
    """Learning from reviews: the reviews live in the year and what was done about their
    recommendations (Care Act 2014 Schedule 2 (d) to (g) for an adults' board; local and national
    reviews' recommendations for a children's partnership)."""

    year: ReportingYear
    reviews: list[ReviewRow]
    recommendations: list[RecommendationRow]

    def _of(self, rows: Iterable[ReviewRow], kinds=None) -> list[ReviewRow]:
        return [row for row in rows if kinds is None or row.review.kind in kinds]

    @property
    def concluded(self) -> list[ReviewRow]:
        """Concluded in the year, whenever they began: (d)."""
        return [r for r in self.reviews if r.review.concluded_on and r.review.concluded_on in self.year]

    @property
    def concluded_sars(self) -> list[ReviewRow]:
        return [r for r in self.concluded if r.review.kind == ReviewKind.SAR]

    @property
    def concluded_other(self) -> list[ReviewRow]:
        return [r for r in self.concluded if r.review.kind != ReviewKind.SAR]

    @property
    def ongoing(self) -> list[ReviewRow]:
        """Started by the year's end and not concluded by then: (e)."""
        end = self.year.end
        return [
            r
            for r in self.reviews
            if r.review.started_on
            and r.review.started_on <= end
            and not (r.review.concluded_on and r.review.concluded_on <= end)
        ]

    @property
    def rapid_reviews(self) -> list[ReviewRow]:
        """Rapid reviews notified in the year."""
        return [
            r
            for r in self.reviews
            if r.review.kind == ReviewKind.RAPID_REVIEW and r.review.notified_on and r.review.notified_on in self.year
        ]

    @property
    def local_reviews(self) -> list[ReviewRow]:
        """Local child safeguarding practice reviews and serious case reviews live in the year."""
        return [r for r in self.reviews if r.review.kind in LOCAL_KINDS]

    @property
    def published(self) -> list[ReviewRow]:
        return [r for r in self.reviews if r.review.published_on and r.review.published_on in self.year]

    @property
    def national(self) -> list[ReviewRow]:
        return [r for r in self.reviews if r.review.kind == ReviewKind.NATIONAL]

    @property
    def acted_on(self) -> list[RecommendationRow]:
        """Implemented in the year, or with an update in it, or in progress at its end: (f)."""
        return [r for r in self.recommendations if r.status not in ("not_to_implement",) and self._active(r)]

    def _active(self, row: RecommendationRow) -> bool:
        r = row.recommendation
        decided = r.decided_on is not None and r.decided_on in self.year
        return bool(row.updates) or decided or row.status in ("in_progress", "not_started")

    @property
    def implemented(self) -> list[RecommendationRow]:
        """Implemented in the year."""
        return [
            r
            for r in self.recommendations
            if r.status == "implemented" and r.recommendation.decided_on and r.recommendation.decided_on in self.year
        ]

    @property
    def outstanding(self) -> list[RecommendationRow]:
        return [r for r in self.recommendations if r.status in ("not_started", "in_progress")]

    @property
    def not_to_implement(self) -> list[RecommendationRow]:
        """Each decision in the year not to implement, with its reason: (g)."""
        return [
            r
            for r in self.recommendations
            if r.recommendation.status == "not_to_implement"
            and r.recommendation.decided_on
            and r.recommendation.decided_on in self.year
        ]

    @property
    def with_impact(self) -> list[RecommendationRow]:
        return [r for r in self.recommendations if r.recommendation.evidence.strip()]

    @property
    def updates_in_year(self) -> int:
        return sum(len(r.updates) for r in self.recommendations)

    @property
    def has_data(self) -> bool:
        """Any review live in the year, or a recommendation decided or updated in it."""
        return bool(self.reviews) or any(
            r.updates or (r.recommendation.decided_on and r.recommendation.decided_on in self.year)
            for r in self.recommendations
        )


def learning_section(year: ReportingYear, board: Board) -> LearningSection:
    """Three queries at most: the reviews live in the year, and the recommendations the year
    speaks of (every one of those reviews') with their updates."""
    reviews = selectors.reviews_live(board, year.start, year.end)
    found = selectors.review_recommendations(board, year.start, year.end)
    grouped = selectors.by_review(found)
    rows = []
    for review in reviews:
        counts = dict.fromkeys(RecommendationStatus.values, 0)
        for recommendation in grouped.get(review.pk, []):
            counts[selectors.status_at(recommendation, year.end)] += 1
        status = selectors.review_status(review, year.end)
        rows.append(ReviewRow(review, status, {"total": sum(counts.values()), **counts}))
    recommendations = recommendation_rows(found, year)
    return LearningSection(year, rows, recommendations)


# --- quality assurance and audit --------------------------------------------------------------------

JUDGEMENT_COLOURS = {"red": "#c0392b", "amber": "#e6a019", "green": "#2e7d32", "none": "#9aa0a6"}


@dataclass
class AuditReport:
    audit: Audit
    stages: list[selectors.Stage]
    chart: Chart | None
    recommendations: list[RecommendationRow]

    @property
    def movement(self) -> list[tuple[str, int, int, int]]:
        """Each judgement's count at the first and the last stage, and the change between them."""
        if len(self.stages) < 2:
            return []
        first, last = self.stages[0], self.stages[-1]
        return [
            (Judgement(j).label, first.counts[j], last.counts[j], last.counts[j] - first.counts[j])
            for j in selectors.JUDGEMENTS
        ]

    @property
    def judgements(self) -> list[tuple[str, str]]:
        return [(j, Judgement(j).label) for j in selectors.JUDGEMENTS]


def audit_chart(audit: Audit, stages: list[selectors.Stage], year: ReportingYear) -> Chart | None:
    if not stages:
        return None
    return Chart(
        key=f"audit-{audit.pk}-{year.label}",
        title=f"{audit.name}: answers by judgement at each stage",
        categories=tuple(f"{s.name} ({s.date:%d/%m/%Y})" for s in stages),
        series=tuple(
            Series(Judgement(j).label, tuple(s.counts[j] for s in stages), JUDGEMENT_COLOURS[j])
            for j in selectors.JUDGEMENTS
        ),
        unit="count",
        stacked=True,
        category_label="Stage",
        value_label="Answers",
    )


@dataclass
class AssuranceSection:
    """Quality assurance and audit: the audits that ran in the year, and the evidence the board
    received (the report's sources of assurance)."""

    audits: list[AuditReport]
    evidence: list[Evidence]

    @property
    def surveys(self) -> list[Evidence]:
        return [e for e in self.evidence if selectors.is_survey(e)]


def assurance_section(year: ReportingYear, board: Board) -> AssuranceSection:
    """Six queries at most: the audits with their results, recommendations and updates; the evidence."""
    audits = []
    for audit in selectors.audits_ran(board, year.start, year.end):
        stages = selectors.audit_stages(audit)
        recommendations = sorted(audit.recommendations.all(), key=lambda r: selectors.ref_key(r.ref))
        for recommendation in recommendations:
            recommendation.audit = audit  # read already: no query per recommendation
        audits.append(
            AuditReport(audit, stages, audit_chart(audit, stages, year), recommendation_rows(recommendations, year))
        )
    return AssuranceSection(audits, selectors.evidence_received(board, year.start, year.end))


# --- money, figures and rates as the report writes them ----------------------------------------------


def money(amount: Decimal | None) -> str:
    """£1,234.56, exact to the penny (-£12.00 for an overspend); "—" when not recorded."""
    if amount is None:
        return "—"
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


def figure(value: Decimal | int | None, missing: str = "—") -> str:
    """A figure as its source printed it, without trailing zeros: 1,234 / 12.5 / -3."""
    if value is None:
        return missing
    if isinstance(value, int):
        return f"{value:,}"
    text = f"{value.normalize():,f}"
    return text


def share(percent: float | Decimal | None) -> str:
    """A percentage given as a number of percent (83.33 -> "83.3%"); "n/a" when there is none."""
    return "n/a" if percent is None else f"{float(percent):.1f}%"


def _change(this: float | int | None, last: float | int | None, points: bool = False) -> str:
    if this is None or last is None:
        return "—"
    difference = round(this - last, 1) if points else this - last
    if not difference:
        return "no change"
    text = f"{difference:+.1f} points" if points else f"{difference:+,}"
    return text.replace("-", "\N{MINUS SIGN}")


# --- training and its impact ---------------------------------------------------------------------------


@dataclass
class ComparisonRow:
    label: str
    this_year: str
    last_year: str
    change: str


@dataclass
class AgencyTraining:
    agency: str
    booked: int
    attended: int

    @property
    def rate(self) -> str:
        return share(rate(self.attended, self.booked))

    @property
    def did_not_come(self) -> bool:
        return self.booked > 0 and not self.attended


def _rates(figures: dict) -> dict[str, float | None]:
    """The shares the section speaks of, in percent: attendance (attended of booked), take-up
    (booked of places), evaluation (returned of attended), and rated good or better (of returned)."""
    return {
        "attendance": figures["attendance_rate"],
        "take_up": rate(figures["booked"], figures["places"]),
        "evaluation": rate(figures["evaluations"], figures["attended"]),
        "good": rate(figures["rated_good"], figures["evaluations"]),
    }


@dataclass
class TrainingSection:
    """Training and its impact: the year's events and their take-up, set against last year's, and
    attendance by agency (training.selectors.year_training, counted as DOMAIN.md says)."""

    year: ReportingYear
    figures: dict  # year_training of the year
    previous: dict  # and of the year before
    chart: Chart | None

    @property
    def held(self) -> int:
        return self.figures["events"] - self.figures["cancelled"]

    @property
    def rates(self) -> dict[str, float | None]:
        return _rates(self.figures)

    @property
    def had_last_year(self) -> bool:
        return bool(self.previous["events"])

    @property
    def comparison(self) -> list[ComparisonRow]:
        """This year, last year and the change, for every total and rate."""
        this, last = self.figures, self.previous
        rows = []
        for label, key in (
            ("Events in the year", "events"),
            ("Cancelled", "cancelled"),
            ("Places offered", "places"),
            ("Places booked", "booked"),
            ("Attended", "attended"),
            ("Evaluations returned", "evaluations"),
            ("Evaluations rating it good or better", "rated_good"),
        ):
            before = last[key] if self.had_last_year else None
            rows.append(ComparisonRow(label, f"{this[key]:,}", figure(before), _change(this[key], before)))
        rows.insert(2, ComparisonRow("Held", f"{self.held:,}", *self._held_last()))
        last_rates = _rates(last) if self.had_last_year else dict.fromkeys(self.rates)
        for label, key in (
            ("Attendance rate (attended of booked)", "attendance"),
            ("Evaluation rate (returned of attended)", "evaluation"),
            ("Rated good or better (of evaluations returned)", "good"),
        ):
            now, before = self.rates[key], last_rates[key]
            rows.append(
                ComparisonRow(
                    label, share(now), share(before) if self.had_last_year else "—", _change(now, before, True)
                )
            )
        return rows

    def _held_last(self) -> tuple[str, str]:
        if not self.had_last_year:
            return "—", "—"
        before = self.previous["events"] - self.previous["cancelled"]
        return f"{before:,}", _change(self.held, before)

    @property
    def agencies(self) -> list[AgencyTraining]:
        return [AgencyTraining(row["agency"], row["booked"], row["attended"]) for row in self.figures["by_agency"]]

    @property
    def did_not_come(self) -> list[str]:
        """The agencies that booked places and attended none."""
        return [row.agency for row in self.agencies if row.did_not_come]

    @property
    def agency_totals(self) -> AgencyTraining:
        rows = self.agencies
        return AgencyTraining("All agencies", sum(r.booked for r in rows), sum(r.attended for r in rows))

    @property
    def agency_coverage(self) -> str:
        """Where the agencies' lines do not add up to the events' figures (per-agency lines are
        optional), how much of them they cover; "" where they do."""
        total, f = self.agency_totals, self.figures
        if not self.agencies or (total.booked, total.attended) == (f["booked"], f["attended"]):
            return ""
        return (
            f"The agencies' lines cover {total.booked:,} of the {f['booked']:,} places booked and "
            f"{total.attended:,} of the {f['attended']:,} attended: not every event recorded its attendance by agency."
        )

    @property
    def summary(self) -> str:
        """The year in a sentence."""
        f = self.figures
        text = (
            f"{f['events']:,} training event{'' if f['events'] == 1 else 's'} in {self.year}"
            f" ({self.held:,} held, {f['cancelled']:,} cancelled): {f['places']:,} places offered,"
            f" {f['booked']:,} booked and {f['attended']:,} attended, an attendance rate of"
            f" {share(f['attendance_rate'])}."
        )
        if f["evaluations"]:
            text += (
                f" {f['evaluations']:,} evaluation{'' if f['evaluations'] == 1 else 's'} returned, of which"
                f" {share(self.rates['good'])} rated the training good or better."
            )
        return text


def training_chart(year: ReportingYear, figures: dict, previous: dict) -> Chart | None:
    """Booked against attended per agency; without agencies' figures, this year against last."""
    rows = figures["by_agency"]
    if rows:
        return Chart(
            key=f"training-agencies-{year.label}",
            title=f"Training in {year}: places booked and attended by agency",
            categories=tuple(row["agency"] for row in rows),
            series=(
                Series("Booked", tuple(row["booked"] for row in rows), "#9aa0a6"),
                Series("Attended", tuple(row["attended"] for row in rows), "#0b3558"),
            ),
            unit="count",
            category_label="Agency",
        )
    keys = (("Places offered", "places"), ("Booked", "booked"), ("Attended", "attended"))
    return Chart(
        key=f"training-years-{year.label}",
        title=f"Training: {year} against {year.previous}",
        categories=tuple(label for label, _ in keys),
        series=(
            Series(str(year.previous), tuple(previous[key] for _, key in keys), "#9aa0a6"),
            Series(str(year), tuple(figures[key] for _, key in keys), "#0b3558"),
        ),
        unit="count",
        category_label="Training",
    )


def training_section(year: ReportingYear, board: Board) -> TrainingSection | None:
    """None when no training is dated in the year. Two queries, and two more for last year when
    there is some."""
    figures = year_training(board, year)
    if not figures["events"]:
        return None
    previous = year_training(board, year.previous)
    return TrainingSection(year, figures, previous, training_chart(year, figures, previous))


# --- resources ---------------------------------------------------------------------------------------


@dataclass
class ContributionRow:
    agency: str
    amount: str
    share: str
    in_kind: str


@dataclass
class ResourcesSection:
    """Resources: income and expenditure lines with totals added up from them, and partners'
    contributions (finance.selectors). Amounts stay exact; the text is worked out here once, for
    every format."""

    year: ReportingYear
    finance: dict  # year_finance
    contributions: list[Contribution]
    charts: list[Chart]
    contributors: str = "partners"  # the board's word for those who pay in (governance.kinds)

    @property
    def contributor(self) -> str:
        """One of them: "partner", "member"."""
        return self.contributors.removesuffix("s")

    @property
    def contributions_title(self) -> str:
        """ "Partners' contributions" (a children's partnership), "Members' contributions" (an adults' board)."""
        return f"{self.contributors.capitalize()}' contributions"

    @property
    def income(self) -> list[tuple[str, str]]:
        return [(row["line"], money(row["amount"])) for row in self.finance["income"]]

    @property
    def income_total(self) -> str:
        return money(self.finance["income_total"])

    @property
    def expenditure(self) -> list[tuple[str, str, str, str]]:
        return [
            (row["line"], money(row["budget"]), money(row["actual"]), money(row["remaining"]))
            for row in self.finance["expenditure"]
        ]

    @property
    def expenditure_totals(self) -> tuple[str, str, str]:
        f = self.finance
        return money(f["budget_total"]), money(f["actual_total"]), money(f["remaining_total"])

    @property
    def spent(self) -> str:
        """The share of the expenditure budget spent, to two places as the JSON gives it."""
        pct = self.finance["spent_pct"]
        return "n/a" if pct is None else f"{pct}%"

    @property
    def contribution_total(self) -> Decimal | None:
        amounts = [c.amount for c in self.contributions if c.amount is not None]
        return sum(amounts, Decimal("0.00")) if amounts else None

    @property
    def contribution_total_text(self) -> str:
        return money(self.contribution_total)

    @property
    def shares_worked_out(self) -> bool:
        """Every partner's amount is known and none published a share: each share is its amount's
        part of the total."""
        total = self.contribution_total
        return bool(total) and all(c.amount is not None and c.share is None for c in self.contributions)

    @property
    def contribution_rows(self) -> list[ContributionRow]:
        total, worked_out = self.contribution_total, self.shares_worked_out
        rows = []
        for c in self.contributions:
            if c.share is not None:
                part = f"{c.share}%"
            elif worked_out:
                part = share(c.amount * 100 / total)
            else:
                part = "—"
            rows.append(ContributionRow(c.agency.name, money(c.amount), part, c.in_kind.strip()))
        return rows

    @property
    def share_only(self) -> list[str]:
        """Partners whose amount is not known, only their published share."""
        return [c.agency.name for c in self.contributions if c.amount is None and c.share is not None]

    @property
    def summary(self) -> str:
        f = self.finance
        parts = []
        if f["income"]:
            parts.append(f"Income in {self.year}: {money(f['income_total'])}.")
        if f["expenditure"]:
            parts.append(
                f"Expenditure: {money(f['actual_total'])} spent of a budget of {money(f['budget_total'])}"
                f" ({self.spent} spent), {money(f['remaining_total'])} remaining."
            )
        if self.contribution_total is not None:
            parts.append(f"{self.contributions_title}: {money(self.contribution_total)}.")
        return " ".join(parts)


def resources_charts(
    year: ReportingYear,
    finance: dict,
    contributions: list[Contribution],
    title: str = "Partners' contributions",
    contributor: str = "Partner",
) -> list[Chart]:
    charts = []
    spending = finance["expenditure"]
    if spending:
        charts.append(
            Chart(
                key=f"budget-{year.label}",
                title=f"Expenditure in {year}: budget and actual per line",
                categories=tuple(row["line"] for row in spending),
                series=(
                    Series("Budget", tuple(row["budget"] for row in spending), "#9aa0a6"),
                    Series("Actual", tuple(row["actual"] for row in spending), "#0b3558"),
                ),
                unit="£",
                category_label="Line",
            )
        )
    paid = [c for c in contributions if c.amount is not None]
    if paid:
        charts.append(
            Chart(
                key=f"contributions-{year.label}",
                title=f"{title} in {year}",
                categories=tuple(c.agency.name for c in paid),
                series=(Series("Contribution", tuple(c.amount for c in paid), "#0b3558"),),
                unit="£",
                category_label=contributor,
            )
        )
    return charts


def resources_section(year: ReportingYear, board: Board) -> ResourcesSection | None:
    """None when the year has no budget line and no contribution. Two queries."""
    finance = year_finance(board, year)
    contributions = year_contributions(board, year)
    if not (finance["income"] or finance["expenditure"] or contributions):
        return None
    words = words_for(board).contributors
    section = ResourcesSection(year, finance, contributions, [], words)
    section.charts = resources_charts(
        year, finance, contributions, section.contributions_title, section.contributor.capitalize()
    )
    return section


# --- the dataset appendix ------------------------------------------------------------------------------

NOT_REPORTED = "not reported"


@dataclass
class DatasetRow:
    """One line of an indicator's table: a series (an area), last year's, or a comparator."""

    label: str
    cells: list[str]  # one per column of periods
    total: str = ""  # the year total (counts only)
    kind: str = "series"  # "series", "previous" or "comparator"


@dataclass
class DatasetNote:
    period: str
    area: str
    text: str


@dataclass
class IndicatorAppendix:
    """An indicator's year: its periods as columns, a row per area (and last year's and the
    comparator's, when recorded), its commentary, and its trend chart."""

    item: IndicatorYear
    periods: list[tuple[str, str]]  # (code, heading) of every period of the year it has a value for
    rows: list[DatasetRow]
    notes: list[DatasetNote]
    chart: Trend | None

    @property
    def indicator(self) -> Indicator:
        return self.item.indicator

    @property
    def sums(self) -> bool:
        return self.indicator.sums

    @property
    def about(self) -> str:
        """Unit, which way is better, source and target in a line."""
        i = self.indicator
        parts = [i.get_unit_display(), i.get_better_display().lower() if i.better != "neither" else ""]
        if i.source_id:
            parts.append(f"source: {i.source.name}")
        if i.target is not None:
            parts.append(f"target: {figure(i.target)}")
        return "; ".join(part for part in parts if part)


def _period_key(value: IndicatorValue) -> tuple:
    """Columns in the order periods end, the shorter first when two end together: March's month,
    then the fourth quarter, then the year itself (its figure after the months it follows)."""
    return (value.ends_on, -value.starts_on.toordinal(), value.period)


def _heading(value: IndicatorValue) -> str:
    """A column's heading: "Apr 2025", "2025-26 Q1", "2025-26", "31/03/2026"."""
    period = value.period_obj
    return f"{value.starts_on:%b %Y}" if period.kind == "month" else period.label


def _last_year_key(value: IndicatorValue) -> tuple:
    """What a value's period is called a year earlier: the same month, quarter or day of the year."""
    return (value.period_kind, value.starts_on.month, value.starts_on.day, value.area)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def trend_chart(item: IndicatorYear, year: ReportingYear, columns, last_year: dict) -> Trend | None:
    """The whole area's values (or the first area's) across the year's periods against the same
    periods a year earlier, with the target and the comparator drawn."""
    indicator = item.indicator
    series = item.series[0]
    by_period = {value.period: value for value in series.values}
    values = [by_period.get(code) for code, _ in columns]
    if not any(v is not None and v.value is not None for v in values):
        return None
    last = [last_year.get(_last_year_key(v)) if v is not None else None for v in values]
    comparators = [v.comparator if v is not None else None for v in values]
    names = {v.comparator_name.strip() for v in values if v is not None and v.comparator is not None}
    area = f" ({series.area})" if series.area else ""
    return Trend(
        key=f"indicator-{indicator.pk}-{year.label}",
        title=f"{indicator.name}{area}",
        labels=tuple(_short(v, code) for v, (code, _) in zip(values, columns, strict=True)),
        this_year=tuple(_number(v.value) if v is not None else None for v in values),
        last_year=tuple(_number(v) for v in last),
        comparator=tuple(_number(c) for c in comparators),
        target=_number(indicator.target),
        this_label=str(year),
        last_label=str(year.previous),
        comparator_label=("; ".join(sorted(names)) or "Comparator") if any(c is not None for c in comparators) else "",
        percent=indicator.unit == Unit.PERCENT,
    )


def _short(value: IndicatorValue | None, code: str) -> str:
    return value.period_obj.short_label if value is not None else code


def indicator_appendix(item: IndicatorYear, year: ReportingYear, last_year: dict) -> IndicatorAppendix:
    indicator = item.indicator
    seen: dict[str, tuple] = {}
    headings: dict[str, str] = {}
    for series in item.series:
        for value in series.values:
            seen.setdefault(value.period, _period_key(value))
            headings.setdefault(value.period, _heading(value))
    codes = sorted(seen, key=seen.get)
    columns = [(code, headings[code]) for code in codes]
    rows, notes = [], []
    for series in item.series:
        by_period = {value.period: value for value in series.values}
        cells = [(figure(by_period[code].value, NOT_REPORTED) if code in by_period else "—") for code in codes]
        total = series.year_total(indicator)
        label = series.area or "Whole area"
        rows.append(DatasetRow(label, cells, figure(total) if indicator.sums else ""))
        previous = [last_year.get(_last_year_key(by_period[code])) if code in by_period else None for code in codes]
        if any(v is not None for v in previous):
            known = [v for v in previous if v is not None]
            total_before = sum(known, Decimal(0)) if indicator.sums else None
            rows.append(
                DatasetRow(
                    f"{label}: {year.previous}",
                    [figure(v, "") for v in previous],
                    figure(total_before) if indicator.sums else "",
                    "previous",
                )
            )
        comparators = [by_period.get(code) for code in codes]
        if any(v is not None and v.comparator is not None for v in comparators):
            names = sorted(
                {v.comparator_name.strip() for v in comparators if v is not None and v.comparator is not None}
            )
            name = "; ".join(n for n in names if n) or "comparator"
            rows.append(
                DatasetRow(
                    f"{label}: {name}",
                    [figure(v.comparator, "") if v is not None else "" for v in comparators],
                    "",
                    "comparator",
                )
            )
        notes.extend(
            DatasetNote(_heading(value), series.area, value.note.strip())
            for value in series.values
            if value.note.strip()
        )
    return IndicatorAppendix(item, columns, rows, notes, trend_chart(item, year, columns, last_year))


def dataset_appendix(year: ReportingYear, board: Board) -> list[IndicatorAppendix]:
    """Every indicator with a value for a period of the year, by name. Two queries: the year's
    values (dataset.selectors.year_dataset) and last year's values of the same indicators."""
    items = year_dataset(board, year)
    if not items:
        return []
    earlier = (
        IndicatorValue.objects.of_board(board)
        .in_year(year.previous)
        .reported()
        .filter(indicator__in=[item.indicator.pk for item in items])
        .values_list("indicator_id", "period_kind", "starts_on", "area", "value")
    )
    last_years: dict[int, dict] = defaultdict(dict)
    for indicator_id, kind, starts_on, area, value in earlier:
        last_years[indicator_id][(kind, starts_on.month, starts_on.day, area)] = value
    return [indicator_appendix(item, year, last_years[item.indicator.pk]) for item in items]


# --- the report ------------------------------------------------------------------------------------


REVIEWS_REGISTER = "or record the year's reviews in the reviews register"
RECOMMENDATIONS_REGISTER = "or record the recommendations and their updates in the reviews register"
TRAINING_RECORDS = "training figures to come from the training records"
MONEY_RECORDS = "to come from the budget and partners' contributions"

# What each kind of board's yearly report must contain: (the item, the sections that cover it from
# data (any of them), the narrative section that may cover it, where it will come from data later).
CHECKLISTS = {
    # Working Together to Safeguard Children 2023: the safeguarding partners' yearly report.
    "children": [
        (
            "What the safeguarding partners did under the arrangements, and how effective they were",
            ("attendance",),
            "governance",
            "",
        ),
        (
            "Evidence of the impact of the partners' and relevant agencies' work, including training, "
            "on outcomes for children and families",
            ("training", "closed_challenges", "impact"),
            "training",
            TRAINING_RECORDS,
        ),
        (
            "Analysis of areas with little or no progress on the agreed priorities",
            ("little_progress",),
            "priorities",
            "",
        ),
        (
            "Decisions and actions taken, or planned, to implement the recommendations of local and national "
            "child safeguarding practice reviews, and the improvements that followed",
            ("learning",),
            "reviews",
            RECOMMENDATIONS_REGISTER,
        ),
        ("How feedback from children and families was sought and used", ("voice",), "voice", ""),
        ("How the arrangements are funded", ("resources",), "resources", MONEY_RECORDS),
        ("The independent scrutiny of the arrangements, and its findings", (), "governance", ""),
    ],
    # The Care Act 2014, Schedule 2, paragraph 4: the Safeguarding Adults Board's annual report.
    "adults": [
        ("(a) What it did to achieve its objective", ("plans",), "priorities", ""),
        ("(b) What it did to implement its strategy", ("plans",), "priorities", ""),
        (
            "(c) What each member did to implement the strategy",
            ("attendance", "closed_challenges"),
            "governance",
            "",
        ),
        (
            "(d) The findings of the Safeguarding Adults Reviews concluded in the year, whether or not they "
            "began in it",
            ("learning",),
            "reviews",
            REVIEWS_REGISTER,
        ),
        (
            "(e) The reviews ongoing at the end of the year, whether or not they began in it",
            ("learning",),
            "reviews",
            REVIEWS_REGISTER,
        ),
        (
            "(f) What it did to implement the findings of its reviews",
            ("learning",),
            "reviews",
            RECOMMENDATIONS_REGISTER,
        ),
        (
            "(g) Each decision in the year not to implement a finding, with the reasons",
            ("learning",),
            "reviews",
            RECOMMENDATIONS_REGISTER,
        ),
    ],
}


def checklist(report: Report) -> list[ChecklistItem]:
    """The statutory checklist of the board's kind: each item covered by a section made from the
    records, by its narrative once written, or missing (and where it would be covered)."""
    titles = report.narrative_titles
    data = {
        "structure": bool(report.structure),
        "attendance": any(g.figures.agencies for g in report.attendance),
        "plans": bool(report.plans),
        "little_progress": bool(report.plans),
        "closed_challenges": any(c.outcome for c in report.closed_challenges),
        "learning": report.learning is not None and report.learning.has_data,
        "voice": report.assurance is not None and bool(report.assurance.surveys),
        # The evidence received in the year, and the evidence of impact recorded for recommendations.
        "impact": report.impact_count > 0,
        # The training the board ran in the year; its budget lines or partners' contributions.
        "training": report.training is not None,
        "resources": report.resources is not None,
    }
    items = []
    for label, sections, narrative, later in CHECKLISTS.get(report.board.kind, CHECKLISTS["children"]):
        covered = next((section for section in sections if data[section]), None)
        if covered:
            # The register or records the section is made of is where the item comes from.
            items.append(ChecklistItem(label, "section", covered, "" if covered in FROM_THEIR_RECORDS else later))
        elif report.narrative.get(narrative, "").strip():
            items.append(ChecklistItem(label, "narrative", titles[narrative], later))
        else:
            items.append(ChecklistItem(label, "missing", titles[narrative], later))
    return items


def build_report(year: ReportingYear, board: Board) -> Report:
    narrative = dict(Narrative.objects.filter(board=board, year=year.label).values_list("section", "text"))
    report = Report(year=year, board=board, generated_on=timezone.localdate(), narrative=narrative)
    report.structure, report.membership = governance_section(year, board)
    report.attendance, report.threshold = attendance_section(year, board)
    report.plans = priorities_section(year, board)
    report.challenges = list(
        Challenge.objects.filter(board=board)
        .live_during(year.start, year.end)
        .filter(~Q(raised_on__gt=year.end))
        .select_related("agency")
        .order_by("raised_on", "ref")
    )
    report.learning = learning_section(year, board)
    report.assurance = assurance_section(year, board)
    report.training = training_section(year, board)
    report.resources = resources_section(year, board)
    report.dataset = dataset_appendix(year, board)
    report.checklist = checklist(report)
    return report
