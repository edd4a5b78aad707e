"""The business manager reviews the plan with the keyboard; two people editing one action lose nothing."""

from datetime import date

import pytest
from playwright.sync_api import expect

from businessplan import services
from tests.factories import ActionFactory, BoardFactory, ObjectiveFactory, PlanFactory, PriorityFactory, default_board

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
    page.goto(f"{live_server.url}/{plan.board.slug}/plan/2025-27/")
    expect(page.locator("#plan-totals")).to_contain_text("Amber 2")
    axe_clean(page)
    page.get_by_role("link", name="Review mode").click()
    axe_clean(page)
    # The review opens at once at its first action; 1.4 is complete (green) and left out.
    expect(page.get_by_text("Action 1 of 3")).to_be_visible()
    expect(page.locator("#review-progress")).to_contain_text("0 of 3 done")
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

    expect(page.get_by_text("Action 3 of 3")).to_be_visible()
    expect(page.locator("#review-progress")).to_contain_text("3 of 3 done")
    # 1.1 amber→green, 1.2 amber→red, 1.3 red→amber; 1.4 still green.
    expect(page.locator("#plan-totals")).to_contain_text("Red 1")
    expect(page.locator("#plan-totals")).to_contain_text("Amber 1")
    expect(page.locator("#plan-totals")).to_contain_text("Green 2")
    page.goto(f"{live_server.url}/{plan.board.slug}/plan/2025-27/actions/1.2/")
    expect(page.get_by_text("Lead has left; no plan")).to_be_visible()
    axe_clean(page)


def test_two_people_edit_one_action_and_the_second_loses_nothing(browser, live_server, sign_in, axe_clean, plan):
    first, second = browser.new_context(), browser.new_context()
    one, two = first.new_page(), second.new_page()
    for page in (one, two):
        sign_in(page, "manager")
        page.goto(f"{live_server.url}/{plan.board.slug}/plan/2025-27/")
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


def test_the_manager_gives_a_plan_its_own_numbered_levels(page, live_server, sign_in, axe_clean, manager):
    plan = PlanFactory(
        title="Plan 2025\u201327 \u201c\u00c9coles\u201d", slug="own", start=date(2025, 4, 1), end=date(2027, 3, 31)
    )
    objective = ObjectiveFactory(priority=PriorityFactory(plan=plan, number=1, title="Neglect"), text="Know neglect")
    ActionFactory(objective=objective, ref="1.1", text="Toolkit")
    sign_in(page, "manager")
    page.goto(f"{live_server.url}/{plan.board.slug}/plan/own/edit/")
    expect(page.get_by_role("heading", name="Edit Plan")).to_be_visible()
    axe_clean(page)
    page.get_by_label("Rating scale").select_option("own")
    page.get_by_label("Name of the plan's own scale").fill("numbered")
    levels = [
        ("1", "1 Achieved", "#1f5fbf", "Achieved, with evidence of impact\non the families we work with"),
        ("2", "2 On track", "#2e8b57", "On track"),
        ("3", "3 Slipped", "#ffd700", "Slipped: behind the plan\u2019s date"),
        ("4", "4 Not achieved", "#7b1fa2", "Not achieved"),
    ]
    for number, (code, label, colour, meaning) in enumerate(levels, start=1):
        page.get_by_label(f"Level {number}: Code", exact=True).fill(code)
        page.get_by_label(f"Level {number}: Label", exact=True).fill(label)
        page.get_by_label(f"Level {number}: Colour", exact=True).fill(colour)
        page.get_by_label(f"Level {number}: Meaning (the key)", exact=True).fill(meaning)
    # The swatch beside a colour follows what is typed.
    expect(page.locator('svg[data-swatch-for="id_levels-2-colour"] rect')).to_have_attribute("fill", "#ffd700")
    page.get_by_label("Level 1: complete").check()
    page.get_by_label("Level 3: complete").uncheck()  # the row was green, complete on red-amber-green
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved the plan")).to_be_visible()
    key = page.locator(".plan-key")
    for _, label, _, _ in levels:
        expect(key).to_contain_text(label)
    expect(key).to_contain_text("Slipped: behind the plan\u2019s date")
    expect(key.get_by_text("(complete)")).to_have_count(1)
    expect(page.locator("#plan-totals")).to_contain_text("Not rated 1")
    axe_clean(page)

    # Rate 1.1 on the plan's own scale; its word shows on the dashboard too.
    page.goto(f"{live_server.url}/{plan.board.slug}/plan/own/actions/1.1/")
    page.get_by_label("Rating", exact=True).select_option("3")
    page.get_by_label("Progress note").fill("Behind: the cases were not ready")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved 1.1: Not rated → 3 Slipped")).to_be_visible()
    page.goto(f"{live_server.url}/{plan.board.slug}/")
    expect(page.locator("#tile-rag").locator("xpath=..")).to_contain_text("1 3 Slipped")
    axe_clean(page)

    # Dropping a level that a rating uses is refused, with the reason.
    page.goto(f"{live_server.url}/{plan.board.slug}/plan/own/edit/")
    page.get_by_label("Level 3: remove").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Actions of this plan have been rated 3 (1.1)")).to_be_visible()
    axe_clean(page)


def test_two_people_edit_what_an_action_says_and_the_second_loses_nothing(
    browser, live_server, sign_in, axe_clean, plan
):
    first, second = browser.new_context(), browser.new_context()
    one, two = first.new_page(), second.new_page()
    for page in (one, two):
        sign_in(page, "manager")
        page.goto(f"{live_server.url}/{plan.board.slug}/plan/2025-27/actions/1.1/edit/")
        expect(page.get_by_label("Measure")).to_be_visible()

    one.get_by_label("Measure").fill("Audit of 40 cases,\nreported to the board in March")
    one.get_by_role("button", name="Save").click()
    expect(one.get_by_text("Saved action")).to_be_visible()

    two.get_by_label("Measure").fill("Zoë's measure: «every practitioner trained»")
    two.get_by_role("button", name="Save").click()
    # Said once at the top (the error summary) and again above the form.
    expect(two.locator("[data-error-summary]")).to_contain_text(
        "Someone else saved this action while you were editing it."
    )
    expect(two.locator(".alert-warning")).to_contain_text("As the other person saved it")
    expect(two.locator(".alert-warning")).to_contain_text("Audit of 40 cases")
    expect(two.get_by_label("Measure")).to_have_value("Zoë's measure: «every practitioner trained»")
    axe_clean(two)
    two.screenshot(path="/tmp/concurrency-action-stale.png", full_page=True)

    # Saving again, now knowingly over their change, goes through.
    two.get_by_role("button", name="Save").click()
    expect(two.get_by_text("Saved action")).to_be_visible()
    first.close()
    second.close()


def test_two_boards_plans_with_one_address_each_open_under_their_board(page, live_server, sign_in, axe_clean, manager):
    """A business manager serving both boards opens each board's plan at the board's own address."""
    children = default_board()
    adults = BoardFactory(name="Northmoor Safeguarding Adults Board", short_name="NSAB", slug="nsab", kind="adults")
    for board, title in [(children, "Partnership plan"), (adults, "Adults Board plan")]:
        plan = PlanFactory(board=board, title=title, slug="2025-27", start=date(2025, 4, 1), end=date(2027, 3, 31))
        objective = ObjectiveFactory(priority=PriorityFactory(plan=plan, number=1, title=f"{title} priority"))
        ActionFactory(objective=objective, ref="1.1", text=f"{title} action")
    sign_in(page, "manager")
    for board, own, other in [
        (children, "Partnership plan", "Adults Board plan"),
        (adults, "Adults Board plan", "Partnership plan"),
    ]:
        page.goto(f"{live_server.url}/{board.slug}/plan/")
        # The list names the active plan at its top too; the table's link is the plan's.
        page.get_by_role("table").get_by_role("link", name=own).click()
        expect(page).to_have_url(f"{live_server.url}/{board.slug}/plan/2025-27/")
        expect(page.get_by_role("heading", level=1)).to_contain_text(own)
        expect(page.get_by_text(f"{own} action")).to_be_visible()
        expect(page.get_by_text(f"{other} action")).to_have_count(0)
        axe_clean(page)
        page.get_by_role("link", name="1.1", exact=True).click()
        expect(page).to_have_url(f"{live_server.url}/{board.slug}/plan/2025-27/actions/1.1/")
        axe_clean(page)
