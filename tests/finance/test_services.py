"""The writes of the board's money (finance.services) and how amounts are typed and shown
(finance.money): exact pounds and pence, a total line refused, a year's lines all or nothing."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from finance.models import TOTAL_MESSAGE, BudgetLine, Contribution
from finance.money import MoneyError, parse_money, pounds, remaining_text
from finance.services import (
    Row,
    RowErrors,
    budget_line_delete,
    budget_line_save,
    budget_lines_save,
    contribution_delete,
    contribution_save,
    contributions_save,
)
from lscb.concurrency import StaleEdit
from lscb.years import ReportingYear
from tests.factories import AgencyFactory, BoardFactory, BudgetLineFactory, ContributionFactory, UserFactory

pytestmark = pytest.mark.django_db

YEAR = ReportingYear(2025)


# --- amounts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("£1,234.56", Decimal("1234.56")),
        ("1234.5", Decimal("1234.50")),
        ("1234", Decimal("1234.00")),
        (" £ 12 ", Decimal("12.00")),
        ("£1\u00a0234.56", Decimal("1234.56")),
        ("-£4,999.80", Decimal("-4999.80")),
        ("\u2212£4,999.80", Decimal("-4999.80")),
        ("£-5", Decimal("-5.00")),
        (".5", Decimal("0.50")),
        ("1,234,567.00", Decimal("1234567.00")),
        (1234.56, Decimal("1234.56")),
        (118878.0, Decimal("118878.00")),
        (12, Decimal("12.00")),
        ("", None),
        (None, None),
    ],
)
def test_an_amount_is_typed_forgivingly_and_kept_exactly(typed, kept):
    amount = parse_money(typed)
    assert amount == kept
    assert amount is None or (isinstance(amount, Decimal) and amount.as_tuple().exponent == -2)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12.345", "at most two figures after the point"),
        ("0.001", "at most two figures after the point"),
        ("1,23", "Enter an amount"),
        ("12,34.00", "Enter an amount"),
        ("twelve", "Enter an amount"),
        ("£", "Enter an amount"),
        ("1e5", "Enter an amount"),
        ("NaN", "Enter an amount"),
        ("--5", "Enter an amount"),
        ("\u0663\u0664", "Enter an amount"),  # digits of another script
        ("1000000000000.00", "too large"),
        (True, "Enter an amount"),
    ],
)
def test_an_amount_that_is_not_money_is_refused_with_a_clear_message(typed, message):
    with pytest.raises(MoneyError, match=message):
        parse_money(typed)


def test_money_is_shown_in_pounds_and_pence():
    assert pounds(Decimal("1234.5")) == "£1,234.50"
    assert pounds(Decimal("-4999.80")) == "-£4,999.80"
    assert pounds(Decimal("0")) == "£0.00"
    assert pounds(None) == "" and pounds(None, blank="—") == "—"
    assert remaining_text(Decimal("-4999.80")) == "£4,999.80 over"
    assert remaining_text(Decimal("120")) == "£120.00"


# --- one line -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Total", "TOTAL", "Total for the whole budget", "Grand total", "Sub-total", "Totals"])
def test_a_line_named_like_a_total_is_refused(board, name):
    line = BudgetLine(board=board, year=2025, kind="expenditure", line=name, budget=Decimal("1.00"))
    with pytest.raises(ValidationError) as refused:
        budget_line_save(line=line, by=None)
    assert refused.value.message_dict["line"] == [TOTAL_MESSAGE.format(line=name)]
    assert not BudgetLine.objects.exists()


def test_a_line_is_saved_with_who_saved_it_and_its_version_moves_on(board):
    user = UserFactory(username="bm")
    line = budget_line_save(
        line=BudgetLine(board=board, year=2025, kind="expenditure", line="Independent\nchair", budget=Decimal("1")),
        by=user,
    )
    assert line.line == "Independent chair"  # a name is kept on one line
    assert (line.version, line.history.get().history_user) == (1, user)
    line.actual = Decimal("2.50")
    budget_line_save(line=line, by=user, version=1)
    assert BudgetLine.objects.get().version == 2
    line.actual = Decimal("3.00")
    with pytest.raises(StaleEdit):
        budget_line_save(line=line, by=user, version=1)
    assert BudgetLine.objects.get().actual == Decimal("2.50")


def test_a_stale_delete_is_refused(board):
    line = BudgetLineFactory(line="Website")
    BudgetLine.objects.filter(pk=line.pk).update(version=3)
    with pytest.raises(StaleEdit):
        budget_line_delete(line=line, by=None, version=1)
    budget_line_delete(line=line, by=None, version=3)
    assert not BudgetLine.objects.exists()


# --- a year's lines -----------------------------------------------------------------------------


def test_a_years_lines_are_saved_in_the_order_given_and_deleted_together(board):
    staffing = BudgetLineFactory(line="Business unit staffing", position=1)
    chair = BudgetLineFactory(line="Independent chair", position=2)
    website = BudgetLine(line="Website", budget=Decimal("4500.00"))
    rows = [Row(website), Row(chair, chair.version), Row(staffing, staffing.version, delete=True)]
    budget_lines_save(board=board, year=YEAR, kind="expenditure", rows=rows, by=None)
    stored = list(BudgetLine.objects.of_board(board).expenditure().order_by("position"))
    assert [(line.line, line.position) for line in stored] == [("Website", 1), ("Independent chair", 2)]
    assert stored[0].board == board and stored[0].year == 2025


def test_a_years_lines_are_all_or_nothing_with_each_rows_error(board):
    staffing = BudgetLineFactory(line="Business unit staffing", position=1, budget=Decimal("1.00"))
    staffing.budget = Decimal("2.00")
    rows = [
        Row(staffing, staffing.version),
        Row(BudgetLine(line="Total", budget=Decimal("3.00"))),
        Row(BudgetLine(line="Website")),
        Row(BudgetLine(line="website")),
    ]
    with pytest.raises(RowErrors) as refused:
        budget_lines_save(board=board, year=YEAR, kind="expenditure", rows=rows, by=None)
    assert set(refused.value.rows) == {3}  # the name twice, found before anything is written
    rows.pop()
    with pytest.raises(RowErrors) as refused:
        budget_lines_save(board=board, year=YEAR, kind="expenditure", rows=rows, by=None)
    assert set(refused.value.rows) == {1}
    assert refused.value.rows[1].message_dict["line"] == [TOTAL_MESSAGE.format(line="Total")]
    assert list(BudgetLine.objects.values_list("line", "budget")) == [("Business unit staffing", Decimal("1.00"))]


def test_a_new_line_may_take_the_name_another_line_gives_up_in_the_same_save(board):
    training = BudgetLineFactory(line="Training", position=1)
    training.line = "Training programme"
    rows = [Row(BudgetLine(line="Training", budget=Decimal("5.00"))), Row(training, training.version)]
    budget_lines_save(board=board, year=YEAR, kind="expenditure", rows=rows, by=None)
    assert list(BudgetLine.objects.order_by("position").values_list("line", "position")) == [
        ("Training", 1),
        ("Training programme", 2),
    ]


def test_two_lines_swapping_their_names_are_refused_on_a_row_and_nothing_is_written(board):
    first = BudgetLineFactory(line="Chair", position=1)
    second = BudgetLineFactory(line="Staffing", position=2)
    first.line, second.line = "Staffing", "Chair"
    with pytest.raises(RowErrors) as refused:
        budget_lines_save(board=board, year=YEAR, kind="expenditure", rows=[Row(first, 1), Row(second, 1)], by=None)
    assert "already has a line with this name" in " ".join(refused.value.messages)
    assert list(BudgetLine.objects.order_by("position").values_list("line", flat=True)) == ["Chair", "Staffing"]


def test_a_new_contribution_may_take_the_agency_another_row_gives_up(board):
    police, council = AgencyFactory(name="Northmoor Constabulary"), AgencyFactory(name="Northmoor Council")
    moved = ContributionFactory(agency=police, amount=Decimal("1.00"))
    moved.agency = council
    rows = [Row(Contribution(agency=police, amount=Decimal("2.00"))), Row(moved, moved.version)]
    contributions_save(board=board, year=YEAR, rows=rows, by=None)
    assert dict(Contribution.objects.values_list("agency__name", "amount")) == {
        "Northmoor Constabulary": Decimal("2.00"),
        "Northmoor Council": Decimal("1.00"),
    }


def test_a_line_of_another_board_or_year_is_not_saved_among_this_years(board):
    other = BoardFactory(name="Northmoor Safeguarding Adults Board", slug="nsab", kind="adults")
    theirs = BudgetLineFactory(board=other, line="Theirs")
    last_year = BudgetLineFactory(year=2024, line="Last year's")
    for line in (theirs, last_year):
        with pytest.raises(ValidationError):
            budget_lines_save(board=board, year=YEAR, kind="expenditure", rows=[Row(line, line.version)], by=None)
    with pytest.raises(ValidationError):
        budget_lines_save(board=board, year=YEAR, kind="savings", rows=[], by=None)


# --- contributions ------------------------------------------------------------------------------


def test_a_contribution_is_an_amount_a_share_or_support_in_kind(board):
    police = AgencyFactory(name="Northmoor Constabulary")
    with pytest.raises(ValidationError, match="Give the amount, the published share"):
        contribution_save(contribution=Contribution(board=board, year=2025, agency=police), by=None)
    with pytest.raises(ValidationError) as refused:
        contribution_save(
            contribution=Contribution(board=board, year=2025, agency=police, share=Decimal("101")), by=None
        )
    assert "share" in refused.value.message_dict
    saved = contribution_save(
        contribution=Contribution(board=board, year=2025, agency=police, share=Decimal("12.5")), by=None
    )
    assert saved.share == Decimal("12.50") or saved.share == Decimal("12.5")
    contribution_delete(contribution=saved, by=None, version=saved.version)
    assert not Contribution.objects.exists()


def test_a_years_contributions_are_all_or_nothing(board):
    police = ContributionFactory(agency=AgencyFactory(name="Northmoor Constabulary"), amount=Decimal("1.00"))
    police.amount = Decimal("2.00")
    council = AgencyFactory(name="Northmoor Council")
    rows = [Row(police, police.version), Row(Contribution(agency=council))]
    with pytest.raises(RowErrors) as refused:
        contributions_save(board=board, year=YEAR, rows=rows, by=None)
    assert set(refused.value.rows) == {1}
    assert Contribution.objects.get().amount == Decimal("1.00")
    rows = [Row(police, police.version), Row(Contribution(agency=police.agency, amount=Decimal("5")))]
    with pytest.raises(RowErrors, match="same agency"):
        contributions_save(board=board, year=YEAR, rows=rows, by=None)


# --- junk in the address ------------------------------------------------------------------------


JUNK = ["x", "../", "9999-00", "\x00", "99999999999999999999999", "-1", "", "1" * 5000, "<script>", "2025-13-45"]


def test_the_money_pages_answer_junk_parameters_without_a_server_error(client_for, manager, board):
    BudgetLineFactory(line="Website", budget=Decimal("1.00"))
    client = client_for(manager)
    client.raise_request_exception = False
    names = ["year", "kind", "q", "sort", "page", "per_page", "_export"]
    failures = []
    for url in (
        reverse("finance:budget", args=[board.slug]),
        reverse("finance:line-list", args=[board.slug]),
        reverse("finance:lines-edit", args=[board.slug, "2025-26", "income"]),
        reverse("finance:contributions-edit", args=[board.slug, "2025-26"]),
    ):
        for junk in JUNK:
            query = urlencode(dict.fromkeys(names, junk))
            for send in (client.get, client.post):
                response = send(f"{url}?{query}")
                if response.status_code >= 500:
                    failures.append(f"{url}?{query[:60]}: {response.status_code}")
    assert not failures, "\n".join(failures)


# --- any amount, any text ------------------------------------------------------------------------


@given(st.decimals(min_value=Decimal("-999999999999.99"), max_value=Decimal("999999999999.99"), places=2))
def test_an_amount_shown_reads_back_as_itself(amount):
    assert parse_money(pounds(amount)) == amount
    assert parse_money(str(amount)) == amount
    assert parse_money(f"{amount:,.2f}") == amount


@given(st.text(max_size=40))
@example("1e400")
@example("٣٤")  # digits of another script
@example("1_000")
def test_any_text_is_money_or_refused_with_a_message(text):
    try:
        amount = parse_money(text)
    except MoneyError as error:
        assert str(error)
        return
    assert amount is None or (amount.is_finite() and amount.as_tuple().exponent == -2)
