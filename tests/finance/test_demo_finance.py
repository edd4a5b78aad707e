"""The demo boards' money (demo_data): both boards, the last full year and the current one, income
and expenditure lines with one overspent line, and the statutory partners' contributions."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from finance.models import TOTAL_NAME, BudgetLine, Contribution
from finance.selectors import year_finance
from governance.demo.boards import find
from governance.demo.groups import ADULTS, CHILDREN
from lscb.years import ReportingYear
from tests.factories import ensure_roles

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 27)
CURRENT = ReportingYear.containing(TODAY)
PREVIOUS = CURRENT.previous


def build_demo() -> str:
    out = StringIO()
    call_command("demo_data", "--today", TODAY.isoformat(), "--force", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    """The demo, built once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        ensure_roles()
        build_demo()
        yield
        transaction.set_rollback(True)


def counts() -> dict[str, int]:
    return {
        "lines": BudgetLine.objects.count(),
        "contributions": Contribution.objects.count(),
        "line history": BudgetLine.history.count(),
        "contribution history": Contribution.history.count(),
    }


@pytest.mark.parametrize("key", [CHILDREN, ADULTS])
def test_each_board_has_both_years_of_lines_and_contributions(key):
    board = find(key)
    for year in (PREVIOUS, CURRENT):
        lines = BudgetLine.objects.of_board(board).of_year(year)
        assert 4 <= lines.income().count() <= 6
        assert 6 <= lines.expenditure().count() <= 10
        assert not [line.line for line in lines if TOTAL_NAME.match(line.line)]
        contributions = list(Contribution.objects.of_board(board).of_year(year))
        assert len(contributions) >= 4
        assert any(c.amount is None and c.share is not None for c in contributions)  # a published share only
        assert any(c.in_kind for c in contributions)
        assert sum(1 for c in contributions if c.amount is not None) >= 3
    assert not BudgetLine.objects.of_board(board).exclude(year__in=[PREVIOUS.first, CURRENT.first]).exists()


@pytest.mark.parametrize("key", [CHILDREN, ADULTS])
def test_last_year_has_one_overspent_line_and_totals_that_add_up(key):
    board = find(key)
    overspent = [
        line for line in BudgetLine.objects.of_board(board).of_year(PREVIOUS).expenditure() if line.remaining < 0
    ]
    assert len(overspent) == 1
    finance = year_finance(board, PREVIOUS)
    assert finance["remaining_total"] == finance["budget_total"] - finance["actual_total"]
    assert finance["income_total"] > finance["actual_total"] > Decimal("100000")
    assert all(row["amount"] == row["amount"].quantize(Decimal("0.01")) for row in finance["income"])


def test_this_years_spending_is_to_date():
    board = find(CHILDREN)
    this_year = year_finance(board, CURRENT)
    last_year = year_finance(board, PREVIOUS)
    assert this_year["budget_total"] > last_year["budget_total"]
    assert Decimal("0") < this_year["actual_total"] < this_year["budget_total"]


def test_the_statement_of_a_demo_board_opens(client_for):
    from tests.factories import UserFactory

    user = UserFactory(username="demo-reader", is_superuser=True)
    board = find(ADULTS)
    response = client_for(user).get(f"/{board.slug}/money/")
    page = response.content.decode()
    assert response.status_code == 200
    assert f"Money {CURRENT}" in page and "£" in page


def test_building_again_creates_nothing():
    before = counts()
    output = build_demo()
    assert counts() == before
    assert "finance: NSCP: created nothing" in output
    assert "finance: NSAB: created nothing" in output
