"""The training pages: the events with the year's summary, an event's page, adding and editing an
event, its attendance by agency, and the year's attendance by agency."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.factories import (
    AgencyFactory,
    BoardFactory,
    TrainingAttendanceFactory,
    TrainingEventFactory,
)
from tests.governance import board_url
from training.models import TrainingAttendance, TrainingEvent

pytestmark = pytest.mark.django_db

NOTES = (
    "Facilitée par l\u2019équipe «Signs of Safety» — Zoë and Łukasz led it.\n\n"
    "Second paragraph: <b>not bold</b> & the \u201cgraded care profile\u201d.\n" * 20
)


def csv_rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def event_data(**changes) -> dict:
    data = {
        "title": "Neglect: the graded care profile",
        "date": "2025-06-10",
        "kind": "course",
        "topic": "Neglect",
        "places": "30",
        "booked": "28",
        "attended": "25",
        "evaluations": "20",
        "rated_good": "18",
        "notes": "",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


# --- reading ----------------------------------------------------------------------------------


def test_everyone_with_a_role_reads_the_events_and_only_the_manager_changes_them(
    client_for, manager, board_member, board
):
    event = TrainingEventFactory(title="Neglect: the graded care profile", date=date(2025, 6, 10))
    member = client_for(board_member)
    page = member.get(board_url("training:event-list")).content.decode()
    assert "Neglect: the graded care profile" in page and "Add an event" not in page
    page = member.get(board_url("training:event-detail", event.pk)).content.decode()
    assert "Edit the event" not in page
    assert member.get(board_url("training:event-create")).status_code == 403
    assert member.get(board_url("training:event-edit", event.pk)).status_code == 403
    assert member.get(board_url("training:event-attendance", event.pk)).status_code == 403
    assert member.post(board_url("training:event-delete", event.pk)).status_code == 403
    manager_client = client_for(manager)
    page = manager_client.get(board_url("training:event-list")).content.decode()
    assert "Add an event" in page
    page = manager_client.get(board_url("training:event-detail", event.pk)).content.decode()
    assert "Edit the event" in page


def test_another_boards_event_is_not_found_under_this_boards_address(client_for, manager, board):
    other = BoardFactory(name="Northmoor Safeguarding Adults Board", slug="nsab", kind="adults")
    event = TrainingEventFactory(board=other, title="Mental capacity")
    client = client_for(manager)
    for name in ("training:event-detail", "training:event-edit", "training:event-attendance", "training:event-delete"):
        assert client.get(board_url(name, event.pk)).status_code == 404, name
    assert client.post(board_url("training:event-delete", event.pk)).status_code == 404
    assert client.get(board_url("training:event-detail", event.pk, board=other)).status_code == 200
    assert "Mental capacity" not in client.get(board_url("training:event-list")).content.decode()
    assert TrainingEvent.objects.filter(pk=event.pk).exists()


def test_the_list_filters_searches_sorts_and_exports(client_for, board_member, board):
    TrainingEventFactory(title="Neglect course", topic="Neglect", date=date(2025, 6, 1), kind="course")
    TrainingEventFactory(title="Exploitation workshop", topic="Exploitation", date=date(2024, 9, 1), kind="workshop")
    TrainingEventFactory(title="Briefing on the new procedures", date=date(2025, 7, 1), kind="briefing", cancelled=True)
    client = client_for(board_member)
    url = board_url("training:event-list")
    titles = ("Neglect course", "Exploitation workshop", "Briefing on the new procedures")

    def shown(query):
        page = client.get(url + query).content.decode()
        return [title for title in titles if title in page]

    assert shown("?year=2025-26") == ["Neglect course", "Briefing on the new procedures"]
    assert shown("?kind=workshop") == ["Exploitation workshop"]
    assert shown("?cancelled=yes") == ["Briefing on the new procedures"]
    assert shown("?cancelled=no&year=2025-26") == ["Neglect course"]
    assert shown("?q=EXPLOIT") == ["Exploitation workshop"]
    assert shown("?q=neglect") == ["Neglect course"]
    assert client.get(url + "?sort=title").status_code == 200
    for junk in ("?year=nonsense", "?year=2025-27&kind=x", "?sort=%00&cancelled=perhaps", "?page=-3"):
        assert client.get(url + junk).status_code == 200, junk
    response = client.get(url + "?_export=csv&year=2025-26")
    assert response["Content-Disposition"].endswith('nscp-training.csv"')
    rows = csv_rows(response)
    assert len(rows) == 3 and "Attendance rate" in rows[0]
    assert client.get(url + "?_export=xlsx").status_code == 200


def test_the_summary_gives_the_years_totals_and_rates_beside_the_year_before(client_for, board_member, board):
    TrainingEventFactory(date=date(2025, 5, 1), places=20, booked=20, attended=15, evaluations=10, rated_good=9)
    TrainingEventFactory(date=date(2025, 9, 1), places=20, booked=20, attended=17, evaluations=10, rated_good=8)
    TrainingEventFactory(date=date(2025, 10, 1), places=20, booked=12, cancelled=True)
    TrainingEventFactory(date=date(2024, 5, 1), places=30, booked=25, attended=20)
    page = client_for(board_member).get(board_url("training:event-list") + "?year=2025-26").content.decode()
    summary = page.split('class="table table-sm w-auto training-summary"')[1].split("</table>")[0]
    cells = [cell.split("<")[0] for cell in summary.split('<td class="text-end">')[1:]]
    labels = [label.split("</th>")[0] for label in summary.split('class="fw-normal">')[1:]]
    rows = {label: index for index, label in enumerate(labels)}
    assert rows["Events"] == 0
    # Each row: this year, last year (the change is in its own cell).
    figures = [cells[index * 2 : index * 2 + 2] for index in range(12)]
    assert figures[rows["Events"]] == ["3", "1"]
    assert figures[rows["Cancelled"]] == ["1", "0"]
    assert figures[rows["Booked"]] == ["40", "25"]
    assert figures[rows["Attended"]] == ["32", "20"]
    assert figures[rows["Attendance rate"]] == ["80%", "80%"]
    assert figures[rows["Evaluation rate"]] == ["62.5%", "0%"]
    assert figures[rows["Share rated good or better"]] == ["85%", "—"]
    assert "+15" in summary  # booked: 40 against 25


def test_the_event_page_gives_its_rates_its_agencies_and_notes(client_for, board_member, board):
    event = TrainingEventFactory(
        title="Domestic abuse and the MARAC",
        places=40,
        booked=30,
        attended=24,
        evaluations=20,
        rated_good=15,
        notes=NOTES,
    )
    police = AgencyFactory(name="Northmoor Constabulary")
    TrainingAttendanceFactory(event=event, agency=police, booked=10, attended=9)
    TrainingAttendanceFactory(event=event, agency=AgencyFactory(name="Cafcass"), booked=3, attended=0)
    page = client_for(board_member).get(board_url("training:event-detail", event.pk)).content.decode()
    assert "75%" in page  # places filled: 30 of 40
    assert "80%" in page  # attendance: 24 of 30
    assert "83.3%" in page  # evaluations: 20 of 24
    assert "Northmoor Constabulary" in page and "90%" in page
    assert 'class="table-warning missed"' in page and "Booked, nobody came" in page
    assert "1 agency booked and did not come: Cafcass." in page
    assert "Facilitée par l\u2019équipe «Signs of Safety»" in page
    history = client_for(board_member).get(f"/history/training/trainingevent/{event.pk}/?board={board.slug}")
    assert history.status_code == 200
    assert "&lt;b&gt;not bold&lt;/b&gt;" in page and "<b>not bold</b>" not in page
    assert page.count("<p>") >= 20  # its paragraphs kept


def test_the_event_page_warns_of_walk_ins_and_agencies_over_the_total(client_for, board_member, board):
    event = TrainingEventFactory(places=10, booked=12, attended=14)
    TrainingAttendanceFactory(event=event, booked=20, attended=14)
    page = client_for(board_member).get(board_url("training:event-detail", event.pk)).content.decode()
    assert "More people attended (14) than booked (12): 2 walk-ins" in page
    assert "More places were booked (12) than offered (10)" in page
    assert "add up to 20 booked, more than the event&#x27;s 12" in page


# --- adding and editing an event ---------------------------------------------------------------


def test_the_manager_adds_an_event_with_long_accented_notes(client_for, manager, board):
    response = client_for(manager).post(board_url("training:event-create"), event_data(notes=NOTES, cancelled=""))
    event = TrainingEvent.objects.get()
    assert response.status_code == 302 and response["Location"] == board_url("training:event-detail", event.pk)
    assert (event.board, event.booked, event.attended, event.rated_good) == (board, 28, 25, 18)
    assert event.notes == NOTES.strip()  # every line kept, only the last line break trimmed
    assert event.history.first().history_user.username == "manager"


def test_more_rated_good_than_evaluations_is_refused_with_what_was_typed_kept(client_for, manager, board):
    response = client_for(manager).post(
        board_url("training:event-create"), event_data(evaluations="10", rated_good="12", notes=NOTES)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "More evaluations rated it good than were returned." in page
    assert 'value="Neglect: the graded care profile"' in page and "Zoë and Łukasz" in page
    assert not TrainingEvent.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"cancelled": "on"}, "A cancelled event had nobody attending"),
        ({"evaluations": "30", "rated_good": "10"}, "More evaluations were returned (30) than people attended (25)."),
        ({"booked": "-1"}, "A number cannot be negative."),
        ({"attended": "many"}, "Enter a whole number."),
        ({"places": "1000000"}, "At most 100,000."),
        ({"title": "Two\nlines"}, "one line"),
        ({"title": ""}, "This field is required."),
        ({"date": "31/02/2025"}, "Enter the date day first, as 27/11/2026."),
        ({"kind": "lecture"}, "Select a valid choice."),
    ],
)
def test_figures_that_make_no_sense_are_refused(client_for, manager, board, changes, message):
    response = client_for(manager).post(board_url("training:event-create"), event_data(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not TrainingEvent.objects.exists()


def test_attendance_of_an_event_still_to_come_is_refused(client_for, manager, board):
    later = (timezone.localdate() + timedelta(days=20)).isoformat()
    response = client_for(manager).post(board_url("training:event-create"), event_data(date=later))
    assert "The event is still to come" in response.content.decode()
    response = client_for(manager).post(
        board_url("training:event-create"), event_data(date=later, attended="", evaluations="", rated_good="")
    )
    assert response.status_code == 302


def test_walk_ins_are_kept_with_a_warning(client_for, manager, board):
    client = client_for(manager)
    response = client.post(board_url("training:event-create"), event_data(booked="20", attended="23"), follow=True)
    assert TrainingEvent.objects.get().attended == 23
    assert "More people attended (23) than booked (20): 3 walk-ins" in response.content.decode()


def test_an_edit_over_someone_elses_is_refused_and_keeps_the_typing(client_for, manager, board):
    event = TrainingEventFactory(title="Neglect: the graded care profile", date=date(2025, 6, 10), booked=28)
    client = client_for(manager)
    url = board_url("training:event-edit", event.pk)
    assert 'name="version" value="1"' in client.get(url).content.decode()
    event.booked = 29
    event.version = 2
    event.save()
    response = client.post(url, event_data(version="1", topic="Neglect and the toxic trio"))
    page = response.content.decode()
    assert "Someone else saved this training event" in page and "Neglect and the toxic trio" in page
    assert 'name="version" value="2"' in page
    response = client.post(url, event_data(version="2", topic="Neglect and the toxic trio"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.topic, event.version) == ("Neglect and the toxic trio", 3)


def test_the_manager_deletes_an_event_and_its_lines(client_for, manager, board):
    event = TrainingEventFactory()
    TrainingAttendanceFactory(event=event, booked=2, attended=2)
    client = client_for(manager)
    assert "Delete the event" in client.get(board_url("training:event-delete", event.pk)).content.decode()
    response = client.post(board_url("training:event-delete", event.pk))
    assert response.status_code == 302 and response["Location"] == board_url("training:event-list")
    assert not TrainingEvent.objects.exists() and not TrainingAttendance.objects.exists()


# --- attendance by agency of an event -----------------------------------------------------------


def rows_data(rows: list[tuple], **extra) -> dict:
    data = {"rows-TOTAL_FORMS": str(len(rows)), "rows-INITIAL_FORMS": "0", **extra}
    for number, (agency, booked, attended) in enumerate(rows):
        data[f"rows-{number}-agency"] = str(agency.pk) if hasattr(agency, "pk") else agency
        data[f"rows-{number}-booked"] = booked
        data[f"rows-{number}-attended"] = attended
    return data


def seen_of(client, event) -> str:
    page = client.get(board_url("training:event-attendance", event.pk)).content.decode()
    return page.split('name="seen" value="')[1].split('"')[0]


def test_the_manager_saves_an_events_lines_all_together(client_for, manager, board):
    event = TrainingEventFactory(booked=20, attended=18)
    police, council, cafcass = (AgencyFactory(name=name) for name in ("Police", "Council", "Cafcass"))
    TrainingAttendanceFactory(event=event, agency=cafcass, booked=2, attended=2)
    client = client_for(manager)
    url = board_url("training:event-attendance", event.pk)
    page = client.get(url).content.decode()
    assert page.count("<select") == 4  # Cafcass's line and three blank rows
    data = rows_data([(police, "10", "9"), (council, "5", "0"), ("", "", "")], seen=seen_of(client, event))
    response = client.post(url, data)
    assert response.status_code == 302
    lines = {line.agency.name: (line.booked, line.attended) for line in event.attendance.select_related("agency")}
    assert lines == {"Police": (10, 9), "Council": (5, 0)}  # Cafcass, no longer listed, is removed
    assert event.attendance.first().history.first().history_user == manager


def test_two_rows_for_one_agency_save_nothing_and_keep_the_typing(client_for, manager, board):
    event = TrainingEventFactory()
    police = AgencyFactory(name="Police")
    client = client_for(manager)
    url = board_url("training:event-attendance", event.pk)
    response = client.post(url, rows_data([(police, "10", "9"), (police, "4", "3")], seen=seen_of(client, event)))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Rows 1 and 2 are both for Police: one line per agency" in page
    assert 'value="10"' in page and 'value="4"' in page
    assert not TrainingAttendance.objects.exists()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (("", "3", "2"), "Choose the agency these figures are for."),
        (("999999", "3", "2"), "Choose an agency from the list."),
        ((None, "-2", ""), "A number of people cannot be negative."),
        ((None, "lots", ""), "Enter a whole number of people."),
    ],
)
def test_a_bad_row_saves_nothing(client_for, manager, board, row, message):
    event = TrainingEventFactory()
    police, council = AgencyFactory(name="Police"), AgencyFactory(name="Council")
    row = (police if row[0] is None else row[0], row[1], row[2])
    client = client_for(manager)
    data = rows_data([(council, "5", "5"), row], seen=seen_of(client, event))
    response = client.post(board_url("training:event-attendance", event.pk), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not TrainingAttendance.objects.exists()


def test_attendance_at_a_cancelled_event_is_refused(client_for, manager, board):
    event = TrainingEventFactory(cancelled=True, title="Cancelled course")
    police = AgencyFactory(name="Police")
    client = client_for(manager)
    data = rows_data([(police, "5", "3")], seen=seen_of(client, event))
    response = client.post(board_url("training:event-attendance", event.pk), data)
    assert "Cancelled course was cancelled: nobody from Police attended it" in response.content.decode()
    data = rows_data([(police, "5", "")], seen=seen_of(client, event))
    assert client.post(board_url("training:event-attendance", event.pk), data).status_code == 302


def test_more_rows_keep_what_was_typed(client_for, manager, board):
    event = TrainingEventFactory()
    police = AgencyFactory(name="Police")
    client = client_for(manager)
    data = rows_data([(police, "7", "6"), ("", "", "")], seen=seen_of(client, event), more="1")
    page = client.post(board_url("training:event-attendance", event.pk), data).content.decode()
    assert page.count("<select") == 5
    assert f'<option value="{police.pk}" selected>' in page and 'value="7"' in page
    assert not TrainingAttendance.objects.exists()


def test_a_save_over_someone_elses_lines_is_refused(client_for, manager, board):
    event = TrainingEventFactory()
    police = AgencyFactory(name="Police")
    client = client_for(manager)
    seen = seen_of(client, event)
    TrainingAttendanceFactory(event=event, agency=AgencyFactory(name="Council"), booked=3, attended=3)
    url = board_url("training:event-attendance", event.pk)
    response = client.post(url, rows_data([(police, "7", "6")], seen=seen))
    assert "Someone else saved this event" in response.content.decode()
    assert TrainingAttendance.objects.count() == 1
    again = response.content.decode().split('name="seen" value="')[1].split('"')[0]
    assert client.post(url, rows_data([(police, "7", "6")], seen=again)).status_code == 302


# --- attendance by agency for a year --------------------------------------------------------------


def test_attendance_by_agency_lists_each_agency_worst_first_when_asked(client_for, board_member, board):
    police, council, cafcass = (AgencyFactory(name=name) for name in ("Police", "Council", "Cafcass"))
    first = TrainingEventFactory(title="First course", date=date(2025, 5, 1))
    second = TrainingEventFactory(title="Second course", date=date(2025, 9, 1))
    cancelled = TrainingEventFactory(title="Cancelled", date=date(2025, 10, 1), cancelled=True)
    earlier = TrainingEventFactory(title="Last year's", date=date(2024, 10, 1))
    TrainingAttendanceFactory(event=first, agency=police, booked=10, attended=9)
    TrainingAttendanceFactory(event=second, agency=police, booked=10, attended=10)
    TrainingAttendanceFactory(event=first, agency=council, booked=8, attended=4)
    TrainingAttendanceFactory(event=second, agency=cafcass, booked=3, attended=0)
    TrainingAttendanceFactory(event=cancelled, agency=council, booked=50)
    TrainingAttendanceFactory(event=earlier, agency=AgencyFactory(name="Probation"), booked=5, attended=5)
    client = client_for(board_member)
    url = board_url("training:by-agency")
    page = client.get(url + "?year=2025-26").content.decode()
    assert "Probation" not in page.split("<table")[1]
    assert "95%" in page and "50%" in page  # police 19 of 20, council 4 of 8 (the cancelled event left out)
    worst = client.get(url + "?year=2025-26&sort=rate").content.decode().split("<tbody")[1]
    assert worst.index("Cafcass") < worst.index("Council") < worst.index("Police")
    assert 'class="table-warning missed even"' in worst
    missed = page.split('id="missed-heading"')[1]
    assert "Cafcass" in missed and "Second course" in missed and "Police" not in missed
    only = client.get(url + "?year=2025-26&missed=on").content.decode().split("<tbody")[1].split("</tbody")[0]
    assert "Cafcass" in only and "Police" not in only
    response = client.get(url + "?year=2025-26&_export=csv")
    rows = csv_rows(response)
    assert rows[0] == ["Agency", "Events booked", "Booked", "Attended", "Attendance rate", "Booked, nobody came"]
    assert ["Council", "1", "8", "4", "50.0", "0"] in rows
    assert client.get(url + "?year=1999-2000&missed=perhaps").status_code == 200
    every = client.get(url + "?year=2025-26&every=on").content.decode().split("<tbody")[1].split("</tbody")[0]
    assert "Probation" in every and "Police" in every  # booked nothing this year, listed when asked
    opened = client.get(url).content.decode()  # this year's, with no line yet: nobody listed
    assert "Police" not in opened.split("<tbody")[1].split("</tbody")[0]


# --- what a page costs ----------------------------------------------------------------------------


def test_the_list_costs_a_few_queries_for_many_events(client_for, manager, board, django_assert_max_num_queries):
    for number in range(40):
        event = TrainingEventFactory(date=date(2025, 4, 1) + timedelta(days=number * 3), booked=10, attended=8)
        TrainingAttendanceFactory(event=event, booked=5, attended=4)
    client = client_for(manager)
    url = board_url("training:event-list")
    client.get(url)
    # The session and roles, the years offered, the page's rows and their count, the two years'
    # figures, and the records' version the kept page is keyed by.
    with django_assert_max_num_queries(14):
        assert client.get(url + "?year=2025-26").status_code == 200


def test_the_event_page_costs_a_few_queries_for_many_agencies(
    client_for, manager, board, django_assert_max_num_queries
):
    event = TrainingEventFactory(booked=100, attended=90)
    for number in range(30):
        TrainingAttendanceFactory(event=event, agency=AgencyFactory(name=f"Agency {number}"), booked=3, attended=3)
    client = client_for(manager)
    url = board_url("training:event-detail", event.pk)
    client.get(url)
    with django_assert_max_num_queries(7):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(board_url("training:event-attendance", event.pk)).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(board_url("training:by-agency") + "?year=2025-26").status_code == 200


# --- junk in the address -----------------------------------------------------------------------------


def test_junk_in_every_parameter_of_the_training_pages_is_no_server_error(client_for, manager, board):
    from urllib.parse import urlencode

    from tests.test_junk_parameters import JUNK

    event = TrainingEventFactory(booked=3, attended=2)
    TrainingAttendanceFactory(event=event, booked=3, attended=2)
    client = client_for(manager)
    client.raise_request_exception = False
    names = ("year", "kind", "cancelled", "q", "missed", "sort", "page", "per_page", "_export")
    urls = [
        board_url("training:event-list"),
        board_url("training:by-agency"),
        board_url("training:event-detail", event.pk),
        board_url("training:event-attendance", event.pk),
    ]
    for url in urls:
        for junk in JUNK:
            response = client.get(f"{url}?{urlencode(dict.fromkeys(names, junk))}")
            assert response.status_code < 500, (url, junk)
