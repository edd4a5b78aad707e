"""Rating changes: always with a dated note, never disagreeing with the history."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from businessplan import services
from businessplan.models import Action, Plan, ProgressUpdate
from businessplan.reports import changes_between, plans_in_period
from businessplan.selectors import rag_totals
from lscb.concurrency import StaleEdit
from tests.factories import ActionFactory, ObjectiveFactory, PlanFactory, PriorityFactory, default_board

pytestmark = pytest.mark.django_db


@pytest.fixture
def action():
    plan = PlanFactory(title="Business Plan 2015-17", slug="2015-17", start=date(2015, 4, 1), end=date(2017, 3, 31))
    return ActionFactory(ref="1.1", objective=ObjectiveFactory(priority=PriorityFactory(plan=plan, number=1)))


def rate(action, rating, day, note="Progress", by=None):
    return services.action_record_progress(action=action, rating=rating, note=note, day=day, by=by)


def test_a_rating_changes_with_its_note_atomically(action, manager):
    update = rate(action, "amber", date(2025, 6, 1), note="Delayed by recruitment", by=manager)
    action.refresh_from_db()
    assert action.rating == "amber"
    assert (update.rating, update.note, update.recorded_by) == ("amber", "Delayed by recruitment", manager)
    assert action.history.latest().history_user == manager


def test_changing_the_rating_needs_a_note(action, manager):
    with pytest.raises(ValidationError) as error:
        services.action_record_progress(action=action, rating="red", note="  ", by=manager)
    assert error.value.message_dict == {"note": ["Say why the rating changed."]}
    action.refresh_from_db()
    assert action.rating == "" and not action.updates.exists()


def test_a_rating_off_the_plans_scale_is_refused(action, manager):
    with pytest.raises(ValidationError, match="not on this plan"):
        rate(action, "blue", date(2025, 6, 1), by=manager)


def test_an_update_cannot_be_dated_in_the_future(action, manager):
    with pytest.raises(ValidationError, match="future"):
        rate(action, "green", timezone.localdate() + timedelta(days=1), by=manager)


def test_a_stale_version_is_refused_and_writes_nothing(action, manager, chair):
    opened = action.version
    rate(action, "amber", date(2025, 6, 1), by=manager)
    with pytest.raises(StaleEdit):
        services.action_record_progress(action=action, rating="red", note="Mine", version=opened, by=manager)
    assert list(action.updates.values_list("rating", flat=True)) == ["amber"]


def test_a_back_dated_update_does_not_overwrite_the_current_rating(action, manager):
    rate(action, "green", date(2025, 9, 1), by=manager)
    rate(action, "red", date(2025, 5, 1), note="Found in the June minutes", by=manager)
    action.refresh_from_db()
    assert action.rating == "green"  # the latest dated update decides, not the latest typed


def test_the_rating_as_at_year_end_ignores_later_changes(action, manager):
    rate(action, "red", date(2015, 6, 1), by=manager)
    rate(action, "amber", date(2016, 3, 31), by=manager)  # the last day of 2015-16
    rate(action, "green", date(2016, 4, 1), by=manager)  # the first day of 2016-17
    [plan_year] = plans_in_period(date(2015, 4, 1), date(2016, 3, 31), board=default_board())
    counted = plan_year.sections[0].actions[0]
    assert counted.rating_at_end == "amber"
    assert [u.date for u in counted.period_updates] == [date(2015, 6, 1), date(2016, 3, 31)]
    assert plan_year.totals == {"red": 0, "amber": 1, "green": 0, "unrated": 0}


def test_without_updates_an_action_counts_with_the_rating_it_was_given(manager):
    plan = PlanFactory(start=date(2015, 4, 1))
    ActionFactory(
        objective=ObjectiveFactory(priority=PriorityFactory(plan=plan)), initial_rating="green", rating="green"
    )
    ActionFactory(objective=ObjectiveFactory(priority=PriorityFactory(plan=plan)))
    [plan_year] = plans_in_period(date(2015, 4, 1), date(2016, 3, 31), board=default_board())
    assert plan_year.totals == {"red": 0, "amber": 0, "green": 1, "unrated": 1}


def test_unrated_is_its_own_count_and_brag_adds_blue(manager):
    plan = PlanFactory(scale="brag")
    objective = ObjectiveFactory(priority=PriorityFactory(plan=plan))
    rate(ActionFactory(objective=objective), "blue", date(2016, 1, 1), by=manager)
    ActionFactory(objective=objective)
    totals, per_priority = rag_totals(plan)
    assert totals == {"red": 0, "amber": 0, "green": 0, "blue": 1, "unrated": 1}
    assert per_priority[objective.priority.number] == totals


def test_what_changed_lists_moves_and_the_notes_between(manager):
    plan = PlanFactory()
    objective = ObjectiveFactory(priority=PriorityFactory(plan=plan))
    moved, still, back = (ActionFactory(objective=objective, ref=r) for r in ("1.1", "1.2", "1.3"))
    rate(moved, "red", date(2016, 1, 1), by=manager)
    rate(moved, "amber", date(2016, 2, 10), note="Plan agreed", by=manager)
    rate(still, "green", date(2016, 1, 1), by=manager)
    rate(still, "green", date(2016, 2, 10), note="Still on track", by=manager)
    rate(back, "amber", date(2016, 1, 1), by=manager)
    rate(back, "red", date(2016, 2, 5), by=manager)
    rate(back, "amber", date(2016, 2, 20), by=manager)
    changes = changes_between(plan, date(2016, 2, 1), date(2016, 3, 1))
    assert [(c.action.ref, c.before, c.after) for c in changes] == [("1.1", "red", "amber")]
    assert [u.note for u in changes[0].notes] == ["Plan agreed"]


def test_a_new_plan_gets_the_usual_meanings_and_an_address(manager):
    plan = services.plan_save(
        plan=Plan(board=default_board(), title="Business Plan 2016-18", start=date(2016, 4, 1), end=date(2018, 3, 31)),
        by=manager,
    )
    assert plan.slug == "business-plan-2016-18"
    assert plan.meaning("green") == "Action plan completed"
    assert plan.meaning("red") == "No implementation plan in place"


def test_an_action_cannot_move_to_another_plans_objective(manager, action):
    other = ObjectiveFactory(priority=PriorityFactory(plan=PlanFactory()))
    action.objective = other
    with pytest.raises(ValidationError, match="another plan"):
        services.action_save(action=action, by=manager)


def test_priority_functions_must_be_statutory_codes(manager):
    priority = PriorityFactory.build(plan=PlanFactory(), number=1, title="Neglect", functions="1a; 1C; 9z")
    with pytest.raises(ValidationError, match="9z"):
        services.priority_save(priority=priority, by=manager)


def test_the_current_rating_always_equals_the_latest_update(manager):
    action = ActionFactory()
    for day, rating in [
        (date(2016, 1, 5), "red"),
        (date(2015, 12, 1), "amber"),
        (date(2016, 2, 1), ""),
        (date(2016, 1, 20), "green"),
    ]:
        rate(action, rating, day, by=manager)
        action.refresh_from_db()
        latest = ProgressUpdate.objects.filter(action=action).order_by("-date", "-recorded_at", "-id").first()
        assert action.rating == latest.rating
    assert Action.objects.get(pk=action.pk).rating == ""
