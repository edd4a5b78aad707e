"""A reader of the annual report meets an abbreviation (QEG, LADO) and finds it in the glossary after
the appendices, reached from the report's contents. Checked by axe."""

import os
from datetime import date

import pytest
from playwright.sync_api import expect

from lscb.years import ReportingYear
from tests.factories import GroupFactory, MeetingFactory, default_board
from yearend.models import Narrative

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOTS = os.environ.get("SCREENSHOTS_DIR", "/tmp")
YEAR = ReportingYear.parse("2025-26")
QEG = "Quality and Effectiveness Group: audits, reviews and the board\u2019s dataset"


def test_a_reader_finds_an_abbreviation_in_the_glossary(page, live_server, sign_in, axe_clean, board_member):
    board = default_board()
    main = GroupFactory(name="Safeguarding Partnership Board", kind="board")
    GroupFactory(name=QEG, short_name="QEG")
    MeetingFactory(group=main, date=date(2025, 6, 12), status="held")
    Narrative.objects.create(
        board=board,
        year=YEAR.label,
        section="introduction",
        text="The QEG met four times.\nThe LADO reported twice to the board.",
    )
    sign_in(page, "member")
    page.goto(f"{live_server.url}/{board.slug}/yearend/{YEAR.label}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Annual report {YEAR}")

    page.get_by_role("navigation", name="Contents").get_by_role("link", name="Glossary").click()
    glossary = page.locator("#glossary")
    expect(glossary.get_by_role("heading", level=2)).to_have_text("Glossary")
    expect(glossary.get_by_role("row", name="QEG")).to_contain_text(QEG)
    expect(glossary.get_by_role("row", name="LADO")).to_contain_text("Local Authority Designated Officer")
    expect(glossary.get_by_role("row", name="MASH")).to_have_count(0)  # not used in this report
    axe_clean(page)
    glossary.scroll_into_view_if_needed()
    page.screenshot(path=f"{SHOTS}/report-glossary.png")
