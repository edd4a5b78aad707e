"""The demo boards' datasets: a dozen indicators each, with monthly or quarterly values for the
previous reporting year and the current one up to the day the demo is built for.

The children's partnership follows missing episodes, referrals, re-referrals, child protection
plans, children looked after, MARAC and child deaths; the Safeguarding Adults Board concerns,
section 42 enquiries, making safeguarding personal and DoLS. A few values are not reported
(blank, never 0), one is a correction printed by its source (negative), some carry a comparator
(statistical neighbours, England) and commentary, a few are chosen for the dashboard and one is
broken down by area. Run through `manage.py demo_data`; building again creates nothing.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date
from decimal import Decimal
from io import TextIOBase
from typing import NamedTuple

from governance.demo.boards import demo_boards
from governance.demo.groups import ADULTS, CHILDREN
from governance.demo.people import AGENCIES
from governance.models import Agency, Board
from lscb.years import ReportingYear

from .models import Better, Frequency, Indicator, IndicatorValue, Unit
from .periods import Period, months_of, quarters_of
from .services import indicator_save, value_save

SEED = 16
AREAS = ("North", "South")
NOT_REPORTED = "Not reported: the source's recording system was being replaced this period."


class Spec(NamedTuple):
    name: str
    unit: str
    better: str
    frequency: str
    source: str  # an agency's demo key
    base: float
    description: str = ""
    target: float | None = None
    comparator: tuple[str, float] | None = None  # (name, value)
    dashboard: bool = False
    areas: bool = False
    blanks: tuple[int, ...] = ()  # positions (from the first period) not reported
    correction: int | None = None  # the position of a correction printed as a negative value
    notes: dict[int, str] = {}


MONTHLY, QUARTERLY = Frequency.MONTHLY, Frequency.QUARTERLY

CHILDREN_DATASET = [
    Spec(
        "Children missing from home or care: episodes",
        Unit.COUNT,
        Better.LOWER,
        MONTHLY,
        "police",
        48,
        "Episodes reported to the police in the month, of children missing from home or from care.",
        target=40,
        dashboard=True,
        areas=True,
        notes={3: "Rise over the summer holidays, as in other years.", 14: "Two children accounted for a third."},
    ),
    Spec(
        "Referrals to children's social care",
        Unit.COUNT,
        Better.NEITHER,
        MONTHLY,
        "cs",
        310,
        "Referrals accepted by the front door in the month.",
        blanks=(7,),
    ),
    Spec(
        "Re-referrals within 12 months",
        Unit.PERCENT,
        Better.LOWER,
        MONTHLY,
        "cs",
        21.5,
        "Referrals of a child referred in the previous 12 months, as a share of all referrals.",
        target=18,
        comparator=("England", 22.4),
        dashboard=True,
        notes={9: "Audit of re-referrals commissioned by the Quality and Effectiveness Group."},
    ),
    Spec(
        "Children subject to a child protection plan (rate per 10,000)",
        Unit.RATE,
        Better.NEITHER,
        MONTHLY,
        "cs",
        41.5,
        "Children on a plan at the month's end, per 10,000 children in Northmoor.",
        comparator=("statistical neighbours", 44.1),
        dashboard=True,
    ),
    Spec(
        "Child protection plans lasting two years or more",
        Unit.PERCENT,
        Better.LOWER,
        QUARTERLY,
        "cs",
        3.2,
        "Plans ended in the quarter that had lasted two years or more.",
        comparator=("England", 3.9),
    ),
    Spec(
        "Children looked after (rate per 10,000)",
        Unit.RATE,
        Better.NEITHER,
        QUARTERLY,
        "cs",
        67,
        comparator=("England", 70),
    ),
    Spec("MARAC cases discussed", Unit.COUNT, Better.NEITHER, MONTHLY, "police", 55, blanks=(4,)),
    Spec(
        "Child deaths reviewed by the panel",
        Unit.COUNT,
        Better.NEITHER,
        QUARTERLY,
        "ph",
        6,
        "Reviews completed by the child death overview panel in the quarter.",
    ),
    Spec(
        "Initial child protection conferences within 15 working days",
        Unit.PERCENT,
        Better.HIGHER,
        MONTHLY,
        "cs",
        82,
        target=85,
        comparator=("England", 78.5),
        dashboard=True,
    ),
    Spec(
        "Children missing education: new cases",
        Unit.COUNT,
        Better.LOWER,
        MONTHLY,
        "cs",
        14,
        correction=5,
        notes={5: "A correction: cases recorded twice in the previous month were taken off."},
    ),
    Spec("Average days from referral to assessment", Unit.DAYS, Better.LOWER, MONTHLY, "cs", 28),
]

ADULTS_DATASET = [
    Spec(
        "Safeguarding concerns received",
        Unit.COUNT,
        Better.NEITHER,
        MONTHLY,
        "asc",
        420,
        "Concerns about an adult at risk received by adult social care in the month.",
        dashboard=True,
        notes={8: "Higher after the awareness campaign in care homes."},
    ),
    Spec("Section 42 enquiries started", Unit.COUNT, Better.NEITHER, MONTHLY, "asc", 95, dashboard=True),
    Spec(
        "Concerns leading to a section 42 enquiry",
        Unit.PERCENT,
        Better.NEITHER,
        MONTHLY,
        "asc",
        22.6,
        comparator=("England", 31),
    ),
    Spec(
        "Making safeguarding personal: outcomes asked about",
        Unit.PERCENT,
        Better.HIGHER,
        QUARTERLY,
        "asc",
        78,
        "Enquiries where the adult (or their representative) was asked what outcomes they wanted.",
        target=85,
        comparator=("England", 80),
        dashboard=True,
    ),
    Spec(
        "Making safeguarding personal: outcomes fully or partly achieved",
        Unit.PERCENT,
        Better.HIGHER,
        QUARTERLY,
        "asc",
        93,
    ),
    Spec("DoLS applications received", Unit.COUNT, Better.NEITHER, MONTHLY, "asc", 160, blanks=(10,)),
    Spec(
        "DoLS applications completed within 21 days",
        Unit.PERCENT,
        Better.HIGHER,
        QUARTERLY,
        "asc",
        24,
        comparator=("England", 19),
        dashboard=True,
        notes={2: "Backlog cleared with agency best-interests assessors."},
    ),
    Spec("Enquiries where the risk was removed or reduced", Unit.PERCENT, Better.HIGHER, QUARTERLY, "asc", 89),
    Spec("Self-neglect concerns", Unit.COUNT, Better.NEITHER, MONTHLY, "asc", 38),
    Spec("Domestic abuse related concerns", Unit.COUNT, Better.NEITHER, MONTHLY, "police", 61),
    Spec(
        "Concerns raised by the fire service",
        Unit.COUNT,
        Better.NEITHER,
        MONTHLY,
        "fire",
        9,
        correction=6,
        notes={6: "A correction: concerns logged twice last month."},
    ),
]

DATASETS = {CHILDREN: CHILDREN_DATASET, ADULTS: ADULTS_DATASET}


def build(*, today: date, stdout: TextIOBase) -> None:
    """Create whatever is missing of the demo boards' datasets, as at `today`."""
    boards = demo_boards()
    names = {spec.key: spec.name for spec in AGENCIES}
    found = {agency.name: agency for agency in Agency.objects.filter(name__in=names.values())}
    agencies = {key: found[name] for key, name in names.items() if name in found}
    for key, specs in DATASETS.items():
        if key in boards:
            _build_board(boards[key], specs, agencies, today, stdout)


def periods_until(frequency: str, today: date) -> list[Period]:
    """The previous reporting year's periods and the current one's that have ended before `today`."""
    current = ReportingYear.containing(today)
    periods = []
    for year in (current.previous, current):
        periods += months_of(year) if frequency == Frequency.MONTHLY else quarters_of(year)
    return [period for period in periods if period.ends_on < today]


def _figure(spec: Spec, position: int, random_: random.Random, scale: float = 1.0) -> Decimal:
    trend = 1 + 0.01 * position * (1 if spec.better != Better.HIGHER else 0.5)
    value = spec.base * scale * trend * random_.uniform(0.9, 1.1)
    if spec.unit == Unit.PERCENT:
        value = min(value, 99.5)
    places = Decimal(1) if spec.unit == Unit.COUNT else Decimal("0.1")
    return Decimal(str(value)).quantize(places)


def _build_board(board: Board, specs: list[Spec], agencies: dict, today: date, stdout: TextIOBase) -> None:
    made = Counter()
    existing = {indicator.name: indicator for indicator in Indicator.objects.of_board(board)}
    for spec in specs:
        indicator = existing.get(spec.name)
        if indicator is None:
            indicator = Indicator(
                board=board,
                name=spec.name,
                unit=spec.unit,
                better=spec.better,
                frequency=spec.frequency,
                source=agencies.get(spec.source),
                target=None if spec.target is None else Decimal(str(spec.target)),
                on_dashboard=spec.dashboard,
                description=spec.description,
            )
            indicator_save(indicator=indicator, by=None)
            made["indicators"] += 1
        stored = set(indicator.values.values_list("area", "period"))
        random_ = random.Random(f"{SEED}/{board.slug}/{spec.name}")
        for position, period in enumerate(periods_until(spec.frequency, today)):
            areas = [("", 1.0)] + (
                [(area, share) for area, share in zip(AREAS, (0.55, 0.45), strict=True)] if spec.areas else []
            )
            for area, share in areas:
                figure = _figure(spec, position, random_, share)
                if (area, period.code) in stored:
                    continue
                value = IndicatorValue(indicator=indicator, area=area, period=period.code, value=figure)
                if not area:
                    if position in spec.blanks:
                        value.value, value.note = None, NOT_REPORTED
                    if position == spec.correction:
                        value.value = -Decimal(max(1, int(spec.base // 7)))
                    if spec.comparator is not None and value.value is not None:
                        name, level = spec.comparator
                        value.comparator_name = name
                        value.comparator = Decimal(str(level * (1 + 0.005 * (position % 4)))).quantize(Decimal("0.1"))
                    value.note = spec.notes.get(position, value.note)
                value_save(value=value, by=None)
                made["values"] += 1
    summary = ", ".join(f"{count} {name}" for name, count in made.items())
    stdout.write(f"dataset: {board.label}: created {summary or 'nothing (the dataset was already complete)'}.")
