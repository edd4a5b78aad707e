"""Lists as CSV and Excel files that no spreadsheet program runs as formulas."""

from __future__ import annotations

from typing import Any

from django_tables2.export import TableExport
from tablib import Dataset

from lscb.text import without_control_characters
from lscb.workbook.columns import quote


def safe_cell(value: Any) -> Any:
    """A cell for a CSV or Excel file: text starting with = + - @ gets a leading quote (the
    workbook's convention), and control characters that .xlsx cannot store are dropped."""
    if isinstance(value, str):
        return quote(without_control_characters(str(value)))
    return value


class SafeTableExport(TableExport):
    """The django-tables2 export of every list page, with every text cell made safe."""

    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None) -> Dataset:
        dataset = super().table_to_dataset(table, exclude_columns, dataset_kwargs)
        safe = Dataset(title=dataset.title, headers=[safe_cell(h) for h in dataset.headers or []])
        for row in dataset:
            safe.append([safe_cell(value) for value in row])
        return safe
