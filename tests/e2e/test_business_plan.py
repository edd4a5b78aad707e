"""The business manager reviews the plan with the keyboard; two people editing one action lose nothing."""

from datetime import date

import pytest
from playwright.sync_api import expect

from businessplan import services
from tests.factories import ActionFactory, ObjectiveFactory, PlanFactory, PriorityFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def plan(manager):
    plan = PlanFactory(title="Business Plan 2025-27", slug="2025-27", start=date(2025, 4, 1), end=date(2027, 3, 31))
    objective = ObjectiveFactory(
        priority=PriorityFactory(plan=plan, number=1, title="Neglect"), text="Know neglect early"
    )
    for n, rating in enumerate(["amber", "amber", "red", "green"], start=1):
        action = ActionFactory(objective=objective, ref=f"1.{n}", text=f"Action number {n}")
        services.action_record_progress(
            action=action, rating=rating, note="First review", day=date(2025, 6, 1), by=manager
        )
    return plan


def test_the_manager_rerates_three_actions_in_review_mode_with_the_keyboard(
    page, live_server, sign_in, axe_clean, plan
):
    sign_in(page, "manager")
    page.goto(f"{live_server.url}/plan/2025-27/")
    expect(page.locator("#plan-totals")).to_contain_text("Amber 2")
    axe_clean(page)
    page.get_by_role("link", name="Review mode").click()
    axe_clean(page)
    page.get_by_label("Not updated since").fill("2025-07-01")
    page.get_by_label("Not updated since").press("Enter")
    expect(page.get_by_text("Action 1 of 4")).to_be_visible()
    axe_clean(page)

    # The rating control has the focus: choose with the keyboard, Tab to the note, type, save.
    for step, (rating, note) in enumerate(
        [("green", "Toolkit launched"), ("red", "Lead has left; no plan"), ("amber", "Agreed, delayed")], start=1
    ):
        expect(page.get_by_label("Rating", exact=True)).to_be_focused()
        page.keyboard.type(rating.title())  # type-ahead picks the option
        expect(page.get_by_label("Rating", exact=True)).to_have_value(rating)
        page.keyboard.press("Tab")
        page.keyboard.type(note)
        page.keyboard.press("Alt+s")  # the "Save and next" access key
        expect(page.get_by_text(f"Saved 1.{step}:")).to_be_visible()

    expect(page.get_by_text("Action 4 of 4")).to_be_visible()
    # 1.1 amber→green, 1.2 amber→red, 1.3 red→amber; 1.4 still green.
    expect(page.locator("#plan-totals")).to_contain_text("Red 1")
    expect(page.locator("#plan-totals")).to_contain_text("Amber 1")
    expect(page.locator("#plan-totals")).to_contain_text("Green 2")
    page.goto(f"{live_server.url}/plan/2025-27/actions/1.2/")
    expect(page.get_by_text("Lead has left; no plan")).to_be_visible()
    axe_clean(page)


def test_two_people_edit_one_action_and_the_second_loses_nothing(browser, live_server, sign_in, axe_clean, plan):
    first, second = browser.new_context(), browser.new_context()
    one, two = first.new_page(), second.new_page()
    for page in (one, two):
        sign_in(page, "manager")
        page.goto(f"{live_server.url}/plan/2025-27/")
        page.get_by_role("link", name="Update 1.1").click()
        expect(page.get_by_label("Progress note")).to_be_visible()

    one.get_by_label("Rating", exact=True).select_option("green")
    one.get_by_label("Progress note").fill("Launched at the conference")
    one.get_by_role("button", name="Save").click()
    expect(one.get_by_text("Saved 1.1: Amber → Green.")).to_be_visible()

    two.get_by_label("Rating", exact=True).select_option("red")
    two.get_by_label("Progress note").fill("My long careful note about the delay")
    two.get_by_role("button", name="Save").click()
    expect(two.get_by_text("Someone else updated this action")).to_be_visible()
    expect(two.locator(".alert-warning")).to_contain_text("Their update")
    expect(two.locator(".alert-warning")).to_contain_text("Launched at the conference")
    expect(two.get_by_label("Progress note")).to_have_value("My long careful note about the delay")
    axe_clean(two)

    # Saving again, now knowingly over their change, goes through.
    two.get_by_role("button", name="Save").click()
    expect(two.get_by_text("Saved 1.1: Green → Red.")).to_be_visible()
    first.close()
    second.close()
