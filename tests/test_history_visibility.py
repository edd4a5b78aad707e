"""A record's history shows each field only to those who may see it on the record's page.

The fields a page shows to some roles only are listed once (lscb.permissions.FIELD_RULES); the
record's page and its history both read that list. A person's sign-in account is the business
manager's to see: a board member sees neither it on the person's page nor its changes in the
person's history.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from governance.models import Person
from lscb.permissions import FIELD_RULES, RULES, field_visible
from tests.factories import PersonFactory, UserFactory
from tests.governance import board_url

pytestmark = pytest.mark.django_db

USERNAME = "zoë.ó-brien.signin.account"
NAME = "Zoë Ó'Brien-Łukasiewicz, Designated Officer for the Safeguarding of Children and Young People"


@pytest.fixture
def person_given_an_account(client_for, manager):
    """A person with a long, accented name, later linked to a sign-in account by the business
    manager (with their job title changed too, which everyone may see)."""
    person = PersonFactory(name=NAME, email=None, job_title="Designated officer")
    account = UserFactory(username=USERNAME, first_name="", last_name="")
    person.user = account
    person.job_title = "Lead for safeguarding in education,\nand for early help"
    person.save()
    return person


def history(client, person) -> str:
    return client.get(reverse("history", args=["governance", "person", person.pk])).content.decode()


def test_a_board_member_sees_no_sign_in_username_in_a_persons_history(
    client_for, board_member, person_given_an_account, django_assert_max_num_queries
):
    client = client_for(board_member)
    with django_assert_max_num_queries(12):
        page = history(client, person_given_an_account)
    assert USERNAME not in page
    assert "<strong>User</strong>" not in page
    # The change they may see is there.
    assert "Designated officer → Lead for safeguarding in education," in page
    # And the person's page agrees: no account there either.
    person_page = client.get(board_url("governance:person-detail", person_given_an_account.pk)).content.decode()
    assert USERNAME not in person_page


def test_the_business_manager_sees_the_username_in_both(client_for, manager, person_given_an_account):
    client = client_for(manager)
    page = history(client, person_given_an_account)
    assert USERNAME in page
    person_page = client.get(board_url("governance:person-detail", person_given_an_account.pk)).content.decode()
    assert USERNAME in person_page


@pytest.mark.parametrize("role", ["chair", "subgroup_chair", "board_member"])
def test_no_role_but_the_business_manager_sees_an_account_change(request, client_for, person_given_an_account, role):
    page = history(client_for(request.getfixturevalue(role)), person_given_an_account)
    assert USERNAME not in page


def test_a_change_of_the_account_alone_shows_as_no_visible_change(client_for, board_member, manager):
    person = PersonFactory(name=NAME, email=None)
    person.user = UserFactory(username=USERNAME)
    person.save()
    page = history(client_for(board_member), person)
    assert "No visible change" in page and USERNAME not in page


def test_every_field_rule_names_a_real_field_and_a_real_rule():
    from django.apps import apps

    for name, rule_name in FIELD_RULES.items():
        app_label, model_name, field_name = name.split(".")
        apps.get_model(app_label, model_name)._meta.get_field(field_name)
        assert rule_name in RULES


def test_field_visible_is_the_rule_of_the_list(manager, board_member):
    assert field_visible(manager, Person, "user")
    assert not field_visible(board_member, Person, "user")
    assert field_visible(board_member, Person, "job_title")
