"""A sub-group chair adds, moves, cancels and deletes their own groups' meetings, and no other's."""

from datetime import timedelta

import pytest
from django.utils import timezone

from governance.models import Meeting
from tests.factories import AttendanceFactory, GroupFactory, MeetingFactory
from tests.governance import board_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_group(db):
    return GroupFactory(name="Training and Workforce Development")


def day(offset: int = 14):
    return timezone.localdate() + timedelta(days=offset)


def test_a_subgroup_chair_is_offered_only_their_own_groups(client_for, subgroup_chair, chaired_group, other_group):
    response = client_for(subgroup_chair).get(board_url("governance:meeting-create") + f"?group={chaired_group.pk}")
    assert response.status_code == 200
    choices = list(response.context["form"].fields["group"].queryset)
    assert choices == [chaired_group]


def test_a_subgroup_chair_adds_a_meeting_to_their_own_group(client_for, subgroup_chair, chaired_group):
    note = "Extraordinary meeting on the Ōkēhampton review: théâtre, café\nsecond line kept whole"
    response = client_for(subgroup_chair).post(
        board_url("governance:meeting-create"),
        {"group": chaired_group.pk, "date": day().strftime("%d/%m/%Y"), "note": note},
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(group=chaired_group)
    assert meeting.date == day() and meeting.status == "planned"
    assert meeting.note == note


def test_adding_to_another_group_is_refused_on_the_form(client_for, subgroup_chair, other_group):
    response = client_for(subgroup_chair).post(
        board_url("governance:meeting-create"), {"group": other_group.pk, "date": day().strftime("%d/%m/%Y")}
    )
    # A form error (a choice not offered), not a server error, and nothing saved.
    assert response.status_code == 200
    assert "group" in response.context["form"].errors
    assert "only of the groups you chair" in response.content.decode()
    assert not Meeting.objects.filter(group=other_group).exists()


def test_the_independent_chair_and_a_board_member_add_no_meeting(client_for, chair, board_member, chaired_group):
    for user in (chair, board_member):
        client = client_for(user)
        assert client.get(board_url("governance:meeting-create")).status_code == 403
        response = client.post(
            board_url("governance:meeting-create"), {"group": chaired_group.pk, "date": "01/01/2027"}
        )
        assert response.status_code == 403
    assert not Meeting.objects.exists()


def test_a_subgroup_chair_moves_their_own_meeting_and_not_another(
    client_for, subgroup_chair, chaired_group, other_group
):
    own = MeetingFactory(group=chaired_group, date=day(10))
    other = MeetingFactory(group=other_group, date=day(10))
    client = client_for(subgroup_chair)
    moved = client.post(
        board_url("governance:meeting-edit", own.pk),
        {"group": chaired_group.pk, "date": day(20).strftime("%d/%m/%Y"), "version": own.version},
    )
    assert moved.status_code == 302
    own.refresh_from_db()
    assert own.date == day(20)
    assert client.get(board_url("governance:meeting-edit", other.pk)).status_code == 403
    refused = client.post(
        board_url("governance:meeting-edit", other.pk),
        {"group": other_group.pk, "date": day(30).strftime("%d/%m/%Y"), "version": other.version},
    )
    assert refused.status_code == 403
    # Nor can their own meeting be handed to another group.
    handed = client.post(
        board_url("governance:meeting-edit", own.pk),
        {"group": other_group.pk, "date": day(20).strftime("%d/%m/%Y"), "version": own.version + 1},
    )
    assert handed.status_code == 200 and "group" in handed.context["form"].errors
    own.refresh_from_db()
    assert own.group == chaired_group


def test_a_subgroup_chair_cancels_and_reinstates_their_own_meeting(client_for, subgroup_chair, chaired_group):
    meeting = MeetingFactory(group=chaired_group, date=day(5))
    client = client_for(subgroup_chair)
    response = client.post(
        board_url("governance:meeting-cancel", meeting.pk),
        {"cancel_reason": "inquorate", "note": "", "version": meeting.version},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"
    assert client.post(board_url("governance:meeting-reinstate", meeting.pk)).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "planned"


def test_a_subgroup_chair_deletes_only_a_planned_meeting_of_their_own_with_no_register(
    client_for, subgroup_chair, chaired_group, other_group
):
    client = client_for(subgroup_chair)
    planned = MeetingFactory(group=chaired_group, date=day(3))
    cancelled = MeetingFactory(group=chaired_group, date=day(4), status="cancelled", cancel_reason="inquorate")
    held = AttendanceFactory(meeting__group=chaired_group).meeting
    other = MeetingFactory(group=other_group, date=day(3))
    for refused in (cancelled, held, other):
        assert client.get(board_url("governance:meeting-delete", refused.pk)).status_code == 403
        assert client.post(board_url("governance:meeting-delete", refused.pk)).status_code == 403
    assert client.get(board_url("governance:meeting-delete", planned.pk)).status_code == 200
    assert client.post(board_url("governance:meeting-delete", planned.pk)).status_code == 302
    assert not Meeting.objects.filter(pk=planned.pk).exists()
    assert Meeting.objects.filter(pk__in=[cancelled.pk, held.pk, other.pk]).count() == 3


def test_the_business_manager_keeps_every_group(client_for, manager, chaired_group, other_group):
    client = client_for(manager)
    response = client.get(board_url("governance:meeting-create"))
    assert set(response.context["form"].fields["group"].queryset) >= {chaired_group, other_group}
    cancelled = MeetingFactory(group=other_group, date=day(4), status="cancelled", cancel_reason="inquorate")
    assert client.post(board_url("governance:meeting-delete", cancelled.pk)).status_code == 302
    # Planning the year stays theirs alone.
    assert client.get(board_url("governance:group-schedule", other_group.pk)).status_code == 200
