"""The daily digest to the chair and the business manager: responses overdue and due soon.

The digest is plain text, so a line is whatever a value makes it: every value a person wrote
(a subject, an agency's name, the board's name) is written with its line breaks folded to spaces,
so that no value can start a line of its own (a fake entry, or a fake link under a real one).
Each entry is one line; its link, when the site's address is known, is the indented line under it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string

from lscb.roles import BUSINESS_MANAGER, CHAIR
from lscb.text import one_line

from .models import Challenge

DUE_SOON_DAYS = 7


@dataclass
class Digest:
    overdue: list[Challenge]
    due_soon: list[Challenge]

    @property
    def empty(self) -> bool:
        return not self.overdue and not self.due_soon


@dataclass(frozen=True)
class Entry:
    """One challenge as the email writes it: a line, and the address of its page ("" when unknown)."""

    line: str
    link: str


def entry(challenge: Challenge, site_url: str) -> Entry:
    agency = challenge.agency.name if challenge.agency_id else ""
    line = (
        f"{challenge.ref} {challenge.subject} ({agency}), raised {challenge.raised_when}, "
        f"due {challenge.response_due:%d/%m/%Y}"
    )
    link = f"{site_url}{challenge.get_absolute_url()}" if site_url else ""
    return Entry(one_line(line), one_line(link))


def digest(today: date) -> Digest:
    overdue = list(Challenge.objects.overdue(today).for_log().order_by("response_due", "ref"))
    due_soon = list(Challenge.objects.due_within(today, DUE_SOON_DAYS).for_log().order_by("response_due", "ref"))
    return Digest(overdue, due_soon)


def recipients() -> list[str]:
    """Active users holding the chair or business manager role, with an email address."""
    users = (
        get_user_model().objects.filter(is_active=True, groups__name__in=[CHAIR, BUSINESS_MANAGER]).exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def send_digest(today: date, site_url: str = "") -> tuple[Digest, list[str]]:
    """Send one email to all recipients; nothing is sent when nothing is overdue or due."""
    found = digest(today)
    to = recipients()
    if found.empty or not to:
        return found, []
    site_url = one_line(site_url.strip()).rstrip("/")
    context = {
        "overdue": [entry(c, site_url) for c in found.overdue],
        "due_soon": [entry(c, site_url) for c in found.due_soon],
        "due_soon_days": DUE_SOON_DAYS,
        "today": today,
        "board_name": one_line(settings.LSCB_BOARD_NAME),
    }
    subject = f"Challenge log: {len(found.overdue)} overdue, {len(found.due_soon)} due within {DUE_SOON_DAYS} days"
    send_mail(subject, render_to_string("challengelog/reminder_email.txt", context), None, to)
    return found, to
