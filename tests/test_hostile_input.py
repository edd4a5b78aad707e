"""What the fuzz tests found, pinned as plain regression tests: each bad input gets a message
that says what to fix, where a page used to fail with an error (500)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from businessplan.models import Action
from governance.models import Agency, Meeting
from lscb.workbook import import_workbook
from tests.factories import ActionFactory, ChallengeFactory, GroupFactory, MeetingFactory, MembershipFactory
from tests.workbook.helpers import BOARD, write_csvs
from tests.workbook.test_huge_sheets import HEADER, cell, row, sheet_xlsx

pytestmark = pytest.mark.django_db


def errors(response) -> str:
    assert response.status_code in (200, 400, 409), response.status_code
    return response.content.decode()


def test_a_control_character_is_refused_with_its_position(board, client_for, manager):
    page = errors(
        client_for(manager).post(f"/{board.slug}/agencies/new/", {"name": "Fire\x07 Service", "sector": "other"})
    )
    assert "invisible control character (U+0007) at position 5" in page
    assert not Agency.objects.exists()


def test_a_date_in_year_9999_is_refused(board, client_for, manager):
    group = GroupFactory()
    page = errors(
        client_for(manager).post(f"/{board.slug}/meetings/new/", {"group": group.pk, "date": "9999-12-31", "note": ""})
    )
    assert "31/12/9999 is outside the years records are kept for (1900 to 2200)" in page
    assert not Meeting.objects.exists()


def test_an_action_ref_with_a_slash_is_refused(board, client_for, manager):
    action = ActionFactory(ref="1.1")
    url = f"/{board.slug}/plan/{action.plan.slug}/actions/new/"
    page = errors(client_for(manager).post(url, {"objective": action.objective.pk, "ref": "2/3"}))
    assert "A reference cannot contain &#x27;/&#x27;" in page
    assert Action.objects.count() == 1


def test_a_damaged_version_is_a_stale_edit_not_an_error(board, client_for, manager):
    group = GroupFactory()
    person = MembershipFactory(group=group, start=date(2015, 4, 1)).person
    meeting = MeetingFactory(group=group, date=date(2025, 6, 10))
    response = client_for(manager).post(
        f"/{board.slug}/meetings/{meeting.pk}/record/", {"version": "1e3", f"p{person.pk}-status": "present"}
    )
    assert response.status_code == 409
    assert "Someone else saved this meeting" in response.content.decode()


def test_a_review_step_that_does_not_exist_saves_nothing(board, client_for, manager):
    action = ActionFactory()
    client = client_for(manager)
    url = f"/{board.slug}/plan/{action.plan.slug}/review/?as_at=27/11/2026"
    assert client.get(url).status_code == 200
    for step in ("9", "x"):
        response = client.post(f"{url}&step={step}", {}, follow=True)
        assert "That action is not part of this review: nothing was saved." in response.content.decode()
    assert not action.updates.exists()


def test_a_refused_progress_update_without_javascript_shows_the_form_again(board, client_for, manager):
    action = ActionFactory()
    prefix = f"a{action.pk}"
    response = client_for(manager).post(
        f"/{board.slug}/plan/{action.plan.slug}/actions/{action.ref}/progress/",
        {f"{prefix}-rating": "red", f"{prefix}-note": "", f"{prefix}-day": "2026-11-01", f"{prefix}-version": "1"},
    )
    assert response.status_code == 400  # was 405: the action's page was called as a POST
    assert "Say why the rating changed." in response.content.decode()


def test_a_response_dated_in_the_future_is_refused_with_a_message(board, client_for, manager):
    challenge = ChallengeFactory(raised_on=date(2026, 5, 1))
    response = client_for(manager).post(
        f"/{board.slug}/challenges/{challenge.ref}/response/",
        {"response-response": "Done", "response-responded_on": "2099-01-01", "response-version": "1"},
    )
    assert "A response cannot be dated in the future." in errors(response)


def test_a_nul_in_a_workbook_cell_is_refused_where_it_is(tmp_path, manager):
    board = {name: [list(row) for row in rows] for name, rows in BOARD.items()}
    board["agencies"][2][0] = "Westshire\x00Constabulary"
    result = import_workbook(write_csvs(tmp_path / "board", board), by=manager)
    assert not result.committed
    assert [(p.sheet, p.row, p.column) for p in result.problems][:1] == [("agencies", 3, "name")]
    assert "control character (U+0000)" in result.problems[0].message


def test_a_tiny_workbook_claiming_a_huge_sheet_is_refused_on_its_preview(
    board, settings, tmp_path, client_for, manager
):
    """A 2 KB file whose sheet claimed A1:XFD20000 took 25 s and 2.4 GB to preview."""
    settings.LSCB_WORKBOOK_UPLOAD_DIR = tmp_path / "uploads"
    far = row(20_000, cell("A20000", "Service d\u2019incendie"), cell("B20000", "other"))
    path = sheet_xlsx(tmp_path / "tiny.xlsx", {"agencies": HEADER + far}, {"agencies": "A1:XFD20000"})
    client = client_for(manager)
    upload = SimpleUploadedFile("Évaluation annuelle.xlsx", path.read_bytes())
    assert client.post(f"/{board.slug}/import/", {"file": upload}).status_code == 302
    html = client.get(f"/{board.slug}/import/preview/").content.decode()
    # Refused unread for its width, and for more rows than an import in the browser takes.
    assert "2 problems found" in html
    assert "<td>agencies</td><td></td><td></td><td>the sheet says it spans A1:XFD20000, out to column XFD" in html
    assert "<td>agencies</td><td></td><td></td><td>the sheet says it spans A1:XFD20000, past row 10,000" in html
    assert "Confirm import" not in html
    assert not Agency.objects.exists()
