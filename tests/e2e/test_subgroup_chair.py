"""A sub-group chair's day: their home starts with "Your groups"; they add a meeting to their own
group, move it, cancel it with a reason, and read the group's page; a meeting for another group is
refused on the form. Every page on the way is checked by axe; screenshots at desktop and phone
width go to LSCB_SCREENSHOTS to be looked at."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from governance.models import Meeting
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
    default_board,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOTS = os.environ.get("LSCB_SCREENSHOTS", "")


def shot(page, name: str) -> None:
    """At desktop and phone width, saved for a person to look at when LSCB_SCREENSHOTS names a folder."""
    if not SHOTS:
        return
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=os.path.join(SHOTS, f"subgroup-{name}-{width}.png"), full_page=True)
    # What a phone shows first, at the size a person reads it.
    page.screenshot(path=os.path.join(SHOTS, f"subgroup-{name}-390-first-screen.png"))
    page.set_viewport_size({"width": 1280, "height": 900})


def ago(days: int):
    return timezone.localdate() - timedelta(days=days)


@pytest.fixture
def year(subgroup_chair, chaired_group):
    other = GroupFactory(name="Training and Workforce Development")
    person = PersonFactory(name="Aoife Ní Bhriain-Øvergård")
    MembershipFactory(group=chaired_group, person=person)
    AttendanceFactory(meeting=MeetingFactory(group=chaired_group, date=ago(40), status="held"), person=person)
    past = MeetingFactory(group=chaired_group, date=ago(2))
    plan = PlanFactory(title="Business Plan 2026-28")
    objective = ObjectiveFactory(priority__plan=plan, priority__title="Neglect")
    ActionFactory(
        objective=objective,
        plan=plan,
        ref="2.3",
        lead_group=chaired_group,
        rating="amber",
        due_date=ago(-90),
        text="Audit the use of the graded care profile across early help — Ōkēhampton and Saint-Étienne "
        "twinning projects included — and report to the board with what changed",
    )
    ChallengeFactory(meeting=past, subject="Why did health not attend the strategy discussions?")
    return {"other": other, "past": past}


def test_a_subgroup_chair_adds_moves_and_cancels_their_groups_meeting(
    page, live_server, sign_in, axe_clean, subgroup_chair, chaired_group, year
):
    board = default_board()
    sign_in(page, "subchair")
    page.goto(f"{live_server.url}/{board.slug}/")
    expect(page.get_by_role("heading", name="Your groups", level=2)).to_be_visible()
    mine = page.locator(".your-group")
    expect(mine).to_contain_text("Quality and Effectiveness Group")
    expect(mine.get_by_role("link", name=f"Record attendance of {year['past'].date:%d/%m/%Y}")).to_be_visible()
    expect(mine).to_contain_text("Audit the use of the graded care profile")
    axe_clean(page)
    shot(page, "home")

    # Add a meeting: only their own group is offered.
    mine.get_by_role("link", name="Add a meeting of Quality and Effectiveness Group").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a meeting")
    group = page.get_by_label("Group")
    expect(group.locator("option:not([value=''])")).to_have_count(1)
    expect(group).to_have_value(str(chaired_group.pk))
    first = ago(-21)
    page.get_by_label("Date").fill(f"{first:%d/%m/%Y}")
    page.get_by_label("Note").fill("Extra meeting on the neglect strategy.\nIn the council chamber, Ōkēhampton.")
    axe_clean(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved the meeting")).to_be_visible()
    meeting = Meeting.objects.get(group=chaired_group, date=first)
    # Kept whole (a browser sends a textarea's line breaks as CR LF).
    assert (
        meeting.note.replace("\r\n", "\n")
        == "Extra meeting on the neglect strategy.\nIn the council chamber, Ōkēhampton."
    )

    # Move it, from the group's page.
    page.goto(f"{live_server.url}/{board.slug}/groups/{chaired_group.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Quality and Effectiveness Group")
    page.get_by_role("link", name=f"Move the meeting of {first:%d/%m/%Y}").click()
    moved = ago(-28)
    page.get_by_label("Date").fill(f"{moved:%d/%m/%Y}")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved the meeting")).to_be_visible()
    meeting.refresh_from_db()
    assert meeting.date == moved

    # Cancel it, with a reason.
    page.goto(f"{live_server.url}/{board.slug}/groups/{chaired_group.pk}/")
    page.get_by_role("link", name=f"Cancel the meeting of {moved:%d/%m/%Y}").click()
    page.get_by_label("Not required this time").check()
    axe_clean(page)
    page.get_by_role("button", name="Cancel the meeting").click()
    expect(page.get_by_text("Cancelled the meeting")).to_be_visible()
    meeting.refresh_from_db()
    assert meeting.status == "cancelled" and meeting.cancel_reason == "not_required"

    # The group's page: next and last meetings, attendance, actions, challenges.
    page.goto(f"{live_server.url}/{board.slug}/groups/{chaired_group.pk}/")
    expect(page.get_by_role("heading", name="Next and last meetings")).to_be_visible()
    expect(page.locator(".group-summary")).to_contain_text("register not recorded")
    expect(page.get_by_role("heading", name="Actions it leads")).to_be_visible()
    expect(page.locator(".group-actions")).to_contain_text("Ōkēhampton and Saint-Étienne")
    expect(page.locator(".group-actions")).to_contain_text("Amber")
    expect(page.get_by_role("heading", name="Challenges raised at its meetings")).to_be_visible()
    expect(page.locator(".group-attendance")).to_contain_text("100%")
    expect(page.get_by_role("button", name=f"Reinstate the meeting of {moved:%d/%m/%Y}")).to_be_visible()
    axe_clean(page)
    shot(page, "group")


def test_a_meeting_for_another_group_is_refused_on_the_form(
    page, live_server, sign_in, axe_clean, subgroup_chair, chaired_group, year
):
    board, other = default_board(), year["other"]
    sign_in(page, "subchair")
    page.goto(f"{live_server.url}/{board.slug}/meetings/new/?group={chaired_group.pk}")
    # A hand-made choice for a group they do not chair, as a crafted request would send.
    page.get_by_label("Group").evaluate(
        "(select, pk) => { select.add(new Option('Training', pk)); select.value = pk; }", str(other.pk)
    )
    page.get_by_label("Date").fill(f"{ago(-14):%d/%m/%Y}")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a meeting")
    expect(page.locator(".error-summary, [role=alert]").first).to_be_visible()
    expect(page.get_by_role("link", name="Group: Choose one of the groups offered")).to_be_visible()
    axe_clean(page)
    shot(page, "refused")
    assert not Meeting.objects.filter(group=other).exists()
    # Another group's meeting cannot be moved either.
    theirs = MeetingFactory(group=other, date=ago(-15))
    response = page.goto(f"{live_server.url}/{board.slug}/meetings/{theirs.pk}/edit/")
    assert response.status == 403
