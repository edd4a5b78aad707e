"""Pages that keep what they have drawn (lscb.caching): a change shows at once, and a page kept for
one reader is never served to a reader whose rights make it look different."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import AgencyFactory, ChallengeFactory, EvidenceFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def test_the_evidence_list_kept_for_the_manager_is_not_served_to_a_board_member(
    client_for, board, manager, board_member
):
    EvidenceFactory(title="LADO annual report", date=date(2025, 6, 1))
    url = reverse("learning:evidence-list", args=[board.slug])
    assert "Edit<span" in client_for(manager).get(url).content.decode()
    member_page = client_for(board_member).get(url).content.decode()
    assert "LADO annual report" in member_page and "Edit<span" not in member_page
    assert "Edit<span" in client_for(manager).get(url).content.decode()


def test_a_new_review_shows_on_the_kept_list_at_once(client_for, board, board_member):
    url = reverse("learning:review-list", args=[board.slug])
    client = client_for(board_member)
    assert "Child W" not in client.get(url).content.decode()
    ReviewFactory(ref="RR-2025-09", title="Child W", notified_on=date(2025, 9, 1))
    assert "Child W" in client.get(url).content.decode()


def test_a_kept_list_is_served_without_reading_its_rows_again(client_for, board, board_member):
    for n in range(5):
        ReviewFactory(ref=f"RR-2025-{n:02d}", notified_on=date(2025, 5, 1))
    url = reverse("learning:review-list", args=[board.slug])
    client = client_for(board_member)
    with CaptureQueriesContext(connection) as first:
        drawn = client.get(url).content
    with CaptureQueriesContext(connection) as second:
        kept = client.get(url).content
    assert kept.count(b"RR-2025-0") == drawn.count(b"RR-2025-0") == 5 * 2  # each ref: link text and address
    assert len(second.captured_queries) < len(first.captured_queries)


def test_the_agency_record_shows_a_new_challenge_and_follows_the_year_asked(client_for, board, board_member):
    # Drawn on every request since it is fast enough without the cache (BENCHMARKS.md); kept as a
    # check that it follows the records and the year asked.
    police = AgencyFactory(name="Northmoor Constabulary")
    ChallengeFactory(agency=police, subject="Strategy meeting attendance", raised_on=date(2025, 6, 4))
    url = reverse("challengelog:agency-record", args=[board.slug, police.pk])
    client = client_for(board_member)
    assert "Strategy meeting attendance" in client.get(url).content.decode()
    ChallengeFactory(agency=police, subject="Section 47 timeliness", raised_on=date(2025, 7, 1))
    page = client.get(url).content.decode()
    assert "Section 47 timeliness" in page and "Strategy meeting attendance" in page
    assert "Section 47 timeliness" not in client.get(url, {"year": "2023-24"}).content.decode()


def test_with_the_cache_off_every_request_draws_the_page(client_for, board, board_member, monkeypatch):
    """LSCB_FRAGMENT_CACHE=0 (lscb.caching.ENABLED): what the benchmark compares the cache with."""
    from lscb import caching

    monkeypatch.setattr(caching, "ENABLED", False)
    for n in range(3):
        ReviewFactory(ref=f"RR-2025-{n:02d}", notified_on=date(2025, 5, 1))
    url = reverse("learning:review-list", args=[board.slug])
    client = client_for(board_member)
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as second:
        page = client.get(url).content
    assert page.count(b"RR-2025-0") == 3 * 2
    assert len(second.captured_queries) == len(first.captured_queries)
