"""The governance pages as a user meets them: forms, messages, exports, and query counts."""

import csv
import io
import re
from datetime import date, timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from governance.models import Agency, Attendance, Group, Meeting, Person
from tests.factories import (
    AgencyFactory,
    AttendanceFactory,
    GroupFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
)
from tests.governance import board_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(chaired_group):
    police = AgencyFactory(name="Constabulary", short_name="Police")
    MembershipFactory(group=chaired_group, person=PersonFactory(name="Alice Able", agency=police))
    MembershipFactory(group=chaired_group, person=PersonFactory(name="Bob Brown"))
    MembershipFactory(group=chaired_group, person=PersonFactory(name="Fay Items"), expected="for_items")
    return MeetingFactory(group=chaired_group, date=date(2025, 6, 10))


def register_data(meeting, **statuses):
    data = {"version": meeting.version}
    for person in Person.objects.filter(memberships__group=meeting.group).distinct():
        key = person.name.split()[0].lower()
        data[f"p{person.pk}-status"] = statuses.get(key, "present")
        data[f"p{person.pk}-deputy_name"] = statuses.get(f"{key}_deputy", "")
    return data


def test_the_register_lists_everyone_with_a_seat_that_day(client_for, subgroup_chair, meeting):
    page = client_for(subgroup_chair).get(board_url("governance:meeting-record", meeting.pk)).content.decode()
    for name in ("Alice Able", "Bob Brown", "Fay Items", "Sam Chair"):
        assert name in page
    assert "for specific items" in page
    assert "Everyone present" in page


def test_people_on_record_are_found_by_the_guest_search_not_listed_in_the_page(client_for, subgroup_chair, meeting):
    olga = PersonFactory(name="Olga Outsider", agency=Agency.objects.get(name="Constabulary"))
    url = board_url("governance:meeting-record", meeting.pk)
    client = client_for(subgroup_chair)
    assert "Olga Outsider" not in client.get(url).content.decode()

    # Without scripts: the search is a GET of the page; the people found are boxes to tick.
    page = client.get(url, {"guest_search": "olga"}).content.decode()
    assert '1 person matches "olga".' in page
    assert f'name="guest_person" value="{olga.pk}" id="guest-person-{olga.pk}" form="register-form"' in page
    assert "Olga Outsider (Police)" in page
    # A member is on the register already: never offered as a guest.
    assert "guest-person-" not in client.get(url, {"guest_search": "alice"}).content.decode()

    # Ticked and saved: in attendance.
    data = {**register_data(meeting, fay=""), "guest_person": olga.pk}
    assert client.post(url, data).status_code == 302
    assert meeting.attendances.get(person=olga).status == "in_attendance"


def test_the_guest_search_as_one_types_gives_buttons_and_a_count(client_for, subgroup_chair, meeting):
    olga = PersonFactory(name="Olga Outsider")
    PersonFactory.create_batch(25, name="Oscar Many")
    client = client_for(subgroup_chair)
    search = board_url("governance:meeting-guest-search", meeting.pk)
    answer = client.get(search, {"guest_search": "olga"}, headers={"HX-Request": "true"}).content.decode()
    assert 'id="guest-search-status" hx-swap-oob="innerHTML">1 person matches "olga".' in answer
    assert f"/record/guests/{olga.pk}/" in answer and "Add Olga Outsider" in answer
    # Someone the page has just added is not offered again; nor is a member.
    assert "Add Olga" not in client.get(search, {"guest_search": "olga", "guest_person": olga.pk}).content.decode()
    assert "Add Alice" not in client.get(search, {"guest_search": "alice"}).content.decode()
    # At most twenty, and the count says there are more.
    answer = client.get(search, {"guest_search": "oscar"}).content.decode()
    assert answer.count("Add Oscar Many") == 20
    assert 'More than 20 people match "oscar"' in answer

    # Choosing one: their row, in attendance, to add to the register's table.
    row = client.get(board_url("governance:meeting-guest-row", meeting.pk, olga.pk)).content.decode()
    assert row.startswith("<tr>") or "<tr>" in row
    assert f'name="guest_person" value="{olga.pk}"' in row
    assert '<option value="in_attendance" selected>In attendance</option>' in row
    assert client.get(board_url("governance:meeting-guest-row", meeting.pk, 10**6)).status_code == 404


def test_a_deputy_sent_needs_a_name_or_name_not_known(client_for, subgroup_chair, meeting):
    url = board_url("governance:meeting-record", meeting.pk)
    client = client_for(subgroup_chair)
    bob = Person.objects.get(name="Bob Brown")
    response = client.post(url, register_data(meeting, bob="deputy", fay=""))
    page = response.content.decode()
    assert response.status_code == 400
    assert f'<a href="#id_p{bob.pk}-deputy_name" class="alert-link">Deputy for Bob Brown: Give the deputy' in page
    assert not meeting.attendances.exists()

    # A name with "name not known" is one or the other, and the name typed is kept to choose.
    data = register_data(meeting, bob="deputy_name_unknown", bob_deputy="Bea Deputy", fay="")
    page = client.post(url, data).content.decode()
    assert "Clear the name, or choose &#x27;Deputy sent&#x27; to keep it." in page
    assert f'name="p{bob.pk}-deputy_name" value="Bea Deputy"' in page

    assert client.post(url, register_data(meeting, bob="deputy_name_unknown", fay="")).status_code == 302
    row = meeting.attendances.get(person=bob)
    assert (row.status, row.deputy_name, row.deputy_name_unknown, row.deputy_label) == (
        "deputy",
        "",
        True,
        "name not known",
    )
    # The form opens again with that choice made.
    page = client.get(url).content.decode()
    assert re.search(rf'name="p{bob.pk}-status"[^>]*>.*?<option value="deputy_name_unknown" selected>', page)

    # Choosing "Deputy sent" with a name afterwards clears "not known".
    data = register_data(meeting, bob="deputy", bob_deputy="Bea Deputy", fay="")
    data["version"] = client.get(url).context["version"]
    assert client.post(url, data).status_code == 302
    row.refresh_from_db()
    assert (row.deputy_name, row.deputy_name_unknown, row.deputy_label) == ("Bea Deputy", False, "Bea Deputy")


def test_someone_new_is_added_after_the_search_on_asking(client_for, subgroup_chair, meeting):
    """The register opens with the guest search and an "Add someone new" link, not the new
    person's boxes (most guests are on record already); the link opens the page with them."""
    url = board_url("governance:meeting-record", meeting.pk)
    client = client_for(subgroup_chair)
    page = client.get(url).content.decode()
    assert 'href="?new_guest=1#new-guest"' in page
    assert 'name="guest0-name"' not in page and "Constabulary</option>" not in page
    page = client.get(url, {"new_guest": "1"}).content.decode()
    assert re.search(r'<input type="text" name="guest0-name"[^>]* autofocus', page)
    assert "Constabulary</option>" in page and "Add someone new</a>" not in page
    # A register sent back with an error keeps the boxes and what was typed in them.
    data = register_data(meeting, bob="deputy", fay="")
    data.update({"guest0-name": "Gill Guest", "guest0-note": "item 3"})
    page = client.post(url, data).content.decode()
    assert 'value="Gill Guest"' in page and "item 3</textarea>" in page
    assert "autofocus" not in page


def test_a_subgroup_chair_records_a_meeting(client_for, subgroup_chair, meeting):
    data = register_data(meeting, bob="deputy", bob_deputy="Bea Deputy", fay="")
    data.update(
        {
            "guest0-name": "Gill Guest",
            "guest0-agency": Agency.objects.get(name="Constabulary").pk,
            "guest0-note": "item 3",
        }
    )
    response = client_for(subgroup_chair).post(board_url("governance:meeting-record", meeting.pk), data, follow=True)
    assert "Recorded the register" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == "held"
    rows = dict(meeting.attendances.values_list("person__name", "status"))
    assert rows == {
        "Alice Able": "present",
        "Bob Brown": "deputy",
        "Sam Chair": "present",
        "Gill Guest": "in_attendance",
    }
    assert Attendance.objects.get(person__name="Bob Brown").deputy_name == "Bea Deputy"
    assert Person.objects.get(name="Gill Guest").agency.name == "Constabulary"


def test_a_blank_status_for_an_expected_member_is_refused_and_the_input_kept(client_for, manager, meeting):
    data = register_data(meeting, alice="", bob="apologies")
    data[f"p{Person.objects.get(name='Bob Brown').pk}-note"] = "on leave, back in July"
    response = client_for(manager).post(board_url("governance:meeting-record", meeting.pk), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose a status: this member is expected at every meeting." in page
    assert "on leave, back in July" in page
    assert '<option value="apologies" selected>' in page
    meeting.refresh_from_db()
    assert meeting.status == "planned" and not meeting.attendances.exists()


def test_a_stale_register_shows_the_other_save_and_keeps_ours(client_for, manager, subgroup_chair, meeting):
    url = board_url("governance:meeting-record", meeting.pk)
    first = register_data(meeting, alice="apologies")
    second = register_data(meeting, alice="absent")
    second[f"p{Person.objects.get(name='Alice Able').pk}-note"] = "my careful note"
    assert client_for(manager).post(url, first).status_code == 302
    response = client_for(subgroup_chair).post(url, second)
    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this meeting" in page
    assert "Alice Able: Apologies" in page  # their version
    assert "my careful note" in page  # our input
    assert Attendance.objects.get(person__name="Alice Able").status == "apologies"
    # Saving again from the refreshed form goes through.
    meeting.refresh_from_db()
    second["version"] = meeting.version
    assert client_for(subgroup_chair).post(url, second).status_code == 302
    assert Attendance.objects.get(person__name="Alice Able").status == "absent"


def test_cancelling_a_meeting_needs_a_reason(client_for, subgroup_chair, meeting):
    url = board_url("governance:meeting-cancel", meeting.pk)
    client = client_for(subgroup_chair)
    response = client.post(url, {"version": meeting.version})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    client.post(url, {"version": meeting.version, "cancel_reason": "not_required"})
    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancel_reason) == ("cancelled", "not_required")


def test_adding_a_meeting_on_a_taken_date_says_so(client_for, manager, meeting):
    response = client_for(manager).post(
        board_url("governance:meeting-create"), {"group": meeting.group.pk, "date": "2025-06-10", "note": ""}
    )
    assert "already has a meeting on that date" in response.content.decode()
    assert Meeting.objects.count() == 1


def test_dates_are_accepted_and_shown_the_uk_way(client_for, manager, chaired_group):
    response = client_for(manager).post(
        board_url("governance:meeting-create"),
        {"group": chaired_group.pk, "date": "03/02/2026", "note": ""},
        follow=True,
    )
    assert Meeting.objects.filter(date=date(2026, 2, 3)).exists()
    assert "03/02/2026" in response.content.decode()


def test_schedule_the_year_from_the_group_page(client_for, manager, chaired_group):
    response = client_for(manager).post(
        board_url("governance:group-schedule", chaired_group.pk),
        {"year": "2026-27", "week": "2", "weekday": "1"},
        follow=True,
    )
    assert "Planned 6 meetings" in response.content.decode()
    assert chaired_group.meetings.count() == 6


def test_the_structure_shows_the_tree_and_chairs(client_for, board_member, subgroup_chair, chaired_group):
    board = GroupFactory(name="Safeguarding Board", kind="board")
    chaired_group.parent = board
    chaired_group.save()
    page = client_for(board_member).get(board_url("governance:structure")).content.decode()
    assert page.index("Safeguarding Board") < page.index("Quality and Effectiveness Group")
    assert "Chair: Sam Chair" in page


def test_lists_export_as_csv_and_excel(client_for, board_member, meeting):
    client = client_for(board_member)
    response = client.get(board_url("governance:calendar", "2025-26"), {"_export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Date", "Group", "Status"]
    assert rows[1][1:3] == ["Quality and Effectiveness Group", "Planned"]
    response = client.get(board_url("governance:agency-list"), {"_export": "xlsx", "name": "constab"})
    assert response["Content-Disposition"].endswith('filename="nscp-agencies.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[2]][:2] == ["Constabulary", "Police"]
    assert sheet.max_row == 2  # the filter applies to the export


def test_lists_sort_and_filter(client_for, board_member):
    AgencyFactory(name="Zeta Trust", sector="health")
    AgencyFactory(name="Alpha Council", sector="local_authority")
    client = client_for(board_member)
    page = client.get(board_url("governance:agency-list"), {"sort": "-name"}).content.decode()
    assert page.index("Zeta Trust") < page.index("Alpha Council")
    page = client.get(board_url("governance:agency-list"), {"sector": "local_authority"}).content.decode()
    assert "Alpha Council" in page and "Zeta Trust" not in page


def test_the_history_page_lists_who_changed_what(client_for, manager, board_member):
    agency = AgencyFactory(name="Constabulary")
    client_for(manager).post(
        board_url("governance:agency-edit", agency.pk),
        {"name": "Northmoor Constabulary", "sector": "police", "active": "on"},
    )
    page = client_for(board_member).get(reverse("history", args=["governance", "agency", agency.pk])).content.decode()
    assert "Constabulary → Northmoor Constabulary" in page
    assert "manager" in page


def grow(chaired_group, meetings: int):
    """More agencies, people, seats, meetings and registers: the page's query count must not follow."""
    for i in range(meetings):
        agency = AgencyFactory()
        person = PersonFactory(agency=agency)
        MembershipFactory(group=chaired_group, person=person)
        held = MeetingFactory(group=GroupFactory(), date=date(2025, 5, 1 + i), status="held")
        AttendanceFactory(meeting=held, person=person)


# The home page is the board dashboard: its cost is pinned in tests/yearend/test_dashboard.py.
PAGES = [
    ("governance:structure", []),
    ("governance:group-list", []),
    ("governance:agency-list", []),
    ("governance:person-list", []),
    ("governance:membership-list", []),
    ("governance:calendar", ["2025-26"]),
]


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_list_pages_cost_a_fixed_number_of_queries(
    client_for, manager, chaired_group, django_assert_max_num_queries, name, args
):
    client = client_for(manager)
    grow(chaired_group, 3)
    url = board_url(name, *args)
    # 5 of them on every signed-in page of a board: the session, the user, their two-factor device,
    # their roles and permissions, and the instance's boards (lscb.boards).
    with django_assert_max_num_queries(10) as small:
        assert client.get(url).status_code == 200
    grow(chaired_group, 12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_detail_pages_cost_a_fixed_number_of_queries(
    client_for, manager, chaired_group, meeting, django_assert_max_num_queries
):
    client = client_for(manager)
    # Rows on this year's registers for the person and agency pages: one now, more below.
    person, agency = Person.objects.first(), Agency.objects.first()
    today = timezone.localdate()
    this_year = MeetingFactory(group=chaired_group, date=today, status="held")
    AttendanceFactory(meeting=this_year, person=person, status="part")
    urls = [
        chaired_group.get_absolute_url(),
        meeting.get_absolute_url(),
        board_url("governance:meeting-record", meeting.pk),
        agency.get_absolute_url(),
        person.get_absolute_url(),
    ]
    counts = []
    for url in urls:
        # 5 of them on every signed-in page of a board: the session, the user, their two-factor device,
        # their roles and permissions, and the instance's boards (lscb.boards).
        # The agency's page counts its attendance over two years as the attendance page does
        # (governance.statistics, 6 queries a year): it has a ceiling of its own.
        ceiling = 25 if url == agency.get_absolute_url() else 10
        # The group's page adds its year's attendance (governance.statistics, 6), its next and last
        # meetings (1), the actions it leads (2) and the challenges raised at its meetings (2).
        if url == chaired_group.get_absolute_url():
            ceiling = 21
        with django_assert_max_num_queries(ceiling) as captured:
            client.get(url)
        counts.append(len(captured.captured_queries))
    grow(chaired_group, 10)
    for n, status in enumerate(("present", "apologies", "not_expected", "part")):
        other = MeetingFactory(group=GroupFactory(), date=today - timedelta(days=n + 1), status="held")
        AttendanceFactory(meeting=other, person=person, status=status)
        AttendanceFactory(meeting=other, person=PersonFactory(agency=agency), status="present", on_behalf_of=person)
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            client.get(url)


def test_history_shows_names_and_labels_not_ids(client_for, manager):
    police, health = AgencyFactory(name="Constabulary"), AgencyFactory(name="Health Trust")
    person = PersonFactory(name="Pat", agency=police)
    client_for(manager).post(board_url("governance:person-edit", person.pk), {"name": "Pat", "agency": health.pk})
    page = client_for(manager).get(reverse("history", args=["governance", "person", person.pk])).content.decode()
    assert "Constabulary → Health Trust" in page


LONG_NOTE = (
    "Left after item 4 \N{EN DASH} the “Ørsted” review;\nback for AOB (=SUM(A1) is text, not a formula). 🙂 "
    + "ü" * 2500
)


def test_a_register_with_part_not_expected_and_a_representative(client_for, subgroup_chair, meeting):
    alice, bob = Person.objects.get(name="Alice Able"), Person.objects.get(name="Bob Brown")
    url = board_url("governance:meeting-record", meeting.pk)
    page = client_for(subgroup_chair).get(url).content.decode()
    # Every member row offers the statuses, and a box for the member they are present for, with
    # one list of the members that day for all the boxes.
    assert page.count('<option value="part">Present for part of the meeting</option>') == 4
    assert page.count('<option value="not_expected">Not expected at this meeting</option>') == 3  # not Fay's
    assert page.count('<option value="Alice Able (Police)"></option>') == 1
    assert page.count('list="register-members"') == 4
    assert "maxlength" not in page

    data = register_data(meeting, alice="part", bob="not_expected", fay="", sam="present")
    data[f"p{alice.pk}-note"] = LONG_NOTE
    # The box takes a member as the list writes them (in any case), or the member's id.
    data[f"p{Person.objects.get(name='Sam Chair').pk}-on_behalf_of"] = " bob  brown "
    response = client_for(subgroup_chair).post(url, data)
    # Bob is not expected: no one can be there for him.
    assert response.status_code == 400
    assert "who was not expected at this meeting: choose one." in response.content.decode()

    data[f"p{bob.pk}-status"] = "apologies"
    assert client_for(subgroup_chair).post(url, data).status_code == 302
    rows = {row.person.name: row for row in meeting.attendances.select_related("on_behalf_of")}
    assert {name: row.status for name, row in rows.items()} == {
        "Alice Able": "part",
        "Bob Brown": "apologies",
        "Sam Chair": "present",
    }
    assert rows["Sam Chair"].on_behalf_of == bob
    assert rows["Alice Able"].note == LONG_NOTE.strip()

    # The saved register opens with the choice made and the whole note in a growing box.
    page = client_for(subgroup_chair).get(url).content.decode()
    assert re.search(rf'name="p{Person.objects.get(name="Sam Chair").pk}-on_behalf_of" value="Bob Brown[ "(]', page)
    assert re.search(r'<textarea name="p\d+-note" rows="1" class="form-control" aria-labelledby="c-note p\d+">', page)
    assert "ü" * 2500 in page

    # The meeting page says it with a symbol and words, never colour alone.
    page = client_for(subgroup_chair).get(meeting.get_absolute_url()).content.decode()
    assert "½</span> Part" in page
    assert "present for Bob Brown" in page
    assert "represented by Sam Chair" in page
    assert "back for AOB" in page


@pytest.mark.parametrize(
    ("status", "represented", "message"),
    [
        ("apologies", "bob", "Only for someone present, or present for part"),
        ("present", "alice", "no one is present on their own behalf"),
        ("present", "olga", "Choose one of the members that day"),
    ],
)
def test_a_representative_row_that_makes_no_sense_is_marked(client_for, manager, meeting, status, represented, message):
    people = {
        "alice": Person.objects.get(name="Alice Able"),
        "bob": Person.objects.get(name="Bob Brown"),
        "olga": PersonFactory(name="Olga Outsider"),
    }
    data = register_data(meeting, alice=status)
    data[f"p{people['alice'].pk}-on_behalf_of"] = people[represented].pk
    response = client_for(manager).post(board_url("governance:meeting-record", meeting.pk), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert re.search(rf'name="p{people["alice"].pk}-on_behalf_of"[^>]* aria-invalid="true"', page)
    assert f'href="#id_p{people["alice"].pk}-on_behalf_of"' in page  # the error summary links to it
    assert not meeting.attendances.exists()


def test_person_and_agency_pages_show_part_and_representation_this_year(client_for, board_member, chaired_group):
    from lscb.years import ReportingYear

    police = AgencyFactory(name="Constabulary", short_name="Police")
    bob = PersonFactory(name="Bob Brown", agency=police)
    hana = PersonFactory(name="Hana Hill", agency=AgencyFactory(name="Health Trust"))
    for person in (bob, hana):
        MembershipFactory(group=chaired_group, person=person)
    day = max(timezone.localdate().replace(day=1), ReportingYear.current().start)
    first = MeetingFactory(group=chaired_group, date=day, status="held")
    AttendanceFactory(meeting=first, person=bob, status="part", note=LONG_NOTE)
    AttendanceFactory(meeting=first, person=hana, status="not_expected")
    second = MeetingFactory(group=chaired_group, date=day.replace(day=2), status="held")
    AttendanceFactory(meeting=second, person=bob, status="apologies")
    AttendanceFactory(meeting=second, person=hana, status="present", on_behalf_of=bob)
    # Last year's row is not listed.
    AttendanceFactory(meeting=MeetingFactory(group=chaired_group, date=date(2024, 5, 5), status="held"), person=bob)

    client = client_for(board_member)
    page = client.get(bob.get_absolute_url()).content.decode()
    assert "½</span> Part: present for part of the meeting" in page
    assert "back for AOB" in page
    assert f'<a href="{hana.get_absolute_url()}">Hana Hill</a> present for them' in page
    assert "05/05/2024" not in page

    page = client.get(hana.get_absolute_url()).content.decode()
    assert "</span> Not expected at this meeting" in page
    assert f'present for <a href="{bob.get_absolute_url()}">Bob Brown</a>' in page

    page = client.get(police.get_absolute_url()).content.decode()
    assert "½</span> Part: present for part of the meeting" in page
    assert "</span> Apologies" in page
    # His seat, his two rows this year (the one of last year left out), and the list of people.
    assert page.count(f'<a href="{bob.get_absolute_url()}">Bob Brown</a>') == 4


@pytest.fixture
def numbered_board(chaired_group):
    """A board whose groups are numbered in part: 1 CDOP, 2 QEG; the rest follow the tree."""
    board = GroupFactory(name="Safeguarding Board", kind="board")
    GroupFactory(name="Audit Sub-group", parent=board, chaired_by="the police (Detective Superintendent)")
    GroupFactory(name="Child Death Overview Panel", parent=board, position=1)
    chaired_group.parent, chaired_group.position = board, 2
    chaired_group.chaired_by = "the local authority"
    chaired_group.save()
    return board


def test_a_chair_by_role_shows_when_no_person_chairs(client_for, board_member, subgroup_chair, numbered_board):
    client = client_for(board_member)
    audit = Group.objects.get(name="Audit Sub-group")
    page = client.get(audit.get_absolute_url()).content.decode()
    assert "Chaired by the police (Detective Superintendent)" in page
    # QEG has a person as chair: the role written on the group stays out of sight.
    qeg = Group.objects.get(name="Quality and Effectiveness Group")
    page = client.get(qeg.get_absolute_url()).content.decode()
    assert re.search(r"Chair: <a [^>]+>Sam Chair</a>", page)
    assert "the local authority" not in page
    assert 'Place in the board\'s order</dt><dd class="col-sm-9">2</dd>' in page
    # A vice-chair alone does not make a chair: both are shown.
    vice = PersonFactory(name="Vera Vice")
    MembershipFactory(group=audit, person=vice, role="vice_chair")
    page = client.get(audit.get_absolute_url()).content.decode()
    assert re.search(r"Vice-chair: <a [^>]+>Vera Vice</a> \([^)]*\) · Chaired by the police", page)

    page = client.get(board_url("governance:structure")).content.decode()
    assert "Chaired by the police (Detective Superintendent)" in page
    assert "Chair: Sam Chair" in page and "Chaired by the local authority" not in page


def test_the_structure_and_lists_of_groups_follow_the_boards_order(client_for, manager, numbered_board):
    client = client_for(manager)
    expected = ["Child Death Overview Panel", "Quality and Effectiveness Group", "Audit Sub-group"]

    def order(page: str, names: list[str]) -> list[str]:
        return sorted(names, key=page.index)

    page = client.get(board_url("governance:structure")).content.decode()
    # The board at the top, then its groups: numbered first, then the tree.
    tree = re.findall(r'<a class="fw-semibold" href="[^"]+">([^<]+)</a>', page)
    assert tree == ["Safeguarding Board", *expected]
    # The list of groups: numbered groups first, then the board and the tree.
    table = client.get(board_url("governance:group-list")).context["table"]
    assert [row.record.name for row in table.rows] == [*expected[:2], "Safeguarding Board", expected[2]]
    page = client.get(numbered_board.get_absolute_url()).content.decode()
    assert order(page, expected) == expected
    # A header sort still sorts by that column.
    table = client.get(board_url("governance:group-list"), {"sort": "name"}).context["table"]
    assert [row.record.name for row in table.rows] == sorted([*expected, "Safeguarding Board"])


def test_the_calendar_lists_groups_in_the_boards_order(client_for, manager, numbered_board):
    for group in Group.objects.all():
        MeetingFactory(group=group, date=date(2025, 9, 9))
    page = client_for(manager).get(board_url("governance:calendar", "2025-26")).content.decode()
    grid = page[page.index("Meetings by group and month") :]
    names = ["Child Death Overview Panel", "QEG", "Safeguarding Board", "Audit Sub-group"]
    assert sorted(names, key=lambda name: grid.index(f">{name}</a></th>")) == names


@pytest.mark.parametrize("position", ["0", "-3"])
def test_a_groups_place_starts_at_one(client_for, manager, chaired_group, position):
    data = {"name": chaired_group.name, "kind": chaired_group.kind, "position": position}
    response = client_for(manager).post(board_url("governance:group-edit", chaired_group.pk), data)
    assert response.status_code == 200
    assert "The group&#x27;s place in the board&#x27;s order starts at 1" in response.content.decode()
    chaired_group.refresh_from_db()
    assert chaired_group.position is None


def test_a_groups_place_is_checked_on_every_save(manager, chaired_group):
    from django.core.exceptions import ValidationError

    from governance import services

    chaired_group.position = 0
    with pytest.raises(ValidationError, match="starts at 1"):
        services.record_save(instance=chaired_group, by=manager)
    chaired_group.position = 1
    services.record_save(instance=chaired_group, by=manager)
