"""The register's weight: people on record are found by the guest search, not written into the
page, so the page's size and its queries do not follow the number of people on record."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance.models import Meeting
from tests.factories import AgencyFactory, AttendanceFactory, MeetingFactory, MembershipFactory, PersonFactory
from tests.governance import board_url

pytestmark = pytest.mark.django_db

# Pinned: 5 to sign in and find the board, the meeting, its saved rows, the seats that day
# (with their people and agencies) and its guests' people; a sub-group chair's right to the
# meeting's group costs 2 more (their person, their seats).
QUERIES = 9
QUERIES_SUBGROUP_CHAIR = QUERIES + 2


def register_of(group, members: int) -> Meeting:
    """A register at the scale of ten years: forty agencies, three hundred people, `members` of
    them with a seat, most present, a deputy, and three guests on the saved register."""
    agencies = [AgencyFactory(name=f"Agency {n:02d} of the partnership", short_name=f"AG{n:02d}") for n in range(40)]
    people = [PersonFactory(name=f"Zoë Ørsted-Llewellyn {n:03d}", agency=agencies[n % 40]) for n in range(300)]
    for person in people[: members - 1]:  # and the sub-group chair
        MembershipFactory(group=group, person=person, agency=person.agency)
    meeting = MeetingFactory(group=group, date=date(2025, 6, 10), status="held")
    for person in people[: members - 4]:
        AttendanceFactory(meeting=meeting, person=person, status="present")
    AttendanceFactory(meeting=meeting, person=people[members - 3], status="deputy", deputy_name="Dafydd ap Gruffydd")
    for person in people[200:203]:
        AttendanceFactory(meeting=meeting, person=person, status="in_attendance", note="for item 3")
    return meeting


@pytest.fixture
def big_register(chaired_group):
    return register_of(chaired_group, 25)


def opened(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(captured)


def test_a_register_stays_small_and_its_queries_pinned_whoever_is_on_record(client_for, subgroup_chair, big_register):
    client = client_for(subgroup_chair)
    url = board_url("governance:meeting-record", big_register.pk)
    response, queries = opened(client, url)
    size = len(response.content)
    # A sub-group's register of twenty-five: well under 40 KB, in a constant number of queries.
    assert size < 40_000, size  # about 38 KB: the ids are a few digits longer on PostgreSQL
    assert queries == QUERIES_SUBGROUP_CHAIR
    page = response.content.decode()
    # Its members and three guests, nobody else on record.
    assert page.count('aria-labelledby="c-st p') == 28
    assert "Zoë Ørsted-Llewellyn 250" not in page

    # Another two hundred people on record: not a query or a byte more.
    for n in range(200):
        PersonFactory(name=f"Someone Else {n:03d}", agency=None)
    again, queries = opened(client, url)
    assert queries == QUERIES_SUBGROUP_CHAIR
    assert len(again.content) == size


def test_a_board_register_of_fifty_weighs_its_rows_only(client_for, manager, chaired_group):
    """Fifty members, a status list and three boxes each, are most of the page (about 0.85 KB a
    row): the page follows the register, never the people on record."""
    meeting = register_of(chaired_group, 50)
    response, queries = opened(client_for(manager), board_url("governance:meeting-record", meeting.pk))
    assert queries == QUERIES
    assert len(response.content) < 66_000, len(response.content)
    # What a browser receives: compressed, well under 40 KB.
    sent = client_for(manager).get(
        board_url("governance:meeting-record", meeting.pk), headers={"Accept-Encoding": "gzip, deflate, br"}
    )
    assert sent["Content-Encoding"] == "gzip"
    assert len(sent.content) < 12_000, len(sent.content)


def test_the_guest_search_and_a_found_guests_row_cost_a_few_queries(
    client_for, subgroup_chair, big_register, django_assert_num_queries
):
    client = client_for(subgroup_chair)
    search = board_url("governance:meeting-guest-search", big_register.pk)
    client.get(search, {"guest_search": "zoë 25"})
    # Signing in and the board (5), the right (2), the meeting, who is on the register (2), the
    # people found with their agencies.
    with django_assert_num_queries(11):
        answer = client.get(search, {"guest_search": "llewellyn 25"}, headers={"HX-Request": "true"})
    assert answer.content.decode().count("Add Zoë Ørsted-Llewellyn 25") == 10  # 250-259
    row = board_url("governance:meeting-guest-row", big_register.pk, big_register.attendances.first().person_id)
    client.get(row)
    with django_assert_num_queries(9):  # signing in, the board, the right, the meeting, the person
        client.get(row)


def test_a_register_without_guests_costs_the_same_queries(client_for, manager, chaired_group):
    meeting = register_of(chaired_group, 10)
    meeting.attendances.filter(status="in_attendance").delete()
    response, queries = opened(client_for(manager), board_url("governance:meeting-record", meeting.pk))
    assert queries == QUERIES
    # A row for each seat, and no guest.
    assert response.content.decode().count('aria-labelledby="c-st p') == chaired_group.memberships.count()
