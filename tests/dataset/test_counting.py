"""The counting rules of the new figures (DOMAIN.md, "How the new figures are counted")."""

from decimal import Decimal

import pytest

from dataset.models import Unit
from dataset.selectors import year_dataset
from finance.selectors import contributions_json, finance_json, year_contributions, year_finance
from lscb.years import ReportingYear
from tests.factories import (
    AgencyFactory,
    BudgetLineFactory,
    ContributionFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    TrainingAttendanceFactory,
    TrainingEventFactory,
)
from training.selectors import year_training

pytestmark = pytest.mark.django_db
YEAR = ReportingYear(2025)


def test_a_blank_is_not_reported_and_not_counted_in_the_year_total(board):
    episodes = IndicatorFactory(name="Missing episodes", unit=Unit.COUNT)
    IndicatorValueFactory(indicator=episodes, period="2025-04", value=12)
    IndicatorValueFactory(indicator=episodes, period="2025-05", value=None)
    IndicatorValueFactory(indicator=episodes, period="2025-06", value=-2)  # a correction, kept
    IndicatorValueFactory(indicator=episodes, period="2025-03", value=99)  # last year
    [row] = [row.as_json() for row in year_dataset(board, YEAR)]
    [series] = row["series"]
    assert series["values"] == {"2025-04": 12, "2025-05": None, "2025-06": -2}
    assert series["reported"] == 2
    assert series["year_total"] == 10


def test_a_rate_has_no_year_total_and_the_year_holds_its_quarters_and_snapshots(board):
    rate = IndicatorFactory(name="CP plans per 10,000", unit=Unit.RATE)
    for period, value in [("2025-26 Q1", "41.5"), ("2025-26 Q4", "39.25"), ("2026-03-31", "40"), ("2025-26", "40.1")]:
        IndicatorValueFactory(indicator=rate, period=period, value=Decimal(value))
    IndicatorValueFactory(indicator=rate, period="2026-04", value=1)  # next year
    [row] = [row.as_json() for row in year_dataset(board, YEAR)]
    [series] = row["series"]
    assert series["values"] == {"2025-26 Q1": 41.5, "2025-26": 40.1, "2025-26 Q4": 39.25, "2026-03-31": 40}
    assert series["year_total"] is None


def test_training_counts_held_events_and_agencies_that_booked_and_did_not_come(board):
    police, school = AgencyFactory(name="Police"), AgencyFactory(name="Schools")
    course = TrainingEventFactory(booked=20, attended=15, places=25, evaluations=10, rated_good=8)
    TrainingAttendanceFactory(event=course, agency=police, booked=5, attended=0)
    TrainingAttendanceFactory(event=course, agency=school, booked=15, attended=15)
    TrainingEventFactory(booked=10, attended=None, cancelled=True)
    TrainingEventFactory(date="2026-04-01", booked=50, attended=50)  # next year
    training = year_training(board, YEAR)
    assert (training["events"], training["cancelled"]) == (2, 1)
    assert (training["booked"], training["attended"], training["attendance_rate"]) == (20, 15, 75.0)
    assert training["by_agency"] == [
        {"agency": "Police", "booked": 5, "attended": 0},
        {"agency": "Schools", "booked": 15, "attended": 15},
    ]


def test_money_is_exact_and_totals_come_from_the_lines(board):
    BudgetLineFactory(kind="income", line="Contributions", budget=Decimal("118878.00"), actual=Decimal("118878.00"))
    BudgetLineFactory(kind="income", line="Training income", budget=Decimal("1000.10"))
    BudgetLineFactory(line="Staffing", budget=Decimal("100000.10"), actual=Decimal("90000.05"))
    BudgetLineFactory(line="Chair", budget=Decimal("20000.20"), actual=Decimal("25000.00"))
    finance = finance_json(year_finance(board, YEAR))
    assert finance["income_total"] == "119878.10"
    assert finance["budget_total"] == "120000.30"
    assert finance["actual_total"] == "115000.05"
    assert finance["remaining_total"] == "5000.25"
    assert finance["expenditure"][1]["remaining"] == "-4999.80"
    assert finance["spent_pct"] == 95.83


def test_a_contribution_is_an_amount_or_a_published_share(board):
    ContributionFactory(agency=AgencyFactory(name="Council"), amount=Decimal("50000"))
    ContributionFactory(agency=AgencyFactory(name="Police"), share=Decimal("12.5"))
    assert contributions_json(year_contributions(board, YEAR)) == [
        {"agency": "Council", "amount": "50000.00", "share": None},
        {"agency": "Police", "amount": None, "share": 12.5},
    ]
