"""The register of a meeting still to come, or cancelled, is not offered as a form that could not be
saved: its address leads back to the meeting, saying when (or why not)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("days", "status", "said"),
    [
        (4, "planned", "You can record attendance from"),
        (-3, "cancelled", "This meeting was cancelled: reinstate it as planned before recording its register."),
    ],
)
def test_the_register_of_a_meeting_that_cannot_be_recorded_leads_back_to_it(
    client_for, manager, board, days, status, said
):
    reason = "inquorate" if status == "cancelled" else ""
    meeting = MeetingFactory(date=timezone.localdate() + timedelta(days=days), status=status, cancel_reason=reason)
    client = client_for(manager)
    response = client.get(reverse("governance:meeting-record", args=[board.slug, meeting.pk]))
    assert response.status_code == 302
    assert response.url == reverse("governance:meeting-detail", args=[board.slug, meeting.pk])
    page = client.get(response.url).content.decode()
    assert said in page.replace("&#x27;", "'")
    assert "Record attendance</a>" not in page


def test_the_register_of_a_meeting_held_today_is_offered(client_for, manager, board):
    meeting = MeetingFactory(date=timezone.localdate(), status="planned")
    response = client_for(manager).get(reverse("governance:meeting-record", args=[board.slug, meeting.pk]))
    assert response.status_code == 200
