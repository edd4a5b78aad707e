"""The challenge log's parts of an agency's page (governance.profiles): the challenges put to it,
and the recommendations it leads. Each part costs a fixed number of queries."""

from __future__ import annotations

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.urls import reverse

from governance.models import Agency, Group
from lscb.permissions import allowed

from .models import Challenge, Status
from .tables import is_overdue

# As many challenges as one reads before a meeting with the agency; the rest are on its record.
SHOWN = 5


def challenges_part(request, agency: Agency) -> dict | None:
    """The challenges put to the agency by this board: how many, by status, and the latest few,
    the unclosed first (two queries)."""
    board = request.board
    if not allowed("challengelog.view", request.user, board=board):
        return None
    challenges = Challenge.objects.filter(board=board, agency=agency)
    by_status = dict(challenges.order_by().values_list("status").annotate(n=Count("pk")))
    closed = Case(When(status=Status.CLOSED, then=Value(1)), default=Value(0), output_field=IntegerField())
    latest = list(
        challenges.for_log().annotate(closed=closed).order_by("closed", "-raised_on", "raised_undated", "-ref")[:SHOWN]
    )
    for challenge in latest:
        challenge.is_overdue = is_overdue(challenge)
    total = sum(by_status.values())
    can_write = allowed("challengelog.write", request.user, board=board)
    return {
        "title": "Challenges",
        "challenges": latest,
        "total": total,
        "not_closed": total - by_status.get(Status.CLOSED, 0),
        "counts": [(status.label, by_status[status]) for status in Status if by_status.get(status)],
        "record_url": reverse("challengelog:agency-record", args=[board.slug, agency.pk]),
        "create_url": reverse("challengelog:challenge-create", args=[board.slug]) + f"?agency={agency.pk}"
        if can_write
        else "",
    }


def recommendations_part(request, agency: Agency) -> dict | None:
    """The board's recommendations (of its reviews and audits) the agency leads (one query)."""
    if not allowed("learning.view", request.user, board=request.board):
        return None
    from .views import recommendations_led, this_year_and_last  # read when drawn: pages load after start-up

    # As on the agency's record: the open ones, and those closed this reporting year or last.
    record = reverse("challengelog:agency-record", args=[request.board.slug, agency.pk])
    return {
        "title": "Recommendations it leads",
        **recommendations_led(agency, request.board, years=this_year_and_last(), every_year_url=f"{record}?year=all"),
    }


# --- a group's page ------------------------------------------------------------------------------


def group_challenges_part(request, group: Group) -> dict | None:
    """The challenges this board raised at the group's meetings: how many are not closed, and the
    latest few, the unclosed first (two queries)."""
    board = request.board
    if not allowed("challengelog.view", request.user, board=board):
        return None
    challenges = Challenge.objects.filter(board=board, meeting__group=group)
    counts = challenges.aggregate(total=Count("pk"), closed=Count("pk", filter=Q(status=Status.CLOSED)))
    closed = Case(When(status=Status.CLOSED, then=Value(1)), default=Value(0), output_field=IntegerField())
    latest = list(
        challenges.for_log()
        .select_related("meeting")
        .annotate(closed=closed)
        .order_by("closed", "-raised_on", "raised_undated", "-ref")[:SHOWN]
    )
    for challenge in latest:
        challenge.is_overdue = is_overdue(challenge)
    return {
        "title": "Challenges raised at its meetings",
        "challenges": latest,
        "total": counts["total"],
        "not_closed": counts["total"] - counts["closed"],
        "log_url": reverse("challengelog:challenge-list", args=[board.slug]),
    }
