"""The import preview speaks in names: records by what people call them, fields by their labels."""

from __future__ import annotations

import copy
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from .helpers import page
from .test_format2 import LOG, PLAN

# Under the board home_board makes, whose pages the browser import uses.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home_board")]

IMPORT, PREVIEW = page("import"), page("import-preview")
CONFIRM = page("import-confirm")


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.LSCB_WORKBOOK_UPLOAD_DIR = tmp_path / "uploads"


def upload(client, path) -> None:
    client.post(IMPORT, {"file": SimpleUploadedFile("board.xlsx", path.read_bytes())})


def changes_shown(html: str) -> list[str]:
    """Each change line of the preview, as text (tags dropped, spaces collapsed)."""
    items = re.findall(r'<li class="text-break">(.*?)</li>', html, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", "", item.replace("<br>", " ")).split()) for item in items]


def test_changed_references_and_fields_are_shown_by_name_and_label(
    client_for, manager, as_xlsx, django_assert_max_num_queries
):
    book = copy.deepcopy(LOG)
    book["priorities"].append([PLAN, "2", "Exploitation \N{EN DASH} “county lines”"])
    book["challenges"][0] += ["meeting_group", "meeting_date", "plan", "priority"]
    book["challenges"][2] += ["Safeguarding Board", "2015-06-10", PLAN, "1"]
    book["attendance"][0].insert(5, "on_behalf_of")
    for row in book["attendance"][1:]:
        row.insert(5, "")
    client = client_for(manager)
    upload(client, as_xlsx(book))
    assert client.post(CONFIRM).url == IMPORT  # imported

    book["actions"][1][3] = "Neglect is seen early\nand acted on"  # a new objective
    book["actions"][1][4] = "By the September Board"
    book["challenges"][2][4] = "Healthy Futures CCG"
    book["challenges"][2][7:11] = ["Safeguarding Board", "2015-08-12", PLAN, "2"]
    book["attendance"][3][3:6] = ["present", "", "ann@council.example"]  # a representative now
    book["memberships"][3][2] = "Westshire Constabulary"
    upload(client, as_xlsx(book))
    # The whole dry run (its writes rolled back) and the page; naming adds no query per record.
    with django_assert_max_num_queries(66):
        html = client.get(PREVIEW).content.decode()
    shown = changes_shown(html)
    assert "objective: Know the scale of neglect → Neglect is seen early and acted on" in shown
    assert "by when (due_text): Sept 2016 \N{EN DASH} then yearly → By the September Board" in shown
    assert "agency challenged (agency): Westshire Council → Healthy Futures CCG" in shown
    assert "meeting: LSCB 10/06/2015 → LSCB 12/08/2015" in shown
    assert "priority: 1. Neglect → 2. Exploitation \N{EN DASH} “county lines”" in shown
    # A person by their name, not the email that is their key in the workbook.
    assert "on behalf of: (blank) → Ann Chair" in shown
    assert "agency: (blank) → Westshire Constabulary" in shown
    # No field of the preview is shown by its database name or an id.
    assert not re.search(r"_id\b|\b\d+ → \d+\b", " ".join(shown))
    # A line break in a text is kept.
    assert "Neglect is seen early<br>and acted on" in html
