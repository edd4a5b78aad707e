"""Changes made in the Django admin are in the history too, with who made them and when."""

from __future__ import annotations

import pytest
from django.utils import timezone

from governance.models import Agency, Person
from tests.factories import AgencyFactory, UserFactory

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
