"""A sub-group chair's home starts with "Your groups"; the business manager, the independent chair
and a board member keep the board's dashboard as it was."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lscb import roles
from tests.factories import (
    ActionFactory,
    GroupFactory,
    MeetingFactory,
    MembershipFactory,
    ObjectiveFactory,
    PersonFactory,
    PlanFactory,
    UserFactory,
)
from tests.yearend.conftest import SLUG

pytestmark = pytest.mark.django_db


def ago(days: int):
    return timezone.localdate() - timedelta(days=days)


@pytest.fixture
def records(chaired_group):
    other = GroupFactory(name="Training and Workforce Development")
    plan = PlanFactory(title="Business Plan 2026-28")
    objective = ObjectiveFactory(priority__plan=plan)
    return {
        "past": MeetingFactory(group=chaired_group, date=ago(3)),
        "next": MeetingFactory(group=chaired_group, date=ago(-12)),
        "other_past": MeetingFactory(group=other, date=ago(3)),
        "stale": ActionFactory(
            objective=objective,
            plan=plan,
            lead_group=chaired_group,
            text="Audit the front door: Ōkēhampton escalations",
            rating="red",
        ),
        "done": ActionFactory(
            objective=objective, plan=plan, lead_group=chaired_group, text="Finished", rating="green"
        ),
        "not_ours": ActionFactory(objective=objective, plan=plan, lead_group=other, text="Another group's action"),
    }


def home(client) -> str:
    response = client.get(reverse("board-home", args=[SLUG]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_sub_group_chair_lands_on_their_groups(client_for, subgroup_chair, chaired_group, records):
    page = home(client_for(subgroup_chair))
    assert ">Your groups</h2>" in page
    # "Your groups" comes before the board's tiles.
    assert page.index(">Your groups</h2>") < page.index(">Meetings to record</h2>")
    assert reverse("governance:group-detail", args=[SLUG, chaired_group.pk]) in page
    assert f"{records['next'].date:%d/%m/%Y}" in page
    assert reverse("governance:meeting-record", args=[SLUG, records["past"].pk]) in page
    assert reverse("governance:meeting-record", args=[SLUG, records["other_past"].pk]) not in page
    mine = page[page.index(">Your groups</h2>") : page.index('<div class="row g-3 dash">')]
    assert "Audit the front door: Ōkēhampton escalations" in mine
    assert "Finished" not in mine and "Another group&#x27;s action" not in mine
    assert reverse("governance:meeting-create", args=[SLUG]) + f"?group={chaired_group.pk}" in page


@pytest.mark.parametrize("role", ["manager", "chair", "board_member"])
def test_other_roles_see_no_your_groups(client_for, request, records, role):
    assert "Your groups" not in home(client_for(request.getfixturevalue(role)))


def test_an_independent_chair_who_also_chairs_a_group_keeps_the_boards_home(client_for, chaired_group, records):
    user = UserFactory(username="both", roles=[roles.CHAIR, roles.SUBGROUP_CHAIR])
    MembershipFactory(group=chaired_group, person=PersonFactory(user=user), role="chair")
    assert "Your groups" not in home(client_for(user))


def test_two_sub_group_chairs_never_share_a_kept_home(client_for, chaired_group, records):
    """The dashboard is kept per reader's rights and chaired groups (lscb.caching)."""
    first = UserFactory(username="first", roles=[roles.SUBGROUP_CHAIR])
    MembershipFactory(group=chaired_group, person=PersonFactory(user=first), role="chair")
    other = records["other_past"].group
    second = UserFactory(username="second", roles=[roles.SUBGROUP_CHAIR])
    MembershipFactory(group=other, person=PersonFactory(user=second), role="vice_chair")
    assert reverse("governance:group-detail", args=[SLUG, chaired_group.pk]) + '">' in home(client_for(first))
    page = home(client_for(second))
    assert reverse("governance:meeting-record", args=[SLUG, records["other_past"].pk]) in page
    assert "Audit the front door: Ōkēhampton escalations" not in page[: page.index('<div class="row g-3 dash">')]
