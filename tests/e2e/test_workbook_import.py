"""The business manager imports a year whose texts are long, and its preview stays on the page."""

import os

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.workbook.test_long_text import T, workbook, write_text_xlsx

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Where a run may keep what the browser showed, to look at it.
SCREENSHOTS = os.environ.get("LSCB_SCREENSHOTS", "")


def no_sideways_scroll(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the window"


def test_a_long_text_year_is_previewed_imported_and_its_changes_shown_by_name(
    page, live_server, sign_in, axe_clean, manager, board, tmp_path
):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, "manager")
    book = workbook()
    page.goto(f"{live_server.url}{reverse('workbook:import', args=[board.slug])}")
    page.get_by_label("Board workbook").set_input_files(write_text_xlsx(tmp_path / "year.xlsx", book))
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_text("The workbook can be imported")).to_be_visible()
    axe_clean(page)
    no_sideways_scroll(page)
    page.get_by_role("button", name="Confirm import").click()
    expect(page.get_by_text("Imported year.xlsx")).to_be_visible()

    book["actions"][1][7] = "By the September Board, then at each quarterly meeting."
    book["challenges"][1][7:9] = ["", ""]  # no longer tied to the meeting
    page.get_by_label("Board workbook").set_input_files(write_text_xlsx(tmp_path / "changed.xlsx", book))
    page.get_by_role("button", name="Upload and preview").click()
    changes = page.locator("li.text-break")
    expect(changes.filter(has_text="by when (due_text)")).to_contain_text(
        "By the September Board, then at each quarterly meeting."
    )
    expect(changes.filter(has_text="meeting:")).to_contain_text("→ (blank)")
    expect(changes.filter(has_text="meeting:")).to_contain_text(T["board short"][:40])
    axe_clean(page)
    no_sideways_scroll(page)
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, "workbook-preview-long-text.png"), full_page=True)


def test_a_workbook_without_a_board_column_goes_into_the_board_whose_page_it_is(
    page, live_server, sign_in, axe_clean, manager, board, tmp_path
):
    from governance.models import Group
    from tests.factories import BoardFactory
    from tests.workbook.helpers import BOARD, write_xlsx

    adults = BoardFactory(name="Northmoor Safeguarding Adults Board", short_name="NSAB", slug="nsab", kind="adults")
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, "manager")
    page.goto(f"{live_server.url}{reverse('workbook:import', args=[adults.slug])}")
    expect(
        page.get_by_role("heading", name="Import the board workbook into Northmoor Safeguarding Adults Board")
    ).to_be_visible()
    expect(
        page.get_by_role("link", name="Download every board of this instance as one workbook (.xlsx)")
    ).to_be_visible()
    axe_clean(page)
    page.get_by_label("Board workbook").set_input_files(write_xlsx(tmp_path / "format1.xlsx", BOARD))
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_text("The workbook can be imported into Northmoor Safeguarding Adults Board")).to_be_visible()
    axe_clean(page)
    page.get_by_role("button", name="Confirm import").click()
    expect(page.get_by_text("Imported format1.xlsx")).to_be_visible()
    assert {group.board_id for group in Group.objects.all()} == {adults.pk}


def test_a_large_year_is_checked_and_imported_in_the_background(
    page, live_server, sign_in, axe_clean, manager, board, tmp_path, settings
):
    """The upload answers at once; its page shows the work waiting, then the preview, then the result."""
    from io import StringIO

    from django.core.management import call_command

    settings.LSCB_IMPORT_IN_BACKGROUND_BYTES = 0  # this year counts as large
    sign_in(page, "manager")
    page.goto(f"{live_server.url}{reverse('workbook:import', args=[board.slug])}")
    page.get_by_label("Board workbook").set_input_files(write_text_xlsx(tmp_path / "large year.xlsx", workbook()))
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("status")).to_contain_text("The workbook is being checked: nothing is written yet.")
    axe_clean(page)

    call_command("worker", batch=True, stdout=StringIO())
    # The page follows the work by itself: no reload by hand.
    expect(page.get_by_text("The workbook can be imported")).to_be_visible(timeout=15_000)
    axe_clean(page)
    page.get_by_role("button", name="Confirm import").click()
    expect(page.get_by_role("status")).to_contain_text("The workbook is being imported.")
    call_command("worker", batch=True, stdout=StringIO())
    expect(page.get_by_role("status")).to_contain_text("Imported large year.xlsx", timeout=15_000)
    axe_clean(page)
    no_sideways_scroll(page)
