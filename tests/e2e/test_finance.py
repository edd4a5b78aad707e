"""The business manager reads the year's statement and corrects its expenditure lines: a line
named like a total is refused with its reason and nothing typed is lost; the statement's totals
follow the lines. Every page on the way is checked by axe."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from finance.models import BudgetLine
from tests.factories import AgencyFactory, BudgetLineFactory, ContributionFactory, default_board

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_business_manager_corrects_a_years_expenditure_lines(page, live_server, sign_in, axe_clean, manager):
    board = default_board()
    BudgetLineFactory(
        kind="income", line="Contributions from partner agencies", budget=Decimal("118878.00"), position=1
    )
    BudgetLineFactory(line="Business unit staffing", budget=Decimal("95000.00"), actual=Decimal("89000.20"), position=1)
    BudgetLineFactory(
        line="Independent chair",
        budget=Decimal("20000.00"),
        actual=Decimal("24999.80"),
        position=2,
        note="Two extra rapid reviews.\nAgreed by the Business Group.",
    )
    ContributionFactory(agency=AgencyFactory(name="Northmoor Constabulary"), amount=Decimal("25000.00"))
    ContributionFactory(agency=AgencyFactory(name="Northmoor Health"), share=Decimal("12.50"))
    sign_in(page, "manager")

    page.goto(f"{live_server.url}/{board.slug}/money/?year=2025-26")
    expect(page.get_by_role("heading", level=1)).to_have_text("Money 2025-26")
    expect(page.get_by_role("cell", name="£4,999.80 over")).to_be_visible()
    expect(page.get_by_role("row", name="Total expenditure")).to_contain_text("£114,000.00")
    axe_clean(page)

    page.get_by_role("link", name="Edit the expenditure lines").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The expenditure lines of 2025-26")
    axe_clean(page)
    page.get_by_label("Row 3: Line").fill("Total")
    page.get_by_label("Row 3: Budget").fill("£1,234.56")
    page.get_by_label("Row 2: Actual").fill("20000")
    page.get_by_role("button", name="Save the expenditure lines").click()
    expect(page.get_by_text('A line cannot be a total ("Total")').first).to_be_visible()
    expect(page.get_by_label("Row 3: Budget")).to_have_value("£1,234.56")  # what was typed is kept
    expect(page.get_by_label("Row 2: Actual")).to_have_value("20000")
    axe_clean(page)
    assert BudgetLine.objects.get(line="Independent chair").actual == Decimal("24999.80")

    page.get_by_label("Row 3: Line").fill("Website")
    page.get_by_label("Row 3: Order").fill("1")
    page.get_by_role("button", name="Save the expenditure lines").click()
    expect(page.get_by_text("Saved the expenditure lines of 2025-26.")).to_be_visible()
    expect(page.get_by_role("row", name="Total expenditure")).to_contain_text("£116,234.56")
    expect(page.get_by_role("row", name="Total expenditure")).to_contain_text("£109,000.20")
    axe_clean(page)
    lines = list(BudgetLine.objects.expenditure().order_by("position").values_list("line", "budget"))
    assert lines[0] == ("Website", Decimal("1234.56"))


def test_the_contributions_form_and_the_list_of_lines_pass_axe(page, live_server, sign_in, axe_clean, manager):
    board = default_board()
    BudgetLineFactory(line="Independent chair", budget=Decimal("20000.00"), actual=Decimal("24999.80"))
    police = AgencyFactory(name="Northmoor Constabulary")
    ContributionFactory(agency=police, amount=Decimal("25000.00"))
    AgencyFactory(name="Northmoor Council")
    sign_in(page, "manager")

    page.goto(f"{live_server.url}/{board.slug}/money/2025-26/contributions/")
    axe_clean(page)
    page.get_by_label("Row 2: Agency").select_option(label="Northmoor Council")
    page.get_by_label("Row 2: Share (%)").fill("120")
    page.get_by_role("button", name="Save the contributions").click()
    expect(page.get_by_text("A share is between 0 and 100 percent.").first).to_be_visible()
    axe_clean(page)
    page.get_by_label("Row 2: Share (%)").fill("12.5%")
    page.get_by_label("Row 2: In kind").fill("Meeting rooms.\nMinute taking.")
    page.get_by_role("button", name="Save the contributions").click()
    expect(page.get_by_text("Saved the contributions of 2025-26.")).to_be_visible()
    expect(page.get_by_role("cell", name="12.50%")).to_be_visible()

    page.goto(f"{live_server.url}/{board.slug}/money/lines/")
    expect(page.get_by_role("cell", name="£4,999.80 over")).to_be_visible()
    axe_clean(page)
