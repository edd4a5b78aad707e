"""Fuzzing the challenge log: logging a challenge, editing it, and every step to its outcome."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import resolve as resolve_url
from hypothesis import example, given
from hypothesis import strategies as st

from challengelog import forms
from challengelog.models import Challenge, Event, RaisedBy
from lscb.years import ReportingYear

from . import strategies as s
from .forms import post_model_form
from .harness import bounded, check_one_line, resolve, rolled_back, submit

pytestmark = pytest.mark.django_db
EXAMPLES = bounded(20)

# The reporting years a challenge whose day is not known may be placed in (this year and the one before).
YEARS = [str(ReportingYear.current()), str(ReportingYear.current().previous)]

challenge = s.form(
    raised_on=(s.plausible_date(low=date(2025, 4, 1)), s.dates()),
    raised_undated=(st.sampled_from([None, None, "on"]), s.checkbox()),
    raised_year=(st.sampled_from(["", "", YEARS[0], YEARS[-1]]), s.choice(YEARS)),
    raised_by=(st.sampled_from(RaisedBy.values), s.choice(RaisedBy.values)),
    raised_by_person=(st.one_of(st.just(""), s.pick("person", 4)), s.reference("person")),
    agency=(s.pick("agency", 3), s.reference("agency", blank=False)),
    subject=(s.plain_text(), s.one_line_text()),
    detail=(st.one_of(st.just(""), s.plain_text()), s.text()),
    response_due=(st.one_of(st.just(""), st.just("2027-01-31")), s.dates()),
    meeting=(st.one_of(st.just(""), st.just(s.Pick("meeting", 0))), s.reference("meeting")),
    priority=(st.one_of(st.just(""), s.pick("priority", 2)), s.reference("priority")),
    version=(st.just(s.Pick("version")), s.version()),
)


def challenge_adjust(expected, record):
    """The tick and the year are not fields of the record: an undated one is kept on 1 April."""
    ticked, year = expected.pop("raised_undated"), expected.pop("raised_year")
    assert record.raised_undated is bool(ticked or year)
    if record.raised_undated:
        expected["raised_on"] = ReportingYear.parse(year).start


@EXAMPLES
@given(posted=challenge, edit=st.booleans())
@example(
    posted={
        "raised_on": "2026-11-01",
        "raised_by": "chair",
        "agency": s.Pick("agency"),
        "subject": "s",
        "version": "1.5",
    },
    edit=True,
)
@example(
    posted={"raised_on": "0001-01-01", "raised_by": "chair", "agency": s.Pick("agency"), "subject": "Year one"},
    edit=False,
)
@example(
    posted={
        "raised_on": "2026-11-01",
        "raised_by": "chair",
        "agency": s.Pick("agency"),
        "subject": "Training\n- CH-2026-99 Forged\n  https://evil.example/sign-in",
    },
    edit=False,
)
def test_challenge_form(as_manager, board, posted, edit):
    target = Challenge.objects.get(pk=board.open_challenge.pk)
    url = (
        f"/{board.plan.board.slug}/challenges/{target.ref}/edit/"
        if edit
        else f"/{board.plan.board.slug}/challenges/new/"
    )

    def saved(answer):
        return Challenge.objects.get(ref=resolve_url(answer.response["Location"]).kwargs["ref"])

    with rolled_back():
        post_model_form(
            as_manager,
            url,
            posted,
            case="challenge",
            records=board.records,
            form=forms.ChallengeForm(instance=target if edit else None),
            saved=saved,
            version=target.version,
            adjust=challenge_adjust,
            one_line=("subject",),
        )


STEP_FIELDS = {
    "sent": {"note": (st.one_of(st.just(""), s.plain_text()), s.text())},
    "response": {
        "response": (s.plain_text(), s.text()),
        "responded_on": (s.plausible_date(low=date(2026, 5, 2)), s.dates()),
    },
    "escalate": {
        "escalated_to": (s.plain_text(), s.one_line_text()),
        "note": (st.one_of(st.just(""), s.plain_text()), s.text()),
    },
    "close": {
        "outcome": (s.plain_text(), s.text()),
        "closed_on": (s.plausible_date(low=date(2026, 5, 2)), s.dates()),
    },
    "reopen": {"reason": (s.plain_text(), s.text())},
    "note": {"text": (s.plain_text(), s.text())},
}
STEPS = st.sampled_from(sorted(STEP_FIELDS)).flatmap(
    lambda step: st.tuples(
        st.just(step), s.form(version=(st.just(s.Pick("version")), s.version()), **STEP_FIELDS[step])
    )
)


def check_step(step: str, challenge: Challenge, data: dict, events_before: int) -> None:
    """The step did what it says, with the text as typed (trimmed)."""
    current = Challenge.objects.get(pk=challenge.pk)
    value = {name.split("-", 1)[1]: v for name, v in data.items()}
    event = current.events.order_by("-pk").first()
    assert current.events.count() == events_before + 1
    if step == "sent":
        assert current.status == "awaiting_response" and event.text == value["note"].strip()
    elif step == "response":
        assert (current.status, current.response) == ("responded", value["response"].strip())
        assert current.responded_on == date.fromisoformat(value["responded_on"].strip())
    elif step == "escalate":
        assert (current.status, current.escalated_to) == ("escalated", value["escalated_to"].strip())
    elif step == "close":
        assert (current.status, current.outcome) == ("closed", value["outcome"].strip())
    elif step == "reopen":
        assert current.status in ("open", "responded") and current.closed_on is None
        assert event.text == value["reason"].strip()
    else:
        assert (event.kind, event.text) == (Event.Kind.NOTE, value["text"].strip())


@bounded(48)  # six steps: about eight examples each
@given(step_posted=STEPS, which=st.sampled_from(["open_challenge", "closed_challenge"]))
@example(step_posted=("note", {"text": "\x00", "version": s.Pick("version")}), which="open_challenge")
@example(step_posted=("reopen", {"reason": "0", "version": s.Pick("version")}), which="open_challenge")
@example(
    step_posted=("response", {"response": "Done", "responded_on": "2026-06-01", "version": s.Pick("version")}),
    which="open_challenge",
)
@example(
    step_posted=("response", {"response": "r", "responded_on": "2099-01-01", "version": s.Pick("version")}),
    which="open_challenge",
)
@example(step_posted=("close", {"outcome": "ok", "closed_on": "9999-12-31", "version": "x"}), which="open_challenge")
@example(
    step_posted=("escalate", {"escalated_to": "Chief Executive\r\nhttps://evil.example", "version": s.Pick("version")}),
    which="open_challenge",
)
def test_challenge_steps(as_manager, board, step_posted, which):
    step, posted = step_posted
    challenge = Challenge.objects.get(pk=getattr(board, which).pk)
    data = {f"{step}-{name}": value for name, value in resolve(posted, board.records, challenge.version).items()}
    events_before = challenge.events.count()
    with rolled_back():
        answer = submit(
            as_manager, f"/{board.plan.board.slug}/challenges/{challenge.ref}/{step}/", data, case=f"challenge-{step}"
        )
        check_one_line(answer, data, ["escalate-escalated_to"])
        if answer.saved:
            check_step(step, challenge, data, events_before)
