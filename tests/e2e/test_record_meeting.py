"""A sub-group chair signs in, records a meeting's attendance, and sees the attendance page change."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lscb.years import ReportingYear
from tests.factories import AgencyFactory, AttendanceFactory, MeetingFactory, MembershipFactory, PersonFactory

# Where the screenshots of the saved register and the grid go, to be looked at.
SCREENSHOTS = os.environ.get("LSCB_SCREENSHOTS", "")

# serialized_rollback: the roles made by a data migration come back after each flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def qeg_meeting(subgroup_chair, chaired_group):
    police = AgencyFactory(name="Northmoor Constabulary", short_name="Police")
    health = AgencyFactory(name="Dale Valley Hospitals", short_name="Hospitals")
    MembershipFactory(group=chaired_group, person=PersonFactory(name="Alice Able", agency=police))
    MembershipFactory(group=chaired_group, person=PersonFactory(name="Harry Hale", agency=health))
    today = timezone.localdate()
    day = max(today - timedelta(days=2), ReportingYear.current().start)
    return MeetingFactory(group=chaired_group, date=day)


def test_subgroup_chair_records_a_meeting_and_sees_attendance_change(
    page, live_server, sign_in, axe_clean, qeg_meeting
):
    year = ReportingYear.current().label
    board = qeg_meeting.group.board.slug
    sign_in(page, "subchair")
    axe_clean(page)

    page.goto(f"{live_server.url}/{board}/attendance/{year}/")
    axe_clean(page)
    expect(page.get_by_text("Dale Valley Hospitals").first).to_have_count(0)

    # From the board's structure to the group, the meeting, and its register.
    page.goto(f"{live_server.url}/{board}/structure/")
    axe_clean(page)
    page.get_by_role("link", name="Quality and Effectiveness Group").click()
    expect(page).to_have_url(f"{live_server.url}/{board}/groups/{qeg_meeting.group.pk}/")
    page.get_by_role("link", name=f"{qeg_meeting.date:%a %d/%m/%Y}").click()
    expect(page).to_have_url(f"{live_server.url}/{board}/meetings/{qeg_meeting.pk}/")
    page.get_by_role("link", name="Record attendance").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Register: Quality and Effectiveness Group")
    axe_clean(page)

    # One action sets everyone present, then the keyboard changes one row.
    page.get_by_role("button", name="Everyone present").click()
    expect(page.locator("#set-all-present-status")).to_contain_text("3 members set to present")
    harry = page.get_by_label("Status of Harry Hale")
    harry.focus()
    harry.select_option("apologies")
    page.get_by_role("button", name="Save the register").click()

    expect(page.get_by_text("Recorded the register")).to_be_visible()
    expect(page.get_by_role("heading", name="Apologies (1)")).to_be_visible()
    axe_clean(page)
    expect(page).to_have_url(f"{live_server.url}/{board}/meetings/{qeg_meeting.pk}/")

    page.goto(f"{live_server.url}/{board}/attendance/{year}/")
    expect(page.get_by_text("Dale Valley Hospitals").first).to_be_visible()
    expect(page.get_by_text("Northmoor Constabulary").first).to_be_visible()
    axe_clean(page)


def test_a_subgroup_chair_cannot_open_another_groups_register(page, live_server, sign_in, qeg_meeting):
    other = MeetingFactory(date=qeg_meeting.date)
    sign_in(page, "subchair")
    response = page.goto(f"{live_server.url}/{other.group.board.slug}/meetings/{other.pk}/record/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have permission to do this")


def test_every_guest_slot_offers_everyone_on_record(page, live_server, sign_in, axe_clean, qeg_meeting):
    visitor = PersonFactory(name="Vera Visitor")
    sign_in(page, "subchair")
    page.goto(f"{live_server.url}/{qeg_meeting.group.board.slug}/meetings/{qeg_meeting.pk}/record/")
    first = page.locator("#id_guest0-person option")
    # The page writes the list once; the script copies it into the other slots.
    expect(page.locator("#id_guest2-person option")).to_have_count(first.count())
    axe_clean(page)
    page.locator("#id_guest2-person").select_option(label="Vera Visitor")
    page.get_by_role("button", name="Everyone present").click()
    page.get_by_role("button", name="Save the register").click()
    expect(page.get_by_text("Recorded the register")).to_be_visible()
    assert qeg_meeting.attendances.filter(person=visitor, status="in_attendance").exists()


@pytest.fixture
def fuller_meeting(qeg_meeting):
    """The same meeting with a member of another agency, who came to the group's next meeting."""
    group = qeg_meeting.group
    national = AgencyFactory(name="National Probation Service \N{EN DASH} North East Division", short_name="")
    nora = PersonFactory(name="Nóra Ní Bhriain-Featherstonehaugh", agency=national)
    MembershipFactory(group=group, person=nora)
    following = MeetingFactory(group=group, date=qeg_meeting.date + timedelta(days=1), status="held")
    AttendanceFactory(meeting=following, person=nora, status="present")
    return qeg_meeting


def test_a_register_with_part_attendance_a_member_not_expected_and_a_representative(
    page, live_server, sign_in, axe_clean, fuller_meeting
):
    year = ReportingYear.current().label
    board = fuller_meeting.group.board.slug
    sign_in(page, "subchair")
    page.goto(f"{live_server.url}/{board}/meetings/{fuller_meeting.pk}/record/")
    axe_clean(page)
    page.get_by_role("button", name="Everyone present").click()
    # Alice left after item 4; Nóra was not expected; Harry sent apologies and the chair spoke for him.
    page.get_by_label("Status of Alice Able").select_option("part")
    note = page.get_by_label("Note about Alice Able")
    note.fill("Left after item 4 (the \u201cØrsted\u201d review), to attend a strategy meeting at the hospital.\n" * 3)
    page.get_by_label("Status of Nóra Ní Bhriain-Featherstonehaugh").select_option("not_expected")
    page.get_by_label("Status of Harry Hale").select_option("apologies")
    represented = page.get_by_label("Member represented by Sam Chair")
    # The list of members is copied from the first row; nobody is offered themselves.
    expect(represented.locator("option", has_text="Sam Chair")).to_have_count(0)
    represented.select_option(label="Harry Hale (Hospitals)")
    # The note grows with its text: three lines show without scrolling.
    assert note.evaluate("box => box.scrollHeight <= box.clientHeight + 2")
    page.get_by_role("button", name="Save the register").click()

    expect(page.get_by_text("Recorded the register")).to_be_visible()
    expect(page.get_by_role("cell", name="Part: present for part of the meeting")).to_be_visible()
    expect(page.get_by_role("heading", name="Not expected at this meeting (1)")).to_be_visible()
    expect(page.get_by_role("cell", name="present for Harry Hale")).to_be_visible()
    axe_clean(page)
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/saved-register.png", full_page=True)

    # The register opens again as saved.
    page.goto(f"{live_server.url}/{board}/meetings/{fuller_meeting.pk}/record/")
    expect(page.get_by_label("Status of Alice Able")).to_have_value("part")
    expect(page.get_by_label("Member represented by Sam Chair")).to_have_value(str(harry_pk(fuller_meeting)))
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/register-form.png", full_page=True)

    page.goto(f"{live_server.url}/{board}/attendance/{year}/")
    grid = page.get_by_role("table", name="Quality and Effectiveness Group: attendance by agency")
    police = grid.get_by_role("row", name="Northmoor Constabulary")
    expect(police.get_by_role("cell", name="Part: present for part of the meeting")).to_be_visible()
    # The hospitals were there through the chair; the national body was not expected, so it has no rate.
    hospitals = grid.get_by_role("row", name="Dale Valley Hospitals")
    expect(hospitals.get_by_role("cell", name="Attended", exact=True)).to_be_visible()
    expect(hospitals.locator("td.rate").first).to_have_text("50%")
    # Nóra was not expected at this meeting: her agency is out of it, and came to the next one.
    national = grid.get_by_role("row", name="National Probation Service")
    expect(national.get_by_role("cell", name="Not expected")).to_be_visible()
    expect(national.locator("td.rate").first).to_have_text("100%")
    expect(page.get_by_text("Part: present for part of the meeting (counts as attended)")).to_be_visible()
    axe_clean(page)
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/attendance-grid.png", full_page=True)


def harry_pk(meeting) -> int:
    return meeting.group.memberships.get(person__name="Harry Hale").person_id
