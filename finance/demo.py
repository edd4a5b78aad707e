"""The demo boards' money: for the children's partnership and the Safeguarding Adults Board, the
last full reporting year and the current one, each with its income lines (partners'
contributions, training income, the amount carried forward, grants), its expenditure lines
(business unit staffing, the independent chair, reviews, training, website, conference...) with
budget and actual (one line overspent last year), and the statutory partners' contributions: amounts,
one known only by its published share, and support given in kind.

Last year's actuals are the year's outturn; this year's are spending to date, in proportion to the
part of the year gone by on the day the demo is built for. Every record goes through
finance.services (with no user: the demo's own hand) and is created only when missing (a line by
its year, kind and name; a contribution by its year and agency), so a second run creates nothing.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from io import TextIOBase
from typing import NamedTuple

from governance.demo.boards import demo_boards
from governance.demo.groups import ADULTS, CHILDREN
from governance.demo.people import AGENCIES
from governance.models import Agency, Board
from lscb.years import ReportingYear

from .models import BudgetLine, Contribution, LineKind
from .services import budget_line_save, contribution_save

PENNY = Decimal("0.01")
POUND = Decimal("1")
# This year's budgets: last year's with 2% more, to the pound.
UPLIFT = Decimal("1.02")


class LineSpec(NamedTuple):
    line: str
    budget: str
    actual: str  # last year's outturn
    note: str = ""
    # This year's actual to date follows the year's progress; a line paid up front is already in full.
    up_front: bool = False


class ContributionSpec(NamedTuple):
    agency: str  # an AgencySpec key
    amount: str = ""
    share: str = ""
    in_kind: str = ""


class BoardMoney(NamedTuple):
    income: tuple[LineSpec, ...]
    expenditure: tuple[LineSpec, ...]
    contributions: tuple[ContributionSpec, ...]


CHILDREN_MONEY = BoardMoney(
    income=(
        LineSpec(
            "Contributions from partner agencies", "186400.00", "186400.00", "As agreed by the partners.", up_front=True
        ),
        LineSpec("Training income (charged courses)", "8000.00", "9215.50", "Places sold to schools and nurseries."),
        LineSpec("Carried forward from the previous year", "14250.00", "14250.00", up_front=True),
        LineSpec("Child death review grant", "12000.00", "12000.00", up_front=True),
        LineSpec("Police and crime commissioner's contribution", "5000.00", "5000.00", up_front=True),
    ),
    expenditure=(
        LineSpec(
            "Business unit staffing", "128500.00", "126940.35", "Business manager, two officers and an administrator."
        ),
        LineSpec(
            "Independent chair",
            "22000.00",
            "24350.00",
            "Overspent: the chair led the rapid reviews of the winter\nand attended two extra partnership meetings.",
        ),
        LineSpec(
            "Child safeguarding practice reviews", "30000.00", "21600.00", "Independent reviewers and panel costs."
        ),
        LineSpec("Multi-agency training programme", "18000.00", "16480.20"),
        LineSpec("Child death overview panel", "9500.00", "9500.00", up_front=True),
        LineSpec("Website and communications", "4500.00", "3975.00"),
        LineSpec("Annual conference", "6000.00", "5640.00", "Held at the Northmoor Civic Centre."),
        LineSpec("Venue hire and meeting costs", "3000.00", "2180.45"),
    ),
    contributions=(
        ContributionSpec("cs", "92000.00", in_kind="Office space and IT for the business unit."),
        ContributionSpec("police", "28500.00"),
        ContributionSpec("ccg", "41200.00"),
        ContributionSpec("nps", "2400.00"),
        ContributionSpec("crc", "1300.00"),
        ContributionSpec("cafcass", "550.00"),
        # Only the share is published in the trust's own accounts.
        ContributionSpec("dvh", share="10.97"),
        ContributionSpec("schools", in_kind="Venues for the training programme and the annual conference."),
    ),
)

ADULTS_MONEY = BoardMoney(
    income=(
        LineSpec(
            "Contributions from partner agencies", "142000.00", "142000.00", "As agreed by the partners.", up_front=True
        ),
        LineSpec("Carried forward from the previous year", "6300.00", "6300.00", up_front=True),
        LineSpec("Training income", "2500.00", "1980.00"),
        LineSpec("Health contribution towards safeguarding adults reviews", "10000.00", "10000.00", up_front=True),
    ),
    expenditure=(
        LineSpec("Business unit staffing", "88000.00", "86420.10"),
        LineSpec("Independent chair", "18000.00", "17400.00"),
        LineSpec(
            "Safeguarding adults reviews",
            "25000.00",
            "31250.00",
            "Overspent: two reviews ran at once (Adult D and Adult F).",
        ),
        LineSpec("Training and workforce development", "12000.00", "10960.00"),
        LineSpec("Making Safeguarding Personal engagement", "3500.00", "2975.00"),
        LineSpec("Website and communications", "3000.00", "2410.75"),
        LineSpec("Annual conference", "4000.00", "3880.00"),
    ),
    contributions=(
        ContributionSpec("asc", "78000.00", in_kind="The business unit's office, and minute taking."),
        ContributionSpec("police", "18000.00"),
        ContributionSpec("ccg", "36000.00"),
        ContributionSpec("mht", share="7.04"),
        ContributionSpec("nps", "1500.00"),
    ),
)

DEMOS = {CHILDREN: CHILDREN_MONEY, ADULTS: ADULTS_MONEY}


def build(*, today: date, stdout: TextIOBase) -> None:
    """Create whatever is missing of the demo boards' money, as at `today`."""
    boards = demo_boards()
    current = ReportingYear.containing(today)
    names = {spec.key: spec.name for spec in AGENCIES}
    found = {agency.name: agency for agency in Agency.objects.filter(name__in=names.values())}
    agencies = {key: found[name] for key, name in names.items() if name in found}
    # The part of this year gone by (at least a month: a budget is set before the year starts).
    progress = Decimal(max((today - current.start).days, 30)) / Decimal((current.end - current.start).days + 1)
    progress = min(progress, Decimal(1))
    for key, money in DEMOS.items():
        if key in boards:
            _build_board(boards[key], money, current, progress, agencies, stdout)


def _amounts(spec: LineSpec, this_year: bool, progress: Decimal) -> tuple[Decimal, Decimal]:
    budget, actual = Decimal(spec.budget), Decimal(spec.actual)
    if not this_year:
        return budget, actual
    budget = (budget * UPLIFT).quantize(POUND, ROUND_HALF_UP).quantize(PENNY)
    if spec.up_front:
        return budget, budget
    return budget, (actual * UPLIFT * progress).quantize(PENNY, ROUND_HALF_UP)


def _to_date(kind: str, spec: LineSpec) -> str:
    if spec.up_front:
        return ""
    return "Received to date." if kind == LineKind.INCOME else "Spending to date."


def _build_board(
    board: Board, money: BoardMoney, current: ReportingYear, progress: Decimal, agencies: dict, stdout: TextIOBase
) -> None:
    made = Counter()
    for year in (current.previous, current):
        this_year = year == current
        stored = {
            (line.kind, line.line) for line in BudgetLine.objects.of_board(board).of_year(year).only("kind", "line")
        }
        for kind, specs in ((LineKind.INCOME, money.income), (LineKind.EXPENDITURE, money.expenditure)):
            for position, spec in enumerate(specs, start=1):
                if (kind, spec.line) in stored:
                    continue
                budget, actual = _amounts(spec, this_year, progress)
                note = spec.note if not this_year else _to_date(kind, spec)
                line = BudgetLine(
                    board=board,
                    year=year.first,
                    kind=kind,
                    line=spec.line,
                    budget=budget,
                    actual=actual,
                    note=note,
                    position=position,
                )
                budget_line_save(line=line, by=None)
                made["budget lines"] += 1
        given = set(Contribution.objects.of_board(board).of_year(year).values_list("agency_id", flat=True))
        for spec in money.contributions:
            agency = agencies.get(spec.agency)
            if agency is None or agency.pk in given:
                continue
            amount = Decimal(spec.amount) if spec.amount else None
            if amount is not None and this_year:
                amount = (amount * UPLIFT).quantize(POUND, ROUND_HALF_UP).quantize(PENNY)
            contribution = Contribution(
                board=board,
                year=year.first,
                agency=agency,
                amount=amount,
                share=Decimal(spec.share) if spec.share else None,
                in_kind=spec.in_kind,
            )
            contribution_save(contribution=contribution, by=None)
            made["contributions"] += 1
    lines = BudgetLine.objects.of_board(board)
    stdout.write(
        f"finance: {board.label}: {lines.count()} budget lines, "
        f"{Contribution.objects.of_board(board).count()} contributions over {current.previous} and {current}."
    )
    summary = ", ".join(f"{count} {noun}" for noun, count in made.items() if count)
    stdout.write(f"finance: {board.label}: created {summary or 'nothing (the money was already complete)'}.")
