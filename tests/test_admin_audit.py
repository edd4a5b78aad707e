"""Changes made in the Django admin are in the history too, with who made them and when."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group as AuthGroup
from django.utils import timezone

from governance.models import Agency, Board, BoardRole, Person
from lscb import roles
from tests.factories import AgencyFactory, BoardFactory, GroupFactory, UserFactory, ensure_roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client_for):
    superuser = UserFactory(username="admin", is_staff=True, is_superuser=True)
    return client_for(superuser), superuser


def test_a_change_in_the_admin_is_kept_with_the_superuser_and_the_time(superuser_client):
    client, superuser = superuser_client
    agency = AgencyFactory(name="Constabulary", sector="police")
    started = timezone.now()
    response = client.post(
        f"/admin/governance/agency/{agency.pk}/change/",
        {"name": "Westshire Constabulary", "short_name": "Police", "sector": "police", "active": "on", "_save": "Save"},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    change = Agency.history.filter(id=agency.pk).latest()
    assert (change.history_type, change.name, change.history_user) == ("~", "Westshire Constabulary", superuser)
    assert change.history_date >= started


def test_records_added_and_deleted_in_the_admin_are_kept_with_the_superuser(superuser_client):
    client, superuser = superuser_client
    agency = AgencyFactory(name="Health Trust")
    response = client.post(
        "/admin/governance/person/add/",
        {"name": "Hana Hill", "email": "hana@health.example", "agency": agency.pk, "job_title": "Named nurse"},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    person = Person.objects.get(email="hana@health.example")
    assert person.history.get().history_user == superuser
    response = client.post(f"/admin/governance/person/{person.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    deleted = Person.history.filter(id=person.pk).latest()
    assert (deleted.history_type, deleted.history_user) == ("-", superuser)


def test_names_are_one_line_in_the_admin_too(superuser_client):
    client, _superuser = superuser_client
    agency = AgencyFactory(name="Constabulary", sector="police")
    form = client.get(f"/admin/governance/agency/{agency.pk}/change/").content.decode()
    assert '<input type="text" name="name"' in form
    response = client.post(
        f"/admin/governance/agency/{agency.pk}/change/",
        {
            "name": "Westshire\nConstabulary",
            "short_name": "Police",
            "sector": "police",
            "active": "on",
            "_save": "Save",
        },
    )
    assert response.status_code == 200 and "Write this on one line." in response.content.decode()
    agency.refresh_from_db()
    assert agency.name == "Constabulary"


def test_boards_are_listed_and_added_in_the_admin_with_who_and_when(superuser_client):
    client, superuser = superuser_client
    BoardFactory(name="Northmoor Safeguarding Children Partnership", short_name="NSCP", slug="nscp", area="Northmoor")
    listing = client.get("/admin/governance/board/").content.decode()
    for column in ("Name", "Short name", "Kind", "Area", "Slug"):
        assert f">{column}</a>" in listing
    assert "Northmoor Safeguarding Children Partnership" in listing
    data = {
        "name": "Northmoor Safeguarding Adults Board",
        "short_name": "NSAB",
        "slug": "nsab",
        "kind": "adults",
        "area": "Northmoor",
    }
    response = client.post("/admin/governance/board/add/", data)
    assert response.status_code == 302, response.content.decode()[:500]
    board = Board.objects.get(slug="nsab")
    assert board.history.get().history_user == superuser
    # One of the app's own addresses is no board's.
    response = client.post("/admin/governance/board/add/", {**data, "name": "Other", "short_name": "", "slug": "admin"})
    assert response.status_code == 200 and "one of the app" in response.content.decode()


def test_a_role_for_one_board_is_given_in_the_admin_with_who_and_when(superuser_client):
    client, superuser = superuser_client
    ensure_roles()
    board = BoardFactory(name="Northmoor Safeguarding Adults Board", slug="nsab")
    user = UserFactory(username="adults-chair")
    chair = AuthGroup.objects.get(name=roles.CHAIR)
    response = client.post("/admin/governance/boardrole/add/", {"user": user.pk, "role": chair.pk, "board": board.pk})
    assert response.status_code == 302, response.content.decode()[:500]
    given = BoardRole.objects.get(user=user)
    assert (given.role, given.board, given.history.get().history_user) == (chair, board, superuser)
    assert roles.CHAIR in "".join(client.get("/admin/governance/boardrole/").content.decode().split())


def test_a_group_in_the_admin_reports_to_a_group_of_its_own_board(superuser_client):
    client, _superuser = superuser_client
    children = BoardFactory(name="Children's partnership", slug="children")
    adults = BoardFactory(name="Adults board", slug="adults")
    parent = GroupFactory(board=children, name="Partnership board", kind="board")
    response = client.post(
        "/admin/governance/group/add/",
        {
            "board": adults.pk,
            "name": "SAR Sub-group",
            "kind": "subgroup",
            "parent": parent.pk,
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "A group reports to a group of its own board: choose a group of Adults board." in response.content.decode()
