"""The demo's two boards of one area: the children's partnership and the Safeguarding Adults Board."""

from __future__ import annotations

from typing import NamedTuple

from governance.models import Board, BoardKind, Group, GroupKind

from .groups import ADULTS, CHILDREN, GROUPS


class BoardSpec(NamedTuple):
    key: str
    name: str
    short_name: str
    slug: str
    kind: str
    area: str


AREA = "Northmoor"
BOARDS = [
    BoardSpec(
        CHILDREN, "Northmoor Safeguarding Children Partnership", "NSCP", "northmoor-scp", BoardKind.CHILDREN, AREA
    ),
    BoardSpec(ADULTS, "Northmoor Safeguarding Adults Board", "NSAB", "northmoor-sab", BoardKind.ADULTS, AREA),
]
SPECS = {spec.key: spec for spec in BOARDS}
# The children's demo was built before boards were records: its top group still bears the old name.
_CHILDREN_TOP_GROUP = next(spec.name for spec in GROUPS if spec.kind == GroupKind.BOARD)


def find(key: str) -> Board | None:
    """The demo's board in this database: by its name, short name or address, else (the children's)
    the board that holds the children's demo groups, e.g. one migrated from a single-board database."""
    spec = SPECS[key]
    for text in (spec.name, spec.short_name, spec.slug):
        board = Board.objects.by_key(text).order_by("pk").first()
        if board is not None:
            return board
    if key == CHILDREN:
        group = Group.objects.filter(name=_CHILDREN_TOP_GROUP, kind=GroupKind.BOARD).select_related("board").first()
        return group.board if group else None
    return None


def demo_boards() -> dict[str, Board]:
    """The demo's boards found in this database, by key (none when the demo was not built)."""
    return {spec.key: board for spec in BOARDS if (board := find(spec.key)) is not None}
