"""The challenge log: what the board asked of an agency, what came back, and what changed."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from businessplan.models import Priority
from governance.models import NO_CHILD_DATA, Agency, Board, Meeting, Person
from lscb.years import ReportingYear

from .querysets import ChallengeQuerySet


class RaisedBy(models.TextChoices):
    CHAIR = "chair", "The chair"
    BOARD = "board", "The board"
    BUSINESS_UNIT = "business_unit", "The business unit"
    SUBGROUP = "subgroup", "A sub-group"
    LAY_MEMBER = "lay_member", "A lay member"
    OTHER = "other", "Other"


class Status(models.TextChoices):
    OPEN = "open", "Open"
    AWAITING_RESPONSE = "awaiting_response", "Awaiting response"
    RESPONDED = "responded", "Responded"
    ESCALATED = "escalated", "Escalated"
    CLOSED = "closed", "Closed"


class OutcomeKind(models.TextChoices):
    """What a closed challenge came to, in kind (its words are in `outcome`)."""

    RESOLVED = "resolved", "Resolved"
    PARTLY_RESOLVED = "partly_resolved", "Partly resolved"
    NOT_RESOLVED = "not_resolved", "Not resolved"
    WITHDRAWN = "withdrawn", "Withdrawn"


# How a closed challenge without a category (closed before categories were kept) is shown.
NOT_RECORDED = "Not recorded"

# Statuses in which the agency still owes an answer.
WAITING = (Status.OPEN, Status.AWAITING_RESPONSE, Status.ESCALATED)


class Challenge(models.Model):
    """One challenge put to a partner agency or an outside body."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="challenges")
    ref = models.CharField(max_length=30, verbose_name="reference")
    # A challenge the source gives no day for is kept on the first day of its reporting year
    # (raised in that year) and marked undated, so that no page shows a day nobody wrote.
    raised_on = models.DateField()
    raised_undated = models.BooleanField(default=False, help_text="The source gives no day: dated 1 April of its year.")
    raised_by = models.CharField(max_length=20, choices=RaisedBy.choices)
    raised_by_person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="challenges_raised",
        verbose_name="raised by (person)",
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="challenges", verbose_name="agency challenged"
    )
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="challenges",
        help_text="Where it was raised, if at a meeting.",
    )
    priority = models.ForeignKey(
        Priority,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="challenges",
        help_text="The plan priority it concerns.",
    )
    subject = models.TextField(help_text=f"One line. {NO_CHILD_DATA}")
    detail = models.TextField(blank=True, verbose_name="what was asked", help_text=NO_CHILD_DATA)
    response_due = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    escalated_to = models.TextField(blank=True, help_text='e.g. "Chief Executive", "Department for Education".')
    response = models.TextField(blank=True, verbose_name="the agency's response", help_text=NO_CHILD_DATA)
    responded_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True, verbose_name="outcome (what changed)", help_text=NO_CHILD_DATA)
    closed_on = models.DateField(null=True, blank=True)
    # Required when a challenge is closed from now on; blank on those closed before ("not recorded").
    outcome_kind = models.CharField(
        max_length=20, choices=OutcomeKind.choices, blank=True, verbose_name="outcome category"
    )
    follow_up_on = models.DateField(
        null=True, blank=True, verbose_name="follow up on", help_text="When the board checks the change has held."
    )
    sent_on = models.DateField(null=True, blank=True, verbose_name="sent on")
    sent_to_person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="challenges_received",
        verbose_name="sent to (person)",
    )
    # The recipient as written: the person's name when one was chosen, else what the user typed.
    sent_to = models.TextField(
        blank=True, verbose_name="sent to", help_text=f'e.g. "Director of Children\'s Services". {NO_CHILD_DATA}'
    )
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    objects = ChallengeQuerySet.as_manager()
    # The history page shows the day raised as the pages do (lscb.history).
    HISTORY_DISPLAY = {"raised_on": "raised_when"}

    class Meta:
        ordering = ["-raised_on", "-ref"]
        indexes = [models.Index(fields=["raised_on"]), models.Index(fields=["status", "response_due"])]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "ref"],
                name="challenge_ref_unique_in_board",
                violation_error_message="Another challenge of this board has this reference.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("challengelog:challenge-detail", args=[self.board.slug, self.ref])

    @property
    def raised_when(self) -> str:
        """The day as pages show it: "undated (2015-16)" when the source gave none."""
        if self.raised_undated:
            return f"undated ({ReportingYear.containing(self.raised_on)})"
        return f"{self.raised_on:%d/%m/%Y}"

    @property
    def outcome_kind_label(self) -> str:
        """The outcome category as pages show it: "Not recorded" for a challenge closed without one."""
        if self.outcome_kind:
            return self.get_outcome_kind_display()
        return NOT_RECORDED if self.status == Status.CLOSED else ""

    def clean(self) -> None:
        # The ref is part of the challenge's address: /challenges/CH-2015-07/.
        if "/" in (self.ref or ""):
            raise ValidationError(
                {
                    "ref": "A reference cannot contain '/' (it is part of the challenge's web address): write it like CH-2015-07."
                }
            )


class Event(models.Model):
    """One step on a challenge's timeline, with who and when."""

    class Kind(models.TextChoices):
        LOGGED = "logged", "Logged"
        SENT = "sent", "Sent, awaiting response"
        RESPONSE = "response", "Response recorded"
        ESCALATED = "escalated", "Escalated"
        CLOSED = "closed", "Closed"
        REOPENED = "reopened", "Reopened"
        NOTE = "note", "Note"
        EDITED = "edited", "Edited"

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField(blank=True, help_text=NO_CHILD_DATA)
    status_before = models.CharField(max_length=20, choices=Status.choices, blank=True)
    status_after = models.CharField(max_length=20, choices=Status.choices, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.challenge.ref}: {self.get_kind_display()}"

    @property
    def who(self) -> str:
        if self.by is None:
            return "Import or system"
        return self.by.get_full_name() or self.by.username
