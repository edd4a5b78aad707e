"""The main navigation: each entry shows only to those its rule allows."""

from django.conf import settings
from django.urls import reverse

from lscb.permissions import allowed
from lscb.roles import role_names

# (label, url name, rule)
MAIN_MENU = [
    ("Home", "home", "governance.view"),
    ("Structure", "governance:structure", "governance.view"),
    ("Calendar", "governance:calendar-current", "governance.view"),
    ("Attendance", "governance:attendance-current", "governance.view"),
    ("Business plan", "businessplan:plan-list", "businessplan.view"),
    ("Challenges", "challengelog:challenge-list", "challengelog.view"),
    ("Year-end", "yearend:index", "governance.view"),
]
# The board's records, under one "Records" menu to keep the bar short.
RECORDS_MENU = [
    ("Agencies", "governance:agency-list", "governance.view"),
    ("People", "governance:person-list", "governance.view"),
    ("Groups", "governance:group-list", "governance.view"),
    ("Memberships", "governance:membership-list", "governance.view"),
    ("Import a workbook", "workbook:import", "governance.import-workbook"),
]


def _entries(menu, user, path: str) -> list[dict]:
    entries = []
    for label, name, rule_name in menu:
        if allowed(rule_name, user):
            url = reverse(name)
            active = path == url if name == "home" else path.startswith(url)
            entries.append({"label": label, "url": url, "active": active})
    return entries


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    items, records = [], []
    # Until the second step of signing in is done (lscb.two_factor), no page but that one is open.
    pending = getattr(request, "two_factor_pending", False)
    if user is not None and user.is_authenticated and not pending:
        items = _entries(MAIN_MENU, user, request.path)
        records = _entries(RECORDS_MENU, user, request.path)
    return {
        "main_menu": items,
        "records_menu": records,
        "records_active": any(entry["active"] for entry in records),
        "board_name": settings.LSCB_BOARD_NAME,
        "two_factor_pending": pending,
        "user_roles": role_names(user) if user is not None else [],
    }
