"""Forms of audits and evidence: an audit, one stage of its results, an audit's recommendation, and
a piece of evidence the board received."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from governance.forms import ONE_LINE, DateInput, OneLineModelForm
from governance.models import Agency, Group
from lscb.concurrency import VersionedFormMixin
from lscb.text import OneLineField

from .charts import ORDER
from .models import Audit, Evidence, Recommendation

# The largest count one row takes: far above any audit's answers, well inside the column.
MOST_ANSWERS = 100_000


def board_groups(board):
    return Group.objects.for_board(board).order_by("name")


class AuditForm(VersionedFormMixin, OneLineModelForm):
    """What an audit is; an edit carries the version it was opened at."""

    class Meta:
        model = Audit
        fields = ["name", "kind", "group", "agency", "started_on", "completed_on", "findings"]
        widgets = {
            "name": ONE_LINE,
            "started_on": DateInput(),
            "completed_on": DateInput(),
            "findings": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.board_id:
            self.instance.board = board
        self.fields["group"].queryset = board_groups(board)
        self.fields["agency"].queryset = Agency.objects.order_by("name")
        self.fields["group"].empty_label = "No group"
        self.fields["agency"].empty_label = "Several agencies, or none"

    def clean(self):
        cleaned = super().clean()
        started, completed = cleaned.get("started_on"), cleaned.get("completed_on")
        if started and completed and completed < started:
            self.add_error("completed_on", "An audit cannot be completed before it starts.")
        return cleaned


class AuditRecommendationForm(OneLineModelForm):
    """A new recommendation of an audit (its later changes and updates are made on the
    recommendation's own pages)."""

    class Meta:
        model = Recommendation
        fields = ["ref", "text", "lead_agency", "lead_group", "due_date"]
        widgets = {"ref": ONE_LINE, "text": forms.Textarea(attrs={"rows": 4}), "due_date": DateInput()}

    def __init__(self, *args, audit: Audit, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.audit = audit
        self.fields["lead_group"].queryset = board_groups(audit.board)
        self.fields["lead_agency"].queryset = Agency.objects.order_by("name")


class EvidenceForm(OneLineModelForm):
    class Meta:
        model = Evidence
        fields = ["title", "date", "kind", "scope", "group", "agency", "note"]
        widgets = {
            "title": ONE_LINE,
            "scope": ONE_LINE,
            "date": DateInput(),
            "note": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.board_id:
            self.instance.board = board
        self.fields["group"].queryset = board_groups(board)
        self.fields["agency"].queryset = Agency.objects.order_by("name")


# --- one stage of an audit's results --------------------------------------------------------------


class StageForm(forms.Form):
    """The stage's name and date; its counts are the rows below it."""

    stage = OneLineField(label="Stage", help_text='e.g. "Initial", "After improvement action".')
    date = forms.DateField(label="Date", widget=DateInput(), help_text="When the stage's judgements stood.")
    remove = forms.BooleanField(required=False, label="Remove this stage and all its counts")

    def __init__(self, *args, audit: Audit, current: str | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.audit, self.current = audit, current
        if current is None:
            del self.fields["remove"]

    def clean_stage(self):
        stage = self.cleaned_data["stage"].strip()
        taken = self.audit.results.filter(stage=stage)
        if stage != self.current and taken.exists():
            raise ValidationError(f'This audit already has a stage called "{stage}": correct that one instead.')
        return stage

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise ValidationError("A stage's judgements cannot be dated in the future.")
        if self.audit.started_on and day < self.audit.started_on:
            raise ValidationError(
                f"The audit started on {self.audit.started_on:%d/%m/%Y}: date the stage on or after it."
            )
        return day


def _count_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=MOST_ANSWERS,
        error_messages={
            "invalid": "Enter a whole number of answers.",
            "min_value": "A count cannot be negative.",
            "max_value": f"At most {MOST_ANSWERS:,} answers in one row.",
        },
    )


class ResultRowForm(forms.Form):
    """One agency and standard (blank: all together): how many answers at each judgement."""

    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        required=False,
        empty_label="All agencies",
        error_messages={"invalid_choice": "Choose an agency from the list."},
    )
    standard = OneLineField(required=False, label="Standard", help_text="Blank: all standards.")
    red = _count_field("Not met")
    amber = _count_field("Partially met")
    green = _count_field("Fully met")
    none = _count_field("Not answered")

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects.order_by("name")

    def counts(self) -> dict[str, int]:
        return {j.value: self.cleaned_data.get(j.value) or 0 for j in ORDER}

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not data.get("agency") and not (data.get("standard") or "").strip() and not any(self.counts().values())


class BaseResultRowFormSet(forms.BaseFormSet):
    def __init__(self, *args, agencies=None, **kwargs):
        self.agencies = agencies
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "agencies": self.agencies}

    def clean(self):
        if any(self.errors):
            return
        seen = {}
        for number, form in enumerate(self.forms, start=1):
            if form.is_blank():
                continue
            key = (form.cleaned_data.get("agency"), (form.cleaned_data.get("standard") or "").strip())
            if key in seen:
                raise ValidationError(
                    f"Rows {seen[key]} and {number} are for the same agency and standard: put their counts in one row."
                )
            seen[key] = number

    def entered(self) -> dict[tuple, dict[str, int]]:
        """{(agency or None, standard): {judgement: count}} of the rows filled in."""
        return {
            (form.cleaned_data.get("agency"), (form.cleaned_data.get("standard") or "").strip()): form.counts()
            for form in self.forms
            if not form.is_blank()
        }


ResultRowFormSet = forms.formset_factory(
    ResultRowForm, formset=BaseResultRowFormSet, extra=0, max_num=500, absolute_max=500, validate_max=True
)
# Blank rows offered under the stage's own, to add agencies or standards (save to get more).
EXTRA_ROWS = 3


def stage_initial_rows(results) -> list[dict]:
    """The rows of a stage as stored (or of the stage before, as a start): one per agency and standard."""
    rows: dict[tuple, dict] = {}
    for result in results:
        row = rows.setdefault(
            (result.agency_id or 0, result.standard), {"agency": result.agency_id, "standard": result.standard}
        )
        row[result.judgement] = row.get(result.judgement, 0) + result.count
    return [rows[key] for key in sorted(rows, key=lambda k: (k[0], k[1]))]
