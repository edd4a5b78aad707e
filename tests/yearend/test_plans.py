"""The plans section of `yearend --format json`: ratings as they stood on 31 March."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from businessplan import services
from businessplan.models import ProgressUpdate
from tests.factories import ActionFactory, ObjectiveFactory, PlanFactory, PriorityFactory

pytestmark = pytest.mark.django_db


def summary(year: str) -> dict:
    out = StringIO()
    call_command("yearend", year, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def plan(manager):
    plan = PlanFactory(title="Business Plan 2015-17", slug="2015-17", start=date(2015, 4, 1), end=date(2017, 3, 31))
    neglect = ObjectiveFactory(priority=PriorityFactory(plan=plan, number=1, title="Neglect"), text="Know neglect")
    voice = ObjectiveFactory(
        priority=PriorityFactory(plan=plan, number=2, title="Voice of the child"), text="Hear them"
    )
    toolkit = ActionFactory(
        objective=neglect,
        ref="1.1",
        text="Toolkit",
        intended_impact="Neglect found sooner",
        measure="Referrals naming neglect",
        by_whom="QEG",
        due_text="Sept 2015",
    )
    ActionFactory(objective=neglect, ref="1.2", text="Audit")
    survey = ActionFactory(objective=voice, ref="2.1", text="Survey", due_date=date(2016, 1, 31))
    for action, day, rating, note in [
        (toolkit, date(2015, 5, 1), "", "Drafting"),
        (toolkit, date(2016, 3, 31), "green", "Launched"),
        (toolkit, date(2016, 4, 1), "amber", "Uptake slow"),  # after the year end
        (survey, date(2014, 12, 1), "red", "Before the year"),
        (survey, date(2016, 6, 1), "green", "Done in the next year"),
    ]:
        services.action_record_progress(action=action, rating=rating, note=note, day=day, by=manager)
    return plan


def test_plans_count_ratings_as_at_the_last_day_of_the_year(plan):
    [result] = summary("2015-16")["plans"]
    assert (result["title"], result["start"], result["end"], result["scale"]) == (
        "Business Plan 2015-17",
        "2015-04-01",
        "2017-03-31",
        "rag",
    )
    assert result["rag_totals"] == {"red": 1, "amber": 0, "green": 1, "unrated": 1}
    neglect, voice = result["priorities"]
    assert neglect["rag_totals"] == {"red": 0, "amber": 0, "green": 1, "unrated": 1}
    assert neglect["actions"][0] == {
        "ref": "1.1",
        "objective": "Know neglect",
        "action": "Toolkit",
        "intended_impact": "Neglect found sooner",
        "measure": "Referrals naming neglect",
        "by_whom": "QEG",
        "due": "Sept 2015",
        "rag": "green",
        "progress": [
            {"date": "2015-05-01", "year": "2015-16", "rag": None, "note": "Drafting"},
            {"date": "2016-03-31", "year": "2015-16", "rag": "green", "note": "Launched"},
        ],
    }
    assert neglect["actions"][1]["rag"] is None
    # An update before the year sets the rating; none falls in the year; the due date stands in for text.
    assert voice["actions"][0] | {"progress": "-"} == {
        "ref": "2.1",
        "objective": "Hear them",
        "action": "Survey",
        "intended_impact": "",
        "measure": "",
        "by_whom": "",
        "due": "2016-01-31",
        "rag": "red",
        "progress": "-",
    }
    assert voice["actions"][0]["progress"] == []


def test_the_next_year_sees_the_later_changes(plan):
    [result] = summary("2016-17")["plans"]
    assert result["rag_totals"] == {"red": 0, "amber": 1, "green": 1, "unrated": 1}


def test_a_plan_with_notes_and_no_ratings_is_all_unrated(manager):
    plan = PlanFactory(title="Published plan", slug="published", start=date(2016, 4, 1), end=date(2018, 3, 31))
    objective = ObjectiveFactory(priority=PriorityFactory(plan=plan, number=1))
    for n in range(31):
        action = ActionFactory(objective=objective, ref=f"1.{n + 1}")
        services.action_record_progress(action=action, rating="", note="Update", day=date(2016, 9, 1), by=manager)
    [result] = summary("2016-17")["plans"]
    assert result["rag_totals"] == {"red": 0, "amber": 0, "green": 0, "unrated": 31}
    assert len(result["priorities"][0]["actions"]) == 31


def test_plans_outside_the_year_are_left_out(plan):
    assert summary("2013-14")["plans"] == []
    assert summary("2017-18")["plans"] == []


def test_the_plans_section_does_not_grow_with_the_actions(plan, manager, django_assert_max_num_queries):
    # 3 of them the reviews' and audits' (none this year), 5 the training's, the money's and the dataset's.
    with django_assert_max_num_queries(16) as before:
        summary("2015-16")
    objective = plan.priorities.first().objectives.first()
    for n in range(20):
        action = ActionFactory(objective=objective, ref=f"9.{n}")
        services.action_record_progress(action=action, rating="red", note="More", day=date(2015, 9, 1), by=manager)
    with django_assert_max_num_queries(len(before.captured_queries)):
        summary("2015-16")


def test_actions_run_in_ref_order_as_people_read_refs(manager):
    plan = PlanFactory(title="Numbered plan", slug="numbered", start=date(2015, 4, 1), end=date(2016, 3, 31))
    first = ObjectiveFactory(priority=PriorityFactory(plan=plan, number=1), text="First")
    second = ObjectiveFactory(priority=PriorityFactory(plan=plan, number=2), text="Second")
    # Entered out of order: 1.10 before 1.2, and 2.3.1 before 2.3.
    for objective, ref in [(first, "1.10"), (first, "1.2"), (first, "1.1"), (second, "2.3.1"), (second, "2.3")]:
        ActionFactory(objective=objective, ref=ref)
    one, two = summary("2015-16")["plans"][0]["priorities"]
    assert [a["ref"] for a in one["actions"]] == ["1.1", "1.2", "1.10"]
    assert [a["ref"] for a in two["actions"]] == ["2.3", "2.3.1"]


def test_an_undated_note_gives_no_day_and_its_year(plan):
    toolkit = plan.actions.get(ref="1.1")
    ProgressUpdate.objects.create(action=toolkit, date=date(2016, 3, 31), undated=True, rating="green", note="Embedded")
    [result] = summary("2015-16")["plans"]
    progress = result["priorities"][0]["actions"][0]["progress"]
    assert progress[-1] == {"date": None, "year": "2015-16", "rag": "green", "note": "Embedded"}
    assert progress[0]["date"] == "2015-05-01" and progress[0]["year"] == "2015-16"


def test_an_undated_note_stands_at_the_end_of_its_own_year_only(plan):
    audit = plan.actions.get(ref="1.2")
    # 2015-16's undated note counts as the rating at 31/03/2016; 2016-17's does not reach back.
    ProgressUpdate.objects.create(action=audit, date=date(2016, 3, 31), undated=True, rating="amber", note="Begun")
    survey = plan.actions.get(ref="2.1")
    ProgressUpdate.objects.create(action=survey, date=date(2017, 3, 31), undated=True, rating="amber", note="Slipped")
    [result] = summary("2015-16")["plans"]
    assert result["rag_totals"] == {"red": 1, "amber": 1, "green": 1, "unrated": 0}
    neglect, voice = result["priorities"]
    assert [a["rag"] for a in neglect["actions"]] == ["green", "amber"]
    assert voice["actions"][0]["rag"] == "red"
    [later] = summary("2016-17")["plans"]
    assert later["priorities"][1]["actions"][0]["rag"] == "amber"
