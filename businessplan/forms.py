"""Forms of the business plan."""

from django import forms

from governance.forms import ONE_LINE, DateInput
from lscb.concurrency import VersionField

from .models import (
    FUNCTION_CODES,
    READY_MADE_SCALES,
    STATUTORY_FUNCTIONS,
    Action,
    Objective,
    Plan,
    Priority,
    ready_made_levels,
)


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = [
            "title",
            "slug",
            "start",
            "end",
            "status",
            "scale",
        ]
        widgets = {"start": DateInput(), "end": DateInput(), "title": ONE_LINE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = "Its web address, e.g. 2016-18; made from the title when blank."
        self.fields["scale"] = forms.ChoiceField(
            choices=[(name, title) for name, (title, _) in READY_MADE_SCALES.items()], label="Rating scale"
        )

    def clean(self):
        data = super().clean()
        if "scale" in self.changed_data and data.get("scale") in READY_MADE_SCALES:
            self.instance.levels = ready_made_levels(data["scale"])
        return data


class PriorityForm(forms.ModelForm):
    functions = forms.MultipleChoiceField(
        choices=STATUTORY_FUNCTIONS, required=False, widget=forms.CheckboxSelectMultiple, label="Statutory functions"
    )

    class Meta:
        model = Priority
        fields = ["number", "title", "description", "functions"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "title": ONE_LINE}

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        if plan is not None and not self.instance.plan_id:
            self.instance.plan = plan
        self.initial["functions"] = self.instance.function_codes if self.instance.pk else []

    def clean_functions(self):
        return ";".join(code for code in FUNCTION_CODES if code in self.cleaned_data["functions"])


class ObjectiveForm(forms.ModelForm):
    class Meta:
        model = Objective
        fields = ["priority", "text", "order"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = plan.priorities.all()


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = [
            "objective",
            "ref",
            "text",
            "by_whom",
            "lead_group",
            "due_text",
            "due_date",
            "intended_impact",
            "measure",
        ]
        widgets = {
            "due_date": DateInput(),
            "text": forms.Textarea(attrs={"rows": 2}),
            "intended_impact": forms.Textarea(attrs={"rows": 2}),
            "measure": forms.Textarea(attrs={"rows": 2}),
            "by_whom": forms.Textarea(attrs={"rows": 1}),
            "due_text": forms.Textarea(attrs={"rows": 1}),
        }

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.fields["objective"].queryset = Objective.objects.filter(priority__plan=plan).select_related("priority")
        self.fields["objective"].label_from_instance = lambda o: f"{o.priority.number}. {o.text[:90]}"


class ProgressForm(forms.Form):
    """A dated note and the rating as of that date; `version` catches a stale save."""

    rating = forms.ChoiceField(required=False, label="Rating")
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Progress note", required=False)
    day = forms.DateField(label="Dated", widget=DateInput())
    version = VersionField()

    def __init__(self, *args, plan: Plan, prefix_id: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Not rated")] + [(r, f"{plan.label(r)}: {plan.meaning(r)}") for r in plan.ratings]
        self.fields["rating"].choices = choices
        self.fields[
            "note"
        ].help_text = "Required when the rating changes. Professionals' work only: nothing about a child or family."
