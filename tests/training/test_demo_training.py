"""The demo boards' training (demo_data): each board's own events over two reporting years, one
cancelled a year, evaluations, and attendance by agency with some agencies booking and not coming."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from governance.demo.boards import find
from governance.demo.groups import ADULTS, CHILDREN
from lscb.years import ReportingYear
from tests.factories import ensure_roles
from training import demo
from training.models import EventKind, TrainingAttendance, TrainingEvent
from training.selectors import year_training

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 27)
CURRENT = ReportingYear.containing(TODAY)
PREVIOUS = CURRENT.previous


def build_demo(today: date = TODAY) -> str:
    out = StringIO()
    call_command("demo_data", "--today", today.isoformat(), "--force", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module", autouse=True)
def built(django_db_setup, django_db_blocker):
    """The demo, built once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        ensure_roles()
        output = build_demo()
        yield output
        transaction.set_rollback(True)


def counts() -> dict[str, int]:
    """Row counts of every training table, history included."""
    return {model._meta.label: model.objects.count() for model in apps.get_app_config("training").get_models()}


def test_each_board_has_its_own_events_over_the_two_years(built):
    children, adults = find(CHILDREN), find(ADULTS)
    assert TrainingEvent.objects.of_board(children).count() == 2 * len(demo.CHILDREN_EVENTS) == 24
    assert TrainingEvent.objects.of_board(adults).count() == 2 * len(demo.ADULTS_EVENTS) == 22
    for board in (children, adults):
        events = TrainingEvent.objects.of_board(board)
        for year in (PREVIOUS, CURRENT):
            in_year = events.in_year(year)
            assert 10 <= in_year.count() <= 15
            assert in_year.filter(cancelled=True).count() == 1
        assert set(events.values_list("kind", flat=True)) == set(EventKind.values)
    assert "training: NSCP: 24 events (2 cancelled)" in built
    # Every write went through the services: each record has its history.
    assert counts()["training.HistoricalTrainingEvent"] >= TrainingEvent.objects.count()
    assert counts()["training.HistoricalTrainingAttendance"] >= TrainingAttendance.objects.count()


def test_last_years_figures_make_sense_and_some_agencies_booked_and_did_not_come():
    for board in (find(CHILDREN), find(ADULTS)):
        training = year_training(board, PREVIOUS)
        assert training["events"] >= 10 and training["cancelled"] == 1
        assert 70 <= training["attendance_rate"] <= 100
        assert 0 < training["rated_good"] <= training["evaluations"] <= training["attended"] <= training["places"]
        assert len(training["by_agency"]) >= 8
        missed = [row for row in training["by_agency"] if row["booked"] and not row["attended"]]
        lines = TrainingAttendance.objects.filter(event__board=board, event__cancelled=False, booked__gt=0)
        assert lines.filter(attended=0).exists() or missed
        events = TrainingEvent.objects.of_board(board).in_year(PREVIOUS)
        with_lines = events.filter(attendance__isnull=False).distinct().count()
        assert with_lines >= events.count() * 0.6  # most events: e-learning is booked by the learner


def test_nothing_is_recorded_as_attended_before_it_happened_or_at_a_cancelled_event():
    for event in TrainingEvent.objects.prefetch_related("attendance"):
        lines = list(event.attendance.all())
        if event.date > TODAY or event.cancelled:
            assert (event.attended, event.evaluations) == (None, None), event
            assert all(line.attended is None for line in lines), event
        else:
            assert event.attended is not None, event
            assert event.rated_good <= event.evaluations <= event.attended, event
            if lines:
                assert sum(line.booked for line in lines) == event.booked, event


def test_building_again_creates_nothing():
    before = counts()
    output = build_demo()
    assert counts() == before
    assert "training: NSCP: created nothing" in output
    assert "training: NSAB: created nothing" in output


def test_an_event_still_to_come_gets_its_attendance_once_its_day_has_come(monkeypatch):
    later = TODAY + timedelta(days=10)
    monkeypatch.setattr(timezone, "localdate", lambda *args: later)
    event = TrainingEvent.objects.get(board=find(CHILDREN), title="Harmful sexual behaviour", date=date(2026, 12, 4))
    assert event.attended is None
    with transaction.atomic():
        output = build_demo(later)
        event.refresh_from_db()
        assert event.attended is not None and event.version == 2
        assert all(line.attended is not None for line in event.attendance.all())
        assert "training: NSCP: created nothing; recorded the attendance of 1 event(s) held since" in output
        again = build_demo(later)
        assert "training: NSCP: created nothing" in again
        transaction.set_rollback(True)
