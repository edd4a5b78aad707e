"""A synthetic board for benchmarking: `scale` full reporting years of a large board, plus the
current year to date, written with bulk inserts from one seeded random generator.

What one unit of scale is (one full reporting year):
- 20 groups active (the board, two committees, sub-groups, panels, two task-and-finish groups
  that live for that year only), 40 agencies, 300 people holding about 600 seats;
- a full calendar (about 160 meetings: held, a few cancelled) with complete registers (about
  4,500 attendance rows: every seat-holder that day, plus the odd guest);
- a one-year business plan of 60 actions (6 priorities x 2 objectives x 5 actions), each with
  a rated progress update every quarter;
- 40 challenges, with their timeline events, taken to an outcome;
- learning and assurance: 6 case reviews (one decided "no review", the others concluded a few
  months to a year after they start, so some are ongoing at the year's end), 5 recommendations
  for each concluded review with 3 dated updates each, 2 audits (2 stages x 10 agencies x 4
  judgements, and 2 recommendations each), and 20 pieces of evidence received;
- the dataset: 25 monthly series (25 indicators with a value for every month, one of them
  broken down by 3 areas as well, 4 on the dashboard) and 4 quarterly ones, a few values left
  blank (not reported), comparators on the rates and percentages;
- about 20 training events (a few cancelled), most with the bookings and attendance of each
  agency; 15 budget lines (income and expenditure) and 6 partners' contributions;
- the year's narrative.
With `boards` N above 1, the instance serves N boards of that same shape each (the first a
children's partnership, the second a Safeguarding Adults Board, then alternately), sharing the
agencies and people (each board its own seats among them), and each extra board holds one of its
groups jointly with the first board, so the first board's pages show a joint group. The
benchmark reads the first board's pages: their cost must not grow with the number of boards.
History accumulates the way a real board's does: the structure stays one board's size (groups
and seats persist, a fifth of the people are replaced each year, one agency is replaced by a
new one each year, task-and-finish groups end), while meetings, registers, plans, updates and
challenges pile up year after year.

bulk_create skips model signals, so simple-history's history tables stay empty for bench
data: no page read here uses them, and filling them would only slow the build.
"""

from __future__ import annotations

import hashlib
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group as RoleGroup

from businessplan.models import Action, Objective, Plan, PlanStatus, Priority, ProgressUpdate, ready_made_levels
from challengelog.models import Challenge, Event, RaisedBy, Status
from dataset.models import Better, Indicator, IndicatorValue, Unit
from dataset.models import Frequency as IndicatorFrequency
from dataset.periods import months_of, quarters_of
from finance.models import BudgetLine, Contribution, LineKind
from governance.models import (
    Agency,
    Attendance,
    AttendanceStatus,
    Board,
    BoardKind,
    CancelReason,
    Expected,
    Frequency,
    Group,
    GroupKind,
    Meeting,
    MeetingStatus,
    Membership,
    Person,
    Role,
    Sector,
)
from governance.services import board_slug, nth_weekday, schedule_months
from learning.models import (
    Audit,
    AuditKind,
    AuditResult,
    Decision,
    Evidence,
    EvidenceKind,
    Judgement,
    Recommendation,
    RecommendationStatus,
    RecommendationUpdate,
    Review,
    ReviewKind,
)
from lscb import roles
from lscb.years import ReportingYear
from training.models import EventKind, TrainingAttendance, TrainingEvent
from yearend.models import Narrative

BATCH = 2000
# The bench sign-ins: published with the benchmark, never on a live site (bench_data refuses there).
PASSWORD = "bench-password-2026"
MANAGER = "bench-manager"
MEMBER = "bench-member"
# The load test signs each simulated user in with its own account (a code of an authenticator
# app is accepted once per account and time step, so sessions cannot share one).
LOAD_USERS = 50


def load_users(base: str) -> list[str]:
    return [f"{base}-{n:02d}" for n in range(1, LOAD_USERS + 1)]


# The bench boards: the first two, then "Bench Board 3", "Bench Board 4"... alternately children's and adults'.
BOARD_NAMES = [
    ("Bench Safeguarding Children Partnership", "BSCP", BoardKind.CHILDREN),
    ("Bench Safeguarding Adults Board", "BSAB", BoardKind.ADULTS),
]


@dataclass(frozen=True)
class BoardSpec:
    name: str
    short_name: str
    slug: str
    kind: str


def board_spec(number: int, prefix: str = "") -> BoardSpec:
    """The `number`th bench board (from 1) of a build with this prefix."""
    if number <= len(BOARD_NAMES):
        name, short, kind = BOARD_NAMES[number - 1]
    else:
        name, short = f"Bench Board {number}", f"BB{number}"
        kind = BoardKind.CHILDREN if number % 2 else BoardKind.ADULTS
    return BoardSpec(f"{prefix}{name}", f"{prefix}{short}", board_slug(f"{prefix}{short}"), kind)


def first_board(prefix: str = "") -> Board:
    """The board the benchmark reads: the first of the build with this prefix."""
    return Board.objects.get(slug=board_spec(1, prefix).slug)


@dataclass(frozen=True)
class GroupSpec:
    name: str
    short: str
    kind: str
    parent: int | None  # index of the parent in GROUPS
    frequency: str
    seats: int
    task_and_finish: bool = False


# The board, two committees, twelve sub-groups, three panels and two task-and-finish groups:
# about 160 meetings and 4,500 register rows a year.
GROUPS = [
    GroupSpec("Safeguarding Children Board", "Board", GroupKind.BOARD, None, Frequency.BIMONTHLY, 46),
    GroupSpec("Executive Committee", "Exec", GroupKind.COMMITTEE, 0, Frequency.MONTHLY, 18),
    GroupSpec("Business Committee", "Business", GroupKind.COMMITTEE, 0, Frequency.MONTHLY, 18),
    GroupSpec("Quality and Effectiveness Group", "QEG", GroupKind.SUBGROUP, 1, Frequency.MONTHLY, 34),
    GroupSpec("Learning and Improvement Group", "LIG", GroupKind.SUBGROUP, 1, Frequency.MONTHLY, 34),
    GroupSpec("Serious Case Review Group", "SCR", GroupKind.SUBGROUP, 1, Frequency.MONTHLY, 29),
    GroupSpec("Child Sexual Exploitation Group", "CSE", GroupKind.SUBGROUP, 1, Frequency.MONTHLY, 34),
    GroupSpec("Missing Children Group", "Missing", GroupKind.SUBGROUP, 1, Frequency.MONTHLY, 34),
    GroupSpec("Training Group", "Training", GroupKind.SUBGROUP, 2, Frequency.BIMONTHLY, 34),
    GroupSpec("Policy and Procedures Group", "Policy", GroupKind.SUBGROUP, 2, Frequency.BIMONTHLY, 34),
    GroupSpec("Communications Group", "Comms", GroupKind.SUBGROUP, 2, Frequency.BIMONTHLY, 29),
    GroupSpec("Education Safeguarding Group", "Education", GroupKind.SUBGROUP, 1, Frequency.BIMONTHLY, 34),
    GroupSpec("Health Safeguarding Group", "Health", GroupKind.SUBGROUP, 1, Frequency.BIMONTHLY, 34),
    GroupSpec("Neglect Strategy Group", "Neglect", GroupKind.SUBGROUP, 1, Frequency.BIMONTHLY, 34),
    GroupSpec("Early Help Group", "Early help", GroupKind.SUBGROUP, 1, Frequency.QUARTERLY, 34),
    GroupSpec("Child Death Overview Panel", "CDOP", GroupKind.PANEL, 0, Frequency.MONTHLY, 29),
    GroupSpec("Case Review Panel", "CRP", GroupKind.PANEL, 5, Frequency.BIMONTHLY, 23),
    GroupSpec("Allegations Panel", "LADO", GroupKind.PANEL, 1, Frequency.QUARTERLY, 23),
    GroupSpec("Task and Finish Group A", "T&F A", GroupKind.TASK_AND_FINISH, 1, Frequency.QUARTERLY, 23, True),
    GroupSpec("Task and Finish Group B", "T&F B", GroupKind.TASK_AND_FINISH, 2, Frequency.QUARTERLY, 23, True),
]

SECTORS = [
    Sector.LOCAL_AUTHORITY,
    Sector.POLICE,
    Sector.HEALTH,
    Sector.HEALTH,
    Sector.EDUCATION,
    Sector.PROBATION,
    Sector.VOLUNTARY,
    Sector.LAY,
]
FIRST = ["Alex", "Sam", "Jo", "Chris", "Pat", "Lee", "Kim", "Robin", "Jamie", "Morgan", "Ash", "Drew", "Kit", "Rowan"]
LAST = ["Ahmed", "Brown", "Clarke", "Davies", "Evans", "Fisher", "Green", "Hughes", "Iqbal", "Jones", "Khan", "Lewis"]
WORDS = [
    "review",
    "partnership",
    "audit",
    "training",
    "escalation",
    "referral",
    "threshold",
    "neglect",
    "exploitation",
    "assurance",
    "learning",
    "practice",
    "supervision",
    "pathway",
    "data",
    "quality",
    "voice",
    "outcome",
    "multi-agency",
    "evaluation",
]


# The dataset's indicators: (name, unit, which way is better, a typical monthly value). The first
# board of each kind reads as its partners report; past the list, names are numbered.
C, R, P, D = Unit.COUNT, Unit.RATE, Unit.PERCENT, Unit.DAYS
HI, LO, NO = Better.HIGHER, Better.LOWER, Better.NEITHER
CHILDREN_INDICATORS = [
    ("Contacts received by children's social care", C, NO, 1450),
    ("Referrals to children's social care", C, NO, 420),
    ("Re-referrals within 12 months", P, LO, 21.5),
    ("Assessments completed within 45 working days", P, HI, 86.0),
    ("Children in need", R, NO, 330.0),
    ("Section 47 enquiries started", C, NO, 140),
    ("Initial child protection conferences within 15 working days", P, HI, 78.0),
    ("Children subject to a child protection plan", R, NO, 44.0),
    ("Child protection plans for a second or subsequent time", P, LO, 19.0),
    ("Child protection plans lasting two years or more", P, LO, 3.5),
    ("Children looked after", R, NO, 70.0),
    ("Episodes of children missing from home", C, LO, 95),
    ("Return home interviews offered within 72 hours", P, HI, 81.0),
    ("Children at risk of exploitation discussed at panel", C, NO, 38),
    ("Domestic abuse incidents with children in the household", C, LO, 260),
    ("Early help assessments started", C, HI, 210),
    ("Referrals to the designated officer (LADO)", C, NO, 28),
    ("Children missing education", C, LO, 52),
    ("Children electively home educated", C, NO, 610),
    ("Private fostering arrangements notified", C, NO, 3),
    ("Unborn babies referred", C, NO, 24),
    ("Days from strategy discussion to initial conference", D, LO, 12.0),
    ("Strategy discussions held", C, NO, 190),
    ("Police protection powers used", C, LO, 6),
    ("Emergency department attendances for self-harm, under 18s", C, LO, 31),
]
CHILDREN_QUARTERLY = [
    ("Child deaths notified to the panel", C, NO, 9),
    ("Initial health assessments of looked-after children on time", P, HI, 64.0),
    ("Permanent exclusions", C, LO, 7),
    ("Young people entering the youth justice system for the first time", R, LO, 4.1),
]
ADULTS_INDICATORS = [
    ("Safeguarding concerns received", C, NO, 780),
    ("Section 42 enquiries started", C, NO, 160),
    ("Concerns leading to an enquiry", P, NO, 21.0),
    ("Other safeguarding enquiries started", C, NO, 35),
    ("Enquiries concluded", C, NO, 170),
    ("Adults asked about the outcomes they wanted", P, HI, 88.0),
    ("Desired outcomes fully or partly achieved", P, HI, 93.0),
    ("Risk removed or reduced at the end of the enquiry", P, HI, 89.0),
    ("Enquiries where the risk was in a care home", P, NO, 31.0),
    ("Enquiries where the risk was in the adult's own home", P, NO, 45.0),
    ("Concerns of neglect and acts of omission", C, NO, 190),
    ("Concerns of financial or material abuse", C, NO, 110),
    ("Concerns of self-neglect", C, NO, 75),
    ("Concerns of domestic abuse", C, NO, 96),
    ("Concerns of physical abuse", C, NO, 120),
    ("Concerns of psychological abuse", C, NO, 88),
    ("Concerns of sexual abuse or exploitation", C, NO, 22),
    ("Modern slavery referrals", C, NO, 4),
    ("Deprivation of Liberty Safeguards applications received", C, NO, 510),
    ("Deprivation of Liberty Safeguards applications completed within 21 days", P, HI, 24.0),
    ("Days to conclude an enquiry", D, LO, 48.0),
    ("Adults with an advocate during the enquiry", P, HI, 72.0),
    ("Safeguarding concerns per 10,000 adults", R, NO, 29.0),
    ("Hate crimes reported against disabled adults", C, LO, 14),
    ("Referrals to the multi-agency risk assessment conference", C, NO, 85),
]
ADULTS_QUARTERLY = [
    ("Safeguarding Adults Review referrals", C, NO, 3),
    ("Provider concerns meetings held", C, NO, 11),
    ("Care homes rated good or outstanding", P, HI, 79.0),
    ("People in hospital over 21 days with a safeguarding concern", C, LO, 12),
]
AREAS = ["North locality", "South locality", "East locality", "West locality", "Central locality"]
COMPARATORS = ["Statistical neighbours", "England", "Region"]
EVENT_TOPICS = [
    ("Working Together: multi-agency safeguarding", EventKind.COURSE),
    ("Neglect: recognising and responding", EventKind.COURSE),
    ("Exploitation and contextual safeguarding", EventKind.WORKSHOP),
    ("Domestic abuse and coercive control", EventKind.COURSE),
    ("Learning from case reviews", EventKind.BRIEFING),
    ("Escalation and professional challenge", EventKind.WORKSHOP),
    ("Mental capacity and consent", EventKind.COURSE),
    ("Self-neglect and hoarding", EventKind.WORKSHOP),
    ("Safeguarding basics", EventKind.E_LEARNING),
    ("Annual safeguarding conference", EventKind.CONFERENCE),
]
INCOME_LINES = [
    "Contributions from partner agencies",
    "Carried forward from the previous year",
    "Training income",
    "Home Office grant",
    "Other income",
]
EXPENDITURE_LINES = [
    "Independent chair and scrutineer",
    "Business unit staffing",
    "Case reviews",
    "Training programme",
    "Multi-agency audits",
    "Website and communications",
    "Venue hire",
    "Chair expenses",
    "Child death review",
    "Data and performance",
    "Conference",
    "Printing and publications",
    "Legal advice",
    "Learning events",
    "Contingency",
]


@dataclass(frozen=True)
class Dimensions:
    """How big one year of the board is; the default is the issue's large board."""

    groups: int = len(GROUPS)
    agencies: int = 40
    people: int = 300
    seat_factor: float = 1.08
    priorities: int = 6
    objectives: int = 2
    actions: int = 5  # per objective
    challenges: int = 40
    reviews: int = 6  # a year
    recommendations: int = 5  # per concluded review
    recommendation_updates: int = 3  # per recommendation, as far as today allows
    audits: int = 2  # a year
    audit_agencies: int = 10  # judged at each of an audit's 2 stages, 4 judgements each
    audit_recommendations: int = 2
    evidence: int = 20  # a year
    turnover: float = 0.2  # share of people replaced each year
    indicators: int = 25  # monthly series, a value for every month of every year
    quarterly_indicators: int = 4  # reported by quarter, in addition
    dashboard_indicators: int = 4  # of the monthly ones, shown on the dashboard
    indicator_areas: int = 3  # one monthly indicator broken down by this many areas as well
    training_events: int = 20  # a year
    budget_lines: int = 15  # a year, income and expenditure
    contributions: int = 6  # a year


LARGE = Dimensions()
# A modest board for the test suite's query budget: every page has rows of every kind.
SMALL = Dimensions(
    groups=6,
    agencies=6,
    people=30,
    seat_factor=0.2,
    priorities=2,
    objectives=1,
    actions=3,
    challenges=6,
    reviews=3,
    recommendations=2,
    recommendation_updates=2,
    audits=1,
    audit_agencies=3,
    audit_recommendations=1,
    evidence=4,
    indicators=5,
    quarterly_indicators=1,
    dashboard_indicators=2,
    indicator_areas=2,
    training_events=4,
    budget_lines=6,
    contributions=3,
)


@dataclass
class BuildResult:
    scale: int
    latest_full_year: ReportingYear
    current_year: ReportingYear
    boards: list[Board] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


class _Builder:
    def __init__(self, *, scale: int, seed: int, today: date, dims: Dimensions, prefix: str) -> None:
        self.rng = random.Random(f"{seed}-{prefix}")
        # The dataset, training and money draw from their own generator: the other records stay as they were.
        self.figures = random.Random(f"{seed}-{prefix}-figures")
        self.today = today
        self.dims = dims
        self.prefix = prefix
        self.current = ReportingYear.containing(today)
        self.years = [ReportingYear(self.current.first - n) for n in range(scale, -1, -1)]
        self.seq = 0
        self.board: Board | None = None
        self.board_label = ""
        self.totals: dict[str, int] = defaultdict(int)

    def name(self, text: str) -> str:
        """A name of the board being built: the first board's bare, the others' after their short name."""
        return f"{self.prefix}{self.board_label}{text}"

    def shared_name(self, text: str) -> str:
        """A name of the agencies and people, which every board of the build shares."""
        return f"{self.prefix}{text}"

    def start_board(self, board: Board, number: int) -> None:
        """Build the next board's records from here on (agencies and people stay)."""
        self.board = board
        self.board_label = "" if number == 1 else f"{board_spec(number).short_name} "

    def words(self, n: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(n))

    # --- structure ---------------------------------------------------------------------------

    def agencies(self) -> None:
        self.agency_list = Agency.objects.bulk_create(
            Agency(
                name=self.shared_name(f"Agency {n + 1:02d} ({SECTORS[n % len(SECTORS)].label})"),
                short_name=self.shared_name(f"A{n + 1:02d}"),
                sector=SECTORS[n % len(SECTORS)],
                statutory_partner=n % 3 == 0,
            )
            for n in range(self.dims.agencies)
        )
        # Larger agencies (the first few: council, police, health) send more people.
        self.agency_weights = [max(1, 12 - n) for n in range(len(self.agency_list))]

    def new_person(self, agency: Agency) -> Person:
        self.seq += 1
        first, last = self.rng.choice(FIRST), self.rng.choice(LAST)
        return Person(
            name=self.shared_name(f"{first} {last} {self.seq}"),
            email=f"{self.prefix.lower()}p{self.seq}@bench.example.org",
            agency=agency,
            job_title=self.rng.choice(["Head of service", "Designated nurse", "Detective inspector", "Manager"]),
        )

    def groups(self) -> None:
        specs = GROUPS[: self.dims.groups]
        first = self.years[0]
        self.group_specs: dict[int, GroupSpec] = {}
        self.persistent: list[Group] = []
        # Parents come first in GROUPS; bulk-insert level by level so parents have ids.
        by_index: dict[int, Group] = {}
        for index, spec in enumerate(specs):
            if spec.task_and_finish:
                continue
            parent = by_index.get(spec.parent) if spec.parent is not None else None
            group = Group(
                board=self.board,
                name=self.name(spec.name),
                short_name=self.name(spec.short),
                kind=spec.kind,
                parent=parent,
                frequency=spec.frequency,
                planned_per_year=len(schedule_months(Group(frequency=spec.frequency))),
                active_from=first.start,
            )
            group.save()  # twenty rows once: parents need their ids before their children
            by_index[index] = group
            self.group_specs[group.pk] = spec
            self.persistent.append(group)
        self.by_index = by_index
        # Task-and-finish groups live one year each: the ended ones pile up with history.
        self.yearly_groups: dict[ReportingYear, list[Group]] = {}
        rows = []
        for year in self.years:
            for spec in specs:
                if not spec.task_and_finish:
                    continue
                group = Group(
                    board=self.board,
                    name=self.name(f"{spec.name} {year.label}"),
                    short_name=self.name(f"{spec.short} {year.label}"),
                    kind=spec.kind,
                    parent=by_index.get(spec.parent),
                    frequency=spec.frequency,
                    planned_per_year=4,
                    active_from=year.start,
                    active_to=year.end,
                )
                rows.append((year, spec, group))
        Group.objects.bulk_create([group for _, _, group in rows])
        for year, spec, group in rows:
            self.group_specs[group.pk] = spec
            self.yearly_groups.setdefault(year, []).append(group)
        self.totals["groups"] += len(self.group_specs)

    def join(self, other: Board) -> None:
        """Hold one of this board's groups jointly with `other`: its communications group, else its last."""
        ordinary = [g for g in self.persistent if g.kind != GroupKind.BOARD] or self.persistent
        group = next((g for g in ordinary if self.group_specs[g.pk].short == "Comms"), ordinary[-1])
        group.joint_boards.add(other)

    def people_and_seats(self) -> None:
        """Slots of the board: each a seat-holder in one agency; people are replaced year by year."""
        slot_agency = self.rng.choices(self.agency_list, weights=self.agency_weights, k=self.dims.people)
        self.draw_seat_plan()
        self.people_in_slots(slot_agency)
        self.memberships()

    def draw_seat_plan(self) -> None:
        """The seats of each kind of group of this board: slot numbers, roles and expectation (fixed
        over the years). Another board of the build draws its own among the same slots (people)."""
        dims = self.dims
        self.seat_plan: dict[int, list[tuple[int, str, str]]] = {}
        for index, spec in enumerate(GROUPS[: dims.groups]):
            count = max(3, min(dims.people, round(spec.seats * dims.seat_factor)))
            slots = self.rng.sample(range(dims.people), count)
            seats = []
            for n, slot in enumerate(slots):
                role = Role.CHAIR if n == 0 else Role.VICE_CHAIR if n == 1 else Role.MEMBER
                expected = Expected.FOR_ITEMS if n >= 2 and self.rng.random() < 0.1 else Expected.ALL
                seats.append((slot, role, expected))
            self.seat_plan[index] = seats

    def people_in_slots(self, slot_agency: list[Agency]) -> None:
        dims = self.dims
        # Who holds each slot in each year: (person, from, to); an agency replaced takes its slots' people.
        people: list[Person] = []
        holders: dict[int, list[list]] = defaultdict(list)  # slot -> [[person, start, end], ...]
        for slot in range(dims.people):
            person = self.new_person(slot_agency[slot])
            people.append(person)
            holders[slot].append([person, None, None])
        self.replaced_agencies: list[tuple[Agency, Agency]] = []
        new_agencies: list[Agency] = []
        for year in self.years[1:]:
            replaced: set[int] = set()
            if self.agency_list:
                old = self.rng.choice(self.agency_list[len(self.agency_list) // 2 :])
                new = Agency(
                    name=self.shared_name(f"{old.name} (from {year.label})"),
                    short_name=self.shared_name(f"{old.short_name}+{year.first % 100:02d}"),
                    sector=old.sector,
                    statutory_partner=old.statutory_partner,
                )
                new_agencies.append(new)
                self.replaced_agencies.append((old, new))
                for slot in range(dims.people):
                    if slot_agency[slot] is old:
                        slot_agency[slot] = new
                        replaced.add(slot)
                self.agency_list[self.agency_list.index(old)] = new
            others = [s for s in range(dims.people) if s not in replaced]
            extra = max(0, round(dims.people * dims.turnover) - len(replaced))
            replaced |= set(self.rng.sample(others, min(extra, len(others))))
            for slot in sorted(replaced):
                holders[slot][-1][2] = year.start - timedelta(days=1)
                person = self.new_person(slot_agency[slot])
                people.append(person)
                holders[slot].append([person, year.start, None])
        Agency.objects.bulk_create(new_agencies)
        Agency.objects.filter(pk__in=[old.pk for old, _ in self.replaced_agencies]).update(active=False)
        Person.objects.bulk_create(people, batch_size=BATCH)
        self.people = people
        self.holders = holders

    def memberships(self) -> None:
        holders = self.holders
        memberships = []
        self.seats_by_group: dict[int, list[Membership]] = defaultdict(list)
        groups_by_index: dict[int, list[Group]] = defaultdict(list)
        for index, group in self.by_index.items():
            groups_by_index[index].append(group)
        for groups in self.yearly_groups.values():
            for group in groups:
                groups_by_index[GROUPS.index(self.group_specs[group.pk])].append(group)
        for index, seats in self.seat_plan.items():
            for group in groups_by_index[index]:
                for slot, role, expected in seats:
                    for person, start, end in holders[slot]:
                        span = _seat_span(start, end, group)
                        if span is None:
                            continue
                        membership = Membership(
                            group=group,
                            person=person,
                            agency=person.agency,
                            role=role,
                            expected=expected,
                            start=span[0],
                            end=span[1],
                        )
                        memberships.append(membership)
                        self.seats_by_group[group.pk].append(membership)
        Membership.objects.bulk_create(memberships, batch_size=BATCH)
        self.totals["memberships"] += len(memberships)

    # --- meetings and registers --------------------------------------------------------------

    def meetings(self) -> None:
        rows: list[Meeting] = []
        self.board_meetings: dict[ReportingYear, list[Meeting]] = defaultdict(list)
        for year in self.years:
            groups = [*self.persistent, *self.yearly_groups.get(year, [])]
            for group in groups:
                weekday, week = group.pk % 5, 1 + group.pk % 4
                for month in schedule_months(group):
                    day = nth_weekday(year.first if month >= 4 else year.first + 1, month, weekday, week)
                    status, reason, note = MeetingStatus.PLANNED, "", ""
                    if day < self.today:
                        if self.rng.random() < 0.08:
                            status, reason = MeetingStatus.CANCELLED, self.rng.choice(CancelReason.values)
                            note = "Cancelled: " + self.words(6)
                        elif year == self.current and (self.today - day).days < 21 and self.rng.random() < 0.5:
                            status = MeetingStatus.PLANNED  # not recorded yet: on the manager's list
                        else:
                            status = MeetingStatus.HELD
                    meeting = Meeting(group=group, date=day, status=status, cancel_reason=reason, note=note)
                    rows.append(meeting)
        Meeting.objects.bulk_create(rows, batch_size=BATCH)
        self.meeting_list = rows
        self.totals["meetings"] += len(rows)
        for meeting in rows:
            if meeting.group.kind == GroupKind.BOARD and meeting.status == MeetingStatus.HELD:
                self.board_meetings[ReportingYear.containing(meeting.date)].append(meeting)

    def registers(self) -> None:
        statuses = [
            AttendanceStatus.PRESENT,
            AttendanceStatus.DEPUTY,
            AttendanceStatus.APOLOGIES,
            AttendanceStatus.ABSENT,
        ]
        weights = [72, 8, 14, 6]
        held = [m for m in self.meeting_list if m.status == MeetingStatus.HELD]
        # A couple of this year's held meetings have no register yet: the dashboard's data gaps.
        current_held = [m for m in held if m.date in self.current]
        gaps = {id(m) for m in self.rng.sample(current_held, min(2, len(current_held)))}
        rows: list[Attendance] = []
        for meeting in held:
            if id(meeting) in gaps:
                continue
            seated = set()
            for seat in self.seats_by_group[meeting.group.pk]:
                if not (
                    (seat.start is None or seat.start <= meeting.date)
                    and (seat.end is None or meeting.date <= seat.end)
                ):
                    continue
                seated.add(seat.person.pk)
                if seat.expected == Expected.ALL:
                    status = self.rng.choices(statuses, weights=weights)[0]
                elif self.rng.random() < 0.4:
                    status = AttendanceStatus.PRESENT
                else:
                    continue
                rows.append(
                    Attendance(
                        meeting=meeting,
                        person=seat.person,
                        status=status,
                        deputy_name=f"Deputy {self.rng.randint(1, 99)}" if status == AttendanceStatus.DEPUTY else "",
                    )
                )
            for _ in range(self.rng.choice([0, 0, 1, 2])):
                guest = self.rng.choice(self.people)
                if guest.pk not in seated:
                    seated.add(guest.pk)
                    rows.append(Attendance(meeting=meeting, person=guest, status=AttendanceStatus.IN_ATTENDANCE))
        Attendance.objects.bulk_create(rows, batch_size=BATCH)
        self.totals["attendance"] += len(rows)

    # --- business plans ------------------------------------------------------------------------

    def plans(self, manager) -> None:
        dims = self.dims
        subgroups = [g for g in self.persistent if g.kind in (GroupKind.SUBGROUP, GroupKind.PANEL)] or self.persistent
        plans = []
        for year in self.years:
            scale = "brag" if year.first % 2 else "rag"
            plans.append(
                Plan(
                    board=self.board,
                    title=self.name(f"Business Plan {year.label}"),
                    slug=self.shared_name(year.label).lower(),  # each board's plans have their own addresses
                    start=year.start,
                    end=year.end,
                    status=PlanStatus.ACTIVE if year == self.current else PlanStatus.CLOSED,
                    scale=scale,
                    levels=ready_made_levels(scale),
                )
            )
        Plan.objects.bulk_create(plans)
        self.totals["plans"] += len(plans)
        self.plan_by_year = dict(zip(self.years, plans, strict=True))
        priorities = [
            Priority(plan=plan, number=n + 1, title=f"Priority {n + 1}: {self.words(4)}", functions="1a;1c")
            for plan in plans
            for n in range(dims.priorities)
        ]
        Priority.objects.bulk_create(priorities)
        self.priorities_by_plan: dict[int, list[Priority]] = defaultdict(list)
        for priority in priorities:
            self.priorities_by_plan[priority.plan.pk].append(priority)
        objectives = [
            Objective(priority=priority, text=f"Objective: {self.words(10)}", order=n + 1)
            for priority in priorities
            for n in range(dims.objectives)
        ]
        Objective.objects.bulk_create(objectives)
        actions = []
        for objective in objectives:
            plan = objective.priority.plan
            year = ReportingYear.containing(plan.start)
            for n in range(dims.actions):
                due = year.start + timedelta(days=self.rng.randint(60, 364))
                actions.append(
                    Action(
                        plan=plan,
                        objective=objective,
                        ref=f"{objective.priority.number}.{(objective.order - 1) * dims.actions + n + 1}",
                        text=f"Action: {self.words(12)}",
                        by_whom=self.words(2).title(),
                        lead_group=self.rng.choice(subgroups),
                        due_text=f"{due:%B %Y}",
                        due_date=due,
                        intended_impact=self.words(15),
                        measure=self.words(10),
                    )
                )
        updates = []
        for action in actions:
            plan = action.plan
            year = ReportingYear.containing(plan.start)
            quarters = [date(year.first, 6, 30), date(year.first, 9, 30), date(year.first, 12, 31), year.end]
            quarters = [q for q in quarters if q < self.today]
            if year == self.current and self.rng.random() < 0.05:
                quarters = []  # never rated: a data gap on the dashboard
            rating = ""
            for number, day in enumerate(quarters):
                levels = ["red", "amber", "green"]
                if number == 3 and self.rng.random() < 0.6:
                    rating = plan.complete_ratings[0]
                else:
                    rating = self.rng.choices(levels, weights=[1, 3, 5])[0]
                updates.append(
                    ProgressUpdate(
                        action=action,
                        date=day,
                        rating=rating,
                        note=f"Quarter {number + 1}: {self.words(25)}",
                        author=self.rng.choice(self.people),
                        recorded_by=manager,
                    )
                )
            action.rating = rating
        Action.objects.bulk_create(actions, batch_size=BATCH)
        ProgressUpdate.objects.bulk_create(updates, batch_size=BATCH)
        self.totals["actions"] += len(actions)
        self.totals["progress updates"] += len(updates)

    # --- challenges ------------------------------------------------------------------------------

    def challenges(self, manager) -> None:
        challenges, events = [], []
        for year in self.years:
            last = min(year.end, self.today - timedelta(days=1))
            span = (last - year.start).days
            if span <= 0:
                continue
            count = max(1, round(self.dims.challenges * min(1.0, (span + 1) / 365)))
            days = sorted(year.start + timedelta(days=self.rng.randint(0, span)) for _ in range(count))
            plan = self.plan_by_year[year]
            for n, raised in enumerate(days):
                board = [m for m in self.board_meetings.get(year, []) if m.date <= raised]
                challenge = Challenge(
                    board=self.board,
                    # Each board numbers its own challenges.
                    ref=self.shared_name(f"CH-{year.first}-{n + 1:02d}"),
                    raised_on=raised,
                    raised_by=self.rng.choice(RaisedBy.values),
                    raised_by_person=self.rng.choice(self.people),
                    agency=self.rng.choices(self.agency_list, weights=self.agency_weights)[0],
                    meeting=board[-1] if board and self.rng.random() < 0.6 else None,
                    priority=self.rng.choice(self.priorities_by_plan[plan.pk]),
                    subject=f"Challenge: {self.words(6)}",
                    detail=self.words(40),
                    response_due=raised + timedelta(days=28),
                )
                steps = [(Event.Kind.LOGGED, "", Status.OPEN, challenge.detail)]
                age = (self.today - raised).days
                status = Status.OPEN
                if age > 7 or self.rng.random() < 0.5:
                    steps.append((Event.Kind.SENT, Status.OPEN, Status.AWAITING_RESPONSE, ""))
                    status = Status.AWAITING_RESPONSE
                if age > 90 or (age > 20 and self.rng.random() < 0.6):
                    if self.rng.random() < 0.1:
                        challenge.escalated_to = "Chief Executive"
                        steps.append((Event.Kind.ESCALATED, status, Status.ESCALATED, "Escalated to Chief Executive."))
                        status = Status.ESCALATED
                    challenge.response = self.words(40)
                    challenge.responded_on = min(raised + timedelta(days=self.rng.randint(7, 40)), self.today)
                    steps.append((Event.Kind.RESPONSE, status, Status.RESPONDED, challenge.response))
                    status = Status.RESPONDED
                    closing = challenge.responded_on + timedelta(days=self.rng.randint(7, 30))
                    if closing < self.today and (age > 120 or self.rng.random() < 0.5):
                        challenge.outcome = "Outcome: " + self.words(30)
                        challenge.closed_on = closing
                        steps.append((Event.Kind.CLOSED, status, Status.CLOSED, challenge.outcome))
                        status = Status.CLOSED
                challenge.status = status
                challenges.append(challenge)
                events.extend(
                    Event(
                        challenge=challenge, kind=kind, text=text, status_before=before, status_after=after, by=manager
                    )
                    for kind, before, after, text in steps
                )
        Challenge.objects.bulk_create(challenges, batch_size=BATCH)
        Event.objects.bulk_create(events, batch_size=BATCH)
        self.totals["challenges"] += len(challenges)
        self.totals["challenge events"] += len(events)

    # --- learning and assurance ----------------------------------------------------------------

    def learning(self, manager) -> None:
        """Each year's case reviews, audits and evidence; the recommendations of the reviews
        concluded and of the audits, each taken through dated updates as far as today."""
        dims = self.dims
        last = self.today - timedelta(days=1)
        subgroups = [g for g in self.persistent if g.kind in (GroupKind.SUBGROUP, GroupKind.PANEL)] or self.persistent
        adults = self.board.kind == BoardKind.ADULTS
        # The first of each year is decided "no review"; the others are reviews of these kinds in turn.
        decision_kind = ReviewKind.SAR if adults else ReviewKind.RAPID_REVIEW
        kinds = (
            [ReviewKind.SAR, ReviewKind.DHR, ReviewKind.SAR, ReviewKind.LEARNING_REVIEW]
            if adults
            else [ReviewKind.CSPR, ReviewKind.NATIONAL, ReviewKind.CSPR, ReviewKind.LEARNING_REVIEW]
        )
        prefix = "Adult" if adults else "Child"
        reviews: list[Review] = []
        audits: list[Audit] = []
        evidence: list[Evidence] = []
        for year in self.years:
            span = (min(year.end, last) - year.start).days
            if span <= 0:
                continue
            share = min(1.0, (span + 1) / 365)
            count = max(1, round(dims.reviews * share))
            # Dates follow the year and the review's place in it (texts are drawn): every board of
            # the build holds as many reviews, concluded or not, and recommendations.
            for n in range(count):
                notified = year.start + timedelta(days=span * n // count)
                decided = notified + timedelta(days=21)
                review = Review(
                    board=self.board,
                    ref=f"{'SAR' if adults else 'CR'}-{year.first}-{n + 1:02d}",
                    title=f"{prefix} {chr(ord('A') + (year.first * 7 + n) % 26)}{n + 1}",
                    group=self.rng.choice(subgroups),
                    notified_on=notified,
                    findings="",
                )
                review.kind = decision_kind if n == 0 else kinds[(n - 1) % len(kinds)]
                started = decided + timedelta(days=30)
                concluded = started + timedelta(days=(180, 300, 420)[n % 3])
                published = concluded + timedelta(days=35)
                if decided > last:
                    review.decision = Decision.PENDING
                elif n == 0:
                    review.decision, review.decided_on = Decision.NO_REVIEW, decided
                    review.decision_reason = "Criteria not met: " + self.words(20)
                else:
                    review.decision, review.decided_on = Decision.REVIEW, decided
                    review.decision_reason = self.words(15)
                    review.started_on = started if started <= last else None
                    if concluded <= last:
                        review.concluded_on = concluded
                        review.findings = "Findings: " + self.words(60)
                        review.published_on = published if published <= last else None
                reviews.append(review)
            count = max(1, round(dims.audits * share))
            for n in range(count):
                started = year.start + timedelta(days=min(span, 30 + 90 * n))
                completed = started + timedelta(days=200)
                kind = (
                    (AuditKind.SELF_ASSESSMENT if adults else AuditKind.SECTION_11)
                    if n == 0
                    else AuditKind.MULTI_AGENCY
                )
                audits.append(
                    Audit(
                        board=self.board,
                        name=f"{AuditKind(kind).label} {year.label} ({n + 1})",
                        kind=kind,
                        group=self.rng.choice(subgroups),
                        started_on=started,
                        completed_on=completed if completed <= last else None,
                        findings="Findings: " + self.words(50),
                    )
                )
            count = max(1, round(dims.evidence * share))
            for n in range(count):
                evidence.append(
                    Evidence(
                        board=self.board,
                        title=f"Evidence {n + 1}: {self.words(4)}",
                        date=year.start + timedelta(days=self.rng.randint(0, span)),
                        kind=self.rng.choice(EvidenceKind.values),
                        scope=self.words(3),
                        group=self.rng.choice(subgroups),
                        agency=self.rng.choices(self.agency_list, weights=self.agency_weights)[0],
                        note=self.words(20),
                    )
                )
        Review.objects.bulk_create(reviews, batch_size=BATCH)
        Audit.objects.bulk_create(audits, batch_size=BATCH)
        Evidence.objects.bulk_create(evidence, batch_size=BATCH)
        judgements = [Judgement.RED, Judgement.AMBER, Judgement.GREEN, Judgement.NONE]
        results: list[AuditResult] = []
        for audit in audits:
            stages = [("initial", audit.started_on + timedelta(days=60))]
            if audit.completed_on:
                stages.append(("after improvement action", audit.completed_on))
            for agency in self.agency_list[: dims.audit_agencies]:
                for stage, day in stages:
                    if day > last:
                        continue
                    results.extend(
                        AuditResult(
                            audit=audit,
                            stage=stage,
                            date=day,
                            agency=agency,
                            judgement=judgement,
                            count=self.rng.randint(1, 8),
                        )
                        for judgement in judgements
                    )
        AuditResult.objects.bulk_create(results, batch_size=BATCH)
        sources = [(review, review.concluded_on, dims.recommendations) for review in reviews if review.concluded_on]
        sources += [(audit, audit.completed_on, dims.audit_recommendations) for audit in audits if audit.completed_on]
        recommendations, updates = [], []
        for source, since, count in sources:
            for n in range(count):
                recommendation = Recommendation(
                    ref=str(n + 1),
                    text="Recommendation: " + self.words(20),
                    lead_agency=self.rng.choices(self.agency_list, weights=self.agency_weights)[0],
                    lead_group=self.rng.choice(subgroups) if self.rng.random() < 0.3 else None,
                    due_date=since + timedelta(days=self.rng.randint(60, 400)),
                )
                if isinstance(source, Review):
                    recommendation.review = source
                else:
                    recommendation.audit = source
                # Where it has got to: mostly implemented once due, a few declined, some overdue; by
                # two years past its due date a board has closed it one way or the other (a real
                # board's register does not carry a decade of open recommendations).
                final = RecommendationStatus.IN_PROGRESS
                if recommendation.due_date < last:
                    weights = [65, 5, 20, 10] if (last - recommendation.due_date).days < 730 else [92, 8, 0, 0]
                    final = self.rng.choices(
                        [
                            RecommendationStatus.IMPLEMENTED,
                            RecommendationStatus.NOT_TO_IMPLEMENT,
                            RecommendationStatus.IN_PROGRESS,
                            RecommendationStatus.NOT_STARTED,
                        ],
                        weights=weights,
                    )[0]
                # Updates spread from the source's end to a little after the due date, as far as today.
                room = min((last - since).days, (recommendation.due_date - since).days + 60)
                steps = dims.recommendation_updates
                days = [max(1, room * (k + 1) // steps) for k in range(steps)] if room > 0 else []
                if final == RecommendationStatus.NOT_STARTED:
                    days = []
                for number, offset in enumerate(days):
                    day = since + timedelta(days=offset)
                    status = final if number == len(days) - 1 else RecommendationStatus.IN_PROGRESS
                    updates.append(
                        RecommendationUpdate(
                            recommendation=recommendation,
                            date=day,
                            status=status,
                            note=f"Update {number + 1}: {self.words(20)}",
                            author=self.rng.choice(self.people),
                            recorded_by=manager,
                        )
                    )
                    recommendation.status = status
                    if status in (RecommendationStatus.IMPLEMENTED, RecommendationStatus.NOT_TO_IMPLEMENT):
                        recommendation.decided_on = day
                if recommendation.status == RecommendationStatus.NOT_TO_IMPLEMENT:
                    recommendation.reason = "Not to be implemented: " + self.words(20)
                elif recommendation.status == RecommendationStatus.IMPLEMENTED:
                    recommendation.evidence = "Impact: " + self.words(20)
                recommendations.append(recommendation)
        Recommendation.objects.bulk_create(recommendations, batch_size=BATCH)
        RecommendationUpdate.objects.bulk_create(updates, batch_size=BATCH)
        self.totals["reviews"] += len(reviews)
        self.totals["recommendations"] += len(recommendations)
        self.totals["recommendation updates"] += len(updates)
        self.totals["audits"] += len(audits)
        self.totals["audit results"] += len(results)
        self.totals["evidence"] += len(evidence)

    # --- the dataset, training and money -------------------------------------------------------

    def figure_words(self, n: int) -> str:
        return " ".join(self.figures.choice(WORDS) for _ in range(n))

    def indicator_specs(self) -> list[tuple[str, str, str, float, str]]:
        """The board's indicators: (name, unit, better, typical value, frequency), monthly ones first."""
        adults = self.board.kind == BoardKind.ADULTS
        monthly = ADULTS_INDICATORS if adults else CHILDREN_INDICATORS
        quarterly = ADULTS_QUARTERLY if adults else CHILDREN_QUARTERLY

        def take(catalogue, count: int, frequency: str) -> list:
            rows = []
            for n in range(count):
                name, unit, better, typical = catalogue[n % len(catalogue)]
                if n >= len(catalogue):
                    name = f"{name} ({n // len(catalogue) + 1})"
                rows.append((name, unit, better, typical, frequency))
            return rows

        return take(monthly, self.dims.indicators, IndicatorFrequency.MONTHLY) + take(
            quarterly, self.dims.quarterly_indicators, IndicatorFrequency.QUARTERLY
        )

    def figure(self, unit: str, level: float) -> Decimal:
        """A value as a source prints it: a whole count, a percentage to one place, a rate to two."""
        if unit == Unit.COUNT:
            return Decimal(max(0, round(level)))
        if unit == Unit.PERCENT:
            return Decimal(f"{min(100.0, max(0.0, level)):.1f}")
        return Decimal(f"{max(0.0, level):.2f}")

    def dataset(self) -> None:
        """The board's indicators and, for each year, a value for every month (or quarter) ended
        before today: one monthly indicator broken down by area as well, a few blanks (not
        reported), comparators on the rates and percentages, the odd commentary."""
        dims, rng = self.dims, self.figures
        plan = getattr(self, "plan_by_year", {}).get(self.current)
        priorities = getattr(self, "priorities_by_plan", {}).get(plan.pk, []) if plan else []
        specs = self.indicator_specs()
        # The second indicator (a count of referrals or enquiries) is also reported by area.
        by_area = 1 if dims.indicator_areas and dims.indicators > 1 else None
        indicators = []
        for n, (name, unit, better, typical, frequency) in enumerate(specs):
            target = None
            if better != Better.NEITHER and n % 2 == 0:
                target = self.figure(unit, typical * (1.05 if better == Better.HIGHER else 0.9))
            indicators.append(
                Indicator(
                    board=self.board,
                    name=name,
                    unit=unit,
                    better=better,
                    frequency=frequency,
                    source=rng.choices(self.agency_list, weights=self.agency_weights)[0] if self.agency_list else None,
                    target=target,
                    priority=priorities[n % len(priorities)] if priorities and n % 4 == 0 else None,
                    on_dashboard=frequency == IndicatorFrequency.MONTHLY and n < dims.dashboard_indicators,
                    description=f"{name}: {self.figure_words(12)}.",
                )
            )
        Indicator.objects.bulk_create(indicators, batch_size=BATCH)
        values: list[IndicatorValue] = []
        for n, indicator in enumerate(indicators):
            _, unit, _, typical, frequency = specs[n]
            quarterly = frequency == IndicatorFrequency.QUARTERLY
            areas = [""] + (AREAS[: dims.indicator_areas] if n == by_area else [])
            compared = unit != Unit.COUNT and n % 2 == 0
            level = typical * rng.uniform(0.85, 1.15)
            for year in self.years:
                periods = [p for p in (quarters_of(year) if quarterly else months_of(year)) if p.ends_on < self.today]
                comparator = self.figure(unit, typical * rng.uniform(0.9, 1.1)) if compared else None
                for period in periods:
                    level = max(typical * 0.3, level * (1 + rng.gauss(0, 0.05)))
                    for area in areas:
                        # A count varies month to month around its level; an area holds a share of it.
                        share = rng.uniform(0.9, 1.1) if not area else rng.uniform(0.7, 1.3) / (len(areas) - 1)
                        blank = rng.random() < 0.03
                        values.append(
                            IndicatorValue(
                                indicator=indicator,
                                area=area,
                                period=period.code,
                                period_kind=period.kind,
                                starts_on=period.starts_on,
                                ends_on=period.ends_on,
                                value=None
                                if blank
                                else self.figure(unit, level * (share if unit == Unit.COUNT else 1)),
                                comparator=comparator if not area else None,
                                comparator_name=COMPARATORS[n % len(COMPARATORS)] if compared and not area else "",
                                note=f"Commentary: {self.figure_words(15)}" if rng.random() < 0.05 else "",
                            )
                        )
        IndicatorValue.objects.bulk_create(values, batch_size=BATCH)
        self.totals["indicators"] += len(indicators)
        self.totals["indicator values"] += len(values)

    def training(self) -> None:
        """Each year's training programme, spread over the year: the events before today with their
        attendance and evaluations (a few cancelled), those after it booked only; most with the
        bookings and attendance of each agency, now and then an agency that booked and did not come."""
        dims, rng = self.dims, self.figures
        count = dims.training_events
        events: list[TrainingEvent] = []
        split: dict[int, list[tuple[Agency, int, int | None]]] = {}
        for year in self.years:
            for n in range(count):
                day = year.start + timedelta(days=n * 364 // count + rng.randint(0, max(0, 364 // count - 1)))
                topic, kind = EVENT_TOPICS[(n + year.first) % len(EVENT_TOPICS)]
                places = {EventKind.CONFERENCE: 150, EventKind.E_LEARNING: 200}.get(kind) or rng.choice(
                    [20, 25, 30, 40]
                )
                booked = min(places, round(places * rng.uniform(0.6, 1.0)))
                event = TrainingEvent(board=self.board, title=topic, date=day, kind=kind, topic=topic, places=places)
                event.booked = booked
                if day < self.today:
                    if rng.random() < 0.06:
                        event.cancelled = True
                        event.notes = "Cancelled: " + self.figure_words(6)
                    else:
                        event.attended = round(booked * rng.uniform(0.7, 0.97))
                        event.evaluations = round(event.attended * rng.uniform(0.5, 0.95))
                        event.rated_good = round(event.evaluations * rng.uniform(0.75, 1.0))
                events.append(event)
                if self.agency_list and rng.random() < 0.8:
                    split[len(events) - 1] = self.by_agency(event)
        TrainingEvent.objects.bulk_create(events, batch_size=BATCH)
        lines = [
            TrainingAttendance(event=events[index], agency=agency, booked=booked, attended=attended)
            for index, rows in split.items()
            for agency, booked, attended in rows
        ]
        TrainingAttendance.objects.bulk_create(lines, batch_size=BATCH)
        self.totals["training events"] += len(events)
        self.totals["training attendance"] += len(lines)

    def by_agency(self, event: TrainingEvent) -> list[tuple[Agency, int, int | None]]:
        """The event's bookings and attendance split among a few agencies, adding up to its totals."""
        rng = self.figures
        agencies = rng.sample(self.agency_list, min(len(self.agency_list), rng.randint(3, 8)))
        weights = [rng.random() + 0.2 for _ in agencies]
        booked = [int(event.booked * w / sum(weights)) for w in weights]
        booked[0] += event.booked - sum(booked)
        if event.attended is None:
            return [(agency, b, None) for agency, b in zip(agencies, booked, strict=True)]
        attended = list(booked)
        missing = event.booked - event.attended
        # Now and then the smallest booking does not come at all.
        smallest = min(range(len(booked)), key=booked.__getitem__)
        if rng.random() < 0.3 and 0 < booked[smallest] <= missing:
            attended[smallest], missing = 0, missing - booked[smallest]
        while missing > 0:
            k = rng.randrange(len(attended))
            if attended[k] > 0:
                attended[k] -= 1
                missing -= 1
        return list(zip(agencies, booked, attended, strict=True))

    def money(self) -> None:
        """Each year's budget (income and expenditure lines, the actuals so far in the current
        year) and the partners' contributions: amounts, one known only by its share, one in kind."""
        dims, rng = self.dims, self.figures
        pence = Decimal("0.01")
        n_income = max(1, dims.budget_lines // 3)
        n_spending = max(0, dims.budget_lines - n_income)

        def names(catalogue: list[str], count: int) -> list[str]:
            return [
                catalogue[n % len(catalogue)] + (f" ({n // len(catalogue) + 1})" if n >= len(catalogue) else "")
                for n in range(count)
            ]

        partners = self.agency_list[: dims.contributions]
        lines: list[BudgetLine] = []
        contributions: list[Contribution] = []
        for year in self.years:
            done = min(1.0, max(0.0, (self.today - year.start).days / 365))
            growth = 1.02 ** (year.first - self.years[0].first)
            amounts = [Decimal(round(rng.randint(10, 120) * 1000 * growth)) for _ in partners]
            for n, (agency, amount) in enumerate(zip(partners, amounts, strict=True)):
                contribution = Contribution(board=self.board, year=year.first, agency=agency, amount=amount)
                if n == len(partners) - 1 and n >= 2:  # only its published share is known
                    contribution.amount = None
                    contribution.share = (amount * 100 / sum(amounts)).quantize(pence)
                if n == 1:
                    contribution.in_kind = "Venue for training and board meetings"
                contributions.append(contribution)
            for position, line in enumerate(names(INCOME_LINES, n_income)):
                budget = sum(amounts) if position == 0 else Decimal(round(rng.randint(2, 40) * 1000 * growth))
                actual = budget if done >= 1 or (position == 0 and done > 0.5) else None
                lines.append(
                    BudgetLine(
                        board=self.board,
                        year=year.first,
                        kind=LineKind.INCOME,
                        line=line,
                        budget=budget,
                        actual=actual,
                        position=position,
                    )
                )
            for position, line in enumerate(names(EXPENDITURE_LINES, n_spending)):
                budget = Decimal(round(rng.randint(1, 80) * 1000 * growth))
                spent = None
                if done > 0 and not (done < 1 and rng.random() < 0.2):
                    spent = (budget * Decimal(done * rng.uniform(0.8, 1.1))).quantize(pence)
                lines.append(
                    BudgetLine(
                        board=self.board,
                        year=year.first,
                        kind=LineKind.EXPENDITURE,
                        line=line,
                        budget=budget,
                        actual=spent,
                        note="Overspent: " + self.figure_words(8) if spent is not None and spent > budget else "",
                        position=position,
                    )
                )
        BudgetLine.objects.bulk_create(lines, batch_size=BATCH)
        Contribution.objects.bulk_create(contributions, batch_size=BATCH)
        self.totals["budget lines"] += len(lines)
        self.totals["contributions"] += len(contributions)

    def narrative(self, manager) -> None:
        Narrative.objects.bulk_create(
            [
                Narrative(board=self.board, year=year.label, section=section, text=self.words(120), updated_by=manager)
                for year in self.years[:-1]
                for section in ("introduction", "governance", "attendance", "priorities", "challenges")
            ],
            ignore_conflicts=True,
        )


def _seat_span(start: date | None, end: date | None, group: Group) -> tuple[date | None, date | None] | None:
    """A slot holder's time on a group: their tenure cut to the group's life (None: no overlap)."""
    if group.active_to is None:
        return start, end
    first, last = group.active_from, group.active_to
    if (start is not None and start > last) or (end is not None and end < first):
        return None
    return max(start or first, first), min(end or last, last)


def totp_key(username: str) -> str:
    """The bench sign-in's authenticator key (hex): derived from the name, published like the password."""
    return hashlib.sha1(f"lscb-bench-{username}".encode()).hexdigest()


def _users(usernames: list[str], role: str, password_hash: str) -> list:
    """Bench sign-ins with one role; those whose role needs two-factor sign-in get an app set up."""
    users = []
    for username in usernames:
        user, created = get_user_model().objects.get_or_create(username=username)
        if created:  # a new hash would sign out the sessions of an existing account
            user.password = password_hash
        user.first_name, user.last_name = "Bench", role
        user.save()
        user.groups.set([RoleGroup.objects.get(name=role)])
        users.append(user)
    if apps.is_installed("django_otp.plugins.otp_totp") and role in (roles.BUSINESS_MANAGER, roles.CHAIR):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        have = set(TOTPDevice.objects.filter(user__in=users).values_list("user_id", flat=True))
        TOTPDevice.objects.bulk_create(
            TOTPDevice(user=user, name="Bench app", key=totp_key(user.username), confirmed=True)
            for user in users
            if user.pk not in have
        )
    return users


def build(
    *,
    scale: int,
    seed: int = 2026,
    today: date,
    dims: Dimensions = LARGE,
    prefix: str = "",
    boards: int = 1,
    stdout=None,
) -> BuildResult:
    """Build `scale` full reporting years before the one containing `today`, and that year to date,
    of `boards` boards of the same shape sharing agencies and people."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    if boards < 1:
        raise ValueError("boards must be at least 1")
    started = time.perf_counter()
    builder = _Builder(scale=scale, seed=seed, today=today, dims=dims, prefix=prefix)
    # One hash for every bench sign-in: the real hasher, paid once. Their roles are held for every board.
    password_hash = make_password(PASSWORD)
    manager = _users([MANAGER, *load_users(MANAGER)], roles.BUSINESS_MANAGER, password_hash)[0]
    member = _users([MEMBER, *load_users(MEMBER)], roles.BOARD_MEMBER, password_hash)[0]
    builder.agencies()
    made: list[Board] = []
    for number in range(1, boards + 1):
        spec = board_spec(number, prefix)
        board, _ = Board.objects.get_or_create(
            slug=spec.slug, defaults={"name": spec.name, "short_name": spec.short_name, "kind": spec.kind}
        )
        made.append(board)
        builder.start_board(board, number)
        builder.groups()
        if number == 1:
            builder.people_and_seats()
        else:
            builder.draw_seat_plan()
            builder.memberships()
            builder.join(made[0])
        builder.meetings()
        builder.registers()
        builder.plans(manager)
        builder.challenges(manager)
        builder.learning(manager)
        builder.dataset()
        builder.training()
        builder.money()
        builder.narrative(manager)
        if number == 1:
            # The board member signs in as a member of the first board.
            board_seats = builder.seats_by_group.get(builder.persistent[0].pk, [])
            if not hasattr(member, "person") and board_seats:
                Person.objects.filter(pk=board_seats[-1].person.pk, user__isnull=True).update(user=member)
    result = BuildResult(
        scale=scale, latest_full_year=builder.current.previous, current_year=builder.current, boards=made
    )
    totals = builder.totals
    result.counts = {
        "boards": len(made),
        "agencies": len(builder.agency_list) + len(builder.replaced_agencies),
        "groups": totals["groups"],
        "people": len(builder.people),
        "memberships": totals["memberships"],
        "meetings": totals["meetings"],
        "attendance": totals["attendance"],
        "plans": totals["plans"],
        "actions": totals["actions"],
        "progress updates": totals["progress updates"],
        "challenges": totals["challenges"],
        "challenge events": totals["challenge events"],
        "reviews": totals["reviews"],
        "recommendations": totals["recommendations"],
        "recommendation updates": totals["recommendation updates"],
        "audits": totals["audits"],
        "audit results": totals["audit results"],
        "evidence": totals["evidence"],
        "indicators": totals["indicators"],
        "indicator values": totals["indicator values"],
        "training events": totals["training events"],
        "training attendance": totals["training attendance"],
        "budget lines": totals["budget lines"],
        "contributions": totals["contributions"],
    }
    result.seconds = time.perf_counter() - started
    return result


FIGURES = ("dataset", "training", "money")


def add_figures(
    board: Board,
    *,
    today: date,
    years: list[ReportingYear],
    dims: Dimensions = LARGE,
    seed: int = 2026,
    parts: tuple[str, ...] = FIGURES,
) -> dict[str, int]:
    """The dataset, training and money of `dims` (or only the `parts` named) for an existing board
    over `years` alone, drawn from the active agencies: for tests that grow one board's records and
    count a page's queries again. The board must not hold these parts for those years yet."""
    unknown = set(parts) - set(FIGURES)
    if unknown:
        raise ValueError(f"No such part: {', '.join(sorted(unknown))}")
    builder = _Builder(scale=1, seed=seed, today=today, dims=dims, prefix=f"{board.slug}-")
    builder.board, builder.years = board, years
    builder.agency_list = list(Agency.objects.filter(active=True).order_by("pk")[: dims.agencies])
    builder.agency_weights = [max(1, 12 - n) for n in range(len(builder.agency_list))]
    for part in FIGURES:
        if part in parts:
            getattr(builder, part)()
    return dict(builder.totals)
