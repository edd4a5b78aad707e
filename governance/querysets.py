"""Named reads for the governance models."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Count, Q


def active_on(day: date, prefix: str = "") -> Q:
    """Rows whose start/end span includes `day` (blank start or end means open)."""
    return (Q(**{f"{prefix}start__isnull": True}) | Q(**{f"{prefix}start__lte": day})) & (
        Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": day})
    )


def overlapping(first: date, last: date, prefix: str = "") -> Q:
    """Rows whose start/end span overlaps [first, last]."""
    return (Q(**{f"{prefix}start__isnull": True}) | Q(**{f"{prefix}start__lte": last})) & (
        Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": first})
    )


class BoardQuerySet(models.QuerySet):
    def by_key(self, key: str) -> BoardQuerySet:
        """Find by the workbook key: the board's name or short name (any case)."""
        key = " ".join((key or "").split())
        return self.filter(Q(name__iexact=key) | Q(short_name__iexact=key) | Q(slug__iexact=key))


class PersonQuerySet(models.QuerySet):
    def by_key(self, key: str):
        """Find by the workbook key: email when it looks like one, else name of a person with no email."""
        key = (key or "").strip()
        if "@" in key:
            return self.filter(email__iexact=key)
        return self.filter(name=key, email__isnull=True)

    def due_for_anonymising(self, cutoff: date) -> PersonQuerySet:
        """People whose every seat ended before `cutoff` (they had one, and none is open), who have no
        sign-in, were at no meeting since, and are not anonymised yet: the retention rule."""
        from .models import ANONYMOUS_NAME

        recent = Q(memberships__end__isnull=True) | Q(memberships__end__gte=cutoff)
        return (
            self.filter(user__isnull=True, memberships__isnull=False)
            .exclude(pk__in=self.filter(recent).values("pk"))
            .exclude(pk__in=self.filter(attendances__meeting__date__gte=cutoff).values("pk"))
            .exclude(name__regex=ANONYMOUS_NAME.pattern, email__isnull=True, job_title="")
            .distinct()
            .order_by("pk")
        )


class GroupQuerySet(models.QuerySet):
    def for_board(self, board) -> GroupQuerySet:
        """The board's own groups and the groups of other boards joint with it."""
        # A subquery rather than a join: a join would repeat rows and need distinct().
        joint = self.model.joint_boards.through.objects.filter(board=board).values("group_id")
        return self.filter(Q(board=board) | Q(pk__in=joint))

    def active_during(self, first: date, last: date) -> GroupQuerySet:
        return self.filter(
            (Q(active_from__isnull=True) | Q(active_from__lte=last))
            & (Q(active_to__isnull=True) | Q(active_to__gte=first))
        )

    def with_structure(self) -> GroupQuerySet:
        return self.select_related("parent").annotate(child_count=Count("children"))


class MembershipQuerySet(models.QuerySet):
    def active_on(self, day: date) -> MembershipQuerySet:
        return self.filter(active_on(day))

    def overlapping(self, first: date, last: date) -> MembershipQuerySet:
        return self.filter(overlapping(first, last))

    def chairing(self) -> MembershipQuerySet:
        return self.filter(role__in=["chair", "vice_chair"])

    def expected_at_every_meeting(self) -> MembershipQuerySet:
        return self.filter(expected="all")


class MeetingQuerySet(models.QuerySet):
    def in_period(self, first: date, last: date) -> MeetingQuerySet:
        return self.filter(date__gte=first, date__lte=last)

    def held(self) -> MeetingQuerySet:
        return self.filter(status="held")

    def with_register_size(self) -> MeetingQuerySet:
        return self.annotate(register_size=Count("attendances"))

    def without_register(self) -> MeetingQuerySet:
        """Held meetings whose attendance has not been recorded: missing data, never absence."""
        return self.held().annotate(_rows=Count("attendances")).filter(_rows=0)

    def upcoming(self, today: date) -> MeetingQuerySet:
        return self.filter(date__gte=today, status="planned")


class AttendanceQuerySet(models.QuerySet):
    def counted(self) -> AttendanceQuerySet:
        """Rows that can count towards a rate (guests in attendance never do)."""
        return self.exclude(status="in_attendance")

    def in_period(self, first: date, last: date) -> AttendanceQuerySet:
        return self.filter(meeting__date__gte=first, meeting__date__lte=last)

    def for_register_list(self) -> AttendanceQuerySet:
        """Rows as a person's or an agency's page lists them: newest meeting first, one query."""
        return self.select_related("meeting__group", "person", "on_behalf_of").order_by(
            "-meeting__date", "meeting__group__name", "person__name"
        )
