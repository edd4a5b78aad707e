"""The register form of one meeting: every member that day, existing guests, new guests."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import Select, TextInput
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from . import forms
from .models import AttendanceStatus, Expected, Meeting, Membership, Person
from .services import RegisterEntry

GUEST_SLOTS = 3
GUEST_CHOICES = [(AttendanceStatus.IN_ATTENDANCE, "In attendance"), ("", "Remove from the register")]


def _posted_version(data) -> int:
    """The version the form was opened at; one that is not a number (a damaged form) counts as
    stale, so the page comes back with the register as saved and a message, never an error."""
    try:
        return int(str(data.get("version", "")).strip())
    except ValueError:
        return 0


class QuickSelect(Select):
    """A select whose options are written in Python, not through a template each, and written
    once for all the selects sharing `unselected` (a dict) while none has a choice: the guest
    lists offer everyone on record, which grows with the years."""

    def __init__(self, attrs=None, *, unselected: dict):
        super().__init__(attrs)
        self.unselected = unselected

    def _options(self, chosen: set[str]) -> str:
        return format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((key, mark_safe(" selected") if str(key) in chosen else "", label) for key, label in self.choices),
        )

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value) if v}
        if chosen:
            options = self._options(chosen)
        else:
            if "html" not in self.unselected:
                self.unselected["html"] = self._options({""})
            options = self.unselected["html"]
        return format_html(
            "<select{}>{}</select>", flatatt(self.build_attrs(self.attrs, {**(attrs or {}), "name": name})), options
        )


class QuickTextInput(TextInput):
    """A text box written in Python: a register has three boxes and lists for every member."""

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        final = self.build_attrs(self.attrs, {**(attrs or {}), "type": self.input_type, "name": name})
        if value is not None:
            final["value"] = value
        return format_html("<input{}>", flatatt(final))


def _quick(form) -> None:
    """The register row's widgets, written in Python (their attributes and choices as they were)."""
    for field in form.fields.values():
        if type(field.widget) is Select:
            field.widget = QuickSelect(attrs=field.widget.attrs, unselected={})
            field.widget.choices = field.choices
        elif type(field.widget) is TextInput:
            field.widget = QuickTextInput(attrs=field.widget.attrs)


class RegisterPage:
    """Builds, validates and renders the register; the view only routes."""

    def __init__(self, meeting: Meeting, data=None):
        self.meeting = meeting
        self.data = data
        self.errors: list[str] = []
        self.stale_rows = None
        existing = {row.person_id: row for row in meeting.attendances.select_related("person", "person__agency")}
        self.version = _posted_version(data) if data else meeting.version
        self.render_version = meeting.version if data is None else self.version
        self.rows = []
        seen = set()
        memberships = (
            Membership.objects.filter(group_id=meeting.group_id)
            .active_on(meeting.date)
            .select_related("person", "agency", "person__agency")
            .order_by("expected", "agency__name", "person__name")
        )
        for membership in memberships:
            if membership.person_id in seen:
                continue
            seen.add(membership.person_id)
            self.rows.append(self._row(membership.person, membership, existing.get(membership.person_id)))
        self.guests = []
        for person_id, row in existing.items():
            if person_id not in seen:
                form = forms.RegisterRowForm(data, prefix=f"p{person_id}", initial=self._initial(row))
                _quick(form)
                form.fields["status"].choices = GUEST_CHOICES
                self.guests.append({"person": row.person, "form": form})
        people = Person.objects.exclude(pk__in=seen | set(existing)).select_related("agency")
        self.new_guests = [forms.GuestForm(data, prefix=f"guest{i}", people=people) for i in range(GUEST_SLOTS)]
        # A model choice field reads its list each time it renders: read people and agencies once
        # for all the guest slots, as (id, name) pairs, the labels the fields would give (saving
        # still checks the choice against the field's queryset).
        first = self.new_guests[0].fields
        for name in ("person", "agency"):
            choices = [("", first[name].empty_label), *first[name].queryset.order_by("name").values_list("pk", "name")]
            unselected: dict = {}
            for form in self.new_guests:
                field = form.fields[name]
                field.widget = QuickSelect(attrs=field.widget.attrs, unselected=unselected)
                field.choices = choices

    @staticmethod
    def _initial(row) -> dict:
        if row is None:
            return {}
        return {"status": row.status, "deputy_name": row.deputy_name, "note": row.note}

    def _row(self, person, membership, existing) -> dict:
        form = forms.RegisterRowForm(self.data, prefix=f"p{person.pk}", initial=self._initial(existing))
        _quick(form)
        every = membership.expected == Expected.ALL
        if not every:
            form.fields["status"].choices = [("", "Not attending (not expected)")] + [
                choice for choice in forms.REGISTER_CHOICES if choice[0]
            ]
        form.fields["status"].widget.attrs["aria-label"] = f"Status of {person.name}"
        if every:
            form.fields["status"].widget.attrs["data-every-meeting"] = "1"
        form.fields["deputy_name"].widget.attrs.update({"aria-label": f"Deputy for {person.name}"})
        form.fields["note"].widget.attrs.update({"aria-label": f"Note about {person.name}"})
        return {"person": person, "membership": membership, "every_meeting": every, "form": form}

    def is_valid(self) -> bool:
        valid = all(
            [row["form"].is_valid() for row in self.rows]
            + [g["form"].is_valid() for g in self.guests]
            + [g.is_valid() for g in self.new_guests]
        )
        for row in self.rows:
            form = row["form"]
            if form.is_valid() and row["every_meeting"] and not form.cleaned_data["status"]:
                form.add_error("status", "Choose a status: this member is expected at every meeting.")
                valid = False
        if not valid:
            self.errors.append("Some rows need attention: they are marked below. Nothing has been saved yet.")
        return valid

    def entries(self, *, by) -> list[RegisterEntry]:
        entries = []
        for row in self.rows + self.guests:
            data = row["form"].cleaned_data
            entries.append(RegisterEntry(row["person"], data["status"], data["deputy_name"], data["note"]))
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
        self.stale_rows = fresh.attendances.select_related("person").order_by("person__name")
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
