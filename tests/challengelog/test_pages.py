"""The challenge log's pages: who writes, prefilled logging, steps, the agency's record, query counts."""

import csv
import io
import re
from datetime import date

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from challengelog.forms import undated_year_choices
from challengelog.models import Challenge
from lscb.years import ReportingYear
from tests.factories import AgencyFactory, ChallengeFactory, MeetingFactory, default_board

pytestmark = pytest.mark.django_db


@pytest.fixture
def challenge():
    agency = AgencyFactory(name="Department for Education", sector="other")
    return ChallengeFactory(
        ref="CH-2025-01",
        agency=agency,
        subject="Language schools",
        response_due=date(2025, 7, 1),
        status="awaiting_response",
    )


@pytest.mark.parametrize("role", ["manager", "chair", "board_member", "subgroup_chair"])
def test_every_role_reads_the_log(client_for, request, challenge, role):
    client = client_for(request.getfixturevalue(role))
    for url in [
        reverse("challengelog:challenge-list", args=[default_board().slug]),
        challenge.get_absolute_url(),
        reverse("challengelog:agency-record", args=[challenge.board.slug, challenge.agency_id]),
    ]:
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("role", ["board_member", "subgroup_chair"])
def test_only_the_chair_and_manager_write(client_for, request, challenge, role):
    client = client_for(request.getfixturevalue(role))
    assert client.get(reverse("challengelog:challenge-create", args=[default_board().slug])).status_code == 403
    assert (
        client.post(
            reverse("challengelog:challenge-step", args=[challenge.board.slug, challenge.ref, "close"]), {}
        ).status_code
        == 403
    )
    assert (
        client.get(reverse("challengelog:challenge-edit", args=[challenge.board.slug, challenge.ref])).status_code
        == 403
    )
    assert "Next steps" not in client.get(challenge.get_absolute_url()).content.decode()


def test_logging_a_challenge_from_a_meeting_prefills_it(client_for, chair):
    meeting = MeetingFactory(date=date(2025, 6, 3), status="held")
    page = (
        client_for(chair)
        .get(reverse("challengelog:challenge-create", args=[default_board().slug]), {"meeting": meeting.pk})
        .content.decode()
    )
    assert f'<option value="{meeting.pk}" selected>' in page
    assert 'value="03/06/2025"' in page  # day first, as typed


def test_logging_from_the_attendance_page_prefills_agency_and_subject(client_for, chair):
    agency = AgencyFactory(name="National Commissioning Board")
    page = (
        client_for(chair)
        .get(
            reverse("challengelog:challenge-create", args=[default_board().slug]),
            {"agency": agency.pk, "subject": "Attendance at the Board"},
        )
        .content.decode()
    )
    assert f'<option value="{agency.pk}" selected>' in page and 'value="Attendance at the Board"' in page


def test_a_logged_challenge_gets_its_reference_and_its_page(client_for, chair):
    agency = AgencyFactory()
    response = client_for(chair).post(
        reverse("challengelog:challenge-create", args=[default_board().slug]),
        {
            "raised_on": "2025-06-03",
            "raised_by": "chair",
            "agency": agency.pk,
            "subject": "Health assessments",
            "detail": "Evidence please",
            "response_due": "2025-07-01",
        },
        follow=True,
    )
    assert "Logged CH-2025-01 Health assessments" in response.content.decode()
    assert Challenge.objects.get().events.get().by == chair


def test_closing_without_an_outcome_says_so_and_keeps_the_date(client_for, chair, challenge):
    response = client_for(chair).post(
        reverse("challengelog:challenge-step", args=[challenge.board.slug, challenge.ref, "close"]),
        {"close-version": challenge.version, "close-outcome": "", "close-closed_on": "2025-08-01"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "This field is required" in page and 'value="2025-08-01"' in page
    challenge.refresh_from_db()
    assert challenge.status == "awaiting_response"


def test_a_stale_step_keeps_the_text(client_for, chair, manager, challenge):
    seen = challenge.version
    client_for(manager).post(
        reverse("challengelog:challenge-step", args=[challenge.board.slug, challenge.ref, "escalate"]),
        {"escalate-version": seen, "escalate-escalated_to": "Chief Executive"},
    )
    page = (
        client_for(chair)
        .post(
            reverse("challengelog:challenge-step", args=[challenge.board.slug, challenge.ref, "response"]),
            {
                "response-version": seen,
                "response-response": "My typed summary of their letter",
                "response-responded_on": "2025-07-02",
            },
        )
        .content.decode()
    )
    assert "Someone else changed this challenge" in page and "My typed summary of their letter" in page
    assert "Escalated to Chief Executive" in page  # their change, on the timeline


def test_the_log_filters_marks_overdue_rows_and_exports(client_for, board_member, challenge):
    ChallengeFactory(
        ref="CH-2025-02",
        subject="Answered",
        status="responded",
        responded_on=date(2025, 6, 20),
        response_due=date(2025, 6, 1),
    )
    client = client_for(board_member)
    page = client.get(
        reverse("challengelog:challenge-list", args=[default_board().slug]), {"overdue": "on"}
    ).content.decode()
    assert "Language schools" in page and "Answered" not in page
    assert 'class="table-danger overdue' in page and "Awaiting response (overdue)" in page
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(
                    reverse("challengelog:challenge-list", args=[default_board().slug]),
                    {"_export": "csv", "sort": "ref"},
                ).content.decode()
            )
        )
    )
    assert [row[0] for row in rows] == ["Ref", "CH-2025-01", "CH-2025-02"]
    page = client.get(
        reverse("challengelog:challenge-list", args=[default_board().slug]), {"year": "2024-25"}
    ).content.decode()
    assert "Language schools" not in page


def test_the_agency_record_shows_every_challenge_and_outcome(client_for, board_member, challenge):
    ChallengeFactory(
        ref="CH-2024-03",
        agency=challenge.agency,
        raised_on=date(2024, 9, 1),
        status="closed",
        outcome="Framework amended",
        closed_on=date(2025, 1, 10),
    )
    client = client_for(board_member)
    url = reverse("challengelog:agency-record", args=[challenge.board.slug, challenge.agency_id])
    page = client.get(url, {"year": "all"}).content.decode()
    assert "Every year: 2 challenges" in page and "Framework amended" in page and "Overdue" in page


def test_the_agency_record_opens_on_its_latest_two_years_with_the_others_a_click_away(
    client_for, board_member, challenge
):
    for ref, raised in [
        ("CH-2023-01", date(2023, 5, 2)),
        ("CH-2024-01", date(2024, 3, 31)),
        ("CH-2024-02", date(2024, 4, 1)),
    ]:
        ChallengeFactory(ref=ref, agency=challenge.agency, raised_on=raised, subject=f"Subject {ref}")
    client = client_for(board_member)
    url = reverse("challengelog:agency-record", args=[challenge.board.slug, challenge.agency_id])
    latest = ReportingYear.containing(challenge.raised_on)

    page = client.get(url).content.decode()
    assert f"Raised in {latest.previous} and {latest}:" in page
    assert "Language schools" in page
    # 01/04/2024 is in 2024-25 and 31/03/2024 in 2023-24: reporting years, not calendar years.
    assert latest.label == "2025-26" and "Subject CH-2024-02" in page
    assert "Subject CH-2024-01" not in page and "Subject CH-2023-01" not in page
    assert "of 4 in all years" in page
    assert '?year=2023-24">2023-24 (2)' in page and '?year=all"' in page

    page = client.get(url, {"year": "2023-24"}).content.decode()
    assert "Raised in 2023-24: 2 challenges" in page
    assert "Subject CH-2024-01" in page and "Subject CH-2023-01" in page and "Language schools" not in page

    # A year that is not a year falls back to the latest two, without an error.
    assert client.get(url, {"year": "next week"}).status_code == 200


def test_log_and_agency_pages_cost_a_fixed_number_of_queries(
    client_for, chair, challenge, django_assert_max_num_queries
):
    client = client_for(chair)
    urls = [
        reverse("challengelog:challenge-list", args=[default_board().slug]),
        reverse("challengelog:agency-record", args=[challenge.board.slug, challenge.agency_id]),
    ]
    counts = []
    for url in urls:
        # 5 of them on every signed-in request of a board's page: the session, the user, their
        # two-factor device, their roles and permissions, and the instance's boards.
        with django_assert_max_num_queries(11) as captured:
            client.get(url)
        counts.append(len(captured.captured_queries))
    for n in range(20):
        ChallengeFactory(
            ref=f"CH-2025-{n + 10}",
            agency=challenge.agency if n % 2 else AgencyFactory(),
            raised_undated=n % 3 == 0,  # read as "undated (2025-26)": no query more
            raised_on=date(2025, 4, 1) if n % 3 == 0 else date(2025, 6, 1),
        )
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            client.get(url)


# --- challenges whose day is not known --------------------------------------------------------

LONG_SUBJECT = (
    "Évaluation des délais \u2013 \u2018looked-after\u2019 children\u2019s initial health assessments in Ynys Môn " * 2
)


@pytest.fixture
def undated(challenge):
    """An undated challenge of 2015-16 to the same agency, between two dated ones of that year."""
    ChallengeFactory(ref="CH-2015-02", agency=challenge.agency, raised_on=date(2015, 5, 12), subject="Dated in May")
    ChallengeFactory(ref="CH-2014-09", agency=challenge.agency, raised_on=date(2016, 3, 1), subject="Dated in March")
    return ChallengeFactory(
        ref="CH-2015-01",
        agency=challenge.agency,
        raised_on=date(2015, 4, 1),
        raised_undated=True,
        subject=LONG_SUBJECT,
        detail="Première ligne.\nSecond line: “what evidence?”",
        response_due=date(2015, 6, 30),
        status="awaiting_response",
    )


def form_data(agency, **values):
    return {
        "raised_on": "",
        "raised_by": "chair",
        "agency": agency.pk,
        "subject": LONG_SUBJECT,
        "detail": "Première ligne.\nSecond line.",
        **values,
    }


def test_logging_a_challenge_whose_date_is_not_known(client_for, chair, django_assert_max_num_queries):
    agency = AgencyFactory(name="Cyngor Sir Ynys Môn \u2013 Children\u2019s Services")
    client = client_for(chair)
    page = client.get(reverse("challengelog:challenge-create", args=[default_board().slug])).content.decode()
    current = ReportingYear.current()
    assert "Date not known" in page and f'<option value="{current}">{current}</option>' in page
    oldest = ReportingYear(current.first - 20)
    assert f'<option value="{oldest}">' in page and f'<option value="{oldest.previous}">' not in page
    response = client.post(
        reverse("challengelog:challenge-create", args=[default_board().slug]),
        form_data(agency, raised_undated="on", raised_year=str(ReportingYear.current().previous)),
        follow=True,
    )
    page = response.content.decode()
    year = ReportingYear.current().previous
    assert f"undated ({year})" in page and year.start.strftime("%d/%m/%Y") not in page
    challenge = Challenge.objects.get()
    assert (challenge.ref, challenge.raised_on, challenge.raised_undated) == (f"CH-{year.first}-01", year.start, True)
    with django_assert_max_num_queries(12):
        assert client.get(challenge.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"raised_undated": "on"}, "Choose the reporting year the challenge was raised in."),
        ({"raised_undated": "on", "raised_year": "2099-00"}, "Choose a reporting year from the list."),
        ({"raised_undated": "on", "raised_year": "2024-25", "raised_on": "2024-06-03"}, "clear the date"),
        ({"raised_year": "2024-25", "raised_on": "2024-06-03"}, "not both"),
        ({}, "Write the date raised or, when it is not known"),
    ],
)
def test_the_date_or_its_year_says_what_to_fix_and_keeps_what_was_typed(client_for, chair, values, message):
    response = client_for(chair).post(
        reverse("challengelog:challenge-create", args=[default_board().slug]), form_data(AgencyFactory(), **values)
    )
    page = response.content.decode()
    assert response.status_code == 200 and message in page.replace("&quot;", '"')
    assert "Évaluation des délais" in page and not Challenge.objects.exists()
    if values.get("raised_on"):
        assert f'value="{values["raised_on"]}"' in page


def test_the_day_the_form_offered_gives_way_to_the_tick(client_for, chair):
    offered = timezone.localdate().isoformat()  # the box starts with today's date
    year = ReportingYear.current().previous
    data = form_data(AgencyFactory(), raised_on=offered, raised_undated="on", raised_year=year.label)
    response = client_for(chair).post(reverse("challengelog:challenge-create", args=[default_board().slug]), data)
    assert response.status_code == 302
    assert Challenge.objects.get().raised_when == f"undated ({year})"


def test_editing_an_undated_challenge_shows_its_year_not_a_day(client_for, chair, undated):
    client = client_for(chair)
    url = reverse("challengelog:challenge-edit", args=[undated.board.slug, undated.ref])
    page = client.get(url).content.decode()
    # The box is empty: 1 April is where it is kept, not a day anybody wrote.
    assert re.search(r'<input type="text" name="raised_on" [^>]*placeholder="dd/mm/yyyy"', page)
    assert 'name="raised_on" value=' not in page
    assert 'id="id_raised_undated" checked>' in page and '<option value="2015-16" selected>2015-16</option>' in page
    # A challenge older than the list keeps its year on the list.
    assert ("1999-00", "1999-00") in undated_year_choices(ReportingYear(1999))
    assert ("1999-00", "1999-00") not in undated_year_choices()
    data = form_data(undated.agency, raised_undated="on", raised_year="2015-16", version=undated.version)
    response = client.post(url, {**data, "subject": "Retitled"}, follow=True)
    assert "undated (2015-16)" in response.content.decode()
    undated.refresh_from_db()
    assert (undated.subject, undated.raised_on, undated.raised_undated) == ("Retitled", date(2015, 4, 1), True)
    dated = {**data, "raised_undated": "", "raised_year": "", "raised_on": "2015-08-20", "version": undated.version}
    response = client.post(url, dated)
    undated.refresh_from_db()
    assert response.status_code == 302 and undated.raised_when == "20/08/2015"


def test_an_undated_challenge_reads_as_undated_on_its_page_the_log_and_the_agency_record(
    client_for, board_member, undated
):
    ChallengeFactory(ref="CH-2015-03", agency=undated.agency, raised_on=date(2015, 4, 1), subject="Dated 1 April")
    client = client_for(board_member)
    detail = client.get(undated.get_absolute_url()).content.decode()
    assert '<dd class="col-sm-9">undated (2015-16) by the chair' in detail and "01/04/2015" not in detail
    assert "Second line: “what evidence?”" in detail

    log = client.get(
        reverse("challengelog:challenge-list", args=[default_board().slug]), {"sort": "raised_on"}
    ).content.decode()
    assert "undated (2015-16)" in log and log.count("01/04/2015") == 1  # the one dated 1 April
    # Oldest first: the undated one opens its year, before May's; March 2016 closes it.
    order = [log.index(text) for text in ["undated (2015-16)", "Dated 1 April", "Dated in May", "Dated in March"]]
    assert order == sorted(order) and order[-1] < log.index("Language schools")
    newest_first = client.get(reverse("challengelog:challenge-list", args=[default_board().slug])).content.decode()
    assert newest_first.index("Dated 1 April") < newest_first.index("undated (2015-16)")
    in_year = client.get(
        reverse("challengelog:challenge-list", args=[default_board().slug]), {"year": "2015-16"}
    ).content.decode()
    assert "undated (2015-16)" in in_year and "Language schools" not in in_year
    before = client.get(
        reverse("challengelog:challenge-list", args=[default_board().slug]), {"year": "2014-15"}
    ).content.decode()
    assert "undated (2015-16)" not in before

    record = client.get(
        reverse("challengelog:agency-record", args=[undated.board.slug, undated.agency_id]), {"year": "2015-16"}
    ).content.decode()
    assert "Raised undated (2015-16) by the chair" in record and record.count("01/04/2015") == 1
    assert "Raised in 2015-16: 4 challenges" in record
    assert record.index("Dated 1 April") < record.index("Raised undated (2015-16)")  # newest first


def test_the_log_exports_the_year_of_an_undated_challenge_and_no_day(client_for, board_member, undated):
    client = client_for(board_member)
    query = {"sort": "raised_on", "year": "2015-16"}
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get(
                    reverse("challengelog:challenge-list", args=[default_board().slug]), {**query, "_export": "csv"}
                ).content.decode()
            )
        )
    )
    assert [(row["Ref"], row["Raised on"], row["Reporting year raised"]) for row in rows] == [
        ("CH-2015-01", "", "2015-16"),
        ("CH-2015-02", "2015-05-12", "2015-16"),
        ("CH-2014-09", "2016-03-01", "2015-16"),
    ]
    assert rows[0]["Subject"] == LONG_SUBJECT
    response = client.get(
        reverse("challengelog:challenge-list", args=[default_board().slug]), {**query, "_export": "xlsx"}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    headings = [cell.value for cell in sheet[1]]
    first = dict(zip(headings, [cell.value for cell in sheet[2]], strict=True))
    assert (first["Ref"], first["Raised on"], first["Reporting year raised"]) == ("CH-2015-01", None, "2015-16")


def test_the_history_shows_a_move_to_undated_as_the_pages_do(client_for, chair, django_assert_max_num_queries):
    agency = AgencyFactory()
    client = client_for(chair)
    client.post(
        reverse("challengelog:challenge-create", args=[default_board().slug]), form_data(agency, raised_on="2015-06-03")
    )
    challenge = Challenge.objects.get()
    data = form_data(agency, raised_undated="on", raised_year="2015-16", version=challenge.version)
    client.post(reverse("challengelog:challenge-edit", args=[challenge.board.slug, challenge.ref]), data)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("history", args=["challengelog", "challenge", challenge.pk])).content.decode()
    assert "<strong>Raised on</strong>: 03/06/2015 → undated (2015-16)" in page
    assert "01/04/2015" not in page and "April 2015" not in page
