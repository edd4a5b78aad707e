"""Dates are typed and shown day first whatever the browser's locale (here a US one): the business
manager adds a meeting on 09/04/2026 and a snapshot figure of 31/03/2026; every page is checked by axe."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from dataset.models import IndicatorValue
from governance.models import Meeting
from tests.factories import GroupFactory, IndicatorFactory, default_board

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOTS = "/tmp"


@pytest.fixture
def browser_context_args(browser_context_args):
    """A browser that would show a native date picker month first."""
    return {**browser_context_args, "locale": "en-US"}


def test_the_business_manager_types_dates_day_first(page, live_server, sign_in, axe_clean, manager):
    board = default_board()
    GroupFactory(board=board, name="Quality and Effectiveness Group", short_name="QEG")
    snapshot = IndicatorFactory(name="Children subject to a child protection plan", frequency="snapshot")
    sign_in(page, "manager")

    # A meeting: the box asks for dd/mm/yyyy; a month-first date is refused, a day-first one kept.
    page.goto(f"{live_server.url}/{board.slug}/meetings/new/")
    date_box = page.get_by_label("Date")
    expect(date_box).to_have_attribute("placeholder", "dd/mm/yyyy")
    expect(date_box).to_have_attribute("type", "text")
    page.get_by_label("Group").select_option(label="Quality and Effectiveness Group")
    date_box.fill("04/13/2026")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Enter the date day first, as 27/11/2026.").first).to_be_visible()
    expect(page.get_by_label("Date")).to_have_value("04/13/2026")  # what was typed is kept
    axe_clean(page)
    page.get_by_label("Date").fill("09/04/2026")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved the meeting").first).to_be_visible()
    meeting = Meeting.objects.get()
    assert meeting.date == date(2026, 4, 9)  # 9 April, not 4 September
    page.goto(f"{live_server.url}/{board.slug}/meetings/{meeting.pk}/edit/")
    expect(page.get_by_label("Date")).to_have_value("09/04/2026")
    axe_clean(page)
    page.screenshot(path=f"{SHOTS}/dates-meeting.png", full_page=True)

    # A snapshot figure: its period is the day it was taken, typed day first.
    page.goto(f"{live_server.url}/{board.slug}/dataset/indicators/{snapshot.pk}/values/new/")
    period = page.get_by_label("Period")
    expect(period).to_have_attribute("placeholder", "dd/mm/yyyy")
    period.fill("31/03/2026")
    page.get_by_label("Value", exact=True).fill("212")
    page.screenshot(path=f"{SHOTS}/dates-value.png", full_page=True)
    axe_clean(page)
    page.get_by_role("button", name="Add the value").click()
    expect(page.get_by_text("Saved the value for 31/03/2026.")).to_be_visible()
    axe_clean(page)
    value = IndicatorValue.objects.get()
    assert (value.period, value.starts_on) == ("2026-03-31", date(2026, 3, 31))
    page.goto(f"{live_server.url}/{board.slug}/dataset/indicators/{snapshot.pk}/values/{value.pk}/edit/")
    expect(page.get_by_label("Period")).to_have_value("31/03/2026")
    axe_clean(page)


def test_a_workbook_with_uk_dates_is_previewed_the_uk_way_with_its_changes_before_the_button(
    page, live_server, sign_in, axe_clean, manager, tmp_path
):
    import copy

    from tests.workbook.helpers import BOARD, write_xlsx

    board = default_board()
    book = copy.deepcopy(BOARD)
    book["meetings"][1][1] = "10/6/2015"
    book["meetings"][2][1] = "08/12/2015"  # 8 December; the attendance sheet names neither
    book["meetings"][3][1] = "07/13/2015"  # month first: refused, never guessed
    sign_in(page, "manager")
    page.goto(f"{live_server.url}/{board.slug}/import/")
    page.get_by_label("Board workbook").set_input_files(write_xlsx(tmp_path / "year.xlsx", book))
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("cell", name="'07/13/2015' looks like a month-first date")).to_contain_text(
        "write the day first, as dd/mm/yyyy, e.g. 09/04/2026"
    )
    axe_clean(page)

    book["meetings"][3][1] = "01/07/2015"
    page.get_by_role("link", name="Upload a corrected workbook").click()
    page.get_by_label("Board workbook").set_input_files(write_xlsx(tmp_path / "corrected.xlsx", book))
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("cell", name="Quality and Effectiveness Group / 01/07/2015")).to_be_visible()
    expect(page.get_by_role("cell", name="Safeguarding Board / 08/12/2015")).to_be_visible()
    axe_clean(page)
    page.get_by_role("button", name="Confirm import").click()
    expect(page.get_by_text("Imported corrected.xlsx")).to_be_visible()
    assert Meeting.objects.filter(date=date(2015, 12, 8)).exists()

    book["groups"][2][8] = "30/04/2016"
    page.get_by_label("Board workbook").set_input_files(write_xlsx(tmp_path / "changed.xlsx", book))
    page.get_by_role("button", name="Upload and preview").click()
    change = page.locator("li.text-break", has_text="active to")
    expect(change).to_have_text("active to: (blank) → 30/04/2016")
    # The changes are read before the button that writes them.
    button = page.get_by_role("button", name="Confirm import")
    assert change.bounding_box()["y"] < button.bounding_box()["y"]
    axe_clean(page)
    page.screenshot(path=f"{SHOTS}/dates-preview.png", full_page=True)


def test_a_progress_update_is_dated_day_first(page, live_server, sign_in, axe_clean, manager):
    from businessplan.models import ProgressUpdate
    from tests.factories import ActionFactory, PlanFactory

    plan = PlanFactory(start=date(2025, 4, 1), end=date(2027, 3, 31))
    action = ActionFactory(objective__priority__plan=plan)
    sign_in(page, "manager")
    page.goto(f"{live_server.url}{action.get_absolute_url()}")
    dated = page.get_by_label("Dated")
    expect(dated).to_have_attribute("placeholder", "dd/mm/yyyy")
    expect(dated).to_have_value(re.compile(r"^\d{2}/\d{2}/\d{4}$"))  # today, day first
    page.get_by_label("Rating").select_option(index=1)
    page.get_by_label("Progress note").fill("Audit of neglect cases reported to the board.")
    dated.fill("09/04/2026")
    page.screenshot(path=f"{SHOTS}/dates-progress.png", full_page=True)
    axe_clean(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("09/04/2026").first).to_be_visible()
    assert ProgressUpdate.objects.get(action=action).date == date(2026, 4, 9)
    axe_clean(page)
