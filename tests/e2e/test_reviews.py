"""The business manager adds a rapid review and a recommendation, then records the update that
marks it implemented; every page on the way is checked by axe."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from learning.models import Recommendation
from tests.factories import AgencyFactory, GroupFactory, default_board

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_business_manager_follows_a_rapid_review_to_an_implemented_recommendation(
    page, live_server, sign_in, axe_clean, manager
):
    board = default_board()
    GroupFactory(name="Case Review Group", short_name="CRG")
    AgencyFactory(name="Northmoor Constabulary", sector="police")
    today = timezone.localdate()
    notified = today - timedelta(days=40)
    sign_in(page, "manager")

    page.goto(f"{live_server.url}/{board.slug}/learning/reviews/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapid reviews and child safeguarding practice reviews")
    axe_clean(page)
    page.get_by_role("link", name="Add a review").click()
    expect(page.get_by_text("Never a real name").first).to_be_visible()
    axe_clean(page)
    page.get_by_label("Reference").fill("RR-2026-01")
    page.get_by_label("Kind").select_option(label="Rapid review")
    page.get_by_label("Anonymised title").fill("Child H")
    page.get_by_label("Overseeing group").select_option(label="Case Review Group")
    page.get_by_label("Notified").fill(notified.isoformat())
    page.get_by_label("Decision", exact=True).select_option(label="Review")
    page.get_by_label("Decided").fill((notified - timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Add the review").click()
    expect(page.get_by_text("The decision cannot come before the notification.").first).to_be_visible()
    expect(page.get_by_label("Anonymised title")).to_have_value("Child H")  # what was typed is kept
    axe_clean(page)
    page.get_by_label("Decided").fill((notified + timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Add the review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("RR-2026-01: Child H")
    expect(page.get_by_text("Saved the review RR-2026-01.")).to_be_visible()
    axe_clean(page)

    page.get_by_role("link", name="Add a recommendation").click()
    axe_clean(page)
    page.get_by_label("Reference").fill("1")
    page.locator("#id_text").fill(
        "Every agency uses the escalation policy.\nThe partnership audits its use within six months."
    )
    page.get_by_label("Lead agency").select_option(label="Northmoor Constabulary")
    page.get_by_label("Due date").fill((today - timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Add the recommendation").click()
    expect(page.get_by_text("Saved recommendation 1.")).to_be_visible()
    card = page.locator("article", has_text="Recommendation 1")
    expect(card.get_by_text("Overdue")).to_be_visible()
    axe_clean(page)

    page.get_by_role("link", name="Record an update of recommendation 1").click()
    axe_clean(page)
    page.get_by_label("What was done").fill("The audit found the policy used in 17 cases; briefings held.")
    page.get_by_label("New status").select_option(label="Implemented")
    page.get_by_role("button", name="Record the update").click()
    expect(page.get_by_text("Recorded an update of recommendation 1.")).to_be_visible()
    card = page.locator("article", has_text="Recommendation 1")
    expect(card.get_by_text("Record of implementation")).to_be_visible()
    expect(card.get_by_text("Overdue")).to_have_count(0)
    axe_clean(page)
    assert Recommendation.objects.get(ref="1").status == "implemented"

    page.goto(f"{live_server.url}/{board.slug}/learning/reviews/")
    expect(page.get_by_role("cell", name="RR-2026-01")).to_be_visible()
    axe_clean(page)
