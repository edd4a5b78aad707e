"""A progress note the source gives no day for reads "undated (2015-16)" wherever notes are shown."""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse
from docx import Document

from businessplan.models import ProgressUpdate
from tests.factories import ActionFactory, ObjectiveFactory, PlanFactory, PriorityFactory

pytestmark = pytest.mark.django_db

NOTE = "Audit complété en Gwynedd \u2013 \u201crecovery plan\u201d agreed.\nSecond line: 93% within six months."


@pytest.fixture
def action():
    plan = PlanFactory(title="Business Plan 2015-17", slug="2015-17", start=date(2015, 4, 1), end=date(2017, 3, 31))
    objective = ObjectiveFactory(priority=PriorityFactory(plan=plan, number=1, title="Neglect"), text="Know neglect")
    action = ActionFactory(objective=objective, ref="1.1", text="Roll out the neglect toolkit in every locality")
    # Kept on the last day of its year, 31 March 2016, and marked undated.
    ProgressUpdate.objects.create(action=action, date=date(2016, 3, 31), undated=True, rating="amber", note=NOTE)
    ProgressUpdate.objects.create(action=action, date=date(2016, 6, 14), rating="amber", note="Dated note")
    return action


def url(name, action, *args):
    return reverse(f"businessplan:{name}", args=[action.plan.board.slug, action.plan.slug, *args])


def test_the_action_and_plan_pages_show_undated_not_31_march(client_for, board_member, action):
    client = client_for(board_member)
    for page in [
        client.get(url("action-detail", action, action.ref)).content.decode(),
        client.get(url("plan-detail", action)).content.decode(),
    ]:
        assert "<strong>undated (2015-16)</strong>" in page and "31/03/2016" not in page
        assert "<strong>14/06/2016</strong>" in page
        assert "Audit complété en Gwynedd" in page


def test_the_review_page_shows_undated(client_for, manager, action):
    ProgressUpdate.objects.filter(note="Dated note").delete()
    page = client_for(manager).get(url("review", action), {"since": "2016-06-01"}).content.decode()
    assert "Action 1 of 1" in page and "undated (2015-16)" in page and "31/03/2016" not in page


def test_what_changed_and_its_exports_show_undated(client_for, board_member, action):
    client = client_for(board_member)
    query = {"start": "2016-01-01", "end": "2016-12-31"}
    page = client.get(url("changes", action), query).content.decode()
    assert "1 rating changed" in page
    assert "<strong>undated (2015-16)</strong> Audit complété" in page and "31/03/2016" not in page

    rows = list(
        csv.reader(io.StringIO(client.get(url("changes", action), {**query, "_export": "csv"}).content.decode()))
    )
    notes = next(row[-1] for row in rows if row and row[0] == "1.1")
    assert f"undated (2015-16): {NOTE}" in notes and "14/06/2016: Dated note" in notes and "31/03/2016" not in notes

    sheet = openpyxl.load_workbook(io.BytesIO(client.get(url("changes", action), {**query, "_export": "xlsx"}).content))
    cells = [str(cell.value) for row in sheet.active.iter_rows() for cell in row if cell.value]
    assert any(f"undated (2015-16): {NOTE}" in cell for cell in cells)

    document = Document(io.BytesIO(client.get(url("changes", action), {**query, "_export": "docx"}).content))
    text = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "undated (2015-16): Audit complété" in text and "31/03/2016" not in text


def test_the_plan_exports_show_undated(client_for, board_member, action):
    client = client_for(board_member)
    document = Document(io.BytesIO(client.get(url("plan-export", action, "docx")).content))
    text = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "undated (2015-16): Audit complété" in text and "31/03/2016" not in text
    book = openpyxl.load_workbook(io.BytesIO(client.get(url("plan-export", action, "xlsx")).content))
    cells = [str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row if cell.value]
    assert any("undated (2015-16): Audit complété" in cell for cell in cells)


def test_the_pages_with_undated_notes_cost_no_more_queries(
    client_for, board_member, action, django_assert_max_num_queries
):
    client = client_for(board_member)
    pages = [url("plan-detail", action), url("action-detail", action, action.ref)]
    counts = []
    for page in pages:
        with django_assert_max_num_queries(30) as captured:
            client.get(page)
        counts.append(len(captured.captured_queries))
    for n in range(6):
        ProgressUpdate.objects.create(action=action, date=date(2017, 3, 31), undated=True, rating="green", note=f"n{n}")
    for page, count in zip(pages, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert "undated (2016-17)" in client.get(page).content.decode()
