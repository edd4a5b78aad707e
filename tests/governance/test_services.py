"""The governance services: the register, cancelling, scheduling, and the audit trail."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from governance import services
from governance.models import Attendance, Meeting, Person
from lscb.concurrency import StaleEdit
from lscb.years import ReportingYear
from tests.factories import AgencyFactory, GroupFactory, MeetingFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def board():
    group = GroupFactory(name="Safeguarding Board", frequency="bimonthly")
    police, health = AgencyFactory(name="Constabulary"), AgencyFactory(name="Health Trust")
    alice = MembershipFactory(group=group, person=PersonFactory(name="Alice", agency=police)).person
    bob = MembershipFactory(group=group, person=PersonFactory(name="Bob", agency=health)).person
    meeting = MeetingFactory(group=group, date=date(2025, 6, 10))
    return group, meeting, alice, bob


def test_recording_the_register_marks_the_meeting_held_and_keeps_who(board, manager):
    group, meeting, alice, bob = board
    entries = [
        services.RegisterEntry(alice, "present"),
        services.RegisterEntry(bob, "deputy", deputy_name="Dee Puty"),
    ]
    services.meeting_record_register(meeting=meeting, entries=entries, by=manager, version=meeting.version)

    meeting.refresh_from_db()
    assert meeting.status == "held"
    rows = {row.person.name: row for row in meeting.attendances.all()}
    assert rows["Alice"].status == "present"
    assert rows["Bob"].deputy_name == "Dee Puty"
    assert rows["Bob"].history.latest().history_user == manager
    assert meeting.history.latest().history_user == manager


def test_re_recording_replaces_the_register_and_removes_cleared_rows(board, manager):
    group, meeting, alice, bob = board
    services.meeting_record_register(
        meeting=meeting,
        entries=[services.RegisterEntry(alice, "present"), services.RegisterEntry(bob, "absent")],
        by=manager,
    )
    meeting.refresh_from_db()
    services.meeting_record_register(
        meeting=meeting,
        entries=[services.RegisterEntry(alice, "apologies"), services.RegisterEntry(bob, "")],
        by=manager,
        version=meeting.version,
    )
    assert list(meeting.attendances.values_list("person__name", "status")) == [("Alice", "apologies")]
    # The removed row is still in the history.
    assert Attendance.history.filter(person_id=bob.pk, history_type="-").exists()


def test_a_stale_register_is_refused_and_nothing_is_written(board, manager):
    group, meeting, alice, bob = board
    opened_version = meeting.version
    services.meeting_record_register(meeting=meeting, entries=[services.RegisterEntry(alice, "present")], by=manager)
    with pytest.raises(StaleEdit):
        services.meeting_record_register(
            meeting=meeting, entries=[services.RegisterEntry(alice, "absent")], by=manager, version=opened_version
        )
    assert meeting.attendances.get().status == "present"


def test_a_non_member_can_only_be_in_attendance_and_errors_write_nothing(board, manager):
    group, meeting, alice, bob = board
    visitor = PersonFactory(name="Visitor")
    with pytest.raises(ValidationError, match="not a member"):
        services.meeting_record_register(
            meeting=meeting,
            entries=[services.RegisterEntry(alice, "present"), services.RegisterEntry(visitor, "present")],
            by=manager,
        )
    meeting.refresh_from_db()
    assert meeting.status == "planned"
    assert not meeting.attendances.exists()

    services.meeting_record_register(
        meeting=meeting, entries=[services.RegisterEntry(visitor, "in_attendance")], by=manager
    )
    assert meeting.attendances.get().status == "in_attendance"


def test_a_new_guest_is_created_inside_the_same_transaction(board, manager):
    group, meeting, alice, bob = board
    guest = Person(name="New Guest")
    with pytest.raises(ValidationError):
        services.meeting_record_register(
            meeting=meeting,
            entries=[services.RegisterEntry(guest, "in_attendance"), services.RegisterEntry(alice, "bogus")],
            by=manager,
        )
    assert not Person.objects.filter(name="New Guest").exists()


def test_deputy_name_needs_the_deputy_status(board, manager):
    group, meeting, alice, bob = board
    with pytest.raises(ValidationError, match="deputy"):
        services.meeting_record_register(
            meeting=meeting, entries=[services.RegisterEntry(alice, "present", deputy_name="X")], by=manager
        )


def test_cancelling_needs_a_reason_and_removes_the_register(board, manager):
    group, meeting, alice, bob = board
    with pytest.raises(ValidationError):
        services.meeting_cancel(meeting=meeting, reason="", by=manager)
    services.meeting_record_register(meeting=meeting, entries=[services.RegisterEntry(alice, "present")], by=manager)
    services.meeting_cancel(meeting=meeting, reason="inquorate", note="Only two members", by=manager)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancel_reason, meeting.note) == ("cancelled", "inquorate", "Only two members")
    assert not meeting.attendances.exists()

    services.meeting_reinstate(meeting=meeting, by=manager)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancel_reason) == ("planned", "")


def test_a_held_meeting_cannot_be_deleted(board, manager):
    group, meeting, alice, bob = board
    services.meeting_record_register(meeting=meeting, entries=[services.RegisterEntry(alice, "present")], by=manager)
    meeting.refresh_from_db()
    with pytest.raises(ValidationError):
        services.meeting_delete(meeting=meeting, by=manager)
    assert Meeting.objects.filter(pk=meeting.pk).exists()


@pytest.mark.parametrize(
    ("frequency", "planned", "months"),
    [
        ("bimonthly", None, [4, 6, 8, 10, 12, 2]),
        ("quarterly", None, [6, 9, 12, 3]),
        ("biannual", None, [9, 3]),
        ("monthly", None, [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]),
        ("as_required", 3, [4, 8, 12]),
    ],
)
def test_scheduling_a_year_follows_the_frequency(manager, frequency, planned, months):
    group = GroupFactory(frequency=frequency, planned_per_year=planned)
    created = services.meetings_schedule_year(group=group, year=ReportingYear(2025), weekday=1, week=2, by=manager)
    assert [m.date.month for m in created] == months
    assert all(m.date.weekday() == 1 and 8 <= m.date.day <= 14 for m in created)
    assert all(m.date in ReportingYear(2025) for m in created)


def test_scheduling_twice_adds_nothing_and_respects_existing_months_and_the_active_period(manager):
    group = GroupFactory(frequency="quarterly", active_to=date(2026, 1, 31))
    MeetingFactory(group=group, date=date(2025, 6, 3))
    created = services.meetings_schedule_year(group=group, year=ReportingYear(2025), weekday=0, week=5, by=manager)
    # June already has a meeting; March 2026 is after the group ended.
    assert [m.date for m in created] == [date(2025, 9, 29), date(2025, 12, 29)]
    assert services.meetings_schedule_year(group=group, year=ReportingYear(2025), weekday=0, week=5, by=manager) == []


def test_scheduling_without_a_frequency_says_what_to_do(manager):
    group = GroupFactory(frequency="", planned_per_year=None)
    with pytest.raises(ValidationError, match="frequency"):
        services.meetings_schedule_year(group=group, year=ReportingYear(2025), weekday=0, week=1, by=manager)


def test_person_email_is_normalised_and_blank_means_none(manager):
    person = services.person_save(person=Person(name="A", email="  A@Example.ORG "), by=manager)
    assert person.email == "a@example.org"
    other = services.person_save(person=Person(name="B", email=""), by=manager)
    assert other.email is None
    with pytest.raises(ValidationError, match="no email has this name"):
        services.person_save(person=Person(name="B", email=" "), by=manager)


def test_membership_agency_defaults_to_the_persons(manager):
    person = PersonFactory()
    membership = services.membership_save(
        membership=MembershipFactory.build(group=GroupFactory(), person=person, agency=None), by=manager
    )
    assert membership.agency == person.agency


def test_a_future_meeting_cannot_be_recorded_as_held(manager):
    from django.utils import timezone

    meeting = MeetingFactory(date=timezone.localdate() + timedelta(days=1))
    with pytest.raises(ValidationError, match=f"You can record attendance from {meeting.date:%d/%m/%Y}"):
        services.meeting_record_register(meeting=meeting, entries=[], by=manager)
    meeting.refresh_from_db()
    assert meeting.status == "planned"


def test_a_cancelled_meeting_is_reinstated_before_its_register_is_recorded(manager):
    meeting = MeetingFactory(date=date(2025, 5, 1), status="cancelled", cancel_reason="inquorate")
    assert services.register_not_yet(meeting).startswith("This meeting was cancelled")
    with pytest.raises(ValidationError, match="reinstate it as planned"):
        services.meeting_record_register(meeting=meeting, entries=[], by=manager)
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"
    meeting.status = "planned"
    assert services.register_not_yet(meeting) == ""


def test_part_and_not_expected_are_kept_with_long_multiline_notes(board, manager):
    group, meeting, alice, bob = board
    note = (
        "Left after item 4 \N{EN DASH} “urgent” call to the Ørsted family court hearing.\nReturned for AOB.\n"
        + "é" * 3000
    )
    services.meeting_record_register(
        meeting=meeting,
        entries=[
            services.RegisterEntry(alice, "part", note=note),
            services.RegisterEntry(bob, "not_expected", note="Attends for the CSE item only"),
        ],
        by=manager,
    )
    rows = {row.person.name: (row.status, row.note) for row in meeting.attendances.all()}
    assert rows == {"Alice": ("part", note.strip()), "Bob": ("not_expected", "Attends for the CSE item only")}
    assert meeting.attendances.get(person=alice).attended


def test_a_representative_present_for_another_member_is_recorded(board, manager):
    group, meeting, alice, bob = board
    services.meeting_record_register(
        meeting=meeting,
        entries=[services.RegisterEntry(alice, "present", on_behalf_of=bob), services.RegisterEntry(bob, "apologies")],
        by=manager,
    )
    row = meeting.attendances.get(person=alice)
    assert (row.status, row.on_behalf_of) == ("present", bob)
    assert row.history.latest().history_user == manager

    # Saving the same register again writes nothing; clearing the representation writes it.
    meeting.refresh_from_db()
    versions = row.history.count()
    entries = [services.RegisterEntry(alice, "part", on_behalf_of=bob), services.RegisterEntry(bob, "apologies")]
    services.meeting_record_register(meeting=meeting, entries=entries, by=manager, version=meeting.version)
    assert row.history.count() == versions + 1
    meeting.refresh_from_db()
    services.meeting_record_register(meeting=meeting, entries=entries, by=manager, version=meeting.version)
    assert row.history.count() == versions + 1
    meeting.refresh_from_db()
    entries[0].on_behalf_of = None
    services.meeting_record_register(meeting=meeting, entries=entries, by=manager, version=meeting.version)
    assert meeting.attendances.get(person=alice).on_behalf_of is None


@pytest.mark.parametrize(
    ("alice_status", "represented", "bob_status", "message"),
    [
        ("apologies", "bob", "absent", "only someone present"),
        ("deputy", "bob", "absent", "only someone present"),
        ("present", "alice", "absent", "on their own behalf"),
        ("present", "outsider", "absent", "not a member of Safeguarding Board on 10/06/2025"),
        ("present", "bob", "present", "attended themselves"),
        ("part", "bob", "deputy", "attended themselves"),
        ("present", "bob", "not_expected", "not expected at this meeting"),
    ],
)
def test_a_representative_is_refused_where_it_makes_no_sense(
    board, manager, alice_status, represented, bob_status, message
):
    group, meeting, alice, bob = board
    people = {"alice": alice, "bob": bob, "outsider": PersonFactory(name="Olive Outsider")}
    with pytest.raises(ValidationError, match=message):
        services.meeting_record_register(
            meeting=meeting,
            entries=[
                services.RegisterEntry(alice, alice_status, on_behalf_of=people[represented]),
                services.RegisterEntry(bob, bob_status),
            ],
            by=manager,
        )
    meeting.refresh_from_db()
    assert meeting.status == "planned" and not meeting.attendances.exists()


def test_a_deputy_sent_is_named_or_marked_name_not_known(board, manager):
    group, meeting, alice, bob = board
    with pytest.raises(ValidationError, match="give the deputy's name, or say it is not known"):
        services.meeting_record_register(meeting=meeting, entries=[services.RegisterEntry(alice, "deputy")], by=manager)
    with pytest.raises(ValidationError, match="not both"):
        entry = services.RegisterEntry(alice, "deputy", deputy_name="Dan", deputy_name_unknown=True)
        services.meeting_record_register(meeting=meeting, entries=[entry], by=manager)
    with pytest.raises(ValidationError, match="goes with the status 'Deputy sent'"):
        entry = services.RegisterEntry(alice, "present", deputy_name_unknown=True)
        services.meeting_record_register(meeting=meeting, entries=[entry], by=manager)
    entry = services.RegisterEntry(alice, "deputy", deputy_name_unknown=True)
    services.meeting_record_register(meeting=meeting, entries=[entry], by=manager)
    row = meeting.attendances.get(person=alice)
    assert (row.deputy_name, row.deputy_name_unknown, row.deputy_label) == ("", True, "name not known")
    # Named later: the tick goes, the name shows.
    entry = services.RegisterEntry(alice, "deputy", deputy_name="Dafydd ap Gruffydd")
    services.meeting_record_register(meeting=meeting, entries=[entry], by=manager)
    row.refresh_from_db()
    assert (row.deputy_name_unknown, row.deputy_label) == (False, "Dafydd ap Gruffydd")
