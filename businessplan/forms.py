"""Forms of the business plan."""

from django import forms

from governance.forms import ONE_LINE, DateInput, OneLineModelForm
from governance.models import Group
from lscb.concurrency import VersionedFormMixin, VersionField
from lscb.text import OneLineField

from .models import (
    FUNCTION_CODES,
    HEX_COLOUR,
    LEVEL_CODE,
    READY_MADE_SCALES,
    RESERVED_CODES,
    STATUTORY_FUNCTIONS,
    Action,
    Objective,
    Plan,
    Priority,
    ready_made_levels,
    ready_made_with_key,
)

OWN_SCALE = "own"


def uses_ready_made(plan: Plan) -> bool:
    """Whether a plan's levels are those of its ready-made scale (its meanings may be its own)."""
    if plan.scale not in READY_MADE_SCALES:
        return False
    ready = ready_made_levels(plan.scale)
    keep = ("code", "label", "colour", "complete")
    return [{k: row[k] for k in keep} for row in ready] == [
        {k: row.get(k) for k in keep} for row in plan.levels or ready
    ]


class PlanForm(OneLineModelForm):
    """The plan, and which scale it rates on: a ready-made one, or its own levels (LevelFormSet)."""

    scale = forms.ChoiceField(
        choices=[
            *((name, title) for name, (title, _) in READY_MADE_SCALES.items()),
            (OWN_SCALE, "The plan's own levels"),
        ],
        label="Rating scale",
        help_text="Red, amber, green and blue, red, amber, green come with the usual words; "
        "the plan's own levels are those you give below (e.g. a numbered 1 to 4 scale).",
    )
    scale_name = forms.SlugField(
        max_length=40,
        required=False,
        label="Name of the plan's own scale",
        help_text="A short name, e.g. numbered: plans with the same name share a scale in the board workbook.",
    )

    class Meta:
        model = Plan
        fields = ["title", "slug", "start", "end", "status"]
        widgets = {"start": DateInput(), "end": DateInput(), "title": ONE_LINE}

    def __init__(self, *args, board=None, **kwargs):
        super().__init__(*args, **kwargs)
        if board is not None and not self.instance.board_id:
            self.instance.board = board
        self.fields["slug"].required = False
        self.fields["slug"].help_text = "Its web address, e.g. 2016-18; made from the title when blank."
        plan = self.instance
        if plan.pk and not uses_ready_made(plan):
            self.initial.setdefault("scale", OWN_SCALE)
            self.initial.setdefault("scale_name", plan.scale)
        else:
            self.initial.setdefault("scale", plan.scale or "rag")

    def clean(self):
        data = super().clean()
        if data.get("scale") == OWN_SCALE:
            name = data.get("scale_name") or ""
            if not name:
                self.add_error("scale_name", "Name the plan's own scale, e.g. numbered.")
            elif name in READY_MADE_SCALES:
                self.add_error("scale_name", f"{name} is a ready-made scale: choose it above, or give another name.")
        return data

    def levels(self, rows: list[dict] | None) -> tuple[str, list[dict]]:
        """The scale's name and levels this form and the levels' rows (None: not posted) give."""
        scale = self.cleaned_data["scale"]
        if scale == OWN_SCALE:
            return self.cleaned_data["scale_name"], rows if rows is not None else list(self.instance.levels)
        # The plan's key: the meanings written against the ready-made levels' codes.
        rows = rows if rows is not None else self.instance.levels
        was = self.initial.get("scale")
        return scale, ready_made_with_key(scale, {row["code"]: row.get("meaning", "") for row in rows}, was)


class LevelForm(forms.Form):
    """One level of the plan's scale: its code (kept on ratings), the plan's word, colour and meaning."""

    code = forms.CharField(max_length=20, label="Code", help_text="e.g. red or 1")
    label = OneLineField(label="Label", help_text="the plan's word, e.g. Achieved")
    colour = forms.RegexField(
        regex=HEX_COLOUR,
        label="Colour",
        help_text="#rrggbb",
        error_messages={"invalid": "Write the colour as #rrggbb, e.g. #2e8b57."},
    )
    meaning = forms.CharField(widget=forms.Textarea(attrs={"rows": 1}), required=False, label="Meaning (the key)")
    complete = forms.BooleanField(required=False, label="Means complete")

    def clean_code(self):
        code = self.cleaned_data["code"].strip().lower()
        if not LEVEL_CODE.match(code):
            raise forms.ValidationError("Use lower-case letters, digits, '-' or '_', e.g. red or 1.")
        if code in RESERVED_CODES:
            raise forms.ValidationError(f"{code!r} means not rated; choose another code.")
        return code


class BaseLevelFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        codes = [form.cleaned_data["code"] for form in self.forms if self._kept(form)]
        if not codes:
            raise forms.ValidationError("Give the scale at least one level.")
        twice = sorted({code for code in codes if codes.count(code) > 1})
        if twice:
            raise forms.ValidationError(f"Each level needs its own code: {', '.join(twice)} is used twice.")

    def _kept(self, form) -> bool:
        return bool(form.cleaned_data) and not form.cleaned_data.get("DELETE")

    def rows(self) -> list[dict]:
        """The levels in the order given, without the deleted and blank rows."""
        keys = ("code", "label", "colour", "meaning", "complete")
        return [{key: form.cleaned_data[key] for key in keys} for form in self.forms if self._kept(form)]


LevelFormSet = forms.formset_factory(LevelForm, formset=BaseLevelFormSet, extra=2, can_delete=True, max_num=12)


class PriorityForm(OneLineModelForm):
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


class ActionForm(VersionedFormMixin, OneLineModelForm):
    """What an action says; an edit carries the version it was opened at."""

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
            "ref": ONE_LINE,
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
        # The board's own groups and those joint with it: no other board's group leads its actions.
        self.fields["lead_group"].queryset = Group.objects.for_board(plan.board_id).order_by("name")


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
        self.fields["note"].help_text = (
            "Required when the rating changes. Professionals' work only: nothing about a child, an adult at risk "
            "or their family."
        )
