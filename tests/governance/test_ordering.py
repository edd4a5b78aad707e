"""Groups run in the board's own order: its numbers first, then the tree."""

import pytest

from governance.ordering import board_order, tree_order
from tests.factories import GroupFactory

pytestmark = pytest.mark.django_db


def test_unnumbered_groups_follow_the_tree_with_the_board_first():
    board = GroupFactory(name="Zeta Safeguarding Board", kind="board")
    qeg = GroupFactory(name="Quality and Effectiveness Group", kind="subgroup", parent=board)
    audit = GroupFactory(name="Audit task and finish", kind="task_and_finish", parent=qeg)
    cdop = GroupFactory(name="Child Death Overview Panel", kind="panel", parent=board)
    assert board_order([audit, cdop, qeg, board]) == [board, cdop, qeg, audit]
    assert [depth for _, depth in tree_order([audit, cdop, qeg, board])] == [0, 1, 1, 2]


def test_the_boards_numbers_come_first_in_their_order():
    board = GroupFactory(name="Board", kind="board")
    training = GroupFactory(name="Training", kind="subgroup", parent=board, position=2)
    qeg = GroupFactory(name="QEG", kind="subgroup", parent=board, position=1)
    cdop = GroupFactory(name="CDOP", kind="panel", parent=board)
    assert board_order([board, training, qeg, cdop]) == [qeg, training, board, cdop]
