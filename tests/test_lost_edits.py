"""No edit is lost silently: two people writing the same first text, edit forms opened before
someone else's save (the action, the meeting, the admin), and create-if-absent races. Each time
the second person is told, sees the other change and keeps their own input."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from businessplan.models import Action
from governance import services as governance_services
from governance.models import Meeting
from lscb.concurrency import StaleEdit
from lscb.years import ReportingYear
from tests.factories import (
    ActionFactory,
    GroupFactory,
    MeetingFactory,
    ObjectiveFactory,
    PlanFactory,
    UserFactory,
    default_board,
)
from yearend import services as yearend_services
from yearend.models import Narrative

pytestmark = pytest.mark.django_db

THEIRS = "Zoë's introduction: «a year of partnership»,\nwritten on two lines by the chair."
MINE = "Ångström-Réné's draft — the manager's own words,\nthree lines long,\nwith accents: œuvre, naïve."


def hidden_version(page: str, prefix: str = "") -> str:
    """The version a page's form was opened at, as the browser would post it back ("" if none)."""
    tag = re.search(rf'<input[^>]*name="{prefix}version"[^>]*>', page)
    assert tag, "the form carries no version"
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return value.group(1) if value else ""


# --- the narrative: two people writing a section nobody has written yet --------------------------


def test_two_people_writing_a_new_section_the_second_is_told_and_keeps_their_text(board, client_for, chair, manager):
    url = reverse("yearend:narrative", args=[board.slug, "2015-16", "introduction"])
    client = client_for(manager)
    manager_opened = hidden_version(client.get(url).content.decode())
    client = client_for(chair)
    chair_opened = hidden_version(client.get(url).content.decode())
    assert client.post(url, {"text": THEIRS, "version": chair_opened}).status_code == 302

    client = client_for(manager)
    response = client.post(url, {"text": MINE, "version": manager_opened})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else wrote this section while you were writing: their text is shown; yours is kept below." in page
    assert "Zoë&#x27;s introduction: «a year of partnership»,<br>written on two lines" in page  # theirs, shown
    assert "Ångström-Réné&#x27;s draft — the manager&#x27;s own words,\nthree lines long" in page  # mine, in the box
    assert Narrative.objects.get(year="2015-16", section="introduction").text == THEIRS
    # Saving again, having read theirs, is the manager's choice: it goes through.
    assert client.post(url, {"text": MINE, "version": hidden_version(page)}).status_code == 302
    assert Narrative.objects.get(year="2015-16", section="introduction").text == MINE.strip()


@pytest.mark.parametrize("posted", [None, "", "seven", "-1", "0", "99999999999999999999"])
def test_a_missing_or_damaged_version_never_replaces_a_written_section(board, client_for, chair, manager, posted):
    url = reverse("yearend:narrative", args=[board.slug, "2015-16", "voice"])
    yearend_services.narrative_save(
        board=default_board(), year=ReportingYear(2015), section="voice", text=THEIRS, by=chair, version=0
    )
    data = {"text": MINE} if posted is None else {"text": MINE, "version": posted}
    response = client_for(manager).post(url, data)
    assert response.status_code == 200 and "Someone else" in response.content.decode()
    assert Narrative.objects.get(year="2015-16", section="voice").text == THEIRS


def test_a_section_created_by_another_request_in_the_same_moment_is_not_replaced(monkeypatch, chair, manager):
    """The race itself: the other request's row appears after this one looked for it."""
    year = ReportingYear(2015)
    yearend_services.narrative_save(
        board=default_board(), year=year, section="governance", text=THEIRS, by=chair, version=0
    )
    monkeypatch.setattr(yearend_services, "_written", lambda board, year, section: None)  # not there when looked for
    with pytest.raises(StaleEdit, match="Someone else wrote this section while you were writing"):
        yearend_services.narrative_save(
            board=default_board(), year=year, section="governance", text=MINE, by=manager, version=0
        )
    assert Narrative.objects.get(year="2015-16", section="governance").text == THEIRS


# --- the action's edit form ----------------------------------------------------------------------


def action_form(action: Action, version: str, **values) -> dict:
    data = {
        "objective": action.objective_id,
        "ref": action.ref,
        "text": action.text,
        "by_whom": action.by_whom,
        "lead_group": action.lead_group_id or "",
        "due_text": action.due_text,
        "due_date": action.due_date.isoformat() if action.due_date else "",
        "intended_impact": action.intended_impact,
        "measure": action.measure,
        "version": version,
    }
    return {**data, **values}


def test_an_action_form_opened_earlier_does_not_overwrite_a_later_change(board, client_for, manager):
    plan = PlanFactory(title="Business Plan 2025-27", slug="2025-27")
    action = ActionFactory(objective=ObjectiveFactory(priority__plan=plan), ref="1.1", text="Audit the toolkit")
    url = reverse("businessplan:action-edit", args=[board.slug, plan.slug, "1.1"])
    other = UserFactory(username="deputy-manager", roles=["Business manager"])
    client = client_for(manager)
    opened = hidden_version(client.get(url).content.decode())

    client = client_for(other)
    other_opened = hidden_version(client.get(url).content.decode())
    response = client.post(url, action_form(action, other_opened, measure=THEIRS))
    assert response.status_code == 302

    client = client_for(manager)
    response = client.post(url, action_form(action, opened, text=MINE))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this action while you were editing it." in page
    assert "As the other person saved it" in page and "Zoë&#x27;s introduction" in page  # their measure
    assert "Ångström-Réné&#x27;s draft" in page  # my text, kept in the form
    stored = Action.objects.get(pk=action.pk)
    assert (stored.measure, stored.text) == (THEIRS, "Audit the toolkit")
    # Checked, and saved again from the refused form: their measure is in my form now only if I put it there.
    response = client.post(url, action_form(action, hidden_version(page), text=MINE, measure=THEIRS))
    assert response.status_code == 302
    assert Action.objects.get(pk=action.pk).text == MINE.strip()


@pytest.mark.parametrize("posted", [None, "", "x", "-3", "0", "1e3", "99999999999999999999"])
def test_an_action_form_with_a_missing_or_damaged_version_is_refused(board, client_for, manager, posted):
    action = ActionFactory(measure="Audit done")
    url = reverse("businessplan:action-edit", args=[board.slug, action.plan.slug, action.ref])
    data = action_form(action, posted, measure=MINE)
    if posted is None:
        del data["version"]
    response = client_for(manager).post(url, data)
    assert response.status_code == 200 and "Someone else saved this action" in response.content.decode()
    assert Action.objects.get(pk=action.pk).measure == "Audit done"


# --- the meeting's edit form ----------------------------------------------------------------------


def test_a_meeting_form_opened_earlier_does_not_overwrite_a_cancellation_note(board, client_for, manager, chair):
    meeting = MeetingFactory(group=GroupFactory(name="Safeguarding Board"), date=date(2025, 6, 10), note="Room 4")
    url = reverse("governance:meeting-edit", args=[board.slug, meeting.pk])
    client = client_for(manager)
    opened = hidden_version(client.get(url).content.decode())
    governance_services.meeting_cancel(
        meeting=meeting, reason="inquorate", note=THEIRS, by=chair, version=meeting.version
    )
    data = {"group": meeting.group_id, "date": "2025-06-17", "note": MINE, "version": opened}
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this meeting while you were editing it." in page
    assert "Zoë&#x27;s introduction" in page and "Ångström-Réné&#x27;s draft" in page
    stored = Meeting.objects.get(pk=meeting.pk)
    assert (stored.note, stored.date, stored.status) == (THEIRS, date(2025, 6, 10), "cancelled")
    response = client.post(url, {**data, "version": hidden_version(page)})
    assert response.status_code == 302
    stored.refresh_from_db()
    assert (stored.note, stored.date, stored.status) == (MINE.strip(), date(2025, 6, 17), "cancelled")


# --- the admin -----------------------------------------------------------------------------------


def test_the_admin_refuses_a_stale_change_to_a_meeting(client_for, chair):
    superuser = UserFactory(username="admin", is_staff=True, is_superuser=True)
    meeting = MeetingFactory(group=GroupFactory(name="Safeguarding Board"), date=date(2025, 6, 10), note="Room 4")
    url = f"/admin/governance/meeting/{meeting.pk}/change/"
    client = client_for(superuser)
    page = client.get(url).content.decode()
    opened = hidden_version(page)
    assert opened == str(meeting.version) and 'type="hidden"' in re.search(r'<input[^>]*name="version"[^>]*>', page)[0]
    governance_services.meeting_cancel(meeting=meeting, reason="inquorate", note=THEIRS, by=chair, version=int(opened))
    data = {
        "group": meeting.group_id,
        "date": "2025-06-10",
        "status": "planned",
        "cancel_reason": "",
        "note": MINE,
        "version": opened,
        "attendances-TOTAL_FORMS": "0",
        "attendances-INITIAL_FORMS": "0",
        "attendances-MIN_NUM_FORMS": "0",
        "attendances-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200, page[:300]
    assert "Someone else saved this meeting while you were editing it." in page
    assert "Theirs: Status: Cancelled" in page and "Ångström-Réné&#x27;s draft" in page
    stored = Meeting.objects.get(pk=meeting.pk)
    assert (stored.status, stored.note) == ("cancelled", THEIRS)
    # A missing version is refused too; the refused page carries the stored one, which saves.
    assert client.post(url, {**data, "version": ""}).status_code == 200
    response = client.post(url, {**data, "version": hidden_version(page)})
    assert response.status_code == 302
    stored.refresh_from_db()
    assert (stored.status, stored.note, stored.version) == ("planned", MINE.strip(), int(hidden_version(page)) + 1)


# --- create-if-absent races ----------------------------------------------------------------------


def test_a_record_created_by_another_request_after_the_check_is_refused_in_words(monkeypatch, manager):
    """The check (full_clean) passed, then another request saved the same meeting: the database
    refuses it, and the user reads why instead of an error page."""
    group = GroupFactory(name="Safeguarding Board")
    governance_services.meeting_save(meeting=Meeting(group=group, date=date(2025, 6, 10)), by=manager)
    monkeypatch.setattr(Meeting, "full_clean", lambda self, *args, **kwargs: None)  # checked before the other save
    with pytest.raises(ValidationError, match="Someone else saved"):
        governance_services.meeting_save(meeting=Meeting(group=group, date=date(2025, 6, 10)), by=manager)
    assert Meeting.objects.filter(group=group).count() == 1


def test_a_refused_cancellation_keeps_the_note_and_can_be_saved_again_after_checking(board, client_for, manager):
    meeting = MeetingFactory(group=GroupFactory(name="Safeguarding Board"), date=date(2025, 6, 10), note="Room 4")
    url = reverse("governance:meeting-cancel", args=[board.slug, meeting.pk])
    client = client_for(manager)
    opened = hidden_version(client.get(url).content.decode())
    meeting.note = THEIRS
    governance_services.meeting_save(meeting=meeting, by=manager, version=int(opened))
    response = client.post(url, {"cancel_reason": "inquorate", "note": MINE, "version": opened})
    page = response.content.decode()
    assert response.status_code == 200 and "Someone else saved this meeting" in page
    assert "Ångström-Réné&#x27;s draft" in page and Meeting.objects.get(pk=meeting.pk).status == "planned"
    response = client.post(url, {"cancel_reason": "inquorate", "note": MINE, "version": hidden_version(page)})
    assert response.status_code == 302
    assert (Meeting.objects.get(pk=meeting.pk).status, Meeting.objects.get(pk=meeting.pk).note) == (
        "cancelled",
        MINE.strip(),
    )


def test_a_meeting_added_in_the_admin_starts_at_the_first_version(client_for):
    client = client_for(UserFactory(username="admin", is_staff=True, is_superuser=True))
    group = GroupFactory(name="Safeguarding Board")
    page = client.get("/admin/governance/meeting/add/").content.decode()
    assert hidden_version(page) == ""
    data = {
        "group": group.pk,
        "date": "2025-06-10",
        "status": "planned",
        "cancel_reason": "",
        "note": MINE,
        "attendances-TOTAL_FORMS": "0",
        "attendances-INITIAL_FORMS": "0",
        "attendances-MIN_NUM_FORMS": "0",
        "attendances-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    response = client.post("/admin/governance/meeting/add/", data)
    assert response.status_code == 302, response.content.decode()[:500]
    assert Meeting.objects.get(group=group).version == 1
