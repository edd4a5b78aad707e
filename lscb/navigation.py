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
    ("Agencies", "governance:agency-list", "governance.view"),
    ("People", "governance:person-list", "governance.view"),
    ("Year-end", "yearend:index", "governance.view"),
    ("Import", "workbook:import", "governance.import-workbook"),
]


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        path = request.path
        for label, name, rule_name in MAIN_MENU:
            if allowed(rule_name, user):
                url = reverse(name)
                active = path == url if name == "home" else path.startswith(url)
                items.append({"label": label, "url": url, "active": active})
    return {
        "main_menu": items,
        "board_name": settings.LSCB_BOARD_NAME,
        "user_roles": role_names(user) if user is not None else [],
    }
