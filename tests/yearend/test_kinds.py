"""The words of each kind of board (governance.kinds)."""

from governance.kinds import ADULTS, CHILDREN, words_for, words_for_kind
from governance.models import Board, BoardKind
from yearend.models import NARRATIVE_SECTIONS, narrative_sections


def test_each_kind_has_its_own_words():
    adults = words_for(Board(kind=BoardKind.ADULTS))
    assert adults is ADULTS and words_for(Board(kind=BoardKind.CHILDREN)) is CHILDREN
    assert adults.people == "adults at risk and their families"
    assert adults.reviews == "Safeguarding Adults Reviews"
    assert adults.partners_sentence == (
        "The board's statutory members are the local authority, the integrated care board and the police."
    )
    assert CHILDREN.people == "children and families"
    assert CHILDREN.reviews == "rapid reviews and child safeguarding practice reviews"
    assert CHILDREN.partners_text == "the local authority, the integrated care board and the chief officer of police"
    assert CHILDREN.report_under.endswith("under Working Together to Safeguard Children 2023")
    assert ADULTS.report_under.endswith("under the Care Act 2014, Schedule 2, paragraph 4")


def test_no_board_or_an_unknown_kind_speaks_as_a_childrens_board():
    assert words_for(None) is CHILDREN and words_for_kind("elsewhere") is CHILDREN


def test_narrative_sections_keep_their_keys_and_order_and_follow_the_kind():
    keys = [key for key, _title in NARRATIVE_SECTIONS]
    adults = dict(narrative_sections(BoardKind.ADULTS))
    children = dict(narrative_sections(BoardKind.CHILDREN))
    assert list(adults) == list(children) == keys
    assert adults["reviews"] == "Learning from Safeguarding Adults Reviews"
    assert adults["voice"] == "How the views of adults at risk and their families were used"
    assert children["reviews"] == "Learning from rapid reviews and child safeguarding practice reviews"
    assert children["voice"] == "How the views of children and families were sought and used"
    assert adults["introduction"] == children["introduction"] == "The chair's introduction"
    assert not any("child" in title.lower() for title in adults.values())
