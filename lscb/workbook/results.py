"""What an import reports: counts per sheet, the records created and changed, and any problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .problems import Problem


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class FieldChange:
    """One changed field: its workbook column (or model field), and the values as people read them."""

    column: str
    old: Any
    new: Any
    # How people know the field ("by when"), and the workbook column when the label does not say it.
    label: str = ""
    hint: str = ""


@dataclass
class Change:
    """A record the import creates or updates (the preview lists these)."""

    sheet: str
    row: int
    key: str
    action: str  # "created" or "updated"
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class ImportResult:
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, Counts] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """One line per sheet: "agencies: 3 created, 1 updated, 0 unchanged"."""
        return "\n".join(
            f"{name}: {c.created} created, {c.updated} updated, {c.unchanged} unchanged"
            for name, c in self.counts.items()
        )
