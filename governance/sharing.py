"""Which groups a board's pages show (its own and those joint with it), and how a joint group is
marked on them ("joint with Northmoor SAB")."""

from __future__ import annotations

from collections.abc import Iterable

from .models import Board, Group


def board_groups(board: Board):
    """The groups a board's pages show: its own, and other boards' groups joint with it."""
    return Group.objects.for_board(board)


def mark_joint(groups: Iterable[Group], board: Board, boards: list[Board]) -> None:
    """Set `shared_with` on each group: the other boards of the instance sharing it ("Northmoor
    SAB"), and `joint_label` ("joint with Northmoor SAB"); both "" for a group of this board alone. One query, and none when the instance has one board
    (`boards`: the instance's boards, as request.boards has them)."""
    groups = list(groups)
    for group in groups:
        group.shared_with = group.joint_label = ""
    if len(boards) < 2 or not groups:
        return
    names = {other.pk: other.label for other in boards}
    sharing: dict[int, set[int]] = {group.pk: {group.board_id} for group in groups}
    through = Group.joint_boards.through.objects.filter(group_id__in=list(sharing))
    for group_id, board_id in through.values_list("group_id", "board_id"):
        sharing[group_id].add(board_id)
    for group in groups:
        others = sorted(names[pk] for pk in sharing[group.pk] - {board.pk} if pk in names)
        if others:
            group.shared_with = " and ".join(others)
            group.joint_label = f"joint with {group.shared_with}"
