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
    harry = page.get_by_role("combobox", name="Status Harry Hale")
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


def shot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


def test_a_guest_is_found_as_one_types_and_added_by_keyboard(page, live_server, sign_in, axe_clean, qeg_meeting):
    visitor = PersonFactory(name="Vera Visitor", agency=AgencyFactory(name="Dale Valley Schools", short_name=""))
    PersonFactory(name="Vernon Vale")
    sign_in(page, "subchair")
    page.goto(f"{live_server.url}/{qeg_meeting.group.board.slug}/meetings/{qeg_meeting.pk}/record/")
    # Nobody on record is written into the page: they are found.
    expect(page.get_by_text("Vera Visitor")).to_have_count(0)
    box = page.get_by_role("searchbox", name="Find someone on record")
    box.press_sequentially("ver")
    status = page.locator("#guest-search-status")
    expect(status).to_have_text('2 people match "ver".')
    box.fill("vera")
    expect(status).to_have_text('1 person matches "vera".')
    axe_clean(page)
    # The keyboard reaches the result and adds the guest's row.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Add Vera Visitor (Dale Valley Schools)")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("row", name="Vera Visitor guest")).to_be_visible()
    expect(status).to_contain_text("Vera Visitor added to the register as a guest")
    expect(page.get_by_role("button", name="Add Vera Visitor (Dale Valley Schools)")).to_have_count(0)
    # Searching again does not offer her twice.
    box.fill("vera visitor")
    expect(status).to_contain_text("No one on record matches")
    page.get_by_role("textbox", name="Note Vera Visitor").fill("For item 3: the schools' audit")
    axe_clean(page)
    shot(page, "register-guest-picker")
    page.get_by_role("button", name="Everyone present").click()
    page.get_by_role("button", name="Save the register").click()
    expect(page.get_by_text("Recorded the register")).to_be_visible()
    row = qeg_meeting.attendances.get(person=visitor)
    assert (row.status, row.note) == ("in_attendance", "For item 3: the schools' audit")


def test_someone_new_to_the_board_is_added_in_the_page(page, live_server, sign_in, axe_clean, qeg_meeting):
    sign_in(page, "subchair")
    page.goto(f"{live_server.url}/{qeg_meeting.group.board.slug}/meetings/{qeg_meeting.pk}/record/")
    page.get_by_role("button", name="Everyone present").click()
    page.get_by_role("link", name="Add someone new").click()
    # The boxes come into the page (htmx), the name first, and what was chosen above stays.
    name = page.get_by_label("New person's name")
    expect(name).to_be_focused()
    expect(page.get_by_role("combobox", name="Status Alice Able")).to_have_value("present")
    axe_clean(page)
    name.fill("Zoë Ørsted-Llewellyn")
    page.get_by_label("Their agency").select_option(label="Northmoor Constabulary")
    page.get_by_role("button", name="Save the register").click()
    expect(page.get_by_text("Recorded the register")).to_be_visible()
    row = qeg_meeting.attendances.get(person__name="Zoë Ørsted-Llewellyn")
    assert (row.status, row.person.agency.name) == ("in_attendance", "Northmoor Constabulary")


def test_without_scripts_the_guest_search_is_a_search_then_a_choice(page, browser, live_server, sign_in, qeg_meeting):
    visitor = PersonFactory(name="Vera Visitor")
    sign_in(page, "subchair")
    # The same session in a browser with scripts off (axe, a script, checks the page above).
    context = browser.new_context(java_script_enabled=False, storage_state=page.context.storage_state())
    plain = context.new_page()
    url = f"{live_server.url}/{qeg_meeting.group.board.slug}/meetings/{qeg_meeting.pk}/record/"
    plain.goto(url)
    plain.get_by_role("searchbox", name="Find someone on record").fill("visitor")
    plain.get_by_role("button", name="Search", exact=True).click()
    expect(plain).to_have_url(f"{url}?guest_search=visitor")
    expect(plain.get_by_text('1 person matches "visitor".')).to_be_visible()
    plain.get_by_label("Vera Visitor").check()
    for name in ("Alice Able", "Harry Hale", "Sam Chair"):
        plain.get_by_role("combobox", name=f"Status {name}").select_option("present")
    shot(plain, "register-no-script-search")
    plain.get_by_role("button", name="Save the register").click()
    expect(plain.get_by_text("Recorded the register")).to_be_visible()
    assert qeg_meeting.attendances.get(person=visitor).status == "in_attendance"
    context.close()


def test_a_deputy_sent_is_named_or_said_to_be_unnamed(page, live_server, sign_in, axe_clean, qeg_meeting):
    sign_in(page, "subchair")
    page.goto(f"{live_server.url}/{qeg_meeting.group.board.slug}/meetings/{qeg_meeting.pk}/record/")
    page.get_by_role("button", name="Everyone present").click()
    page.get_by_role("combobox", name="Status Harry Hale").select_option("deputy")
    page.get_by_role("button", name="Save the register").click()
    # Refused, with the error at the top linking to the box.
    summary = page.locator("[data-error-summary]")
    expect(summary).to_contain_text("Give the deputy's name, or choose 'Deputy sent, name not known'.")
    axe_clean(page)
    shot(page, "register-deputy-error")
    summary.get_by_role("link", name="Deputy for Harry Hale").click()
    expect(page.get_by_role("textbox", name="Deputy's name (if sent) Harry Hale")).to_be_focused()
    page.get_by_role("combobox", name="Status Harry Hale").select_option("Deputy sent, name not known")
    page.get_by_role("button", name="Save the register").click()
    expect(page.get_by_text("Recorded the register")).to_be_visible()
    row = qeg_meeting.attendances.get(person__name="Harry Hale")
    assert (row.status, row.deputy_name, row.deputy_name_unknown) == ("deputy", "", True)


def test_on_a_phone_each_person_is_a_card_with_everything_in_view(page, live_server, sign_in, axe_clean, qeg_meeting):
    nora = PersonFactory(
        name="Nóra Ní Bhriain-Featherstonehaugh",
        agency=AgencyFactory(name="National Probation Service \N{EN DASH} North East Division", short_name=""),
    )
    MembershipFactory(group=qeg_meeting.group, person=nora)
    sign_in(page, "subchair")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/{qeg_meeting.group.board.slug}/meetings/{qeg_meeting.pk}/record/")
    # No sideways scrolling: the page is as wide as the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    boxes = {"Status": "combobox", "Deputy's name (if sent)": "textbox", "Present for (another member)": "combobox"}
    for label, role in {**boxes, "Note": "textbox"}.items():
        box = page.get_by_role(role, name=f"{label} Nóra Ní Bhriain-Featherstonehaugh")
        expect(box).to_be_visible()
        found = box.bounding_box()
        assert found["x"] >= 0 and found["x"] + found["width"] <= 390, (label, found)
    page.get_by_role("combobox", name="Status Nóra Ní Bhriain-Featherstonehaugh").select_option("deputy")
    page.get_by_role("textbox", name="Deputy's name (if sent) Nóra Ní Bhriain-Featherstonehaugh").fill(
        "Siobhán Ó Súilleabháin-Montgomery"
    )
    axe_clean(page)
    shot(page, "register-390")
    page.set_viewport_size({"width": 1280, "height": 800})


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
    page.get_by_role("combobox", name="Status Alice Able").select_option("part")
    note = page.get_by_role("textbox", name="Note Alice Able")
    note.fill("Left after item 4 (the \u201cØrsted\u201d review), to attend a strategy meeting at the hospital.\n" * 3)
    page.get_by_role("combobox", name="Status Nóra Ní Bhriain-Featherstonehaugh").select_option("not_expected")
    page.get_by_role("combobox", name="Status Harry Hale").select_option("apologies")
    # The members that day, in one list for every row's box.
    represented = page.get_by_role("combobox", name="Present for (another member) Sam Chair")
    expect(page.locator("#register-members option")).to_have_count(4)
    represented.fill("Harry Hale (Hospitals)")
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
    expect(page.get_by_role("combobox", name="Status Alice Able")).to_have_value("part")
    expect(page.get_by_role("combobox", name="Present for (another member) Sam Chair")).to_have_value(
        "Harry Hale (Hospitals)"
    )
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
