"""After the worker has drawn the live years' charts, a reader's year-end page shows them without any
drawing in the web process; the structure and an agency's record, drawn on every request, show a
change at once. Every page is checked by axe."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lscb.years import ReportingYear
from tests.factories import (
    AgencyFactory,
    AttendanceFactory,
    ChallengeFactory,
    GroupFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
    default_board,
)
from yearend import charts, tasks

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOTS = Path(os.environ.get("LSCB_SCREENSHOTS", "/tmp/lscb-screenshots"))
LONG = "Groupe d'évaluation de la qualité — « Protéger les enfants » et leurs familles, à Northmoor"


@pytest.fixture
def last_year():
    year = ReportingYear.current().previous
    board = GroupFactory(name="Safeguarding Board", kind="board")
    subgroup = GroupFactory(name=LONG, kind="subgroup", parent=board)
    police = AgencyFactory(name="Northmoor Constabulary")
    zoe = PersonFactory(name="Zoë Ångström", agency=AgencyFactory(name="Services à l'enfance de Northmoor"))
    alice = PersonFactory(name="Alice Able", agency=police)
    for group in (board, subgroup):
        MembershipFactory(group=group, person=alice, role="chair")
        MembershipFactory(group=group, person=zoe)
        for days in (30, 120, 250):
            meeting = MeetingFactory(group=group, date=year.start + timedelta(days=days), status="held")
            AttendanceFactory(meeting=meeting, person=alice)
            AttendanceFactory(meeting=meeting, person=zoe, status="apologies" if days == 120 else "present")
    MeetingFactory(group=board, date=timezone.localdate() + timedelta(days=7))
    ChallengeFactory(ref="CH-1", agency=police, subject="Strategy meetings\nwithin three days", raised_on=year.start)
    return year


def test_the_year_end_page_shows_the_charts_the_worker_drew_without_drawing(
    page, live_server, sign_in, axe_clean, board_member, last_year, monkeypatch
):
    assert tasks.draw_charts.call() >= 2  # the worker, after it starts
    # The web process has drawn nothing, and may not draw.
    monkeypatch.setattr(charts, "_DRAWN", {})

    def drawing(*args, **kwargs):
        raise AssertionError("a chart was drawn by the web process")

    monkeypatch.setattr(charts, "_rendered", drawing)
    sign_in(page, "member")
    page.goto(f"{live_server.url}/{default_board().slug}/yearend/{last_year}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Annual report {last_year}")
    chart = page.get_by_role("img", name=f"{LONG}: attendance by agency").first
    expect(chart).to_be_visible()
    expect(page.get_by_role("rowheader", name="Services à l'enfance de Northmoor").first).to_be_visible()
    axe_clean(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    chart.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "warm-yearend.png"))


def test_the_structure_and_an_agency_record_show_a_change_at_once(
    page, live_server, sign_in, axe_clean, board_member, last_year
):
    board = default_board()
    sign_in(page, "member")
    page.goto(f"{live_server.url}/{board.slug}/structure/")
    expect(page.get_by_text(LONG)).to_be_visible()
    axe_clean(page)
    GroupFactory(name="Task and finish group: neglect — « cas complexes »", kind="task_and_finish")
    page.reload()
    expect(page.get_by_text("Task and finish group: neglect — « cas complexes »")).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "warm-structure.png"), full_page=True)

    police = ChallengeFactory._meta.model.objects.get(ref="CH-1").agency
    page.goto(f"{live_server.url}/{board.slug}/challenges/agency/{police.pk}/")
    expect(page.get_by_text("Strategy meetings")).to_be_visible()
    axe_clean(page)
    ChallengeFactory(ref="CH-2", agency=police, subject="Section 47 timeliness", raised_on=last_year.start)
    page.reload()
    expect(page.get_by_text("Section 47 timeliness")).to_be_visible()
    page.screenshot(path=str(SHOTS / "warm-agency-record.png"), full_page=True)
