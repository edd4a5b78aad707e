"""The daily digest to the chair and the business manager: responses overdue and due soon."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string

from lscb.roles import BUSINESS_MANAGER, CHAIR

from .models import Challenge

DUE_SOON_DAYS = 7


@dataclass
class Digest:
    overdue: list[Challenge]
    due_soon: list[Challenge]

    @property
    def empty(self) -> bool:
        return not self.overdue and not self.due_soon


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
    context = {
        "digest": found,
        "today": today,
        "site_url": site_url.rstrip("/"),
        "board_name": settings.LSCB_BOARD_NAME,
    }
    subject = f"Challenge log: {len(found.overdue)} overdue, {len(found.due_soon)} due within {DUE_SOON_DAYS} days"
    send_mail(subject, render_to_string("challengelog/reminder_email.txt", context), None, to)
    return found, to
