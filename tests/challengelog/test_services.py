"""The challenge log's rules: references per year, status steps, overdue, and the reminder digest."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from challengelog import services
from challengelog.models import Challenge, Event
from challengelog.reminders import digest
from lscb.concurrency import StaleEdit
from lscb.years import ReportingYear
from tests.factories import AgencyFactory, ChallengeFactory, RecommendationFactory, default_board

pytestmark = pytest.mark.django_db


def log(raised_on, by=None, **fields):
    challenge = Challenge(
        board=default_board(),
        raised_on=raised_on,
        raised_by="chair",
        agency=fields.pop("agency", None) or AgencyFactory(),
        subject="Subject",
        **fields,
    )
    return services.challenge_log(challenge=challenge, by=by)


def test_references_are_numbered_per_reporting_year(chair):
    assert log(date(2025, 4, 1), chair).ref == "CH-2025-01"
    assert log(date(2026, 3, 31), chair).ref == "CH-2025-02"  # still 2025-26
    assert log(date(2026, 4, 1), chair).ref == "CH-2026-01"
    ChallengeFactory(ref="CH-2025-07", raised_on=date(2025, 9, 1))  # imported with its own number
    assert log(date(2025, 10, 1), chair).ref == "CH-2025-08"


def test_logging_puts_the_first_entry_on_the_timeline_with_who(chair):
    challenge = log(date(2025, 5, 1), chair, detail="Evidence of timely health assessments")
    event = challenge.events.get()
    assert (event.kind, event.by, event.text, event.status_after) == (
        "logged",
        chair,
        "Evidence of timely health assessments",
        "open",
    )


def test_a_challenge_goes_from_open_to_closed_step_by_step(chair):
    challenge = log(date(2025, 5, 1), chair, response_due=date(2025, 6, 1))
    challenge = services.challenge_mark_sent(challenge=challenge, by=chair, note="Letter sent")
    challenge = services.challenge_record_response(
        challenge=challenge, response="Compliance is 60%", responded_on=date(2025, 6, 2), by=chair
    )
    challenge = services.challenge_close(
        challenge=challenge,
        outcome_kind="resolved",
        outcome="Compliance rose to 95%",
        closed_on=date(2025, 9, 1),
        by=chair,
    )
    assert challenge.status == "closed"
    steps = list(challenge.events.values_list("kind", "status_before", "status_after"))
    assert steps == [
        ("logged", "", "open"),
        ("sent", "open", "awaiting_response"),
        ("response", "awaiting_response", "responded"),
        ("closed", "responded", "closed"),
    ]


def test_closing_needs_an_outcome(chair):
    challenge = log(date(2025, 5, 1), chair)
    with pytest.raises(ValidationError) as error:
        services.challenge_close(
            challenge=challenge, outcome_kind="resolved", outcome=" ", closed_on=date(2025, 6, 1), by=chair
        )
    assert "outcome" in error.value.message_dict
    challenge.refresh_from_db()
    assert challenge.status == "open" and challenge.events.count() == 1


def test_escalation_at_any_point_and_reopening_keeps_the_history(chair):
    challenge = log(date(2025, 5, 1), chair)
    challenge = services.challenge_escalate(challenge=challenge, escalated_to="Department for Education", by=chair)
    assert (challenge.status, challenge.escalated_to) == ("escalated", "Department for Education")
    with pytest.raises(ValidationError):
        services.challenge_escalate(challenge=challenge, escalated_to="", by=chair)
    challenge = services.challenge_close(
        challenge=challenge, outcome_kind="resolved", outcome="Guidance amended", closed_on=date(2025, 8, 1), by=chair
    )
    challenge = services.challenge_reopen(challenge=challenge, reason="The amendment was withdrawn", by=chair)
    assert challenge.status == "open" and challenge.closed_on is None
    assert challenge.outcome == "Guidance amended"  # the earlier outcome is not lost
    assert list(challenge.events.values_list("kind", flat=True)) == ["logged", "escalated", "closed", "reopened"]
    assert challenge.history.filter(status="closed").exists()


def test_steps_that_do_not_apply_are_refused(chair):
    challenge = log(date(2025, 5, 1), chair)
    with pytest.raises(ValidationError):
        services.challenge_reopen(challenge=challenge, reason="x", by=chair)
    challenge = services.challenge_close(
        challenge=challenge, outcome_kind="resolved", outcome="Done", closed_on=date(2025, 6, 1), by=chair
    )
    for step in (
        lambda: services.challenge_mark_sent(challenge=challenge, by=chair),
        lambda: services.challenge_record_response(
            challenge=challenge, response="x", responded_on=date(2025, 6, 1), by=chair
        ),
        lambda: services.challenge_close(
            challenge=challenge, outcome_kind="resolved", outcome="x", closed_on=date(2025, 6, 1), by=chair
        ),
    ):
        with pytest.raises(ValidationError):
            step()


def test_a_stale_step_is_refused(chair, manager):
    challenge = log(date(2025, 5, 1), chair)
    seen = challenge.version
    services.challenge_add_note(
        challenge=challenge, text="Chased by phone", by=manager
    )  # a note does not move the version
    services.challenge_mark_sent(challenge=challenge, by=manager, version=seen)
    with pytest.raises(StaleEdit):
        services.challenge_escalate(challenge=challenge, escalated_to="Chief Executive", by=chair, version=seen)
    assert Challenge.objects.get(pk=challenge.pk).status == "awaiting_response"


def test_dates_must_make_sense(chair):
    with pytest.raises(ValidationError, match="future"):
        log(date.today() + timedelta(days=2), chair)
    with pytest.raises(ValidationError, match="before the challenge was raised"):
        log(date(2025, 5, 1), chair, response_due=date(2025, 4, 1))
    assert not Challenge.objects.exists() and not Event.objects.exists()


@pytest.mark.parametrize(
    ("due", "responded", "status", "overdue"),
    [
        (date(2025, 6, 9), None, "awaiting_response", True),  # due yesterday
        (date(2025, 6, 10), None, "awaiting_response", False),  # due today
        (date(2025, 6, 11), None, "open", False),
        (date(2025, 6, 1), date(2025, 6, 5), "responded", False),
        (date(2025, 6, 1), None, "escalated", True),
        (date(2025, 6, 1), None, "closed", False),
        (None, None, "open", False),
    ],
)
def test_overdue_at_the_boundaries(due, responded, status, overdue):
    challenge = ChallengeFactory(response_due=due, responded_on=responded, status=status)
    assert (challenge in Challenge.objects.overdue(date(2025, 6, 10))) is overdue


def test_the_digest_lists_overdue_and_due_within_seven_days():
    late = ChallengeFactory(response_due=date(2025, 6, 9), status="awaiting_response")
    soon = ChallengeFactory(response_due=date(2025, 6, 17), status="awaiting_response")
    ChallengeFactory(response_due=date(2025, 6, 18), status="awaiting_response")  # 8 days away
    found = digest(date(2025, 6, 10))
    assert (found.overdue, found.due_soon) == ([late], [soon])


def test_send_reminders_emails_the_chair_and_manager_once(chair, manager, board_member):
    ChallengeFactory(
        ref="CH-2025-03", subject="Health assessments", response_due=date(2025, 6, 1), status="awaiting_response"
    )
    RecommendationFactory(ref="4", due_date=date(2025, 5, 1))  # an overdue recommendation of a review
    out = StringIO()
    call_command("send_reminders", "--today", "2025-06-10", "--site-url", "https://board.example.org", stdout=out)
    assert "(1 overdue, 0 due soon, 1 recommendation overdue) to " in out.getvalue()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["chair@example.org", "manager@example.org"]
    assert "1 overdue" in message.subject
    assert "CH-2025-03 Health assessments" in message.body
    assert f"https://board.example.org/{default_board().slug}/challenges/CH-2025-03/" in message.body
    assert message.body.startswith(f"{default_board().name}: challenge log, 10/06/2025")


def test_send_reminders_sends_nothing_when_nothing_is_due(chair):
    ChallengeFactory(response_due=date(2025, 9, 1), status="awaiting_response")
    call_command("send_reminders", "--today", "2025-06-10")
    assert mail.outbox == []


# --- challenges whose day is not known --------------------------------------------------------


def undated(year, raised_on=None, ticked=True, **fields):
    challenge = Challenge(
        board=default_board(),
        raised_on=raised_on,
        raised_by="chair",
        agency=AgencyFactory(name="Cafcass Cymru \u2013 Gwasanaeth Cynghori a Chynorthwyo Llys i Blant a Theuluoedd"),
        subject="Évaluation des délais: \u2018looked-after\u2019 children\u2019s initial health assessments " * 3,
        detail="Première ligne.\nSecond line: “what evidence?”",
        **fields,
    )
    return services.challenge_log(challenge=challenge, by=None, undated=ticked, year=year)


def test_an_undated_challenge_is_placed_at_the_start_of_its_reporting_year():
    challenge = undated("2015-16")
    challenge.refresh_from_db()
    assert (challenge.raised_on, challenge.raised_undated) == (date(2015, 4, 1), True)
    assert challenge.ref == "CH-2015-01" and challenge.raised_when == "undated (2015-16)"
    # A year given with no day is read as "not known", ticked or not.
    assert undated("2016/17", ticked=False).raised_when == "undated (2016-17)"


@pytest.mark.parametrize(
    ("year", "raised_on", "ticked", "field", "words"),
    [
        ("", None, True, "raised_year", "Choose the reporting year"),
        (None, None, True, "raised_year", "Choose the reporting year"),
        ("2015-17", None, True, "raised_year", "the second year must follow the first"),
        ("last year", None, True, "raised_year", "is not a reporting year: write it like 2025-26"),
        ("1066-67", None, True, "raised_year", "out of range"),
        ("2015-16", date(2015, 6, 3), True, "raised_on", "clear the date"),
        ("2015-16", date(2015, 6, 3), False, "raised_year", "not both"),
        ("", None, False, "raised_on", "Write the date raised"),
    ],
)
def test_an_undated_challenge_needs_one_good_year_and_no_day(year, raised_on, ticked, field, words):
    with pytest.raises(ValidationError) as refused:
        undated(year, raised_on=raised_on, ticked=ticked)
    assert words in " ".join(refused.value.message_dict[field])
    assert not Challenge.objects.exists()


def test_an_undated_challenge_cannot_be_in_a_year_not_yet_begun():
    coming = ReportingYear.current().next
    with pytest.raises(ValidationError) as refused:
        undated(coming.label)
    assert f"{coming} has not begun" in refused.value.message_dict["raised_year"][0]
    assert undated(ReportingYear.current()).raised_on == ReportingYear.current().start


def test_editing_moves_a_challenge_between_a_day_and_a_year(chair):
    challenge = log(date(2015, 6, 3), chair)
    challenge.raised_on = None
    services.challenge_edit(challenge=challenge, by=chair, version=challenge.version, undated=True, year="2015-16")
    challenge.refresh_from_db()
    assert challenge.raised_when == "undated (2015-16)" and challenge.raised_on == date(2015, 4, 1)
    challenge.raised_on = date(2015, 9, 14)
    services.challenge_edit(challenge=challenge, by=chair, version=challenge.version, undated=False, year="")
    challenge.refresh_from_db()
    assert challenge.raised_when == "14/09/2015" and not challenge.raised_undated
    assert [e.kind for e in challenge.events.all()] == ["logged", "edited", "edited"]


def test_a_caller_that_sets_undated_itself_keeps_it():
    challenge = ChallengeFactory.build(raised_on=date(2016, 2, 1), raised_undated=True, ref="")
    challenge.agency.save()
    challenge.agency_id = challenge.agency.pk
    services.challenge_log(challenge=challenge, by=None)
    assert (challenge.raised_on, challenge.ref) == (date(2015, 4, 1), "CH-2015-01")


def test_the_digest_says_when_each_was_raised_undated_or_on_its_day(chair):
    ChallengeFactory(
        ref="CH-2025-01",
        subject="Return interviews \u2013 Ynys Môn",
        raised_on=date(2025, 4, 1),
        raised_undated=True,
        response_due=date(2025, 6, 1),
        status="awaiting_response",
    )
    ChallengeFactory(ref="CH-2025-02", raised_on=date(2025, 5, 20), response_due=date(2025, 6, 12), status="open")
    call_command("send_reminders", "--today", "2025-06-10")
    body = mail.outbox[0].body
    assert "CH-2025-01 Return interviews \u2013 Ynys Môn" in body
    assert "raised undated (2025-26), due 01/06/2025" in body and "01/04/2025" not in body
    assert "raised 20/05/2025, due 12/06/2025" in body


# --- the digest cannot be written into -----------------------------------------------------------

# Every way a line may be broken, in a subject typed before one-line fields refused them, or
# imported: CR LF, LF, CR, vertical tab, form feed, NEL, and the Unicode line and paragraph separators.
INJECTED = (
    "Health assessments\r\n"
    "- CH-2025-99 Forged entry (Police), raised 01/04/2025, due 01/05/2025\n"
    "  https://evil.example/sign-in\r"
    "Forged CR line\x0bForged VT line\x0cForged FF line\x85Forged NEL line"
    "\u2028Forged LS line\u2029  https://evil.example/second"
)


@pytest.mark.parametrize("site_url", ["https://board.example.org", ""])
def test_a_subject_with_line_breaks_and_a_link_cannot_add_a_line_to_the_digest(chair, manager, board, site_url):
    # The board's name, as a record that came in before one-line names were refused.
    type(board).objects.filter(pk=board.pk).update(
        name="Westshire\nSafeguarding Board\u2028Click https://evil.example/board"
    )
    ChallengeFactory(
        ref="CH-2025-03",
        subject=INJECTED,
        agency=AgencyFactory(name="Constabulary\n  https://evil.example/agency"),
        raised_on=date(2025, 5, 20),
        response_due=date(2025, 6, 1),
        status="awaiting_response",
    )
    ChallengeFactory(ref="CH-2025-04", subject="Neglect\u2029Forged due soon", response_due=date(2025, 6, 12))
    call_command("send_reminders", "--today", "2025-06-10", "--site-url", site_url)
    body = mail.outbox[0].body
    lines = body.splitlines()  # splits on every one of the breaks above, as some mail readers do
    # Each challenge is one line, its subject and agency folded onto it, each break a single space.
    assert (
        "- CH-2025-03 Health assessments - CH-2025-99 Forged entry (Police), raised 01/04/2025, due 01/05/2025 "
        "https://evil.example/sign-in Forged CR line Forged VT line Forged FF line Forged NEL line Forged LS line "
        "https://evil.example/second (Constabulary https://evil.example/agency), raised 20/05/2025, due 01/06/2025"
    ) in lines
    assert "- CH-2025-04 Neglect Forged due soon (" in body
    assert lines[0] == "Westshire Safeguarding Board Click https://evil.example/board: challenge log, 10/06/2025"
    # No line begins with what was written into a value: no forged entry, line or link.
    entries = [line for line in lines if line.startswith("- ")]
    assert [line.split()[1] for line in entries] == ["CH-2025-03", "CH-2025-04"]
    assert not [line for line in lines if line.lstrip().startswith(("Forged", "https://evil", "Click"))]
    links = [line for line in lines if line.lstrip().startswith("http")]
    if site_url:
        assert links == [
            f"  https://board.example.org/{board.slug}/challenges/CH-2025-03/",
            f"  https://board.example.org/{board.slug}/challenges/CH-2025-04/",
        ]
    else:
        assert links == []
    assert body.endswith("\n") and lines == body[:-1].split("\n")  # no break but the template's own
