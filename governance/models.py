"""Agencies, people, groups, memberships, meetings and attendance: the board's structure."""

import re
import uuid
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import MD5
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .querysets import (
    AttendanceQuerySet,
    BoardQuerySet,
    GroupQuerySet,
    MeetingQuerySet,
    MembershipQuerySet,
    PersonQuerySet,
)

# Links to a meeting, or to its papers, are https only.
HTTPS_ONLY = URLValidator(schemes=["https"], message="Give a full https link, e.g. https://example.org/join.")

# Every free-text field says it, on the children's board and the adults' board alike.
NO_CHILD_DATA = (
    "Professionals' work details only: never write anything about a child, an adult at risk or their family here."
)
# The name an anonymised person keeps (manage.py retention): "Former member 123", after their id.
ANONYMOUS_NAME = re.compile(r"^Former member \d+$")


def unique_text(field: str, name: str, message: str) -> models.UniqueConstraint:
    """Unique on the text's digest: names are kept as written, of any length, and PostgreSQL's
    index entries cannot hold a text of a few thousand bytes."""
    return models.UniqueConstraint(MD5(field), name=name, violation_error_message=message)


class BoardKind(models.TextChoices):
    CHILDREN = "children", "Safeguarding children partnership"
    ADULTS = "adults", "Safeguarding Adults Board"


# A board's address is its first path segment: these are the instance's own pages.
RESERVED_SLUGS = frozenset(
    {"admin", "accounts", "account", "privacy", "history", "static", "media", "bench", "boards", "api"}
)


class Board(models.Model):
    """A statutory board of the instance: the children's partnership or the Safeguarding Adults Board."""

    name = models.TextField()
    short_name = models.TextField(blank=True)
    slug = models.SlugField(max_length=60, unique=True, help_text="Its web address, e.g. northmoor-sab.")
    kind = models.CharField(max_length=10, choices=BoardKind.choices, default=BoardKind.CHILDREN)
    area = models.TextField(blank=True, help_text="The local authority area or areas it covers.")
    history = HistoricalRecords()

    objects = BoardQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            unique_text("name", "board_name_unique", "Another board has this name."),
            models.UniqueConstraint(
                MD5("short_name"),
                condition=~Q(short_name=""),
                name="board_short_name_unique",
                violation_error_message="Another board has this short name.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("board-home", args=[self.slug])

    def clean(self) -> None:
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": f'"{self.slug}" is one of the app\'s own addresses: choose another.'})

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @property
    def is_adults(self) -> bool:
        return self.kind == BoardKind.ADULTS


class BoardRole(models.Model):
    """A role a user holds for one board only (a chair of the adults' board). A role given through
    the user's Django groups is held for every board of the instance (lscb.roles)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_roles")
    role = models.ForeignKey("auth.Group", on_delete=models.CASCADE, related_name="board_roles")
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="roles")
    history = HistoricalRecords()

    class Meta:
        ordering = ["board__name", "role__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "board"],
                name="boardrole_once",
                violation_error_message="The user already holds this role for this board.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.role} of {self.board.label}"


class Sector(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    PROBATION = "probation", "Probation"
    EDUCATION = "education", "Education"
    VOLUNTARY = "voluntary", "Voluntary sector"
    LAY = "lay", "Lay members"
    OTHER = "other", "Other"


class GroupKind(models.TextChoices):
    BOARD = "board", "Board"
    COMMITTEE = "committee", "Committee"
    SUBGROUP = "subgroup", "Sub-group"
    TASK_AND_FINISH = "task_and_finish", "Task and finish group"
    PANEL = "panel", "Panel"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    BIMONTHLY = "bimonthly", "Bi-monthly"
    QUARTERLY = "quarterly", "Quarterly"
    BIANNUAL = "biannual", "Twice a year"
    AS_REQUIRED = "as_required", "As required"


class Role(models.TextChoices):
    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice_chair", "Vice-chair"
    MEMBER = "member", "Member"
    ADVISER = "adviser", "Adviser"
    OFFICER = "officer", "Officer"


class Expected(models.TextChoices):
    ALL = "all", "Every meeting"
    FOR_ITEMS = "for_items", "For specific items"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class CancelReason(models.TextChoices):
    NOT_REQUIRED = "not_required", "Not required this time"
    STAFF_ABSENCE = "staff_absence", "Staff absence"
    INQUORATE = "inquorate", "Inquorate"
    OTHER = "other", "Other"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    DEPUTY = "deputy", "Deputy sent"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent (no apology)"
    PART = "part", "Present for part of the meeting"
    IN_ATTENDANCE = "in_attendance", "In attendance (not a member)"
    NOT_EXPECTED = "not_expected", "Not expected at this meeting"


# Part attendance is attendance; "not expected" leaves the meeting out of that member's rates.
ATTENDED_STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.DEPUTY, AttendanceStatus.PART)


class StatusMark(NamedTuple):
    """How a register row shows its status: a symbol beside words, never a colour alone (the
    codes are the attendance grid's, governance.statistics.Cell)."""

    code: str
    symbol: str
    label: str

    @property
    def css_class(self) -> str:
        return f"att-{self.code}"


STATUS_MARKS = {
    AttendanceStatus.PRESENT: StatusMark("attended", "✓", "Present"),
    AttendanceStatus.DEPUTY: StatusMark("attended", "✓", "Deputy sent"),
    AttendanceStatus.PART: StatusMark("part", "½", "Part: present for part of the meeting"),
    AttendanceStatus.APOLOGIES: StatusMark("apologies", "A", "Apologies"),
    AttendanceStatus.ABSENT: StatusMark("absent", "✗", "Absent (no apology)"),
    AttendanceStatus.IN_ATTENDANCE: StatusMark("in-attendance", "+", "In attendance (not a member)"),
    AttendanceStatus.NOT_EXPECTED: StatusMark("not-expected", "\N{EN DASH}", "Not expected at this meeting"),
}


class Agency(models.Model):
    """A partner agency, or an outside body (sector "other")."""

    # Names and titles are TextFields: a record the board wrote comes in as written.
    name = models.TextField()
    short_name = models.TextField(blank=True)
    sector = models.CharField(max_length=20, choices=Sector.choices)
    statutory_partner = models.BooleanField(default=False)
    active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        permissions = [("import_workbook", "Can import the board workbook")]
        constraints = [unique_text("name", "agency_name_unique", "Another agency has this name.")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self, board=None) -> str:
        """The agency's page under `board`'s address. Agencies are shared by the instance's boards
        and have a page under each: a caller on a board's page passes that board; without one the
        instance's first board is used (the page is the same, listing that board's seats); with no
        board yet, no page ("")."""
        board = board or Board.objects.order_by("pk").first()
        return reverse("governance:agency-detail", args=[board.slug, self.pk]) if board is not None else ""

    @property
    def label(self) -> str:
        return self.short_name or self.name


class Person(models.Model):
    """A professional or lay member who sits on the board's groups."""

    name = models.TextField()
    # Blank emails are stored as NULL so that uniqueness applies only to real addresses.
    email = models.EmailField(null=True, blank=True, unique=True)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="people")
    job_title = models.TextField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )
    history = HistoricalRecords()

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            # Without an email, a person's name is their key in the board workbook.
            models.UniqueConstraint(
                MD5("name"),
                condition=Q(email__isnull=True),
                name="person_name_unique_without_email",
                violation_error_message="Another person with no email has this name: give an email, or choose the existing person.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self, board=None) -> str:
        """The person's page under `board`'s address. People are shared by the instance's boards
        and have a page under each: a caller on a board's page passes that board; without one the
        instance's first board is used (the page is the same, listing that board's seats); with no
        board yet, no page ("")."""
        board = board or Board.objects.order_by("pk").first()
        return reverse("governance:person-detail", args=[board.slug, self.pk]) if board is not None else ""

    @property
    def key(self) -> str:
        """The natural key used in the board workbook."""
        return self.email or self.name


QUORUM_MESSAGE = "A quorum is a number of members, 1 or more: give one, or leave it blank."
POSITION_MESSAGE = "The group's place in the board's order starts at 1: give 1 or more, or leave it blank."


class Group(models.Model):
    """The board, a committee, sub-group, panel or task-and-finish group."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="groups")
    name = models.TextField()
    short_name = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=GroupKind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="The group it reports to.",
    )
    # Joint with another board of this instance: its meetings count in that board's figures too.
    joint_boards = models.ManyToManyField(
        Board, blank=True, related_name="joint_groups", help_text="Other boards of this instance it is shared with."
    )
    joint_with = models.TextField(blank=True, help_text="A neighbouring board elsewhere this group is shared with.")
    # The board's own order of its groups in the report; blank groups follow in tree order.
    position = models.PositiveIntegerField(
        null=True, blank=True, help_text="The group's place in the board's own order (1 first)."
    )
    chaired_by = models.TextField(
        blank=True, help_text='When no person is named as chair: a role or an agency, e.g. "the police".'
    )
    frequency = models.CharField(max_length=20, choices=Frequency.choices, blank=True)
    planned_per_year = models.PositiveSmallIntegerField(null=True, blank=True)
    active_from = models.DateField(null=True, blank=True)
    active_to = models.DateField(null=True, blank=True, help_text="Task-and-finish groups end.")
    quorum = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1, message=QUORUM_MESSAGE)],
        help_text="The number of members, or their deputies, who must be present. Leave blank if it has none.",
    )
    history = HistoricalRecords()

    objects = GroupQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "board",
                MD5("name"),
                name="group_name_unique_in_board",
                violation_error_message="Another group of this board has this name.",
            ),
            models.CheckConstraint(
                condition=Q(active_to__isnull=True)
                | Q(active_from__isnull=True)
                | Q(active_to__gte=models.F("active_from")),
                name="group_active_dates_in_order",
                violation_error_message="'Active to' must not be before 'active from'.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self, board=None) -> str:
        """The group's page under its own board's address, or under `board`'s (a board it is joint
        with, whose pages show it too)."""
        return reverse("governance:group-detail", args=[(board or self.board).slug, self.pk])

    def clean(self) -> None:
        # The field takes 0 (a PositiveIntegerField); a board's order starts at 1.
        if self.position is not None and self.position < 1:
            raise ValidationError({"position": POSITION_MESSAGE})

    def shows_chaired_by(self, seats) -> bool:
        """Whether to show `chaired_by` beside these chairing seats: only when no person is the chair."""
        return bool(self.chaired_by.strip()) and not any(seat.role == Role.CHAIR for seat in seats)

    @property
    def label(self) -> str:
        return self.short_name or self.name


class Membership(models.Model):
    """A person's seat on a group, representing an agency, for a period."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        help_text="The agency represented.",
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    expected = models.CharField(max_length=20, choices=Expected.choices, default=Expected.ALL)
    start = models.DateField(null=True, blank=True, help_text="Leave blank when the membership began before records.")
    end = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["group__name", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "person", "start"],
                name="membership_unique_start",
                violation_error_message="This person already has a membership of this group starting that day.",
            ),
            models.UniqueConstraint(
                fields=["group", "person"],
                condition=Q(start__isnull=True),
                name="membership_unique_open_start",
                violation_error_message="This person already has a membership of this group with no start date.",
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=models.F("start")),
                name="membership_dates_in_order",
                violation_error_message="The end date must not be before the start date.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.group}"

    def get_absolute_url(self, board=None) -> str:
        """The group's page, under its board's address (or `board`'s, as Group.get_absolute_url)."""
        return self.group.get_absolute_url(board)


class Meeting(models.Model):
    """One meeting of a group on a date: planned, held or cancelled."""

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField()
    status = models.CharField(max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    cancel_reason = models.CharField(max_length=20, choices=CancelReason.choices, blank=True)
    note = models.TextField(blank=True, help_text=NO_CHILD_DATA)
    start_time = models.TimeField(null=True, blank=True, help_text="24-hour clock, e.g. 14:00.")
    venue = models.TextField(blank=True, help_text="Where it meets, e.g. Room 2, Civic Centre, Northmoor.")
    online_link = models.URLField(
        max_length=2000,
        blank=True,
        validators=[HTTPS_ONLY],
        help_text="The link to join online (https), if it meets online or both.",
    )
    chair = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings_chaired",
        help_text="Who chaired it that day.",
    )
    # Bumped on every save so that a stale edit of the register can be refused.
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["date", "group__name"]
        permissions = [("record_meeting", "Can record meetings of the groups they chair")]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "date"],
                name="meeting_one_per_group_per_date",
                violation_error_message="This group already has a meeting on that date.",
            ),
            models.CheckConstraint(
                condition=(Q(status="cancelled") & ~Q(cancel_reason=""))
                | (~Q(status="cancelled") & Q(cancel_reason="")),
                name="meeting_cancel_reason_iff_cancelled",
                violation_error_message="A cancelled meeting needs a reason, and only a cancelled one has one.",
            ),
        ]
        indexes = [models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.group.label} {self.date:%d/%m/%Y}"

    def get_absolute_url(self, board=None) -> str:
        """The meeting's page under its group's board's address, or under `board`'s (a board the
        group is joint with)."""
        return reverse("governance:meeting-detail", args=[(board or self.group.board).slug, self.pk])


class Attendance(models.Model):
    """Whether one person attended one held meeting, sent a deputy, or gave apologies."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendances")
    status = models.CharField(max_length=20, choices=AttendanceStatus.choices)
    deputy_name = models.TextField(blank=True)
    # "Deputy sent" with the deputy's name not known, said on purpose (a blank name is refused).
    deputy_name_unknown = models.BooleanField(default=False)
    # A representative present for another member (the register's "on behalf of").
    on_behalf_of = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="represented_by"
    )
    note = models.TextField(blank=True, help_text=NO_CHILD_DATA)
    history = HistoricalRecords()

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["meeting__date", "person__name"]
        verbose_name_plural = "attendance"
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="attendance_one_per_person")]

    def __str__(self) -> str:
        return f"{self.person} at {self.meeting}: {self.get_status_display()}"

    @property
    def attended(self) -> bool:
        return self.status in ATTENDED_STATUSES

    @property
    def deputy_label(self) -> str:
        """The deputy as the saved register names them: their name, "name not known", or ""."""
        if self.status != AttendanceStatus.DEPUTY:
            return ""
        if self.deputy_name:
            return self.deputy_name
        return "name not known" if self.deputy_name_unknown else ""

    @property
    def mark(self) -> StatusMark:
        return STATUS_MARKS.get(self.status) or StatusMark("unknown", "?", self.get_status_display())


class PaperKind(models.TextChoices):
    AGENDA = "agenda", "Agenda"
    MINUTES = "minutes", "Minutes"
    PACK = "pack", "Papers pack"
    OTHER = "other", "Other"


def paper_upload_to(paper: "MeetingPaper", filename: str) -> str:
    """Stored under a random name (the original is kept in `file_name`): never guessable, never
    served from a public address (governance.views.papers serves it to readers of the meeting)."""
    return f"papers/{paper.meeting.date:%Y}/{uuid.uuid4().hex}"


class MeetingPaper(models.Model):
    """A meeting's paper: its agenda, minutes, papers pack or another paper, uploaded or linked."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    kind = models.CharField(max_length=20, choices=PaperKind.choices, default=PaperKind.AGENDA)
    title = models.TextField(blank=True, help_text="Leave blank to call it by its kind, e.g. Agenda.")
    file = models.FileField(upload_to=paper_upload_to, max_length=300, blank=True)
    file_name = models.TextField(blank=True, help_text="The uploaded file's own name, given back on download.")
    file_size = models.PositiveBigIntegerField(null=True, blank=True)
    link = models.URLField(max_length=2000, blank=True, validators=[HTTPS_ONLY])
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "kind", "added_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(link="")) | (~Q(file="") & Q(link="")),
                name="meetingpaper_file_or_link",
                violation_error_message="A paper is either an uploaded file or a link: give one of them.",
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.title or self.get_kind_display()

    @property
    def is_file(self) -> bool:
        return bool(self.file)

    def clean(self) -> None:
        if bool(self.file) == bool(self.link):
            raise ValidationError("A paper is either an uploaded file or a link: give one of them, not both.")
