"""Fuzzing the workbook import: the board's own export with hostile cells, through the importer
and through the upload pages. Either everything is imported, or nothing is and every problem
names its sheet, row and column."""

from __future__ import annotations

import csv
import io
import itertools
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import example, given
from hypothesis import strategies as st

from lscb.text import LINE_BREAKS
from lscb.workbook import Text, export_tables, import_workbook, sheets
from tests.factories import default_board
from tests.workbook.test_huge_sheets import cell as xml_cell
from tests.workbook.test_huge_sheets import row as xml_row
from tests.workbook.test_huge_sheets import sheet_xlsx

from . import strategies as s
from .harness import CASES, SAVED, bounded, rolled_back, row_counts

pytestmark = pytest.mark.django_db

cell = st.one_of(
    s.plain_text(),
    s.text(),
    s.broken_line(),  # a stray line break, as spreadsheet cells often carry
    s.dates(),
    s.integers(),
    st.sampled_from(["yes", "no", "held", "present", "part", "not_expected", "red", "blue", "2015-16", "2016/17"]),
)
# (sheet, row, column) as fractions of the table's size, so any table can take them; then the value.
edit = st.tuples(
    st.floats(0, 1, exclude_max=True), st.floats(0, 1, exclude_max=True), st.floats(0, 1, exclude_max=True), cell
)
edits = st.lists(edit, min_size=1, max_size=4)
# What else a hostile file does: repeat a row (a duplicate key), add a row made of one row's edits,
# or rename a column.
shape = st.sampled_from(["cells", "cells", "cells", "duplicate row", "new row", "rename column"])


@pytest.fixture
def tables(board) -> dict[str, list[list[str]]]:
    """The board as its workbook: every sheet, header first, as the CSV files hold it."""
    return {
        table.name: [table.header, *[["" if v is None else str(v) for v in row] for row in table.rows]]
        for table in export_tables()
    }


def hostile(tables: dict, shape: str, edits: list) -> dict[str, list[list[str]]]:
    book = {name: [list(row) for row in rows] for name, rows in tables.items()}
    names = sorted(name for name, rows in book.items() if len(rows) > 1)
    for sheet_at, row_at, column_at, value in edits:
        rows = book[names[int(sheet_at * len(names))]]
        row = 1 + int(row_at * (len(rows) - 1))
        column = int(column_at * len(rows[0]))
        if shape == "duplicate row":
            rows.append(list(rows[row]))
        elif shape == "new row":
            rows.append(list(rows[row]))
            row = len(rows) - 1
        elif shape == "rename column":
            row = 0
        rows[row][column] = value
    return book


def write(folder: Path, book: dict[str, list[list[str]]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in book.items():
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as file:
            csv.writer(file).writerows(rows)
    return folder


def one_line_values() -> list[tuple[str, str, str]]:
    """(sheet, column, stored value) of every one-line column (names, titles, subjects) of every record."""
    found = []
    for sheet in sheets():
        columns = [c for c in sheet.columns if isinstance(c, Text) and c.one_line and c.field_name]
        for column in columns:
            for value in sheet.model._default_manager.values_list(column.field_name, flat=True):
                found.append((sheet.name, column.name, value))
    return found


def check_one_line() -> None:
    """Names, titles and subjects are stored on one line: a line break in their cells was folded."""
    broken = [(sheet, column, value) for sheet, column, value in one_line_values() if LINE_BREAKS.search(value or "")]
    assert not broken, broken


def check_refusal(result, before: dict[str, int]) -> None:
    """Refused whole: nothing written, and every problem says where, as `sheet, row N, column: ...`."""
    assert not result.committed
    assert row_counts() == before, "a refused import wrote something"
    for problem in result.problems:
        assert problem.sheet and problem.row is not None and problem.column, f"not located: {problem}"
        assert str(problem).startswith(f"{problem.sheet}, row {problem.row}, {problem.column}: ")
        assert problem.message.strip()


counter = itertools.count()


@bounded(32)
@given(shape=shape, edits=edits)
@example(shape="cells", edits=[(0.1, 0.0, 0.0, "NUL\x00in a name")])  # an agency's name
@example(shape="cells", edits=[(0.1, 0.0, 0.3, "Police HQ")])
@example(shape="cells", edits=[(0.0, 0.0, 0.1, "2/3")])  # an action's ref
@example(shape="new row", edits=[(0.3, 0.0, 0.0, "CH/2026/03")])  # a challenge's ref
@example(shape="new row", edits=[(0.5, 0.0, 0.3, "0001-01-01")])  # a meeting's date
@example(shape="cells", edits=[(0.15, 0.0, 0.0, "Westshire\r\nCouncil\u2028https://evil.example")])  # an agency
@example(shape="new row", edits=[(0.3, 0.0, 0.0, "CH-2026-\n09")])  # a challenge's ref
def test_import_of_a_hostile_workbook(board, manager, tables, tmp_path, shape, edits):
    folder = write(tmp_path / f"book{next(counter)}", hostile(tables, shape, edits))
    with rolled_back():
        before = row_counts()
        CASES["import"] += 1
        result = import_workbook(folder, by=manager)
        if result.ok:
            SAVED["import"] += 1
            assert result.committed
            check_one_line()
            # Imported as written: importing it again finds nothing to change.
            again = import_workbook(folder, by=manager, dry_run=True)
            assert again.ok, again.problems
            assert not [(c.sheet, c.row, c.key, c.fields) for c in again.changes]
        else:
            check_refusal(result, before)


def as_zip(book: dict[str, list[list[str]]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, rows in book.items():
            text = io.StringIO()
            csv.writer(text).writerows(rows)
            archive.writestr(f"{name}.csv", text.getvalue().encode("utf-8"))
    return buffer.getvalue()


@bounded(12)
@given(shape=shape, edits=edits)
@example(shape="cells", edits=[(0.5, 0.5, 0.5, '=HYPERLINK("http://evil.example")')])
@example(shape="cells", edits=[(0.1, 0.0, 0.3, "Police HQ")])
def test_upload_of_a_hostile_workbook(as_manager, board, tables, shape, edits):
    upload = SimpleUploadedFile("board.zip", as_zip(hostile(tables, shape, edits)), content_type="application/zip")
    base = f"/{default_board().slug}"  # the pages of the board whose workbook it is
    with rolled_back():
        before = row_counts()
        CASES["upload"] += 1
        assert as_manager.post(f"{base}/import/", {"file": upload}).status_code == 302
        preview = as_manager.get(f"{base}/import/preview/")
        assert preview.status_code == 200
        result = preview.context["result"]
        assert row_counts() == before, "the preview wrote something"
        if not result.ok:
            check_refusal(result, before)
            for problem in result.problems:
                assert problem.sheet in preview.content.decode()
            return
        confirmed = as_manager.post(f"{base}/import/confirm/")
        assert confirmed.status_code == 302
        page = as_manager.get(confirmed["Location"])
        assert page.status_code == 200
        assert "Imported board.zip" in page.content.decode()
        SAVED["upload"] += 1


# --- huge declared sheet sizes: dimensions that lie, many empty columns, rows far down ----------

MEMORY_BUDGET = 50 * 1024 * 1024
far_column = st.integers(1, 16_384)
far_row = st.integers(1, 1_048_576)
placed_cell = st.tuples(
    st.one_of(st.integers(2, 40), far_row),
    st.one_of(st.integers(1, 12), far_column),
    st.one_of(st.none(), s.plain_text()),
)
# What the sheet's <dimension> claims: nothing, or its last column and row.
claimed = st.one_of(st.none(), st.tuples(far_column, far_row))


def letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


def within_budget(read):
    tracemalloc.start()
    try:
        return read()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert peak < MEMORY_BUDGET, f"reading took {peak / 1e6:.0f} MB"


def check_huge_refusal(result, *names: str) -> None:
    """Refused or read, every problem names the sheet or file (or says the file has no sheet of the workbook)."""
    assert not result.committed
    for problem in result.problems:
        assert problem.sheet in names or (not problem.sheet and "none of the sheets" in problem.message), problem
        assert problem.message.strip()


@bounded(24)
@given(
    sheet=st.sampled_from(["agencies", "people", "Sheet1"]),
    dimension=claimed,
    cells=st.lists(placed_cell, max_size=6),
    blank_run=st.integers(0, 400),
)
@example(sheet="agencies", dimension=(16_384, 20_000), cells=[(20_000, 1, "Fire"), (20_000, 2, "other")], blank_run=0)
@example(sheet="agencies", dimension=(16_384, 1_048_576), cells=[(1_048_576, 16_384, "x")], blank_run=0)
@example(sheet="agencies", dimension=(2, 2), cells=[(199_999, 2, "other"), (5, 300, "x")], blank_run=255)
@example(sheet="Sheet1", dimension=(16_384, 1_048_576), cells=[(1_048_576, 1, None)], blank_run=0)
def test_import_of_a_sheet_of_huge_declared_size(manager, tmp_path, sheet, dimension, cells, blank_run):
    rows: dict[int, dict[int, str | None]] = {1: {1: "name", 2: "sector"}}
    for number, column, value in cells:
        rows.setdefault(number, {})[column] = value
    xml = "".join(
        xml_row(number, *(xml_cell(f"{letter(column)}{number}", value) for column, value in sorted(row.items())))
        for number, row in sorted(rows.items())
    )
    # A row of blank cells with no reference (each counts on from the last): many empty columns.
    xml = xml.replace("</row>", "<c/>" * blank_run + "</row>", 1)
    declared = {sheet: f"A1:{letter(dimension[0])}{dimension[1]}"} if dimension else {}
    path = sheet_xlsx(tmp_path / f"huge{next(counter)}.xlsx", {sheet: xml}, declared)
    with rolled_back():
        before = row_counts()
        CASES["huge sheet"] += 1
        result = within_budget(lambda: import_workbook(path, by=manager, dry_run=True))
        assert row_counts() == before
        check_huge_refusal(result, sheet)
        SAVED["huge sheet"] += result.ok


@bounded(12)
@given(
    blank_cells=st.integers(0, 1_500_000),
    value_at=st.one_of(st.none(), st.integers(0, 1_500_000)),
    rows=st.integers(0, 30),
)
@example(blank_cells=1_000_000, value_at=None, rows=1)
@example(blank_cells=20_000, value_at=19_999, rows=0)
def test_import_of_a_csv_of_huge_width(manager, tmp_path, blank_cells, value_at, rows):
    record = [""] * blank_cells
    if value_at is not None and value_at < blank_cells:
        record[value_at] = "stray"
    folder = tmp_path / f"wide{next(counter)}"
    folder.mkdir()
    lines = ["name,sector", "Fire," + ",".join(["other", *record])] + [f"Agency {n},other" for n in range(rows)]
    (folder / "agencies.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with rolled_back():
        before = row_counts()
        CASES["wide csv"] += 1
        result = within_budget(lambda: import_workbook(folder, by=manager, dry_run=True))
        assert row_counts() == before
        check_huge_refusal(result, "agencies", "agencies.csv")
        SAVED["wide csv"] += result.ok
