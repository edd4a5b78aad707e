"""The business manager enters a source agency's latest figures in one sitting (a wrong row keeps
what was typed), then reads an indicator's page with its trend chart; every page is checked by axe."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from dataset.models import Better, IndicatorValue, Unit
from tests.factories import AgencyFactory, IndicatorFactory, IndicatorValueFactory, default_board

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_business_manager_enters_the_latest_figures_and_reads_the_trend(
    page, live_server, sign_in, axe_clean, manager
):
    board = default_board()
    police = AgencyFactory(name="Northmoor Constabulary", short_name="Police", sector="police")
    missing = IndicatorFactory(
        name="Children missing from home or care: episodes",
        unit=Unit.COUNT,
        better=Better.LOWER,
        source=police,
        target=40,
        on_dashboard=True,
    )
    IndicatorFactory(name="MARAC cases discussed", unit=Unit.COUNT, source=police)
    for n, value in enumerate([44, 47, 51, 39], start=4):
        IndicatorValueFactory(indicator=missing, period=f"2024-{n:02d}", value=value)
    for n, value in enumerate([48, 52], start=4):
        IndicatorValueFactory(
            indicator=missing, period=f"2025-{n:02d}", value=value, comparator=45, comparator_name="England"
        )
    sign_in(page, "manager")

    page.goto(f"{live_server.url}/{board.slug}/dataset/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dataset")
    axe_clean(page)
    page.get_by_role("link", name="Enter the latest figures").click()
    axe_clean(page)
    page.get_by_label("Source agency").select_option(label="Northmoor Constabulary")
    page.locator("#id_period").fill("2025-06")
    page.get_by_role("button", name="Show the indicators").click()
    expect(page.get_by_text("Northmoor Constabulary, June 2025")).to_be_visible()
    axe_clean(page)
    rows = page.locator("fieldset")
    expect(rows).to_have_count(2)
    marac, episodes = rows.nth(1), rows.nth(0)
    episodes.get_by_label("Value").fill("-3")
    episodes.get_by_label("Commentary").fill("A correction: episodes counted twice in May.\nChecked with the police.")
    marac.get_by_label("Value").fill("57")
    marac.get_by_label("Comparator", exact=True).fill("50")
    page.get_by_role("button", name="Save the figures").click()
    expect(page.get_by_text("There is a problem: nothing has been saved yet")).to_be_visible()
    expect(episodes.get_by_label("Value")).to_have_value("-3")  # what was typed is kept
    expect(marac.get_by_text("Say what the comparator is")).to_be_visible()
    axe_clean(page)
    marac.get_by_label("Comparator's name").fill("England")
    page.get_by_role("button", name="Save the figures").click()
    expect(page.get_by_text("Saved 2 figures of Northmoor Constabulary for June 2025.")).to_be_visible()
    assert IndicatorValue.objects.get(indicator=missing, period="2025-06").value == Decimal("-3")

    page.get_by_role("link", name="Children missing from home or care: episodes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Children missing from home or care: episodes")
    expect(page.get_by_role("img", name="Trend chart of Children missing")).to_be_visible()
    expect(page.get_by_text("A correction: episodes counted twice in May.")).to_be_visible()
    axe_clean(page)
    page.get_by_text("The chart's figures").click()
    expect(page.get_by_role("columnheader", name="England")).to_be_visible()
    axe_clean(page)
    page.get_by_label("Reporting year").select_option("2024-25")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="Whole area: 2024-25")).to_be_visible()
    axe_clean(page)

    # A value for a month by itself: the form offers a month; a blank value is "not reported".
    page.get_by_role("link", name="Add a value").click()
    axe_clean(page)
    page.get_by_label("Period").fill("2025-07")
    page.get_by_label("Commentary").fill("Not received from the police in time.")
    page.get_by_role("button", name="Add the value").click()
    expect(page.get_by_text("Saved the value for July 2025.")).to_be_visible()
    expect(page.get_by_role("row", name="July 2025")).to_contain_text("not reported")
    axe_clean(page)
    page.get_by_role("link", name="Edit the indicator").click()
    axe_clean(page)

    # The dashboard's tile: the latest figure, the change and whether it is better or worse, in words.
    page.goto(f"{live_server.url}/{board.slug}/")
    tile = page.locator("section", has=page.get_by_role("heading", name="Dataset"))
    expect(tile).to_contain_text("Children missing from home or care: episodes")
    expect(tile).to_contain_text("better")
    axe_clean(page)
