"""Forms for the governance records; model validation runs through ModelForm.full_clean."""

from django import forms
from django.conf import settings
from django.core.validators import MinValueValidator

from lscb.concurrency import VersionedFormMixin, VersionField

# Every date box of the app's forms is day first whatever the browser's locale (a native date
# picker follows the locale, and showed month-first dates beside day-first text).
from lscb.dates import DateInput
from lscb.text import OneLineField, OneLineInput, require_one_line

from .models import (
    POSITION_MESSAGE,
    Agency,
    AttendanceStatus,
    Board,
    CancelReason,
    Group,
    Meeting,
    MeetingPaper,
    Membership,
    Person,
)
from .papers import ACCEPT, check_upload, megabytes

# Names and titles are kept as TextFields (any length a board writes) but entered on one line: a
# model form's field shown with this widget refuses line breaks ("Write this on one line.").
ONE_LINE = OneLineInput


class OneLineModelForm(forms.ModelForm):
    """A model form whose ONE_LINE fields refuse line breaks, whoever posts them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        require_one_line(self)


class AgencyForm(OneLineModelForm):
    class Meta:
        model = Agency
        fields = ["name", "short_name", "sector", "statutory_partner", "active"]
        widgets = {"name": ONE_LINE, "short_name": ONE_LINE}


class PersonForm(OneLineModelForm):
    class Meta:
        model = Person
        fields = ["name", "email", "agency", "job_title", "user"]
        widgets = {"name": ONE_LINE, "job_title": ONE_LINE}
        help_texts = {"email": "A work email. Leave blank if unknown; then the name must be unique."}


class GroupForm(OneLineModelForm):
    class Meta:
        model = Group
        fields = [
            "name",
            "short_name",
            "kind",
            "parent",
            "position",
            "chaired_by",
            "joint_boards",
            "joint_with",
            "frequency",
            "planned_per_year",
            "active_from",
            "active_to",
            "quorum",
        ]
        widgets = {
            "active_from": DateInput(),
            "active_to": DateInput(),
            "name": ONE_LINE,
            "short_name": ONE_LINE,
            "joint_with": ONE_LINE,
            "chaired_by": ONE_LINE,
            "joint_boards": forms.CheckboxSelectMultiple,
        }
        labels = {"joint_boards": "Joint with (boards of this instance)", "joint_with": "Joint with a board elsewhere"}

    def __init__(self, *args, board: Board, boards=(), **kwargs):
        super().__init__(*args, **kwargs)
        # A group belongs to the board it was added on; one shown there as joint stays its own board's.
        self.board = self.instance.board if self.instance.board_id else board
        self.instance.board = self.board
        # One clear message for 0 and below (the field's own would say "greater than or equal to 0").
        position = self.fields["position"]
        position.validators = [v for v in position.validators if not isinstance(v, MinValueValidator)]
        position.validators.append(MinValueValidator(1, message=POSITION_MESSAGE))
        position.widget.attrs["min"] = 1
        # A group reports to a group of its own board, never to itself.
        parent = self.fields["parent"]
        parent.queryset = Group.objects.filter(board=self.board).exclude(pk=self.instance.pk)
        parent.error_messages["invalid_choice"] = (
            f"A group reports to a group of its own board: choose a group of {self.board.name}."
        )
        others = [other for other in boards if other.pk != self.board.pk]
        if others:
            joint = self.fields["joint_boards"]
            joint.queryset = Board.objects.exclude(pk=self.board.pk)
            joint.help_text = (
                f"Other boards of this instance that share this group with {self.board.label}: "
                "its meetings and attendance count in their figures too."
            )
        else:
            # One board: no other board of the instance to share a group with.
            del self.fields["joint_boards"]

    def clean_name(self):
        name = self.cleaned_data.get("name")
        if name and Group.objects.filter(board=self.board, name=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(f'{self.board.name} already has a group named "{name}": choose another name.')
        return name


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["group", "person", "agency", "role", "expected", "start", "end"]
        widgets = {"start": DateInput(), "end": DateInput()}
        help_texts = {"agency": "Leave blank to use the person's own agency."}

    def __init__(self, *args, groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.select_related("agency")
        if groups is not None:
            # The groups of the board whose pages these are (its own and its joint groups).
            self.fields["group"].queryset = groups


class MeetingForm(VersionedFormMixin, forms.ModelForm):
    """A meeting's group, date and note; an edit carries the version it was opened at."""

    # Declared so that a bare address is read as https (the details: add_meeting_details).
    online_link = forms.URLField(required=False, assume_scheme="https")

    class Meta:
        model = Meeting
        fields = ["group", "date", "start_time", "venue", "online_link", "chair", "note"]
        widgets = {"date": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        if groups is not None:
            # The groups of the board whose pages these are (its own and its joint groups).
            self.fields["group"].queryset = groups
        add_meeting_details(self)


# --- a meeting's details: time, place, link and chair (MeetingForm) --------------------------------

TIME_MESSAGE = "Give the start time on the 24-hour clock, e.g. 14:00 (or leave it blank)."


class StartTimeInput(forms.TimeInput):
    """A time typed as 14:00, whatever the browser's locale (a native time box can show 2:00 PM)."""

    input_type = "text"

    def __init__(self, attrs=None, **kwargs):
        attrs = {"placeholder": "hh:mm", "inputmode": "numeric", "autocomplete": "off", "size": 5, **(attrs or {})}
        kwargs.setdefault("format", "%H:%M")
        super().__init__(attrs=attrs, **kwargs)


def add_meeting_details(form: forms.ModelForm) -> None:
    """The fields of a meeting's details, each with a clear message; the chair is chosen among the
    group's members that day first, then anyone on record."""
    fields = form.fields
    fields["start_time"] = forms.TimeField(
        required=False,
        label="Start time",
        input_formats=["%H:%M", "%H.%M", "%H%M", "%H:%M:%S"],
        widget=StartTimeInput(),
        help_text="24-hour clock, e.g. 14:00.",
        error_messages={"invalid": TIME_MESSAGE},
    )
    fields["venue"].widget = OneLineInput()
    require_one_line(form)
    fields["online_link"] = forms.URLField(
        required=False,
        max_length=2000,
        assume_scheme="https",
        label="Online link",
        help_text=Meeting._meta.get_field("online_link").help_text,
        error_messages={"invalid": "Give a full https link, e.g. https://example.org/join."},
    )
    chair = fields["chair"]
    chair.label = "Chaired by"
    chair.queryset = Person.objects.select_related("agency")
    chair.error_messages["invalid_choice"] = "Choose the chair from the list, or leave it blank."
    meeting = form.instance
    group_id = meeting.group_id or form.initial.get("group")
    day = meeting.date if meeting.pk else None
    members = []
    if group_id:
        seats = Membership.objects.filter(group_id=group_id)
        if day is not None:
            seats = seats.active_on(day)
        members = list(
            Person.objects.filter(pk__in=seats.values("person_id")).select_related("agency").order_by("name")
        )
    member_ids = {person.pk for person in members}
    others = [person for person in chair.queryset.order_by("name") if person.pk not in member_ids]

    def label(person):
        return f"{person.name} ({person.agency.label})" if person.agency_id else person.name

    choices = [("", "Not recorded")]
    if members:
        choices.append(("Members of the group", [(p.pk, label(p)) for p in members]))
        choices.append(("Anyone else", [(p.pk, label(p)) for p in others]))
    else:
        choices.extend((p.pk, label(p)) for p in others)
    chair.choices = choices

    def clean_online_link():
        link = (form.cleaned_data.get("online_link") or "").strip()
        if link and not link.lower().startswith("https://"):
            raise forms.ValidationError("Give a secure link, starting https://, e.g. https://example.org/join.")
        return link

    form.clean_online_link = clean_online_link


class CancelForm(forms.Form):
    cancel_reason = forms.ChoiceField(
        choices=CancelReason.choices, label="Why was it cancelled?", widget=forms.RadioSelect
    )
    note = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text=Meeting._meta.get_field("note").help_text
    )
    version = VersionField()

    def clean(self):
        data = super().clean()
        if data.get("cancel_reason") == CancelReason.OTHER and not (data.get("note") or "").strip():
            self.add_error(
                "note",
                'Say why the meeting was cancelled: "Other" needs a note, e.g. "the venue was closed at short notice".',
            )
        return data


class ScheduleForm(forms.Form):
    WEEKDAYS = [(0, "Monday"), (1, "Tuesday"), (2, "Wednesday"), (3, "Thursday"), (4, "Friday")]
    WEEKS = [(1, "first"), (2, "second"), (3, "third"), (4, "fourth"), (5, "last")]
    year = forms.ChoiceField(label="Reporting year")
    week = forms.TypedChoiceField(choices=WEEKS, coerce=int, label="Week of the month", initial=2)
    weekday = forms.TypedChoiceField(choices=WEEKDAYS, coerce=int, label="Day", initial=1)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y.label, y.label) for y in years]


# "Deputy sent" with the deputy's name not known is a choice of its own: said on purpose, never a
# name left blank by accident; saved as "Deputy sent" with Attendance.deputy_name_unknown.
DEPUTY_NAME_UNKNOWN = "deputy_name_unknown"


def _member_statuses():
    """The statuses a member's row offers, "Deputy sent, name not known" after "Deputy sent"."""
    for value, label in AttendanceStatus.choices:
        if value != AttendanceStatus.IN_ATTENDANCE:
            yield value, label
        if value == AttendanceStatus.DEPUTY:
            yield DEPUTY_NAME_UNKNOWN, "Deputy sent, name not known"


REGISTER_CHOICES = [("", "Not recorded"), *_member_statuses()]
# A member who comes for specific items is not expected: no status means not attending (and
# "not expected at this meeting" would say the same again).
SOME_ITEMS_CHOICES = [("", "Not attending (not expected)")] + [
    choice for choice in REGISTER_CHOICES if choice[0] and choice[0] != AttendanceStatus.NOT_EXPECTED
]
GUEST_CHOICES = [(AttendanceStatus.IN_ATTENDANCE, "In attendance"), ("", "Remove from the register")]
SMALL_BOX = "form-control form-control-sm"


class CompactSelect(forms.Select):
    """A select written without the blank lines between options: a register has fifty."""

    template_name = "governance/widgets/compact_select.html"


class RegisterRowForm(forms.Form):
    """One person's row on the register: a member that day (`kind` "every" meeting or "items"),
    or a guest (`kind` "guest": in attendance or removed, with a note). Its boxes are written by
    the row's template (governance/partials/_register_row.html), not by the fields' widgets."""

    status = forms.ChoiceField(choices=REGISTER_CHOICES, required=False)
    # Kept as written (TextFields): no length limit; a name, so on one line.
    deputy_name = OneLineField(required=False)
    # The member this person was present for, typed or chosen from the page's one list of the
    # members that day (a <datalist>): fifty lists of fifty members would weigh more than the rest.
    on_behalf_of = forms.CharField(required=False)
    # Notes are kept as written, of any length: the box grows with its text (forms.js).
    note = forms.CharField(required=False, widget=forms.Textarea)

    def __init__(self, *args, person=None, kind: str = "every", members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.person, self.kind = person, kind
        # (id, label) of the members that day, whom a member may be present for: the formset's one
        # list, read and never changed by its fifty forms.
        self.members = members
        name = person.name if person is not None else "this person"
        # The error summary names each box by its label; the page names it by its column's and
        # row's headers (partials/_register_row.html writes the boxes).
        self.fields["status"].label = f"Status of {name}"
        self.fields["note"].label = f"Note about {name}"
        if kind == "guest":
            self.fields["status"].choices = GUEST_CHOICES
            for field in ("deputy_name", "on_behalf_of"):
                del self.fields[field]
            return
        self.fields["deputy_name"].label = f"Deputy for {name}"
        self.fields["on_behalf_of"].label = f"{name} present for"
        if kind == "items":
            self.fields["status"].choices = SOME_ITEMS_CHOICES

    def status_options(self) -> list[tuple[str, str, bool]]:
        """(value, label, selected) of the status list, as the row's template writes it."""
        current = self["status"].value()
        current = "" if current is None else str(current)
        return [(str(value), label, str(value) == current) for value, label in self.fields["status"].choices]

    @property
    def every_meeting(self) -> bool:
        return self.kind == "every"

    def clean_on_behalf_of(self) -> int | None:
        """A member's id, from the label the list gives (or the id a script may post)."""
        value = " ".join(self.cleaned_data.get("on_behalf_of", "").split())
        if not value:
            return None
        for pk, label in self.members:
            if value.casefold() == label.casefold() or value == str(pk):
                return pk
        # A name typed without its agency, when one member that day has it.
        named = [pk for pk, label in self.members if label.casefold().startswith(f"{value.casefold()} (")]
        if len(named) == 1:
            return named[0]
        raise forms.ValidationError("Choose one of the members that day, as the list writes them, or leave it empty.")

    def clean(self):
        data = super().clean()
        status = data.get("status")
        data["deputy_name_unknown"] = status == DEPUTY_NAME_UNKNOWN
        if data["deputy_name_unknown"]:
            status = data["status"] = AttendanceStatus.DEPUTY
        if self.kind == "every" and "status" in data and not status:
            self.add_error("status", "Choose a status: this member is expected at every meeting.")
        if self.kind != "guest":
            self._clean_deputy(data, status)
            represented = data.get("on_behalf_of")
            if represented is not None and status not in (AttendanceStatus.PRESENT, AttendanceStatus.PART):
                self.add_error(
                    "on_behalf_of", "Only for someone present, or present for part: choose that status or no one."
                )
            elif represented is not None and self.person is not None and represented == self.person.pk:
                self.add_error("on_behalf_of", "Choose another member: no one is present on their own behalf.")
        return data

    def _clean_deputy(self, data: dict, status: str | None) -> None:
        """A deputy sent is named, or said on purpose to be unnamed: never blank by accident."""
        named, unknown = bool(data.get("deputy_name")), data["deputy_name_unknown"]
        if status != AttendanceStatus.DEPUTY:
            if named:
                self.add_error("deputy_name", "Only for 'Deputy sent': choose that status or clear the name.")
        elif named and unknown:
            self.add_error("deputy_name", "Clear the name, or choose 'Deputy sent' to keep it.")
        elif not named and not unknown and "deputy_name" in data:
            self.add_error("deputy_name", "Give the deputy's name, or choose 'Deputy sent, name not known'.")


class GuestForm(forms.Form):
    """A guest new to the board: their name and agency (people already on record are found with
    the register's guest search)."""

    name = OneLineField(required=False, label="New person's name", widget=OneLineInput(attrs={"class": SMALL_BOX}))
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.order_by("name"),
        required=False,
        label="Their agency",
        widget=CompactSelect(attrs={"class": "form-select form-select-sm"}),
    )
    note = forms.CharField(
        required=False,
        label="Note (e.g. for item 3)",
        widget=forms.Textarea(attrs={"class": SMALL_BOX, "rows": 1}),
    )

    def __init__(self, *args, form_id: str = "", focus: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if form_id:  # the <form> these fields belong to, where they stand outside it on the page
            for field in self.fields.values():
                field.widget.attrs["form"] = form_id
        if focus:  # opened by "Add someone new": the name is what to type next
            self.fields["name"].widget.attrs["autofocus"] = True

    def clean(self):
        data = super().clean()
        if not (data.get("name") or "").strip() and (data.get("agency") or data.get("note")):
            raise forms.ValidationError("Give the new guest's name (someone on record is found with the search).")
        return data

    @property
    def is_blank(self) -> bool:
        return not (self.cleaned_data.get("name") or "").strip()


# --- a meeting's papers (governance.papers) ---------------------------------------------------------


class PaperForm(OneLineModelForm):
    """A paper of a meeting: an uploaded file or a link, never both."""

    file = forms.FileField(
        required=False,
        label="Upload a file",
        help_text="PDF, Word, OpenDocument, PowerPoint, Excel or plain text.",
        widget=forms.FileInput,
    )
    link = forms.URLField(
        required=False,
        max_length=2000,
        assume_scheme="https",
        label="Or a link to it",
        help_text="An https link, e.g. to the papers on the council's website.",
        error_messages={"invalid": "Give a full https link, e.g. https://example.org/papers.pdf."},
    )

    class Meta:
        model = MeetingPaper
        fields = ["kind", "title", "file", "link"]
        widgets = {"title": ONE_LINE}
        labels = {"kind": "What is it?"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ACCEPT
        self.fields["file"].help_text += f" At most {megabytes(settings.LSCB_PAPER_MAX_BYTES)}."

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            check_upload(upload)
        return upload

    def clean_link(self):
        link = (self.cleaned_data.get("link") or "").strip()
        if link and not link.lower().startswith("https://"):
            raise forms.ValidationError("Give a secure link, starting https://.")
        return link

    def _post_clean(self):
        # A refused file or link is said once, under its field: the model's own "a file or a link"
        # check would repeat it at the top.
        if not self.errors:
            super()._post_clean()

    def clean(self):
        data = super().clean()
        has_file, has_link = bool(data.get("file")), bool(data.get("link"))
        if not self.has_error("file") and not self.has_error("link"):
            if has_file and has_link:
                self.add_error("link", "Upload a file or give a link, not both: clear one of them.")
            elif not has_file and not has_link:
                self.add_error("file", "Choose a file to upload, or give a link to the paper.")
        return data
