"""A group's page: its next and last meetings with what needs recording, its attendance this
year, the actions it leads and the challenges raised at its meetings, in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import (
    ActionFactory,
    AttendanceFactory,
    ChallengeFactory,
    GroupFactory,
    MeetingFactory,
    MembershipFactory,
    ObjectiveFactory,
    PersonFactory,
    PlanFactory,
)
from tests.governance import board_url

pytestmark = pytest.mark.django_db


def ago(days: int):
    return timezone.localdate() - timedelta(days=days)


def page(client, group) -> str:
    response = client.get(board_url("governance:group-detail", group.pk))
    assert response.status_code == 200
    return response.content.decode()


def fill(group, n: int, plan, start: int = 0) -> None:
    """n members, n held meetings with a register, n past meetings without one, n actions it leads and
    n challenges raised at its meetings."""
    objective = ObjectiveFactory(priority__plan=plan)
    for i in range(n):
        person = PersonFactory()
        MembershipFactory(group=group, person=person)
        held = MeetingFactory(group=group, date=ago(2 + start + 3 * i), status="held")
        AttendanceFactory(meeting=held, person=person)
        MeetingFactory(group=group, date=ago(1 + start + 3 * i), status="planned")
        MeetingFactory(group=group, date=ago(-30 - start - i))
        ActionFactory(objective=objective, plan=plan, lead_group=group, rating="amber", due_date=ago(-60))
        ChallengeFactory(meeting=held, subject=f"Challenge {i} about escalation")


def test_the_page_shows_what_needs_recording_with_record_links_only_where_they_can_succeed(
    client_for, subgroup_chair, board_member, chaired_group
):
    past = MeetingFactory(group=chaired_group, date=ago(3))
    future = MeetingFactory(group=chaired_group, date=ago(-10), note="In the council chamber")
    cancelled = MeetingFactory(group=chaired_group, date=ago(5), status="cancelled", cancel_reason="inquorate")
    html = page(client_for(subgroup_chair), chaired_group)
    assert "Next and last meetings" in html
    assert f"{future.date:%d/%m/%Y}" in html and "In the council chamber" in html
    assert "register not recorded" in html
    record = board_url("governance:meeting-record", past.pk)
    assert record in html
    # Never for a meeting still to come or a cancelled one.
    assert board_url("governance:meeting-record", future.pk) not in html
    assert board_url("governance:meeting-record", cancelled.pk) not in html
    # The chair may add, move and cancel here.
    assert board_url("governance:meeting-create") + f"?group={chaired_group.pk}" in html
    assert board_url("governance:meeting-edit", future.pk) in html
    # A reader sees what is missing, and no link to record, add or move.
    html = page(client_for(board_member), chaired_group)
    assert "register not recorded" in html
    assert record not in html
    assert board_url("governance:meeting-create") not in html
    assert board_url("governance:meeting-edit", future.pk) not in html


def test_the_page_shows_attendance_actions_and_challenges(client_for, subgroup_chair, chaired_group):
    plan = PlanFactory(title="Business Plan 2026-28")
    other = GroupFactory(name="Training and Workforce Development")
    fill(chaired_group, 1, plan)
    long_text = (
        "Make sure that every agency's front door uses the escalation policy — including the "
        "Ōkēhampton café and théâtre projects — and reports back;\nsecond line kept whole " + "x" * 40
    )
    ActionFactory(
        objective=ObjectiveFactory(priority__plan=plan),
        plan=plan,
        lead_group=chaired_group,
        text=long_text,
        due_text="By the end of the year",
    )
    ActionFactory(objective=ObjectiveFactory(priority__plan=plan), plan=plan, lead_group=other, text="Not ours")
    ChallengeFactory(meeting=MeetingFactory(group=other, date=ago(4)), subject="Raised elsewhere")
    html = page(client_for(subgroup_chair), chaired_group)
    assert "Attendance in" in html and "100%" in html
    assert "Actions it leads" in html and "Amber" in html and "Not ours" not in html
    assert "Ōkēhampton café and théâtre" in html
    assert f"{ago(-60):%d/%m/%Y}" in html and "By the end of the year" in html
    assert "Update due" in html
    assert "Challenges raised at its meetings" in html and "Challenge 0 about escalation" in html
    assert "Raised elsewhere" not in html


def test_the_query_count_does_not_grow_with_the_group(
    client_for, subgroup_chair, chaired_group, django_assert_max_num_queries
):
    plan = PlanFactory(title="Business Plan 2026-28")
    client = client_for(subgroup_chair)
    fill(chaired_group, 1, plan)
    page(client, chaired_group)  # the session and the user's rights read once
    with CaptureQueriesContext(connection) as small:
        page(client, chaired_group)
    fill(chaired_group, 6, plan, start=10)
    with CaptureQueriesContext(connection) as large:
        page(client, chaired_group)
    assert len(large) == len(small), [q["sql"][:120] for q in large.captured_queries]
    # Pinned: a new read on the page shows here first.
    with django_assert_max_num_queries(23):
        page(client, chaired_group)


def test_the_apps_add_their_parts_in_order_and_a_part_the_reader_may_not_see_is_left_out(
    rf, board_member, chaired_group, monkeypatch
):
    from governance import profiles
    from tests.factories import default_board

    monkeypatch.setattr(profiles, "GROUP_SECTIONS", dict(profiles.GROUP_SECTIONS))
    profiles.register_group_section("hidden", "none.html", lambda request, group: None, 1)
    profiles.register_group_section("first", "first.html", lambda request, group: {"title": "First"}, 5)
    request = rf.get("/")
    request.user, request.board = board_member, default_board()
    names = [section.name for section in profiles.group_sections(request, chaired_group)]
    assert names == ["first", "actions", "challenges"]


def test_a_reader_without_the_plan_or_the_log_sees_neither_part(client_for, board_member, chaired_group):
    for group in board_member.groups.all():
        group.permissions.remove(*group.permissions.exclude(content_type__app_label="governance"))
    html = page(client_for(board_member), chaired_group)
    assert "Actions it leads" not in html and "Challenges raised at its meetings" not in html


def test_the_page_says_the_groups_quorum(client_for, board_member, chaired_group):
    assert 'Quorum</dt><dd class="col-sm-9">not set' in page(client_for(board_member), chaired_group)
    chaired_group.quorum = 5
    chaired_group.save()
    assert "5 members (or their deputies) present" in page(client_for(board_member), chaired_group)
