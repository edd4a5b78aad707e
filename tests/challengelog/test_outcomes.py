"""A challenge's outcome in kind: the category on closing, a follow-up date, and when and to whom it
was sent; the log's filter and export, the agency record and the year-end report count them."""

import csv
import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from challengelog import services
from challengelog.models import Challenge, OutcomeKind
from lscb.workbook import export_workbook, import_workbook
from lscb.years import ReportingYear
from tests.challengelog import test_workbook as challenges_sheet
from tests.factories import AgencyFactory, ChallengeFactory, PersonFactory, default_board
from tests.workbook.helpers import where
from yearend.report import Report
from yearend.summary import challenges_section

pytestmark = pytest.mark.django_db

# The challenges sheet's workbook and its CSV writer, shared with its own tests.
workbook, as_csv = challenges_sheet.workbook, challenges_sheet.as_csv


def log(raised_on=date(2025, 5, 1), by=None):
    challenge = Challenge(
        board=default_board(), raised_on=raised_on, raised_by="chair", agency=AgencyFactory(), subject="Health checks"
    )
    return services.challenge_log(challenge=challenge, by=by)


def close(challenge, by, **fields):
    values = {"outcome": "Compliance rose to 95%", "outcome_kind": "resolved", "closed_on": date(2025, 9, 1)}
    return services.challenge_close(challenge=challenge, by=by, **{**values, **fields})


def test_closing_needs_the_outcome_category_and_keeps_the_follow_up(chair):
    challenge = log(by=chair)
    with pytest.raises(ValidationError) as refused:
        close(challenge, chair, outcome_kind="")
    assert "outcome_kind" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        close(challenge, chair, follow_up_on=date(2025, 4, 30))
    assert "follow_up_on" in refused.value.error_dict  # not before the day it was raised
    challenge = close(challenge, chair, outcome_kind="partly_resolved", follow_up_on=date(2026, 1, 15))
    assert (challenge.status, challenge.outcome_kind, challenge.follow_up_on) == (
        "closed",
        "partly_resolved",
        date(2026, 1, 15),
    )
    assert challenge.outcome_kind_label == "Partly resolved"
    event = challenge.events.get(kind="closed")
    assert event.text == "Partly resolved. Compliance rose to 95%\nFollow up on 15/01/2026."


def test_reopening_clears_the_category_and_the_history_keeps_it(chair):
    challenge = close(log(by=chair), chair, outcome_kind="withdrawn")
    challenge = services.challenge_reopen(challenge=challenge, reason="Raised again", by=chair)
    assert challenge.outcome_kind == "" and challenge.outcome_kind_label == ""
    assert challenge.history.filter(outcome_kind="withdrawn").exists()


def test_a_challenge_closed_before_categories_were_kept_is_not_recorded():
    old = ChallengeFactory(status="closed", outcome="Done", closed_on=date(2025, 7, 1))
    assert (old.outcome_kind, old.outcome_kind_label) == ("", "Not recorded")
    assert ChallengeFactory(status="open").outcome_kind_label == ""


def test_marking_as_sent_records_when_and_to_whom_on_the_timeline(chair):
    person = PersonFactory(name="Dana Reeve")
    challenge = services.challenge_mark_sent(
        challenge=log(by=chair), by=chair, sent_on=date(2025, 5, 3), sent_to_person=person, note="By letter"
    )
    assert (challenge.sent_on, challenge.sent_to_person, challenge.sent_to) == (date(2025, 5, 3), person, "Dana Reeve")
    assert challenge.events.get(kind="sent").text == "Sent on 03/05/2025 to Dana Reeve. By letter"
    other = services.challenge_mark_sent(
        challenge=log(by=chair), by=chair, sent_on=date(2025, 5, 4), sent_to="Director of Children's Services"
    )
    assert other.sent_to_person is None and other.sent_to == "Director of Children's Services"
    for wrong in ({"sent_on": date(2025, 4, 30)}, {"sent_to_person": person, "sent_to": "Someone else"}):
        with pytest.raises(ValidationError):
            services.challenge_mark_sent(challenge=log(by=chair), by=chair, **{"sent_on": date(2025, 5, 3), **wrong})


def step_url(challenge, step):
    return reverse("challengelog:challenge-step", args=[challenge.board.slug, challenge.ref, step])


def test_the_close_form_asks_for_the_category_and_the_page_shows_it(client_for, chair):
    challenge = log(by=chair)
    client = client_for(chair)
    data = {"close-version": challenge.version, "close-outcome": "Audit done", "close-closed_on": "2025-08-01"}
    response = client.post(step_url(challenge, "close"), data)
    assert response.status_code == 400
    assert "Choose the outcome: resolved, partly resolved" in response.content.decode()
    response = client.post(
        step_url(challenge, "close"),
        {**data, "close-outcome_kind": "not_resolved", "close-follow_up_on": "2026-02-01"},
        follow=True,
    )
    page = response.content.decode()
    assert "Outcome category" in page and "Not resolved" in page and "01/02/2026" in page


def test_the_sent_form_records_the_recipient(client_for, chair):
    challenge = log(by=chair)
    response = client_for(chair).post(
        step_url(challenge, "sent"),
        {"sent-version": challenge.version, "sent-sent_on": "2025-05-02", "sent-sent_to": "Chief Executive"},
        follow=True,
    )
    assert "Sent on 02/05/2025 to Chief Executive." in response.content.decode()
    challenge.refresh_from_db()
    assert (challenge.status, challenge.sent_to) == ("awaiting_response", "Chief Executive")


@pytest.fixture
def three():
    agency = AgencyFactory(name="Health Commissioners")
    closed = {"status": "closed", "outcome": "Done", "closed_on": date(2025, 9, 1), "agency": agency}
    return [
        ChallengeFactory(ref="CH-2025-01", subject="Resolved one", outcome_kind="resolved", **closed),
        ChallengeFactory(ref="CH-2025-02", subject="Old one", **closed),
        ChallengeFactory(ref="CH-2025-03", subject="Still open", agency=agency),
    ]


def test_the_log_filters_and_exports_by_outcome(client_for, board_member, three):
    client = client_for(board_member)
    url = reverse("challengelog:challenge-list", args=[default_board().slug])
    page = client.get(url, {"outcome_kind": "resolved"}).content.decode()
    assert "Resolved one" in page and "Old one" not in page and "Still open" not in page
    page = client.get(url, {"outcome_kind": "not_recorded"}).content.decode()
    assert "Old one" in page and "Resolved one" not in page and "Still open" not in page
    rows = list(csv.reader(io.StringIO(client.get(url, {"_export": "csv", "sort": "ref"}).content.decode())))
    column = rows[0].index("Outcome category")
    assert [row[column] for row in rows[1:]] == ["Resolved", "Not recorded", ""]
    assert {"Follow up on", "Sent on", "Sent to"} <= set(rows[0])


def test_the_agency_record_shows_the_category(client_for, board_member, three):
    url = reverse("challengelog:agency-record", args=[default_board().slug, three[0].agency_id])
    page = client_for(board_member).get(url, {"year": "all"}).content.decode()
    assert '<span class="outcome-kind">Resolved</span>: Done' in page
    assert '<span class="outcome-kind">Not recorded</span>: Done' in page


def test_the_year_end_report_counts_outcomes_by_category(three):
    year = ReportingYear(2025)
    summary = challenges_section(year, default_board())["challenges"]
    assert summary["outcomes"] == {
        "resolved": 1,
        "partly_resolved": 0,
        "not_resolved": 0,
        "withdrawn": 0,
        "not_recorded": 1,
    }
    assert {"total", "by_status", "raised_in_year", "closed_in_year", "open_at_year_end", "items"} <= set(summary)
    report = Report(year=year, board=default_board(), generated_on=date(2026, 4, 2), narrative={})
    report.challenges = three
    assert report.challenge_outcomes == [
        *[(kind.label, int(kind == OutcomeKind.RESOLVED)) for kind in OutcomeKind],
        ("Not recorded", 1),
    ]


# --- the workbook -------------------------------------------------------------------------------


def with_outcome_columns(book: dict, **cells: dict[int, str]) -> dict:
    """Add the optional columns to the challenges sheet: cells={column: {row number: value}}."""
    rows = book["challenges"]
    for column in ("outcome_kind", "follow_up_on", "sent_on", "sent_to"):
        rows[0].append(column)
        for number, row in enumerate(rows[1:], start=2):
            row.append(cells.get(column, {}).get(number, ""))
    return book


def test_the_workbook_carries_the_outcome_category_follow_up_and_sending(workbook, as_csv, manager, tmp_path):
    book = with_outcome_columns(
        workbook,
        outcome_kind={2: "Partly resolved"},
        follow_up_on={2: "2016-06-01"},
        sent_on={3: "2015-07-02"},
        sent_to={3: "Director of Children's Services"},
    )
    result = import_workbook(as_csv(book), by=manager)
    assert result.ok, result.problems
    closed, sent = Challenge.objects.get(ref="CH-2015-01"), Challenge.objects.get(ref="CH-2015-02")
    assert (closed.outcome_kind, closed.follow_up_on) == ("partly_resolved", date(2016, 6, 1))
    assert (sent.sent_on, sent.sent_to) == (date(2015, 7, 2), "Director of Children's Services")
    export_workbook(tmp_path / "out")
    with (tmp_path / "out" / "challenges.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    by_ref = {row["ref"]: row for row in rows}
    assert (by_ref["CH-2015-01"]["outcome_kind"], by_ref["CH-2015-01"]["follow_up_on"]) == (
        "partly_resolved",
        "2016-06-01",
    )
    assert by_ref["CH-2015-02"]["sent_to"] == "Director of Children's Services"


def test_the_workbook_refuses_a_category_on_an_open_challenge_and_a_follow_up_before_raising(workbook, as_csv, manager):
    book = with_outcome_columns(workbook, outcome_kind={3: "resolved"}, follow_up_on={2: "2015-01-01"})
    result = import_workbook(as_csv(book), by=manager)
    assert where(result) == [("challenges", 2, "follow_up_on"), ("challenges", 3, "outcome_kind")]
