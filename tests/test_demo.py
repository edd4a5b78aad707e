"""The demo board (demo_data) and the demo sign-ins (demo_logins)."""

from collections import defaultdict
from datetime import date
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from governance.models import (
    Agency,
    Attendance,
    CancelReason,
    Expected,
    Group,
    GroupKind,
    Meeting,
    MeetingStatus,
    Membership,
    Person,
    Sector,
)
from lscb import roles
from lscb.permissions import allowed
from lscb.years import ReportingYear
from tests.factories import ensure_roles

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 27)
CURRENT = ReportingYear.containing(TODAY)
PREVIOUS = CURRENT.previous


def build_demo() -> str:
    out = StringIO()
    call_command("demo_data", "--today", TODAY.isoformat(), "--force", stdout=out)
    return out.getvalue()


def logins(*args: str) -> str:
    out = StringIO()
    call_command("demo_logins", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """The demo board, built once for the class and rolled back after it (each test still
    runs in its own savepoint, so what one test writes the next does not see)."""
    with django_db_blocker.unblock(), transaction.atomic():
        ensure_roles()  # an earlier browser test's flush may have removed them
        build_demo()
        yield
        transaction.set_rollback(True)


def snapshot() -> dict:
    """Row counts of every governance table (history included), and the calendar and registers."""
    counts = {model._meta.label: model.objects.count() for model in apps.get_app_config("governance").get_models()}
    meetings = list(Meeting.objects.values_list("group__name", "date", "status", "cancel_reason", "note", "version"))
    registers = list(
        Attendance.objects.values_list(
            "meeting__group__name", "meeting__date", "person__email", "status", "deputy_name"
        )
    )
    return {"counts": counts, "meetings": meetings, "registers": registers}


def test_building_the_demo_twice_gives_the_same_database():
    first_output = build_demo()
    first = snapshot()
    second_output = build_demo()

    assert snapshot() == first
    assert first["counts"]["governance.HistoricalMeeting"] > first["counts"]["governance.Meeting"]
    assert "created nothing" not in first_output
    assert "created nothing" in second_output


def test_building_on_a_demo_of_another_year_is_refused_and_writes_nothing():
    build_demo()
    before = snapshot()
    with pytest.raises(CommandError, match="another reporting year"):
        call_command("demo_data", "--today", "2027-06-01", "--force", stdout=StringIO())
    assert snapshot() == before


def test_demo_logins_refuse_without_debug_or_force(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        logins()
    assert not get_user_model().objects.exists()


@pytest.mark.usefixtures("demo")
class TestTheDemoBoard:
    """Built once as at 27/11/2026: the shape of a real board's year."""

    def test_the_demo_has_the_agencies_groups_and_people_of_a_real_board(self):
        assert 14 <= Agency.objects.count() <= 17
        assert set(Agency.objects.values_list("sector", flat=True)) == set(Sector.values)
        assert 55 <= Person.objects.count() <= 65
        # Invented people at reserved domains only.
        assert all(email.endswith(".example") for email in Person.objects.values_list("email", flat=True))

        groups = list(Group.objects.select_related("parent"))
        assert len(groups) == 12
        (board,) = [group for group in groups if group.parent is None]
        assert board.kind == GroupKind.BOARD
        committee = Group.objects.get(name="Business Committee")
        assert {group.parent for group in groups if group.parent} == {board, committee}
        assert all(group.planned_per_year for group in groups)
        assert Group.objects.get(kind=GroupKind.PANEL, name="Child Death Overview Panel").joint_with
        assert Group.objects.exclude(joint_with="").count() == 2
        task_and_finish = Group.objects.filter(kind=GroupKind.TASK_AND_FINISH)
        assert task_and_finish.count() == 2
        ending = task_and_finish.get(active_to__isnull=False)
        assert ending.active_to in CURRENT
        assert ending.active_to < CURRENT.end

    def test_memberships_change_during_the_years_and_every_group_has_a_chair(self):
        seats = Membership.objects.all()
        for year in (PREVIOUS, CURRENT):
            assert seats.filter(start__range=(year.start, year.end)).exists(), f"nobody joins in {year}"
            assert seats.filter(end__range=(year.start, year.end)).exists(), f"nobody leaves in {year}"
        assert seats.filter(expected=Expected.FOR_ITEMS).exists()
        assert {"chair", "vice_chair", "member", "adviser", "officer"} <= set(seats.values_list("role", flat=True))
        chaired = set(seats.filter(role="chair").active_on(TODAY).values_list("group__name", flat=True))
        assert chaired == set(Group.objects.active_during(TODAY, TODAY).values_list("name", flat=True))

    def test_meetings_cover_both_years_held_cancelled_and_planned(self):
        for year in (PREVIOUS, CURRENT):
            meetings = Meeting.objects.in_period(year.start, year.end)
            assert meetings.held().exists()
            reasons = set(meetings.filter(status=MeetingStatus.CANCELLED).values_list("cancel_reason", flat=True))
            assert reasons == set(CancelReason.values), f"{year} lacks a cancel reason"
        assert not Meeting.objects.filter(date__lt=TODAY, status=MeetingStatus.PLANNED).exists()
        assert not Meeting.objects.filter(date__gt=TODAY).exclude(status=MeetingStatus.PLANNED).exists()
        assert Meeting.objects.filter(date__gt=TODAY).exists()
        assert not Attendance.objects.exclude(meeting__status=MeetingStatus.HELD).exists()

    def test_registers_have_deputies_apologies_guests_and_one_missing_register(self):
        statuses = defaultdict(list)
        for row in Attendance.objects.all():
            statuses[row.status].append(row)
        assert {"present", "deputy", "apologies", "absent", "in_attendance"} <= set(statuses)
        assert all(row.deputy_name for row in statuses["deputy"])

        (unrecorded,) = Meeting.objects.without_register()
        assert unrecorded.date in CURRENT
        assert unrecorded.date < TODAY
        assert (TODAY - unrecorded.date).days <= 31

    def test_one_agency_never_attends_though_it_is_expected(self):
        attended = defaultdict(set)
        for agency, status in Attendance.objects.counted().values_list("person__agency__name", "status"):
            attended[agency].add(status)
        never = [agency for agency, seen in attended.items() if not seen & {"present", "deputy"}]
        assert len(never) == 1
        national = Agency.objects.get(name=never[0])
        assert national.statutory_partner
        assert Membership.objects.filter(agency=national, expected=Expected.ALL).exists()

    def test_every_counted_attendance_row_is_a_member_of_the_group_on_the_day(self):
        seats = defaultdict(list)
        for group_id, person_id, start, end in Membership.objects.values_list("group_id", "person_id", "start", "end"):
            seats[group_id, person_id].append((start, end))

        def member(row: Attendance) -> bool:
            day = row.meeting.date
            return any(
                (start is None or start <= day) and (end is None or day <= end)
                for start, end in seats[row.meeting.group_id, row.person_id]
            )

        rows = list(Attendance.objects.select_related("meeting"))
        assert all(member(row) for row in rows if row.status != "in_attendance")
        # Guests are people who are not members that day.
        assert not any(member(row) for row in rows if row.status == "in_attendance")

    def test_demo_logins_make_one_sign_in_per_role_and_reset_passwords(self):
        User = get_user_model()
        manager = User.objects.create(username="manager")
        manager.set_password("changed-by-someone")
        manager.save()

        logins("--force")
        output = logins("--force")

        users = {user.username: user for user in User.objects.prefetch_related("groups")}
        assert set(users) == {"manager", "chair", "subchair", "member", "admin"}
        expected_roles = {
            "manager": [roles.BUSINESS_MANAGER],
            "chair": [roles.CHAIR],
            "subchair": [roles.SUBGROUP_CHAIR],
            "member": [roles.BOARD_MEMBER],
            "admin": [],
        }
        assert {name: [group.name for group in user.groups.all()] for name, user in users.items()} == expected_roles
        assert users["admin"].is_superuser and users["admin"].is_staff
        assert not any(users[name].is_staff for name in ("manager", "chair", "subchair", "member"))
        assert users["manager"].check_password("demo-manager-2026")
        assert "demo-subchair-2026" in output
        assert "http://127.0.0.1:8000/accounts/login/" in output
        board_chair = Membership.objects.get(group__kind=GroupKind.BOARD, role="chair").person
        assert users["chair"].person == board_chair

    def test_the_demo_sub_group_chair_records_the_qeg_only(self, settings):
        settings.DEBUG = True
        logins()
        subchair = get_user_model().objects.get(username="subchair")

        qeg = Group.objects.get(name="Quality and Effectiveness Group")
        assert subchair.person.memberships.filter(group=qeg, role="chair").active_on(TODAY).exists()
        assert allowed("governance.record-meeting", subchair, qeg.meetings.first())
        others = Meeting.objects.exclude(group=qeg)
        assert not any(allowed("governance.record-meeting", subchair, meeting) for meeting in others)


def test_demo_data_refuses_on_a_site_without_debug(db):
    with pytest.raises(CommandError, match="Refusing to add the demo board"):
        call_command("demo_data", stdout=StringIO())
    assert not Agency.objects.exists()
