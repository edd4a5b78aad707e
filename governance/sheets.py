"""The governance sheets of the board workbook (see WORKBOOK.md): one declaration per sheet."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from lscb.text import one_line
from lscb.workbook import (
    Bool,
    Choice,
    Date,
    ImportRun,
    Int,
    Ref,
    RowProblem,
    Sheet,
    SkipRow,
    Text,
    follows_board,
    register,
)
from lscb.workbook.results import FieldChange

from .models import (
    Agency,
    Attendance,
    AttendanceStatus,
    Board,
    CancelReason,
    Group,
    Meeting,
    MeetingStatus,
    Membership,
    Person,
)
from .services import board_slug, meeting_save, membership_save, person_save, record_save

# A representative present for another member is present, for all or part of the meeting.
REPRESENTATIVE_STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.PART)


class GovernanceSheet(Sheet):
    """Rows saved through the governance services: validated and attributed to the importer."""

    def save(self, instance, by):
        return record_save(instance=instance, by=by)


def free_board_slug(name: str) -> str:
    """A new board's address from its name, with -2, -3... when another board has it."""
    base = board_slug(name)
    slug, number = base, 1
    while Board.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


@register
class Boards(GovernanceSheet):
    """The boards of the instance (format 2): read first, as the records of a board name it.
    Other sheets name a board by its name or its short name, in any case."""

    name = "boards"
    model = Board
    key = ("name",)
    ordering = ("name",)
    board_path = "pk"
    noun = "board"
    columns = [
        Text("name", required=True, one_line=True),
        Text("short_name", one_line=True),
        Choice("kind", required=True),
        Text("area", one_line=True),
    ]
    ambiguity_hint = "give its full name."

    def aliases(self, board: Board) -> list[tuple]:
        # Its short name, and its address (as Board.objects.by_key finds it).
        return [(alias,) for alias in (board.short_name, board.slug) if alias]

    def check(self, board: Board, values: dict[str, Any], run: ImportRun) -> Iterator[RowProblem]:
        others = [other for other in run.state(self.name).by_pk.values() if other.pk != board.pk]
        for other in others:
            # Boards are named in any case: two names that differ only in case would be one.
            if other.name.casefold() == board.name.casefold() or other.short_name.casefold() == board.name.casefold():
                yield "name", f"another board is called {other.name!r}: write its name as it is, or choose another."
        if not board.short_name:
            return
        short = board.short_name.casefold()
        for other in others:
            if other.short_name.casefold() == short:
                yield "short_name", f"{other.name} has this short name: each board's short name is its own."
            elif other.name.casefold() == short:
                yield "short_name", "another board has this as its name: a short name must name one board only."

    def save(self, instance: Board, by: Any) -> Board:
        if instance.pk is None:
            instance.slug = free_board_slug(instance.name)  # its address stays when it is renamed
        return record_save(instance=instance, by=by)


@register
class Agencies(GovernanceSheet):
    name = "agencies"
    model = Agency
    key = ("name",)
    ordering = ("name",)
    columns = [
        Text("name", required=True, one_line=True),
        Text("short_name", one_line=True),
        Choice("sector", required=True),
        Bool("statutory_partner"),
    ]


class JointWith(Text):
    """`joint_with`: the boards of the instance the group is joint with, by name, then any free
    text (a board elsewhere), separated by `;`."""

    def export(self, group: Group) -> str | None:
        names = [board.name for board in group.joint_boards.all()]  # prefetched
        return self.to_cell("; ".join([*names, group.joint_with] if group.joint_with else names))


def _joint_ids(run: ImportRun) -> dict[int, set[int]]:
    if "joint_ids" not in run.cache:
        joint: dict[int, set[int]] = {}
        for group_id, board_id in Group.joint_boards.through.objects.values_list("group_id", "board_id"):
            joint.setdefault(group_id, set()).add(board_id)
        run.cache["joint_ids"] = joint
    return run.cache["joint_ids"]


@register
class Groups(GovernanceSheet):
    """Keyed by board and name. In `joint_with`, a board of the instance (or of the boards sheet)
    makes the group joint with it; any other name stays as text."""

    name = "groups"
    model = Group
    key = ("board", "name")
    ordering = ("board__name", "name")
    board_path = "board"
    noun = "group"
    columns = [
        Ref("board", to="boards"),
        Text("name", required=True, one_line=True),
        Text("short_name", one_line=True),
        Choice("kind", required=True),
        Ref("parent", to="groups"),
        JointWith("joint_with", one_line=True),
        Choice("frequency"),
        Int("planned_per_year", min_value=0),
        Date("active_from"),
        Date("active_to"),
        # The board's own order of its groups (1 first); blank ones follow in the tree's order.
        Int("position", min_value=1),
        # A chair named only by role or agency ("the police"), when no person is named.
        Text("chaired_by", one_line=True),
    ]

    def export_queryset(self, boards: list | None = None):
        return super().export_queryset(boards).prefetch_related("joint_boards")

    def joint_board_ids(self, group: Group, run: ImportRun) -> set[int]:
        return _joint_ids(run).get(group.pk, set()) if group.pk is not None else set()

    def resolve(self, values: dict[str, Any], run: ImportRun) -> Iterator[RowProblem]:
        if "joint_with" not in values:
            return  # no joint_with column: the joint boards stay as they are
        if not values["joint_with"]:
            values["joint_boards"] = []
            return
        own: Board = values["board"]
        joint: list[Board] = []
        free: list[str] = []
        for part in values["joint_with"].split(";"):
            board = run.board_named(part) if part.strip() else None
            if board is None:
                free.append(part)
            elif board.pk == own.pk:
                yield (
                    "joint_with",
                    f"{part.strip()!r} is the group's own board: name only the other boards it is joint with.",
                )
            elif board not in joint:
                joint.append(board)
        values["joint_with"] = ";".join(free).strip()
        values["joint_boards"] = joint

    def prepare(self, group: Group, values: dict[str, Any]) -> None:
        if "joint_boards" in values:
            group.__dict__["_joint_ids"] = {board.pk for board in values["joint_boards"]}
        else:
            group.__dict__.pop("_joint_ids", None)  # no joint_with column: they stay as they are

    def extra_changes(self, old: Group, new: Group, run: ImportRun) -> list[str]:
        wanted = new.__dict__.get("_joint_ids")
        before = self.joint_board_ids(old, run)
        if wanted is None or wanted == before:
            return []
        boards = run.state("boards").by_pk
        new.__dict__["_joint_shown"] = tuple(
            "; ".join(sorted(boards[pk].name for pk in ids if pk in boards)) or None for ids in (before, wanted)
        )
        return ["joint_boards"]

    def field_change(self, attname: str, old: Group, new: Group) -> FieldChange:
        if attname != "joint_boards":
            return super().field_change(attname, old, new)
        before, after = new.__dict__.get("_joint_shown", (None, None))
        return FieldChange("joint_with", before, after, "joint with the boards", "joint_with")

    def check(self, group: Group, values: dict[str, Any], run: ImportRun) -> Iterator[RowProblem]:
        if group.active_from and group.active_to and group.active_to < group.active_from:
            yield "active_to", "must not be before active_from."
        parent = values.get("parent")
        if parent is not None and parent.board_id != group.board_id:
            yield "parent", f"{parent} is a group of another board: a group reports to a group of its own board."

    def save(self, instance: Group, by: Any) -> Group:
        joint = instance.__dict__.get("_joint_ids")
        saved = record_save(instance=instance, by=by)
        if joint is not None:
            saved.joint_boards.set(joint)
        return saved

    def after_write(self, run: ImportRun) -> None:
        run.cache.pop("joint_ids", None)  # read again, with the joint boards just written


@register
class People(Sheet):
    """Keyed by email when given, else by name (a person with no email is unique by name)."""

    name = "people"
    model = Person
    key = ("email", "name")
    ordering = ("name", "email")
    columns = [
        Text("name", required=True, one_line=True),
        Text("email"),
        Ref("agency", to="agencies"),
        Text("job_title", one_line=True),
    ]

    def key_columns(self, cells: dict[str, Any]) -> tuple[str, ...]:
        return ("email",) if cells.get("email") else ("name",)

    def row_key(self, values: dict[str, Any]) -> tuple:
        email = (values.get("email") or "").lower()
        return ("email", email) if email else ("name", values["name"])

    def key_of(self, person: Person) -> tuple:
        return ("email", person.email.lower()) if person.email else ("name", one_line(person.name))

    def ref_key(self, text: str) -> tuple:
        # As Person.objects.by_key: an address when it looks like one, else a name.
        return ("email", text.lower()) if "@" in text else ("name", text)

    def aliases(self, person: Person) -> list[tuple]:
        # A workbook may name someone who has an email: accepted when the name is unique.
        return [("name", one_line(person.name))] if person.email else []

    ambiguity_hint = "use their email."

    def ref_text(self, person: Person) -> str:
        return person.key

    def row_ref_text(self, cells: dict[str, Any]) -> str:
        return cells.get("email") or cells.get("name") or ""

    def describe(self, cells: dict[str, Any]) -> str:
        return f"{cells.get('name', '')} <{cells['email']}>" if cells.get("email") else str(cells.get("name", ""))

    def prepare(self, person: Person, values: dict[str, Any]) -> None:
        person.email = (person.email or "").strip().lower() or None  # as person_save stores it

    def save(self, instance, by):
        return person_save(person=instance, by=by)


@register
class Memberships(Sheet):
    name = "memberships"
    model = Membership
    key = ("group", "person", "start")
    duplicate_column = "person"
    follows = "group"
    board_path = "group__board"
    noun = "membership"
    ordering = ("group__board__name", "group__name", "person__name", "start")
    columns = [
        follows_board("group.board"),
        Ref("group", to="groups", required=True),
        Ref("person", to="people", required=True),
        Ref("agency", to="agencies"),
        Choice("role"),
        Choice("expected"),
        Date("start"),
        Date("end"),
    ]

    def prepare(self, membership: Membership, values: dict[str, Any]) -> None:
        if membership.agency_id is None:
            membership.agency_id = membership.person.agency_id  # as membership_save defaults it

    def check(self, membership: Membership, values: dict[str, Any], run: ImportRun) -> Iterator[RowProblem]:
        if membership.start and membership.end and membership.end < membership.start:
            yield "end", "must not be before start."

    def save(self, instance, by):
        return membership_save(membership=instance, by=by)


@register
class Meetings(Sheet):
    name = "meetings"
    model = Meeting
    key = ("group", "date")
    follows = "group"
    board_path = "group__board"
    noun = "meeting"
    ordering = ("date", "group__board__name", "group__name")
    columns = [
        follows_board("group.board"),
        Ref("group", to="groups", required=True),
        Date("date", required=True),
        Choice("status", required=True),
        Choice("cancel_reason"),
        Text("note"),
    ]

    def check(self, meeting: Meeting, values: dict[str, Any], run: ImportRun) -> Iterator[RowProblem]:
        cancelled = meeting.status == MeetingStatus.CANCELLED
        if cancelled and not meeting.cancel_reason:
            yield "cancel_reason", f"required when the meeting is cancelled: one of {', '.join(CancelReason.values)}."
        if not cancelled and meeting.cancel_reason:
            yield (
                "cancel_reason",
                "only a cancelled meeting has a reason: leave it blank, or make the status cancelled.",
            )
        stored = run.state(self.name).by_pk.get(meeting.pk)
        was_held = stored is not None and stored.status == MeetingStatus.HELD
        if was_held and meeting.status != MeetingStatus.HELD and meeting.attendances.exists():
            # Un-holding it here would leave a register on a meeting that did not take place.
            yield "status", "this meeting has an attendance register: cancel it in the app, which removes the register."

    def name_of(self, meeting: Meeting, run: ImportRun) -> str:
        """As the register names it: "QEG 03/06/2025" (the group from the run, not a query per meeting)."""
        group = run.state("groups").by_pk.get(meeting.group_id) or meeting.group
        return f"{group.label} {meeting.date:%d/%m/%Y}"

    def save(self, instance, by):
        return meeting_save(meeting=instance, by=by)


@register
class AttendanceSheet(Sheet):
    """One row per person per held meeting; the meeting is found by its group and date."""

    name = "attendance"
    model = Attendance
    key = ("group", "date", "person")
    after = ("meetings", "memberships")
    follows = "group"
    board_path = "meeting__group__board"
    noun = "register row"
    ordering = ("meeting__date", "meeting__group__board__name", "meeting__group__name", "person__name")
    columns = [
        follows_board("meeting.group.board"),
        Ref("group", to="groups", required=True, field=None, source="meeting.group"),
        Date("date", required=True, field=None, source="meeting.date"),
        Ref("person", to="people", required=True),
        Choice("status", required=True),
        Text("deputy_name", one_line=True),
        # The member a representative was present for (the register's "on behalf of").
        Ref("on_behalf_of", to="people"),
        Text("note"),
    ]

    def resolve(self, values: dict[str, Any], run: ImportRun) -> Iterator[RowProblem]:
        group, day = values["group"], values["date"]
        meeting = run.find("meetings", (group.pk, day))
        if meeting is None:
            yield "date", f"{group} has no meeting on {day.isoformat()} in the meetings sheet or the database."
        values["meeting"] = meeting

    def row_key(self, values: dict[str, Any]) -> tuple:
        return (values["meeting"].pk, values["person"].pk)

    def key_of(self, attendance: Attendance) -> tuple:
        return (attendance.meeting_id, attendance.person_id)

    def prepare(self, attendance: Attendance, values: dict[str, Any]) -> None:
        attendance.meeting = values["meeting"]

    def check(self, attendance: Attendance, values: dict[str, Any], run: ImportRun) -> Iterator[RowProblem]:
        meeting, person = values["meeting"], values["person"]
        when = f"{values['group']} on {meeting.date.isoformat()}"
        if meeting.status != MeetingStatus.HELD:
            yield "date", f"the meeting of {when} is {meeting.status}: attendance is recorded only for held meetings."
        # Without the column, the stored representation stays, and must still fit the status.
        represented: Person | None = (
            values["on_behalf_of"]
            if "on_behalf_of" in values
            else run.state("people").by_pk.get(attendance.on_behalf_of_id)
        )
        if represented is not None:
            # A representative sits in a member's seat: the member must hold one, the representative need not.
            yield from self._check_represented(attendance, represented, values, run)
        elif attendance.status != AttendanceStatus.IN_ATTENDANCE and not _is_member(run, meeting, person.pk):
            if run.failed_row_refers("memberships", group=values["group"], person=person):
                raise SkipRow  # their membership row has an error of its own
            yield "status", f"{person} has no membership of {when}: they can only be in_attendance."
        if attendance.deputy_name and attendance.status != AttendanceStatus.DEPUTY:
            yield "deputy_name", "a deputy's name goes with the status deputy."

    def _check_represented(
        self, attendance: Attendance, represented: Person, values: dict[str, Any], run: ImportRun
    ) -> Iterator[RowProblem]:
        meeting, person = values["meeting"], values["person"]
        if attendance.status not in REPRESENTATIVE_STATUSES:
            yield (
                "on_behalf_of",
                f"only someone present (status present or part) can be there on behalf of another member, "
                f"not someone whose status is {attendance.status}: make the status present or part, or leave this blank.",
            )
        elif represented.pk == person.pk:
            yield "on_behalf_of", f"{person} cannot be present on their own behalf: leave this blank."
        elif not _is_member(run, meeting, represented.pk):
            if run.failed_row_refers("memberships", group=values["group"], person=represented):
                raise SkipRow
            yield (
                "on_behalf_of",
                f"{represented} has no membership of {values['group']} on {meeting.date.isoformat()}: "
                "a representative is present on behalf of a member.",
            )

    def save(self, instance, by):
        return record_save(instance=instance, by=by)


def _is_member(run: ImportRun, meeting: Meeting, person_id: int) -> bool:
    """Whether the person holds a seat on the meeting's group that day (stored or just imported)."""
    if "seats" not in run.cache:
        seats: dict[tuple[int, int], list[tuple[date | None, date | None]]] = {}
        for membership in run.state("memberships").by_pk.values():
            seats.setdefault((membership.group_id, membership.person_id), []).append((membership.start, membership.end))
        run.cache["seats"] = seats
    return any(
        (start is None or start <= meeting.date) and (end is None or end >= meeting.date)
        for start, end in run.cache["seats"].get((meeting.group_id, person_id), [])
    )
