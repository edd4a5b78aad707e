"""Forms of the challenge log: logging one, and each step towards its outcome."""

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from businessplan.models import Priority
from governance.forms import ONE_LINE, DateInput, OneLineModelForm
from governance.models import NO_CHILD_DATA, Agency, Meeting, Person
from lscb.concurrency import VersionField
from lscb.text import OneLineField
from lscb.years import ReportingYear

from .models import Challenge, OutcomeKind
from .services import board_meetings
from .services import challenge_place_raised as place_raised

# How far back the year list of a challenge whose day is not known reaches (older years come by
# the workbook, or stay listed when the challenge being edited is in one).
UNDATED_YEARS_BACK = 20


def undated_year_choices(also: ReportingYear | None = None) -> list[tuple[str, str]]:
    """The reporting years an undated challenge may be placed in, newest first: this year back."""
    current = ReportingYear.current()
    years = {ReportingYear(current.first - back) for back in range(UNDATED_YEARS_BACK + 1)}
    if also is not None and also <= current:
        years.add(also)
    return [("", "Choose a year")] + [(year.label, year.label) for year in sorted(years, reverse=True)]


class ChallengeForm(OneLineModelForm):
    # The version the user saw, so that a save over someone else's change is refused.
    version = VersionField(required=False)
    # A challenge whose day the record does not give is placed in its reporting year instead
    # (challengelog.services.challenge_place_raised says which of the two is kept).
    raised_undated = forms.BooleanField(
        required=False,
        label="Date not known",
        help_text="Tick when the record gives no day, and choose the reporting year it was raised in.",
    )
    raised_year = forms.ChoiceField(
        required=False,
        label="Reporting year raised (when the date is not known)",
        help_text='Pages show it as "undated (2015-16)" and list it at the start of that year.',
        error_messages={"invalid_choice": "Choose a reporting year from the list."},
    )

    field_order = ["raised_on", "raised_undated", "raised_year"]

    class Meta:
        model = Challenge
        fields = [
            "raised_on",
            "raised_by",
            "raised_by_person",
            "agency",
            "subject",
            "detail",
            "response_due",
            "meeting",
            "priority",
        ]
        widgets = {
            "raised_on": DateInput(),
            "response_due": DateInput(),
            "detail": forms.Textarea(attrs={"rows": 4}),
            "subject": ONE_LINE,
        }

    def __init__(self, *args, board=None, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        if board is not None and not self.instance.board_id:
            self.instance.board = board
        board = board if board is not None else (self.instance.board if self.instance.board_id else None)
        self.fields["agency"].queryset = Agency.objects.order_by("name")
        self.fields["raised_by_person"].queryset = Person.objects.select_related("agency").order_by("name")
        # The board's meetings (its own groups' and joint groups'), recent only: a challenge is
        # logged soon after the meeting where it was raised.
        meetings = board_meetings(board) if board is not None else Meeting.objects.all()
        recent = meetings.filter(date__gte=today - timedelta(days=730), date__lte=today + timedelta(days=30))
        current = self.initial.get("meeting") or getattr(self.instance, "meeting_id", None)
        if current:
            recent = recent | meetings.filter(pk=getattr(current, "pk", current))
        self.fields["meeting"].queryset = recent.select_related("group").order_by("-date")
        priorities = Priority.objects.filter(plan__status="active")
        if board is not None:
            priorities = priorities.filter(plan__board=board)
        self.fields["priority"].queryset = priorities.select_related("plan")
        self.fields["priority"].label_from_instance = lambda p: f"{p.plan.slug}: {p.number}. {p.title}"
        self.fields["raised_on"].required = False
        self.fields["raised_on"].label = "Date raised"
        own_year = None
        if not self.instance.pk:
            self.fields["raised_on"].initial = today
        else:
            self.fields["version"].initial = self.instance.version
            if self.instance.raised_undated:
                # The stored 1 April is not a day anybody wrote: the box stays empty.
                own_year = ReportingYear.containing(self.instance.raised_on)
                self.initial.update(raised_on=None, raised_undated=True, raised_year=own_year.label)
        self.fields["raised_year"].choices = undated_year_choices(own_year)
        # Ticking "Date not known" empties the date box in the browser (static/js/forms.js).
        self.fields["raised_undated"].widget.attrs["data-clears"] = self["raised_on"].auto_id

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("raised_undated") and "raised_on" not in self.changed_data:
            # The day the form offered (today, the meeting's, the one stored) gives way to the
            # tick; a day the user typed does not (one or the other, said below).
            cleaned["raised_on"] = None
        # Checked here too, so that every mistake on the form shows at once; the service decides.
        if "raised_on" in cleaned and "raised_year" in cleaned:
            trial = Challenge(raised_on=cleaned["raised_on"])
            try:
                place_raised(trial, undated=cleaned.get("raised_undated", False), year=cleaned["raised_year"])
            except ValidationError as error:
                for field, errors in error.error_dict.items():
                    self.add_error(field, errors)
        return cleaned

    @property
    def raised(self) -> dict:
        """The service's arguments for when it was raised: undated=, year=."""
        return {"undated": self.cleaned_data.get("raised_undated", False), "year": self.cleaned_data.get("raised_year")}


class StepForm(forms.Form):
    """The common part of every step: the version the user saw."""

    version = VersionField()


class SentForm(StepForm):
    sent_on = forms.DateField(widget=DateInput(), label="Sent on")
    sent_to_person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label="Sent to (a person on the record)",
        empty_label="Nobody on the record: write below",
    )
    sent_to = OneLineField(
        required=False,
        label="Or sent to (as written)",
        help_text='When the person is not on the record, e.g. "Director of Children\'s Services".',
    )
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Note (how it was sent)",
        help_text=NO_CHILD_DATA,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sent_to_person"].queryset = Person.objects.select_related("agency").order_by("name")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("sent_to_person") and cleaned.get("sent_to"):
            self.add_error("sent_to", "Choose a person or write to whom it was sent: not both.")
        return cleaned


class ResponseForm(StepForm):
    response = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), label="What the agency answered", help_text=NO_CHILD_DATA
    )
    responded_on = forms.DateField(widget=DateInput(), label="Answered on")


class EscalateForm(StepForm):
    escalated_to = OneLineField(label="Escalated to", help_text='e.g. "Chief Executive", "Department for Education"')
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text=NO_CHILD_DATA)


class CloseForm(StepForm):
    outcome_kind = forms.ChoiceField(
        choices=OutcomeKind.choices,
        widget=forms.RadioSelect,
        label="Outcome category",
        error_messages={"required": "Choose the outcome: resolved, partly resolved, not resolved or withdrawn."},
    )
    outcome = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), label="Outcome: what changed as a result", help_text=NO_CHILD_DATA
    )
    closed_on = forms.DateField(widget=DateInput(), label="Closed on")
    follow_up_on = forms.DateField(
        widget=DateInput(),
        required=False,
        label="Follow up on (optional)",
        help_text="When the board checks the change has held.",
    )


class ReopenForm(StepForm):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Why reopen it", help_text=NO_CHILD_DATA)


class NoteForm(StepForm):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Note", help_text=NO_CHILD_DATA)
