"""Writes to training through its services: validated, versioned, all or nothing, attributed."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from lscb.concurrency import StaleEdit
from tests.factories import AgencyFactory, TrainingAttendanceFactory, TrainingEventFactory, UserFactory
from training.models import TrainingAttendance, TrainingEvent
from training.services import (
    AttendanceLine,
    attendance_fingerprint,
    event_attendance_save,
    event_delete,
    event_save,
    event_warnings,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(db):
    return UserFactory(username="writer")


def test_an_event_is_saved_with_who_saved_it_and_each_edit_moves_its_version(board, user):
    event = event_save(event=TrainingEvent(board=board, title="  Neglect  ", date=date(2025, 6, 1)), by=user)
    assert (event.title, event.version, event.kind) == ("Neglect", 1, "course")
    event.booked = 12
    event_save(event=event, by=user, version=1)
    assert event.version == 2 and event.history.count() == 2
    event.booked = 13
    with pytest.raises(StaleEdit):
        event_save(event=event, by=user, version=1)
    assert TrainingEvent.objects.get().booked == 12


@pytest.mark.parametrize(
    ("figures", "field"),
    [
        ({"evaluations": 3, "rated_good": 4}, "rated_good"),
        ({"cancelled": True, "attended": 3}, "attended"),
        ({"cancelled": True, "evaluations": 3}, "evaluations"),
        ({"attended": 5, "evaluations": 6}, "evaluations"),
        ({"date": date(2099, 1, 1), "attended": 5}, "attended"),
    ],
)
def test_figures_that_cannot_all_be_true_are_refused(board, user, figures, field):
    event = TrainingEvent(board=board, title="Course", **{"date": date(2025, 6, 1), **figures})
    with pytest.raises(ValidationError) as refused:
        event_save(event=event, by=user)
    assert field in refused.value.message_dict
    assert not TrainingEvent.objects.exists()


def test_walk_ins_and_overbooking_are_kept_and_only_warned_of(board, user):
    event = event_save(
        event=TrainingEvent(board=board, title="Course", date=date(2025, 6, 1), places=10, booked=11, attended=13),
        by=user,
    )
    warnings = event_warnings(event, [TrainingAttendance(booked=20, attended=2)])
    assert len(warnings) == 3 and "2 walk-ins" in warnings[0]


def test_a_control_character_in_the_notes_is_refused(board, user):
    with pytest.raises(ValidationError):
        event_save(event=TrainingEvent(board=board, title="Course", date=date(2025, 6, 1), notes="a\x07b"), by=user)


def test_an_events_lines_are_replaced_all_or_nothing(board, user):
    event = TrainingEventFactory(booked=10)
    police, council, cafcass = (AgencyFactory(name=name) for name in ("Police", "Council", "Cafcass"))
    kept = TrainingAttendanceFactory(event=event, agency=police, booked=4, attended=4)
    TrainingAttendanceFactory(event=event, agency=cafcass, booked=2, attended=0)
    seen = attendance_fingerprint(event.attendance.all())
    event_attendance_save(
        event=event,
        lines=[AttendanceLine(police, 5, 4), AttendanceLine(council, 3, 3), AttendanceLine(cafcass)],
        by=user,
        seen=seen,
    )
    lines = {line.agency.name: (line.booked, line.attended) for line in event.attendance.select_related("agency")}
    assert lines == {"Police": (5, 4), "Council": (3, 3)}  # Cafcass's line, left with no figures, is removed
    assert TrainingAttendance.objects.get(pk=kept.pk).history.latest().history_user == user
    with pytest.raises(StaleEdit):
        event_attendance_save(event=event, lines=[AttendanceLine(police, 1, 1)], by=user, seen=seen)
    with pytest.raises(ValidationError):
        event_attendance_save(event=event, lines=[AttendanceLine(police, 1, 1), AttendanceLine(police, 2, 2)], by=user)
    assert event.attendance.count() == 2


def test_a_refused_line_leaves_every_line_as_it_was(board, user):
    event = TrainingEventFactory(cancelled=True)
    police, council = AgencyFactory(name="Police"), AgencyFactory(name="Council")
    TrainingAttendanceFactory(event=event, agency=police, booked=4)
    with pytest.raises(ValidationError):
        event_attendance_save(event=event, lines=[AttendanceLine(council, 3), AttendanceLine(police, 4, 2)], by=user)
    assert [(line.agency.name, line.booked) for line in event.attendance.all()] == [("Police", 4)]


def test_deleting_an_event_removes_its_lines_with_who_did_it(board, user):
    event = TrainingEventFactory()
    line = TrainingAttendanceFactory(event=event, booked=2)
    event_delete(event=event, by=user)
    assert not TrainingEvent.objects.exists() and not TrainingAttendance.objects.exists()
    assert TrainingAttendance.history.filter(id=line.pk, history_type="-").get().history_user == user
    assert TrainingEvent.history.filter(history_type="-").get().history_user == user
