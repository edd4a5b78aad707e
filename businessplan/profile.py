"""The business plan's part of a group's page (governance.profiles): the actions the group leads,
with their ratings and due dates. It costs a fixed number of queries."""

from __future__ import annotations

from django.utils import timezone

from governance.models import Group
from lscb.permissions import allowed

from .selectors import actions_led, rating_due_since


def actions_part(request, group: Group) -> dict | None:
    """The actions of the board's active plans the group leads (two queries)."""
    board = request.board
    if not allowed("businessplan.view", request.user, board=board):
        return None
    today = timezone.localdate()
    since = rating_due_since(board, today)
    actions = actions_led([group.pk], board, today, since)
    for action in actions:
        action.can_rate = allowed("businessplan.rate-action", request.user, action, board=board)
    return {
        "title": "Actions it leads",
        "actions": actions,
        "since": since,
        "needing_update": sum(action.needs_update for action in actions),
    }
