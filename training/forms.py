"""Forms of training: an event, and its attendance by agency (a plain formset, one row per agency).
The services decide (training.services); the forms check what one field or one row can say."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from governance.forms import ONE_LINE, DateInput, OneLineModelForm
from governance.models import NO_CHILD_DATA
from lscb.concurrency import VersionedFormMixin

from .models import TrainingEvent
from .services import AttendanceLine

# The most people one event or one agency's line takes: far above any real course or conference.
MOST_PEOPLE = 100_000
COUNTS = ("places", "booked", "attended", "evaluations", "rated_good")


class EventForm(VersionedFormMixin, OneLineModelForm):
    """An event of the page's board; an edit carries the version it was opened at."""

    class Meta:
        model = TrainingEvent
        fields = [
            "title",
            "date",
            "kind",
            "topic",
            "cancelled",
            "places",
            "booked",
            "attended",
            "evaluations",
            "rated_good",
            "notes",
        ]
        widgets = {
            "title": ONE_LINE,
            "topic": ONE_LINE,
            "date": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 5}),
        }
        labels = {"cancelled": "The event was cancelled"}
        help_texts = {
            "topic": 'e.g. "Neglect", "Domestic abuse", "Mental capacity".',
            "booked": "Places booked, whether or not the person came.",
            "attended": "People who came, walk-ins included.",
            "evaluations": "Evaluation forms returned.",
            "notes": NO_CHILD_DATA,
        }

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.board_id:
            self.instance.board = board
        for name in COUNTS:
            field = self.fields[name]
            field.max_value = MOST_PEOPLE
            field.widget.attrs.update(min=0, max=MOST_PEOPLE)
            field.validators.append(_at_most)
            field.error_messages.update(invalid="Enter a whole number.", min_value="A number cannot be negative.")

    def clean_title(self):
        return (self.cleaned_data.get("title") or "").strip()


def _at_most(value):
    if value is not None and value > MOST_PEOPLE:
        raise ValidationError(f"At most {MOST_PEOPLE:,}.")


def _count(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=MOST_PEOPLE,
        error_messages={
            "invalid": "Enter a whole number of people.",
            "min_value": "A number of people cannot be negative.",
            "max_value": f"At most {MOST_PEOPLE:,} people.",
        },
    )


class AttendanceRowForm(forms.Form):
    """One agency: places booked by its staff, and how many came."""

    agency = forms.TypedChoiceField(
        coerce=int,
        required=False,
        label="Agency",
        empty_value=None,
        error_messages={"invalid_choice": "Choose an agency from the list."},
    )
    booked = _count("Booked")
    attended = _count("Attended")

    def __init__(self, *args, agency_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "Choose an agency"), *agency_choices]

    def clean(self):
        data = super().clean()
        figures = data.get("booked") is not None or data.get("attended") is not None
        if figures and data.get("agency") is None and "agency" not in self.errors:
            self.add_error("agency", "Choose the agency these figures are for.")
        return data

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return data.get("agency") is None and data.get("booked") is None and data.get("attended") is None


class BaseAttendanceFormSet(forms.BaseFormSet):
    def __init__(self, *args, agencies=None, **kwargs):
        # The agencies read once for every row's list (each row's own field would read them again).
        self.agencies = {agency.pk: agency for agency in agencies or ()}
        self.agency_choices = [(agency.pk, agency.name) for agency in self.agencies.values()]
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "agency_choices": self.agency_choices}

    def clean(self):
        if any(self.errors):
            return
        seen: dict[int, int] = {}
        for number, form in enumerate(self.forms, start=1):
            if form.is_blank():
                continue
            agency = form.cleaned_data["agency"]
            if agency in seen:
                raise ValidationError(
                    f"Rows {seen[agency]} and {number} are both for {self.agencies[agency].name}: "
                    "one line per agency (add their figures together)."
                )
            seen[agency] = number

    def entered(self) -> list[AttendanceLine]:
        """The rows filled in, in the order typed."""
        return [
            AttendanceLine(
                agency=self.agencies[form.cleaned_data["agency"]],
                booked=form.cleaned_data.get("booked"),
                attended=form.cleaned_data.get("attended"),
            )
            for form in self.forms
            if not form.is_blank()
        ]


AttendanceFormSet = forms.formset_factory(
    AttendanceRowForm, formset=BaseAttendanceFormSet, extra=0, max_num=300, absolute_max=300, validate_max=True
)
# Blank rows offered under the stored ones; "Add more rows" gives more without losing what is typed.
EXTRA_ROWS = 3
