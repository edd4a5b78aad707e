"""The training the board runs: events, their places, bookings, attendance and evaluations, and
optionally bookings and attendance per agency."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import MD5
from django.urls import reverse
from simple_history.models import HistoricalRecords

from governance.models import NO_CHILD_DATA, Agency, Board

from .querysets import TrainingEventQuerySet


class EventKind(models.TextChoices):
    COURSE = "course", "Course"
    WORKSHOP = "workshop", "Workshop"
    CONFERENCE = "conference", "Conference"
    E_LEARNING = "e_learning", "E-learning"
    BRIEFING = "briefing", "Briefing"


def _count(label: str, help_text: str = "") -> models.PositiveIntegerField:
    return models.PositiveIntegerField(null=True, blank=True, verbose_name=label, help_text=help_text)


class TrainingEvent(models.Model):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="training_events")
    title = models.TextField()
    date = models.DateField()
    kind = models.CharField(max_length=12, choices=EventKind.choices, default=EventKind.COURSE)
    topic = models.TextField(blank=True)
    places = _count("places", "Places offered.")
    booked = _count("booked")
    attended = _count("attended")
    cancelled = models.BooleanField(default=False)
    evaluations = _count("evaluations returned")
    rated_good = _count("rated good or better", "Evaluations rating it good or better.")
    notes = models.TextField(blank=True, help_text=NO_CHILD_DATA)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    objects = TrainingEventQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "title"]
        verbose_name = "training event"
        constraints = [
            models.UniqueConstraint(
                "board",
                MD5("title"),
                "date",
                name="training_event_once_per_board_title_date",
                violation_error_message="This board already has a training event with this title on this date.",
            ),
            models.CheckConstraint(
                condition=Q(rated_good__isnull=True)
                | Q(evaluations__isnull=True)
                | Q(rated_good__lte=F("evaluations")),
                name="training_rated_good_within_evaluations",
                violation_error_message="More evaluations rated it good than were returned.",
            ),
        ]
        indexes = [models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("training:event-detail", args=[self.board.slug, self.pk])

    def clean(self) -> None:
        if self.rated_good is not None and self.evaluations is not None and self.rated_good > self.evaluations:
            raise ValidationError({"rated_good": "More evaluations rated it good than were returned."})


class TrainingAttendance(models.Model):
    """Places booked and taken up by one agency's staff at one event."""

    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="attendance")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="training_attendance")
    booked = _count("booked")
    attended = _count("attended")
    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "agency__name"]
        verbose_name = "training attendance"
        verbose_name_plural = "training attendance"
        constraints = [
            models.UniqueConstraint(
                fields=["event", "agency"],
                name="training_attendance_once_per_agency",
                violation_error_message="This event already has a line for this agency.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} at {self.event}"
