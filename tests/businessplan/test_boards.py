"""Two boards in one instance: each board's plans under its own address, read and written only there."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from businessplan import services
from businessplan.models import Action, Plan
from lscb import roles
from tests.factories import (
    ActionFactory,
    BoardFactory,
    GroupFactory,
    ObjectiveFactory,
    PlanFactory,
    PriorityFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def adults(db):
    return BoardFactory(name="Northmoor Safeguarding Adults Board", short_name="NSAB", slug="nsab", kind="adults")


def plan_of(board, title, slug="2025-27"):
    plan = PlanFactory(board=board, title=title, slug=slug, start=date(2025, 4, 1), end=date(2027, 3, 31))
    objective = ObjectiveFactory(priority=PriorityFactory(plan=plan, number=1, title=f"{title} priority"))
    ActionFactory(objective=objective, ref="1.1", text=f"{title} action")
    return plan


def address(name, plan, *args):
    return reverse(f"businessplan:{name}", args=[plan.board.slug, plan.slug, *args])


def test_the_same_address_in_two_boards_opens_each_board_s_own_plan(client_for, manager, board, adults):
    children_plan = plan_of(board, "Children plan")
    adults_plan = plan_of(adults, "Adults plan")
    assert children_plan.slug == adults_plan.slug
    client = client_for(manager)
    for plan, other in [(children_plan, adults_plan), (adults_plan, children_plan)]:
        assert plan.get_absolute_url() == f"/{plan.board.slug}/plan/2025-27/"
        page = client.get(plan.get_absolute_url()).content.decode()
        assert f"{plan.title} action" in page and f"{other.title} action" not in page
        for name, args in [("action-detail", ["1.1"]), ("changes", []), ("plan-edit", []), ("review", [])]:
            response = client.get(address(name, plan, *args))
            assert response.status_code == 200, name
            assert f"{other.title}" not in response.content.decode(), name
        action = Action.objects.get(plan=plan)
        assert action.get_absolute_url() == f"/{plan.board.slug}/plan/2025-27/actions/1.1/"
        export = client.get(address("plan-export", plan, "xlsx"))
        assert export.status_code == 200 and export["Content-Disposition"].endswith(
            f'"{plan.board.slug}-plan-2025-27.xlsx"'
        )
    # Each board's list shows its own plans only.
    listed = client.get(reverse("businessplan:plan-list", args=[adults.slug])).content.decode()
    assert "Adults plan" in listed and "Children plan" not in listed


def test_a_plan_of_one_board_is_not_found_under_the_other(client_for, manager, board, adults):
    plan = plan_of(adults, "Adults plan", slug="sab-2025-27")
    client = client_for(manager)
    assert client.get(plan.get_absolute_url()).status_code == 200
    for name, args in [
        ("plan-detail", []),
        ("plan-edit", []),
        ("changes", []),
        ("review", []),
        ("priority-create", []),
        ("priority-edit", [1]),
        ("objective-create", []),
        ("action-create", []),
        ("action-detail", ["1.1"]),
        ("action-edit", ["1.1"]),
        ("action-progress", ["1.1"]),
        ("plan-export", ["docx"]),
    ]:
        url = reverse(f"businessplan:{name}", args=[board.slug, plan.slug, *args])
        assert client.get(url).status_code == 404, name


def test_a_member_of_one_board_cannot_read_the_other_s_plan(client_for, board, adults):
    plan = plan_of(board, "Children plan")
    member = UserFactory(username="sab-member", board_roles=[(roles.BOARD_MEMBER, adults)])
    client = client_for(member)
    assert client.get(plan.get_absolute_url()).status_code == 403
    assert client.get(reverse("businessplan:plan-list", args=[board.slug])).status_code == 403
    assert client.get(reverse("businessplan:plan-list", args=[adults.slug])).status_code == 200


def test_a_manager_of_one_board_writes_only_its_plans(client_for, board, adults):
    plan = plan_of(board, "Children plan")
    sab_manager = UserFactory(username="sab-manager", board_roles=[(roles.BUSINESS_MANAGER, adults)])
    client = client_for(sab_manager)
    assert client.get(address("plan-edit", plan)).status_code == 403
    response = client.post(
        reverse("businessplan:plan-create", args=[board.slug]),
        {"title": "Another", "start": "2025-04-01", "end": "2026-03-31", "status": "active", "scale": "rag"},
    )
    assert response.status_code == 403
    assert not Plan.objects.filter(title="Another").exists()


PLAN = {"start": "2025-04-01", "end": "2027-03-31", "status": "active", "scale": "rag"}


def test_a_new_plan_belongs_to_the_board_whose_page_made_it(client_for, manager, board, adults):
    plan_of(board, "Business Plan 2025-27")
    client = client_for(manager)
    response = client.post(
        reverse("businessplan:plan-create", args=[adults.slug]), {"title": "Business Plan 2025-27", **PLAN}
    )
    plan = Plan.objects.get(board=adults)
    assert response.status_code == 302 and response["Location"] == f"/{adults.slug}/plan/business-plan-2025-27/"
    assert plan.title == "Business Plan 2025-27"
    # The same title or address again in one board is refused, with what to do.
    again = client.post(
        reverse("businessplan:plan-create", args=[adults.slug]),
        {"title": "Business Plan 2025-27", "slug": "business-plan-2025-27", **PLAN},
    )
    body = again.content.decode()
    assert again.status_code == 200
    assert "Another plan of this board has this title" in body
    assert "Another plan of this board has the address business-plan-2025-27" in body
    assert Plan.objects.filter(board=adults).count() == 1


def test_an_action_is_led_by_a_group_of_its_board_or_a_joint_one(client_for, manager, board, adults):
    plan = plan_of(board, "Children plan")
    own = GroupFactory(board=board, name="Quality Assurance")
    theirs = GroupFactory(board=adults, name="SAR Sub-group")
    joint = GroupFactory(board=adults, name="Joint Training")
    joint.joint_boards.add(board)
    action = Action.objects.get(plan=plan)
    for group in (own, joint):
        action.lead_group = group
        services.action_save(action=action, by=None)
    action.lead_group = theirs
    with pytest.raises(ValidationError) as refused:
        services.action_save(action=action, by=None)
    assert "belongs to another board" in refused.value.message_dict["lead_group"][0]
    assert Action.objects.get(pk=action.pk).lead_group == joint
    # The form offers the board's own groups and the joint one, not the other board's.
    page = client_for(manager).get(address("action-edit", plan, "1.1")).content.decode()
    assert "Quality Assurance" in page and "Joint Training" in page and "SAR Sub-group" not in page
    response = client_for(manager).post(
        address("action-edit", plan, "1.1"),
        {
            "objective": action.objective_id,
            "ref": "1.1",
            "text": "Led elsewhere",
            "lead_group": theirs.pk,
            "version": Action.objects.get(pk=action.pk).version,
        },
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert Action.objects.get(pk=action.pk).text != "Led elsewhere"


def test_overdue_actions_of_one_board(board, adults):
    for owner in (board, adults):
        plan = plan_of(owner, f"Plan of {owner.slug}")
        Action.objects.filter(plan=plan).update(due_date=date(2025, 9, 30))
    overdue = Action.objects.overdue(date(2026, 1, 1), board=adults)
    assert [action.plan.board for action in overdue] == [adults]
    assert Action.objects.overdue(date(2026, 1, 1)).count() == 2
