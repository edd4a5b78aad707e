"""Who sits on the demo boards' groups, and when; and who comes to present an item."""

from __future__ import annotations

from typing import NamedTuple

from governance.models import Expected, Role

from .groups import ADULT_GROUPS, CURRENT, GROUPS, PREVIOUS, When


class Seat(NamedTuple):
    """A membership; a blank start means "before records"."""

    group: str
    person: str
    role: str = Role.MEMBER
    expected: str = Expected.ALL
    start: When | None = None
    end: When | None = None


# Changes of representative during the two years.
HALLAM_LEFT, COLE_JOINED = When(PREVIOUS, 10, 31), When(PREVIOUS, 11, 1)
NOLAN_JOINED = When(PREVIOUS, 12, 1)
LYNCH_RETIRED, WALSH_JOINED = When(CURRENT, 4, 30), When(CURRENT, 5, 1)
METCALFE_LEFT, DUFFY_JOINED = When(CURRENT, 6, 30), When(CURRENT, 7, 1)
BELL_LEFT, SHAW_JOINED = When(CURRENT, 8, 31), When(CURRENT, 9, 1)
# Task-and-finish seats last as long as the group.
_TASK = {group.key: group for group in GROUPS}
DA_FROM, DA_TO = _TASK["da"].active_from, _TASK["da"].active_to
DISABILITY_FROM = _TASK["disability"].active_from

CHAIR, VICE, ADVISER, OFFICER = Role.CHAIR, Role.VICE_CHAIR, Role.ADVISER, Role.OFFICER
ITEMS = Expected.FOR_ITEMS


def _seats(group: str, *rows: tuple) -> list[Seat]:
    return [Seat(group, *row) for row in rows]


SEATS = [
    *_seats(
        "board",
        ("ellison", CHAIR),
        ("hammond", VICE),
        ("hollis",),
        ("booth", ADVISER),  # the lead member is a participating observer
        ("hallam", Role.MEMBER, Expected.ALL, None, HALLAM_LEFT),
        ("cole", Role.MEMBER, Expected.ALL, COLE_JOINED),
        ("sutcliffe",),
        ("metcalfe", Role.MEMBER, Expected.ALL, None, METCALFE_LEFT),
        ("duffy", Role.MEMBER, Expected.ALL, DUFFY_JOINED),
        ("gallagher",),
        ("charlton",),
        ("kaye",),
        ("dawson",),
        ("osei",),
        ("whitfield",),
        ("ridley",),
        ("bell", Role.MEMBER, Expected.ALL, None, BELL_LEFT),
        ("shaw", Role.MEMBER, Expected.ALL, SHAW_JOINED),
        ("barnes",),
        ("lambert",),
        ("nolan", Role.MEMBER, Expected.ALL, NOLAN_JOINED),
        ("marsden", OFFICER),
        ("pickering", OFFICER),
        ("redfern", ADVISER, ITEMS),
        ("siddiqui", ADVISER, ITEMS),
        ("hudson", ADVISER, ITEMS),
    ),
    *_seats(
        "business",
        ("ellison", CHAIR),
        ("brennan", VICE),
        ("hallam", Role.MEMBER, Expected.ALL, None, HALLAM_LEFT),
        ("cole", Role.MEMBER, Expected.ALL, COLE_JOINED),
        ("hammond",),
        ("hudson",),
        ("barker",),
        ("moss",),
        ("pratt",),
        ("whitfield",),
        ("marsden", OFFICER),
        ("pickering", OFFICER),
    ),
    *_seats(
        "scr",
        ("brennan", CHAIR),
        ("siddiqui", VICE),
        ("lynch", Role.MEMBER, Expected.ALL, None, LYNCH_RETIRED),
        ("walsh", Role.MEMBER, Expected.ALL, WALSH_JOINED),
        ("hudson",),
        ("lawson",),
        ("wood",),
        ("redfern",),
        ("kaye", Role.MEMBER, ITEMS),
        ("osei", Role.MEMBER, ITEMS),
        ("marsden", OFFICER),
        ("raman", OFFICER),
    ),
    *_seats(
        "qeg",
        ("hudson", CHAIR),
        ("fairclough", Role.MEMBER, Expected.ALL, None, When(PREVIOUS, 3, 31)),
        ("fairclough", VICE, Expected.ALL, When(CURRENT, 4, 1)),
        ("lynch", Role.MEMBER, Expected.ALL, None, LYNCH_RETIRED),
        ("walsh", Role.MEMBER, Expected.ALL, WALSH_JOINED),
        ("wood",),
        ("hirst",),
        ("ashworth",),
        ("ward",),
        ("holt",),
        ("archer", Role.MEMBER, Expected.ALL, None, When(CURRENT, 9, 30)),
        ("kendall",),
        ("fletcher",),
        ("nolan", Role.MEMBER, Expected.ALL, NOLAN_JOINED),
        ("pratt", ADVISER, ITEMS),
        ("fisher", ADVISER, ITEMS),
        ("raman", OFFICER),
    ),
    *_seats(
        "twd",
        ("moss", CHAIR),
        ("wood", VICE),
        ("hirst",),
        ("kendall",),
        ("crossley",),
        ("walsh", Role.MEMBER, Expected.ALL, WALSH_JOINED),
        ("jenkins",),
        ("ward",),
        ("redfern", ADVISER, ITEMS),
        ("okafor", OFFICER),
        # Joint with the adults' board: its training leads sit here too.
        ("naylor",),
        ("mahmood",),
    ),
    *_seats(
        "cdop",
        ("pratt", CHAIR),
        ("pearce", VICE),
        ("yates",),
        ("lawson",),
        ("lynch", Role.MEMBER, Expected.ALL, None, LYNCH_RETIRED),
        ("walsh", Role.MEMBER, Expected.ALL, WALSH_JOINED),
        ("fairclough",),
        ("grey",),
        ("hirst", ADVISER, ITEMS),
        ("rhodes", OFFICER),
        ("whitaker", OFFICER),
    ),
    *_seats(
        "esafety",
        ("crossley", CHAIR),
        ("ogden", VICE),
        ("price",),
        ("kendall",),
        ("ridley",),
        ("ali",),
        ("grey",),
        ("okafor", OFFICER),
    ),
    *_seats(
        "cse",
        ("barker", CHAIR),
        ("hussain", VICE),
        ("ashworth",),
        ("ward",),
        ("wood",),
        ("price",),
        ("archer",),
        ("fletcher",),
        ("kendall",),
        ("pratt", ADVISER, ITEMS),
        ("raman", OFFICER),
    ),
    *_seats(
        "policies",
        ("fairclough", CHAIR),
        ("redfern",),
        ("hirst",),
        ("holt",),
        ("walsh", Role.MEMBER, Expected.ALL, WALSH_JOINED),
        ("crossley",),
        ("mellor",),
        ("marsden", OFFICER),
    ),
    *_seats(
        "comms",
        ("barnes", CHAIR),
        ("ali",),
        ("kendall",),
        ("price",),
        ("lambert",),
        ("gallagher", ADVISER, ITEMS),
        ("pickering", OFFICER),
    ),
    *_seats(
        "da",
        ("ashworth", CHAIR, Expected.ALL, DA_FROM, DA_TO),
        ("heywood", VICE, Expected.ALL, DA_FROM, DA_TO),
        ("jenkins", Role.MEMBER, Expected.ALL, DA_FROM, DA_TO),
        ("holt", Role.MEMBER, Expected.ALL, DA_FROM, DA_TO),
        ("archer", Role.MEMBER, Expected.ALL, DA_FROM, DA_TO),
        ("hirst", Role.MEMBER, Expected.ALL, DA_FROM, DA_TO),
        ("barker", Role.MEMBER, Expected.ALL, DA_FROM, DA_TO),
        ("mellor", Role.MEMBER, Expected.ALL, DA_FROM, DA_TO),
    ),
    *_seats(
        "disability",
        ("lowther", CHAIR, Expected.ALL, DISABILITY_FROM),
        ("mellor", Role.MEMBER, Expected.ALL, DISABILITY_FROM),
        ("wood", Role.MEMBER, Expected.ALL, DISABILITY_FROM),
        ("crossley", Role.MEMBER, Expected.ALL, DISABILITY_FROM),
        ("nolan", Role.MEMBER, Expected.ALL, DISABILITY_FROM),
        ("fletcher", Role.MEMBER, Expected.ALL, DISABILITY_FROM),
        ("siddiqui", ADVISER, ITEMS, DISABILITY_FROM),
    ),
]

SELF_NEGLECT_FROM = next(group for group in ADULT_GROUPS if group.key == "selfneglect").active_from

# The adults' board. The police, health and the business unit send the same people as to the
# children's partnership; the council sends adult social care.
ADULT_SEATS = [
    *_seats(
        "sab",
        ("quinn", CHAIR),
        ("armitage", VICE),
        ("hammond",),
        ("hallam", Role.MEMBER, Expected.ALL, None, HALLAM_LEFT),
        ("cole", Role.MEMBER, Expected.ALL, COLE_JOINED),
        ("pym", ADVISER),
        ("gallagher",),
        ("marshall",),
        ("sutcliffe",),
        ("metcalfe", Role.MEMBER, Expected.ALL, None, METCALFE_LEFT),
        ("duffy", Role.MEMBER, Expected.ALL, DUFFY_JOINED),
        ("kaye",),
        ("spencer",),
        ("forde",),
        ("dyson",),
        ("barnes",),
        ("fenwick",),
        ("marsden", OFFICER),
        ("pickering", OFFICER),
        ("whittle", ADVISER, ITEMS),
        ("clegg", ADVISER, ITEMS),
    ),
    *_seats(
        "sabexec",
        ("quinn", CHAIR),
        ("armitage", VICE),
        ("hammond",),
        ("hallam", Role.MEMBER, Expected.ALL, None, HALLAM_LEFT),
        ("cole", Role.MEMBER, Expected.ALL, COLE_JOINED),
        ("whittle",),
        ("marsden", OFFICER),
    ),
    *_seats(
        "sar",
        ("clegg", CHAIR),
        ("whittle", VICE),
        ("royle",),
        ("mahmood",),
        ("naylor",),
        ("tranter", Role.MEMBER, Expected.ALL, When(PREVIOUS, 10, 1)),
        ("forde", Role.MEMBER, ITEMS),
        ("reeve", ADVISER, ITEMS),
        ("sharrock", OFFICER),
        ("raman", OFFICER),
    ),
    *_seats(
        "qp",
        ("whittle", CHAIR),
        ("tranter", VICE),
        ("clegg",),
        ("royle",),
        ("mahmood",),
        ("dyson",),
        ("spencer", Role.MEMBER, Expected.ALL, None, When(CURRENT, 8, 31)),
        ("fenwick",),
        ("sharrock", OFFICER),
    ),
    *_seats(
        "jcomms",
        ("cope", CHAIR),
        ("barnes", VICE),
        ("ali",),
        ("dyson",),
        ("price",),
        ("lambert",),
        ("fenwick",),
        ("pickering", OFFICER),
    ),
    *_seats(
        "selfneglect",
        ("naylor", CHAIR, Expected.ALL, SELF_NEGLECT_FROM),
        ("spencer", Role.MEMBER, Expected.ALL, SELF_NEGLECT_FROM),
        ("forde", Role.MEMBER, Expected.ALL, SELF_NEGLECT_FROM),
        ("mahmood", Role.MEMBER, Expected.ALL, SELF_NEGLECT_FROM),
        ("clegg", Role.MEMBER, Expected.ALL, SELF_NEGLECT_FROM),
        ("sharrock", OFFICER, Expected.ALL, SELF_NEGLECT_FROM),
    ),
]

# Non-members who come to present an item: (person, note on the register).
GUESTS = {
    "board": [
        ("pratt", "Presenting the Child Death Overview Panel annual report"),
        ("barker", "Update from the CSE and Missing Sub-group"),
        ("moss", "Presenting the multi-agency training evaluation"),
        ("reeve", "Presenting the findings of a serious case review"),
        ("crossley", "Presenting the Section 11 audit of schools"),
    ],
    "business": [("raman", "Presenting the multi-agency audit programme")],
    "scr": [("reeve", "Independent reviewer"), ("hussain", "For the item on a case under consideration")],
    "qeg": [("redfern", "Presenting the LADO annual report"), ("mellor", "Presenting the health visiting audit")],
    "twd": [("raman", "Learning from reviews for the training programme")],
    "cse": [("heywood", "Links with the domestic abuse work")],
    "policies": [("okafor", "Training on the revised procedures")],
    "da": [("hussain", "Overlap with the CSE and Missing Sub-group")],
}

ADULT_GUESTS = {
    "sab": [
        ("reeve", "Presenting the Safeguarding Adults Review of Adult D"),
        ("naylor", "Presenting the Making Safeguarding Personal audit"),
        ("raman", "Learning from reviews: the joint briefing for both boards"),
    ],
    "sar": [("tranter", "For the item on a referral under consideration")],
    "qp": [("naylor", "Presenting the principal social worker's case file audit")],
    "jcomms": [("okafor", "The joint training calendar for the newsletter")],
}
