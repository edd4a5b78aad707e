"""Every write is all or nothing: a failure half-way through a service leaves no row behind.

Each test lets the first steps of a write happen and makes a later one fail, then counts the
rows of every table of our apps (history included): none may have changed.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction

from businessplan import services as plan_services
from businessplan.models import Action
from challengelog import services as challenge_services
from challengelog.models import Challenge, Event
from governance import services
from governance.models import Meeting, Person
from lscb import roles
from lscb.workbook import get_sheet, import_workbook
from lscb.years import ReportingYear
from tests.factories import (
    ActionFactory,
    AgencyFactory,
    ChallengeFactory,
    GroupFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
    default_board,
)
from tests.fuzz.harness import row_counts
from tests.workbook.helpers import BOARD, write_csvs
from yearend import services as yearend_services

pytestmark = pytest.mark.django_db


class Boom(Exception):
    """The failure provoked half-way."""


def fail_when(monkeypatch, module, name: str, when) -> None:
    """Make `module.name` raise Boom when `when(*args, **kwargs)` is true; otherwise run as usual."""
    original = getattr(module, name)

    def failing(*args, **kwargs):
        if when(*args, **kwargs):
            raise Boom
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, failing)


@pytest.fixture
def meeting():
    group = GroupFactory(name="Safeguarding Board")
    for name in ("Alice", "Bob"):
        MembershipFactory(group=group, person=PersonFactory(name=name))
    return MeetingFactory(group=group, date=date(2025, 6, 10))


def test_a_register_that_fails_at_the_last_step_leaves_no_row(meeting, manager, monkeypatch):
    alice, bob = (m.person for m in meeting.group.memberships.order_by("person__name"))
    guest = Person(name="New Guest")
    entries = [
        services.RegisterEntry(alice, "present"),
        services.RegisterEntry(bob, "deputy", deputy_name="Dee Puty"),
        services.RegisterEntry(guest, "in_attendance"),
    ]
    # The guest, then both attendance rows are written; marking the meeting held fails.
    fail_when(monkeypatch, services, "record_save", lambda *, instance, by: isinstance(instance, Meeting))
    before = row_counts()
    with pytest.raises(Boom):
        services.meeting_record_register(meeting=meeting, entries=entries, by=manager, version=meeting.version)
    assert row_counts() == before
    assert not Person.objects.filter(name="New Guest").exists()
    assert Meeting.objects.get(pk=meeting.pk).status == "planned"


def test_a_cancellation_that_fails_keeps_the_register(meeting, manager, monkeypatch):
    alice, bob = (m.person for m in meeting.group.memberships.order_by("person__name"))
    entries = [services.RegisterEntry(alice, "present"), services.RegisterEntry(bob, "absent")]
    services.meeting_record_register(meeting=meeting, entries=entries, by=manager)
    meeting.refresh_from_db()
    fail_when(monkeypatch, services, "record_save", lambda *, instance, by: True)
    before = row_counts()
    with pytest.raises(Boom):
        services.meeting_cancel(meeting=meeting, reason="inquorate", by=manager, version=meeting.version)
    assert row_counts() == before
    assert meeting.attendances.count() == 2


def test_scheduling_a_year_that_fails_on_the_third_meeting_adds_none(manager, monkeypatch):
    group = GroupFactory(frequency="bimonthly")
    calls = []
    fail_when(monkeypatch, services, "meeting_save", lambda **kwargs: calls.append(1) or len(calls) == 3)
    before = row_counts()
    with pytest.raises(Boom):
        services.meetings_schedule_year(group=group, year=ReportingYear(2025), weekday=1, week=2, by=manager)
    assert len(calls) == 3
    assert row_counts() == before


def test_progress_that_fails_after_the_update_is_written_leaves_neither(manager, monkeypatch):
    action = ActionFactory(rating="amber")
    fail_when(monkeypatch, plan_services, "_latest_rating", lambda action: True)
    before = row_counts()
    with pytest.raises(Boom):
        plan_services.action_record_progress(action=action, note="Done", rating="green", by=manager)
    assert row_counts() == before
    assert Action.objects.get(pk=action.pk).rating == "amber"


def test_a_challenge_whose_timeline_entry_fails_is_not_logged(manager, monkeypatch):
    challenge = Challenge(
        board=default_board(), raised_on=date(2025, 6, 1), raised_by="chair", agency=AgencyFactory(), subject="Audits"
    )
    fail_when(monkeypatch, Event.objects, "create", lambda **kwargs: True)
    before = row_counts()
    with pytest.raises(Boom):
        challenge_services.challenge_log(challenge=challenge, by=manager)
    assert row_counts() == before


def test_closing_a_challenge_whose_timeline_entry_fails_leaves_it_open(manager, monkeypatch):
    challenge = ChallengeFactory(raised_on=date(2025, 6, 1))
    fail_when(monkeypatch, Event.objects, "create", lambda **kwargs: True)
    before = row_counts()
    with pytest.raises(Boom):
        challenge_services.challenge_close(
            challenge=challenge,
            outcome_kind="resolved",
            outcome="Audit done",
            closed_on=date(2025, 7, 1),
            by=manager,
            version=1,
        )
    assert row_counts() == before
    stored = Challenge.objects.get(pk=challenge.pk)
    assert (stored.status, stored.outcome, stored.version) == ("open", "", 1)


def test_a_narrative_whose_save_fails_leaves_no_empty_row(board, manager, monkeypatch):
    # get_or_create writes the row first; the save that follows fails.
    fail_when(monkeypatch, yearend_services, "record_save", lambda **kwargs: True)
    before = row_counts()
    with pytest.raises(Boom):
        yearend_services.narrative_save(
            board=board, year=ReportingYear(2025), section="introduction", text="Hello", by=manager
        )
    assert row_counts() == before


def test_an_import_that_fails_in_its_last_sheet_writes_nothing(manager, tmp_path, monkeypatch):
    sheet = get_sheet("attendance")
    monkeypatch.setattr(sheet, "save", lambda instance, by: (_ for _ in ()).throw(Boom()))
    before = row_counts()
    with pytest.raises(Boom):
        import_workbook(write_csvs(tmp_path / "board", BOARD), by=manager)
    assert row_counts() == before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_register_that_fails_through_the_page_commits_nothing(board, client, client_for, meeting, monkeypatch):
    """With real commits (no test transaction around it): the page's failure leaves nothing."""
    user = UserFactory(username="manager-tx", roles=[roles.BUSINESS_MANAGER])
    client_for(user)
    alice, bob = (m.person for m in meeting.group.memberships.order_by("person__name"))
    fail_when(monkeypatch, services, "record_save", lambda *, instance, by: isinstance(instance, Meeting))
    client.raise_request_exception = False
    before = row_counts()
    response = client.post(
        f"/{board.slug}/meetings/{meeting.pk}/record/",
        {"version": meeting.version, f"p{alice.pk}-status": "present", f"p{bob.pk}-status": "apologies"},
    )
    assert response.status_code == 500
    assert not transaction.get_connection().in_atomic_block
    assert row_counts() == before
