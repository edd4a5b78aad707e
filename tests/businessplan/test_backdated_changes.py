"""What changed since the last board: a rating change recorded since the meeting is in, whatever
day it is dated, and says when it was dated and when it was recorded."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from businessplan import services
from businessplan.models import Action, ProgressUpdate
from businessplan.reports import changes_between
from lscb.years import ReportingYear
from tests.factories import ActionFactory, GroupFactory, MeetingFactory, ObjectiveFactory, PlanFactory, default_board
from yearend.dashboard import dashboard, plan_figures

pytestmark = pytest.mark.django_db

NOTE = "Rétrospective: the audit of 12/2025 found gaps «in every team»,\nso the rating goes back to red."


@pytest.fixture
def backdated(manager):
    """1.1 was amber at the last board (recorded long before it); after the meeting, someone
    records a red update dated eight days before it."""
    today = timezone.localdate()
    board_day = today - timedelta(days=20)
    plan = PlanFactory(title="Business Plan 2025-27", slug="2025-27", start=today - timedelta(days=400))
    action = ActionFactory(
        objective=ObjectiveFactory(priority__plan=plan, text="Know neglect early"), ref="1.1", text="Audit the toolkit"
    )
    ActionFactory(objective=action.objective, ref="1.2", text="Train staff")
    known = services.action_record_progress(
        action=action, rating="amber", note="Started", day=board_day - timedelta(days=40), by=manager
    )
    long_ago = timezone.make_aware(datetime.combine(board_day - timedelta(days=40), time(10)))
    ProgressUpdate.objects.filter(pk=known.pk).update(recorded_at=long_ago)
    MeetingFactory(group=GroupFactory(name="Local Safeguarding Board", kind="board"), date=board_day, status="held")
    late = services.action_record_progress(
        action=Action.objects.get(pk=action.pk), rating="red", note=NOTE, day=board_day - timedelta(days=8), by=manager
    )
    return plan, board_day, late, today


def test_a_backdated_rating_recorded_after_the_board_is_in_what_changed(client_for, board_member, backdated):
    plan, board_day, late, today = backdated
    assert Action.objects.get(ref="1.1", plan=plan).rating == "red"  # the current rating moved
    both = f"dated {late.date:%d/%m/%Y}, recorded {today:%d/%m/%Y}"

    changes = changes_between(plan, board_day, today)
    assert [(c.action.ref, c.before, c.after) for c in changes] == [("1.1", "amber", "red")]
    assert [(n.shown_when, n.note) for n in changes[0].notes] == [(both, NOTE)]

    page = (
        client_for(board_member)
        .get(reverse("businessplan:changes", args=[plan.board.slug, plan.slug]))
        .content.decode()
    )
    assert "1 rating changed" in page and both in page
    assert "Rétrospective: the audit of 12/2025 found gaps «in every team»" in page

    csv = client_for(board_member).get(
        reverse("businessplan:changes", args=[plan.board.slug, plan.slug]),
        {"start": board_day.isoformat(), "end": today.isoformat(), "_export": "csv"},
    )
    assert both in csv.content.decode("utf-8-sig")


def test_the_dashboard_counts_it_and_says_when_it_was_dated(client_for, board_member, backdated):
    plan, board_day, late, today = backdated
    figures = plan_figures(default_board(), today, ReportingYear.containing(today))
    assert [(c.summary, c.recorded_late) for c in figures.changes] == [
        ("1.1 Amber → Red", f"dated {late.date:%d/%m/%Y}, recorded {today:%d/%m/%Y}")
    ]
    assert [c.summary for c in dashboard(board_member, default_board(), today).plan.changes] == ["1.1 Amber → Red"]


def test_a_past_period_still_reads_by_the_dates(backdated):
    """A period that ended before the update was recorded: the update counts where it is dated."""
    plan, board_day, late, today = backdated
    earlier = board_day - timedelta(days=30)
    assert [(c.before, c.after) for c in changes_between(plan, earlier, board_day - timedelta(days=1))] == [
        ("amber", "red")
    ]


def test_the_changes_page_costs_the_same_with_backdated_updates(
    client_for, manager, backdated, django_assert_max_num_queries
):
    plan, board_day, late, today = backdated
    client = client_for(manager)
    # The budget of test_plan_pages_cost_a_fixed_number_of_queries.
    with django_assert_max_num_queries(14) as before:  # one more than before boards: the board's lookup
        assert client.get(reverse("businessplan:changes", args=[plan.board.slug, plan.slug])).status_code == 200
    for n in range(10):
        services.action_record_progress(
            action=Action.objects.get(ref="1.2", plan=plan),
            rating=["red", "green"][n % 2],
            note=f"Backdated note {n}",
            day=board_day - timedelta(days=n + 1),
            by=manager,
        )
    with django_assert_max_num_queries(len(before.captured_queries)):
        page = client.get(reverse("businessplan:changes", args=[plan.board.slug, plan.slug])).content.decode()
    assert "2 ratings changed" in page
