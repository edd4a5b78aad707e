"""Forms of the board's money: the year shown, a year's lines of one kind and its contributions,
each as a formset (add rows, reorder, delete; all saved together or none). Amounts are typed
forgivingly ("£1,234.56", "1234.5") and kept exact (finance.money)."""

from __future__ import annotations

from django import forms

from governance.forms import ONE_LINE, OneLineModelForm
from governance.models import Agency
from lscb.concurrency import VersionedFormMixin
from lscb.years import ReportingYear, YearFormatError

from .models import BudgetLine, Contribution, refuse_total
from .money import MoneyField
from .querysets import BudgetLineQuerySet

NOTE = {"rows": 2}


class YearForm(forms.Form):
    """The year the statement shows (?year=2025-26): one of the board's years, or any year typed."""

    year = forms.CharField(label="Reporting year", required=False)

    def __init__(self, *args, years: list[ReportingYear], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.years = years
        self.fields["year"].widget = forms.Select(choices=[(year.label, year.label) for year in years])

    def clean_year(self) -> ReportingYear | None:
        text = (self.cleaned_data.get("year") or "").strip()
        if not text:
            return None
        try:
            year = ReportingYear.parse(text)
        except YearFormatError as error:
            raise forms.ValidationError(str(error)) from None
        if not 1990 <= year.first <= 2100:
            raise forms.ValidationError(f"{year} is outside the years kept (1990-91 to 2100-01).")
        return year

    def chosen(self, default: ReportingYear) -> ReportingYear:
        """The year asked for, or `default` when none (or a year that is no year) was given."""
        if self.is_valid() and self.cleaned_data["year"] is not None:
            return self.cleaned_data["year"]
        return default


class BudgetLineForm(VersionedFormMixin, OneLineModelForm):
    """One line of the year: its name, budget and actual (pounds and pence), and a note."""

    budget = MoneyField(required=False, allow_negative=True, label="Budget")
    actual = MoneyField(required=False, allow_negative=True, label="Actual")

    class Meta:
        model = BudgetLine
        fields = ["line", "budget", "actual", "note"]
        widgets = {"line": ONE_LINE, "note": forms.Textarea(attrs=NOTE)}
        labels = {"line": "Line"}

    def __init__(self, *args, kind: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if kind == "income":
            self.fields["budget"].label = "Expected"
            self.fields["actual"].label = "Received"

    def clean_line(self) -> str:
        line = (self.cleaned_data.get("line") or "").strip()
        try:
            refuse_total(line)
        except forms.ValidationError as error:
            raise forms.ValidationError(error.message_dict["line"]) from None
        return line


class BaseLineFormSet(forms.BaseModelFormSet):
    """A year's lines of one kind; each row keeps the version it was opened at."""

    def __init__(self, *args, kind: str = "", **kwargs) -> None:
        self.kind = kind
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "kind": self.kind}


LineFormSet = forms.modelformset_factory(
    BudgetLine,
    form=BudgetLineForm,
    formset=BaseLineFormSet,
    extra=3,
    can_order=True,
    can_delete=True,
    max_num=200,
    absolute_max=200,
    validate_max=True,
)


def line_formset(data, *, lines: BudgetLineQuerySet, kind: str) -> forms.BaseModelFormSet:
    return LineFormSet(data, queryset=lines, prefix=kind, kind=kind)


class PercentField(forms.DecimalField):
    """A share in percent, 0 to 100, with or without its % sign."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removesuffix("%").strip()
        return super().to_python(value)


class ContributionForm(VersionedFormMixin, forms.ModelForm):
    """A partner's contribution: an amount, or the published share when only that is known, and
    any support in kind."""

    amount = MoneyField(required=False, label="Amount")
    share = PercentField(
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        label="Share (%)",
        error_messages={
            "invalid": "Enter the share as a percentage, e.g. 12.5.",
            "min_value": "A share is between 0 and 100 percent.",
            "max_value": "A share is between 0 and 100 percent.",
            "max_decimal_places": "Give the share with at most two figures after the point.",
        },
    )

    class Meta:
        model = Contribution
        fields = ["agency", "amount", "share", "in_kind"]
        widgets = {"in_kind": forms.Textarea(attrs=NOTE)}
        error_messages = {"agency": {"invalid_choice": "Choose an agency from the list."}}

    def __init__(self, *args, agency_choices=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        field.queryset = Agency.objects.order_by("name")
        if agency_choices is not None:
            field.choices = agency_choices  # read once for every row

    def clean(self):
        data = super().clean()
        given = data.get("amount") is not None or data.get("share") is not None or (data.get("in_kind") or "").strip()
        if not self.errors and data.get("agency") is not None and not given:
            raise forms.ValidationError("Give the amount, the published share or the support given in kind.")
        return data


class BaseContributionFormSet(forms.BaseModelFormSet):
    def __init__(self, *args, agency_choices=None, **kwargs) -> None:
        self.agency_choices = agency_choices
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "agency_choices": self.agency_choices}


ContributionFormSet = forms.modelformset_factory(
    Contribution,
    form=ContributionForm,
    formset=BaseContributionFormSet,
    extra=3,
    can_delete=True,
    max_num=200,
    absolute_max=200,
    validate_max=True,
)


def agency_choices() -> list[tuple]:
    return [("", "Choose an agency"), *Agency.objects.order_by("name").values_list("pk", "name")]


def contribution_formset(data, *, contributions, choices) -> forms.BaseModelFormSet:
    return ContributionFormSet(data, queryset=contributions, prefix="contributions", agency_choices=choices)
