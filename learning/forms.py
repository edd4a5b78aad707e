"""Forms of case reviews and their recommendations: adding and editing them, and recording what
was done about a recommendation. Model validation runs through ModelForm.full_clean; the services
decide (learning.services)."""

from django import forms
from django.utils import timezone

from governance.forms import ONE_LINE, DateInput, OneLineModelForm
from governance.models import NO_CHILD_DATA, Agency, Group
from lscb.concurrency import VersionedFormMixin

from .filters import review_kinds
from .models import ANONYMISED, Recommendation, RecommendationStatus, Review

TEXT = {"rows": 4}


class ReviewForm(VersionedFormMixin, OneLineModelForm):
    """A review of the page's board; an edit carries the version it was opened at."""

    class Meta:
        model = Review
        fields = [
            "ref",
            "kind",
            "title",
            "group",
            "notified_on",
            "decision",
            "decided_on",
            "decision_reason",
            "started_on",
            "concluded_on",
            "published_on",
            "findings",
        ]
        widgets = {
            "ref": ONE_LINE,
            "title": ONE_LINE,
            "notified_on": DateInput(),
            "decided_on": DateInput(),
            "started_on": DateInput(),
            "concluded_on": DateInput(),
            "published_on": DateInput(),
            "decision_reason": forms.Textarea(attrs=TEXT),
            "findings": forms.Textarea(attrs={"rows": 6}),
        }
        labels = {
            "title": "Anonymised title",
            "group": "Overseeing group",
            "decision_reason": "Reason for the decision",
        }
        help_texts = {"title": ANONYMISED}

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.board = board
        if not self.instance.board_id:
            self.instance.board = board
        self.fields["kind"].choices = [("", "Choose a kind"), *review_kinds(board, also=self.instance.kind)]
        # The board's own groups and those joint with it.
        self.fields["group"].queryset = Group.objects.for_board(board).order_by("name")
        self.fields["decision"].choices = [("", "Not decided yet"), *self.fields["decision"].choices[1:]]

    def clean_ref(self):
        ref = (self.cleaned_data.get("ref") or "").strip()
        if ref.lower() == "new":  # /reviews/new/ is the page that adds a review
            raise forms.ValidationError('"new" cannot be a reference: give the review its own, e.g. "RR-2025-03".')
        taken = Review.objects.filter(board=self.board, ref=ref).exclude(pk=self.instance.pk).exists()
        if ref and taken:
            raise forms.ValidationError("Another review of this board has this reference.")
        return ref


class RecommendationForm(VersionedFormMixin, OneLineModelForm):
    """A recommendation of a review (or an audit): its lead, due date, status and evidence of impact."""

    class Meta:
        model = Recommendation
        fields = ["ref", "text", "lead_agency", "lead_group", "due_date", "status", "decided_on", "reason", "evidence"]
        widgets = {
            "ref": ONE_LINE,
            "text": forms.Textarea(attrs=TEXT),
            "due_date": DateInput(),
            "decided_on": DateInput(),
            "reason": forms.Textarea(attrs={"rows": 3}),
            "evidence": forms.Textarea(attrs=TEXT),
        }
        labels = {"text": "Recommendation", "decided_on": "Implemented or decided on"}

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_agency"].queryset = Agency.objects.order_by("name")
        self.fields["lead_agency"].empty_label = "No lead agency"
        self.fields["lead_group"].queryset = Group.objects.for_board(board).order_by("name")
        self.fields["lead_group"].empty_label = "No lead group"

    def clean_ref(self):
        ref = (self.cleaned_data.get("ref") or "").strip()
        source = self.instance.review if self.instance.review_id else None
        if ref and source is not None:
            taken = source.recommendations.filter(ref=ref).exclude(pk=self.instance.pk).exists()
            if taken:
                raise forms.ValidationError("This review already has a recommendation with this reference.")
        return ref


STATUS_CHOICES = [("", "No change"), *RecommendationStatus.choices]


class RecommendationUpdateForm(forms.Form):
    """A dated note of what was done; with a status, the recommendation moves to it. The field
    names are the service's (learning.services.recommendation_record_update), so its errors land
    under them."""

    day = forms.DateField(widget=DateInput(), label="Date", help_text="When it was done (not in the future).")
    note = forms.CharField(widget=forms.Textarea(attrs=TEXT), label="What was done", help_text=NO_CHILD_DATA)
    status = forms.ChoiceField(
        choices=STATUS_CHOICES,
        required=False,
        label="New status",
        error_messages={"invalid_choice": "Choose a status from the list."},
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Why it will not be implemented",
        help_text=f"Only when it is decided not to implement it. {NO_CHILD_DATA}",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].initial = timezone.localdate()
