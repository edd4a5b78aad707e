"""Learning and assurance: case reviews and audits, their recommendations tracked to
implementation, and the evidence (reports and data) the board and its groups receive."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import MD5
from django.urls import reverse
from simple_history.models import HistoricalRecords

from governance.models import NO_CHILD_DATA, Agency, Board, Group, Person

from .querysets import AuditQuerySet, EvidenceQuerySet, RecommendationQuerySet, ReviewQuerySet
from .workdays import working_days_between

# A review is named as the board's own papers name it, anonymised.
ANONYMISED = (
    'Anonymised, as the board\'s papers name it: "Child H", "Adult D", "Family J". Never a real name '
    "of a child, an adult at risk or a relative."
)
# Working Together 2023: the rapid review's decision within 15 working days of the notification.
RAPID_REVIEW_WORKING_DAYS = 15


class ReviewKind(models.TextChoices):
    RAPID_REVIEW = "rapid_review", "Rapid review"
    CSPR = "cspr", "Local child safeguarding practice review"
    SCR = "scr", "Serious case review"
    SAR = "sar", "Safeguarding Adults Review"
    DHR = "dhr", "Domestic homicide review"
    LEARNING_REVIEW = "learning_review", "Multi-agency learning review"
    NATIONAL = "national", "National review"


class Decision(models.TextChoices):
    REVIEW = "review", "Review"
    NO_REVIEW = "no_review", "No review"
    PENDING = "pending", "Pending"


class Review(models.Model):
    """A case review the board notified, decided on, commissioned or adopted, anonymised."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="reviews")
    ref = models.CharField(max_length=30, verbose_name="reference", help_text='e.g. "RR-2025-03", "SAR-2024-01".')
    kind = models.CharField(max_length=20, choices=ReviewKind.choices)
    title = models.TextField(help_text=ANONYMISED)
    group = models.ForeignKey(
        Group,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
        help_text="The group overseeing it.",
    )
    notified_on = models.DateField(null=True, blank=True, verbose_name="notified")
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    decided_on = models.DateField(null=True, blank=True, verbose_name="decided")
    decision_reason = models.TextField(blank=True, help_text=NO_CHILD_DATA)
    started_on = models.DateField(null=True, blank=True, verbose_name="started")
    concluded_on = models.DateField(
        null=True, blank=True, verbose_name="concluded", help_text="The date the board signed the report off."
    )
    published_on = models.DateField(null=True, blank=True, verbose_name="published")
    findings = models.TextField(blank=True, help_text=NO_CHILD_DATA)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-notified_on", "ref"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "ref"],
                name="review_ref_unique_in_board",
                violation_error_message="Another review of this board has this reference.",
            )
        ]
        permissions = [("edit_overseen", "Can edit the reviews and audits their group oversees")]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("learning:review-detail", args=[self.board.slug, self.ref])

    def clean(self) -> None:
        if "/" in (self.ref or ""):
            raise ValidationError({"ref": "A reference cannot contain '/' (it is part of the review's web address)."})
        order = [
            ("notified_on", "decided_on", "The decision cannot come before the notification."),
            ("started_on", "concluded_on", "A review cannot conclude before it starts."),
            ("concluded_on", "published_on", "A review cannot be published before it concludes."),
        ]
        errors = {}
        for earlier, later, message in order:
            first, then = getattr(self, earlier), getattr(self, later)
            if first and then and then < first:
                errors[later] = message
        if errors:
            raise ValidationError(errors)

    @property
    def decision_working_days(self) -> int | None:
        """Working days from notification to decision, when both are known."""
        if self.notified_on and self.decided_on:
            return working_days_between(self.notified_on, self.decided_on)
        return None

    @property
    def decision_late(self) -> bool:
        """A rapid review decided after the 15 working days expected."""
        days = self.decision_working_days
        return self.kind == ReviewKind.RAPID_REVIEW and days is not None and days > RAPID_REVIEW_WORKING_DAYS


class AuditKind(models.TextChoices):
    SECTION_11 = "section_11", "Section 11 audit"
    SECTION_175 = "section_175", "Section 175 audit (schools)"
    SELF_ASSESSMENT = "self_assessment", "Partner self-assessment"
    MULTI_AGENCY = "multi_agency", "Multi-agency themed audit"
    SINGLE_AGENCY = "single_agency", "Single-agency audit"


class Judgement(models.TextChoices):
    RED = "red", "Not met"
    AMBER = "amber", "Partially met"
    GREEN = "green", "Fully met"
    NONE = "none", "Not answered"


class Audit(models.Model):
    """An audit the board ran or received: its findings, judgements and recommendations."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="audits")
    name = models.TextField(help_text='e.g. "Section 11 audit 2025".')
    kind = models.CharField(max_length=20, choices=AuditKind.choices)
    group = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.PROTECT, related_name="audits", help_text="The group running it."
    )
    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audits",
        help_text="For a single-agency audit.",
    )
    started_on = models.DateField(null=True, blank=True, verbose_name="started")
    completed_on = models.DateField(null=True, blank=True, verbose_name="completed")
    findings = models.TextField(blank=True, help_text=NO_CHILD_DATA)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "name"]
        constraints = [
            models.UniqueConstraint(
                "board",
                MD5("name"),
                name="audit_name_unique_in_board",
                violation_error_message="Another audit of this board has this name.",
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(completed_on__gte=models.F("started_on")),
                name="audit_dates_in_order",
                violation_error_message="An audit cannot be completed before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("learning:audit-detail", args=[self.board.slug, self.pk])


class AuditResult(models.Model):
    """How many answers of an audit stood at one judgement at one stage (for one agency and one
    standard, or all together when they are blank)."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="results")
    stage = models.TextField(help_text='e.g. "initial", "after improvement action".')
    date = models.DateField(help_text="When the stage's judgements stood.")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="audit_results")
    standard = models.TextField(blank=True, help_text="Blank: all standards together.")
    judgement = models.CharField(max_length=10, choices=Judgement.choices)
    count = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "stage", "standard", "judgement"]

    def __str__(self) -> str:
        return f"{self.audit}: {self.stage} {self.get_judgement_display()} x{self.count}"


class RecommendationStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    IMPLEMENTED = "implemented", "Implemented"
    NOT_TO_IMPLEMENT = "not_to_implement", "Decided not to implement"


# Statuses in which a recommendation still has work to do.
OPEN_STATUSES = (RecommendationStatus.NOT_STARTED, RecommendationStatus.IN_PROGRESS)


class Recommendation(models.Model):
    """A recommendation of a review or an audit, tracked to implementation (or to a decision not
    to implement it, with the reason)."""

    review = models.ForeignKey(Review, null=True, blank=True, on_delete=models.CASCADE, related_name="recommendations")
    audit = models.ForeignKey(Audit, null=True, blank=True, on_delete=models.CASCADE, related_name="recommendations")
    ref = models.CharField(max_length=20, verbose_name="reference", help_text='Its number in the report, e.g. "3".')
    text = models.TextField(help_text=NO_CHILD_DATA)
    lead_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="recommendations_led"
    )
    lead_group = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.PROTECT, related_name="recommendations_led"
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=RecommendationStatus.choices, default=RecommendationStatus.NOT_STARTED
    )
    decided_on = models.DateField(
        null=True, blank=True, help_text="The date it was implemented, or the date of the decision not to implement it."
    )
    reason = models.TextField(blank=True, help_text=f"Why it will not be implemented. {NO_CHILD_DATA}")
    evidence = models.TextField(blank=True, verbose_name="evidence of impact", help_text=NO_CHILD_DATA)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["review", "audit", "ref"]
        constraints = [
            models.CheckConstraint(
                condition=Q(review__isnull=False, audit__isnull=True) | Q(review__isnull=True, audit__isnull=False),
                name="recommendation_of_a_review_or_an_audit",
                violation_error_message="A recommendation belongs to a review or to an audit.",
            ),
            models.UniqueConstraint(
                fields=["review", "ref"],
                condition=Q(review__isnull=False),
                name="recommendation_ref_unique_in_review",
                violation_error_message="This review already has a recommendation with this reference.",
            ),
            models.UniqueConstraint(
                fields=["audit", "ref"],
                condition=Q(audit__isnull=False),
                name="recommendation_ref_unique_in_audit",
                violation_error_message="This audit already has a recommendation with this reference.",
            ),
            models.CheckConstraint(
                condition=~Q(status="not_to_implement") | ~Q(reason=""),
                name="recommendation_not_to_implement_has_reason",
                violation_error_message="A decision not to implement a recommendation needs its reason.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.ref}"

    def get_absolute_url(self) -> str:
        return self.source.get_absolute_url() + f"#recommendation-{self.pk}"

    @property
    def source(self) -> Review | Audit:
        """The review or the audit it comes from."""
        return self.review if self.review_id else self.audit

    def clean(self) -> None:
        errors = {}
        if self.status == RecommendationStatus.NOT_TO_IMPLEMENT and not (self.reason or "").strip():
            errors["reason"] = "Say why it will not be implemented: the annual report must give the reason."
        if (
            self.status in (RecommendationStatus.IMPLEMENTED, RecommendationStatus.NOT_TO_IMPLEMENT)
            and not self.decided_on
        ):
            errors["decided_on"] = "Give the date it was implemented, or of the decision not to implement it."
        if errors:
            raise ValidationError(errors)


class RecommendationUpdate(models.Model):
    """A dated note of what was done about a recommendation: the record of its implementation."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField()
    status = models.CharField(
        max_length=20, choices=RecommendationStatus.choices, blank=True, help_text="The status as of this update."
    )
    note = models.TextField(help_text=NO_CHILD_DATA)
    author = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "recorded_at", "pk"]
        indexes = [models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.recommendation} on {self.date:%d/%m/%Y}"


class EvidenceKind(models.TextChoices):
    DATA = "data", "Data"
    AUDIT = "audit", "Audit"
    INSPECTION = "inspection", "Inspection"
    REPORT = "report", "Report"
    SURVEY = "survey", "Survey of the views of children, families or adults at risk"
    OTHER = "other", "Other"


class Evidence(models.Model):
    """A report or data the board or one of its groups received: a source of assurance."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="evidence")
    title = models.TextField(help_text='e.g. "LADO annual report".')
    date = models.DateField(help_text="The meeting's date, or the date it was received.")
    kind = models.CharField(max_length=20, choices=EvidenceKind.choices)
    scope = models.TextField(blank=True, help_text='e.g. "child protection processes", "voice of the child".')
    group = models.ForeignKey(
        Group,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evidence",
        help_text="The group that received it.",
    )
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence", help_text="Who presented it."
    )
    note = models.TextField(blank=True, verbose_name="what the board concluded", help_text=NO_CHILD_DATA)
    history = HistoricalRecords()

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "title"]
        verbose_name_plural = "evidence"
        constraints = [
            models.UniqueConstraint(
                "board",
                MD5("title"),
                "date",
                name="evidence_once_per_board_title_date",
                violation_error_message="This board already has evidence with this title on this date.",
            )
        ]
        indexes = [models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("learning:evidence-list", args=[self.board.slug]) + f"#evidence-{self.pk}"
