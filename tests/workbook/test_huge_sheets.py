"""Sheets that claim, or hold, far more than a board workbook ever has: read within a small memory
budget (only the cells the file holds, cut at the header's width) or refused, naming the sheet,
before their rows are copied."""

from __future__ import annotations

import csv
import io
import tracemalloc
import zipfile
from contextlib import contextmanager
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lscb.workbook import files, import_workbook, uploads
from lscb.workbook.files import read_workbook
from lscb.workbook.problems import WorkbookError
from lscb.workbook.registry import sheets

from .helpers import page

BUDGET = 50 * 1024 * 1024  # bytes of memory a reading may take at its peak
KNOWN = [sheet.name for sheet in sheets()]

_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        "{overrides}</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
}


def cell(reference: str, value: str | int | None) -> str:
    """One cell of the sheet's XML: inline text, a number, or a blank (formatted, empty) cell."""
    if value is None:
        return f'<c r="{reference}" s="0"/>'
    if isinstance(value, int):
        return f'<c r="{reference}"><v>{value}</v></c>'
    return f'<c r="{reference}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'


def row(number: int, *cells: str) -> str:
    return f'<row r="{number}">{"".join(cells)}</row>'


def sheet_xlsx(path: Path, sheets_xml: dict[str, str], dimensions: dict[str, str] | None = None) -> Path:
    """An .xlsx written by hand: each sheet's <sheetData> as given, with the <dimension> it claims."""
    dimensions = dimensions or {}
    names = list(sheets_xml)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in range(1, len(names) + 1)
    )
    book = (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
        'main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        + "".join(
            f'<sheet name="{escape(name)}" sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(names, start=1)
        )
        + "</sheets></workbook>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            f'worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, len(names) + 1)
        )
        + "</Relationships>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _PARTS["[Content_Types].xml"].format(overrides=overrides))
        archive.writestr("_rels/.rels", _PARTS["_rels/.rels"])
        archive.writestr("xl/workbook.xml", book)
        archive.writestr("xl/_rels/workbook.xml.rels", rels)
        for n, name in enumerate(names, start=1):
            dimension = f'<dimension ref="{dimensions[name]}"/>' if name in dimensions else ""
            archive.writestr(
                f"xl/worksheets/sheet{n}.xml",
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                f"{dimension}<sheetData>{sheets_xml[name]}</sheetData></worksheet>",
            )
    return path


HEADER = row(1, cell("A1", "name"), cell("B1", "sector"))


@contextmanager
def peak_memory():
    """The most memory the block took at any moment, in bytes (peak["bytes"] once it ends)."""
    peak = {}
    tracemalloc.start()
    try:
        yield peak
    finally:
        peak["bytes"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()


def read(path: Path, **kwargs):
    """The workbook as read, or the problems that refused it (as text)."""
    try:
        return read_workbook(path, KNOWN, **kwargs)
    except WorkbookError as exc:
        return [str(problem) for problem in exc.problems]


@pytest.mark.parametrize("last_row", [1000, 20_000])
def test_a_sheet_that_claims_every_column_is_refused_unread(tmp_path, last_row):
    """The review's file: a few KB whose dimension says A1:XFD20000 took 2.4 GB as openpyxl padded
    every row to 16,384 cells. (At 1,000 rows the old reading took about 130 MB.)"""
    far_row = row(last_row, cell(f"A{last_row}", "Westshire Fire and Rescue Service"), cell(f"B{last_row}", "other"))
    path = sheet_xlsx(tmp_path / "tiny.xlsx", {"agencies": HEADER + far_row}, {"agencies": f"A1:XFD{last_row}"})
    assert path.stat().st_size < 5000
    with peak_memory() as peak:
        refused = read(path)
    assert peak["bytes"] < BUDGET
    assert refused == [
        f"agencies: the sheet says it spans A1:XFD{last_row}, out to column XFD: no sheet of the board workbook "
        "has more than 256 columns. Delete the columns to the right of the data and save it again."
    ]


def test_a_sheet_that_claims_every_row_is_refused_unread(tmp_path):
    path = sheet_xlsx(tmp_path / "tall.xlsx", {"agencies": HEADER}, {"agencies": "A1:B1048576"})
    assert read(path) == [
        "agencies: the sheet says it spans A1:B1048576, past row 200,000: a sheet of the board workbook has at "
        "most 200,000 rows. Delete any rows below the data and save it again."
    ]


def test_a_dimension_that_lies_small_does_not_matter(tmp_path):
    """Rows far down and blank cells far right, under a dimension that claims A1:B2: read as the
    cells are, each row cut at the header's width, nothing padded."""
    far = row(150_000, cell("A150000", "Équipe d\u2019évaluation\nnord-est"), cell("B150000", "other"))
    blanks = row(7, cell("A7", "Fire"), cell("B7", "other"), *(cell(f"{letter}7", None) for letter in "CDEFGHIJ"))
    wide_blank = row(9, cell("A9", "Ambulance"), cell("B9", "health"), cell("IV9", None))
    path = sheet_xlsx(tmp_path / "lies.xlsx", {"agencies": HEADER + blanks + wide_blank + far}, {"agencies": "A1:B2"})
    with peak_memory() as peak:
        workbook = read(path)
    assert peak["bytes"] < BUDGET
    sheet = workbook.sheets["agencies"]
    assert sheet.rows == [
        (1, ["name", "sector"]),
        (7, ["Fire", "other"]),
        (9, ["Ambulance", "health"]),
        (150_000, ["Équipe d\u2019évaluation\nnord-est", "other"]),
    ]
    assert sheet.beyond == {}


def test_a_value_far_to_the_right_is_refused_where_it_is(tmp_path):
    far = row(20_000, cell("A20000", "Fire"), cell("B20000", "other"), cell("XFD20000", "stray"))
    path = sheet_xlsx(tmp_path / "far.xlsx", {"agencies": HEADER + far})
    with peak_memory() as peak:
        refused = read(path)
    assert peak["bytes"] < BUDGET
    assert refused == [
        "agencies, row 20000, column XFD: a value far to the right of the data: no sheet of the board workbook "
        "has more than 256 columns. Delete the columns to the right of the data and save it again."
    ]


@pytest.mark.django_db
def test_a_value_past_the_header_is_a_value_under_no_heading(tmp_path):
    rows = row(2, cell("A2", "Fire"), cell("B2", "other"), cell("H2", "a note"))
    result = import_workbook(sheet_xlsx(tmp_path / "note.xlsx", {"agencies": HEADER + rows}))
    assert [(p.sheet, p.row, p.column, p.message) for p in result.problems] == [
        ("agencies", 2, "column H", "a value under no heading.")
    ]


def test_a_row_of_too_many_cells_is_refused(tmp_path):
    """Cells with no reference count on from the last: a row of 300 of them, blank or not."""
    crowded = '<row r="2">' + "<c/>" * 300 + "</row>"
    assert read(sheet_xlsx(tmp_path / "crowded.xlsx", {"agencies": HEADER + crowded})) == [
        "agencies, row 2: more than 256 cells in one row: no sheet of the board workbook has that many columns. "
        "Delete the columns to the right of the data and save it again."
    ]


def test_blank_rows_far_down_stop_at_the_row_limit(tmp_path):
    blank_rows = "".join(f'<row r="{n}"><c r="A{n}" s="1"/></row>' for n in range(2, 40))
    path = sheet_xlsx(tmp_path / "blank.xlsx", {"agencies": HEADER + blank_rows + row(300_000, cell("A300000", None))})
    assert read(path) == [
        "agencies: it goes on past row 200,000: a sheet of the board workbook has at most 200,000 rows. "
        "Delete any rows below the data and save it again."
    ]


def test_an_unknown_empty_sheet_claiming_every_cell_is_no_error(tmp_path):
    """Excel's "Sheet1": only looked at until its first value, whatever it claims."""
    path = sheet_xlsx(
        tmp_path / "sheet1.xlsx",
        {"agencies": HEADER + row(2, cell("A2", "Fire"), cell("B2", "other")), "Sheet1": row(1_048_576)},
        {"Sheet1": "A1:XFD1048576"},
    )
    workbook = read(path)
    assert workbook.problems == [] and list(workbook.sheets) == ["agencies"]


def test_the_rows_in_all_are_limited_before_they_are_read(tmp_path):
    """The browser import's limit: a declared size past it is refused unread, and rows past it are
    never kept."""
    rows = "".join(row(n, cell(f"A{n}", f"Agency {n}"), cell(f"B{n}", "other")) for n in range(2, 30))
    declared = sheet_xlsx(tmp_path / "declared.xlsx", {"agencies": HEADER + rows}, {"agencies": "A1:B29"})
    assert read(declared, max_rows=10)[0].startswith(
        "agencies: the sheet says it spans A1:B29, past row 10: an import checked within a page's time takes no more"
    )
    undeclared = sheet_xlsx(tmp_path / "undeclared.xlsx", {"agencies": HEADER + rows})
    assert read(undeclared, max_rows=10)[0].startswith("agencies: it goes on past row 10:")


def csv_rows(count: int) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["name", "sector"])
    writer.writerows([f"Agency {n} of Westshire", "other"] for n in range(count))
    return text.getvalue().encode()


@pytest.fixture
def records(monkeypatch) -> list[int]:
    """The CSV records the reader took in, by row number."""
    taken: list[int] = []
    original = files._Rows.record

    def counting(self, number, record):
        taken.append(number)
        return original(self, number, record)

    monkeypatch.setattr(files._Rows, "record", counting)
    return taken


@pytest.mark.django_db
def test_a_csv_of_100000_rows_is_refused_at_the_browser_limit(tmp_path, records):
    """It took 96 s to preview; now the reader stops at the first row past the limit."""
    (tmp_path / "board").mkdir()
    (tmp_path / "board" / "agencies.csv").write_bytes(csv_rows(100_000))
    result = import_workbook(tmp_path / "board", dry_run=True, max_rows=uploads.MAX_ROWS)
    assert [str(p) for p in result.problems] == [
        "agencies.csv: it goes on past row 10,000: an import checked within a page's time takes no more; a "
        "workbook this large is checked and imported in the background (upload it on the import page), or by the "
        "system administrator (python manage.py import_workbook)."
    ]
    assert max(records) == uploads.MAX_ROWS + 1


@pytest.mark.django_db
def test_the_rows_in_all_count_every_sheet(tmp_path, records):
    (tmp_path / "board").mkdir()
    for name in ("agencies", "people"):
        (tmp_path / "board" / f"{name}.csv").write_bytes(csv_rows(6))
    problems = import_workbook(tmp_path / "board", dry_run=True, max_rows=12).problems
    assert str(problems[0]).startswith("board has more than 12 rows: an import checked within a page's time")
    assert len(records) == 7 + 6


@pytest.mark.django_db
def test_a_huge_csv_upload_goes_to_the_worker_after_a_quick_look(
    settings, tmp_path, client_for, manager, records, home_board
):
    """A small file of many rows: the page stops reading at its limit and hands the file to the worker."""
    from lscb.models import WorkbookImport

    settings.LSCB_WORKBOOK_UPLOAD_DIR = tmp_path / "uploads"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("agencies.csv", csv_rows(100_000))
    client = client_for(manager)
    response = client.post(page("import"), {"file": SimpleUploadedFile("Agences régionales.zip", buffer.getvalue())})
    job = WorkbookImport.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/import/{job.pk}/")
    assert job.name == "Agences régionales.zip" and bytes(job.content) == buffer.getvalue()
    assert "The workbook is being checked" in client.get(response.url).content.decode()
    assert max(records) == uploads.MAX_ROWS + 1  # the request read no further


def test_a_csv_record_of_a_million_blank_cells_is_cut_at_the_header(tmp_path):
    folder = tmp_path / "wide"
    folder.mkdir()
    (folder / "agencies.csv").write_text("name,sector\nFire,other" + "," * 1_000_000 + "\n", encoding="utf-8")
    with peak_memory() as peak:
        workbook = read(folder)
    assert peak["bytes"] < BUDGET
    assert workbook.sheets["agencies"].rows == [(1, ["name", "sector"]), (2, ["Fire", "other"])]


def test_a_csv_value_far_to_the_right_is_refused(tmp_path):
    folder = tmp_path / "far"
    folder.mkdir()
    (folder / "agencies.csv").write_text("name,sector\nFire,other" + "," * 10_000 + "x\n", encoding="utf-8")
    assert read(folder) == [
        "agencies.csv, row 2, column NTR: a value far to the right of the data: no sheet of the board workbook "
        "has more than 256 columns. Delete the columns to the right of the data and save it again."
    ]


def test_a_csv_record_of_endless_quoted_lines_is_refused(tmp_path):
    """Commas outside quotes on every line of one record: no line is long, the record is."""
    folder = tmp_path / "endless"
    folder.mkdir()
    line = '"a' + "\n" + '",' + "," * 100_000
    (folder / "agencies.csv").write_text("name,sector\n" + line * 50 + "\n", encoding="utf-8")
    with peak_memory() as peak:
        workbook = read(folder)
    assert peak["bytes"] < BUDGET
    assert [str(p) for p in workbook.problems] == [
        "agencies.csv: not a readable CSV file (a row of more than 2 million characters)."
    ]
