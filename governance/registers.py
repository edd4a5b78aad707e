"""The register of one meeting as Django forms: a formset with one form per member that day and
per guest, a small formset of guests new to the board, and the reads they are built from."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms as django_forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.formsets import INITIAL_FORM_COUNT, MAX_NUM_FORM_COUNT, MIN_NUM_FORM_COUNT, TOTAL_FORM_COUNT

from . import forms
from .models import Attendance, AttendanceStatus, Expected, Meeting, Membership, Person
from .services import RegisterEntry

# How many guests new to the board one save can add (people on record are found by the search).
NEW_GUESTS = 1
# How many people the guest search offers at most: a few more letters find the rest.
SEARCH_LIMIT = 20


@dataclass
class Row:
    """One person on the register: their seat that day (None for a guest) and saved row, if any."""

    person: Person
    seat: Membership | None = None
    saved: Attendance | None = None

    @property
    def kind(self) -> str:
        if self.seat is None:
            return "guest"
        return "every" if self.seat.expected == Expected.ALL else "items"

    @property
    def agency(self) -> str:
        agency = self.seat.agency if self.seat is not None else self.person.agency
        return agency.label if agency is not None else ""


def person_label(person: Person, agency=None) -> str:
    """A person as a list of people names them: with their agency, to tell namesakes apart."""
    agency = agency if agency is not None else person.agency
    return f"{person.name} ({agency.label})" if agency is not None else person.name


class FixedFormSet(django_forms.BaseFormSet):
    """A formset whose forms the server decides (the register's rows, its new-guest slots): the
    page posts no management form, and each form's prefix is `name_of(index)`."""

    extra = 0
    can_order = can_delete = can_delete_extra = False
    min_num, max_num, absolute_max = 0, 10_000, 10_000
    validate_min = validate_max = False
    renderer = None

    def count(self) -> int:
        raise NotImplementedError

    def name_of(self, index: int) -> str:
        raise NotImplementedError

    def add_prefix(self, index):
        return self.name_of(index) if isinstance(index, int) else f"{self.prefix}{index}"

    def total_form_count(self) -> int:
        return self.count()

    def initial_form_count(self) -> int:
        return len(self.initial or ())

    @property
    def management_form(self):
        counts = {TOTAL_FORM_COUNT: self.count(), INITIAL_FORM_COUNT: self.initial_form_count()}
        counts |= {MIN_NUM_FORM_COUNT: 0, MAX_NUM_FORM_COUNT: self.max_num}
        form = django_forms.formsets.ManagementForm(
            {f"{self.prefix}-{key}": value for key, value in counts.items()}, auto_id=self.auto_id, prefix=self.prefix
        )
        form.full_clean()
        return form


class RegisterFormSet(FixedFormSet):
    """The register's rows. They are the members that day and the register's guests, read by the
    server, so each form is named after its person (p<id>-status), not its place in the list: a
    seat added while the page was open cannot shift a status onto the wrong person."""

    form = forms.RegisterRowForm
    # Each box's label names its person ("Deputy for Bob Brown"): the error summary adds no row number.
    rows_named_in_labels = True

    def __init__(self, data=None, *, rows: list[Row], members: list[tuple[int, str]]):
        self.rows, self.members = rows, members
        labels = dict(members)
        super().__init__(data, prefix="p", initial=[_initial(row, labels) for row in rows])

    def count(self) -> int:
        return len(self.rows)

    def name_of(self, index: int) -> str:
        return f"p{self.rows[index].person.pk}"

    def get_form_kwargs(self, index):
        row = self.rows[index]
        return {
            "person": row.person,
            "kind": row.kind,
            "members": self.members if row.seat is not None else (),
            # Ids are for the error summary's links: a register opened afresh has no errors, and
            # two hundred ids would weigh a tenth of the page.
            "auto_id": "id_%s" if self.is_bound else False,
        }


def _initial(row: Row, labels: dict[int, str]) -> dict:
    saved = row.saved
    if saved is None:
        return {"status": AttendanceStatus.IN_ATTENDANCE} if row.seat is None else {}
    unnamed = saved.status == AttendanceStatus.DEPUTY and saved.deputy_name_unknown
    return {
        "status": forms.DEPUTY_NAME_UNKNOWN if unnamed else saved.status,
        "deputy_name": saved.deputy_name,
        "note": saved.note,
        "on_behalf_of": labels.get(saved.on_behalf_of_id, ""),
    }


class GuestFormSet(FixedFormSet):
    """Slots for guests new to the board, guest0-name, guest1-name...: outside the register's
    <form> on the page, so each field names that form."""

    form = forms.GuestForm

    def __init__(self, data=None, *, focus: bool = False):
        self.focus = focus
        super().__init__(data, prefix="guest")

    def count(self) -> int:
        return NEW_GUESTS

    def name_of(self, index: int) -> str:
        return f"guest{index}"

    def get_form_kwargs(self, index):
        return {"form_id": "register-form", "focus": self.focus and index == 0}


class RegisterPage:
    """The register's reads and forms for one meeting; the view only routes.

    Guests picked by the search are posted as `guest_person` (one value each) and become rows,
    in attendance, until the register is saved."""

    def __init__(self, meeting: Meeting, data=None, *, version: int | None = None, new_guest: bool = False):
        self.meeting = meeting
        self.errors: list[str] = []
        self.stale_rows = None
        # The saved rows without their people: a member's person comes with their seat, and the
        # guests' people (with those the search added) in one more query, whatever the register.
        saved = {row.person_id: row for row in Attendance.objects.filter(meeting=meeting)}
        seats: dict[int, Membership] = {}
        for seat in (
            Membership.objects.filter(group_id=meeting.group_id)
            .active_on(meeting.date)
            .select_related("person", "agency")
            .order_by("expected", "agency__name", "person__name")
        ):
            seats.setdefault(seat.person_id, seat)
        guests = [person_id for person_id in saved if person_id not in seats]
        picked = self.picked_ids(data, exclude=seats.keys() | saved.keys())
        people = {
            person.pk: person
            for person in Person.objects.filter(Q(attendances__meeting=meeting) | Q(pk__in=picked))
            .exclude(pk__in=seats.keys())
            .select_related("agency")
        }
        rows = [Row(seat.person, seat, saved.get(person_id)) for person_id, seat in seats.items()]
        rows += [Row(people[person_id], None, saved[person_id]) for person_id in guests]
        rows += [Row(people[person_id]) for person_id in picked if person_id in people]
        if picked and data is not None:
            # A guest picked by the search is in attendance unless the page says otherwise.
            data = data.copy()
            for person_id in picked:
                data.setdefault(f"p{person_id}-status", AttendanceStatus.IN_ATTENDANCE)
        self.members = sorted(
            ((seat.person_id, person_label(seat.person, seat.agency)) for seat in seats.values()),
            key=lambda pair: (pair[1].casefold(), pair[0]),
        )
        self.rows = rows
        self.formset = RegisterFormSet(data, rows=rows, members=self.members)
        # The boxes for someone new to the board: on a posted register, or when asked for ("Add
        # someone new"); a register opened afresh offers the search first (and reads no agencies).
        self.new_guests = GuestFormSet(data, focus=data is None) if data is not None or new_guest else None
        self.version = version if version is not None else meeting.version

    @staticmethod
    def picked_ids(data, *, exclude: set[int]) -> list[int]:
        if data is None:
            return []
        ids = []
        for value in data.getlist("guest_person"):
            if value.isdigit() and int(value) not in exclude and int(value) not in ids:
                ids.append(int(value))
        return ids

    def on_register(self) -> set[int]:
        return {row.person.pk for row in self.rows}

    def is_valid(self) -> bool:
        return all([self.formset.is_valid(), self.new_guests.is_valid()])

    def entries(self) -> list[RegisterEntry]:
        entries = []
        people = {row.person.pk: row.person for row in self.rows}
        for row, form in zip(self.rows, self.formset.forms, strict=True):
            data = form.cleaned_data
            entries.append(
                RegisterEntry(
                    row.person,
                    data["status"],
                    data.get("deputy_name", ""),
                    data["note"],
                    people.get(data.get("on_behalf_of")),
                    deputy_name_unknown=bool(data.get("deputy_name_unknown")),
                )
            )
        for guest in self.new_guests:
            if guest.is_blank:
                continue
            data = guest.cleaned_data
            # A new person is saved by the service, inside the register's transaction.
            person = Person(name=data["name"].strip(), agency=data["agency"])
            entries.append(RegisterEntry(person, AttendanceStatus.IN_ATTENDANCE, "", data["note"]))
        return entries

    def add_errors(self, error: ValidationError) -> None:
        self.errors.extend(error.messages)

    def stale(self, error: ValidationError) -> None:
        """Show the other person's saved register beside ours; the next save is against it."""
        self.errors.extend(error.messages)
        fresh = Meeting.objects.get(pk=self.meeting.pk)
        self.version = fresh.version
        self.stale_rows = fresh.attendances.select_related("person", "on_behalf_of").order_by("person__name")

    def context(self, *, search: str = "", found=None) -> dict:
        return {
            "meeting": self.meeting,
            "formset": self.formset,
            "rows": list(zip(self.rows, self.formset.forms, strict=True)),
            "members": self.members,
            "new_guests": self.new_guests,
            "errors": self.errors,
            "version": self.version,
            "stale_rows": self.stale_rows,
            "guest_search": search,
            "found": found,
            "limit": SEARCH_LIMIT,
        }


def on_register(meeting: Meeting) -> set[int]:
    """The people the register lists before any guest is added: the members that day and those
    on its saved rows."""
    seats = Membership.objects.filter(group_id=meeting.group_id).active_on(meeting.date)
    saved = Attendance.objects.filter(meeting=meeting)
    return set(seats.values_list("person_id", flat=True)) | set(saved.values_list("person_id", flat=True))


def posted_version(data) -> int:
    """The version the form was opened at; one that is not a number (a damaged form) counts as
    stale, so the page comes back with the register as saved and a message, never an error."""
    try:
        return int(str(data.get("version", "")).strip())
    except ValueError:
        return 0


def search_people(text: str, *, exclude: set[int]) -> list[Person]:
    """People on record whose name (or agency) holds every word typed, but those on the register:
    at most SEARCH_LIMIT, by name, and one more to tell that there are more."""
    people = Person.objects.exclude(pk__in=exclude).select_related("agency")
    words = text.split()[:5]
    if not words:
        return people.none()
    for word in words:
        people = people.filter(
            Q(name__icontains=word) | Q(agency__name__icontains=word) | Q(agency__short_name__icontains=word)
        )
    return list(people.order_by("name", "pk")[: SEARCH_LIMIT + 1])
