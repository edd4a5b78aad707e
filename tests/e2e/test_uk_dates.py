"""Dates are typed and shown day first whatever the browser's locale (here a US one): the business
manager adds a meeting on 09/04/2026 and a snapshot figure of 31/03/2026; every page is checked by axe."""

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
    expect(page.get_by_text("Enter a valid date.").first).to_be_visible()
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
