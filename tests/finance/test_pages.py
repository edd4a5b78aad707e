"""The money pages: the year's statement (totals computed, money as £1,234.56), editing a year's
lines and contributions as formsets (all or nothing, errors per row, nothing typed lost, a total
line refused), the list of every line with its exports, who may do what, and query counts."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from finance.models import TOTAL_MESSAGE, BudgetLine, Contribution
from tests.factories import AgencyFactory, BoardFactory, BudgetLineFactory, ContributionFactory

pytestmark = pytest.mark.django_db

LONG_NOTE = (
    "Première ligne: la réunion du comité \u2013 “Café Crème” and the école\u2019s hall.\n"
    "Second line: ñ, ø, ß, ł, Ångström; agreed by the Business Group.\n" * 30
).strip()


def url(name: str, board, *args) -> str:
    return reverse(f"finance:{name}", args=[board.slug, *args])


@pytest.fixture
def year_2025(board):
    police = AgencyFactory(name="Northmoor Constabulary")
    council = AgencyFactory(name="Northmoor Council")
    health = AgencyFactory(name="Northmoor Health")
    income = [
        BudgetLineFactory(
            kind="income", line="Contributions from partner agencies", budget=Decimal("118878.00"), position=1
        ),
        BudgetLineFactory(
            kind="income", line="Training income", budget=Decimal("5000.00"), actual=Decimal("4250.50"), position=2
        ),
    ]
    spending = [
        BudgetLineFactory(
            line="Business unit staffing", budget=Decimal("95000.00"), actual=Decimal("89000.20"), position=1
        ),
        BudgetLineFactory(
            line="Independent chair", budget=Decimal("20000.00"), actual=Decimal("24999.80"), position=2, note=LONG_NOTE
        ),
    ]
    contributions = [
        ContributionFactory(agency=police, amount=Decimal("25000.00")),
        ContributionFactory(agency=council, amount=Decimal("60000.00"), in_kind="Meeting rooms\nand minute taking"),
        ContributionFactory(agency=health, share=Decimal("12.50")),
    ]
    return {"income": income, "spending": spending, "contributions": contributions, "police": police}


# --- the statement -------------------------------------------------------------------------------


def test_the_statement_shows_the_lines_and_the_computed_totals(client_for, board_member, board, year_2025):
    response = client_for(board_member).get(url("budget", board), {"year": "2025-26"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Money 2025-26" in page
    assert "£118,878.00" in page and "(expected)" in page  # an income line with no actual yet
    assert "£4,250.50" in page
    assert "£123,128.50" in page  # income total: 118878.00 + 4250.50
    assert "£115,000.00" in page  # budget total
    assert "£114,000.00" in page  # actual total 89000.20 + 24999.80
    assert "£4,999.80 over" in page  # the chair's line overspent
    assert "£5,999.80<" in page  # the business unit's remaining
    assert "£1,000.00<" in page  # remaining in all
    assert "125.00%" in page and "99.13%" in page  # share spent per line and in all
    assert "£85,000.00" in page  # contributions total (the share-only one is not in it)
    assert "12.50%" in page
    assert "known only by its published share" in page
    assert "Meeting rooms<br>and minute taking" in page
    assert "Première ligne" in page and "Ångström" in page
    assert "computed from the lines" in page
    assert f"{url('line-list', board)}?year=2025-26&amp;_export=csv" in page
    # A board member reads; only the business manager edits.
    assert url("lines-edit", board, "2025-26", "income") not in page


def test_the_statement_defaults_to_the_latest_year_with_lines(client_for, board_member, board):
    BudgetLineFactory(year=2023, line="Old line")
    BudgetLineFactory(year=2024, line="Last year's line")
    response = client_for(board_member).get(url("budget", board))
    assert response.context["statement"].year.label == "2024-25"
    assert "Last year&#x27;s line" in response.content.decode()


def test_a_year_that_is_no_year_shows_the_default_with_a_message(client_for, board_member, board):
    BudgetLineFactory(year=2024, line="Last year's line")
    for junk in ("2025-27", "twenty", "2025-26\x00", "9999-00"):
        response = client_for(board_member).get(url("budget", board), {"year": junk})
        assert response.status_code == 200
        assert response.context["statement"].year.label == "2024-25"


def test_a_year_without_lines_says_so(client_for, manager, board):
    response = client_for(manager).get(url("budget", board), {"year": "2019-20"})
    page = response.content.decode()
    assert "No income lines for 2019-20" in page and "No contributions recorded for 2019-20" in page
    assert url("lines-edit", board, "2019-20", "income") in page


def test_another_boards_money_is_not_shown(client_for, board_member, board, year_2025):
    other = BoardFactory(name="Northmoor Safeguarding Adults Board", slug="nsab", kind="adults")
    BudgetLineFactory(board=other, line="The adults board's secret line", budget=Decimal("1.00"))
    page = client_for(board_member).get(url("budget", board), {"year": "2025-26"}).content.decode()
    assert "secret line" not in page


def test_the_statement_reads_in_a_fixed_number_of_queries(
    client_for, board_member, board, year_2025, django_assert_max_num_queries
):
    for number in range(30):
        BudgetLineFactory(line=f"Extra line {number}", budget=Decimal("10.00"), actual=Decimal("1.00"))
        ContributionFactory(agency=AgencyFactory(name=f"Agency {number}"), amount=Decimal("1.00"))
    client = client_for(board_member)
    with django_assert_max_num_queries(10):
        response = client.get(url("budget", board), {"year": "2025-26"})
    assert response.status_code == 200


# --- editing a year's lines ----------------------------------------------------------------------


def management(prefix: str, total: int, initial: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "200",
    }


def line_row(prefix: str, index: int, record: BudgetLine | None = None, **values) -> dict:
    data = {}
    if record is not None:
        line = record
        data = {
            "id": str(line.pk),
            "version": str(line.version),
            "line": line.line,
            "budget": "" if line.budget is None else str(line.budget),
            "actual": "" if line.actual is None else str(line.actual),
            "note": line.note,
            "ORDER": str(index + 1),
        }
    data.update(values)
    return {f"{prefix}-{index}-{key}": value for key, value in data.items()}


def test_the_business_manager_edits_a_years_expenditure_lines(client_for, manager, board, year_2025):
    staffing, chair = year_2025["spending"]
    data = {
        **management("expenditure", 4, 2),
        **line_row("expenditure", 0, staffing, ORDER="2", actual="£91,000.5"),
        **line_row("expenditure", 1, chair, DELETE="on"),
        **line_row(
            "expenditure", 2, None, line="Website", budget="1234.56", actual="£1,000", note=LONG_NOTE, ORDER="1"
        ),
        **line_row("expenditure", 3, None),
    }
    response = client_for(manager).post(url("lines-edit", board, "2025-26", "expenditure"), data)
    assert response.status_code == 302
    assert response["Location"] == f"{url('budget', board)}?year=2025-26"
    lines = list(BudgetLine.objects.of_board(board).expenditure().order_by("position"))
    assert [(line.line, line.position) for line in lines] == [("Website", 1), ("Business unit staffing", 2)]
    website, staffing = lines
    assert website.budget == Decimal("1234.56") and website.actual == Decimal("1000.00")
    assert website.note == LONG_NOTE.replace("\n", "\r\n") or website.note == LONG_NOTE
    assert staffing.actual == Decimal("91000.50") and staffing.version == 2
    assert staffing.history.first().history_user == manager
    assert not BudgetLine.objects.filter(pk=chair.pk).exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"line": "Total"}, TOTAL_MESSAGE.format(line="Total")),
        ({"line": "Total for the whole budget"}, TOTAL_MESSAGE.format(line="Total for the whole budget")),
        ({"line": "Sub-total"}, "A line cannot be a total"),
        ({"budget": "12.345"}, "at most two figures after the point"),
        ({"budget": "twelve pounds"}, "Enter an amount in pounds and pence"),
        ({"actual": "1,23"}, "Enter an amount in pounds and pence"),
        ({"line": ""}, "This field is required."),
        ({"line": "Business unit staffing"}, "Row 1 has the same name"),
    ],
)
def test_a_refused_line_saves_nothing_and_keeps_what_was_typed(client_for, manager, board, year_2025, changes, message):
    staffing, chair = year_2025["spending"]
    new = {"line": "Conference", "budget": "2,500", "actual": "2400.10", "note": LONG_NOTE, **changes}
    data = {
        **management("expenditure", 3, 2),
        **line_row("expenditure", 0, staffing, actual="99.99"),
        **line_row("expenditure", 1, chair),
        **line_row("expenditure", 2, None, **new),
    }
    before = list(BudgetLine.objects.order_by("pk").values())
    response = client_for(manager).post(url("lines-edit", board, "2025-26", "expenditure"), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert message.replace('"', "&quot;") in page
    assert "nothing has been saved yet" in page
    assert list(BudgetLine.objects.order_by("pk").values()) == before
    formset = response.context["formset"]
    assert formset.forms[0]["actual"].value() == "99.99"  # what was typed is kept
    assert formset.forms[2]["note"].value() == LONG_NOTE
    assert not formset.forms[0].errors  # the error is on its own row


def test_a_stale_row_is_refused_and_saving_again_goes_through(client_for, manager, board, year_2025):
    staffing, chair = year_2025["spending"]
    data = {
        **management("expenditure", 2, 2),
        **line_row("expenditure", 0, staffing, actual="1.00"),
        **line_row("expenditure", 1, chair),
    }
    staffing.actual = Decimal("5.00")
    staffing.version += 1
    staffing.save()  # someone else saved it meanwhile
    client = client_for(manager)
    response = client.post(url("lines-edit", board, "2025-26", "expenditure"), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Someone else saved" in page and "As the other person saved it" in page
    assert response.context["formset"].forms[0]["actual"].value() == "1.00"
    assert BudgetLine.objects.get(pk=staffing.pk).actual == Decimal("5.00")
    assert "nothing has been saved yet" in page and "Someone else saved some of these rows" in page
    # Saving again, having checked, goes through: the row moved on to the stored version.
    again = response.context["formset"].forms[0].data
    assert str(again["expenditure-0-version"]) == str(staffing.version)
    assert client.post(url("lines-edit", board, "2025-26", "expenditure"), again).status_code == 302
    assert BudgetLine.objects.get(pk=staffing.pk).actual == Decimal("1.00")


def test_another_boards_line_cannot_be_posted_into_this_one(client_for, manager, board, year_2025):
    other = BoardFactory(name="Northmoor Safeguarding Adults Board", slug="nsab", kind="adults")
    theirs = BudgetLineFactory(board=other, line="Theirs", budget=Decimal("1.00"))
    data = {**management("expenditure", 1, 1), **line_row("expenditure", 0, theirs, line="Mine now")}
    client_for(manager).post(url("lines-edit", board, "2025-26", "expenditure"), data)
    theirs_now = BudgetLine.objects.get(pk=theirs.pk)
    assert (theirs_now.board, theirs_now.line, theirs_now.version) == (other, "Theirs", 1)


def test_the_income_form_speaks_of_expected_and_received(client_for, manager, board, year_2025):
    page = client_for(manager).get(url("lines-edit", board, "2025-26", "income")).content.decode()
    assert "Expected" in page and "Received" in page
    assert 'value="118878.00"' in page  # as typed, not as shown


def test_an_unknown_kind_or_a_year_out_of_range_is_not_found(client_for, manager, board):
    client = client_for(manager)
    assert client.get(url("lines-edit", board, "2025-26", "savings")).status_code == 404
    assert client.get(f"/{board.slug}/money/1950-51/income/").status_code == 404
    assert client.get(f"/{board.slug}/money/2025-27/income/").status_code == 404


def test_the_lines_form_reads_in_a_fixed_number_of_queries(
    client_for, manager, board, year_2025, django_assert_max_num_queries
):
    for number in range(30):
        BudgetLineFactory(line=f"Extra line {number}")
    client = client_for(manager)
    with django_assert_max_num_queries(6):
        response = client.get(url("lines-edit", board, "2025-26", "expenditure"))
    assert response.status_code == 200


# --- editing a year's contributions --------------------------------------------------------------


def contribution_row(index: int, contribution: Contribution | None = None, **values) -> dict:
    data = {}
    if contribution is not None:
        data = {
            "id": str(contribution.pk),
            "version": str(contribution.version),
            "agency": str(contribution.agency_id),
            "amount": "" if contribution.amount is None else str(contribution.amount),
            "share": "" if contribution.share is None else str(contribution.share),
            "in_kind": contribution.in_kind,
        }
    data.update(values)
    return {f"contributions-{index}-{key}": value for key, value in data.items()}


def test_the_business_manager_edits_the_contributions(client_for, manager, board, year_2025):
    police, council, health = year_2025["contributions"]
    probation = AgencyFactory(name="Northmoor Probation")
    data = {
        **management("contributions", 5, 3),
        **contribution_row(0, police, amount="£26,500.25"),
        **contribution_row(1, council, DELETE="on"),
        **contribution_row(2, health, share="15%"),
        **contribution_row(3, None, agency=str(probation.pk), in_kind="A venue for the conference.\nStaff time."),
        **contribution_row(4, None),
    }
    response = client_for(manager).post(url("contributions-edit", board, "2025-26"), data)
    assert response.status_code == 302
    stored = {c.agency.name: c for c in Contribution.objects.of_board(board).select_related("agency")}
    assert set(stored) == {"Northmoor Constabulary", "Northmoor Health", "Northmoor Probation"}
    assert stored["Northmoor Constabulary"].amount == Decimal("26500.25")
    assert stored["Northmoor Health"].share == Decimal("15.00")
    assert stored["Northmoor Probation"].in_kind.startswith("A venue")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"share": "120"}, "A share is between 0 and 100 percent."),
        ({"share": "-1"}, "A share is between 0 and 100 percent."),
        ({"amount": "-5"}, "An amount cannot be negative."),
        ({"amount": "1.001"}, "at most two figures after the point"),
        ({"amount": "", "share": "", "in_kind": ""}, "Give the amount, the published share or the support"),
        ({"agency": "999999"}, "Choose an agency from the list."),
    ],
)
def test_a_refused_contribution_saves_nothing(client_for, manager, board, year_2025, changes, message):
    police, council, health = year_2025["contributions"]
    probation = AgencyFactory(name="Northmoor Probation")
    new = {"agency": str(probation.pk), "amount": "100", "in_kind": LONG_NOTE, **changes}
    data = {
        **management("contributions", 4, 3),
        **contribution_row(0, police, amount="1"),
        **contribution_row(1, council),
        **contribution_row(2, health),
        **contribution_row(3, None, **new),
    }
    before = list(Contribution.objects.order_by("pk").values())
    response = client_for(manager).post(url("contributions-edit", board, "2025-26"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(Contribution.objects.order_by("pk").values()) == before
    assert response.context["formset"].forms[0]["amount"].value() == "1"


def test_an_agency_twice_is_refused_on_its_row(client_for, manager, board, year_2025):
    police, council, health = year_2025["contributions"]
    data = {
        **management("contributions", 4, 3),
        **contribution_row(0, police),
        **contribution_row(1, council),
        **contribution_row(2, health),
        **contribution_row(3, None, agency=str(police.agency_id), amount="5"),
    }
    response = client_for(manager).post(url("contributions-edit", board, "2025-26"), data)
    assert response.status_code == 400
    assert "Row 1 is for the same agency" in response.content.decode()


def test_the_contributions_form_reads_the_agencies_once(
    client_for, manager, board, year_2025, django_assert_max_num_queries
):
    for number in range(30):
        ContributionFactory(agency=AgencyFactory(name=f"Agency {number}"), amount=Decimal("1.00"))
    client = client_for(manager)
    with django_assert_max_num_queries(7):
        response = client.get(url("contributions-edit", board, "2025-26"))
    assert response.status_code == 200


# --- who may do what ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["lines-edit", "contributions-edit"])
def test_only_the_business_manager_edits(client_for, board_member, chair, manager, board, year_2025, name):
    args = ["2025-26", "income"] if name == "lines-edit" else ["2025-26"]
    assert client_for(board_member).get(url(name, board, *args)).status_code == 403
    assert client_for(chair).get(url(name, board, *args)).status_code == 403
    assert client_for(board_member).post(url(name, board, *args), {}).status_code == 403
    assert client_for(manager).get(url(name, board, *args)).status_code == 200


def test_another_boards_pages_show_none_of_this_boards_money(client_for, manager, board, year_2025):
    other = BoardFactory(name="Northmoor Safeguarding Adults Board", slug="nsab", kind="adults")
    client = client_for(manager)
    for path in ("", "lines/", "2025-26/expenditure/", "2025-26/contributions/"):
        response = client.get(f"/{other.slug}/money/{path}")
        page = response.content.decode()
        assert response.status_code == 200
        assert "Business unit staffing" not in page and "Northmoor Constabulary" not in page.split("<option")[0]
    assert client.get("/no-such-board/money/").status_code == 404


# --- the list of every line ---------------------------------------------------------------------


def test_the_list_filters_sorts_and_exports_the_lines(client_for, board_member, board, year_2025):
    BudgetLineFactory(year=2024, line="Last year's staffing", budget=Decimal("90000"), actual=Decimal("91000.40"))
    client = client_for(board_member)
    response = client.get(url("line-list", board))
    page = response.content.decode()
    assert response.status_code == 200
    assert "2024-25" in page and "£1,000.40 over" in page
    # Newest year first; in each, income before expenditure, each line in its place.
    assert [line.line for line in response.context["table"].page.object_list.data] == [
        "Contributions from partner agencies",
        "Training income",
        "Business unit staffing",
        "Independent chair",
        "Last year's staffing",
    ]
    response = client.get(url("line-list", board), {"year": "2024-25"})
    assert [line.line for line in response.context["table"].page.object_list.data] == ["Last year's staffing"]
    response = client.get(url("line-list", board), {"kind": "income", "sort": "-budget"})
    assert [line.line for line in response.context["table"].page.object_list.data] == [
        "Contributions from partner agencies",
        "Training income",
    ]
    response = client.get(url("line-list", board), {"year": "2025-26", "_export": "csv"})
    text = b"".join(response.streaming_content if response.streaming else [response.content]).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Year", "Kind", "Line", "Budget", "Actual", "Remaining", "Share spent", "Note"]
    chair = next(row for row in rows if row[2] == "Independent chair")
    assert chair[3:7] == ["20000.00", "24999.80", "-4999.80", "125.00"]
    assert response["Content-Disposition"].endswith(f'{board.slug}-budget-lines.csv"')


def test_the_list_reads_in_a_fixed_number_of_queries(
    client_for, board_member, board, year_2025, django_assert_max_num_queries
):
    for number in range(40):
        BudgetLineFactory(line=f"Extra line {number}")
    client = client_for(board_member)
    with django_assert_max_num_queries(8):
        assert client.get(url("line-list", board)).status_code == 200
