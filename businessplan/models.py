"""The business plan: priorities, objectives, actions, and each action's RAG history."""

import re
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import MD5
from django.urls import reverse
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from governance.models import NO_CHILD_DATA, Board, Group, Person
from lscb.years import ReportingYear

from .querysets import ActionQuerySet, ProgressUpdateQuerySet


class Rating(models.TextChoices):
    """The codes of the ready-made scales' levels (a custom scale has codes of its own)."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    BLUE = "blue", "Blue"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


@dataclass(frozen=True)
class Level:
    """One level of a plan's rating scale: the code kept on ratings, and how the plan shows it."""

    code: str
    label: str
    colour: str
    meaning: str = ""
    complete: bool = False

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def fill(self) -> str:
        """A light tint of the colour, for a cell that carries the level's word in dark text."""
        return tint(self.colour)

    @property
    def text_colour(self) -> str:
        """Black or white, whichever reads better on the colour itself (WCAG contrast)."""
        return text_on(self.colour)


HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# A level's code is kept on every rating and written in workbooks: short, lower case, no spaces.
LEVEL_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,19}$")
RESERVED_CODES = {"unrated", "none"}  # the names of "not rated" in totals and filters


def _channel(value: int) -> float:
    value = value / 255
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """The relative luminance of #rrggbb (WCAG 2)."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_on(colour: str) -> str:
    """The text colour for a background: black or white, whichever contrasts more (always at least 4.5:1)."""
    return "#000000" if contrast(colour, "#000000") >= contrast(colour, "#ffffff") else "#ffffff"


def tint(colour: str, amount: float = 0.65) -> str:
    """The colour mixed with white (amount 0: the colour, 1: white)."""
    parts = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(part + (255 - part) * amount):02x}" for part in parts)


def level_problems(levels: list[dict]) -> list[str]:
    """What is wrong with a scale's levels, in words for the person who wrote them."""
    if not levels:
        return ["A scale needs at least one level."]
    problems, seen = [], set()
    for number, row in enumerate(levels, start=1):
        code = str(row.get("code") or "")
        name = f"Level {number}" + (f" ({code})" if code else "")
        if not LEVEL_CODE.match(code):
            problems.append(f"{name}: the code must be 1 to 20 lower-case letters, digits, '-' or '_', e.g. red or 1.")
        elif code in RESERVED_CODES:
            problems.append(f"{name}: {code!r} means not rated; choose another code.")
        elif code in seen:
            problems.append(f"{name}: another level has the code {code!r}; each level needs its own.")
        seen.add(code)
        if not str(row.get("label") or "").strip():
            problems.append(f"{name}: give the label the plan shows, e.g. Achieved.")
        if not HEX_COLOUR.match(str(row.get("colour") or "")):
            problems.append(f"{name}: the colour must be written #rrggbb, e.g. #2e8b57.")
    return problems


def clean_levels(levels: list[dict]) -> list[dict]:
    """Levels as a plan keeps them: every key present, codes and colours in lower case."""
    return [
        {
            "code": str(row.get("code") or "").strip().lower(),
            "label": str(row.get("label") or "").strip(),
            "colour": str(row.get("colour") or "").strip().lower(),
            "meaning": str(row.get("meaning") or "").strip(),
            "complete": bool(row.get("complete")),
        }
        for row in levels
    ]


def _levels(*rows) -> tuple[Level, ...]:
    return tuple(Level(*row) for row in rows)


# The ready-made scales, in the order a plan shows its levels. The meanings are the usual key
# (DOMAIN.md); on a four-level plan green means "on track" and blue "complete".
READY_MADE_SCALES: dict[str, tuple[str, tuple[Level, ...]]] = {
    "rag": (
        "Red, amber, green",
        _levels(
            ("red", "Red", "#c0392b", "No implementation plan in place"),
            ("amber", "Amber", "#e0a800", "A delay, but the action is still planned"),
            ("green", "Green", "#2e8b57", "Action plan completed", True),
        ),
    ),
    "brag": (
        "Blue, red, amber, green (blue = complete)",
        _levels(
            ("red", "Red", "#c0392b", "No implementation plan in place"),
            ("amber", "Amber", "#e0a800", "A delay, but the action is still planned"),
            ("green", "Green", "#2e8b57", "On track"),
            ("blue", "Blue", "#1f5fbf", "Complete", True),
        ),
    ),
}
UNRATED_COLOUR = "#9aa0a6"


NOT_RATED = Level("", "Not rated", UNRATED_COLOUR)


def ready_made_levels(scale: str) -> list[dict]:
    return [level.as_dict() for level in READY_MADE_SCALES[scale][1]]


def ready_made_with_key(scale: str, meanings: dict[str, str], was: str | None = None) -> list[dict]:
    """A ready-made scale's levels with a plan's own key (`meanings` by code). Moving from another
    ready-made scale (`was`), a meaning that was only that scale's usual word gives way to this one's."""
    usual = {row["code"]: row["meaning"] for row in ready_made_levels(was)} if was in READY_MADE_SCALES else {}
    levels = ready_made_levels(scale)
    for level in levels:
        meaning = meanings.get(level["code"])
        if meaning is None or (was != scale and meaning == usual.get(level["code"])):
            continue
        level["meaning"] = meaning
    return levels


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

    # Titles, texts and names are TextFields throughout: boards paste whole paragraphs, and a
    # record the board wrote must come in as written.
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="plans")
    title = models.TextField()
    slug = models.SlugField(max_length=60, help_text="Its address, e.g. 2016-18.")
    start = models.DateField()
    end = models.DateField()
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    # The scale's name (rag, brag, or a board's own, e.g. "numbered") and the plan's own copy of
    # its levels with the plan's key: a plan keeps the words it was published with.
    scale = models.SlugField(max_length=40, default="rag", verbose_name="rating scale")
    levels = models.JSONField(default=list, blank=True, help_text="The scale's levels with this plan's key.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start", "title"]
        constraints = [
            models.UniqueConstraint(
                "board",
                MD5("title"),
                name="plan_title_unique_in_board",
                violation_error_message="Another plan of this board has this title.",
            ),
            models.UniqueConstraint(
                fields=["board", "slug"],
                name="plan_slug_unique_in_board",
                violation_error_message="Another plan of this board has this address.",
            ),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="plan_end_after_start",
                violation_error_message="The plan must end after it starts.",
            ),
        ]
        permissions = [("rate_action", "Can add progress and ratings to actions their group leads")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("businessplan:plan-detail", args=[self.board.slug, self.slug])

    @cached_property
    def scale_levels(self) -> tuple[Level, ...]:
        """The levels of this plan's scale in the plan's order, with the plan's own key."""
        rows = self.levels or ready_made_levels(self.scale if self.scale in READY_MADE_SCALES else "rag")
        return tuple(Level(**row) for row in rows)

    @property
    def ratings(self) -> list[str]:
        """The codes of this plan's levels, in the plan's order."""
        return [level.code for level in self.scale_levels]

    @property
    def complete_ratings(self) -> list[str]:
        return [level.code for level in self.scale_levels if level.complete]

    @property
    def behind_ratings(self) -> list[str]:
        """The levels the report lists under "little or no progress": every level short of complete,
        except, on a scale of four or more levels, the one next to complete (green "on track" on
        brag, "2 On track" on a numbered scale). On red-amber-green that leaves red and amber."""
        levels = self.scale_levels
        done = [n for n, level in enumerate(levels) if level.complete]
        near = {n + step for n in done for step in (-1, 1)} if len(levels) >= 4 else set()
        return [level.code for n, level in enumerate(levels) if not level.complete and n not in near]

    @property
    def behind_words(self) -> str:
        """The behind levels in words: "red or amber", "slipped or not achieved"."""
        labels = [self.label(code).lower() for code in self.behind_ratings]
        return " or ".join([", ".join(labels[:-1]), labels[-1]] if len(labels) > 1 else labels)

    def level(self, code: str) -> Level | None:
        return next((level for level in self.scale_levels if level.code == code), None)

    def shown_level(self, code: str | None) -> Level:
        """The level of a rating as pages show it; blank, "unrated" or a code off the scale is not rated."""
        return (self.level(code) if code and code != "unrated" else None) or NOT_RATED

    def code_for(self, text: str) -> str | None:
        """The level a person wrote, by its code or its label (any case); None when off the scale."""
        folded = " ".join(str(text).split()).casefold()
        for level in self.scale_levels:
            if folded in (level.code.casefold(), level.label.casefold()):
                return level.code
        return None

    @property
    def rating_heading(self) -> str:
        """The rating column's heading: "RAG" on a red-amber-green scale, else "Rating"."""
        return "RAG" if self.scale in READY_MADE_SCALES else "Rating"

    @property
    def ratings_words(self) -> str:
        """ "RAG ratings" on a red-amber-green scale, else "Ratings"."""
        return "RAG ratings" if self.scale in READY_MADE_SCALES else "Ratings"

    @property
    def scale_title(self) -> str:
        if self.scale in READY_MADE_SCALES and [lv.code for lv in self.scale_levels] == [
            lv.code for lv in READY_MADE_SCALES[self.scale][1]
        ]:
            return READY_MADE_SCALES[self.scale][0]
        return ", ".join(level.label for level in self.scale_levels)

    def label(self, code: str) -> str:
        """The plan's word for a rating; blank is "Not rated"."""
        if not code or code == "unrated":
            return "Not rated"
        level = self.level(code)
        return level.label if level else code

    def colour(self, code: str) -> str:
        level = self.level(code)
        return level.colour if level else UNRATED_COLOUR

    def meaning(self, code: str) -> str:
        level = self.level(code)
        return level.meaning if level else ""

    def clean(self) -> None:
        if not self.levels:
            if self.scale not in READY_MADE_SCALES:
                raise ValidationError({"scale": "Choose a ready-made scale, or give the levels of the plan's own."})
            self.levels = ready_made_levels(self.scale)
        self.levels = clean_levels(self.levels)
        problems = level_problems(self.levels)
        if problems:
            raise ValidationError({"levels": problems})
        self.__dict__.pop("scale_levels", None)


class Priority(models.Model):
    """A numbered theme of the plan, tied to statutory functions."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    number = models.PositiveSmallIntegerField()
    title = models.TextField()
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
    by_whom = models.TextField(blank=True, help_text=f"As written in the plan. {NO_CHILD_DATA}")
    lead_group = models.ForeignKey(
        Group,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_actions",
        help_text="The group accountable, when one is; its chair may report progress.",
    )
    due_text = models.TextField(
        blank=True, verbose_name="by when", help_text='As written: "Sept 2016", "Ongoing", or a sentence or two.'
    )
    due_date = models.DateField(
        null=True, blank=True, help_text="When one date can be given; used to find overdue actions."
    )
    intended_impact = models.TextField(blank=True, help_text=NO_CHILD_DATA)
    measure = models.TextField(blank=True, verbose_name="measure or success criteria", help_text=NO_CHILD_DATA)
    # The rating before any dated update (e.g. imported without history), and the current one.
    # Level codes of the plan's scale (Plan.ratings); blank is "not rated".
    initial_rating = models.CharField(max_length=20, blank=True)
    rating = models.CharField(max_length=20, blank=True, verbose_name="current rating")
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
        return reverse("businessplan:action-detail", args=[self.plan.board.slug, self.plan.slug, self.ref])

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
    # An update the source gives no day for is kept on the last day of its reporting year (it
    # stood at the year's end) and marked undated, so that nothing shows a day nobody wrote.
    date = models.DateField()
    undated = models.BooleanField(default=False, help_text="The source gives no day: dated 31 March of its year.")
    rating = models.CharField(max_length=20, blank=True)
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
        return f"{self.action.ref} {self.when}"

    @property
    def when(self) -> str:
        """The day as the report shows it: "undated (2015-16)" when the source gave none."""
        if self.undated:
            return f"undated ({ReportingYear.containing(self.date)})"
        return f"{self.date:%d/%m/%Y}"

    @property
    def author_name(self) -> str:
        if self.author:
            return self.author.name
        if self.recorded_by:
            return self.recorded_by.get_full_name() or self.recorded_by.username
        return ""
