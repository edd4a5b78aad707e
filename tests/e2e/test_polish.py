"""Small frictions found by walking each role's day in the browser: the year-end draft's notices
can be read, a meeting offers "Record attendance" only when recording can succeed. Every page on
the way is checked by axe; screenshots go to LSCB_SCREENSHOTS to be looked at."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lscb.years import ReportingYear
from tests.e2e.conftest import PASSWORD
from tests.factories import (
    GroupFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
    TOTPDeviceFactory,
    default_board,
)

SCREENSHOTS = os.environ.get("LSCB_SCREENSHOTS", "")

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def shot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def test_the_drafts_not_written_yet_notices_can_be_read(page, live_server, sign_in, axe_clean, manager):
    board = default_board()
    year = ReportingYear.current().previous
    MeetingFactory(group=GroupFactory(name="Safeguarding Board", kind="board"), date=year.start + timedelta(days=30))
    sign_in(page, "manager")
    page.goto(f"{live_server.url}/{board.slug}/yearend/{year.label}/")
    notice = page.locator(".report-missing").first
    expect(notice).to_have_text("Not written yet: the chair's introduction.")
    colour, background = notice.evaluate("el => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]")
    assert colour != background
    expect(page.get_by_role("link", name="Data (JSON) for analysts")).to_be_visible()
    axe_clean(page)
    shot(page, "yearend-draft")


def test_record_attendance_is_offered_only_when_it_can_succeed(
    page, live_server, sign_in, axe_clean, subgroup_chair, chaired_group
):
    board = default_board()
    today = timezone.localdate()
    MembershipFactory(group=chaired_group, person=PersonFactory(name="Alice Able"))
    ahead = MeetingFactory(group=chaired_group, date=today + timedelta(days=4))
    cancelled = MeetingFactory(
        group=chaired_group, date=today - timedelta(days=1), status="cancelled", cancel_reason="inquorate"
    )
    due = MeetingFactory(group=chaired_group, date=today)
    sign_in(page, "subchair")

    page.goto(f"{live_server.url}/{board.slug}/meetings/{ahead.pk}/")
    expect(page.get_by_role("link", name="Record attendance")).to_have_count(0)
    expect(page.get_by_text(f"You can record attendance from {ahead.date:%d/%m/%Y}")).to_be_visible()
    axe_clean(page)
    shot(page, "meeting-ahead")
    page.get_by_role("link", name="Cancel the meeting").click()  # radios with borders that can be seen
    radio = page.locator(".form-check-input").first
    assert radio.evaluate("el => getComputedStyle(el).borderTopColor") == "rgb(108, 117, 125)"
    axe_clean(page)
    shot(page, "cancel-form")

    page.goto(f"{live_server.url}/{board.slug}/meetings/{cancelled.pk}/")
    expect(page.get_by_role("link", name="Record attendance")).to_have_count(0)
    expect(page.get_by_text("This meeting was cancelled: reinstate it as planned")).to_be_visible()
    expect(page.get_by_role("button", name="Reinstate as planned")).to_be_visible()
    axe_clean(page)
    shot(page, "meeting-cancelled")

    page.goto(f"{live_server.url}/{board.slug}/meetings/{due.pk}/")
    expect(page.locator("#register-not-yet")).to_have_count(0)
    page.get_by_role("link", name="Record attendance").click()
    expect(page).to_have_url(f"{live_server.url}/{board.slug}/meetings/{due.pk}/record/")
    axe_clean(page)


def test_before_the_second_step_only_the_way_out_and_the_first_wrong_code_is_only_wrong(
    page, live_server, axe_clean, chair
):
    TOTPDeviceFactory(user=chair)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("chair")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    expect(page.get_by_role("button", name="chair")).to_have_count(0)
    expect(page.get_by_role("navigation", name="Main").get_by_role("button", name="Sign out")).to_be_visible()
    page.get_by_label("Code").fill("000001")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("That code is not right, or it has expired.").first).to_be_visible()
    expect(page.get_by_text("Too many wrong codes")).to_have_count(0)
    axe_clean(page)
    # The focus ring is a solid outline, not Bootstrap's pale glow.
    page.get_by_label("Code").focus()
    outline = page.get_by_label("Code").evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline == "solid"
    shot(page, "second-step")


def test_the_admin_pages_find_their_favicon(page, live_server, axe_clean):
    page.goto(f"{live_server.url}/admin/login/")
    href = page.locator("link[rel=icon]").get_attribute("href")
    assert href.endswith("favicon.svg")
    assert page.request.get(f"{live_server.url}{href}").ok


def test_a_running_years_report_is_provisional_and_short_names_are_explained(
    page, live_server, sign_in, axe_clean, manager, chaired_group
):
    board = default_board()
    year = ReportingYear.current()
    MeetingFactory(group=chaired_group, date=year.start)
    sign_in(page, "manager")
    page.goto(f"{live_server.url}/{board.slug}/yearend/{year.label}/")
    expect(page.locator(".cover-provisional")).to_contain_text(f"Provisional: the year {year} is still running")
    axe_clean(page)
    shot(page, "yearend-provisional")

    page.goto(f"{live_server.url}/{board.slug}/structure/")
    expect(page.locator("abbr[title='Quality and Effectiveness Group']")).to_have_text("QEG")
    axe_clean(page)
    shot(page, "structure")
