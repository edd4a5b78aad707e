"""Review mode fits a board cycle: the date of the board meeting being prepared, completed actions
skipped, the plan's filters, a jump list, progress, and save-and-next that keeps the filters."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from businessplan import services
from businessplan.models import Action
from businessplan.views.review import board_cycle
from governance.models import GroupKind, MeetingStatus
from tests.factories import (
    ActionFactory,
    GroupFactory,
    MeetingFactory,
    ObjectiveFactory,
    PlanFactory,
    PriorityFactory,
    default_board,
)

pytestmark = pytest.mark.django_db
LONG = "Évaluer l'accès des familles\nsecond line of a long title " + "très long " * 30


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def board_group():
    return GroupFactory(name="The Board", kind=GroupKind.BOARD)


@pytest.fixture
def cycle_meetings(board_group, today):
    """The last board meeting 30 days ago, the next in 40 days; a cancelled one between."""
    last = MeetingFactory(group=board_group, date=today - timedelta(days=30), status=MeetingStatus.HELD)
    MeetingFactory(
        group=board_group, date=today + timedelta(days=10), status=MeetingStatus.CANCELLED, cancel_reason="other"
    )
    following = MeetingFactory(group=board_group, date=today + timedelta(days=40))
    return last, following


@pytest.fixture
def plan(manager, today):
    plan = PlanFactory(title="Business Plan 2025-27", slug="2025-27", start=date(2025, 4, 1), end=date(2027, 3, 31))
    one = ObjectiveFactory(priority=PriorityFactory(plan=plan, number=1, title="Neglect"), text="Know neglect early")
    two = ObjectiveFactory(priority=PriorityFactory(plan=plan, number=2, title="Voice"), text="Hear children")
    training = GroupFactory(name="Training and Workforce Development")
    old = today - timedelta(days=60)
    for ref, objective, rating, lead, text in [
        ("1.1", one, "amber", training, "Train staff"),
        ("1.2", one, "green", None, "Done long ago"),
        ("1.3", one, "red", None, LONG),
        ("2.1", two, "amber", training, "Brief schools"),
    ]:
        action = ActionFactory(objective=objective, ref=ref, text=text, lead_group=lead)
        services.action_record_progress(action=action, rating=rating, note="Earlier", day=old, by=manager)
    return plan


def review_url(plan):
    return reverse("businessplan:review", args=[plan.board.slug, plan.slug])


def progress_data(action, **values):
    action.refresh_from_db()
    data = {"rating": action.rating, "note": "", "day": f"{timezone.localdate():%d/%m/%Y}", "version": action.version}
    return {f"a{action.pk}-{key}": value for key, value in {**data, **values}.items()}


def test_the_cycle_is_the_next_board_meeting_counted_from_the_one_before(board_group, cycle_meetings, today):
    last, following = cycle_meetings
    cycle = board_cycle(default_board(), today)
    assert (cycle.as_at, cycle.meeting, cycle.since) == (following.date, following.date, last.date)
    # Another board's meetings and a sub-group's are not the board's.
    GroupFactory(name="A sub-group")
    assert board_cycle(default_board(), today, as_at=last.date).previous is None
    assert board_cycle(default_board(), today, as_at=last.date).since == last.date


def test_without_a_board_meeting_ahead_the_review_is_as_at_today(board_group, today):
    cycle = board_cycle(default_board(), today)
    assert cycle.as_at == today and cycle.since == today and cycle.meeting is None


def test_the_review_opens_at_once_for_the_next_board_meeting_without_completed_actions(
    client_for, manager, plan, cycle_meetings
):
    last, following = cycle_meetings
    page = client_for(manager).get(review_url(plan)).content.decode()
    assert f'value="{following.date:%d/%m/%Y}"' in page  # the as-at date, day first
    assert 'type="date"' not in page
    assert f"since the board meeting on {last.date:%d/%m/%Y}" in page
    assert "0 of 3 done" in page and "Action 1 of 3" in page
    assert "Done long ago" not in page  # completed, not updated in this cycle: left out
    # A long, accented, two-line title is kept whole in the jump list.
    assert f'<option value="2">1.3 {escape(LONG)}</option>' in page


def test_completed_actions_are_included_when_asked(client_for, manager, plan, cycle_meetings):
    page = client_for(manager).get(review_url(plan), {"include_completed": "on"}).content.decode()
    assert "0 of 4 done" in page and "Done long ago" in page


@pytest.mark.parametrize(
    ("query", "refs"),
    [
        ({"priority": "2"}, ["2.1"]),
        ({"rating": "red"}, ["1.3"]),
        ({"lead_group": "training"}, ["1.1", "2.1"]),
        ({"not_updated_since": "01/01/2020"}, []),
    ],
)
def test_the_filters_choose_the_actions(client_for, manager, plan, cycle_meetings, query, refs):
    if "lead_group" in query:
        query = {"lead_group": str(Action.objects.get(ref="1.1").lead_group_id)}
    page = client_for(manager).get(review_url(plan), query).content.decode()
    listed = [ref for ref in ("1.1", "1.2", "1.3", "2.1") if f'">{ref} ' in page or f">{ref} " in page]
    jump = page.split('id="review-jump"')[1].split("</select>")[0] if refs else ""
    assert [ref for ref in listed if f">{ref} " in jump] == refs
    if not refs:
        assert "No action to review matches these filters." in page


def test_bad_filter_values_are_named_never_a_server_error(client_for, manager, plan, cycle_meetings):
    client = client_for(manager)
    response = client.get(review_url(plan), {"as_at": "31/02/2026", "lead_group": "x", "rating": "purple"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Some filters could not be read and are left out" in page
    assert "0 of 3 done" in page  # the review goes on with the other values


def test_save_and_next_keeps_the_filters_skips_done_actions_and_counts_progress(
    client_for, manager, plan, cycle_meetings
):
    client = client_for(manager)
    group = str(Action.objects.get(ref="1.1").lead_group_id)
    first = client.get(review_url(plan), {"lead_group": group})
    assert "Action 1 of 2" in first.content.decode()
    action = Action.objects.get(ref="1.1")
    post_to = f"{review_url(plan)}?lead_group={group}&step=1"
    response = client.post(post_to, progress_data(action, rating="green", note="All trained"))
    assert response.status_code == 302
    assert f"lead_group={group}" in response["Location"] and response["Location"].endswith("step=2")
    page = client.get(response["Location"]).content.decode()
    assert "1 of 2 done" in page and "Brief schools" in page and "(done)" in page
    # The last one: the review says everything is done.
    response = client.post(response["Location"], progress_data(Action.objects.get(ref="2.1"), note="Same"))
    assert "done=1" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "2 of 2 done" in page and "every action of this review has been updated" in page
    assert "Saved 2.1: rating unchanged (Amber). 2 of 2 done." in page  # in the status message, announced
    assert 'role="status" aria-live="polite"' in page


def test_the_jump_list_opens_any_action_of_the_review(client_for, manager, plan, cycle_meetings):
    page = client_for(manager).get(review_url(plan), {"step": "3"}).content.decode()
    assert "Action 3 of 3" in page and "Brief schools" in page
    assert '<option value="3" selected>2.1 Brief schools</option>' in page


def test_a_refused_save_shows_the_error_summary_at_the_top(client_for, manager, plan, cycle_meetings):
    client = client_for(manager)
    action = Action.objects.get(ref="1.1")
    response = client.post(f"{review_url(plan)}?step=1", progress_data(action, rating="red"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and "Say why the rating changed." in page
    assert page.index("There is a problem") < page.index('id="review-form"')


def test_a_subgroup_chair_reviews_only_the_actions_their_group_leads(
    client_for, subgroup_chair, chaired_group, plan, cycle_meetings
):
    Action.objects.filter(ref="1.3").update(lead_group=chaired_group)
    page = client_for(subgroup_chair).get(review_url(plan)).content.decode()
    assert "0 of 1 done" in page and "Action 1 of 1" in page


def plan_list(board=None):
    return reverse("businessplan:plan-list", args=[(board or default_board()).slug])


@pytest.mark.parametrize("role", ["chair", "board_member", "subgroup_chair"])
def test_business_plan_in_the_menu_goes_straight_to_the_one_active_plan(client_for, request, plan, role):
    client = client_for(request.getfixturevalue(role))
    response = client.get(plan_list())
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    # The plan's breadcrumb still leads to every plan (closed ones too).
    page = client.get(plan.get_absolute_url()).content.decode()
    assert f'href="{plan_list()}?all=1"' in page
    assert client.get(plan_list(), {"all": "1"}).status_code == 200


def test_with_two_active_plans_or_none_readers_get_the_list(client_for, board_member, plan):
    client = client_for(board_member)
    PlanFactory(title="Business Plan 2027-29", slug="2027-29", start=date(2027, 4, 1), end=date(2029, 3, 31))
    assert client.get(plan_list()).status_code == 200
    type(plan).objects.update(status="closed")
    assert client.get(plan_list()).status_code == 200


def test_the_manager_keeps_the_list_with_the_active_plan_named(client_for, manager, plan):
    response = client_for(manager).get(plan_list())
    assert response.status_code == 200
    assert f'The active plan: <a class="alert-link" href="{plan.get_absolute_url()}">' in response.content.decode()
