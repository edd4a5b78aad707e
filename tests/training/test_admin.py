"""Training in the Django admin: both models listed, searchable and filtered, changes kept in the
history with who made them, a stale change refused, figures that make no sense refused."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib import admin

from tests.factories import AgencyFactory, TrainingAttendanceFactory, TrainingEventFactory, UserFactory
from training.models import TrainingAttendance, TrainingEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client_for):
    superuser = UserFactory(username="admin", is_staff=True, is_superuser=True)
    return client_for(superuser), superuser


@pytest.fixture
def event(board):
    event = TrainingEventFactory(title="Neglect: the graded care profile", date=date(2025, 6, 10), booked=20)
    TrainingAttendanceFactory(event=event, agency=AgencyFactory(name="Northmoor Constabulary"), booked=5, attended=4)
    return event


def test_both_models_are_in_the_admin():
    assert admin.site.is_registered(TrainingEvent) and admin.site.is_registered(TrainingAttendance)


@pytest.mark.parametrize(
    ("path", "shown"),
    [("trainingevent", "Neglect: the graded care profile"), ("trainingattendance", "Northmoor Constabulary")],
)
def test_each_list_opens_filters_and_searches(superuser_client, event, path, shown):
    client, _ = superuser_client
    listing = client.get(f"/admin/training/{path}/")
    assert listing.status_code == 200 and shown in listing.content.decode()
    assert client.get(f"/admin/training/{path}/", {"q": "nothing like this"}).status_code == 200


def event_form(event, **changes) -> dict:
    line = event.attendance.get()
    data = {
        "board": event.board_id,
        "title": event.title,
        "date": "2025-06-10",
        "kind": "course",
        "topic": "",
        "places": "30",
        "booked": "20",
        "attended": "18",
        "cancelled": "",
        "evaluations": "",
        "rated_good": "",
        "notes": "",
        "version": event.version,
        "attendance-TOTAL_FORMS": "1",
        "attendance-INITIAL_FORMS": "1",
        "attendance-MIN_NUM_FORMS": "0",
        "attendance-MAX_NUM_FORMS": "1000",
        "attendance-0-id": line.pk,
        "attendance-0-event": event.pk,
        "attendance-0-agency": line.agency_id,
        "attendance-0-booked": "5",
        "attendance-0-attended": "4",
        "_save": "Save",
    }
    return {**data, **changes}


def test_a_change_is_kept_with_who_made_it_and_moves_the_version(superuser_client, event):
    client, superuser = superuser_client
    assert client.get(f"/admin/training/trainingevent/{event.pk}/change/").status_code == 200
    response = client.post(f"/admin/training/trainingevent/{event.pk}/change/", event_form(event, notes="Full."))
    assert response.status_code == 302, response.content.decode()[:3000]
    event.refresh_from_db()
    assert (event.notes, event.attended, event.version) == ("Full.", 18, 2)
    assert event.history.latest().history_user == superuser
    assert client.get(f"/admin/training/trainingevent/{event.pk}/history/").status_code == 200


def test_a_stale_change_is_refused(superuser_client, event):
    client, _ = superuser_client
    TrainingEvent.objects.filter(pk=event.pk).update(version=4, notes="Theirs.")
    response = client.post(f"/admin/training/trainingevent/{event.pk}/change/", event_form(event, notes="Mine."))
    assert response.status_code == 200 and "Someone else saved this training event" in response.content.decode()
    event.refresh_from_db()
    assert event.notes == "Theirs."


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"evaluations": "5", "rated_good": "6"}, "More evaluations rated it good than were returned."),
        ({"cancelled": "on"}, "A cancelled event had nobody attending"),
        ({"title": "Two\nlines"}, "Write this on one line."),
    ],
)
def test_figures_that_make_no_sense_are_refused(superuser_client, event, changes, message):
    client, _ = superuser_client
    response = client.post(f"/admin/training/trainingevent/{event.pk}/change/", event_form(event, **changes))
    assert response.status_code == 200 and message in response.content.decode()
    event.refresh_from_db()
    assert event.version == 1
