"""The plan's pages: who may do what, updates in place, review mode, exports, query counts."""

import io
import re
from datetime import date

import openpyxl
import pytest
from django.urls import reverse
from docx import Document
from docx.enum.section import WD_ORIENT

from businessplan import services
from businessplan.models import Action
from tests.businessplan.chips import chips
from tests.factories import ActionFactory, GroupFactory, ObjectiveFactory, PlanFactory, PriorityFactory, default_board

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def plan(chaired_group, manager):
    plan = PlanFactory(title="Business Plan 2025-27", slug="2025-27", start=date(2025, 4, 1), end=date(2027, 3, 31))
    neglect = ObjectiveFactory(
        priority=PriorityFactory(plan=plan, number=1, title="Neglect"), text="Know neglect early"
    )
    other = GroupFactory(name="Training and Workforce Development")
    ActionFactory(
        objective=neglect, ref="1.1", text="Roll out the toolkit", lead_group=chaired_group, due_date=date(2025, 9, 30)
    )
    ActionFactory(objective=neglect, ref="1.2", text="Train staff", lead_group=other)
    services.action_record_progress(
        action=Action.objects.get(ref="1.2"), rating="amber", note="Course delayed", day=date(2025, 10, 1), by=manager
    )
    return plan


def progress_data(action, **values):
    action.refresh_from_db()
    data = {"rating": action.rating, "note": "", "day": "2026-01-15", "version": action.version, **values}
    return {f"a{action.pk}-{key}": value for key, value in data.items()}


def url(name, plan, *args):
    return reverse(f"businessplan:{name}", args=[plan.board.slug, plan.slug, *args])


@pytest.mark.parametrize("role", ["manager", "chair", "board_member", "subgroup_chair"])
def test_every_role_reads_the_plan(client_for, request, plan, role):
    client = client_for(request.getfixturevalue(role))
    for address in [
        reverse("businessplan:plan-list", args=[default_board().slug]),
        url("plan-detail", plan),
        url("action-detail", plan, "1.1"),
        url("changes", plan),
    ]:
        assert client.get(address, follow=True).status_code == 200, address


@pytest.mark.parametrize("role", ["chair", "board_member"])
def test_readers_cannot_rate_or_edit(client_for, request, plan, role):
    client = client_for(request.getfixturevalue(role))
    action = Action.objects.get(ref="1.1")
    assert (
        client.post(url("action-progress", plan, "1.1"), progress_data(action, rating="green", note="x")).status_code
        == 403
    )
    assert client.get(url("review", plan)).status_code == 403
    assert client.get(url("action-edit", plan, "1.1")).status_code == 403
    assert client.get(url("plan-edit", plan)).status_code == 403
    page = client.get(url("plan-detail", plan)).content.decode()
    assert "Review mode" not in page and ">Update<" not in page


def test_a_subgroup_chair_rates_only_actions_their_group_leads(client_for, plan, subgroup_chair):
    client = client_for(subgroup_chair)
    own, other = Action.objects.get(ref="1.1"), Action.objects.get(ref="1.2")
    response = client.post(
        url("action-progress", plan, "1.1"), progress_data(own, rating="green", note="Launched"), **HX
    )
    assert response.status_code == 200 and "Not rated → Green" in response.content.decode()
    response = client.post(url("action-progress", plan, "1.2"), progress_data(other, rating="green", note="Sneaky"))
    assert response.status_code == 403
    assert Action.objects.get(ref="1.2").rating == "amber"
    assert client.get(url("action-edit", plan, "1.1")).status_code == 403  # rating, not rewriting


def test_the_plan_page_shows_sections_chips_with_words_and_totals(client_for, board_member, plan):
    page = client_for(board_member).get(url("plan-detail", plan)).content.decode()
    assert "Priority 1: Neglect" in page
    shown = chips(page)
    assert ("Amber", "#e0a800") in shown  # the word, with the plan's colour as a swatch
    assert ("Not rated", None) in shown
    assert "Course delayed" in page


@pytest.mark.parametrize(
    ("query", "refs"),
    [
        ({"rating": "amber"}, ["1.2"]),
        ({"rating": "none"}, ["1.1"]),
        ({"overdue": "on"}, ["1.1"]),
        ({"not_updated_since": "2025-09-01"}, ["1.1"]),
        ({"priority": "1"}, ["1.1", "1.2"]),
    ],
)
def test_the_plan_filters(client_for, board_member, plan, query, refs):
    page = client_for(board_member).get(url("plan-detail", plan), query).content.decode()
    shown = [ref for ref in ("1.1", "1.2") if f">{ref}</a>" in page]
    assert shown == refs


def test_updating_in_place_returns_the_row_and_the_new_totals(client_for, manager, plan):
    client = client_for(manager)
    action = Action.objects.get(ref="1.1")
    form = client.get(url("action-progress", plan, "1.1"), **HX).content.decode()
    assert form.startswith('<tbody id="action-') and "Progress note" in form
    response = client.post(
        url("action-progress", plan, "1.1"), progress_data(action, rating="red", note="No plan yet"), **HX
    )
    body = response.content.decode()
    assert 'id="plan-totals" hx-swap-oob="true"' in body
    assert "Red <strong>1</strong>" in body
    action.refresh_from_db()
    assert action.rating == "red" and action.updates.get().note == "No plan yet"


def test_a_rating_change_without_a_note_is_refused_and_the_choice_kept(client_for, manager, plan):
    action = Action.objects.get(ref="1.1")
    body = (
        client_for(manager)
        .post(url("action-progress", plan, "1.1"), progress_data(action, rating="green"), **HX)
        .content.decode()
    )
    assert "Say why the rating changed." in body
    assert '<option value="green" selected>' in body
    assert not action.updates.exists()


def test_a_stale_update_is_refused_showing_theirs_and_keeping_ours(client_for, manager, subgroup_chair, plan):
    action = Action.objects.get(ref="1.1")
    mine = progress_data(action, rating="amber", note="My careful words")
    services.action_record_progress(action=action, rating="green", note="Their news", by=manager)
    body = client_for(subgroup_chair).post(url("action-progress", plan, "1.1"), mine, **HX).content.decode()
    assert "Someone else updated this action" in body
    assert "Their news" in body and "My careful words" in body
    action.refresh_from_db()
    assert action.rating == "green" and action.updates.count() == 1
    assert f'value="{action.version}"' in body  # saving again is checked against their version


def test_review_mode_steps_through_the_actions_and_saves_and_moves_on(client_for, manager, plan):
    client = client_for(manager)
    base = url("review", plan)
    page = client.get(base, {"as_at": "01/09/2025"}).content.decode()
    # 1.2 has an update since 01/09/2025: done; the review opens at 1.1.
    assert "Action 1 of 2" in page and "Roll out the toolkit" in page and "1 of 2 done" in page
    action = Action.objects.get(ref="1.1")
    response = client.post(
        f"{base}?as_at=01/09/2025&step=1", progress_data(action, rating="amber", note="Started", day="2025-09-02")
    )
    assert response.status_code == 302 and "done=1" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "Saved 1.1: Not rated → Amber." in page
    assert "Amber <strong>2</strong>" in page  # the totals moved
    assert "2 of 2 done" in page and "Action 1 of 2" in page


def test_what_changed_between_two_dates_and_its_exports(client_for, board_member, plan):
    client = client_for(board_member)
    query = {"start": "2025-09-01", "end": "2025-12-31"}
    page = client.get(url("changes", plan), query).content.decode()
    assert "1 rating changed" in page and "Course delayed" in page
    response = client.get(url("changes", plan), {**query, "_export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[3]][:5] == ["1.2", "1", "Train staff", "Not rated", "Amber"]
    document = Document(io.BytesIO(client.get(url("changes", plan), {**query, "_export": "docx"}).content))
    assert document.tables[0].rows[1].cells[4].text == "Amber"
    page = client.get(url("changes", plan), {"start": "2025-12-31", "end": "2025-09-01"}).content.decode()
    assert "From" in page and "must be on or before" in page


def test_the_plan_exports_as_word_tables_in_landscape_and_excel(client_for, board_member, plan):
    client = client_for(board_member)
    document = Document(io.BytesIO(client.get(url("plan-export", plan, "docx")).content))
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE
    plan_table = document.tables[1]
    assert [c.text for c in plan_table.rows[0].cells] == [
        "Objective",
        "Action",
        "By whom",
        "By when",
        "Intended impact",
        "Progress and measure",
        "RAG",
    ]
    assert plan_table.rows[2].cells[1].text == "1.2 Train staff" and plan_table.rows[2].cells[6].text == "Amber"
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(url("plan-export", plan, "xlsx")).content))["Plan"]
    assert [c.value for c in sheet[5]][1:4] == ["1.2", "Know neglect early", "Train staff"]
    assert client.get(url("plan-export", plan, "pdf")).status_code == 404


def test_forms_say_what_to_fix_and_lose_nothing(client_for, manager, plan):
    response = client_for(manager).post(url("priority-create", plan), {"number": 1, "title": "Duplicate number"})
    body = response.content.decode()
    assert "already has a priority with that number" in body and "Duplicate number" in body


def grow(plan, manager, count):
    objective = ObjectiveFactory(priority=PriorityFactory(plan=plan))
    for n in range(count):
        action = ActionFactory(objective=objective, ref=f"9.{objective.pk}.{n}")
        services.action_record_progress(action=action, rating="red", note="More", day=date(2025, 11, 1), by=manager)


@pytest.mark.parametrize("name", ["plan-detail", "changes", "review"])
def test_plan_pages_cost_a_fixed_number_of_queries(client_for, manager, plan, django_assert_max_num_queries, name):
    client = client_for(manager)
    query = {"as_at": "01/01/2026"} if name == "review" else {"start": "2025-09-01", "end": "2026-01-01"}
    # 5 of them on every signed-in request of a board's page: the session, the user, their two-factor
    # device, their roles and permissions, and the instance's boards (which board the address names).
    # Review mode (17, pinned): the board's meetings (its cycle), the review's actions with whether
    # each is done (the jump list and progress), the lead groups its filter offers, and the write of
    # the review's list to the session; the plan's totals without the per-priority read.
    with django_assert_max_num_queries(17 if name == "review" else 14) as before:
        assert client.get(url(name, plan), query).status_code == 200
    grow(plan, manager, 15)
    with django_assert_max_num_queries(len(before.captured_queries)):
        assert client.get(url(name, plan), {**query, "restart": "1"} if name == "review" else query).status_code == 200


def test_the_action_edit_form_opens_with_the_action_as_it_is_and_saves_unchanged(client_for, manager, plan):
    """Opened and saved as is, nothing is refused or lost: the objective is chosen, the version carried."""
    client = client_for(manager)
    action = Action.objects.get(ref="1.1")
    page = client.get(url("action-edit", plan, "1.1")).content.decode()
    objective = re.search(r'<select name="objective".*?</select>', page, re.S).group(0)
    assert f'<option value="{action.objective_id}" selected>' in objective
    assert f'name="version" value="{action.version}"' in page
