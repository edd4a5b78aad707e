"""The annual report's glossary: the abbreviations its text uses (the board's groups' short names
and the field's common ones), each with what it stands for, after the data appendix; built from
what the report says, and never a reason to call a signed-off report changed."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date

import pytest
from django.urls import reverse
from docx import Document

from lscb.years import ReportingYear
from tests.factories import GroupFactory, MeetingFactory, default_board
from tests.yearend.conftest import SLUG
from yearend import services
from yearend.docx import report_docx
from yearend.glossary import glossary, text_of_html
from yearend.models import Narrative
from yearend.render import report_html, report_pdf, section_digests
from yearend.report import build_report
from yearend.views import changes_since_sign_off

pytestmark = pytest.mark.django_db

YEAR = ReportingYear.parse("2025-26")
LONG_NAME = (
    "Qualité et Efficacité: the board\u2019s “Quality and Effectiveness” Group for audits, reviews and the dataset"
)
INTRODUCTION = (
    "The QEG met four times; the LADO reported twice.\n"
    "Two SARs were commissioned by the T&F group. SARAH, a name, and MASHED are not abbreviations."
)


@pytest.fixture
def year_with_abbreviations(manager):
    board = default_board()
    main = GroupFactory(name="Safeguarding Partnership Board", kind="board")
    GroupFactory(name=LONG_NAME, short_name="QEG")
    GroupFactory(name="Executive", short_name="Exec")  # a word, not an abbreviation
    MeetingFactory(group=main, date=date(2025, 6, 12), status="held")
    Narrative.objects.create(board=board, year=YEAR.label, section="introduction", text=INTRODUCTION)
    return board


@pytest.fixture
def quick_pdf(monkeypatch):
    monkeypatch.setattr("yearend.render.pdf_from_html", lambda html: b"%PDF-stand-in\n" + html.encode())


def test_only_the_abbreviations_the_text_uses_are_listed(year_with_abbreviations):
    report = build_report(YEAR, year_with_abbreviations)
    entries = {entry.abbreviation: entry.meaning for entry in glossary(INTRODUCTION, report)}
    assert entries == {
        "LADO": entries["LADO"],
        "QEG": LONG_NAME,  # the board's own group, whole, not the common name
        "SAR": "Safeguarding Adults Review",
        "T&F": entries["T&F"],
    }
    assert entries["LADO"].startswith("Local Authority Designated Officer")


def test_the_report_page_has_the_glossary_after_the_appendix(client_for, manager, year_with_abbreviations):
    html = client_for(manager).get(reverse("yearend:report", args=[SLUG, YEAR.label])).content.decode()
    assert html.count('id="glossary"') == 1
    assert html.index('id="appendix"') < html.index('id="glossary"')
    assert '<li><a href="#glossary">Glossary</a></li>' in html
    glossary_part = html[html.index('id="glossary"') :]
    assert "Qualité et Efficacité: the board\u2019s “Quality and Effectiveness” Group" in text_of_html(glossary_part)
    assert '<th scope="row">T&amp;F</th>' in glossary_part
    assert "MASH" not in glossary_part and "Exec" not in glossary_part


def test_a_report_that_uses_no_abbreviation_has_no_glossary(client_for, manager):
    GroupFactory(name="Safeguarding Partnership Board", kind="board")
    MeetingFactory(group=GroupFactory(name="Audit Group"), date=date(2025, 6, 12), status="held")
    html = report_html(build_report(YEAR, default_board()))
    assert 'id="glossary"' not in html and "#glossary" not in html and "glossary-contents" not in html


def test_the_print_document_and_the_word_document_carry_it(year_with_abbreviations):
    report = build_report(YEAR, year_with_abbreviations)
    assert 'id="glossary"' in report_html(report)
    document = Document(io.BytesIO(report_docx(report)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[-1] == "Glossary"
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert LONG_NAME in cells and "LADO" in cells and "MASH" not in cells


def test_the_pdf_ends_with_the_glossary(year_with_abbreviations, tmp_path):
    assert shutil.which("pdftotext"), "poppler-utils is installed by make test"
    path = tmp_path / "report.pdf"
    path.write_bytes(report_pdf(build_report(YEAR, year_with_abbreviations)))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    glossary_part = text[text.rindex("Glossary") :]
    assert "LADO" in glossary_part and "Local Authority Designated Officer" in glossary_part
    assert "Qualité et Efficacité" in glossary_part


def test_the_glossary_is_not_a_change_to_a_signed_report(year_with_abbreviations, chair, quick_pdf):
    """A report signed before there was a glossary (its sections' digests made without one) is not
    shown as changed, and a new sign-off keeps the glossary in its copies."""
    board = year_with_abbreviations
    report = build_report(YEAR, board)
    digests = section_digests(report)
    assert "glossary" not in digests
    assert 'id="glossary"' in report_html(report)
    signed = services.report_sign_off(board=board, year=YEAR, by=chair)
    assert 'id="glossary"' in signed.html and 'id="glossary"' in signed.print_html
    assert "glossary" not in signed.sections
    assert changes_since_sign_off(signed) == []
    # As if signed before the glossary: the same sections, none named "glossary".
    signed.sections = dict(digests)
    assert changes_since_sign_off(signed) == []
