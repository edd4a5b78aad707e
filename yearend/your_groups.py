"""A sub-group chair's "Your groups" at the top of the board's home: for each group they chair, its
next meeting, the meetings still owed a register and the actions it leads that need a rating."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from businessplan.selectors import actions_led
from governance.models import Board, Group
from governance.ordering import board_order
from governance.profiles import GroupMeetings, group_meetings
from lscb.permissions import allowed, chaired_group_ids


@dataclass
class YourGroup:
    """One group the reader chairs: its meetings (governance.profiles) and the actions it leads
    that are not complete and not updated since `since`."""

    meetings: GroupMeetings
    actions_to_update: list

    @property
    def group(self) -> Group:
        return self.meetings.group


def shows_your_groups(user, board: Board) -> bool:
    """The reader chairs groups of the board and is neither its business manager nor its independent
    chair (whose home is the whole board's)."""
    return (
        bool(chaired_group_ids(user))
        and allowed("governance.record-meeting", user, board=board)
        and not allowed("governance.manage", user, board=board)
        and not allowed("yearend.sign-off", user, board=board)
    )


def your_groups(user, board: Board, today: date, since: date) -> list[YourGroup]:
    """The groups of `board` (its joint groups included) the reader chairs, in the board's order:
    three queries, however many groups, meetings and actions."""
    groups = board_order(Group.objects.for_board(board).filter(pk__in=chaired_group_ids(user)))
    if not groups:
        return []
    to_update: dict[int, list] = {group.pk: [] for group in groups}
    if allowed("businessplan.view", user, board=board):
        for action in actions_led(to_update, board, today, since):
            if action.needs_update:
                to_update[action.lead_group_id].append(action)
    return [
        YourGroup(meetings=meetings, actions_to_update=to_update[meetings.group.pk])
        for meetings in group_meetings(groups, user, board, today)
    ]
