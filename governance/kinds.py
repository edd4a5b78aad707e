"""The words each kind of board speaks: a children's partnership (Working Together to Safeguard
Children 2023) of children and families, rapid reviews and child safeguarding practice reviews,
and its three safeguarding partners; a Safeguarding Adults Board (Care Act 2014) of adults at
risk, Safeguarding Adults Reviews and its statutory members.

Pages and reports ask `words_for(board)` (or `words_for_kind(kind)`) rather than writing either
set of words themselves."""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import BoardKind


@dataclass(frozen=True)
class KindWords:
    kind: str
    law: str  # the law the board's yearly report follows
    report_name: str  # what the law calls the report
    people: str  # whom the board safeguards, as a sentence names them
    reviews: str  # the case reviews it holds
    review_short: str  # one review, as a register names it
    partners_title: str  # what the law calls the partners who make the arrangements
    partners: tuple[str, ...]
    partners_intro: str  # the sentence that names them, before the list
    checklist_intro: str  # what the report's statutory checklist is measured against
    contributors: str = "partners"  # who pays into the board's budget, as its money is reported
    # The narrative sections' titles where the kind changes them (yearend.models.NARRATIVE_SECTIONS
    # gives the others).
    narrative: dict[str, str] = field(default_factory=dict)

    @property
    def report_under(self) -> str:
        """ "The safeguarding partners' yearly report under Working Together to Safeguard Children 2023"."""
        return f"{self.report_name} under {self.law}"

    @property
    def partners_sentence(self) -> str:
        """ "The board's statutory members are the local authority, the integrated care board and the police."."""
        return f"{self.partners_intro} {self.partners_text}."

    @property
    def partners_text(self) -> str:
        """ "the local authority, the integrated care board and the chief officer of police"."""
        names = [f"the {name}" for name in self.partners]
        return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)


CHILDREN = KindWords(
    kind=BoardKind.CHILDREN,
    law="Working Together to Safeguard Children 2023",
    report_name="The safeguarding partners' yearly report",
    people="children and families",
    reviews="rapid reviews and child safeguarding practice reviews",
    review_short="child safeguarding practice review",
    partners_title="safeguarding partners",
    partners=("local authority", "integrated care board", "chief officer of police"),
    partners_intro="The arrangements are made by the three safeguarding partners:",
    checklist_intro="What Working Together to Safeguard Children 2023 expects the safeguarding partners' "
    "yearly report to contain, and where this report covers it.",
    narrative={
        "governance": "Commentary: governance and independent scrutiny",
        "reviews": "Learning from rapid reviews and child safeguarding practice reviews",
        "voice": "How the views of children and families were sought and used",
        "resources": "How the arrangements are funded: budget and partners' contributions",
    },
)

ADULTS = KindWords(
    kind=BoardKind.ADULTS,
    law="the Care Act 2014, Schedule 2, paragraph 4",
    report_name="The Safeguarding Adults Board's annual report",
    people="adults at risk and their families",
    reviews="Safeguarding Adults Reviews",
    review_short="Safeguarding Adults Review",
    partners_title="statutory members",
    partners=("local authority", "integrated care board", "police"),
    partners_intro="The board's statutory members are",
    contributors="members",
    checklist_intro="What the Care Act 2014 (Schedule 2, paragraph 4) requires the board's annual report "
    "to say, and where this report says it.",
    narrative={
        "governance": "Commentary: governance and what each member did",
        "reviews": "Learning from Safeguarding Adults Reviews",
        "voice": "How the views of adults at risk and their families were used",
        "resources": "Budget and members' contributions",
    },
)

KINDS = {CHILDREN.kind: CHILDREN, ADULTS.kind: ADULTS}


def words_for_kind(kind: str) -> KindWords:
    """The words of a kind of board (a children's board's for an unknown kind)."""
    return KINDS.get(kind, CHILDREN)


def words_for(board) -> KindWords:
    """The words of `board`'s kind (a children's board's for no board)."""
    return words_for_kind(getattr(board, "kind", BoardKind.CHILDREN))
