"""The chair marks a challenge as sent (when and to whom), closes it as partly resolved with a
follow-up date, and finds its outcome in the log's filter and on the agency's record. Every page on
the way is checked by axe."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from challengelog.models import Challenge
from lscb.years import ReportingYear
from tests.factories import AgencyFactory, ChallengeFactory, PersonFactory, default_board

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOTS = "/tmp/challenge-outcome-{}.png"


def test_the_chair_sends_a_challenge_and_closes_it_with_its_outcome(page, live_server, sign_in, axe_clean, chair):
    board = default_board()
    today = timezone.localdate()
    agency = AgencyFactory(name="Dale Valley Hospitals NHS Foundation Trust", sector="health")
    PersonFactory(name="Dana Reeve", agency=agency)
    ChallengeFactory(
        ref="CH-2026-05",
        agency=agency,
        subject="Timely health assessments for looked-after children",
        raised_on=today - timedelta(days=20),
        status="open",
    )
    ChallengeFactory(
        ref="CH-2026-01",
        agency=agency,
        subject="Closed before categories",
        raised_on=today - timedelta(days=60),
        status="closed",
        outcome="Guidance amended.",
        closed_on=today - timedelta(days=30),
    )
    sign_in(page, "chair")

    page.goto(f"{live_server.url}/{board.slug}/challenges/CH-2026-05/")
    page.get_by_text("Mark as sent (awaiting response)", exact=True).first.click()
    expect(page.get_by_label("Sent on")).to_have_value(f"{today:%d/%m/%Y}")  # today, offered, day first
    page.get_by_label("Sent to (a person on the record)").select_option(label="Dana Reeve")
    page.get_by_label("Or sent to (as written)").fill("Chief Executive")
    page.get_by_role("button", name="Mark as sent (awaiting response)").click()
    expect(page.get_by_text("Choose a person or write to whom it was sent: not both.").first).to_be_visible()
    axe_clean(page)
    page.get_by_label("Or sent to (as written)").fill("")
    page.get_by_role("button", name="Mark as sent (awaiting response)").click()
    expect(page.locator(".status-chip")).to_have_text("Awaiting response")
    expect(page.locator("dt:has-text('Sent') + dd")).to_have_text(f"{today:%d/%m/%Y} to Dana Reeve")
    expect(page.locator(".timeline")).to_contain_text(f"Sent on {today:%d/%m/%Y} to Dana Reeve.")
    axe_clean(page)

    page.get_by_text("Close with the outcome", exact=True).first.click()
    page.get_by_label("Outcome: what changed as a result").fill("Compliance rose to 80%; the backlog remains.")
    page.get_by_label("Follow up on (optional)").fill((today - timedelta(days=40)).isoformat())
    page.get_by_role("button", name="Close with the outcome").click()
    expect(page.get_by_text("Choose the outcome: resolved, partly resolved").first).to_be_visible()
    expect(page.get_by_label("Outcome: what changed as a result")).to_have_value(
        "Compliance rose to 80%; the backlog remains."
    )  # what was typed is kept
    axe_clean(page)
    page.get_by_label("Partly resolved").check()
    page.get_by_role("button", name="Close with the outcome").click()
    expect(page.get_by_text("The follow-up cannot be before the challenge was raised").first).to_be_visible()
    expect(page.get_by_label("Partly resolved")).to_be_checked()
    axe_clean(page)
    page.screenshot(path=SHOTS.format("errors"), full_page=True)
    follow_up = today + timedelta(days=90)
    page.get_by_label("Follow up on (optional)").fill(follow_up.isoformat())
    page.get_by_role("button", name="Close with the outcome").click()
    expect(page.locator(".status-chip")).to_have_text("Closed")
    expect(page.locator("dt:has-text('Outcome category') + dd")).to_have_text("Partly resolved")
    expect(page.locator("dt:has-text('Follow up on') + dd")).to_have_text(f"{follow_up:%d/%m/%Y}")
    axe_clean(page)
    page.screenshot(path=SHOTS.format("detail"), full_page=True)
    assert Challenge.objects.get(ref="CH-2026-05").outcome_kind == "partly_resolved"

    page.goto(f"{live_server.url}/{board.slug}/challenges/")
    page.get_by_label("Outcome", exact=True).select_option(label="Not recorded")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("link", name="CH-2026-01")).to_be_visible()
    expect(page.get_by_role("link", name="CH-2026-05")).to_have_count(0)
    axe_clean(page)
    page.screenshot(path=SHOTS.format("log"), full_page=True)

    page.goto(f"{live_server.url}/{board.slug}/challenges/agency/{agency.pk}/")
    expect(page.get_by_text("Partly resolved: Compliance rose to 80%")).to_be_visible()
    expect(page.get_by_text("Not recorded: Guidance amended.")).to_be_visible()
    axe_clean(page)
    page.screenshot(path=SHOTS.format("agency"), full_page=True)

    # The year-end report counts the year's outcomes by category.
    year = ReportingYear.containing(today)
    page.goto(f"{live_server.url}/{board.slug}/yearend/{year.label}/")
    outcomes = page.locator("table.challenge-outcomes")
    expect(outcomes.locator("caption")).to_have_text("Outcomes of the 2 challenges closed by the year's end")
    for name in ("Resolved 0", "Partly resolved 1", "Not resolved 0", "Withdrawn 0", "Not recorded 1"):
        expect(outcomes.get_by_role("row", name=name, exact=True)).to_be_visible()
    axe_clean(page)
    page.locator("#challenge").screenshot(path=SHOTS.format("report"))
