"""A meeting's details (time, venue, link, chair), its group's quorum, its papers, "cancelled:
other" with a note, and the saved register read as minutes."""

import io
import zipfile
from datetime import date, time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance import forms
from governance.minutes import meeting_minutes, surname_key
from governance.models import AttendanceStatus, MeetingPaper, MeetingStatus
from governance.papers import check_upload, paper_add
from tests.factories import (
    AgencyFactory,
    AttendanceFactory,
    GroupFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

LONG = "Salle de réunion n°2, Hôtel de Ville — " + "aile est, " * 60 + "Northmoor"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


# --- the meeting form ------------------------------------------------------------------------------


def meeting_data(group, **extra):
    return {"group": group.pk, "date": "09/04/2026", "note": "", **extra}


def test_the_meeting_form_takes_time_venue_link_and_chair(board):
    group = GroupFactory(board=board)
    member = PersonFactory(name="Zoë Ó'Brien")
    MembershipFactory(group=group, person=member)
    form = forms.MeetingForm(
        data=meeting_data(
            group,
            start_time="14.30",
            venue=LONG,
            online_link="https://meet.example.org/j/" + "x" * 1500,
            chair=member.pk,
        )
    )
    assert form.is_valid(), form.errors
    meeting = form.save()
    assert meeting.start_time == time(14, 30)
    assert meeting.venue == LONG  # kept whole
    assert len(meeting.online_link) > 1500
    assert meeting.chair == member
    assert meeting.date == date(2026, 4, 9)


def test_the_meeting_form_refuses_a_link_that_is_not_https_and_a_time_it_cannot_read(board):
    group = GroupFactory(board=board)
    form = forms.MeetingForm(data=meeting_data(group, start_time="2 in the afternoon", online_link="http://x.org/"))
    assert not form.is_valid()
    assert form.errors["start_time"] == ["Give the start time on the 24-hour clock, e.g. 14:00 (or leave it blank)."]
    assert "https" in form.errors["online_link"][0]


def test_a_bare_address_is_taken_as_https(board):
    form = forms.MeetingForm(data=meeting_data(GroupFactory(board=board), online_link="meet.example.org/abc"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["online_link"] == "https://meet.example.org/abc"


def test_the_chair_is_chosen_among_that_days_members_first(board):
    group = GroupFactory(board=board)
    member = PersonFactory(name="Alice Able")
    MembershipFactory(group=group, person=member)
    outsider = PersonFactory(name="Aaron Outside")
    meeting = MeetingFactory(group=group, date=date(2026, 4, 9))
    choices = forms.MeetingForm(instance=meeting).fields["chair"].choices
    assert choices[1][0] == "Members of the group"
    assert [pk for pk, _label in choices[1][1]] == [member.pk]
    assert outsider.pk in [pk for pk, _label in choices[2][1]]


def test_the_group_form_takes_a_quorum_of_one_or_more(board):
    base = {"name": "Quality Group", "kind": "subgroup"}
    form = forms.GroupForm(data={**base, "quorum": "0"}, board=board)
    assert not form.is_valid()
    assert form.errors["quorum"] == ["A quorum is a number of members, 1 or more: give one, or leave it blank."]
    form = forms.GroupForm(data={**base, "quorum": "4"}, board=board)
    assert form.is_valid(), form.errors
    assert form.save().quorum == 4


# --- cancelled: other ------------------------------------------------------------------------------


def test_cancelled_other_needs_a_note():
    form = forms.CancelForm(data={"cancel_reason": "other", "note": "  ", "version": "1"})
    assert not form.is_valid()
    assert form.errors["note"][0].startswith('Say why the meeting was cancelled: "Other" needs a note')
    form = forms.CancelForm(data={"cancel_reason": "other", "note": "The venue flooded.", "version": "1"})
    assert form.is_valid(), form.errors
    assert forms.CancelForm(data={"cancel_reason": "staff_absence", "note": "", "version": "1"}).is_valid()


def test_the_cancel_page_shows_the_error_summary(client_for, manager, board):
    meeting = MeetingFactory(group=GroupFactory(board=board))
    url = reverse("governance:meeting-cancel", args=[board.slug, meeting.pk])
    response = client_for(manager).post(url, {"cancel_reason": "other", "note": "", "version": meeting.version})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and 'href="#id_note"' in html
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED


# --- the minutes -----------------------------------------------------------------------------------


def test_surnames_sort_by_the_last_word_without_accents():
    names = ["Zoë Ó'Brien", "Alice van Dijk", "Bob Able", "Émile Zola"]
    assert sorted(names, key=surname_key) == ["Bob Able", "Alice van Dijk", "Zoë Ó'Brien", "Émile Zola"]


@pytest.fixture
def held(board):
    police = AgencyFactory(name="Northmoor Constabulary", short_name="Police")
    health = AgencyFactory(name="Dale Valley Hospitals", short_name="Hospitals")
    group = GroupFactory(board=board, quorum=3)
    meeting = MeetingFactory(group=group, date=date(2025, 6, 10), status=MeetingStatus.HELD)
    people = {}
    for name, agency in [
        ("Carol Zed", police),
        ("Alan Young", health),
        ("Beth Xavier", police),
        ("Dan West", health),
        ("Eve Vance", police),
    ]:
        people[name] = PersonFactory(name=name, agency=agency)
        MembershipFactory(group=group, person=people[name], agency=agency)
    AttendanceFactory(meeting=meeting, person=people["Carol Zed"], status=AttendanceStatus.PRESENT)
    AttendanceFactory(meeting=meeting, person=people["Alan Young"], status=AttendanceStatus.PART)
    AttendanceFactory(
        meeting=meeting, person=people["Beth Xavier"], status=AttendanceStatus.DEPUTY, deputy_name="Fay Under"
    )
    AttendanceFactory(meeting=meeting, person=people["Dan West"], status=AttendanceStatus.APOLOGIES)
    AttendanceFactory(meeting=meeting, person=people["Eve Vance"], status=AttendanceStatus.ABSENT)
    guest = PersonFactory(name="Gus Guest", agency=None)
    AttendanceFactory(meeting=meeting, person=guest, status=AttendanceStatus.IN_ATTENDANCE, note="For item 3.")
    return meeting


def rows_of(meeting):
    return list(meeting.attendances.select_related("person", "person__agency", "on_behalf_of"))


def test_the_register_reads_as_minutes_with_counts_and_quorum(held):
    minutes = meeting_minutes(held, rows_of(held))
    sections = {s.heading: s for s in minutes.sections}
    assert [line.name for line in sections["Present"].lines] == ["Fay Under", "Alan Young", "Carol Zed"]
    assert sections["Present"].lines[0].detail == "deputy for Beth Xavier"
    assert sections["Present"].lines[1].mark.label == "Part: present for part of the meeting"
    assert sections["Apologies"].count == 1 and sections["Absent"].count == 1
    assert [line.name for line in sections["Also in attendance"].lines] == ["Gus Guest"]
    # Present, part and a deputy sent: three members' seats against a quorum of three.
    assert minutes.quorum.members_present == 3
    assert minutes.quorum.quorate is True
    assert minutes.quorum.summary == "Quorate: 3 members present, and its quorum is 3."


def test_ordered_by_agency_then_surname(held):
    minutes = meeting_minutes(held, rows_of(held), order="agency")
    present = minutes.sections[0]
    assert [(line.agency, line.name) for line in present.lines] == [
        ("Hospitals", "Alan Young"),
        ("Police", "Fay Under"),
        ("Police", "Carol Zed"),
    ]


def test_a_representative_counts_for_the_member_they_stand_for(held):
    held.group.quorum = 5
    held.group.save()
    dan = held.attendances.get(status=AttendanceStatus.APOLOGIES).person
    eve = held.attendances.get(status=AttendanceStatus.ABSENT)
    eve.status = AttendanceStatus.PRESENT
    eve.on_behalf_of = dan
    eve.save()
    minutes = meeting_minutes(held, rows_of(held))
    also = {s.heading: s for s in minutes.sections}["Also in attendance"]
    assert "present for Dan West" in [line.detail for line in also.lines]
    apologies = {s.heading: s for s in minutes.sections}["Apologies"]
    assert [line.detail for line in apologies.lines] == ["represented by Eve Vance"]
    # Carol, Alan, Beth (by her deputy), Eve, and Dan through Eve.
    assert minutes.quorum.members_present == 5
    assert minutes.quorum.quorate is True


def test_not_quorate_and_no_quorum(held):
    held.group.quorum = 4
    assert meeting_minutes(held, rows_of(held)).quorum.summary == "Not quorate: 3 members present, and its quorum is 4."
    held.group.quorum = None
    assert meeting_minutes(held, rows_of(held)).quorum.quorate is None


def test_a_deputy_whose_name_is_not_known(held):
    row = held.attendances.get(status=AttendanceStatus.DEPUTY)
    row.deputy_name = ""
    row.save()
    present = meeting_minutes(held, rows_of(held)).sections[0]
    assert ("Deputy (name not known)", "deputy for Beth Xavier") in [(line.name, line.detail) for line in present.lines]


def test_the_meeting_page_shows_the_minutes_and_its_queries_do_not_grow(client_for, manager, held):
    board = held.group.board
    url = reverse("governance:meeting-detail", args=[board.slug, held.pk])
    client = client_for(manager)
    paper_add(
        paper=MeetingPaper(meeting=held, kind="agenda", link="https://example.org/agenda.pdf"),
        by=manager,
    )
    client.get(url)  # warm anything kept per process
    with CaptureQueriesContext(connection) as before:
        response = client.get(url)
    html = response.content.decode()
    assert "Present (3)" in html and "Apologies (1)" in html and "Absent (1)" in html
    assert "Also in attendance (1)" in html and "Quorate: 3 members present" in html
    for n in range(6):
        person = PersonFactory(name=f"Extra Person {n}")
        MembershipFactory(group=held.group, person=person)
        AttendanceFactory(meeting=held, person=person, status=AttendanceStatus.PRESENT)
        paper_add(paper=MeetingPaper(meeting=held, kind="pack", link=f"https://example.org/{n}.pdf"), by=manager)
    with CaptureQueriesContext(connection) as after:
        response = client.get(url)
    assert "Present (9)" in response.content.decode()
    assert len(after) == len(before), [q["sql"] for q in after.captured_queries]


# --- papers ----------------------------------------------------------------------------------------


def upload(name, content):
    return SimpleUploadedFile(name, content)


def test_uploads_are_checked_by_name_and_first_bytes(settings):
    check_upload(upload("agenda.pdf", PDF))
    check_upload(upload("minutes.docx", docx_bytes()))
    check_upload(upload("notes.txt", "Procès-verbal — ordre du jour".encode()))
    with pytest.raises(Exception, match="is named as a PDF file but is not one"):
        check_upload(upload("agenda.pdf", b"MZ\x90\x00 a program"))
    with pytest.raises(Exception, match="is named as a Word file but is not one"):
        check_upload(upload("minutes.docx", b"PK\x03\x04 not really a zip"))
    with pytest.raises(Exception, match="is not a kind of file a paper can be"):
        check_upload(upload("run.exe", b"MZ"))
    with pytest.raises(Exception, match="is empty"):
        check_upload(upload("agenda.pdf", b""))
    settings.LSCB_PAPER_MAX_BYTES = 10
    with pytest.raises(Exception, match="a paper can be at most"):
        check_upload(upload("agenda.pdf", PDF))


def test_a_paper_is_a_file_or_a_link_not_both():
    form = forms.PaperForm(data={"kind": "agenda", "title": "", "link": ""}, files={})
    assert not form.is_valid()
    assert form.errors["file"] == ["Choose a file to upload, or give a link to the paper."]
    form = forms.PaperForm(
        data={"kind": "agenda", "link": "https://example.org/a.pdf"}, files={"file": upload("a.pdf", PDF)}
    )
    assert not form.is_valid()
    assert "not both" in form.errors["link"][0]


def test_a_paper_is_uploaded_downloaded_with_its_name_and_removed(client_for, manager, board, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    meeting = MeetingFactory(group=GroupFactory(board=board))
    client = client_for(manager)
    name = "Ordre du jour — réunion n°3.pdf"
    response = client.post(
        reverse("governance:paper-create", args=[board.slug, meeting.pk]),
        {"kind": "agenda", "title": "", "link": "", "file": upload(name, PDF)},
    )
    assert response.status_code == 302
    paper = MeetingPaper.objects.get()
    assert paper.file_name == name and paper.file_size == len(PDF) and paper.added_by == manager
    assert name not in paper.file.name  # stored under a random name
    assert paper.history.first().history_user == manager
    response = client.get(reverse("governance:paper-download", args=[board.slug, meeting.pk, paper.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Ordre%20du%20jour" in response["Content-Disposition"]
    stored = tmp_path / paper.file.name
    assert stored.exists()
    response = client.post(reverse("governance:paper-remove", args=[board.slug, meeting.pk, paper.pk]))
    assert response.status_code == 302
    assert not MeetingPaper.objects.exists()


def test_a_refused_upload_says_why_at_the_top_of_the_form(client_for, manager, board):
    meeting = MeetingFactory(group=GroupFactory(board=board))
    response = client_for(manager).post(
        reverse("governance:paper-create", args=[board.slug, meeting.pk]),
        {"kind": "agenda", "file": upload("agenda.pdf", b"not a pdf")},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and "is named as a PDF file but is not one" in html
    assert "give one of them" not in html  # said once, under the file
    assert not MeetingPaper.objects.exists()


def test_a_paper_with_a_very_long_accented_name_is_kept_whole(client_for, manager, board, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    meeting = MeetingFactory(group=GroupFactory(board=board))
    name = "Procès-verbal " + "é" * 180 + " — réunion.pdf"
    response = client_for(manager).post(
        reverse("governance:paper-create", args=[board.slug, meeting.pk]),
        {"kind": "minutes", "title": "Minutes — " + "long " * 200, "file": upload(name, PDF)},
    )
    assert response.status_code == 302
    paper = MeetingPaper.objects.get()
    assert paper.file_name == name
    assert paper.title.startswith("Minutes — long long")
    response = client_for(manager).get(reverse("governance:paper-download", args=[board.slug, meeting.pk, paper.pk]))
    assert response.status_code == 200
    assert "r%C3%A9union.pdf" in response["Content-Disposition"]


def test_a_paper_file_leaves_the_disk_with_its_paper_or_its_meeting(
    manager, board, settings, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    from governance.papers import paper_remove
    from governance.services import meeting_delete

    settings.MEDIA_ROOT = str(tmp_path)
    meeting = MeetingFactory(group=GroupFactory(board=board))
    first = paper_add(paper=MeetingPaper(meeting=meeting, file=ContentFile(PDF, name="a.pdf")), by=manager)
    second = paper_add(paper=MeetingPaper(meeting=meeting, file=ContentFile(PDF, name="b.pdf")), by=manager)
    files = [tmp_path / first.file.name, tmp_path / second.file.name]
    assert all(path.exists() for path in files)
    with django_capture_on_commit_callbacks(execute=True):
        paper_remove(paper=first, by=manager)
    assert not files[0].exists() and files[1].exists()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_delete(meeting=meeting, by=manager)
    assert not files[1].exists()
