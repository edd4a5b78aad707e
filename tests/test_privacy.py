"""Personal data: the privacy page, and every free-text field warning against child data."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models
from django.forms import CharField, Textarea
from django.urls import reverse

from businessplan.forms import ProgressForm
from challengelog import forms as challenge_forms
from governance.forms import CancelForm
from governance.models import NO_CHILD_DATA
from tests.factories import PlanFactory
from yearend.views import NarrativeForm

OUR_APPS = ("governance", "businessplan", "challengelog", "yearend")
# Text fields that hold a name, a title, a reference or a code, which the app needs and which
# say nothing of anyone's circumstances; every other text field carries the warning.
NOT_FREE_TEXT = {
    "governance.Board.name": "a name",
    "governance.Board.short_name": "a name",
    "governance.Board.slug": "a web address",
    "governance.Board.area": "a place's name",
    "governance.Agency.name": "a name",
    "governance.Agency.short_name": "a name",
    "governance.Person.name": "a professional's name",
    "governance.Person.email": "a work email",
    "governance.Person.job_title": "a title",
    "governance.Group.name": "a name",
    "governance.Group.short_name": "a name",
    "governance.Group.joint_with": "a neighbouring board's name",
    "governance.Attendance.deputy_name": "a professional's name",
    "businessplan.Plan.title": "a title",
    "businessplan.Plan.slug": "a reference",
    "governance.Group.chaired_by": "a role or an agency",
    "businessplan.Priority.title": "a title",
    "businessplan.Priority.functions": "statutory function codes",
    "businessplan.Action.due_text": "a date as written",
    "challengelog.Challenge.escalated_to": "a body's name",
    "yearend.ReportFile.digest": "a checksum",
    "yearend.SignedReport.signed_by_name": "a professional's name",
    "yearend.SignedReport.digest": "a checksum",
    "governance.Meeting.venue": "a place's name",
    "governance.Meeting.online_link": "a web address",
    "governance.MeetingPaper.title": "a paper's title",
    "governance.MeetingPaper.file_name": "a file's name",
    "governance.MeetingPaper.link": "a web address",
}
# A CharField this long can hold a sentence.
LONG = 60


def text_fields():
    for app in OUR_APPS:
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical"):
                continue
            for field in model._meta.concrete_fields:
                long_text = isinstance(field, models.CharField) and (field.max_length or 0) >= LONG
                if (isinstance(field, models.TextField) or long_text) and not field.choices:
                    yield f"{app}.{model.__name__}.{field.name}", field


@pytest.mark.parametrize(("name", "field"), list(text_fields()), ids=[name for name, _ in text_fields()])
def test_every_free_text_field_says_never_to_write_about_a_child(name, field):
    if name in NOT_FREE_TEXT:
        return
    assert NO_CHILD_DATA in str(field.help_text), f"{name}: add the warning to its help text"


def test_the_exceptions_are_all_real_fields():
    assert set(NOT_FREE_TEXT) <= {name for name, _ in text_fields()}


@pytest.mark.django_db
def test_free_text_boxes_of_the_other_forms_say_it_too():
    plan = PlanFactory()
    forms = [CancelForm(), ProgressForm(plan=plan), NarrativeForm()]
    forms += [form() for form in (challenge_forms.SentForm, challenge_forms.ResponseForm, challenge_forms.EscalateForm)]
    forms += [form() for form in (challenge_forms.CloseForm, challenge_forms.ReopenForm, challenge_forms.NoteForm)]
    boxes = [
        (type(form).__name__, name, field)
        for form in forms
        for name, field in form.fields.items()
        if isinstance(field, CharField) and isinstance(field.widget, Textarea)
    ]
    assert len(boxes) >= 9
    for form, name, field in boxes:
        assert "a child, an adult at risk or their family" in str(field.help_text), f"{form}.{name}"


@pytest.mark.django_db
def test_the_privacy_page_is_readable_without_signing_in(client, settings):
    settings.LSCB_RETENTION_YEARS = 4
    response = client.get(reverse("privacy"))
    assert response.status_code == 200
    text = " ".join(response.content.decode().split())
    for said in (
        "names, work email addresses, job titles and agencies",
        "Meeting attendance",
        "No information about children, adults at risk or their families",
        "Sub-group chairs",
        "business manager",
        "4 years",
        "Correction and erasure",
    ):
        assert said in text, said


@pytest.mark.django_db
def test_the_privacy_page_is_linked_from_the_sign_in_page_and_every_footer(board, client_for, board_member):
    privacy = f'href="{reverse("privacy")}"'
    sign_in = client_for(None).get(reverse("login")).content.decode()
    assert sign_in.count(privacy) == 2  # the sign-in form and the footer
    assert (
        privacy in client_for(board_member).get(reverse("governance:agency-list", args=[board.slug])).content.decode()
    )
