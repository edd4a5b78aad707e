"""The demo boards (demo_data) and the demo sign-ins (demo_logins)."""

from collections import defaultdict
from datetime import date
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from governance.demo import LOGIN_PEOPLE
from governance.demo.boards import find
from governance.demo.groups import ADULTS, CHILDREN
from governance.models import (
    Agency,
    Attendance,
    Board,
    BoardKind,
    BoardRole,
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
from governance.statistics import year_figures
from lscb import roles
from lscb.permissions import allowed
from lscb.years import ReportingYear
from tests.factories import GroupFactory, ensure_roles

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
    joint = sorted(Group.joint_boards.through.objects.values_list("group__name", "board__slug"))
    return {"counts": counts, "meetings": meetings, "registers": registers, "joint": joint}


def test_building_the_demo_twice_gives_the_same_database():
    first_output = build_demo()
    first = snapshot()
    second_output = build_demo()

    assert snapshot() == first
    assert first["counts"]["governance.Board"] == 2
    assert len(first["joint"]) == 2
    assert first["counts"]["governance.HistoricalMeeting"] > first["counts"]["governance.Meeting"]
    assert "created nothing" not in first_output
    assert "created nothing" in second_output


def test_building_on_a_demo_of_another_year_is_refused_and_writes_nothing():
    build_demo()
    before = snapshot()
    with pytest.raises(CommandError, match="another reporting year"):
        call_command("demo_data", "--today", "2027-06-01", "--force", stdout=StringIO())
    assert snapshot() == before


def test_a_database_with_the_old_demo_board_keeps_it_for_the_children_s_demo(board):
    """A single-board database migrated with the old demo in it has one board, named from the old
    setting, holding the demo's top group: the children's demo goes on in that board, and the
    adults' board is added beside it."""
    board.name, board.short_name, board.slug = "Northmoor Safeguarding Children Board", "", "northmoor-scb"
    board.save()
    top = GroupFactory(board=board, name="Northmoor Safeguarding Children Board", kind=GroupKind.BOARD)
    build_demo()
    assert Board.objects.count() == 2
    assert find(CHILDREN) == board
    assert Group.objects.filter(board=board, kind=GroupKind.BOARD).get() == top
    assert Group.objects.filter(board=board).count() == 12
    assert find(ADULTS).kind == BoardKind.ADULTS


def test_demo_logins_refuse_without_debug_or_force(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        logins()
    assert not get_user_model().objects.exists()


def boards() -> tuple[Board, Board]:
    return find(CHILDREN), find(ADULTS)


@pytest.mark.usefixtures("demo")
class TestTheDemoBoards:
    """Built once as at 27/11/2026: the shape of a real area's year, two boards sharing a business unit."""

    def test_two_boards_of_one_area_one_for_children_one_for_adults(self):
        children, adults = boards()
        assert Board.objects.count() == 2
        assert (children.name, children.short_name, children.kind) == (
            "Northmoor Safeguarding Children Partnership",
            "NSCP",
            BoardKind.CHILDREN,
        )
        assert (adults.name, adults.short_name, adults.kind) == (
            "Northmoor Safeguarding Adults Board",
            "NSAB",
            BoardKind.ADULTS,
        )
        assert children.area == adults.area == "Northmoor"
        assert children.slug != adults.slug

    def test_the_demo_has_the_agencies_groups_and_people_of_a_real_area(self):
        assert 19 <= Agency.objects.count() <= 24
        assert set(Agency.objects.values_list("sector", flat=True)) == set(Sector.values)
        assert 70 <= Person.objects.count() <= 82
        # Invented people at reserved domains only.
        assert all(email.endswith(".example") for email in Person.objects.values_list("email", flat=True))

        children, adults = boards()
        groups = list(Group.objects.filter(board=children).select_related("parent"))
        assert len(groups) == 12
        (board,) = [group for group in groups if group.parent is None]
        assert board.kind == GroupKind.BOARD
        committee = Group.objects.get(board=children, name="Business Committee")
        assert {group.parent for group in groups if group.parent} == {board, committee}
        assert all(group.planned_per_year for group in Group.objects.all())
        assert Group.objects.get(kind=GroupKind.PANEL, name="Child Death Overview Panel").joint_with
        assert Group.objects.exclude(joint_with="").count() == 2
        task_and_finish = Group.objects.filter(board=children, kind=GroupKind.TASK_AND_FINISH)
        assert task_and_finish.count() == 2
        ending = task_and_finish.get(active_to__isnull=False)
        assert ending.active_to in CURRENT
        assert ending.active_to < CURRENT.end

        adult_groups = list(Group.objects.filter(board=adults))
        assert 5 <= len(adult_groups) <= 8
        (sab,) = [group for group in adult_groups if group.parent is None]
        assert (sab.name, sab.kind) == ("Northmoor Safeguarding Adults Board", GroupKind.BOARD)
        names = {group.name for group in adult_groups}
        assert {"Safeguarding Adults Review Sub-group", "Quality and Performance Sub-group", "Executive Group"} <= names
        # A group name of one board is not repeated in the other: each board's pages read as its own.
        assert not names & {group.name for group in groups}

    def test_agencies_and_people_are_shared_by_the_two_boards(self):
        children, adults = boards()

        def on(board, field):
            return set(Membership.objects.filter(group__board=board).values_list(field, flat=True))

        shared_agencies = on(children, "agency__name") & on(adults, "agency__name")
        assert {"Northmoor Constabulary", "Northmoor and Dale Clinical Commissioning Group"} <= shared_agencies
        assert any(name.startswith("Northmoor Council") for name in shared_agencies)
        shared_people = on(children, "person__email") & on(adults, "person__email")
        assert len(shared_people) >= 5
        # Each board its own independent chair; the business manager serves both boards' Board.
        chairs = {
            board.slug: Membership.objects.get(group__board=board, group__kind=GroupKind.BOARD, role="chair").person
            for board in (children, adults)
        }
        assert chairs[children.slug] != chairs[adults.slug]
        manager = Person.objects.get(email=LOGIN_PEOPLE["manager"])
        assert {children, adults} <= {m.group.board for m in manager.memberships.filter(group__kind=GroupKind.BOARD)}

    def test_a_joint_training_group_and_a_joint_communications_group_one_owned_by_each_board(self):
        children, adults = boards()
        joint = {
            group.name: group for group in Group.objects.exclude(joint_boards=None).prefetch_related("joint_boards")
        }
        assert set(joint) == {"Training and Workforce Development Group", "Joint Communications Group"}
        training, comms = joint["Training and Workforce Development Group"], joint["Joint Communications Group"]
        assert (training.board, list(training.joint_boards.all())) == (children, [adults])
        assert (comms.board, list(comms.joint_boards.all())) == (adults, [children])
        for group in (training, comms):
            assert group.meetings.held().filter(date__range=(PREVIOUS.start, PREVIOUS.end)).exists()
            assert Attendance.objects.filter(meeting__group=group).exists()
            # Both boards' people sit on it.
            members = set(group.memberships.values_list("person__email", flat=True))
            assert members & set(
                Membership.objects.filter(group__board=children)
                .exclude(group=group)
                .values_list("person__email", flat=True)
            )
            assert members & set(
                Membership.objects.filter(group__board=adults)
                .exclude(group=group)
                .values_list("person__email", flat=True)
            )

    def test_the_joint_groups_count_in_both_boards_figures_once_each(self):
        children, adults = boards()
        for board in (children, adults):
            figures = year_figures(PREVIOUS, board=board)
            names = [row.group.name for row in figures.groups]
            assert len(names) == len(set(names))
            assert {"Training and Workforce Development Group", "Joint Communications Group"} <= set(names)
            own = set(Group.objects.filter(board=board).values_list("name", flat=True))
            others = set(names) - own
            assert len(others) == 1, f"{board.label} counts another board's groups: {others}"
        children_names = {row.group.name for row in year_figures(PREVIOUS, board=children).groups}
        assert "Safeguarding Adults Review Sub-group" not in children_names
        assert "Serious Case Review Sub-committee" not in {
            row.group.name for row in year_figures(PREVIOUS, board=adults).groups
        }

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
        children, adults = boards()
        for year in (PREVIOUS, CURRENT):
            meetings = Meeting.objects.in_period(year.start, year.end).filter(group__board=children)
            assert meetings.held().exists()
            reasons = set(meetings.filter(status=MeetingStatus.CANCELLED).values_list("cancel_reason", flat=True))
            assert reasons == set(CancelReason.values), f"{year} lacks a cancel reason"
            adult_meetings = Meeting.objects.in_period(year.start, year.end).filter(group__board=adults)
            assert adult_meetings.held().count() >= (20 if year == PREVIOUS else 8)
            assert adult_meetings.filter(status=MeetingStatus.CANCELLED).exists()
        assert not Meeting.objects.filter(date__lt=TODAY, status=MeetingStatus.PLANNED).exists()
        assert not Meeting.objects.filter(date__gt=TODAY).exclude(status=MeetingStatus.PLANNED).exists()
        assert Meeting.objects.filter(date__gt=TODAY).exists()
        assert not Attendance.objects.exclude(meeting__status=MeetingStatus.HELD).exists()

    def test_registers_have_deputies_apologies_guests_and_one_missing_register_per_board(self):
        statuses = defaultdict(list)
        for row in Attendance.objects.all():
            statuses[row.status].append(row)
        assert {"present", "deputy", "apologies", "absent", "in_attendance"} <= set(statuses)
        assert all(row.deputy_name for row in statuses["deputy"])

        for board in boards():
            (unrecorded,) = Meeting.objects.without_register().filter(group__board=board)
            assert unrecorded.date in CURRENT
            assert unrecorded.date < TODAY
            assert (TODAY - unrecorded.date).days <= 31
        assert Meeting.objects.without_register().count() == 2

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

    def test_every_write_went_through_the_services_with_its_history(self):
        assert Board.history.filter(history_type="+").count() == 2
        for model in (Group, Membership, Meeting, Person, Agency):
            assert model.history.filter(history_type="+").count() == model.objects.count(), model

    def test_demo_logins_make_one_sign_in_per_role_and_reset_passwords(self):
        User = get_user_model()
        manager = User.objects.create(username="manager")
        manager.set_password("changed-by-someone")
        manager.save()

        logins("--force")
        output = logins("--force")

        users = {user.username: user for user in User.objects.prefetch_related("groups")}
        assert set(users) == {"manager", "chair", "sab-chair", "subchair", "member", "admin"}
        # Held for every board: the business manager's role only.
        every_board = {name: [group.name for group in user.groups.all()] for name, user in users.items()}
        assert every_board == {
            "manager": [roles.BUSINESS_MANAGER],
            "chair": [],
            "sab-chair": [],
            "subchair": [],
            "member": [],
            "admin": [],
        }
        children, adults = boards()
        one_board = sorted(BoardRole.objects.values_list("user__username", "role__name", "board__slug"))
        assert one_board == sorted(
            [
                ("chair", roles.CHAIR, children.slug),
                ("sab-chair", roles.CHAIR, adults.slug),
                ("subchair", roles.SUBGROUP_CHAIR, children.slug),
                ("member", roles.BOARD_MEMBER, children.slug),
            ]
        )
        assert users["admin"].is_superuser and users["admin"].is_staff
        assert not any(users[name].is_staff for name in ("manager", "chair", "sab-chair", "subchair", "member"))
        assert users["manager"].check_password("demo-manager-2026")
        assert users["sab-chair"].check_password("demo-sab-chair-2026")
        assert "demo-subchair-2026" in output
        assert "http://127.0.0.1:8000/accounts/login/" in output
        # The table says which login sees which board.
        assert "every board (NSCP and NSAB)" in output
        assert "NSAB only" in output and "NSCP only" in output
        for board, username in ((children, "chair"), (adults, "sab-chair")):
            board_chair = Membership.objects.get(group__board=board, group__kind=GroupKind.BOARD, role="chair").person
            assert users[username].person == board_chair

    def test_demo_logins_hold_their_roles_for_their_board_only(self, settings):
        settings.DEBUG = True
        logins()
        children, adults = boards()
        User = get_user_model()

        def user(name):
            return User.objects.get(username=name)  # fresh: roles are read once per user object

        for board in (children, adults):
            assert allowed("governance.manage", user("manager"), board=board)
            assert allowed("challengelog.write", user("manager"), board=board)
        assert allowed("challengelog.write", user("chair"), board=children)
        assert not allowed("challengelog.write", user("chair"), board=adults)
        assert not allowed("governance.view", user("chair"), board=adults)
        assert allowed("challengelog.write", user("sab-chair"), board=adults)
        assert not allowed("challengelog.write", user("sab-chair"), board=children)
        assert allowed("governance.view", user("member"), board=children)
        assert not allowed("governance.view", user("member"), board=adults)
        assert not allowed("challengelog.write", user("member"), board=children)
        assert roles.role_names(user("chair"), board=children) == [roles.CHAIR]
        assert roles.role_names(user("chair"), board=adults) == []
        assert roles.role_names(user("manager"), board=adults) == [roles.BUSINESS_MANAGER]

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


def test_the_readme_describes_each_demo_role_as_demo_logins_does():
    """One description of each role: the README's table of demo sign-ins repeats demo_logins' words."""
    from pathlib import Path

    from django.conf import settings

    from lscb.management.commands.demo_logins import LOGINS

    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    rows = {line.split(" | ")[0][2:]: line.split(" | ")[-1].rstrip(" |") for line in readme.splitlines()}
    for login in LOGINS:
        assert rows.get(login.username) == login.can, login.username
