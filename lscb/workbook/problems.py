"""What an import reports when a workbook cannot be imported."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One error, located as `sheet, row N, column` (any of them blank for file-level errors)."""

    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        place = [self.sheet] if self.sheet else []
        if self.row is not None:
            place.append(f"row {self.row}")
        if self.column:
            place.append(self.column)
        return f"{', '.join(place)}: {self.message}" if place else self.message


class WorkbookError(Exception):
    """The file cannot be read at all: nothing in it can be checked."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems
