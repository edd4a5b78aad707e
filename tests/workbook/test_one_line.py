"""A line break in a one-line column (a name, a title, a subject) is folded to a single space, not
refused: spreadsheet cells often carry a stray one. The preview shows the text as it will be kept."""

from __future__ import annotations

import copy

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from challengelog.models import Challenge
from governance.models import Agency, Group, Membership
from lscb.workbook import import_workbook

from .helpers import page
from .test_format2 import LOG
from .test_preview_names import changes_shown

# Under the board home_board makes, whose pages the browser import uses.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home_board")]

IMPORT, PREVIEW = page("import"), page("import-preview")


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.LSCB_WORKBOOK_UPLOAD_DIR = tmp_path / "uploads"


def test_line_breaks_in_names_and_subjects_are_folded_and_references_still_match(as_xlsx):
    book = copy.deepcopy(LOG)
    book["agencies"][1][0] = "Westshire\r\nCouncil"
    book["groups"][1][0] = "Safeguarding \n\n Board\u2028"
    book["challenges"][1][5] = "Early help\nthresholds\u2029- CH-B forged\n  https://evil.example"
    # Detail is several lines: kept as written.
    book["challenges"][0].append("detail")
    book["challenges"][1].append("Asked:\n1. thresholds\n2. training")
    book["challenges"][2].append("")
    result = import_workbook(as_xlsx(book))
    assert result.ok, [(p.sheet, p.row, p.column, p.message) for p in result.problems]
    assert Agency.objects.filter(name="Westshire Council").exists()
    assert Group.objects.filter(name="Safeguarding Board").exists()
    # Rows elsewhere name them as before, on one line or on two: both are the same record.
    assert Membership.objects.filter(group__name="Safeguarding Board").count() == len(
        [row for row in LOG["memberships"][1:] if row[0] == "Safeguarding Board"]
    )
    challenge = Challenge.objects.get(ref="CH-A")
    assert challenge.subject == "Early help thresholds - CH-B forged https://evil.example"
    assert challenge.detail == "Asked:\n1. thresholds\n2. training"
    assert challenge.agency.name == "Westshire Council"


def test_a_name_stored_on_two_lines_is_matched_and_folded_not_duplicated(as_xlsx, client_for, manager):
    assert import_workbook(as_xlsx(LOG)).ok
    # As an import before names were kept on one line could leave it.
    Agency.objects.filter(name="Westshire Council").update(name="Westshire\nCouncil")
    client = client_for(manager)
    client.post(IMPORT, {"file": SimpleUploadedFile("board.xlsx", as_xlsx(LOG).read_bytes())})
    html = client.get(PREVIEW).content.decode()
    assert "name: Westshire Council → Westshire Council" in changes_shown(html)
    assert "Westshire<br>Council → Westshire Council" in html  # the line break shown, then the text as kept
    assert import_workbook(as_xlsx(LOG)).ok
    assert sorted(Agency.objects.filter(name__contains="Westshire").values_list("name", flat=True)) == [
        "Westshire Constabulary",
        "Westshire Council",
    ]


def test_the_preview_shows_a_folded_name_as_it_will_be_kept(as_xlsx, client_for, manager):
    book = copy.deepcopy(LOG)
    book["agencies"].append(["Healthwatch\nWestshire", "", "voluntary", "no"])
    client = client_for(manager)
    client.post(IMPORT, {"file": SimpleUploadedFile("board.xlsx", as_xlsx(book).read_bytes())})
    html = client.get(PREVIEW).content.decode()
    assert "The workbook can be imported" in html
    assert "Healthwatch Westshire" in html and "Healthwatch<br>Westshire" not in html
