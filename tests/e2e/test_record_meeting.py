"""A sub-group chair signs in, records a meeting's attendance, and sees the attendance page change."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lscb.years import ReportingYear
from tests.factories import AgencyFactory, MeetingFactory, MembershipFactory, PersonFactory

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
    sign_in(page, "subchair")
    axe_clean(page)

    page.goto(f"{live_server.url}/attendance/{year}/")
    axe_clean(page)
    expect(page.get_by_text("Dale Valley Hospitals").first).to_have_count(0)

    page.goto(live_server.url + "/")
    page.get_by_role("link", name=f"Quality and Effectiveness Group, {qeg_meeting.date:%d/%m/%Y}").click()
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
    expect(page.get_by_role("cell", name="Apologies")).to_be_visible()
    axe_clean(page)

    page.goto(f"{live_server.url}/attendance/{year}/")
    expect(page.get_by_text("Dale Valley Hospitals").first).to_be_visible()
    expect(page.get_by_text("Northmoor Constabulary").first).to_be_visible()
    axe_clean(page)


def test_a_subgroup_chair_cannot_open_another_groups_register(page, live_server, sign_in, qeg_meeting):
    other = MeetingFactory(date=qeg_meeting.date)
    sign_in(page, "subchair")
    response = page.goto(f"{live_server.url}/meetings/{other.pk}/record/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have permission to do this")


def test_every_guest_slot_offers_everyone_on_record(page, live_server, sign_in, axe_clean, qeg_meeting):
    visitor = PersonFactory(name="Vera Visitor")
    sign_in(page, "subchair")
    page.goto(f"{live_server.url}/meetings/{qeg_meeting.pk}/record/")
    first = page.locator("#id_guest0-person option")
    # The page writes the list once; the script copies it into the other slots.
    expect(page.locator("#id_guest2-person option")).to_have_count(first.count())
    axe_clean(page)
    page.locator("#id_guest2-person").select_option(label="Vera Visitor")
    page.get_by_role("button", name="Everyone present").click()
    page.get_by_role("button", name="Save the register").click()
    expect(page.get_by_text("Recorded the register")).to_be_visible()
    assert qeg_meeting.attendances.filter(person=visitor, status="in_attendance").exists()
