"""Who may see and do what: anonymous, each role, and a sub-group chair's object scope."""

from datetime import date

import pytest
from django.urls import reverse

from governance.models import Meeting
from tests.factories import AgencyFactory, GroupFactory, MeetingFactory, MembershipFactory, PersonFactory, default_board
from tests.governance import board_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(chaired_group):
    other = GroupFactory(name="Training and Workforce Development")
    agency = AgencyFactory(name="Constabulary")
    person = PersonFactory(agency=agency)
    membership = MembershipFactory(group=other, person=person)
    return {
        "group": other,
        "agency": agency,
        "person": person,
        "membership": membership,
        "own_meeting": MeetingFactory(group=chaired_group, date=date(2025, 6, 10)),
        "other_meeting": MeetingFactory(group=other, date=date(2025, 6, 11)),
    }


READ_PAGES = [
    ("board-home", {}),
    ("governance:structure", {}),
    ("governance:group-list", {}),
    ("governance:group-detail", {"pk": "group"}),
    ("governance:agency-list", {}),
    ("governance:agency-detail", {"pk": "agency"}),
    ("governance:person-list", {}),
    ("governance:person-detail", {"pk": "person"}),
    ("governance:membership-list", {}),
    ("governance:calendar", {"year": "2025-26"}),
    ("governance:meeting-detail", {"pk": "other_meeting"}),
    ("governance:attendance", {"year": "2025-26"}),
]
MANAGE_PAGES = [
    ("governance:group-create", {}),
    ("governance:group-edit", {"pk": "group"}),
    ("governance:group-schedule", {"pk": "group"}),
    ("governance:agency-create", {}),
    ("governance:agency-edit", {"pk": "agency"}),
    ("governance:person-create", {}),
    ("governance:person-edit", {"pk": "person"}),
    ("governance:membership-create", {}),
    ("governance:membership-edit", {"pk": "membership"}),
    ("governance:meeting-create", {}),
    ("governance:meeting-edit", {"pk": "other_meeting"}),
    ("governance:meeting-delete", {"pk": "other_meeting"}),
]


def url(records, name, kwargs):
    resolved = {key: (records[value].pk if value in records else value) for key, value in kwargs.items()}
    return reverse(name, kwargs={"board": default_board().slug, **resolved})


@pytest.mark.parametrize(("name", "kwargs"), READ_PAGES + MANAGE_PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, records, name, kwargs):
    response = client.get(url(records, name, kwargs))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["manager", "chair", "board_member", "subgroup_chair"])
@pytest.mark.parametrize(("name", "kwargs"), READ_PAGES)
def test_every_role_reads_the_governance_pages(client_for, records, request, role, name, kwargs):
    user = request.getfixturevalue(role)
    assert client_for(user).get(url(records, name, kwargs)).status_code == 200


# A sub-group chair adds meetings of the groups they chair (tests/governance/test_group_scheduling.py):
# the form opens for them, with only those groups offered.
REFUSED_SETUP = [
    (role, name, kwargs)
    for role in ("chair", "board_member", "subgroup_chair")
    for name, kwargs in MANAGE_PAGES
    if not (role == "subgroup_chair" and name == "governance:meeting-create")
]


@pytest.mark.parametrize(("role", "name", "kwargs"), REFUSED_SETUP)
def test_only_the_business_manager_sets_up_the_year(client_for, records, request, role, name, kwargs):
    user = request.getfixturevalue(role)
    client = client_for(user)
    assert client.get(url(records, name, kwargs)).status_code == 403
    assert client.post(url(records, name, kwargs), {}).status_code == 403


@pytest.mark.parametrize(("name", "kwargs"), MANAGE_PAGES)
def test_the_business_manager_reaches_every_setup_page(client_for, records, manager, name, kwargs):
    assert client_for(manager).get(url(records, name, kwargs)).status_code == 200


def test_a_signed_in_user_without_a_role_is_refused(client_for, records, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", password="a-long-test-password")
    assert client_for(nobody).get(board_url("governance:structure")).status_code == 403


@pytest.mark.parametrize("action", ["governance:meeting-record", "governance:meeting-cancel"])
def test_a_subgroup_chair_records_only_the_groups_they_chair(client_for, records, subgroup_chair, action):
    client = client_for(subgroup_chair)
    assert client.get(board_url(action, records["own_meeting"].pk)).status_code == 200
    # Editing the id in the URL to another group's meeting is refused, for reading the form and for saving.
    other = records["other_meeting"]
    assert client.get(board_url(action, other.pk)).status_code == 403
    response = client.post(board_url(action, other.pk), {"version": other.version, "cancel_reason": "inquorate"})
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.status == "planned"


def test_a_former_chair_loses_the_right(client_for, chaired_group, subgroup_chair, records):
    seat = subgroup_chair.person.memberships.get()
    seat.end = date(2020, 1, 1)
    seat.start = date(2019, 1, 1)
    seat.save()
    assert (
        client_for(subgroup_chair).get(board_url("governance:meeting-record", records["own_meeting"].pk)).status_code
        == 403
    )


@pytest.mark.parametrize("role", ["chair", "board_member"])
def test_readers_cannot_record_or_cancel(client_for, records, request, role):
    client = client_for(request.getfixturevalue(role))
    for action in ("governance:meeting-record", "governance:meeting-cancel", "governance:meeting-reinstate"):
        assert client.post(board_url(action, records["own_meeting"].pk), {}).status_code == 403
    assert Meeting.objects.get(pk=records["own_meeting"].pk).status == "planned"


def test_the_page_hides_what_the_server_refuses(client_for, records, board_member, manager):
    page = client_for(board_member).get(records["own_meeting"].get_absolute_url()).content.decode()
    assert "Record attendance" not in page and "Cancel the meeting" not in page
    page = client_for(manager).get(records["own_meeting"].get_absolute_url()).content.decode()
    assert "Record attendance" in page and "Cancel the meeting" in page


def test_history_pages_need_sign_in_and_exist_for_every_governance_record(client, client_for, records, board_member):
    history = reverse("history", args=["governance", "person", records["person"].pk])
    assert client.get(history).status_code == 302
    assert client_for(board_member).get(history).status_code == 200
    assert client_for(board_member).get(reverse("history", args=["auth", "user", 1])).status_code == 404
