"""The business manager adds an audit, enters two stages of its results, and reads the movement and
the chart."""

import pytest
from playwright.sync_api import expect

from tests.factories import AgencyFactory, GroupFactory, default_board

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def fill_row(page, row: int, counts: dict[str, str], agency: str = "", standard: str = "") -> None:
    if agency:
        page.get_by_label(f"Row {row}: Agency").select_option(label=agency)
    if standard:
        page.get_by_label(f"Row {row}: Standard").fill(standard)
    for label, value in counts.items():
        page.get_by_label(f"Row {row}: {label}").fill(value)


def test_the_manager_adds_an_audit_enters_two_stages_and_sees_the_movement(
    page, live_server, sign_in, axe_clean, manager
):
    board = default_board()
    GroupFactory(name="Quality and Effectiveness Group", short_name="QEG")
    AgencyFactory(name="Northmoor Constabulary")
    AgencyFactory(name="Dale Valley Hospitals NHS Foundation Trust")
    sign_in(page, "manager")

    page.goto(f"{live_server.url}/{board.slug}/learning/audits/")
    axe_clean(page)
    page.get_by_role("link", name="Add an audit").click()
    axe_clean(page)
    page.get_by_label("Name").fill("Section 11 audit 2025")
    page.get_by_label("Kind").select_option(label="Section 11 audit")
    page.get_by_label("Group").select_option(label="Quality and Effectiveness Group")
    page.get_by_label("Started").fill("2025-05-01")
    page.get_by_label("Findings").fill("Agencies' leadership is strong.\nThe voice of the child is not yet heard well.")
    page.get_by_role("button", name="Add the audit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Section 11 audit 2025")
    expect(page.get_by_text("No results entered yet.")).to_be_visible()
    axe_clean(page)

    page.get_by_role("link", name="Enter a stage's results").click()
    axe_clean(page)
    page.get_by_label("Stage").fill("Initial")
    page.get_by_label("Date").fill("2025-06-01")
    fill_row(page, 1, {"Not met": "3", "Partially met": "4", "Fully met": "5"}, agency="Northmoor Constabulary")
    fill_row(
        page,
        2,
        {"Not met": "1", "Fully met": "6", "Not answered": "1"},
        agency="Dale Valley Hospitals NHS Foundation Trust",
    )
    page.get_by_role("button", name="Save the counts").click()
    expect(page.get_by_text("Saved the counts of the stage Initial.")).to_be_visible()

    page.get_by_role("link", name="Enter a stage's results").click()
    # The new stage starts from the agencies of the one before.
    expect(page.get_by_label("Row 1: Agency").locator("option:checked")).to_have_text("Northmoor Constabulary")
    page.get_by_label("Stage").fill("After improvement action")
    page.get_by_label("Date").fill("2030-01-01")
    fill_row(page, 1, {"Not met": "-1"})
    page.get_by_role("button", name="Save the counts").click()
    expect(page.get_by_text("A count cannot be negative.").first).to_be_visible()
    expect(page.get_by_text("cannot be dated in the future").first).to_be_visible()
    expect(page.get_by_label("Stage")).to_have_value("After improvement action")  # kept
    axe_clean(page)
    page.get_by_label("Date").fill("2025-11-27")
    fill_row(page, 1, {"Not met": "0", "Partially met": "2", "Fully met": "10"})
    fill_row(page, 2, {"Not met": "0", "Fully met": "8", "Not answered": "0"})
    page.get_by_role("button", name="Save the counts").click()

    movement = page.locator("table.audit-movement")
    expect(movement).to_contain_text("Fully met 11 → 18 (+7)")
    expect(movement).to_contain_text("Not met 4 → 0 (-4)")
    expect(movement).to_contain_text("Total 20 → 20 (no change)")
    chart = page.locator("img.chart-image")
    expect(chart).to_be_visible()
    assert chart.evaluate("image => image.complete && image.naturalWidth > 0")
    expect(page.get_by_role("heading", name="By agency and standard")).to_be_visible()
    axe_clean(page)


def test_the_manager_records_evidence_the_board_received(page, live_server, sign_in, axe_clean, manager):
    board = default_board()
    GroupFactory(name="Quality and Effectiveness Group", short_name="QEG")
    AgencyFactory(name="Northmoor Constabulary")
    sign_in(page, "manager")

    page.goto(f"{live_server.url}/{board.slug}/learning/evidence/")
    axe_clean(page)
    page.get_by_role("link", name="Add evidence").click()
    axe_clean(page)
    page.get_by_label("Title").fill("Voix des enfants: «what children told us» survey 2025")
    page.get_by_label("Date").fill("2025-11-27")
    page.get_by_label("Kind").select_option(label="Survey of the views of children, families or adults at risk")
    page.get_by_label("Group").select_option(label="Quality and Effectiveness Group")
    page.get_by_label("Agency").select_option(label="Northmoor Constabulary")
    page.get_by_label("What the board concluded").fill("Children feel heard.\nWaiting times remain too long.")
    page.get_by_role("button", name="Add").click()
    row = page.locator("tr[id^='evidence-']")
    expect(row).to_contain_text("what children told us")
    assert page.url.endswith(f"#{row.get_attribute('id')}")
    axe_clean(page)
