"""Reading and writing the two forms of the workbook: one .xlsx file, or NAME.csv files."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from .problems import Problem, WorkbookError

# Refuse archives that would unpack to more than this: a small upload must not fill the memory.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ROWS = 200_000


@dataclass
class RawSheet:
    """A sheet as read: every row with its spreadsheet row number, values not yet checked."""

    name: str
    label: str
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)


@dataclass
class RawWorkbook:
    sheets: dict[str, RawSheet] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def add(self, label: str, rows: Iterable[tuple[int, list[Any]]], known: list[str], display: str = "") -> None:
        """Add a sheet read from the tab or file `label`, refusing unknown and repeated names."""
        name = label.strip().lower()
        display = display or label
        if name not in known:
            rows = list(rows)
            if any(any(value not in (None, "") for value in row) for _number, row in rows):
                self.problems.append(
                    Problem(
                        display, None, None, f"not a sheet of the board workbook (its sheets are: {', '.join(known)})."
                    )
                )
            return  # an empty tab that Excel added ("Sheet1") is no error
        if name in self.sheets:
            self.problems.append(Problem(display, None, None, f"the sheet {name} appears twice."))
            return
        self.sheets[name] = RawSheet(name, label, list(rows))


def read_workbook(path: str | Path, known: list[str], label: str = "") -> RawWorkbook:
    """Read an .xlsx file, a folder of CSV files, a .zip of CSV files or one NAME.csv.

    `label` names the file in messages (an upload is stored under a name its owner never saw)."""
    path = Path(path)
    label = label or path.name
    if not path.exists():
        raise WorkbookError([Problem("", None, None, f"{path}: no such file or folder.")])
    workbook = RawWorkbook()
    suffix = path.suffix.lower()
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".csv")
        for file in files:
            _add_csv(workbook, file.stem, file.read_bytes(), known)
    elif suffix == ".xlsx":
        _read_xlsx(workbook, path, known, label)
    elif suffix == ".zip":
        _read_zip(workbook, path, known, label)
    elif suffix == ".csv":
        _add_csv(workbook, path.stem, path.read_bytes(), known)
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


def _read_xlsx(workbook: RawWorkbook, path: Path, known: list[str], label: str) -> None:
    from openpyxl import load_workbook

    _check_archive(path, ".xlsx workbook", label).close()
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    # openpyxl raises many kinds of error on a damaged file; all mean the same to the user.
    except Exception as exc:
        raise WorkbookError([Problem("", None, None, f"{label} is not a readable .xlsx workbook ({exc}).")]) from None
    try:
        for sheet in book.worksheets:
            rows = []
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                if number > MAX_ROWS:
                    raise WorkbookError([Problem(sheet.title, None, None, f"more than {MAX_ROWS} rows: refused.")])
                rows.append((number, list(values)))
            workbook.add(sheet.title, rows, known)
    except WorkbookError:
        raise
    except Exception as exc:
        raise WorkbookError([Problem("", None, None, f"{label} is not a readable .xlsx workbook ({exc}).")]) from None
    finally:
        book.close()


def _read_zip(workbook: RawWorkbook, path: Path, known: list[str], label: str) -> None:
    with _check_archive(path, ".zip file", label) as archive:
        for info in archive.infolist():
            name = Path(info.filename)
            hidden = name.name.startswith(".") or "__MACOSX" in name.parts
            if not info.is_dir() and not hidden and name.suffix.lower() == ".csv":
                _add_csv(workbook, name.stem, archive.read(info), known)


def _add_csv(workbook: RawWorkbook, label: str, data: bytes, known: list[str]) -> None:
    filename = f"{label}.csv"
    try:
        # utf-8-sig: Excel's "CSV UTF-8" starts the file with a byte order mark.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        workbook.problems.append(
            Problem(
                filename,
                None,
                None,
                f'not UTF-8 text (byte {exc.start + 1} cannot be read): save it as "CSV UTF-8".',
            )
        )
        return
    try:
        rows = [(number, row) for number, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1)]
    except csv.Error as exc:
        workbook.problems.append(Problem(filename, None, None, f"not a readable CSV file ({exc})."))
        return
    if len(rows) > MAX_ROWS:
        workbook.problems.append(Problem(filename, None, None, f"more than {MAX_ROWS} rows: refused."))
        return
    workbook.add(label, rows, known, display=filename)


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
