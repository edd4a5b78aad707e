"""A read compiled once (lscb.compiled) gives what the ORM gives, on either database."""

from datetime import date

import pytest

from governance.models import Attendance, Membership
from governance.registers import SAVED_ROWS, SEATS
from lscb.compiled import CompiledRead
from tests.factories import AttendanceFactory, GroupFactory, MeetingFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_the_registers_seats_are_the_orms_for_every_day_and_group():
    board, panel = GroupFactory(name="Board"), GroupFactory(name="Panel")
    MembershipFactory(group=board, person=PersonFactory(name="Always"))
    MembershipFactory(group=board, person=PersonFactory(name="Left"), end=date(2025, 6, 30))
    MembershipFactory(group=board, person=PersonFactory(name="Joined"), start=date(2025, 7, 1), role="chair")
    MembershipFactory(group=panel, person=PersonFactory(name="Elsewhere"))
    for group in (board, panel):
        for day in (date(2025, 6, 30), date(2025, 7, 1)):
            orm = list(
                Membership.objects.filter(group_id=group.pk)
                .active_on(day)
                .order_by("expected", "agency__name", "person__name")
                .values_list("person_id", "person__name", "role", "expected", "agency__short_name", "agency__name")
            )
            assert SEATS(group_id=group.pk, day=day) == [tuple(row) for row in orm]
    names = [row[1] for row in SEATS(group_id=board.pk, day=date(2025, 7, 1))]
    assert sorted(names) == ["Always", "Joined"]


def test_a_stand_in_that_never_reaches_the_sql_is_refused():
    read = CompiledRead(lambda group_id: Membership.objects.values_list("pk"), group_id=-1)
    with pytest.raises(ValueError, match="group_id=-1 does not reach the SQL"):
        read(group_id=3)


def test_a_literal_equal_to_a_stand_in_is_left_alone():
    board = GroupFactory(name="Board")
    kept = MembershipFactory(group=board, person=PersonFactory(name="Kept"))
    MembershipFactory(group=board, person=PersonFactory(name="Left out"))
    left_out = Membership.objects.get(person__name="Left out")
    read = CompiledRead(
        lambda group_id: Membership.objects.filter(group_id=group_id).exclude(pk=left_out.pk).values_list("pk"),
        group_id=left_out.pk,  # the same number as the literal in the query
    )
    assert read(group_id=board.pk) == [(kept.pk,)]


def test_the_registers_saved_rows_are_the_orms_with_whom_each_was_present_for():
    meeting, other = MeetingFactory(status="held"), MeetingFactory(status="held")
    absent = PersonFactory(name="Absent Member")
    AttendanceFactory(meeting=meeting, person=absent, status="apologies")
    AttendanceFactory(meeting=meeting, person=PersonFactory(name="Rep"), status="part", on_behalf_of=absent)
    AttendanceFactory(meeting=other, person=PersonFactory(name="Elsewhere"), status="not_expected")
    for each in (meeting, other):
        orm = Attendance.objects.filter(meeting_id=each.pk).values_list(
            "person_id",
            "status",
            "deputy_name",
            "note",
            "on_behalf_of_id",
            "person__name",
            "person__agency__short_name",
            "person__agency__name",
        )
        assert sorted(SAVED_ROWS(meeting_id=each.pk)) == sorted(tuple(row) for row in orm)
    assert {row[5]: (row[1], row[4]) for row in SAVED_ROWS(meeting_id=meeting.pk)} == {
        "Absent Member": ("apologies", None),
        "Rep": ("part", absent.pk),
    }
