"""The business manager gives a meeting its time, venue, link and chair and its group a quorum,
uploads the agenda and downloads it again, and reads the saved register as minutes: present,
apologies, absent and also in attendance, with counts, quorate. "Cancelled: other" asks for a
note. Every page on the way is checked by axe."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from governance.models import AttendanceStatus, Meeting, MeetingPaper
from governance.services import RegisterEntry, meeting_record_register
from lscb.years import ReportingYear
from tests.factories import AgencyFactory, GroupFactory, MeetingFactory, MembershipFactory, PersonFactory

# Where the screenshots of the pages go, to be looked at.
SCREENSHOTS = os.environ.get("LSCB_SCREENSHOTS", "")

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
VENUE = "Salle Émile-Zola, Hôtel de Ville — " + "aile est, " * 20 + "Northmoor"


def shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


@pytest.fixture
def meeting(manager):
    police = AgencyFactory(name="Northmoor Constabulary", short_name="Police")
    health = AgencyFactory(name="Dale Valley Hospitals", short_name="Hospitals")
    group = GroupFactory(name="Quality and Effectiveness Group", short_name="QEG")
    people = {}
    for name, agency in [
        ("Zoë Ó'Brien", police),
        ("Alice Able", health),
        ("Harry Hale", police),
        ("Dan West", health),
    ]:
        people[name] = PersonFactory(name=name, agency=agency)
        MembershipFactory(
            group=group, person=people[name], agency=agency, role="chair" if name == "Alice Able" else "member"
        )
    day = max(timezone.localdate() - timedelta(days=2), ReportingYear.current().start)
    meeting = MeetingFactory(group=group, date=day)
    guest = PersonFactory(name="Gus Guest", agency=None)
    meeting_record_register(
        meeting=meeting,
        entries=[
            RegisterEntry(people["Zoë Ó'Brien"], AttendanceStatus.PRESENT),
            RegisterEntry(people["Alice Able"], AttendanceStatus.PRESENT),
            RegisterEntry(people["Harry Hale"], AttendanceStatus.DEPUTY, deputy_name="Fay Under"),
            RegisterEntry(people["Dan West"], AttendanceStatus.APOLOGIES, note="Annual leave"),
            RegisterEntry(guest, AttendanceStatus.IN_ATTENDANCE, note="For item 3."),
        ],
        by=manager,
    )
    return meeting


def test_a_meeting_gets_its_details_a_paper_and_reads_as_minutes(
    page, live_server, sign_in, axe_clean, meeting, tmp_path
):
    board = meeting.group.board.slug
    sign_in(page, "manager")

    # The group's quorum.
    page.goto(f"{live_server.url}/{board}/groups/{meeting.group.pk}/edit/")
    page.get_by_label("Quorum").fill("0")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="A quorum is a number of members, 1 or more")).to_be_visible()
    axe_clean(page)
    shot(page, "group-quorum-error")
    page.get_by_label("Quorum").fill("3")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(f"{live_server.url}/{board}/groups/{meeting.group.pk}/")
    meeting.group.refresh_from_db()
    assert meeting.group.quorum == 3

    # The meeting's time, venue, link and chair.
    page.goto(f"{live_server.url}/{board}/meetings/{meeting.pk}/")
    page.get_by_role("link", name="Edit the date, time, place or chair").click()
    axe_clean(page)
    page.get_by_label("Start time").fill("2pm")
    page.get_by_label("Online link").fill("http://meet.example.org/qeg")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="Give the start time on the 24-hour clock")).to_be_visible()
    expect(page.get_by_role("link", name="Give a secure link, starting https://")).to_be_visible()
    axe_clean(page)
    shot(page, "meeting-form-errors")
    page.get_by_label("Start time").fill("14:00")
    page.get_by_label("Venue").fill(VENUE)
    page.get_by_label("Online link").fill("https://meet.example.org/qeg/" + "x" * 300)
    page.get_by_label("Chaired by").select_option(label="Alice Able (Hospitals)")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved the meeting")).to_be_visible()
    expect(page.get_by_text(VENUE)).to_be_visible()  # kept whole
    expect(page.locator(".meeting-details")).to_contain_text("14:00")
    expect(page.locator(".meeting-details")).to_contain_text("Alice Able")

    # The saved register as minutes, with counts, and quorate.
    expect(page.get_by_role("heading", name="Present (3)")).to_be_visible()
    expect(page.get_by_role("heading", name="Apologies (1)")).to_be_visible()
    expect(page.get_by_role("heading", name="Absent (0)")).to_be_visible()
    expect(page.get_by_role("heading", name="Also in attendance (1)")).to_be_visible()
    expect(page.locator("#quorum")).to_have_text("Quorate: 3 members present, and its quorum is 3.")
    present = page.get_by_role("table", name="Present")
    expect(present.get_by_role("row").nth(1)).to_contain_text("Alice Able")
    expect(present.get_by_role("row").nth(3)).to_contain_text("Fay Under")
    expect(present).to_contain_text("deputy for Harry Hale")
    axe_clean(page)
    page.get_by_role("link", name="by agency").click()
    expect(present.get_by_role("row").nth(1)).to_contain_text("Alice Able")  # Hospitals first
    expect(present.get_by_role("row").nth(2)).to_contain_text("Zoë Ó'Brien")
    shot(page, "meeting-minutes")
    # On a phone the minutes keep every column on the screen.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "meeting-minutes-phone")
    page.set_viewport_size({"width": 1280, "height": 720})

    # A paper: a file that is not what its name says is refused; a real PDF is kept and downloaded.
    page.get_by_role("link", name="Add a paper").click()
    axe_clean(page)
    fake = tmp_path / "agenda.pdf"
    fake.write_bytes(b"MZ not a pdf")
    page.get_by_label("Upload a file").set_input_files(str(fake))
    page.get_by_role("button", name="Add the paper").click()
    expect(page.get_by_role("link", name='"agenda.pdf" is named as a PDF file but is not one')).to_be_visible()
    axe_clean(page)
    shot(page, "paper-form-error")
    real = tmp_path / "Ordre du jour — QEG.pdf"
    real.write_bytes(PDF)
    page.get_by_label("What is it?").select_option(label="Agenda")
    page.get_by_label("Upload a file").set_input_files(str(real))
    page.get_by_role("button", name="Add the paper").click()
    expect(page.get_by_text("Added the paper Agenda.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Agenda", exact=True).click()
    assert download.value.suggested_filename == "Ordre du jour — QEG.pdf"
    assert Path(download.value.path()).read_bytes() == PDF
    axe_clean(page)
    shot(page, "meeting-with-paper")

    page.get_by_role("button", name="Remove the paper Agenda").click()
    expect(page.get_by_text("Removed the paper Agenda.")).to_be_visible()
    assert not MeetingPaper.objects.exists()


def test_cancelled_for_another_reason_asks_for_a_note(page, live_server, sign_in, axe_clean, manager):
    meeting = MeetingFactory(group=GroupFactory(name="Policies Group"))
    sign_in(page, "manager")
    page.goto(f"{live_server.url}/{meeting.group.board.slug}/meetings/{meeting.pk}/cancel/")
    axe_clean(page)
    page.get_by_label("Other").check()
    page.get_by_role("button", name="Cancel the meeting").click()
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary.get_by_role("link", name='Say why the meeting was cancelled: "Other" needs a note')).to_be_visible()
    axe_clean(page)
    shot(page, "cancel-other-error")
    summary.get_by_role("link").first.click()
    expect(page.locator("#id_note")).to_be_focused()
    page.locator("#id_note").fill("The venue was closed at short notice.")
    page.get_by_role("button", name="Cancel the meeting").click()
    expect(page.get_by_text("Cancelled the meeting")).to_be_visible()
    meeting.refresh_from_db()
    assert meeting.cancel_reason == "other" and meeting.note == "The venue was closed at short notice."
    assert Meeting.objects.get(pk=meeting.pk).status == "cancelled"
