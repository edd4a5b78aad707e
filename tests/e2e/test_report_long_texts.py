"""The annual report page with a plan written as boards write it: long, accented, multi-line texts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from businessplan.models import ProgressUpdate
from lscb.years import ReportingYear
from tests.factories import (
    ActionFactory,
    GroupFactory,
    MeetingFactory,
    ObjectiveFactory,
    PlanFactory,
    PriorityFactory,
)
from tests.yearend.conftest import SLUG
from tests.yearend.test_report import long_text

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_plan_of_long_texts_reads_whole_on_the_report_page(page, live_server, sign_in, axe_clean, board_member):
    """Plan texts of 1,000+ characters (accents, line breaks, a long address) wrap inside the plan
    table, in ref order, with the plan's key above it and the totals row under the meetings."""
    year = ReportingYear.current().previous
    board = GroupFactory(name="Safeguarding Board", kind="board")
    MeetingFactory(group=board, date=year.start + timedelta(days=30), status="held")
    plan = PlanFactory(title="Plan with long texts", slug="long", start=year.start, end=year.end)
    objective = ObjectiveFactory(priority=PriorityFactory(plan=plan, number=1, title="Neglect"), text=long_text("O"))
    action = ActionFactory(
        objective=objective,
        ref="1.1",
        text=long_text("ACTION"),
        intended_impact=long_text("IMPACT"),
        measure=long_text("MEASURE"),
    )
    ProgressUpdate.objects.create(action=action, date=year.end, undated=True, rating="amber", note=long_text("N"))
    ActionFactory(objective=objective, ref="1.10", text="Tenth")
    ActionFactory(objective=objective, ref="1.2", text="Second")
    sign_in(page, "member")
    page.goto(live_server.url + reverse("yearend:report", args=[SLUG, year.label]))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Annual report {year}")
    expect(page.get_by_role("row", name="All groups 1 1 100%")).to_be_visible()
    expect(page.get_by_role("caption").filter(has_text="Key to the ratings")).to_be_visible()
    table = page.locator("table.plan-report").first
    assert [ref.inner_text() for ref in table.locator("tbody th").all()] == ["1.1", "1.2", "1.10"]
    expect(table).to_contain_text(f"undated ({year}):")
    expect(table).to_contain_text("IMPACT-ends")
    # Nothing runs off the page: the table is no wider than the report, and the page does not scroll sideways.
    article = page.locator("article.annual-report").bounding_box()
    box = table.bounding_box()
    assert box["x"] + box["width"] <= article["x"] + article["width"] + 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    axe_clean(page)
