"""Real shapes, end to end: the workbook whose every free-text cell is 2,000 characters of mixed
text imports, and its year's report lays out in the page, the PDF and the Word document with no
word off the page and every long text whole."""

from __future__ import annotations

import html
import re
import subprocess
from io import StringIO

import pytest
from django.core.management import call_command
from docx import Document

from lscb.workbook import import_workbook
from tests.workbook.helpers import write_csvs
from tests.workbook.test_long_text import T, workbook
from tests.yearend.test_report import words_off_the_page

pytestmark = pytest.mark.django_db

# Texts the report prints in full (names and titles are shortened only inside chart images).
PRINTED = ("action", "impact", "measure", "by when", "by whom", "progress", "undated progress", "subject", "outcome")


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def ending(name: str) -> str:
    """The last 40 characters of a long text, without spaces (PDF text extraction re-flows lines)."""
    return squeezed(T[name])[-40:]


@pytest.fixture
def long_year(tmp_path):
    result = import_workbook(write_csvs(tmp_path / "long", workbook()))
    assert [str(problem) for problem in result.problems] == []


def report(tmp_path, fmt: str):
    out = tmp_path / f"long.{fmt}"
    call_command("yearend", "2015-16", "--format", fmt, "--output", str(out), stdout=StringIO(), stderr=StringIO())
    return out


def test_the_pdf_keeps_every_word_on_its_page_and_every_long_text_whole(long_year, tmp_path):
    pdf = report(tmp_path, "pdf")
    assert words_off_the_page(pdf) == []
    text = squeezed(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    for name in PRINTED:
        assert ending(name) in text, name


def test_the_page_and_the_word_document_hold_every_long_text_as_written(long_year, tmp_path):
    page = html.unescape(report(tmp_path, "html").read_text())
    document = Document(str(report(tmp_path, "docx")))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    words = "\n".join([p.text for p in document.paragraphs] + cells)
    for name in PRINTED:
        assert T[name].splitlines()[-1][-60:] in page, name
        assert T[name].splitlines()[-1][-60:] in words, name
