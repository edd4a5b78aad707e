"""The demo boards' groups: each board's tree, how often each group meets, the task-and-finish
groups, and the two groups the boards hold jointly (training, owned by the children's
partnership; communications, owned by the adults' board)."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from governance.models import Frequency, GroupKind
from lscb.years import ReportingYear

PREVIOUS, CURRENT = -1, 0
NEIGHBOUR = "Westdale Safeguarding Children Board"
# The demo's two boards (governance.demo.boards), by key.
CHILDREN, ADULTS = "children", "adults"


class When(NamedTuple):
    """A day given relative to the reporting years, so the demo stays current."""

    year: int  # PREVIOUS or CURRENT reporting year
    month: int
    day: int

    def on(self, current: ReportingYear) -> date:
        year = current if self.year == CURRENT else current.previous
        return date(year.first if self.month >= 4 else year.first + 1, self.month, self.day)


class GroupSpec(NamedTuple):
    """A group, and the weekday and week of the month it meets on (0 = Monday)."""

    key: str
    name: str
    short_name: str
    kind: str
    parent: str | None
    frequency: str
    planned: int
    weekday: int
    week: int
    joint_with: str = ""
    months: tuple[int, ...] = ()  # blank: from the frequency, as the scheduling service does
    active_from: When | None = None
    active_to: When | None = None
    joint_boards: tuple[str, ...] = ()  # the other boards of the instance it is held jointly with


# Parents come before their children, so each group's parent exists when it is created.
GROUPS = [
    GroupSpec(
        "board",
        "Northmoor Safeguarding Children Board",
        "Board",
        GroupKind.BOARD,
        None,
        Frequency.BIMONTHLY,
        6,
        weekday=3,
        week=3,
        months=(5, 7, 9, 11, 1, 3),  # no August board: the business committee prepares each one
    ),
    GroupSpec(
        "business",
        "Business Committee",
        "Business Committee",
        GroupKind.COMMITTEE,
        "board",
        "",
        5,
        weekday=1,
        week=3,
        months=(4, 6, 10, 12, 2),
    ),
    GroupSpec(
        "scr",
        "Serious Case Review Sub-committee",
        "SCR",
        GroupKind.SUBGROUP,
        "board",
        Frequency.MONTHLY,
        12,
        weekday=2,
        week=2,
    ),
    GroupSpec(
        "qeg",
        "Quality and Effectiveness Group",
        "QEG",
        GroupKind.SUBGROUP,
        "business",
        Frequency.BIMONTHLY,
        6,
        weekday=1,
        week=2,
    ),
    GroupSpec(
        "twd",
        "Training and Workforce Development Group",
        "Training",
        GroupKind.SUBGROUP,
        "business",
        Frequency.BIMONTHLY,
        6,
        weekday=2,
        week=3,
        joint_boards=(ADULTS,),  # one multi-agency training programme for both boards
    ),
    GroupSpec(
        "cdop",
        "Child Death Overview Panel",
        "CDOP",
        GroupKind.PANEL,
        "board",
        Frequency.QUARTERLY,
        4,
        weekday=4,
        week=2,
        joint_with=NEIGHBOUR,
    ),
    GroupSpec(
        "esafety",
        "E-Safety Group",
        "E-Safety",
        GroupKind.SUBGROUP,
        "business",
        Frequency.QUARTERLY,
        4,
        weekday=3,
        week=1,
        joint_with=NEIGHBOUR,
    ),
    GroupSpec(
        "cse",
        "Child Sexual Exploitation and Missing Sub-group",
        "CSE and Missing",
        GroupKind.SUBGROUP,
        "board",
        Frequency.BIMONTHLY,
        6,
        weekday=0,
        week=2,
    ),
    GroupSpec(
        "policies",
        "Policies and Procedures Sub-group",
        "Policies",
        GroupKind.SUBGROUP,
        "business",
        Frequency.QUARTERLY,
        4,
        weekday=2,
        week=2,
    ),
    GroupSpec(
        "comms",
        "Communications and Engagement Sub-group",
        "Comms",
        GroupKind.SUBGROUP,
        "business",
        Frequency.QUARTERLY,
        4,
        weekday=1,
        week=3,
    ),
    GroupSpec(
        "da",
        "Domestic Abuse Task and Finish Group",
        "DA T&F",
        GroupKind.TASK_AND_FINISH,
        "board",
        "",
        5,
        weekday=3,
        week=2,
        active_from=When(PREVIOUS, 9, 1),
        active_to=When(CURRENT, 9, 30),
    ),
    GroupSpec(
        "disability",
        "Disabled Children Task and Finish Group",
        "Disability T&F",
        GroupKind.TASK_AND_FINISH,
        "business",
        "",
        4,
        weekday=2,
        week=2,
        active_from=When(CURRENT, 5, 1),
    ),
]

# The adults' board: smaller, meeting quarterly, with its Executive Group of the three statutory
# partners, the Safeguarding Adults Review sub-group, and the joint communications group.
ADULT_GROUPS = [
    GroupSpec(
        "sab",
        "Northmoor Safeguarding Adults Board",
        "SAB",
        GroupKind.BOARD,
        None,
        Frequency.QUARTERLY,
        4,
        weekday=2,
        week=4,
        months=(6, 9, 12, 3),
    ),
    GroupSpec(
        "sabexec",
        "Executive Group",
        "Executive",
        GroupKind.COMMITTEE,
        "sab",
        Frequency.QUARTERLY,
        4,
        weekday=0,
        week=3,
        months=(5, 8, 11, 2),  # each a month ahead of the Board
    ),
    GroupSpec(
        "sar",
        "Safeguarding Adults Review Sub-group",
        "SAR",
        GroupKind.SUBGROUP,
        "sabexec",
        Frequency.BIMONTHLY,
        6,
        weekday=3,
        week=1,
    ),
    GroupSpec(
        "qp",
        "Quality and Performance Sub-group",
        "Q&P",
        GroupKind.SUBGROUP,
        "sabexec",
        Frequency.QUARTERLY,
        4,
        weekday=1,
        week=4,
    ),
    GroupSpec(
        "jcomms",
        "Joint Communications Group",
        "Joint Comms",
        GroupKind.SUBGROUP,
        "sabexec",
        Frequency.QUARTERLY,
        4,
        weekday=4,
        week=1,
        joint_boards=(CHILDREN,),  # campaigns, the website and newsletters of both boards
    ),
    GroupSpec(
        "selfneglect",
        "Self-neglect Task and Finish Group",
        "Self-neglect T&F",
        GroupKind.TASK_AND_FINISH,
        "sabexec",
        "",
        4,
        weekday=2,
        week=1,
        active_from=When(CURRENT, 6, 1),
    ),
]
