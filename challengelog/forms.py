"""Forms of the challenge log: logging one, and each step towards its outcome."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from businessplan.models import Priority
from governance.forms import ONE_LINE, DateInput
from governance.models import NO_CHILD_DATA, Agency, Meeting, Person
from lscb.concurrency import VersionField

from .models import Challenge


class ChallengeForm(forms.ModelForm):
    # The version the user saw, so that a save over someone else's change is refused.
    version = VersionField(required=False)

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["agency"].queryset = Agency.objects.order_by("name")
        self.fields["raised_by_person"].queryset = Person.objects.select_related("agency").order_by("name")
        # Recent meetings only: a challenge is logged soon after the meeting where it was raised.
        recent = Meeting.objects.filter(date__gte=today - timedelta(days=730), date__lte=today + timedelta(days=30))
        current = self.initial.get("meeting") or getattr(self.instance, "meeting_id", None)
        if current:
            recent = recent | Meeting.objects.filter(pk=getattr(current, "pk", current))
        self.fields["meeting"].queryset = recent.select_related("group").order_by("-date")
        self.fields["priority"].queryset = Priority.objects.filter(plan__status="active").select_related("plan")
        self.fields["priority"].label_from_instance = lambda p: f"{p.plan.slug}: {p.number}. {p.title}"
        if not self.instance.pk:
            self.fields["raised_on"].initial = today
        else:
            self.fields["version"].initial = self.instance.version


class StepForm(forms.Form):
    """The common part of every step: the version the user saw."""

    version = VersionField()


class SentForm(StepForm):
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Note (how it was sent)",
        help_text=NO_CHILD_DATA,
    )


class ResponseForm(StepForm):
    response = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), label="What the agency answered", help_text=NO_CHILD_DATA
    )
    responded_on = forms.DateField(widget=DateInput(), label="Answered on")


class EscalateForm(StepForm):
    escalated_to = forms.CharField(label="Escalated to", help_text='e.g. "Chief Executive", "Department for Education"')
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text=NO_CHILD_DATA)


class CloseForm(StepForm):
    outcome = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), label="Outcome: what changed as a result", help_text=NO_CHILD_DATA
    )
    closed_on = forms.DateField(widget=DateInput(), label="Closed on")


class ReopenForm(StepForm):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Why reopen it", help_text=NO_CHILD_DATA)


class NoteForm(StepForm):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Note", help_text=NO_CHILD_DATA)
