"""The main navigation: each entry shows only to those its rule allows, on the board's pages."""

from django.conf import settings
from django.urls import reverse

from governance.kinds import words_for
from lscb.permissions import allowed
from lscb.roles import role_names

# (label, url name, rule): every entry is a page of the board the reader is in.
MAIN_MENU = [
    ("Home", "board-home", "governance.view"),
    ("Structure", "governance:structure", "governance.view"),
    ("Calendar", "governance:calendar-current", "governance.view"),
    ("Attendance", "governance:attendance-current", "governance.view"),
    ("Business plan", "businessplan:plan-list", "businessplan.view"),
    ("Challenges", "challengelog:challenge-list", "challengelog.view"),
    ("Learning", "learning:review-list", "learning.view"),
    ("Year-end", "yearend:index", "governance.view"),
]
# The board's records, under one "Records" menu to keep the bar short.
RECORDS_MENU = [
    ("Agencies", "governance:agency-list", "governance.view"),
    ("People", "governance:person-list", "governance.view"),
    ("Groups", "governance:group-list", "governance.view"),
    ("Memberships", "governance:membership-list", "governance.view"),
    ("Audits", "learning:audit-list", "learning.view"),
    ("Evidence received", "learning:evidence-list", "learning.view"),
    ("Dataset", "dataset:indicator-list", "dataset.view"),
    ("Training", "training:event-list", "training.view"),
    ("Money", "finance:budget", "finance.view"),
    ("Import a workbook", "workbook:import", "governance.import-workbook"),
]


def _entries(menu, user, board, path: str) -> list[dict]:
    entries = []
    for label, name, rule_name in menu:
        if allowed(rule_name, user, board=board):
            url = reverse(name, args=[board.slug])
            active = path == url if name == "board-home" else path.startswith(url)
            entries.append({"label": label, "url": url, "active": active})
    return entries


def site_name(boards) -> str:
    """What the instance calls itself: its one board's name, else the setting's."""
    return boards[0].name if len(boards) == 1 else settings.LSCB_SITE_NAME


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    board = getattr(request, "board", None)
    items, records, switch = [], [], []
    # Until the second step of signing in is done (lscb.two_factor), no page but that one is open.
    pending = getattr(request, "two_factor_pending", False)
    signed_in = user is not None and user.is_authenticated and not pending
    if signed_in and board is not None:
        items = _entries(MAIN_MENU, user, board, request.path)
        records = _entries(RECORDS_MENU, user, board, request.path)
    if signed_in:
        # The other boards the reader may open: the switcher beside the board's name.
        switch = [
            {"name": other.name, "url": reverse("board-home", args=[other.slug]), "current": other == board}
            for other in getattr(request, "boards", [])
            if allowed("governance.view", user, board=other)
        ]
    boards = getattr(request, "boards", None)
    return {
        "board": board,
        "main_menu": items,
        "records_menu": records,
        "records_active": any(entry["active"] for entry in records),
        "board_menu": switch if len(switch) > 1 else [],
        "board_name": board.name if board is not None else site_name(boards if boards is not None else []),
        # Whom the footer says no information is held about: the board's own people, or everyone's.
        "board_people": words_for(board).people if board is not None else "children, adults at risk or their families",
        "two_factor_pending": pending,
        "user_roles": role_names(user, board) if user is not None else [],
    }
