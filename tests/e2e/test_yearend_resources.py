"""The annual report page with training, money and a dataset: the new sections read whole, wide
tables stay inside the report, and the page passes axe."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import default_board
from tests.yearend.test_dataset_appendix import dataset, many  # noqa: F401 (fixtures)
from tests.yearend.test_resources_sections import YEAR, records  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.usefixtures("records", "dataset", "board_member")
def test_training_resources_and_the_dataset_on_the_report_page(page, live_server, sign_in, axe_clean):
    board = default_board()
    many(board, 3)
    sign_in(page, "member")
    page.goto(live_server.url + reverse("yearend:report", args=[board.slug, YEAR.label]))
    for title in ("Training and its impact", "Resources", "Dataset"):
        expect(page.get_by_role("heading", level=2, name=title, exact=True)).to_be_visible()
    expect(page.get_by_role("row", name="Total expenditure £42,000.00 £41,600.25 £399.75")).to_be_visible()
    expect(page.get_by_role("row", name="Northmoor Health 5 0 0.0% (booked, did not attend)")).to_be_visible()
    expect(
        page.get_by_role("img", name="Children missing from home: episodes: 2025-26 against 2024-25")
    ).to_be_visible()
    article = page.locator("article.annual-report").bounding_box()
    for table in page.locator("#training table, #resources table").all():
        box = table.bounding_box()
        assert box["x"] + box["width"] <= article["x"] + article["width"] + 1
    # The dataset's tables are as wide as their periods: they scroll inside the report, not the page.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    axe_clean(page)
