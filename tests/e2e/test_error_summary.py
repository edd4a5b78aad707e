"""A form sent with mistakes comes back with its error summary focused at the top of the page;
each of its links moves the focus to the field it is about, in a plain form and in a formset's
row. Every page is checked by axe."""

import os
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.factories import BudgetLineFactory, default_board

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOTS = os.environ.get("SCREENSHOTS_DIR", "/tmp")


def test_a_bad_form_focuses_its_summary_and_a_link_moves_to_the_field(page, live_server, sign_in, axe_clean, manager):
    board = default_board()
    sign_in(page, "manager")
    page.goto(f"{live_server.url}/{board.slug}/training/new/")
    page.get_by_label("Title").fill("")
    page.get_by_label("Date").fill("04/13/2026")  # month first
    page.get_by_role("button", name="Add the event").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem: nothing has been saved yet")
    axe_clean(page)
    page.screenshot(path=f"{SHOTS}/error-summary-form.png", full_page=True)

    expect(summary.get_by_role("link", name="Date: Enter the date day first, as 27/11/2026.")).to_be_visible()
    summary.get_by_role("link", name="Date:").click()
    expect(page.get_by_label("Date")).to_be_focused()
    expect(page.get_by_label("Date")).to_have_value("04/13/2026")
    summary.get_by_role("link", name="Title:").click()
    expect(page.get_by_label("Title")).to_be_focused()


def test_a_formset_rows_error_links_to_its_field(page, live_server, sign_in, axe_clean, manager):
    board = default_board()
    BudgetLineFactory(line="Business unit staffing", budget=Decimal("95000.00"), position=1)
    BudgetLineFactory(line="Independent chair", budget=Decimal("20000.00"), position=2)
    sign_in(page, "manager")
    page.goto(f"{live_server.url}/{board.slug}/money/2025-26/expenditure/")
    page.get_by_label("Row 2: Budget").fill("about twenty thousand")
    page.get_by_role("button", name="Save the expenditure lines").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    axe_clean(page)
    page.screenshot(path=f"{SHOTS}/error-summary-formset.png", full_page=True)
    summary.get_by_role("link", name="Row 2: Budget:").click()
    expect(page.get_by_label("Row 2: Budget")).to_be_focused()
    expect(page.get_by_label("Row 2: Budget")).to_have_value("about twenty thousand")
