"""The board dashboard: each tile's figures for the current year, who sees what, and its fixed cost."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from businessplan import services
from businessplan.models import Action, Plan, ProgressUpdate
from businessplan.reports import changes_between
from challengelog.models import Challenge
from governance.models import Group, Meeting
from lscb.years import ReportingYear
from tests.factories import (
    ActionFactory,
    AgencyFactory,
    AttendanceFactory,
    ChallengeFactory,
    GroupFactory,
    MeetingFactory,
    MembershipFactory,
    ObjectiveFactory,
    PersonFactory,
    PlanFactory,
    PriorityFactory,
    UserFactory,
    default_board,
)
from tests.yearend.conftest import SLUG
from yearend.dashboard import dashboard

pytestmark = pytest.mark.django_db


@dataclass
class Board:
    """The hand-built year, as the tests name its parts."""

    today: date
    year: ReportingYear
    last_board: date
    plan: Plan
    board: Group
    cdop: Group
    qeg: Group
    training: Group
    comms: Group
    qeg_today: Meeting
    training_today: Meeting
    training_old: Meeting
    upcoming: list[Meeting]
    overdue_challenge: Challenge


@pytest.fixture
def year_data(manager, chaired_group) -> Board:
    """Today's year: dated today where it can be, in the past only where a rule needs a past day."""
    today = timezone.localdate()
    year = ReportingYear.current()
    # The last board meeting must come before today, whatever day of the year the tests run on.
    last_board = year.start - timedelta(days=1)

    police = AgencyFactory(name="Constabulary", short_name="Police")
    council = AgencyFactory(name="Council", short_name="Council")
    health = AgencyFactory(name="Health Trust", short_name="Health")
    officer = PersonFactory(name="Olive Officer", agency=police)
    director = PersonFactory(name="Dan Director", agency=council)
    nurse = PersonFactory(name="Nina Nurse", agency=health)

    board = GroupFactory(name="Safeguarding Board", short_name="Board", kind="board")
    cdop = GroupFactory(name="Child Death Overview Panel", short_name="CDOP", kind="panel")
    training = GroupFactory(name="Training and Workforce Development", short_name="Training")
    comms = GroupFactory(name="Communications Sub-group", short_name="Comms")
    for person in (officer, director, nurse):
        MembershipFactory(group=board, person=person)
    MembershipFactory(group=cdop, person=officer)
    MembershipFactory(group=cdop, person=director)
    MembershipFactory(group=cdop, person=nurse, expected="for_items")
    MembershipFactory(group=training, person=director)

    # Held today with registers: the heat map's figures.
    board_today = MeetingFactory(group=board, date=today, status="held")
    AttendanceFactory(meeting=board_today, person=officer, status="present")
    AttendanceFactory(meeting=board_today, person=director, status="deputy", deputy_name="Debbie Deputy")
    AttendanceFactory(meeting=board_today, person=nurse, status="apologies")
    cdop_today = MeetingFactory(group=cdop, date=today, status="held")
    AttendanceFactory(meeting=cdop_today, person=officer, status="present")
    AttendanceFactory(meeting=cdop_today, person=director, status="absent")
    AttendanceFactory(meeting=cdop_today, person=nurse, status="present")
    # Held without a register, due and not recorded, and cancelled: all dated up to today.
    training_today = MeetingFactory(group=training, date=today, status="held")
    qeg_today = MeetingFactory(group=chaired_group, date=today)
    MeetingFactory(group=comms, date=today, status="cancelled", cancel_reason="not_required")
    # Last year: the board meeting the changes are counted from, and a meeting never recorded.
    MeetingFactory(group=board, date=last_board, status="held")
    training_old = MeetingFactory(group=training, date=year.start - timedelta(days=5))
    upcoming = [
        MeetingFactory(group=group, date=today + timedelta(days=days))
        for group, days in [(comms, 4), (board, 1), (training, 6), (cdop, 3), (chaired_group, 2), (board, 9)]
    ]

    plan = PlanFactory(
        title="Business Plan", slug="plan", start=year.start, end=year.end + timedelta(days=365), status="active"
    )
    first = ObjectiveFactory(priority=PriorityFactory(plan=plan, number=1, title="Neglect"))
    second = ObjectiveFactory(priority=PriorityFactory(plan=plan, number=2, title="Voice of the Child"))
    PriorityFactory(plan=plan, number=3, title="The board's own effectiveness")
    changed = ActionFactory(objective=first, ref="1.1", initial_rating="amber", rating="amber")
    services.action_record_progress(action=changed, rating="green", note="Toolkit in use", day=today, by=manager)
    ActionFactory(objective=first, ref="1.2", initial_rating="red", rating="red", due_date=today - timedelta(days=1))
    ActionFactory(objective=first, ref="1.3")
    noted = ActionFactory(objective=second, ref="2.1")
    services.action_record_progress(
        action=noted, rating="", note="Scoping begun", day=year.start - timedelta(days=10), by=manager
    )
    done = ActionFactory(objective=second, ref="2.2", due_date=today - timedelta(days=1))
    services.action_record_progress(
        action=done, rating="green", note="Done", day=year.start - timedelta(days=10), by=manager
    )
    # Both written on the day they are dated, before the last board: no change since it.
    ProgressUpdate.objects.filter(action__in=[noted, done]).update(
        recorded_at=timezone.make_aware(datetime.combine(year.start - timedelta(days=10), time(12)))
    )
    ActionFactory(
        objective=second, ref="2.3", initial_rating="amber", rating="amber", due_date=today + timedelta(days=30)
    )
    # A closed plan's late actions are not the board's business any more.
    closed = PlanFactory(title="Old Plan", slug="old", start=date(2020, 4, 1), end=date(2022, 3, 31), status="closed")
    ActionFactory(
        objective=ObjectiveFactory(priority=PriorityFactory(plan=closed, number=1)),
        ref="9.9",
        due_date=date(2021, 1, 1),
    )

    overdue_challenge = ChallengeFactory(
        ref="CH-1", agency=police, status="open", response_due=today - timedelta(days=1)
    )
    ChallengeFactory(ref="CH-2", agency=council, status="awaiting_response", response_due=today)
    ChallengeFactory(
        ref="CH-3", agency=health, status="responded", responded_on=today, response_due=today - timedelta(days=1)
    )
    ChallengeFactory(ref="CH-4", agency=health, status="closed", closed_on=today)

    return Board(
        today, year, last_board, plan, board, cdop, chaired_group, training, comms,
        qeg_today, training_today, training_old, upcoming, overdue_challenge,
    )  # fmt: skip


def test_rag_per_priority_counts_unrated_apart(year_data, board_member):
    figures = dashboard(board_member, default_board(), year_data.today).plan
    [rag] = figures.plans
    assert rag.plan == year_data.plan
    counts = {p.number: p.counts for p in rag.priorities}
    assert counts == {
        1: {"red": 1, "amber": 0, "green": 1, "unrated": 1},
        2: {"red": 0, "amber": 1, "green": 1, "unrated": 1},
        3: {"red": 0, "amber": 0, "green": 0, "unrated": 0},
    }
    assert rag.totals == {"red": 1, "amber": 1, "green": 2, "unrated": 2}
    # The stacked chart draws the same figures, with the year-end report's colours.
    assert rag.chart.stacked
    assert [(s.label, s.values, s.colour) for s in rag.chart.series] == [
        ("Red", (1, 0, 0), "#c0392b"),
        ("Amber", (0, 1, 0), "#e0a800"),
        ("Green", (1, 1, 0), "#2e8b57"),
        ("Not rated", (1, 1, 0), "#9aa0a6"),
    ]


def test_changes_since_the_last_board_meeting(year_data, board_member):
    figures = dashboard(board_member, default_board(), year_data.today).plan
    assert figures.since == year_data.last_board and figures.since_board
    assert [change.summary for change in figures.changes] == ["1.1 Amber → Green"]
    # The same reading as the "what changed" page.
    expected = changes_between(year_data.plan, year_data.last_board, year_data.today)
    assert [(c.action.ref, c.before, c.after) for c in expected] == [
        (c.action.ref, c.before, c.after) for c in figures.changes
    ]


def test_overdue_and_never_rated_actions(year_data, board_member):
    figures = dashboard(board_member, default_board(), year_data.today).plan
    # 2.2 is late but complete; 2.3 is not due yet; the closed plan's 9.9 is out.
    assert [action.ref for action in figures.overdue] == ["1.2"]
    # 2.1 has no rating but has a progress note: it has been looked at.
    assert [action.ref for action in figures.never_rated] == ["1.3"]


def test_heat_map_rates_bands_and_below_threshold(year_data, board_member):
    heat = dashboard(board_member, default_board(), year_data.today).heat
    assert [group.name for group in heat.groups] == ["Safeguarding Board", "Child Death Overview Panel"]
    grid = {
        row.agency.name: [(cell.text, cell.band, cell.below_threshold) if cell else None for cell in row.cells]
        for row in heat.rows
    }
    assert grid == {
        "Constabulary": [("100%", "high", False), ("100%", "high", False)],
        "Council": [("100%", "high", False), ("0%", "low", True)],  # a deputy counts; absence does not
        "Health Trust": [("0%", "low", True), ("(✓)", "visitor", False)],  # apologies are not attendance
    }
    assert [(agency.name, group.label) for agency, group, _ in heat.below] == [
        ("Council", "CDOP"),
        ("Health Trust", "Board"),
    ]
    assert heat.rates == 5
    assert {group.name for group in heat.waiting} == {
        "Quality and Effectiveness Group",
        "Training and Workforce Development",
        "Communications Sub-group",
    }


def test_planned_against_held_to_date(year_data, board_member):
    meetings = dashboard(board_member, default_board(), year_data.today).meetings
    total = meetings.total
    assert (total.planned, total.held, total.cancelled, total.not_recorded) == (5, 3, 1, 1)
    rows = {row.name: (row.planned, row.held, row.cancelled, row.not_recorded) for row in meetings.groups}
    assert rows == {
        "Safeguarding Board": (1, 1, 0, 0),
        "Child Death Overview Panel": (1, 1, 0, 0),
        "Communications Sub-group": (1, 0, 1, 0),
        "Quality and Effectiveness Group": (1, 0, 0, 1),
        "Training and Workforce Development": (1, 1, 0, 0),
    }
    assert meetings.groups[0].name == "Safeguarding Board"  # the board first, then by name
    later_this_year = sum(m.date <= year_data.year.end for m in year_data.upcoming)
    assert meetings.planned_in_year == 5 + later_this_year


def test_next_meetings_in_date_order(year_data, board_member):
    shown = dashboard(board_member, default_board(), year_data.today).next_meetings
    # Today's still-planned QEG meeting first, then the next four by date.
    assert [(m.group.label, (m.date - year_data.today).days) for m in shown] == [
        ("QEG", 0),
        ("Board", 1),
        ("QEG", 2),
        ("CDOP", 3),
        ("Comms", 4),
    ]


def test_open_and_overdue_challenges(year_data, board_member):
    challenges = dashboard(board_member, default_board(), year_data.today).challenges
    assert challenges.open == 3  # all but the closed one
    assert challenges.awaiting == 2  # the responded one is no longer owed an answer
    assert challenges.overdue == [year_data.overdue_challenge]  # due today is not overdue


def test_data_gaps(year_data, board_member):
    board = dashboard(board_member, default_board(), year_data.today)
    assert board.unregistered == [year_data.training_today]
    assert [action.ref for action in board.plan.never_rated] == ["1.3"]
    assert board.gaps == 3


def test_meetings_to_record_only_for_the_sub_group_chairs_own_group(year_data, subgroup_chair, manager, board_member):
    own = dashboard(subgroup_chair, default_board(), year_data.today)
    assert own.can_record
    assert own.to_record == [year_data.qeg_today]
    assert own.own_unregistered == []  # Training's missing register is not theirs to record
    everything = dashboard(manager, default_board(), year_data.today)
    assert everything.to_record == [year_data.training_old, year_data.qeg_today]
    assert everything.own_unregistered == [year_data.training_today]
    reader = dashboard(board_member, default_board(), year_data.today)
    assert not reader.can_record and reader.to_record == []


def test_the_page_shows_every_tile_with_its_links(year_data, client_for, board_member):
    page = client_for(board_member).get(reverse("board-home", args=[SLUG])).content.decode()
    for heading in [
        "Business plan: RAG by priority",
        "Ratings changed",
        "Overdue actions",
        "Attendance by agency and group",
        "Meetings held to date",
        "Next meetings",
        "Challenges to agencies",
        "Data gaps",
    ]:
        assert f">{heading}</h2>" in page, heading
    assert "Meetings to record" not in page
    year, today, since = year_data.year.label, year_data.today, year_data.last_board
    assert f'href="{reverse("governance:attendance", args=[SLUG, year])}"' in page
    assert f'href="{reverse("governance:calendar", args=[SLUG, year])}"' in page
    assert f'href="/nscp/plan/plan/changes/?start={since:%Y-%m-%d}&amp;end={today:%Y-%m-%d}"' in page
    assert 'href="/nscp/plan/plan/?overdue=on"' in page
    assert 'href="/nscp/plan/plan/?rating=none"' in page
    assert f'href="{reverse("challengelog:challenge-list", args=[SLUG])}?overdue=on"' in page
    assert f'href="{reverse("governance:meeting-detail", args=[SLUG, year_data.upcoming[1].pk])}"' in page
    # The chart is an SVG image (a data: URI, for the Content Security Policy) with a table of its figures beside it.
    assert '<img class="chart-image" src="data:image/svg+xml;base64,' in page
    assert 'alt="Business Plan: actions by RAG rating and priority on' in page
    assert "<summary>The chart's figures as a table</summary>" in page
    # Below the threshold: a symbol and words, not colour alone; the key says what each shade means.
    assert '0%<span aria-hidden="true"> ▼</span><span class="visually-hidden"> below the threshold</span>' in page
    assert "Below 50%: under the board&#x27;s threshold" in page
    assert '<th scope="row">Health Trust</th>' in page
    assert f"rating changed since the last board meeting ({since:%d/%m/%Y})" in page
    assert f"{today:%d/%m/%Y}" in page


def test_a_sub_group_chair_sees_their_meeting_to_record(year_data, client_for, subgroup_chair):
    page = client_for(subgroup_chair).get(reverse("board-home", args=[SLUG])).content.decode()
    assert ">Meetings to record</h2>" in page
    record = reverse("governance:meeting-record", args=[SLUG, year_data.qeg_today.pk])
    assert f'<a href="{record}">Quality and Effectiveness Group, {year_data.today:%d/%m/%Y}</a>' in page
    assert reverse("governance:meeting-record", args=[SLUG, year_data.training_old.pk]) not in page


# --- permissions ----------------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client_for):
    response = client_for(None).get(reverse("board-home", args=[SLUG]))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("role", ["manager", "chair", "board_member", "subgroup_chair"])
def test_every_role_reads_the_dashboard(year_data, client_for, request, role):
    assert client_for(request.getfixturevalue(role)).get(reverse("board-home", args=[SLUG])).status_code == 200


def test_a_user_with_no_role_is_refused(client_for):
    assert client_for(UserFactory(username="norole")).get(reverse("board-home", args=[SLUG])).status_code == 403


def test_tiles_follow_the_read_rules(year_data, board_member):
    """Without the plan and challenge permissions, those tiles are neither read nor shown."""
    for group in board_member.groups.all():
        group.permissions.remove(*group.permissions.exclude(content_type__app_label="governance"))
    user = get_user_model().objects.get(pk=board_member.pk)  # a fresh permission cache
    board = dashboard(user, default_board(), year_data.today)
    assert board.plan is None and board.challenges is None
    assert board.heat is not None and board.gaps == 1


# --- cost -------------------------------------------------------------------------------------------


def grow(year_data: Board, size: int) -> None:
    """More of everything the dashboard reads: its query count must not follow."""
    today, year = year_data.today, year_data.year
    plan = PlanFactory(title=f"Extra Plan {size}", slug=f"extra-{size}", start=year.start, end=year.end)
    for n in range(size):
        agency = AgencyFactory()
        person = PersonFactory(agency=agency)
        group = GroupFactory()
        MembershipFactory(group=group, person=person)
        MembershipFactory(group=year_data.board, person=person)
        AttendanceFactory(meeting=MeetingFactory(group=group, date=today, status="held"), person=person)
        MeetingFactory(group=group, date=today + timedelta(days=n + 1))
        MeetingFactory(group=group, date=year.start - timedelta(days=n + 1))
        objective = ObjectiveFactory(priority=PriorityFactory(plan=plan, number=n + 1))
        action = ActionFactory(objective=objective, ref=f"{n + 1}.1", due_date=today - timedelta(days=1))
        Action.objects.filter(pk=action.pk).update(rating="amber", initial_rating="red")
        ChallengeFactory(agency=agency, response_due=today - timedelta(days=1))


@pytest.mark.parametrize("role", ["manager", "subgroup_chair", "board_member"])
def test_the_dashboard_costs_a_fixed_number_of_queries(
    year_data, client_for, request, django_assert_max_num_queries, role
):
    client = client_for(request.getfixturevalue(role))
    grow(year_data, 2)
    # 29: one of them reads the instance's boards (lscb.boards), for the page's address; 3 the
    # recommendations tile's (open, overdue, reviews ongoing); 2 the dataset tile's (the indicators
    # chosen for the dashboard, and their latest two values).
    # A sub-group chair's "Your groups" adds 3 (yearend.your_groups: their groups, the groups'
    # meetings, the actions they lead). The plans' charts 2 at most: read from the drawings every
    # process shares, and kept there when no process has drawn them yet (none when the worker has).
    with django_assert_max_num_queries(33 if role == "subgroup_chair" else 31) as small:
        assert client.get(reverse("board-home", args=[SLUG])).status_code == 200
    grow(year_data, 15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("board-home", args=[SLUG])).status_code == 200


def test_the_kept_dashboard_is_keyed_by_every_rule_the_dashboard_checks():
    """A rule checked by dashboard() but left out of the key would serve one reader's tiles to another."""
    import inspect
    import re

    from yearend import dashboard as module

    checked = set(re.findall(r'allowed\("([\w.-]+)"', inspect.getsource(module.dashboard)))
    checked |= set(re.findall(r'allowed\("([\w.-]+)"', inspect.getsource(module.sees_own_groups_only)))
    assert checked and checked <= set(module.DASHBOARD_RULES)
