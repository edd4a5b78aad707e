"""The demo boards' challenge logs (demo_data): every status, impact on closing, a timeline for each;
the children's partnership's log, and the Safeguarding Adults Board's own."""

from datetime import date
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction

from challengelog.models import Challenge, Event, Status
from governance.demo.boards import find
from governance.demo.groups import ADULTS, CHILDREN
from governance.models import GroupKind, MeetingStatus, Sector
from lscb.years import ReportingYear
from tests.factories import ensure_roles

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 27)
CURRENT = ReportingYear.containing(TODAY)
PREVIOUS = CURRENT.previous
NEVER_ATTENDS = "National Health Commissioning Board (North Area Team)"


def build_demo() -> str:
    out = StringIO()
    call_command("demo_data", "--today", TODAY.isoformat(), "--force", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    """The demo, built once for the module and rolled back after it (each test still runs in
    its own savepoint, so what one test writes the next does not see)."""
    with django_db_blocker.unblock(), transaction.atomic():
        ensure_roles()  # an earlier browser test's flush may have removed them
        build_demo()
        yield
        transaction.set_rollback(True)


def counts() -> dict[str, int]:
    """Row counts of every challengelog table, history included."""
    return {model._meta.label: model.objects.count() for model in apps.get_app_config("challengelog").get_models()}


def children_s():
    """The children's partnership's challenges."""
    return Challenge.objects.filter(board=find(CHILDREN))


def test_about_fifteen_challenges_over_the_two_years_in_every_status():
    challenges = children_s()
    assert 12 <= challenges.count() <= 18
    assert set(challenges.values_list("status", flat=True)) == set(Status.values)
    assert all(PREVIOUS.start <= c.raised_on <= TODAY for c in challenges)
    assert challenges.filter(raised_on__lt=CURRENT.start).exists()
    assert challenges.filter(raised_on__gte=CURRENT.start).exists()


def test_references_run_with_the_calendar_in_each_year():
    for year in (PREVIOUS, CURRENT):
        in_year = children_s().in_period(year.start, year.end).order_by("raised_on", "id")
        refs = [c.ref for c in in_year]
        assert refs == [f"CH-{year.first}-{n:02d}" for n in range(1, len(refs) + 1)]


def test_the_agency_that_never_attends_is_challenged_several_times():
    assert Challenge.objects.filter(agency__name=NEVER_ATTENDS).count() >= 3


def test_one_is_escalated_to_a_government_department():
    department = Challenge.objects.filter(status=Status.ESCALATED, escalated_to__icontains="Department")
    assert department.count() == 1
    challenge = department.get()
    assert (challenge.agency.name, challenge.agency.sector) == ("Department for Education", Sector.OTHER)


def test_some_are_overdue_and_one_is_due_within_a_week():
    overdue = list(children_s().overdue(TODAY))
    assert len(overdue) >= 1
    assert all(c.response_due < TODAY and not c.response for c in overdue)
    assert children_s().due_within(TODAY, 7).count() == 1


def test_closed_ones_record_their_impact_and_open_ones_none():
    closed = Challenge.objects.filter(status=Status.CLOSED)
    assert closed.count() >= 3
    assert all(c.outcome and c.closed_on and c.raised_on <= c.closed_on <= TODAY for c in closed)
    assert not Challenge.objects.exclude(status=Status.CLOSED).exclude(outcome="").exists()


def test_some_are_raised_at_held_board_meetings_and_some_concern_a_priority():
    at_meetings = Challenge.objects.filter(meeting__isnull=False).select_related("meeting__group")
    assert at_meetings.count() >= 3
    assert all(
        (c.meeting.group.kind, c.meeting.status, c.meeting.date) == (GroupKind.BOARD, MeetingStatus.HELD, c.raised_on)
        for c in at_meetings
    )
    # Each at its own board's meeting.
    assert all(c.meeting.group.board_id == c.board_id for c in at_meetings)
    assert Challenge.objects.filter(priority__isnull=False).count() >= 3


def test_every_challenge_has_a_timeline_that_starts_with_logging():
    for challenge in Challenge.objects.prefetch_related("events"):
        events = list(challenge.events.all())
        assert events[0].kind == Event.Kind.LOGGED
        assert events[-1].status_after == challenge.status
        assert all(event.by is None for event in events)


def test_building_the_demo_again_adds_nothing_to_the_log():
    before = counts()
    output = build_demo()
    assert counts() == before
    assert "challengelog: NSCP: created nothing" in output
    assert "challengelog: NSAB: created nothing" in output


def test_the_adults_board_has_a_shorter_log_of_its_own():
    adults = find(ADULTS)
    log = Challenge.objects.filter(board=adults)
    assert 4 <= log.count() <= 8
    assert {Status.OPEN, Status.AWAITING_RESPONSE, Status.RESPONDED, Status.CLOSED} <= set(
        log.values_list("status", flat=True)
    )
    assert log.filter(raised_on__lt=CURRENT.start).exists() and log.filter(raised_on__gte=CURRENT.start).exists()
    # Its own words and partners: adult social care is challenged; no name of an adult at risk.
    assert log.filter(agency__name="Northmoor Council Adult Social Care").exists()
    assert log.filter(subject__contains="Adult D").exists()
    # Concerning its own plan's priorities, raised at its own Board.
    assert all(c.priority.plan.board_id == adults.pk for c in log.filter(priority__isnull=False))
    assert log.filter(priority__isnull=False).exists()
    assert log.filter(meeting__group__board=adults).exists()
    assert len(set(Challenge.objects.values_list("board", "ref"))) == Challenge.objects.count()
