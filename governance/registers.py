"""The register form of one meeting: every member that day, existing guests, new guests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe

from lscb.compiled import CompiledRead

from . import forms
from .models import Agency, Attendance, AttendanceStatus, Expected, Meeting, Membership, Person
from .services import RegisterEntry
from .widgets import QuickInput, QuickSelect, attributes, options_html

# The register's reads, written by the ORM once per process (lscb.compiled): they are made every
# time a register opens, and writing their SQL cost about as much as running it. The guest lists
# leave out the meeting's own people in Python (the list of ids differs for every meeting).
SAVED_ROWS = CompiledRead(
    lambda meeting_id: Attendance.objects.filter(meeting_id=meeting_id).values_list(
        "person_id",
        "status",
        "deputy_name",
        "note",
        "on_behalf_of_id",
        "person__name",
        "person__agency__short_name",
        "person__agency__name",
    ),
    meeting_id=-7301,
)
SEATS = CompiledRead(
    lambda group_id, day: (
        Membership.objects.filter(group_id=group_id)
        .active_on(day)
        .order_by("expected", "agency__name", "person__name")
        .values_list("person_id", "person__name", "role", "expected", "agency__short_name", "agency__name")
    ),
    group_id=-7302,
    day=date(1901, 2, 3),
)
EVERYONE = CompiledRead(lambda: Person.objects.order_by("name").values_list("pk", "name"))
AGENCIES = CompiledRead(lambda: Agency.objects.order_by("name").values_list("pk", "name"))

GUEST_SLOTS = 3
GUEST_CHOICES = [(AttendanceStatus.IN_ATTENDANCE, "In attendance"), ("", "Remove from the register")]
# A member who comes for specific items is not expected: no status means not attending (and
# "not expected at this meeting" would say the same again).
SOME_ITEMS_CHOICES = [("", "Not attending (not expected)")] + [
    c for c in forms.REGISTER_CHOICES if c[0] and c[0] != AttendanceStatus.NOT_EXPECTED
]
SAVED_FIELDS = ("status", "deputy_name", "note", "on_behalf_of")


def _posted_version(data) -> int:
    """The version the form was opened at; one that is not a number (a damaged form) counts as
    stale, so the page comes back with the register as saved and a message, never an error."""
    try:
        return int(str(data.get("version", "")).strip())
    except ValueError:
        return 0


ROLES = dict(Membership._meta.get_field("role").flatchoices)


@dataclass(frozen=True, slots=True)
class Who:
    """A person on the register as the page shows them: read as plain values, not records."""

    pk: int
    name: str
    agency: str  # the agency's label, or ""


@dataclass(frozen=True, slots=True)
class Seat:
    role: str
    expected: str
    agency: str


def _label(short_name: str | None, name: str | None) -> str:
    return short_name or name or ""


class RegisterRow:
    """One person's row: written in Python from the saved register when the page opens (no form:
    a register has fifty rows), and from its bound form, with its errors, when a save comes back."""

    def __init__(
        self,
        person: Who,
        *,
        seat: Seat | None = None,
        existing: tuple | None = None,
        data=None,
        members: list[tuple[int, str]] = (),
        members_source: str = "",
    ) -> None:
        self.person = person
        # The members this person could be present for: (id, label); the first member row writes
        # the list and the others copy it in the browser (js/register.js) unless one is chosen.
        self.members = members
        self.members_source = members_source
        self.seat = seat
        self.every_meeting = seat is not None and seat.expected == Expected.ALL
        self.prefix = f"p{person.pk}"
        if seat is None:
            self.choices = GUEST_CHOICES
        else:
            self.choices = forms.REGISTER_CHOICES if self.every_meeting else SOME_ITEMS_CHOICES
        self.initial = {}
        if existing is not None:
            self.initial = dict(zip(SAVED_FIELDS, existing, strict=True))
        self.form = None
        if data is not None:
            self.form = forms.RegisterRowForm(
                data,
                prefix=self.prefix,
                initial=self.initial,
                status_choices=self.choices,
                person_id=person.pk,
                members=members if seat is not None else (),
            )

    def _value(self, name: str) -> str:
        if self.form is None:
            return self.initial.get(name) or ""
        return self.form[name].value() or ""

    def _errors(self, name: str) -> list[str]:
        return self.form.errors.get(name, []) if self.form is not None and self.form.is_bound else []

    def _widget(self, name: str, label: str, **attrs) -> str:
        errors = self._errors(name)
        attrs = {"aria-label": f"{label} {self.person.name}", **attrs, "id": f"id_{self.prefix}-{name}"}
        if errors:
            attrs["aria-invalid"] = "true"
        attrs["name"] = f"{self.prefix}-{name}"
        value = self._value(name)
        if name == "status":
            options = options_html(self.choices, {str(value)})
            widget = f'<select class="form-select form-select-sm"{attributes(attrs)}>{options}</select>'
        elif name == "on_behalf_of":
            widget = self._members_select(attrs, str(value))
        elif name == "note":
            # Notes are kept as written, of any length: the box grows with its text (forms.js).
            widget = (
                f'<textarea class="form-control form-control-sm" rows="1"{attributes(attrs)}>{escape(value)}</textarea>'
            )
        else:
            attrs.update(type="text", value=value or None)
            widget = f'<input class="form-control form-control-sm"{attributes(attrs)}>'
        return widget + "".join(f'<div class="text-danger small">{escape(str(e))}</div>' for e in errors)

    def _members_select(self, attrs: dict, chosen: str) -> str:
        attrs = {**attrs, "data-self": self.person.pk}
        options = [("", "No one else")]
        if chosen or not self.members_source:
            options += self.members
        else:
            attrs["data-same-options-as"] = self.members_source
        return (
            f'<select class="form-select form-select-sm"{attributes(attrs)}>{options_html(options, {chosen})}</select>'
        )

    def html(self) -> str:
        name = escape(self.person.name)
        if self.seat is None:
            agency = self.person.agency or "—"
            who, role = f'{name}<div class="small text-body-secondary">guest</div>', "Not a member"
            deputy = representing = ""
        else:
            agency = self.seat.agency or "—"
            specific = "" if self.every_meeting else '<div class="small text-body-secondary">for specific items</div>'
            who, role = f"{name}{specific}", escape(ROLES.get(self.seat.role, self.seat.role))
            deputy = self._widget("deputy_name", "Deputy for")
            representing = self._widget("on_behalf_of", "Member represented by")
        every = {"data-every-meeting": "1"} if self.every_meeting else {}
        return mark_safe(
            f'<tr><th scope="row" class="fw-normal">{who}</th><td>{escape(agency)}</td><td>{role}</td>'
            f"<td>{self._widget('status', 'Status of', **every)}</td><td>{deputy}</td><td>{representing}</td>"
            f"<td>{self._widget('note', 'Note about')}</td></tr>"
        )


class RegisterPage:
    """Builds, validates and renders the register; the view only routes."""

    def __init__(self, meeting: Meeting, data=None):
        self.meeting = meeting
        self.data = data
        self.errors: list[str] = []
        self.stale_rows = None
        # Plain values, not records: a register has fifty rows (records are read only to save).
        existing = {
            person_id: (Who(person_id, name, _label(short, full)), (status, deputy_name, note, on_behalf_of))
            for person_id, status, deputy_name, note, on_behalf_of, name, short, full in SAVED_ROWS(
                meeting_id=meeting.pk
            )
        }
        self.version = _posted_version(data) if data else meeting.version
        self.render_version = meeting.version if data is None else self.version
        self.rows = []
        seats = {}
        for person_id, name, role, expected, short, full in SEATS(group_id=meeting.group_id, day=meeting.date):
            seats.setdefault(person_id, (name, Seat(role, expected, _label(short, full))))
        seen = set(seats)
        # Whom a member may be present for: the members that day, by name.
        members = sorted(
            ((pk, f"{name} ({seat.agency})" if seat.agency else name) for pk, (name, seat) in seats.items()),
            key=lambda pair: (pair[1].casefold(), pair[0]),
        )
        source = ""
        for person_id, (name, seat) in seats.items():
            saved = existing.get(person_id)
            row = RegisterRow(
                Who(person_id, name, ""),
                seat=seat,
                existing=saved[1] if saved else None,
                data=data,
                members=members,
                members_source=source,
            )
            source = source or f"id_{row.prefix}-on_behalf_of"
            self.rows.append(row)
        self.guests = [
            RegisterRow(who, existing=saved, data=data)
            for person_id, (who, saved) in existing.items()
            if person_id not in seen
        ]
        people = Person.objects.exclude(pk__in=seen | set(existing)).select_related("agency")
        self.new_guests = [forms.GuestForm(data, prefix=f"guest{i}", people=people) for i in range(GUEST_SLOTS)]
        # A model choice field reads its list each time it renders: read people and agencies once
        # for all the guest slots, as (id, name) pairs, the labels the fields would give (saving
        # still checks the choice against the field's queryset, which stays as it was).
        first = self.new_guests[0].fields
        listed = seen | set(existing)
        choices = {
            "person": [(pk, name) for pk, name in EVERYONE() if pk not in listed],
            "agency": AGENCIES(),
        }
        for name in ("person", "agency"):
            options = [("", first[name].empty_label), *choices[name]]
            unselected: dict = {}
            for index, form in enumerate(self.new_guests):
                field = form.fields[name]
                # Everyone on record is written once, in the first slot; the others copy it in
                # the browser (js/register.js), unless a choice was already made there.
                same_as = f"id_{self.new_guests[0].prefix}-{name}" if index and name == "person" else ""
                field.widget = QuickSelect(
                    attrs=field.widget.attrs, unselected=unselected, options=options, same_as=same_as
                )
        for form in self.new_guests:
            form.fields["name"].widget = QuickInput(attrs=form.fields["name"].widget.attrs)

    def is_valid(self) -> bool:
        valid = all([row.form.is_valid() for row in self.rows + self.guests] + [g.is_valid() for g in self.new_guests])
        for row in self.rows:
            form = row.form
            if form.is_valid() and row.every_meeting and not form.cleaned_data["status"]:
                form.add_error("status", "Choose a status: this member is expected at every meeting.")
                valid = False
        if not valid:
            self.errors.append("Some rows need attention: they are marked below. Nothing has been saved yet.")
        return valid

    def entries(self, *, by) -> list[RegisterEntry]:
        entries = []
        people = Person.objects.in_bulk([row.person.pk for row in self.rows + self.guests])
        for row in self.rows + self.guests:
            data = row.form.cleaned_data
            represented = people.get(data.get("on_behalf_of"))
            entries.append(
                RegisterEntry(people[row.person.pk], data["status"], data["deputy_name"], data["note"], represented)
            )
        for guest in self.new_guests:
            if guest.is_blank:
                continue
            data = guest.cleaned_data
            # A new person is saved by the service, inside the register's transaction.
            person = data["person"] or Person(name=data["name"].strip(), agency=data["agency"])
            entries.append(RegisterEntry(person, AttendanceStatus.IN_ATTENDANCE, "", data["note"]))
        return entries

    def add_errors(self, error: ValidationError) -> None:
        self.errors.extend(error.messages)

    def stale(self, error: ValidationError) -> None:
        """Show the other person's saved register beside ours; the next save is against it."""
        self.errors.extend(error.messages)
        fresh = Meeting.objects.get(pk=self.meeting.pk)
        self.render_version = fresh.version
        self.stale_rows = fresh.attendances.select_related("person", "on_behalf_of").order_by("person__name")
        self.stale_meeting = fresh

    def context(self) -> dict:
        return {
            "meeting": self.meeting,
            "rows": self.rows,
            "guests": self.guests,
            "new_guests": self.new_guests,
            "errors": self.errors,
            "version": self.render_version,
            "stale_rows": self.stale_rows,
            "status_choices": AttendanceStatus,
        }
