"""Names and titles are written on one line: every form refuses a line break in them, with a message,
whoever posts it (a browser keeps such a box on one line; a crafted request need not)."""

from __future__ import annotations

import pytest

from businessplan.forms import ActionForm, LevelForm, PlanForm, PriorityForm
from challengelog.forms import ChallengeForm, EscalateForm
from governance.forms import AgencyForm, GroupForm, GuestForm, PersonForm, RegisterRowForm
from governance.models import Agency
from lscb.text import ONE_LINE_MESSAGE, one_line
from tests.factories import PlanFactory, default_board

pytestmark = pytest.mark.django_db

# Every character that starts a new line somewhere.
BREAKS = ["\r\n", "\n", "\r", "\x0b", "\x0c", "\x85", "\u2028", "\u2029"]

BOARD, PLAN = object(), object()
ONE_LINE_FIELDS = [
    (AgencyForm, {}, "name"),
    (AgencyForm, {}, "short_name"),
    (PersonForm, {}, "name"),
    (PersonForm, {}, "job_title"),
    (GroupForm, {"board": BOARD}, "name"),
    (GroupForm, {"board": BOARD}, "short_name"),
    (GroupForm, {"board": BOARD}, "joint_with"),
    (GroupForm, {"board": BOARD}, "chaired_by"),
    (PlanForm, {}, "title"),
    (PriorityForm, {"plan": None}, "title"),
    (ActionForm, {"plan": PLAN}, "ref"),  # at most 20 characters: tried with a short one
    (LevelForm, {}, "label"),
    (ChallengeForm, {}, "subject"),
    (EscalateForm, {}, "escalated_to"),
    (RegisterRowForm, {}, "deputy_name"),
    (GuestForm, {}, "name"),
]


def errors_of(form_class, options: dict, field: str, value: str) -> list[str]:
    # The board and plan a form is about, made when a form needs one.
    options = {
        name: default_board() if given is BOARD else PlanFactory() if given is PLAN else given
        for name, given in options.items()
    }
    # A deputy's name is only for "Deputy sent".
    form = form_class(data={field: value, "status": "deputy"}, **options)
    form.is_valid()
    return form.errors.get(field, [])


@pytest.mark.parametrize("form_class, options, field", ONE_LINE_FIELDS)
def test_a_line_break_in_a_one_line_field_is_refused_with_a_message(form_class, options, field):
    name = "Zoë Ørsted \N{EN DASH} Independent Reviewing Officer, Ynys Môn " * 20  # 1,100 characters: any length
    if field == "ref":
        name = "2.3.1"
    assert errors_of(form_class, options, field, name) == []
    for line_break in BREAKS:
        assert errors_of(form_class, options, field, f"Zoë{line_break}https://x.ex") == [ONE_LINE_MESSAGE]
    # Spaces and line breaks at either end are trimmed, as in every field, not refused.
    assert errors_of(form_class, options, field, "\r\n Police \n") == []


@pytest.mark.parametrize(
    "form_class, options, field",
    [
        (ActionForm, {"plan": PLAN}, "by_whom"),
        (ActionForm, {"plan": PLAN}, "due_text"),
        (ActionForm, {"plan": PLAN}, "measure"),
        (ChallengeForm, {}, "detail"),
        (LevelForm, {}, "meaning"),
        (RegisterRowForm, {}, "note"),
    ],
)
def test_by_whom_by_when_and_notes_keep_their_line_breaks(form_class, options, field):
    assert errors_of(form_class, options, field, "Head of Service\nand the Designated Nurse\r\nby 31/03/2026") == []


def test_the_agency_page_refuses_a_name_on_two_lines_and_saves_nothing(board, client_for, manager):
    client = client_for(manager)
    response = client.post(
        f"/{board.slug}/agencies/new/", {"name": "Police\r\nService", "short_name": "", "sector": "police"}
    )
    assert response.status_code == 200
    assert ONE_LINE_MESSAGE in response.content.decode()
    assert not Agency.objects.exists()
    response = client.post(
        f"/{board.slug}/agencies/new/", {"name": "Police Service", "short_name": "", "sector": "police"}
    )
    assert response.status_code == 302
    assert Agency.objects.get().name == "Police Service"


@pytest.mark.parametrize(
    "text, folded",
    [
        ("Police\r\nService", "Police Service"),
        ("Police \n\n  Service\n", "Police Service"),
        ("\u2028Police\x85Service\u2029and\x0bHealth\x0cTrust\r", "Police Service and Health Trust"),
        ("Police  Service\tTrust", "Police  Service\tTrust"),  # no break: exactly as written
        ("", ""),
    ],
)
def test_one_line_folds_each_run_of_breaks_and_the_spaces_around_it_to_one_space(text, folded):
    assert one_line(text) == folded


def test_one_line_is_quick_on_long_text():
    text = " " * 200_000 + "x" + "\n" * 200_000 + "y"
    assert one_line(text) == " " * 200_000 + "x y"
