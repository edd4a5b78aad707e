"""The sheets of the board workbook, declared by each app's `sheets.py`, in import order."""

from __future__ import annotations

from .sheet import Sheet

_SHEETS: dict[str, Sheet] = {}


def register(sheet_class: type[Sheet]) -> type[Sheet]:
    """Class decorator: add a sheet to the board workbook."""
    sheet = sheet_class()
    if sheet.name in _SHEETS and type(_SHEETS[sheet.name]) is not sheet_class:
        raise ValueError(f"Two sheets are named {sheet.name!r}.")
    _SHEETS[sheet.name] = sheet
    return sheet_class


def get_sheet(name: str) -> Sheet:
    return _SHEETS[name]


def sheet_names() -> list[str]:
    return [sheet.name for sheet in sheets()]


def sheets() -> list[Sheet]:
    """Every sheet, each after the sheets it depends on; otherwise in registration order."""
    ordered: list[Sheet] = []
    placed: set[str] = set()
    visiting: set[str] = set()

    def place(sheet: Sheet) -> None:
        if sheet.name in placed:
            return
        if sheet.name in visiting:
            raise ValueError(f"The sheet {sheet.name!r} depends on itself through other sheets.")
        visiting.add(sheet.name)
        for name in sorted(sheet.depends_on, key=_position):
            if name not in _SHEETS:
                raise ValueError(f"The sheet {sheet.name!r} refers to {name!r}, which is not registered.")
            place(_SHEETS[name])
        visiting.discard(sheet.name)
        placed.add(sheet.name)
        ordered.append(sheet)

    for sheet in _SHEETS.values():
        place(sheet)
    return ordered


def _position(name: str) -> int:
    names = list(_SHEETS)
    return names.index(name) if name in names else len(names)
