"""Cached page fragments never outlive the records they show (lscb.freshness)."""

from datetime import date

import pytest

from businessplan.services import action_record_progress
from challengelog.models import Event
from challengelog.services import challenge_add_note
from governance.models import Agency
from governance.services import meeting_cancel, membership_save
from lscb.freshness import data_version
from lscb.records import record_delete, record_save
from lscb.years import ReportingYear
from tests.factories import (
    ActionFactory,
    AgencyFactory,
    ChallengeFactory,
    GroupFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
    RecommendationFactory,
    ReviewFactory,
    default_board,
)
from yearend.services import narrative_save

pytestmark = pytest.mark.django_db


def test_every_write_changes_the_token_and_a_read_does_not(manager):
    agency = AgencyFactory(name="Police")
    before = data_version()
    assert list(Agency.objects.all()) == [agency]
    assert data_version() == before

    agency.short_name = "Police"
    record_save(instance=agency, by=manager)
    edited = data_version()
    assert edited != before

    challenge = ChallengeFactory(agency=AgencyFactory(name="Health"))
    logged = data_version()
    # A note is only an event on the timeline: no history row, still a change.
    challenge_add_note(challenge=challenge, text="Asked again by phone.", by=manager)
    assert Event.objects.filter(challenge=challenge).exists()
    noted = data_version()
    assert len({edited, logged, noted}) == 3

    record_delete(instance=agency, by=manager)
    assert data_version() != noted


def test_the_calendar_shows_a_cancellation_at_once(board, client_for, manager):
    year = ReportingYear.current()
    meeting = MeetingFactory(date=year.start.replace(day=10))
    client = client_for(manager)
    url = f"/{board.slug}/calendar/{year.label}/"
    assert 'title="Planned"' in client.get(url).content.decode()
    assert 'title="Planned"' in client.get(url).content.decode()  # now from the cache

    meeting_cancel(meeting=meeting, reason="inquorate", by=manager)
    page = client.get(url).content.decode()
    assert 'title="Cancelled"' in page
    assert 'title="Planned"' not in page


def test_the_dashboard_counts_a_new_challenge_at_once(board, client_for, manager):
    client = client_for(manager)
    open_count = '<span class="dash-number">{}</span> open'
    home = f"/{board.slug}/"
    client.get(home)
    assert open_count.format(0) in client.get(home).content.decode()

    ChallengeFactory(ref="CH-2000-01", raised_on=date(2000, 1, 1), response_due=date(2000, 2, 1))
    page = client.get(home).content.decode()
    assert open_count.format(1) in page
    assert "CH-2000-01" in page  # overdue


def test_the_year_end_page_shows_new_narrative_at_once(board, client_for, chair):
    year = ReportingYear.current().previous
    client = client_for(chair)
    url = f"/{board.slug}/yearend/{year.label}/"
    assert "Our best year yet" not in client.get(url).content.decode()
    client.get(url)

    narrative_save(board=default_board(), year=year, section="introduction", text="Our best year yet.", by=chair)
    assert "Our best year yet" in client.get(url).content.decode()


def test_the_year_end_page_and_dashboard_show_a_new_review_at_once(board, client_for, manager):
    """Learning records are records of the board: writing one changes what the cached pages show."""
    year = ReportingYear.current().previous
    client = client_for(manager)
    report, home = f"/{board.slug}/yearend/{year.label}/", f"/{board.slug}/"
    for url in (report, home, report, home):
        assert "Child Q" not in client.get(url).content.decode()
    review = ReviewFactory(
        ref="CSPR-77", kind="cspr", title="Child Q", started_on=year.start, concluded_on=year.end, findings="Learnt."
    )
    assert "Child Q" in client.get(report).content.decode()
    RecommendationFactory(review=review, ref="1", due_date=year.start)  # overdue: on the dashboard's tile
    assert "CSPR-77" in client.get(home).content.decode()


def test_the_challenge_log_lists_a_new_challenge_at_once(board, client_for, chair):
    client = client_for(chair)
    client.get(f"/{board.slug}/challenges/")
    assert "CH-2025-77" not in client.get(f"/{board.slug}/challenges/").content.decode()

    ChallengeFactory(ref="CH-2025-77")
    assert "CH-2025-77" in client.get(f"/{board.slug}/challenges/").content.decode()


def test_the_plan_page_shows_a_new_rating_at_once(client_for, manager):
    action = ActionFactory(text="Audit the front door", objective__priority__plan__title="Business Plan 2025-27")
    url = action.plan.get_absolute_url()
    client = client_for(manager)
    client.get(url)
    assert "The audit is done." not in client.get(url).content.decode()

    action_record_progress(action=action, note="The audit is done.", rating="green", by=manager)
    assert "The audit is done." in client.get(url).content.decode()


def test_the_attendance_page_shows_a_new_meeting_at_once(board, client_for, board_member):
    year = ReportingYear.current()
    MeetingFactory(group__name="Alpha group", date=year.start.replace(day=10))
    client = client_for(board_member)
    url = f"/{board.slug}/attendance/{year.label}/"
    client.get(url)
    assert "Beta group" not in client.get(url).content.decode()

    MeetingFactory(group__name="Beta group", date=year.start.replace(day=11))
    assert "Beta group" in client.get(url).content.decode()


def test_the_structure_shows_a_new_chair_at_once(board, client_for, board_member, manager):
    group = GroupFactory(name="Neglect Strategy Group", active_from=date(2020, 4, 1))
    client = client_for(board_member)
    client.get(f"/{board.slug}/structure/")
    assert "Neglect Strategy Group" in client.get(f"/{board.slug}/structure/").content.decode()
    assert "Chair: Priya Mistry" not in client.get(f"/{board.slug}/structure/").content.decode()

    seat = MembershipFactory.build(group=group, person=PersonFactory(name="Priya Mistry"), role="chair")
    membership_save(membership=seat, by=manager)
    assert "Chair: Priya Mistry" in client.get(f"/{board.slug}/structure/").content.decode()


def test_what_changed_shows_a_new_rating_at_once(client_for, manager):
    action = ActionFactory(ref="4.2", objective__priority__plan__title="Business Plan 2025-27")
    url = f"{action.plan.get_absolute_url()}changes/"
    query = {"start": "2025-04-01", "end": date.today().isoformat()}
    client = client_for(manager)
    client.get(url, query)
    assert "No rating changed in this period." in client.get(url, query).content.decode()

    action_record_progress(action=action, note="Now green.", rating="green", day=date(2025, 6, 1), by=manager)
    page = client.get(url, query).content.decode()
    assert "Now green." in page and "No rating changed" not in page


def test_a_write_that_bypasses_save_still_changes_the_token(board, client_for, board_member):
    """Clearing old deputies' names is one UPDATE with no history row: it marks the records changed,
    so no kept page keeps showing a name that retention removed."""
    from governance.services import deputies_forget_before
    from tests.factories import AttendanceFactory

    meeting = MeetingFactory(date=date(2016, 6, 1), status="held")
    AttendanceFactory(meeting=meeting, status="deputy", deputy_name="Dana Deputy")
    before = data_version()
    assert deputies_forget_before(date(2020, 4, 1)) == 1
    assert data_version() != before
