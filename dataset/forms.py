"""Forms of the dataset: an indicator, one value, and one period's figures of a source agency's
indicators in one sitting. Model validation runs through ModelForm.full_clean; the services decide."""

from __future__ import annotations

import contextlib
from decimal import Decimal

from django import forms

from businessplan.models import Priority
from governance.forms import ONE_LINE, OneLineModelForm
from governance.models import Agency
from lscb.concurrency import VersionedFormMixin, VersionField
from lscb.years import ReportingYear

from .models import Frequency, Indicator, IndicatorValue
from .periods import HELP, Period, PeriodError, PeriodKind, months_of, quarters_of


def plain(number: Decimal | None) -> str | None:
    """A stored number as typed: 12, -3, 41.5 (not 12.0000)."""
    return None if number is None else f"{number.normalize():f}"


class PriorityChoiceField(forms.ModelChoiceField):
    """A plan priority, named with its plan: "Business Plan 2025-26: 2. Neglect"."""

    def label_from_instance(self, obj) -> str:
        return f"{obj.plan.title}: {obj.number}. {obj.title}"


class IndicatorForm(VersionedFormMixin, OneLineModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "better", "frequency", "source", "target", "priority", "on_dashboard", "description"]
        widgets = {"name": ONE_LINE, "description": forms.Textarea(attrs={"rows": 4})}
        labels = {"source": "Source agency", "priority": "Plan priority"}
        field_classes = {"priority": PriorityChoiceField}

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.board = board
        if not self.instance.board_id:
            self.instance.board = board
        self.fields["source"].queryset = Agency.objects.order_by("name")
        self.fields["source"].empty_label = "No source agency"
        self.fields["priority"].queryset = (
            Priority.objects.filter(plan__board=board).select_related("plan").order_by("plan__start", "number")
        )
        self.fields["priority"].empty_label = "No plan priority"
        if self.instance.pk and not self.is_bound:
            self.initial["target"] = plain(self.instance.target)

    def clean_name(self):
        name = " ".join((self.cleaned_data.get("name") or "").split())
        taken = Indicator.objects.filter(board=self.board, name=name).exclude(pk=self.instance.pk).exists()
        if name and taken:
            raise forms.ValidationError("Another indicator of this board has this name.")
        return name


def period_suggestions(year: ReportingYear | None = None, frequency: str = "") -> list[Period]:
    """Periods to offer in a list, latest first: this year's and last year's months, quarters and
    the years themselves; only the quarters, or only the years, for an indicator reported so."""
    year = year or ReportingYear.current()
    if frequency == Frequency.YEARLY:
        return [
            Period.parse(ReportingYear(first).label, yearly=True) for first in range(year.first, year.first - 6, -1)
        ]
    periods = []
    for each in (year, year.previous):
        if frequency == Frequency.QUARTERLY:
            periods += list(reversed(quarters_of(each)))
            continue
        periods += [*reversed(months_of(each)), *reversed(quarters_of(each)), Period.parse(each.label, yearly=True)]
    return periods


class PeriodInput(forms.TextInput):
    """A period as written (2025-04, 2025-26 Q1, 2025-26 or 2026-03-31), with a list of suggestions."""

    def __init__(self, kind: str = "", **kwargs):
        attrs = {"list": "period-suggestions", "autocomplete": "off", "spellcheck": "false"}
        if kind == Frequency.MONTHLY:
            attrs = {"type": "month", "placeholder": "2025-04"}
        elif kind == Frequency.SNAPSHOT:
            # Day first whatever the browser's locale (a native date picker follows the locale).
            attrs = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(attrs={**attrs, **kwargs.pop("attrs", {})}, **kwargs)


class IndicatorValueForm(VersionedFormMixin, OneLineModelForm):
    """One value of an indicator; the period input fits the indicator's frequency (a month, a date
    for a snapshot, a reporting year or a quarter from a list)."""

    period = forms.CharField(label="Period", max_length=20)

    class Meta:
        model = IndicatorValue
        fields = ["area", "period", "value", "comparator", "comparator_name", "note"]
        widgets = {
            "area": ONE_LINE,
            "comparator_name": ONE_LINE,
            "note": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"area": "Area, team or cohort", "value": "Value", "comparator_name": "Comparator's name"}
        help_texts = {"value": 'Leave blank for "not reported" (never 0). A correction may be negative.'}

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.instance.indicator = indicator
        frequency = indicator.frequency
        field = self.fields["period"]
        # A month or a date picker for a monthly or snapshot indicator; a stored value of another
        # kind of period (a quarter of a monthly indicator) keeps the plain box, which can show it.
        picker = {Frequency.MONTHLY: PeriodKind.MONTH, Frequency.SNAPSHOT: PeriodKind.SNAPSHOT}.get(frequency)
        if self.instance.pk and picker and self.instance.period_kind != picker:
            field.widget = PeriodInput()
        else:
            field.widget = PeriodInput(frequency)
        if frequency == Frequency.YEARLY:
            field.help_text = "A reporting year, e.g. 2025-26."
        elif frequency == Frequency.QUARTERLY:
            field.help_text = "A quarter of a reporting year, e.g. 2025-26 Q1 (April to June)."
        elif frequency == Frequency.SNAPSHOT:
            field.help_text = "The day the figure was taken, e.g. 31/03/2026."
        else:
            field.help_text = "The month, e.g. 2025-04. " + HELP
        self.suggestions = period_suggestions(frequency=frequency)
        if self.instance.pk and not self.is_bound and self.instance.period_kind == PeriodKind.SNAPSHOT:
            self.initial["period"] = self.instance.period_obj.label  # 31/03/2026, as it is typed
        for name in ("value", "comparator"):
            if self.instance.pk and not self.is_bound:
                self.initial[name] = plain(getattr(self.instance, name))

    def clean_period(self):
        text = (self.cleaned_data.get("period") or "").strip()
        try:
            return Period.parse(text, yearly=self.indicator.frequency == Frequency.YEARLY).code
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from None

    def _post_clean(self):
        # The period's dates are set by the service (value.set_period); the model's own check of a
        # period only runs once they are.
        text = self.cleaned_data.get("period")
        if text:
            with contextlib.suppress(PeriodError):
                self.instance.set_period(text)
        super()._post_clean()


class SittingForm(forms.Form):
    """Which agency's indicators, and for which period."""

    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Source agency",
        empty_label="Choose an agency",
        error_messages={"required": "Choose the agency whose figures these are."},
    )
    period = forms.CharField(
        label="Period",
        max_length=20,
        widget=PeriodInput(),
        help_text=HELP,
        error_messages={"required": "Write the period the figures are for, e.g. 2025-04."},
    )

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(indicators__board=board).distinct().order_by("name")

    def clean_period(self):
        text = (self.cleaned_data.get("period") or "").strip()
        try:
            Period.parse(text)
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from None
        return text


class FigureForm(forms.Form):
    """One indicator's row of the sitting."""

    indicator = forms.IntegerField(widget=forms.HiddenInput)
    version = VersionField(required=False)
    value = forms.DecimalField(max_digits=16, decimal_places=4, required=False, label="Value")
    not_reported = forms.BooleanField(required=False, label="Not reported")
    comparator = forms.DecimalField(max_digits=16, decimal_places=4, required=False, label="Comparator")
    comparator_name = forms.CharField(required=False, label="Comparator's name", widget=ONE_LINE)
    note = forms.CharField(required=False, label="Commentary", widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("not_reported") and data.get("value") is not None:
            self.add_error("value", 'Leave the value blank when it is "not reported", or untick "Not reported".')
        if data.get("comparator") is not None and not (data.get("comparator_name") or "").strip():
            self.add_error("comparator_name", 'Say what the comparator is, e.g. "England" or "statistical neighbours".')
        return data


class BaseFigureFormSet(forms.BaseFormSet):
    def __init__(self, *args, indicators, **kwargs):
        self.indicators = indicators
        super().__init__(*args, **kwargs)
        for form, indicator in zip(self.forms, indicators, strict=False):
            form.indicator_record = indicator
            form.fields["value"].help_text = indicator.get_unit_display()

    def clean(self):
        ids = [form.cleaned_data.get("indicator") for form in self.forms if hasattr(form, "cleaned_data")]
        expected = [indicator.pk for indicator in self.indicators]
        if ids != expected:
            raise forms.ValidationError(
                "The agency's indicators changed while you were entering their figures: check the rows and save again."
            )


FigureFormSet = forms.formset_factory(FigureForm, formset=BaseFigureFormSet, extra=0, max_num=500, absolute_max=500)
