"""The chair reads one agency's profile before meeting its director: seats, attendance per group
worst first, the challenges put to it and the recommendations it leads; then the full challenge
record, the attendance page worst first, and the dashboard's rates below the threshold worst first.
Every page on the way is checked by axe."""

import os
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from lscb.years import ReportingYear
from tests.factories import (
    AgencyFactory,
    AttendanceFactory,
    ChallengeFactory,
    GroupFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
    RecommendationFactory,
    default_board,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOTS = os.environ.get("LSCB_SCREENSHOTS", "")


def shot(page, name: str) -> None:
    """Saved for a person to look at when LSCB_SCREENSHOTS names a folder."""
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def held(group, day, register):
    meeting = MeetingFactory(group=group, date=day, status="held")
    for person, status in register.items():
        AttendanceFactory(meeting=meeting, person=person, status=status)


@pytest.fixture
def police(chair):
    year = ReportingYear.current()
    last = year.previous
    agency = AgencyFactory(name="Northmoor Constabulary", short_name="Police")
    bob = PersonFactory(name="Bob Brown", agency=agency, job_title="Detective Superintendent")
    hana = PersonFactory(name="Hana Hill", agency=AgencyFactory(name="Dale Valley Hospitals"))
    board = GroupFactory(name="Safeguarding Board", short_name="Board", kind="board")
    committee = GroupFactory(name="Business Committee")
    review = GroupFactory(name="Case Review Group")
    for group in (board, committee, review):
        MembershipFactory(group=group, person=bob)
        MembershipFactory(group=group, person=hana)
    held(board, last.start + timedelta(days=30), {bob: "absent", hana: "present"})
    held(board, last.start + timedelta(days=90), {bob: "present", hana: "present"})
    held(board, year.start + timedelta(days=10), {bob: "present", hana: "present"})
    for n, status in enumerate(("present", "absent", "apologies", "absent")):
        held(committee, year.start + timedelta(days=5 + n * 20), {bob: status, hana: "present"})
    held(review, year.start + timedelta(days=40), {bob: "apologies", hana: "apologies"})
    ChallengeFactory(
        agency=agency,
        ref=f"CH-{year.first}-01",
        subject="Attendance at the Business Committee",
        raised_on=year.start + timedelta(days=60),
        response_due=year.start + timedelta(days=80),
        status="awaiting_response",
    )
    ChallengeFactory(
        agency=agency,
        ref=f"CH-{last.first}-04",
        subject="Joint working on missing children",
        raised_on=last.start + timedelta(days=100),
        status="closed",
        outcome="A joint protocol was agreed and is in use.",
    )
    RecommendationFactory(lead_agency=agency, text="Train every officer in hearing the voice of the child.")
    return agency


def test_the_chair_reads_an_agencys_one_profile(page, live_server, sign_in, axe_clean, police):
    board = default_board()
    year = ReportingYear.current()
    sign_in(page, "chair")

    page.goto(f"{live_server.url}/{board.slug}/agencies/")
    page.get_by_role("link", name="Northmoor Constabulary").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Northmoor Constabulary (Police)")
    attendance = page.get_by_role("table", name=f"Attendance of Northmoor Constabulary per group in {year}")
    rows = attendance.locator("tbody tr")
    expect(rows).to_have_count(3)
    # Worst first: 0 of 1, 1 of 4, then 1 of 1 (and last year's 1 of 2 beside it).
    expect(rows.nth(0)).to_contain_text("Case Review Group")
    expect(rows.nth(0)).to_contain_text("0% (0 / 1)")
    expect(rows.nth(1)).to_contain_text("Business Committee")
    expect(rows.nth(1)).to_contain_text("25% (1 / 4)")
    expect(rows.nth(2)).to_contain_text("Safeguarding Board")
    expect(rows.nth(2)).to_contain_text("100% (1 / 1)")
    expect(rows.nth(2)).to_contain_text("50% (1 / 2)")
    expect(page.get_by_role("link", name=f"CH-{year.first}-01")).to_be_visible()
    expect(page.get_by_text("Train every officer in hearing the voice of the child.")).to_be_visible()
    expect(page.get_by_role("link", name="Log a challenge to this agency")).to_be_visible()
    axe_clean(page)
    shot(page, "agency-profile")
    page.set_viewport_size({"width": 390, "height": 844})
    axe_clean(page)
    shot(page, "agency-profile-390")
    page.set_viewport_size({"width": 1280, "height": 800})

    # The full record of challenges stays, a click away, and leads back.
    page.get_by_role("link", name="Every challenge to this agency").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Challenges to Northmoor Constabulary")
    axe_clean(page)
    page.get_by_role("link", name="The agency's profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Northmoor Constabulary (Police)")

    # From a group's row to its figures on the attendance page, then worst first there.
    rows.nth(1).get_by_role("link", name="Business Committee").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Attendance {year}")
    page.get_by_role("link", name="Worst attendance first").click()
    expect(page.get_by_label("Agencies in order of")).to_have_value("worst")
    # At the Business Committee: the Constabulary's 25% before the Hospitals' 100%.
    committee = page.get_by_role("table", name="Business Committee: attendance by agency", exact=False)
    expect(committee.locator("tbody th[scope=row]")).to_have_text(["Northmoor Constabulary", "Dale Valley Hospitals"])
    axe_clean(page)
    shot(page, "attendance-worst-first")

    # The dashboard names the rates below the threshold worst first.
    page.goto(f"{live_server.url}/{board.slug}/")
    expect(page.get_by_text("below the board's threshold of 50%", exact=False)).to_contain_text(
        "Dale Valley Hospitals at Case Review Group (0%); Police at Case Review Group (0%); "
        "Police at Business Committee (25%)"
    )
    axe_clean(page)
    shot(page, "dashboard-below")
