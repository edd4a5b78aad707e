"""Reading and writing the two forms of the workbook: one .xlsx file, or NAME.csv files.

Reading never believes a file's own account of its size. An .xlsx sheet is streamed element by
element (only the cells its XML holds, never the padding its declared dimension implies, each
element let go once read); every row is cut at the header's width; the row limits are checked
as each row arrives, before it is kept; a sheet that declares an absurd size is refused unread.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO

from .columns import is_blank
from .problems import Problem, WorkbookError

# Refuse archives that would unpack to more than this: a small upload must not fill the memory.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
# Rows of one sheet, its header included (a row numbered past this is refused).
MAX_ROWS = 200_000
# No sheet of the board workbook comes near this many columns (a plan's key adds one per level).
MAX_COLUMNS = 256
# XML elements (rows, cells and their values) an .xlsx file may hold in all, blank cells included,
# and a row's share of them when the rows in all are limited: far more than any real row needs.
MAX_ELEMENTS = 50_000_000
ELEMENTS_A_ROW = 200
# The XML elements of one cell (its value, or the runs of a formatted text).
MAX_CELL_ELEMENTS = 1_000
# Characters of one CSV record: far more than its columns can hold (csv's limit on a cell is
# 128 KB), far fewer than would fill the memory with empty cells.
MAX_RECORD_CHARS = 2 * 1024 * 1024
# What to do with a workbook too large for the limit of rows in all (the browser import's).
TOO_LARGE_HINT = (
    "an import checked within a page's time takes no more; a workbook this large is checked and imported "
    "in the background (upload it on the import page), or by the system administrator (python manage.py "
    "import_workbook)"
)


@dataclass
class RawSheet:
    """A sheet as read: every row with its spreadsheet row number, values not yet checked.

    Rows are cut at the header's width (blank rows are left out); `beyond` holds, for each column
    past the header's width that has a value, the first row with one there (index from 0)."""

    name: str
    label: str
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    beyond: dict[int, int] = field(default_factory=dict)


@dataclass
class RawWorkbook:
    sheets: dict[str, RawSheet] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    _claimed: set[str] = field(default_factory=set)

    def claim(self, label: str, known: list[str], display: str = "") -> str | None:
        """The sheet the tab or file `label` is read as: None for a repeated one (reported here)
        and for one that is no sheet of the workbook (read only to see whether it is empty)."""
        name = label.strip().lower()
        if name not in known:
            return None
        if name in self._claimed:
            self.problems.append(Problem(display or label, None, None, f"the sheet {name} appears twice."))
            return None
        self._claimed.add(name)
        return name

    def unknown(self, display: str, has_values: bool, known: list[str]) -> None:
        # An empty tab that Excel added ("Sheet1") is no error.
        if has_values:
            self.problems.append(
                Problem(display, None, None, f"not a sheet of the board workbook (its sheets are: {', '.join(known)}).")
            )


@dataclass
class Limits:
    """What one reading may take: rows in all (None: only MAX_ROWS a sheet), and XML elements."""

    label: str
    rows: int | None = None
    rows_read: int = 0
    elements_read: int = 0

    @property
    def elements(self) -> int:
        return MAX_ELEMENTS if self.rows is None else min(MAX_ELEMENTS, self.rows * ELEMENTS_A_ROW)

    @property
    def rows_a_sheet(self) -> int:
        return min(MAX_ROWS, self.rows) if self.rows is not None else MAX_ROWS

    def take_row(self) -> None:
        self.rows_read += 1
        if self.rows is not None and self.rows_read > self.rows:
            raise WorkbookError(
                [Problem("", None, None, f"{self.label} has more than {self.rows:,} rows: {TOO_LARGE_HINT}.")]
            )

    def take_element(self, where: str) -> None:
        self.elements_read += 1
        if self.elements_read > self.elements:
            raise WorkbookError(
                [
                    Problem(
                        where,
                        None,
                        None,
                        f"{self.label} holds more than {self.elements:,} cells, rows and values, blank ones "
                        "included: far more than its rows need. Delete the empty rows and columns around the "
                        "data and save it again.",
                    )
                ]
            )


def _too_many_rows(most: int) -> str:
    if most < MAX_ROWS:
        return f"{TOO_LARGE_HINT}"
    return (
        f"a sheet of the board workbook has at most {MAX_ROWS:,} rows. Delete any rows below the data and save it again"
    )


def _letter(index: int) -> str:
    """The spreadsheet letters of a column (index from 0)."""
    from openpyxl.utils import get_column_letter

    try:
        return get_column_letter(index + 1)
    except ValueError:
        return f"number {index + 1:,}"


class _Rows:
    """The rows of one sheet as they arrive: checked against the limits, cut at the header's width."""

    def __init__(self, where: str, limits: Limits) -> None:
        self.where = where
        self.limits = limits
        self.rows: list[tuple[int, list[Any]]] = []
        self.beyond: dict[int, int] = {}
        self.width: int | None = None
        self.number = 0
        self.values: list[Any] | dict[int, Any] = {}

    def refuse(self, message: str, row: int | None = None, column: str | None = None) -> None:
        raise WorkbookError([Problem(self.where, row, column, message)])

    def start(self, number: int) -> None:
        most = self.limits.rows_a_sheet
        if number > most:
            self.refuse(f"it goes on past row {most:,}: {_too_many_rows(most)}.")
        self.number = number
        self.values = {} if self.width is None else [None] * self.width

    def cell(self, index: int, value: Any) -> None:
        if self.width is not None and index < self.width:
            self.values[index] = value
        elif not is_blank(value):
            if index >= MAX_COLUMNS:
                self.too_wide(index)
            if self.width is None:
                self.values[index] = value
            else:
                self.beyond.setdefault(index, self.number)

    def too_wide(self, index: int) -> None:
        self.refuse(
            f"a value far to the right of the data: no sheet of the board workbook has more than {MAX_COLUMNS} "
            "columns. Delete the columns to the right of the data and save it again.",
            self.number,
            f"column {_letter(index)}",
        )

    def end(self) -> None:
        values = self.values
        if self.width is None:
            if not values:
                return
            self.width = max(values) + 1  # the header: the first row with a value
            header = [None] * self.width
            for index, value in values.items():
                header[index] = value
            values = header
        elif all(is_blank(value) for value in values):
            return
        self.limits.take_row()
        self.rows.append((self.number, values))

    def record(self, number: int, record: list[str]) -> None:
        """A whole row at once (a CSV record); the cells past the header's width are only looked at,
        all at once (a record of a million commas costs one join, not a million calls)."""
        self.start(number)
        if len(record) > MAX_COLUMNS:
            if "".join(record[MAX_COLUMNS:]).strip():
                self.too_wide(next(i for i in range(MAX_COLUMNS, len(record)) if record[i].strip()))
            del record[MAX_COLUMNS:]
        width = len(record) if self.width is None else self.width
        if len(record) > width and "".join(record[width:]).strip():
            for index in range(width, len(record)):
                self.cell(index, record[index])
        if self.width is None:
            for index, value in enumerate(record):
                self.cell(index, value)
        else:
            values: list[Any] = record[:width]
            values.extend([None] * (width - len(values)))
            self.values = values
        self.end()

    def sheet(self, name: str, label: str) -> RawSheet:
        return RawSheet(name, label, self.rows, self.beyond)


def read_workbook(path: str | Path, known: list[str], label: str = "", max_rows: int | None = None) -> RawWorkbook:
    """Read an .xlsx file, a folder of CSV files, a .zip of CSV files or one NAME.csv.

    `label` names the file in messages (an upload is stored under a name its owner never saw);
    `max_rows` limits the rows of the whole workbook (the browser import's limit)."""
    path = Path(path)
    label = label or path.name
    if not path.exists():
        raise WorkbookError([Problem("", None, None, f"{path}: no such file or folder.")])
    workbook = RawWorkbook()
    limits = Limits(label, max_rows)
    suffix = path.suffix.lower()
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".csv")
        for file in files:
            _add_csv(workbook, file.stem, file.open, known, limits)
    elif suffix == ".xlsx":
        _read_xlsx(workbook, path, known, label, limits)
    elif suffix == ".zip":
        _read_zip(workbook, path, known, label, limits)
    elif suffix == ".csv":
        _add_csv(workbook, path.stem, path.open, known, limits)
    else:
        raise WorkbookError(
            [Problem("", None, None, f"{label}: give an .xlsx workbook, a folder of CSV files or a .zip of them.")]
        )
    if not workbook.sheets and not workbook.problems:
        workbook.problems.append(
            Problem("", None, None, f"{label} has none of the sheets of the board workbook: {', '.join(known)}.")
        )
    return workbook


def _check_archive(path: Path, kind: str, label: str) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise WorkbookError([Problem("", None, None, f"{label} is not a readable {kind} ({exc}).")]) from None
    if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
        archive.close()
        raise WorkbookError([Problem("", None, None, f"{label} unpacks to more than 200 MB: it is refused.")])
    return archive


def _read_xlsx(workbook: RawWorkbook, path: Path, known: list[str], label: str, limits: Limits) -> None:
    from openpyxl import load_workbook

    _check_archive(path, ".xlsx workbook", label).close()
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    # openpyxl raises many kinds of error on a damaged file; all mean the same to the user.
    except Exception as exc:
        raise WorkbookError([Problem("", None, None, f"{label} is not a readable .xlsx workbook ({exc}).")]) from None
    try:
        claimed = [(sheet, workbook.claim(sheet.title, known)) for sheet in book.worksheets]
        # Every sheet's declared size first: an absurd one is refused before anything is read.
        problems = [p for sheet, name in claimed if name for p in _declared_size_problems(sheet, limits)]
        if problems:
            raise WorkbookError(problems)
        for sheet, name in claimed:
            if name is None:
                if sheet.title.strip().lower() not in known:  # else a repeated sheet, already reported
                    cells = _xlsx_cells(book, sheet, limits)
                    workbook.unknown(sheet.title, any(not is_blank(value) for _r, _c, value in cells), known)
                continue
            rows = _Rows(sheet.title, limits)
            current = None
            for number, index, value in _xlsx_cells(book, sheet, limits):
                if number != current:
                    if current is not None:
                        rows.end()
                    rows.start(number)
                    current = number
                rows.cell(index, value)
            if current is not None:
                rows.end()
            workbook.sheets[name] = rows.sheet(name, sheet.title)
    except WorkbookError:
        raise
    except Exception as exc:
        raise WorkbookError([Problem("", None, None, f"{label} is not a readable .xlsx workbook ({exc}).")]) from None
    finally:
        book.close()


def _declared_size_problems(sheet: Any, limits: Limits) -> list[Problem]:
    """A sheet whose <dimension> claims more rows or columns than any board workbook has."""
    columns, rows = sheet.max_column, sheet.max_row
    first_column, first_row = sheet.min_column or 1, sheet.min_row or ""
    # (No dimension given: the rows themselves are checked as they come.)
    size = f"{_letter(first_column - 1)}{first_row}:{_letter((columns or 1) - 1) if columns else ''}{rows or ''}"
    problems = []
    if columns is not None and columns > MAX_COLUMNS:
        problems.append(
            Problem(
                sheet.title,
                None,
                None,
                f"the sheet says it spans {size}, out to column {_letter(columns - 1)}: no sheet of the board "
                f"workbook has more than {MAX_COLUMNS} columns. Delete the columns to the right of the data and "
                "save it again.",
            )
        )
    most = limits.rows_a_sheet
    if rows is not None and rows > most:
        problems.append(
            Problem(
                sheet.title, None, None, f"the sheet says it spans {size}, past row {most:,}: {_too_many_rows(most)}."
            )
        )
    return problems


def _xlsx_cells(book: Any, sheet: Any, limits: Limits) -> Iterator[tuple[int, int, Any]]:
    """(row number, column index from 0, value) of each cell the sheet's XML holds, in order.

    Nothing is padded, and each element is let go once read, so memory stays flat however many
    cells (blank or not) the XML holds or claims; openpyxl's own parser reads each cell's value."""
    from xml.etree.ElementTree import iterparse

    from openpyxl.worksheet._reader import WorkSheetParser
    from openpyxl.xml.constants import SHEET_MAIN_NS

    data_tag, row_tag, cell_tag = (f"{{{SHEET_MAIN_NS}}}{tag}" for tag in ("sheetData", "row", "c"))
    parser = WorkSheetParser(
        None,
        sheet._shared_strings,
        data_only=True,
        epoch=book.epoch,
        date_formats=book._date_formats,
        timedelta_formats=book._timedelta_formats,
    )
    stack: list[Any] = []
    data = row = None
    in_cell = cells_in_row = 0
    with sheet._get_source() as source:
        for event, element in iterparse(source, events=("start", "end")):
            if event == "start":
                stack.append(element)
                limits.take_element(sheet.title)
                if in_cell:
                    in_cell += 1
                    if in_cell > MAX_CELL_ELEMENTS:
                        raise WorkbookError(
                            [Problem(sheet.title, parser.row_counter, None, "a cell made of too many parts to read.")]
                        )
                    continue
                if element.tag == data_tag and data is None:
                    data = element
                elif element.tag == row_tag and data is not None and row is None:
                    row, cells_in_row = element, 0
                    number = element.get("r")
                    parser.row_counter = int(float(number)) if number else parser.row_counter + 1
                    parser.col_counter = 0
                elif element.tag == cell_tag and row is not None:
                    in_cell = 1
                    cells_in_row += 1
                    if cells_in_row > MAX_COLUMNS:
                        raise WorkbookError(
                            [
                                Problem(
                                    sheet.title,
                                    parser.row_counter,
                                    None,
                                    f"more than {MAX_COLUMNS} cells in one row: no sheet of the board workbook "
                                    "has that many columns. Delete the columns to the right of the data and save "
                                    "it again.",
                                )
                            ]
                        )
                continue
            stack.pop()
            if element is row:
                row = None
            elif in_cell:
                in_cell -= 1
                if in_cell or element.tag != cell_tag:
                    continue  # a part of the cell: read with it
                found = parser.parse_cell(element)
                yield found["row"], found["column"] - 1, found["value"]
            # Let it go: each parent then holds at most the one child being read.
            if stack:
                stack[-1].remove(element)


def _read_zip(workbook: RawWorkbook, path: Path, known: list[str], label: str, limits: Limits) -> None:
    with _check_archive(path, ".zip file", label) as archive:
        for info in archive.infolist():
            name = Path(info.filename)
            hidden = name.name.startswith(".") or "__MACOSX" in name.parts
            if not info.is_dir() and not hidden and name.suffix.lower() == ".csv":
                _add_csv(workbook, name.stem, lambda mode, info=info: archive.open(info), known, limits)


def _add_csv(workbook: RawWorkbook, label: str, opener: Any, known: list[str], limits: Limits) -> None:
    """Read NAME.csv as it streams in: nothing past the row limits or the header's width is kept."""
    filename = f"{label}.csv"
    name = workbook.claim(label, known, display=filename)
    if name is None and label.strip().lower() in known:
        return  # a second file of the same sheet: already reported
    rows = _Rows(filename, limits)
    with opener("rb") as raw:
        # utf-8-sig: Excel's "CSV UTF-8" starts the file with a byte order mark.
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        lines = _Lines(text)
        try:
            for number, record in enumerate(csv.reader(lines), start=1):
                lines.taken = 0
                rows.record(number, record)
                if name is None and rows.rows:
                    break  # a file of no sheet: one value is enough to say so
        except UnicodeDecodeError:
            position = _bad_byte(opener)
            workbook.problems.append(
                Problem(
                    filename, None, None, f'not UTF-8 text (byte {position} cannot be read): save it as "CSV UTF-8".'
                )
            )
            return
        except csv.Error as exc:
            workbook.problems.append(Problem(filename, None, None, f"not a readable CSV file ({exc})."))
            return
    if name is None:
        workbook.unknown(filename, bool(rows.rows), known)
        return
    workbook.sheets[name] = rows.sheet(name, label)


class _Lines:
    """The lines of a CSV file for csv.reader, refusing a record of more than MAX_RECORD_CHARS
    (the reader sets `taken` back to 0 after each record)."""

    def __init__(self, text: IO[str]) -> None:
        self.text = text
        self.taken = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = self.text.readline(MAX_RECORD_CHARS + 1)
        if not line:
            raise StopIteration
        self.taken += len(line)
        if self.taken > MAX_RECORD_CHARS:
            raise csv.Error(f"a row of more than {MAX_RECORD_CHARS // (1024 * 1024)} million characters")
        return line


def _bad_byte(opener: Any) -> int:
    """Where the first byte that is not UTF-8 is (counted from 1), read again only when there is one."""
    with opener("rb") as raw:
        data = raw.read()
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return exc.start + 1
    return 0


# --- writing ------------------------------------------------------------------------------------


@dataclass
class Table:
    """A sheet ready to write: the header, then rows of text, whole numbers or None (blank)."""

    name: str
    header: list[str]
    rows: list[list[Any]]


def write_xlsx(target: str | Path | BinaryIO, tables: list[Table]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for table in tables:
        sheet = book.create_sheet(table.name)
        sheet.freeze_panes = "A2"
        header = []
        for name in table.header:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in table.rows:
            # Control characters cannot be stored in .xlsx; they never carry meaning in these records.
            sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    book.save(target)


def write_csv_folder(folder: str | Path, tables: list[Table]) -> None:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for table in tables:
        with (folder / f"{table.name}.csv").open("w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(table.header)
            writer.writerows([["" if value is None else value for value in row] for row in table.rows])
