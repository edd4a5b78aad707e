"""The report's charts are drawn once for every process (yearend.charts): the worker draws them,
a web request reads them from the database cache without drawing, and a changed record gives a
new chart, never the stale one."""

import re
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance.models import Attendance
from lscb.years import ReportingYear
from yearend import charts, files, tasks

pytestmark = pytest.mark.django_db

PAGE = "/nscp/yearend/2015-16/"
IMAGES = re.compile(r'src="(data:image/svg\+xml;base64,[^"]+)"')


@pytest.fixture
def live(monkeypatch):
    """2015-16 (the small board's year, tests/yearend/conftest.py) is a live year."""
    monkeypatch.setattr(files, "live_years", lambda: [ReportingYear.parse("2015-16")])


def another_process(monkeypatch) -> None:
    """Nothing drawn, read or kept in this process: as a web process that has just started."""
    monkeypatch.setattr(charts, "_DRAWN", {})
    cache.clear()  # the per-process page fragments (lscb.caching)


def never_draw(monkeypatch) -> None:
    def drawing(*args, **kwargs):
        raise AssertionError("a chart was drawn in the web request")

    monkeypatch.setattr(charts, "_rendered", drawing)


def test_the_charts_the_worker_drew_are_read_by_a_web_request_without_drawing(
    board, live, client_for, board_member, monkeypatch
):
    another_process(monkeypatch)
    drawn = tasks.draw_charts.call()
    assert drawn >= 2  # the board's and the committee's attendance, the plan's ratings
    assert tasks.draw_live_charts() == 0  # kept: a second run draws nothing

    another_process(monkeypatch)
    never_draw(monkeypatch)
    client = client_for(board_member)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(PAGE)
    assert page.status_code == 200
    images = IMAGES.findall(page.content.decode())
    assert len(images) == drawn
    # One read of the store for all the page's charts, not one a chart, and nothing to write.
    assert sum("yearend_drawnchart" in query["sql"] for query in queries.captured_queries) == 1


def test_a_changed_record_gives_a_new_chart_and_the_stale_one_is_never_shown(
    board, live, client_for, board_member, monkeypatch
):
    tasks.draw_live_charts()
    client = client_for(board_member)
    before = IMAGES.findall(client.get(PAGE).content.decode())

    # Zoë sent apologies on 01/04/2015; the register is corrected: she was there.
    row = Attendance.objects.get(person__name="Zoë Young", meeting__date=date(2015, 4, 1))
    row.status = "present"
    row.save()

    # The worker's run after the change draws the changed chart (the attendance of the board), and
    # only that one: the others' figures are as they were, so are their drawings.
    another_process(monkeypatch)
    assert tasks.draw_live_charts() == 1

    another_process(monkeypatch)
    never_draw(monkeypatch)
    after = IMAGES.findall(client.get(PAGE).content.decode())
    assert len(after) == len(before)
    changed = [i for i, (old, new) in enumerate(zip(before, after, strict=True)) if old != new]
    assert len(changed) == 1


def test_a_web_process_that_finds_no_drawing_draws_it_and_keeps_it_for_the_others(
    board, live, client_for, board_member, monkeypatch
):
    another_process(monkeypatch)
    first = IMAGES.findall(client_for(board_member).get(PAGE).content.decode())
    assert first

    another_process(monkeypatch)
    never_draw(monkeypatch)
    assert IMAGES.findall(client_for(board_member).get(PAGE).content.decode()) == first
    assert tasks.draw_live_charts() == 0


def test_a_drawing_of_a_chart_no_longer_shown_is_deleted_and_names_removed_delete_every_drawing(
    board, live, monkeypatch
):
    from lscb.signals import personal_data_removed
    from yearend.models import DrawnChart

    tasks.draw_live_charts()
    kept = set(DrawnChart.objects.values_list("key", flat=True))
    row = Attendance.objects.get(person__name="Zoë Young", meeting__date=date(2015, 4, 1))
    row.status = "present"
    row.save()
    tasks.draw_live_charts()
    now = set(DrawnChart.objects.values_list("key", flat=True))
    assert len(now) == len(kept) and len(now - kept) == 1

    personal_data_removed.send(sender=None)
    assert not DrawnChart.objects.exists()


@pytest.mark.django_db(transaction=True)  # the worker closes its connection after each task
def test_the_worker_queues_the_drawing_when_it_starts():
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    call_command("worker", batch=True, verbosity=0)
    assert DBTaskResult.objects.filter(task_path="yearend.tasks.draw_charts").count() == 1


def test_the_command_draws_and_keeps_the_charts_before_it_lays_out_the_reports(board, live, monkeypatch):
    from io import StringIO

    from django.core.management import call_command

    from yearend.models import DrawnChart

    monkeypatch.setattr(files, "prepare_live_years", lambda: {})  # the layout is tested in test_files.py
    out = StringIO()
    call_command("prepare_reports", stdout=out)
    kept = DrawnChart.objects.filter(year="2015-16").count()
    assert kept >= 2  # the board's and the committee's attendance, the plan's ratings
    assert f"Charts drawn: {kept}." in out.getvalue()
    call_command("prepare_reports", stdout=(out := StringIO()))
    assert "Charts drawn: 0." in out.getvalue()  # kept: nothing drawn again


def test_the_dashboards_chart_drawn_by_the_worker_is_read_without_drawing(board, client_for, board_member, monkeypatch):
    """The dashboard's plan chart is kept with the live year's charts: a fresh process reads it."""
    from django.urls import reverse

    monkeypatch.setattr(files, "live_years", lambda: [ReportingYear.current()])
    another_process(monkeypatch)
    tasks.draw_charts.call()
    another_process(monkeypatch)
    never_draw(monkeypatch)
    page = client_for(board_member).get(reverse("board-home", args=[board.slug]))
    assert page.status_code == 200
    assert 'class="chart-image" src="data:image/svg+xml;base64,' in page.content.decode()
