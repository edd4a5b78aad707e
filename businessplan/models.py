"""The business plan: priorities, objectives, actions, and each action's RAG history."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from governance.models import NO_CHILD_DATA, Group, Person

from .querysets import ActionQuerySet, ProgressUpdateQuerySet


class Rating(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    BLUE = "blue", "Blue"


class Scale(models.TextChoices):
    RAG = "rag", "Red, amber, green"
    BRAG = "brag", "Blue, red, amber, green (blue = complete)"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


# The default meaning of each level (DOMAIN.md); on a four-level plan green means "on track".
DEFAULT_MEANINGS = {
    Scale.RAG: {
        "red": "No implementation plan in place",
        "amber": "A delay, but the action is still planned",
        "green": "Action plan completed",
        "blue": "",
    },
    Scale.BRAG: {
        "red": "No implementation plan in place",
        "amber": "A delay, but the action is still planned",
        "green": "On track",
        "blue": "Complete",
    },
}

STATUTORY_FUNCTIONS = [
    ("1a", "Developing policies and procedures"),
    ("1a-i", "Policies: action where there are concerns, including thresholds for intervention"),
    ("1a-ii", "Policies: training of people who work with children"),
    ("1a-iii", "Policies: recruitment and supervision of people who work with children"),
    ("1a-iv", "Policies: investigating allegations against people who work with children"),
    ("1a-v", "Policies: the safety and welfare of privately fostered children"),
    ("1a-vi", "Policies: cooperation with neighbouring authorities and their boards"),
    ("1b", "Communicating the need to safeguard and promote welfare, raising awareness"),
    ("1c", "Monitoring and evaluating effectiveness, and advising on improvement"),
    ("1d", "Participating in the planning of services for children"),
    ("1e", "Undertaking reviews of serious cases and advising on lessons"),
    ("cdr", "Child death reviews (the child death overview panel)"),
]
FUNCTION_CODES = [code for code, _ in STATUTORY_FUNCTIONS]


class Plan(models.Model):
    """A business plan of one to three years, starting 1 April."""

    title = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True, help_text="Its address, e.g. 2016-18.")
    start = models.DateField()
    end = models.DateField()
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    scale = models.CharField(max_length=4, choices=Scale.choices, default=Scale.RAG, verbose_name="RAG scale")
    red_meaning = models.CharField(max_length=200, blank=True, verbose_name="Red means")
    amber_meaning = models.CharField(max_length=200, blank=True, verbose_name="Amber means")
    green_meaning = models.CharField(max_length=200, blank=True, verbose_name="Green means")
    blue_meaning = models.CharField(max_length=200, blank=True, verbose_name="Blue means")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="plan_end_after_start",
                violation_error_message="The plan must end after it starts.",
            )
        ]
        permissions = [("rate_action", "Can add progress and ratings to actions their group leads")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("businessplan:plan-detail", args=[self.slug])

    @property
    def ratings(self) -> list[str]:
        """The levels of this plan's scale, worst first."""
        return ["red", "amber", "green", "blue"] if self.scale == Scale.BRAG else ["red", "amber", "green"]

    @property
    def complete_rating(self) -> str:
        return "blue" if self.scale == Scale.BRAG else "green"

    def meaning(self, rating: str) -> str:
        return getattr(self, f"{rating}_meaning", "") or DEFAULT_MEANINGS[self.scale].get(rating, "")

    def clean(self) -> None:
        for rating in ("red", "amber", "green", "blue"):
            if not getattr(self, f"{rating}_meaning"):
                setattr(self, f"{rating}_meaning", DEFAULT_MEANINGS[self.scale or Scale.RAG][rating])


class Priority(models.Model):
    """A numbered theme of the plan, tied to statutory functions."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True, help_text=NO_CHILD_DATA)
    functions = models.CharField(
        max_length=200, blank=True, help_text="Statutory function codes separated by ';', e.g. 1a;1c."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "number"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="priority_number_unique_in_plan",
                violation_error_message="This plan already has a priority with that number.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def function_codes(self) -> list[str]:
        return [code for code in self.functions.split(";") if code]

    def clean(self) -> None:
        codes = [code.strip().lower() for code in self.functions.split(";") if code.strip()]
        unknown = [code for code in codes if code not in FUNCTION_CODES]
        if unknown:
            raise ValidationError({"functions": f"Unknown statutory function code: {', '.join(unknown)}."})
        self.functions = ";".join(codes)


class Objective(models.Model):
    """What a priority sets out to achieve; its actions sit under it."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="objectives")
    text = models.TextField(help_text=NO_CHILD_DATA)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["priority", "order", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class Action(models.Model):
    """One action of the plan, with its current RAG rating (kept equal to its history's latest)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="actions")
    ref = models.CharField(max_length=20, help_text="Unique in the plan, e.g. 2.3 or 2.3.1.")
    text = models.TextField(blank=True, verbose_name="action", help_text=NO_CHILD_DATA)
    by_whom = models.CharField(max_length=300, blank=True, help_text=f"As written in the plan. {NO_CHILD_DATA}")
    lead_group = models.ForeignKey(
        Group,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_actions",
        help_text="The group accountable, when one is; its chair may report progress.",
    )
    due_text = models.CharField(
        max_length=100, blank=True, verbose_name="by when", help_text='As written: "Sept 2016", "Ongoing".'
    )
    due_date = models.DateField(
        null=True, blank=True, help_text="When one date can be given; used to find overdue actions."
    )
    intended_impact = models.TextField(blank=True, help_text=NO_CHILD_DATA)
    measure = models.TextField(blank=True, verbose_name="measure or success criteria", help_text=NO_CHILD_DATA)
    # The rating before any dated update (e.g. imported without history), and the current one.
    initial_rating = models.CharField(max_length=5, choices=Rating.choices, blank=True)
    rating = models.CharField(max_length=5, choices=Rating.choices, blank=True, verbose_name="current rating")
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "objective__priority__number", "objective__order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "ref"],
                name="action_ref_unique_in_plan",
                violation_error_message="This plan already has an action with that reference.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.text[:60]}".strip()

    def get_absolute_url(self) -> str:
        return reverse("businessplan:action-detail", args=[self.plan.slug, self.ref])

    def clean(self) -> None:
        # The ref is part of the action's address: /plan/2016-18/actions/2.3/.
        if "/" in (self.ref or ""):
            raise ValidationError(
                {
                    "ref": "A reference cannot contain '/' (it is part of the action's web address): write it with dots, e.g. 2.3.1."
                }
            )


class ProgressUpdate(models.Model):
    """A dated note on an action, with the rating as it stood on that date (blank: not rated)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField()
    rating = models.CharField(max_length=5, choices=Rating.choices, blank=True)
    note = models.TextField(help_text=NO_CHILD_DATA)
    author = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="progress_updates"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["action", "date", "recorded_at", "id"]
        indexes = [models.Index(fields=["action", "date"])]

    def __str__(self) -> str:
        return f"{self.action.ref} {self.date:%d/%m/%Y}"

    @property
    def author_name(self) -> str:
        if self.author:
            return self.author.name
        if self.recorded_by:
            return self.recorded_by.get_full_name() or self.recorded_by.username
        return ""
