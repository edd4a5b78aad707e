"""The year's attendance figures against a board year worked out by hand (DOMAIN.md, "How the summary's figures are counted")."""

from datetime import date
from types import SimpleNamespace

import pytest

from bench.builder import SMALL, build
from governance.statistics import Cell, year_figures
from lscb.years import ReportingYear
from tests.factories import (
    AgencyFactory,
    AttendanceFactory,
    GroupFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

YEAR = ReportingYear(2015)  # 01/04/2015 to 31/03/2016


def held(group, day: date, register: dict | None = None):
    """A held meeting with its register: {person: status}."""
    meeting = MeetingFactory(group=group, date=day, status="held")
    for person, status in (register or {}).items():
        AttendanceFactory(meeting=meeting, person=person, status=status)
    return meeting


@pytest.fixture
def board():
    """The Quality and Effectiveness Group's 2015-16, with the year either side.

    QEG meetings dated in 2015-16 (9 planned):
      M1 01/04/2015 held (first day of the year)   M5 11/11/2015 cancelled, not required
      M2 10/06/2015 held                           M6 09/12/2015 cancelled, inquorate
      M3 12/08/2015 held, no register              M7 13/01/2016 cancelled, not required
      M4 14/10/2015 held                           M8 10/02/2016 still planned
      M9 31/03/2016 held (last day of the year)
    Outside it: P0 31/03/2015 held (2014-15) and N1 01/04/2016 held (2016-17).

    Seats (expected = every meeting unless "for items"; dates inclusive, blank = open):
      City Council           Alice (open); Ann (open, membership agency blank: her person's agency)
      Constabulary           Bob (open); Fiona (for items)
      Health Trust           Carol (leaves 10/06/2015, the day of M2); Dan (joins 15/10/2015, the day after M4)
      Probation Service      Pete (joins 10/06/2015, the day of M2)
      National Body          Nora (open; never attends)
      Voluntary Sector Forum Vic (for items; attends only when not expected)
      Other Body             Gina: no seat, a guest "in attendance"
    """
    qeg = GroupFactory(name="Quality and Effectiveness Group")
    council, police, health, probation, national, voluntary, other = (
        AgencyFactory(name=name)
        for name in (
            "City Council",
            "Constabulary",
            "Health Trust",
            "Probation Service",
            "National Body",
            "Voluntary Sector Forum",
            "Other Body",
        )
    )
    p = SimpleNamespace(
        alice=PersonFactory(name="Alice Adams", agency=council),
        ann=PersonFactory(name="Ann Archer", agency=council),
        bob=PersonFactory(name="Bob Brown", agency=police),
        fiona=PersonFactory(name="Fiona Fox", agency=police),
        carol=PersonFactory(name="Carol Cole", agency=health),
        dan=PersonFactory(name="Dan Dixon", agency=health),
        pete=PersonFactory(name="Pete Price", agency=probation),
        nora=PersonFactory(name="Nora North", agency=national),
        vic=PersonFactory(name="Vic Vale", agency=voluntary),
        gina=PersonFactory(name="Gina Grey", agency=other),
    )
    MembershipFactory(group=qeg, person=p.alice)
    MembershipFactory(group=qeg, person=p.ann, agency=None)
    MembershipFactory(group=qeg, person=p.bob)
    MembershipFactory(group=qeg, person=p.fiona, expected="for_items")
    MembershipFactory(group=qeg, person=p.carol, end=date(2015, 6, 10))
    MembershipFactory(group=qeg, person=p.dan, start=date(2015, 10, 15))
    MembershipFactory(group=qeg, person=p.pete, start=date(2015, 6, 10))
    MembershipFactory(group=qeg, person=p.nora)
    MembershipFactory(group=qeg, person=p.vic, expected="for_items")

    m = SimpleNamespace()
    m.p0 = held(qeg, date(2015, 3, 31), {p.alice: "present", p.bob: "apologies", p.carol: "present", p.nora: "absent"})
    m.m1 = held(
        qeg,
        date(2015, 4, 1),
        {
            p.alice: "present",
            p.ann: "apologies",
            p.bob: "deputy",
            p.carol: "present",
            p.nora: "apologies",
            p.gina: "in_attendance",
        },
    )
    m.m2 = held(
        qeg,
        date(2015, 6, 10),
        {
            p.alice: "apologies",
            p.ann: "apologies",
            p.bob: "apologies",
            p.carol: "apologies",
            p.pete: "present",
            p.nora: "absent",
            p.vic: "present",
        },
    )
    m.m3 = held(qeg, date(2015, 8, 12))
    m.m4 = held(
        qeg,
        date(2015, 10, 14),
        {
            p.alice: "absent",
            p.ann: "present",
            p.bob: "apologies",
            p.fiona: "present",
            p.carol: "present",  # no seat any more: never counts
            p.pete: "apologies",
            p.vic: "in_attendance",
        },
    )
    m.m5 = MeetingFactory(group=qeg, date=date(2015, 11, 11), status="cancelled", cancel_reason="not_required")
    m.m6 = MeetingFactory(group=qeg, date=date(2015, 12, 9), status="cancelled", cancel_reason="inquorate")
    m.m7 = MeetingFactory(group=qeg, date=date(2016, 1, 13), status="cancelled", cancel_reason="not_required")
    m.m8 = MeetingFactory(group=qeg, date=date(2016, 2, 10), status="planned")
    m.m9 = held(
        qeg,
        date(2016, 3, 31),
        {
            p.alice: "present",
            p.ann: "present",
            p.bob: "absent",
            p.dan: "deputy",
            p.pete: "present",
            p.nora: "apologies",
            p.vic: "present",
        },
    )
    m.n1 = held(qeg, date(2016, 4, 1), {p.nora: "present"})

    # Business Committee: one meeting in the year, not held yet. CDOP: meetings only in 2014-15.
    business = GroupFactory(name="Business Committee")
    MembershipFactory(group=business, person=p.alice)
    MeetingFactory(group=business, date=date(2016, 3, 1), status="planned")
    cdop = GroupFactory(name="Child Death Overview Panel")
    MembershipFactory(group=cdop, person=p.nora)
    held(cdop, date(2014, 9, 10), {p.nora: "present"})
    return SimpleNamespace(qeg=qeg, business=business, cdop=cdop, people=p, meetings=m)


def group_named(figures, name):
    return next(row for row in figures.groups if row.group.name == name)


def test_groups_are_those_with_a_meeting_dated_in_the_year(board):
    figures = year_figures(YEAR)
    assert [row.group.name for row in figures.groups] == ["Business Committee", "Quality and Effectiveness Group"]
    # CDOP met only in 2014-15.
    assert [row.group.name for row in year_figures(YEAR.previous).groups] == [
        "Child Death Overview Panel",
        "Quality and Effectiveness Group",
    ]


def test_planned_held_and_cancelled_by_reason(board):
    m = board.meetings
    qeg = group_named(year_figures(YEAR), "Quality and Effectiveness Group")
    # M1-M9 whatever their status; P0 (31/03/2015) and N1 (01/04/2016) are other years.
    assert qeg.planned == 9
    # M1, M2, M3, M4, M9: the unrecorded M3 is still held.
    assert qeg.held == 5
    assert qeg.meetings == [m.m1, m.m2, m.m3, m.m4, m.m9]
    # M5 and M7 not required, M6 inquorate; reasons with no meeting are left out.
    assert qeg.cancelled == {"not_required": 2, "inquorate": 1}
    assert qeg.cancellations == [("Not required this time", 2), ("Inquorate", 1)]
    assert qeg.cancelled_total == 3
    # M8, still planned.
    assert qeg.not_yet_held == 1
    assert qeg.not_recorded == [m.m3]

    business = group_named(year_figures(YEAR), "Business Committee")
    assert (business.planned, business.held, business.cancelled) == (1, 0, {})
    assert (business.agencies, business.people, business.not_recorded) == ([], [], [])


def test_agency_rates_this_year_and_last(board):
    qeg = group_named(year_figures(YEAR), "Quality and Effectiveness Group")
    rates = {
        row.agency.name: (row.expected, row.attended, row.rate, row.previous_rate, row.below_threshold)
        for row in qeg.agencies
    }
    assert list(rates) == [
        "City Council",
        "Constabulary",
        "Health Trust",
        "National Body",
        "Probation Service",
        "Voluntary Sector Forum",
    ]  # by name; Other Body (a guest in attendance) is not listed
    # Council, expected at the four registered meetings: M1 Alice present; M2 both apologies;
    # M4 Ann present (her seat's agency is blank: her person's agency); M9 present. 3/4.
    # 2014-15: P0 Alice present, 1/1.
    assert rates["City Council"] == (4, 3, 0.75, 1.0, False)
    # Constabulary: M1 deputy; M2 apologies; M4 Bob's apologies but Fiona (for items) came: any of its
    # people counts; M9 Bob absent. 2/4 = 50%, at the threshold and so not below it. 2014-15: P0 apologies, 0/1.
    assert rates["Constabulary"] == (4, 2, 0.5, 0.0, False)
    # Health: Carol's seat ends on M2's day (counted), Dan's starts the day after M4, so it is
    # expected at M1, M2 and M9 only; Carol came to M4 after leaving, which never counts.
    # M1 present, M2 apologies, M9 Dan's deputy: 2/3. 2014-15: P0 Carol present, 1/1.
    assert rates["Health Trust"] == (3, 2, 2 / 3, 1.0, False)
    # National Body: M1 apologies, M2 absent, M4 no row, M9 apologies: 0/4, below 50%.
    # Nora came to N1 on 01/04/2016, which is 2016-17. 2014-15: P0 absent, 0/1.
    assert rates["National Body"] == (4, 0, 0.0, 0.0, True)
    # Probation: Pete's seat starts on M2's day: expected at M2, M4, M9; present, apologies, present.
    # 2/3. Not a member on 31/03/2015: no rate last year.
    assert rates["Probation Service"] == (3, 2, 2 / 3, None, False)
    # Voluntary: for items only, never expected; came to M2 and M9 (M4 only "in attendance",
    # which never counts): attended 2, no rate, listed as attended when not expected.
    assert rates["Voluntary Sector Forum"] == (0, 2, None, None, False)
    voluntary = qeg.agencies[-1]
    assert voluntary.only_when_not_expected
    assert not any(row.only_when_not_expected for row in qeg.agencies[:-1])


def test_agency_by_meeting_grid(board):
    qeg = group_named(year_figures(YEAR), "Quality and Effectiveness Group")
    a, ap, ab, ne, ane, nr = (
        Cell.ATTENDED,
        Cell.APOLOGIES,
        Cell.ABSENT,
        Cell.NOT_EXPECTED,
        Cell.ATTENDED_NOT_EXPECTED,
        Cell.NOT_RECORDED,
    )
    grid = {row.agency.name: row.cells for row in qeg.agencies}
    # Columns: M1 01/04, M2 10/06, M3 12/08 (no register), M4 14/10, M9 31/03.
    assert grid == {
        "City Council": (a, ap, nr, a, a),
        "Constabulary": (a, ap, nr, a, ab),
        "Health Trust": (a, ap, nr, ne, a),
        "National Body": (ap, ab, nr, ab, ap),
        "Probation Service": (ne, a, nr, ap, a),
        "Voluntary Sector Forum": (ne, ane, nr, ne, ane),
    }
    # Every cell has a symbol and a class, never a colour alone.
    assert (a.symbol, a.css_class) == ("✓", "att-attended")
    assert (nr.symbol, nr.css_class) == ("?", "att-not-recorded")


def test_each_person_over_their_own_expected_meetings(board):
    qeg = group_named(year_figures(YEAR), "Quality and Effectiveness Group")
    people = {row.person.name: (row.agency.name, row.expected, row.attended, row.rate) for row in qeg.people}
    assert people == {
        # M1 present, M2 apologies, M4 absent, M9 present.
        "Alice Adams": ("City Council", 4, 2, 0.5),
        # M1 and M2 apologies, M4 and M9 present.
        "Ann Archer": ("City Council", 4, 2, 0.5),
        # M1 deputy (counts), M2 and M4 apologies, M9 absent.
        "Bob Brown": ("Constabulary", 4, 1, 0.25),
        # Expected at M1 and M2 only (seat ends 10/06/2015): present, apologies. M4 does not count.
        "Carol Cole": ("Health Trust", 2, 1, 0.5),
        # Expected at M9 only (seat from 15/10/2015): a deputy came.
        "Dan Dixon": ("Health Trust", 1, 1, 1.0),
        # For items: never expected; came to M4.
        "Fiona Fox": ("Constabulary", 0, 1, None),
        "Nora North": ("National Body", 4, 0, 0.0),
        # M2 present, M4 apologies, M9 present.
        "Pete Price": ("Probation Service", 3, 2, 2 / 3),
        # For items: came to M2 and M9.
        "Vic Vale": ("Voluntary Sector Forum", 0, 2, None),
    }
    # Sorted by name; Gina, a guest without a seat, is not listed.
    assert list(people) == sorted(people)


def test_year_boundaries_31_march_and_1_april(board):
    m = board.meetings
    last_year = group_named(year_figures(YEAR.previous), "Quality and Effectiveness Group")
    assert last_year.meetings == [m.p0]
    # P0 31/03/2015: Alice and Carol present, Bob apologies, Nora absent, Ann no row (absent).
    assert {row.agency.name: (row.expected, row.attended) for row in last_year.agencies} == {
        "City Council": (1, 1),
        "Constabulary": (1, 0),
        "Health Trust": (1, 1),
        "National Body": (1, 0),
    }
    next_year = group_named(year_figures(YEAR.next), "Quality and Effectiveness Group")
    assert next_year.meetings == [m.n1]
    national = next(row for row in next_year.agencies if row.agency.name == "National Body")
    # N1 01/04/2016: Nora present, 1/1; last year beside it is 2015-16's 0/4.
    assert (national.expected, national.attended, national.rate, national.previous_rate) == (1, 1, 1.0, 0.0)


def test_only_the_groups_asked_for(board):
    figures = year_figures(YEAR, groups=[board.qeg, board.cdop])
    # CDOP has nothing dated in 2015-16, so only QEG is left.
    assert [row.group for row in figures.groups] == [board.qeg]


def test_threshold_from_settings_or_given(board, settings):
    settings.LSCB_ATTENDANCE_THRESHOLD = 0.8
    qeg = group_named(year_figures(YEAR), "Quality and Effectiveness Group")
    assert year_figures(YEAR).threshold == 0.8
    # Below 80%: Council 75%, Constabulary 50%, Health 67%, National 0%, Probation 67%; never a rateless agency.
    assert [row.agency.name for row in qeg.agencies if row.below_threshold] == [
        "City Council",
        "Constabulary",
        "Health Trust",
        "National Body",
        "Probation Service",
    ]
    qeg = group_named(year_figures(YEAR, threshold=0.25), "Quality and Effectiveness Group")
    assert [row.agency.name for row in qeg.agencies if row.below_threshold] == ["National Body"]


def test_the_seat_agency_wins_over_the_persons_agency():
    group = GroupFactory(name="Safeguarding Board")
    council, lay = AgencyFactory(name="City Council"), AgencyFactory(name="Lay Members")
    # Works for the council but sits on the board as a lay member.
    lee = PersonFactory(name="Lee Lane", agency=council)
    MembershipFactory(group=group, person=lee, agency=lay)
    held(group, date(2015, 5, 5), {lee: "present"})
    board_figures = year_figures(YEAR).groups[0]
    assert [(row.agency.name, row.expected, row.attended) for row in board_figures.agencies] == [("Lay Members", 1, 1)]
    assert board_figures.people[0].agency == lay


def test_only_registered_meetings_held_in_the_group_count():
    group = GroupFactory(name="Safeguarding Board")
    bob = PersonFactory(name="Bob Brown")
    MembershipFactory(group=group, person=bob)
    # A register with only a guest in attendance is still a register: Bob is absent, not "not recorded".
    guest = PersonFactory(name="Gina Grey")
    meeting = held(group, date(2015, 5, 5), {guest: "in_attendance"})
    figures = year_figures(YEAR).groups[0]
    assert figures.not_recorded == []
    assert [(row.expected, row.attended, row.cells) for row in figures.agencies] == [(1, 0, (Cell.ABSENT,))]
    assert figures.meetings == [meeting]


def test_no_meetings_gives_no_groups():
    assert year_figures(YEAR).groups == []


def test_query_count_does_not_grow_with_the_data(board, django_assert_num_queries):
    # This year's meetings, last year's, the seats, their agencies and people, the registers.
    with django_assert_num_queries(6):
        year_figures(YEAR)
    # Ten more groups, each with eight agencies and twelve registered meetings a year for two years.
    for g in range(10):
        group = GroupFactory(name=f"Extra group {g}")
        people = [PersonFactory(agency=AgencyFactory(name=f"Extra agency {g}-{a}")) for a in range(8)]
        for person in people:
            MembershipFactory(group=group, person=person)
        for first in (2014, 2015):
            for month in range(1, 13):
                day = date(first if month >= 4 else first + 1, month, 15)
                held(group, day, dict.fromkeys(people[: month % 8 + 1], "present"))
    with django_assert_num_queries(6):
        figures = year_figures(YEAR)
    assert len(figures.groups) == 12
    # Nothing dated in the year: one query, nothing else to read.
    with django_assert_num_queries(1):
        assert year_figures(ReportingYear(2030)).groups == []


@pytest.mark.parametrize("scale", [1, 3])
def test_last_years_column_is_last_years_rates(scale):
    # Counted by the database for the column beside this year's rates, by the same rules as the
    # year's own figures: on the benchmark's synthetic board, every group and agency agrees.
    today = date(2026, 11, 27)
    build(scale=scale, today=today, dims=SMALL)
    year = ReportingYear.containing(today).previous
    compared = 0
    before = {row.group.pk: row for row in year_figures(year.previous).groups}
    for group in year_figures(year).groups:
        prior = before.get(group.group.pk)
        last_year = {row.agency.pk: row.rate for row in prior.agencies} if prior else {}
        for row in group.agencies:
            assert row.previous_rate == last_year.get(row.agency.pk), (group.group.name, row.agency.name)
            compared += row.previous_rate is not None
    # Scale 1 has no year before the latest full one; scale 3 has two.
    assert compared == 0 if scale == 1 else compared >= 10, compared


@pytest.fixture
def registers_as_kept():
    """A group whose registers use part attendance, "not expected at this meeting" and a
    representative present for another member, worked out by hand.

    Seats, every meeting unless said: City Council Alice and Ann; Constabulary Bob, and Fay for
    items; Health Trust Hugh; Probation Service Pete.

          05/05/2015 (M1)      07/07/2015 (M2)            08/09/2015 (M3)
    Alice not expected         not expected               apologies
    Ann   present              not expected               apologies
    Bob   part                 apologies                  absent
    Fay   -                    -                          present
    Hugh  present              present, for Bob           part, for Pete
    Pete  not expected         part                       apologies
    """
    group = GroupFactory(
        name="Safeguarding Partnership Board \N{EN DASH} Mid-Dale \N{LEFT DOUBLE QUOTATION MARK}North\N{RIGHT DOUBLE QUOTATION MARK} group"
    )
    council, police, health, probation = (
        AgencyFactory(name=name) for name in ("City Council", "Constabulary", "Health Trust", "Probation Service")
    )
    p = SimpleNamespace(
        alice=PersonFactory(name="Alice Adams", agency=council),
        ann=PersonFactory(name="Ann Archer", agency=council),
        bob=PersonFactory(name="Bob Brown", agency=police),
        fay=PersonFactory(name="Fay Fenwick", agency=police),
        hugh=PersonFactory(name="Hugh Hélène-Ørsted", agency=health),
        pete=PersonFactory(name="Pete Price", agency=probation),
    )
    for person in (p.alice, p.ann, p.bob, p.hugh, p.pete):
        MembershipFactory(group=group, person=person)
    MembershipFactory(group=group, person=p.fay, expected="for_items")

    def meeting(day, rows):
        held_meeting = MeetingFactory(group=group, date=day, status="held")
        for person, status, *on_behalf_of in rows:
            AttendanceFactory(
                meeting=held_meeting,
                person=person,
                status=status,
                on_behalf_of=on_behalf_of[0] if on_behalf_of else None,
            )
        return held_meeting

    meeting(
        date(2015, 5, 5),
        [(p.alice, "not_expected"), (p.ann, "present"), (p.bob, "part"), (p.hugh, "present"), (p.pete, "not_expected")],
    )
    meeting(
        date(2015, 7, 7),
        [
            (p.alice, "not_expected"),
            (p.ann, "not_expected"),
            (p.bob, "apologies"),
            (p.hugh, "present", p.bob),
            (p.pete, "part"),
        ],
    )
    meeting(
        date(2015, 9, 8),
        [
            (p.alice, "apologies"),
            (p.ann, "apologies"),
            (p.bob, "absent"),
            (p.fay, "present"),
            (p.hugh, "part", p.pete),
            (p.pete, "apologies"),
        ],
    )
    return SimpleNamespace(group=group, people=p)


def test_part_not_expected_and_representatives_count_as_the_register_says(registers_as_kept):
    figures = year_figures(YEAR).groups[0]
    a, part, ap, ne = Cell.ATTENDED, Cell.PART, Cell.APOLOGIES, Cell.NOT_EXPECTED
    agencies = {row.agency.name: (row.cells, row.expected, row.attended, row.rate) for row in figures.agencies}
    assert agencies == {
        # M2: both its members not expected there, so the council was not expected: 1 of 2.
        "City Council": ((a, ne, ap), 2, 1, 0.5),
        # M1 Bob for part (attended); M2 Hugh present for Bob (like a deputy); M3 Fay came.
        "Constabulary": ((part, a, a), 3, 3, 1.0),
        # Hugh's own attendance: present, present, part.
        "Health Trust": ((a, a, part), 3, 3, 1.0),
        # M1 Pete not expected; M2 part; M3 Hugh was there for Pete, for part of the meeting.
        "Probation Service": ((ne, part, part), 2, 2, 1.0),
    }
    people = {row.person.name: (row.expected, row.attended, row.rate) for row in figures.people}
    assert people == {
        "Alice Adams": (1, 0, 0.0),  # expected at M3 only
        "Ann Archer": (2, 1, 0.5),  # M1 and M3
        "Bob Brown": (3, 2, 2 / 3),  # M1 part, M2 represented
        "Fay Fenwick": (0, 1, None),  # for items
        "Hugh Hélène-Ørsted": (3, 3, 1.0),
        "Pete Price": (2, 2, 1.0),  # M2 part, M3 represented
    }


def test_last_years_column_counts_by_the_same_register_rules(registers_as_kept):
    held(registers_as_kept.group, date(2016, 5, 5), {registers_as_kept.people.ann: "present"})
    figures = year_figures(YEAR.next).groups[0]
    previous = {row.agency.name: row.previous_rate for row in figures.agencies}
    assert previous == {"City Council": 0.5, "Constabulary": 1.0, "Health Trust": 1.0, "Probation Service": 1.0}


def test_part_has_its_own_symbol_and_label_in_the_grid():
    assert (Cell.PART.symbol, Cell.PART.css_class) == ("½", "att-part")
    assert Cell.PART.label.startswith("Part")
    assert len({cell.symbol for cell in Cell}) == len(Cell)
