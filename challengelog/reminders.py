"""The daily digest to the chair and the business manager: responses overdue and due soon, and
the recommendations of the board's reviews and audits past their due date; one email per board,
to those who hold the role for that board (for it alone, or for every board).

The digest is plain text, so a line is whatever a value makes it: every value a person wrote
(a subject, an agency's name, the board's name) is written with its line breaks folded to spaces,
so that no value can start a line of its own (a fake entry, or a fake link under a real one).
Each entry is one line; its link, when the site's address is known, is the indented line under it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string

from governance.models import Board
from governance.services import board_default
from learning.models import Recommendation
from lscb.roles import BUSINESS_MANAGER, CHAIR, role_names
from lscb.text import one_line

from .models import Challenge

DUE_SOON_DAYS = 7


@dataclass
class Digest:
    overdue: list[Challenge]
    due_soon: list[Challenge]
    # The board's recommendations (of its reviews and audits) still open past their due date.
    recommendations: list[Recommendation] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.overdue and not self.due_soon and not self.recommendations


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


def recommendation_entry(recommendation: Recommendation, site_url: str) -> Entry:
    source = recommendation.review.ref if recommendation.review_id else recommendation.audit.name
    lead = " and ".join(
        lead.name for lead in (recommendation.lead_agency, recommendation.lead_group) if lead is not None
    )
    line = (
        f"{source} recommendation {recommendation.ref}, due {recommendation.due_date:%d/%m/%Y}, "
        f"lead: {lead or 'not named'}"
    )
    link = f"{site_url}{recommendation.get_absolute_url()}" if site_url else ""
    return Entry(one_line(line), one_line(link))


def digest(today: date, board=None) -> Digest:
    """What is overdue or due soon: in `board`'s log and its recommendations (None: every board's)."""
    challenges = Challenge.objects.of_board(board).for_log().order_by("response_due", "ref")
    # One query: each recommendation with its review or audit (and their board, for the link) and its leads.
    recommendations = Recommendation.objects.of_board(board).overdue(today).with_source().order_by("due_date", "pk")
    return Digest(
        list(challenges.overdue(today)), list(challenges.due_within(today, DUE_SOON_DAYS)), list(recommendations)
    )


def recipients(board=None) -> list[str]:
    """Active users with an email address who hold the chair or business manager role: for
    `board` (for every board, or for that one), or, without a board, for some board."""
    wanted = [CHAIR, BUSINESS_MANAGER]
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(Q(groups__name__in=wanted) | Q(board_roles__role__name__in=wanted))
        .distinct()
        .order_by("email")
    )
    return sorted(
        {user.email for user in users if any(role in wanted for role in role_names(user, board))},
    )


def send_digest(today: date, site_url: str = "", board=None) -> tuple[Digest, list[str]]:
    """Email one board's digest to its chairs and business managers (each board's its own; None:
    the instance's only board); nothing is sent when nothing is overdue or due."""
    board = board if board is not None else board_default()
    found = digest(today, board)
    to = recipients(board)
    if found.empty or not to:
        return found, []
    site_url = one_line(site_url.strip()).rstrip("/")
    board_name = one_line(board.name)
    context = {
        "overdue": [entry(c, site_url) for c in found.overdue],
        "due_soon": [entry(c, site_url) for c in found.due_soon],
        "due_soon_days": DUE_SOON_DAYS,
        "recommendations": [recommendation_entry(r, site_url) for r in found.recommendations],
        "today": today,
        "board_name": board_name,
    }
    late = len(found.recommendations)
    subject = one_line(
        f"{board.label} challenge log: {len(found.overdue)} overdue, "
        f"{len(found.due_soon)} due within {DUE_SOON_DAYS} days"
        + (f"; {late} recommendation{'' if late == 1 else 's'} overdue" if late else "")
    )
    send_mail(subject, render_to_string("challengelog/reminder_email.txt", context), None, to)
    return found, to


def send_digests(today: date, site_url: str = "") -> list[tuple[Board, Digest, list[str]]]:
    """Each board's digest to that board's chairs and business managers: a recipient who holds
    the role for both boards gets two emails, one for each, and nobody gets a board they do not serve."""
    return [(board, *send_digest(today, site_url, board)) for board in Board.objects.order_by("name")]
