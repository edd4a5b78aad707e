"""The board's own order of its groups: how the report, the structure and every list of groups run.

A board that numbers its groups (Group.position) sees them in that order; groups it has not
numbered follow in the order of the tree: the board first, then each group under the one it
reports to, siblings by name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from .models import Group, GroupKind


def tree_order(groups: Iterable[Group]) -> list[tuple[Group, int]]:
    """The groups as a tree walked depth first, each with its depth (a parent that is not among
    `groups` counts as no parent)."""
    groups = list(groups)
    ids = {group.pk for group in groups}
    children: dict[int | None, list[Group]] = defaultdict(list)
    for group in groups:
        children[group.parent_id if group.parent_id in ids else None].append(group)
    for siblings in children.values():
        siblings.sort(key=lambda g: (g.kind != GroupKind.BOARD, g.name.casefold(), g.pk))
    walked: list[tuple[Group, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for group in children[parent_id]:
            walked.append((group, depth))
            walk(group.pk, depth + 1)

    walk(None, 0)
    return walked


def board_order(groups: Iterable[Group]) -> list[Group]:
    """Numbered groups by their number, then the rest in tree order."""
    walked = [group for group, _depth in tree_order(groups)]
    place = {group.pk: n for n, group in enumerate(walked)}
    return sorted(walked, key=lambda g: (g.position is None, g.position or 0, place[g.pk]))
