"""Review mode in the browser, with the demo boards: two ratings reviewed in a handful of clicks,
the plan's rating and "Update" in view on a phone, and "Business plan" going straight to the plan.

Clicks to review two ratings (the two actions the Training and Workforce Development Group leads
that wait for an update before the next board meeting), from the plan page: 31 before this change
(Review mode, Start, then "Next without saving" nine times to the first and fourteen times to the
second, three each to rate, write and save), 9 now (counted below)."""

import os
import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from businessplan.models import Plan
from governance.models import Board

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
SHOTS = os.environ.get("SCREENSHOTS", "")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


@pytest.fixture
def demo(manager, board_member):
    call_command("demo_data", "--force", stdout=StringIO())
    board = Board.objects.get(kind="children")
    return Plan.objects.get(board=board, status="active")


class Clicks:
    """Counts what a person does: each click, each choice in a list, each box typed into."""

    def __init__(self):
        self.count = 0

    def click(self, locator):
        self.count += 1
        locator.click()

    def choose(self, locator, value=None, **options):
        self.count += 1
        locator.select_option(value, **options)

    def write(self, locator, text):
        self.count += 1
        locator.fill(text)


def test_the_manager_reviews_two_ratings_in_nine_clicks(page, live_server, sign_in, axe_clean, demo):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, "manager")
    page.goto(f"{live_server.url}{demo.get_absolute_url()}")
    clicks = Clicks()
    clicks.click(page.get_by_role("link", name="Review mode"))
    # As at the next board meeting, counted from the last; completed actions left out.
    expect(page.get_by_label("Board meeting being prepared (as at)")).to_have_value(re.compile(r"^\d\d/\d\d/\d{4}$"))
    expect(page.locator("#review-progress")).to_contain_text(re.compile(r"\d+ of \d+ done"))
    axe_clean(page)
    shot(page, "review-1280")

    clicks.choose(page.get_by_label("Lead group"), label="Training and Workforce Development Group")
    clicks.click(page.get_by_role("button", name="Apply"))
    expect(page.locator("#review-progress")).to_contain_text("0 of 2 done")
    expect(page.locator("#review-position")).to_contain_text("Action 1 of 2")
    for note, done in [("Neglect training booked for every agency", "1 of 2 done"), ("Briefings held", "2 of 2 done")]:
        clicks.choose(page.get_by_label("Rating", exact=True), "green")
        clicks.write(page.get_by_label("Progress note"), note)
        clicks.click(page.get_by_role("button", name="Save and next"))
        expect(page.get_by_text(re.compile(r"Saved \d"))).to_be_visible()
        expect(page.locator("#review-progress")).to_contain_text(done)
        # Save and next kept the filter.
        expect(page.get_by_label("Lead group")).to_have_value(re.compile(r"\d+"))
    expect(page.locator("#review-progress")).to_contain_text("every action of this review has been updated")
    axe_clean(page)
    shot(page, "review-done-1280")
    assert clicks.count == 9

    # The jump list opens any action of the review.
    page.get_by_label("Jump to an action").select_option(index=0)
    page.get_by_role("button", name="Go").click()
    expect(page.locator("#review-position")).to_contain_text("Action 1 of 2 · done in this cycle")


def test_a_refused_save_is_summarised_at_the_top(page, live_server, sign_in, axe_clean, demo):
    sign_in(page, "manager")
    page.goto(f"{live_server.url}{demo.get_absolute_url()}review/")
    page.get_by_label("Rating", exact=True).select_option(index=0)  # "Not rated": a change with no note
    page.get_by_role("button", name="Save and next").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_contain_text("There is a problem")
    axe_clean(page)
    shot(page, "review-error-1280")
    page.get_by_label("Board meeting being prepared (as at)").fill("31/02/2026")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text("Some filters could not be read and are left out")).to_be_visible()
    axe_clean(page)


def test_on_a_phone_the_rating_and_update_stay_in_view(page, live_server, sign_in, axe_clean, demo):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "manager")
    page.goto(f"{live_server.url}{demo.get_absolute_url()}")
    first = page.locator("tbody.action-body").first
    rating = first.locator(".rating-cell .rag").first
    update = first.get_by_role("link", name=re.compile(r"^Update "))
    for element in (rating, update):
        expect(element).to_be_visible()
        box = element.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    axe_clean(page)
    shot(page, "plan-390")
    page.get_by_role("link", name="Review mode").click()
    expect(page.get_by_role("button", name="Save and next")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    axe_clean(page)
    shot(page, "review-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}{demo.get_absolute_url()}")
    shot(page, "plan-1280")


def test_business_plan_in_the_menu_goes_straight_to_the_plan(page, live_server, sign_in, axe_clean, demo):
    sign_in(page, "member")
    page.goto(f"{live_server.url}/{demo.board.slug}/")
    page.get_by_role("link", name="Business plan").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(demo.title)
    axe_clean(page)
