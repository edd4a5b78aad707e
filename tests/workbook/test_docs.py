"""docs/WORKBOOK.md documents every column of every sheet the import reads."""

from __future__ import annotations

import re
from pathlib import Path

from lscb.workbook import sheets

DOC = Path(__file__).resolve().parents[2] / "docs" / "WORKBOOK.md"


def documented() -> dict[str, set[str]]:
    """The column names of each sheet's table in the doc (a row may name several: "plan, priority")."""
    tables: dict[str, set[str]] = {}
    sheet = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^## (\w+)", line)
        if heading:
            sheet = heading[1]
            continue
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if sheet and line.startswith("|") and len(cells) >= 3 and cells[0] not in ("column", "---"):
            tables.setdefault(sheet, set()).update(name.strip(" `") for name in cells[0].split(","))
    return tables


def test_every_column_of_every_sheet_is_documented():
    tables = documented()
    missing = {
        sheet.name: sorted(
            column
            for column in sheet.columns_by_name
            # A plan's key has one column per level code of its scale: documented as <code>_meaning.
            if column not in tables.get(sheet.name, set()) and not column.endswith("_meaning")
        )
        for sheet in sheets()
    }
    assert {name: columns for name, columns in missing.items() if columns} == {}
