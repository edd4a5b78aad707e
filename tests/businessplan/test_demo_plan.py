"""The demo boards' plans (demo_data): two years of actions and their RAG history, the children's
partnership's business plan and the Safeguarding Adults Board's strategic plan."""

import re
from datetime import date
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction

from businessplan.models import FUNCTION_CODES, Objective, Plan, PlanStatus, ProgressUpdate
from businessplan.reports import changes_between
from businessplan.selectors import rag_totals
from governance.demo.boards import find
from governance.demo.groups import ADULTS, CHILDREN
from governance.models import Group, GroupKind, Meeting, MeetingStatus, Membership, Role
from lscb.years import ReportingYear
from tests.factories import ensure_roles

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 27)
CURRENT = ReportingYear.containing(TODAY)
PREVIOUS = CURRENT.previous
QEG = "Quality and Effectiveness Group"


def build_demo() -> str:
    out = StringIO()
    call_command("demo_data", "--today", TODAY.isoformat(), "--force", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    """The demo, built once for the module and rolled back after it (each test still runs in
    its own savepoint, so what one test writes the next does not see)."""
    with django_db_blocker.unblock(), transaction.atomic():
        ensure_roles()  # an earlier browser test's flush may have removed them
        build_demo()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def plan() -> Plan:
    """The children's partnership's business plan."""
    return Plan.objects.get(board=find(CHILDREN))


@pytest.fixture
def strategic_plan() -> Plan:
    """The Safeguarding Adults Board's strategic plan."""
    return Plan.objects.get(board=find(ADULTS))


def last_board_meeting(board) -> date:
    meetings = Meeting.objects.filter(
        group__board=board, group__kind=GroupKind.BOARD, status=MeetingStatus.HELD, date__lt=TODAY
    )
    return meetings.latest("date").date


def counts() -> dict[str, int]:
    """Row counts of every businessplan table, history included."""
    return {model._meta.label: model.objects.count() for model in apps.get_app_config("businessplan").get_models()}


def test_one_active_two_year_plan_from_the_previous_april(plan):
    assert plan.title == "Business Plan 2025-27"
    assert plan.slug == "2025-27"
    assert (plan.start, plan.end) == (PREVIOUS.start, CURRENT.end)
    assert plan.status == PlanStatus.ACTIVE
    assert plan.scale == "rag"


def test_priorities_objectives_and_actions_as_a_plan_prints_them(plan):
    priorities = list(plan.priorities.all())
    assert 4 <= len(priorities) <= 5
    assert [p.number for p in priorities] == list(range(1, len(priorities) + 1))
    for priority in priorities:
        assert priority.function_codes
        assert set(priority.function_codes) <= set(FUNCTION_CODES)
    assert 12 <= Objective.objects.filter(priority__plan=plan).count() <= 15
    assert not Objective.objects.filter(actions__isnull=True).exists()

    actions = list(plan.actions.select_related("objective__priority"))
    assert 36 <= len(actions) <= 44
    for action in actions:
        assert re.fullmatch(r"\d+\.\d+(\.\d+)?", action.ref), action.ref
        assert action.ref.startswith(f"{action.objective.priority.number}.")
        assert action.text and action.by_whom and action.due_text and action.intended_impact and action.measure
    assert any(action.ref.count(".") == 1 for action in actions)
    assert any(action.ref.count(".") == 2 for action in actions)
    assert {"Ongoing", "Nov and July Boards"} <= {action.due_text for action in actions}
    assert sum(action.due_date is not None for action in actions) > len(actions) // 2


def test_updates_are_dated_in_the_plan_up_to_today_by_demo_people(plan):
    updates = ProgressUpdate.objects.filter(action__plan=plan).select_related("author")
    assert updates.count() >= 100
    assert all(plan.start <= update.date <= TODAY for update in updates)
    assert all(update.note and update.author for update in updates)
    assert all(update.author.email.endswith(".example") for update in updates)
    # Updated through both years, around each Board.
    assert updates.filter(date__range=(PREVIOUS.start, PREVIOUS.end)).count() >= 40
    assert updates.filter(date__range=(CURRENT.start, TODAY)).count() >= 40


def test_each_rating_is_its_latest_update_or_the_rating_it_was_imported_with(plan):
    for action in plan.actions.prefetch_related("updates"):
        updates = sorted(action.updates.all(), key=lambda u: (u.date, u.recorded_at, u.id))
        expected = updates[-1].rating if updates else action.initial_rating
        assert action.rating == expected, action.ref
        if updates:
            assert not action.initial_rating, f"{action.ref} has history and an imported rating"
    imported = plan.actions.filter(updates__isnull=True).exclude(initial_rating="")
    assert imported.exists()


def test_every_colour_some_unrated_and_ratings_moved_over_the_two_years(plan):
    ratings = list(plan.actions.values_list("rating", flat=True))
    for colour in ("red", "amber", "green"):
        assert ratings.count(colour) >= 2, colour
    assert 1 <= ratings.count("") <= 6
    assert plan.actions.filter(rating="", updates__isnull=True).exists()  # never touched
    assert plan.actions.filter(rating="", updates__isnull=False).exists()  # written about, not yet rated

    year_end, _ = rag_totals(plan, PREVIOUS.end)
    now, _ = rag_totals(plan)
    assert year_end != now
    moved = [a for a in plan.actions.prefetch_related("updates") if len({u.rating for u in a.updates.all()}) > 1]
    assert len(moved) >= 15


def test_several_ratings_changed_since_the_last_board_meeting(plan):
    since = last_board_meeting(plan.board)
    assert (TODAY - since).days <= 62
    changes = changes_between(plan, since, TODAY)
    assert len(changes) >= 3
    assert all(change.notes for change in changes)
    assert {change.after for change in changes} >= {"green", "red"}


def test_some_actions_are_overdue(plan):
    overdue = list(plan.actions.overdue(TODAY))
    assert 3 <= len(overdue) <= 8
    assert all(action.due_date < TODAY and action.rating != "green" for action in overdue)


def test_qeg_leads_several_actions_and_its_chair_reports_on_them(plan):
    led = plan.actions.filter(lead_group__name=QEG)
    assert led.count() >= 5
    chair = Membership.objects.get(group__name=QEG, role=Role.CHAIR).person
    assert set(ProgressUpdate.objects.filter(action__in=led).values_list("author", flat=True)) == {chair.pk}
    assert plan.actions.filter(lead_group__isnull=True).exists()
    assert plan.actions.exclude(lead_group__name=QEG).exclude(lead_group__isnull=True).exists()


def test_building_the_demo_again_adds_nothing_to_the_plan():
    before = counts()
    output = build_demo()
    assert counts() == before
    assert "businessplan: NSCP: created nothing" in output
    assert "businessplan: NSAB: created nothing" in output
    assert Plan.objects.count() == 2


def test_the_adults_board_has_its_own_strategic_plan_in_adults_words(strategic_plan, plan):
    assert strategic_plan.title == "Strategic Plan 2025-27"
    assert strategic_plan.slug == plan.slug == "2025-27"  # one address per board
    assert (strategic_plan.start, strategic_plan.end) == (PREVIOUS.start, CURRENT.end)
    titles = [priority.title for priority in strategic_plan.priorities.all()]
    assert 3 <= len(titles) <= 5
    assert "Making Safeguarding Personal" in titles
    assert any("Self-neglect" in title for title in titles)
    assert any("xploitation" in title for title in titles)
    # No child's words in an adults' plan, and no real names: reviews are anonymised.
    texts = " ".join(strategic_plan.actions.values_list("text", flat=True)).lower()
    assert "safeguarding adults review" in " ".join(titles).lower() or "adult d" in texts
    assert 6 <= strategic_plan.actions.count() <= 15


def test_the_adults_plan_is_led_by_its_own_groups_and_the_joint_ones(strategic_plan):
    board = strategic_plan.board
    led = Group.objects.filter(led_actions__plan=strategic_plan).distinct()
    assert led.exists()
    assert set(led) <= set(Group.objects.for_board(board))
    # The joint training group, owned by the children's partnership, leads an action of the adults' plan.
    assert led.exclude(board=board).exists()
    updates = ProgressUpdate.objects.filter(action__plan=strategic_plan).select_related("author")
    assert updates.count() >= 15
    assert all(strategic_plan.start <= update.date <= TODAY for update in updates)
    assert all(update.author.email.endswith(".example") for update in updates)
    since = last_board_meeting(board)
    assert changes_between(strategic_plan, since, TODAY)
