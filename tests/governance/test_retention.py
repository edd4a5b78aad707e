"""manage.py retention: people whose every seat ended long ago are anonymised, history included;
attendance and the figures stay as they were."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from businessplan.models import ProgressUpdate
from challengelog.models import Challenge
from governance import services
from governance.models import Attendance, Meeting, Membership, Person
from governance.statistics import year_figures
from lscb.years import ReportingYear
from tests.factories import (
    ActionFactory,
    AgencyFactory,
    AttendanceFactory,
    ChallengeFactory,
    GroupFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = "2026-11-27"  # six years back: seats that ended before 27/11/2020


def retention(*args: str) -> str:
    out = StringIO()
    call_command("retention", "--today", TODAY, *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def people(manager):
    """Who is due and who is not, on a board whose 2017-18 registers name them."""
    police, health = AgencyFactory(name="Constabulary"), AgencyFactory(name="Health Trust")
    board = GroupFactory(name="Safeguarding Board")
    olive = PersonFactory(name="Olive Old", email="olive@police.example", agency=police, job_title="Inspector")
    # Renamed once: the history holds the older name and email too.
    olive.name, olive.email = "Olive Older", "olive.older@police.example"
    services.person_save(person=olive, by=manager)
    MembershipFactory(group=board, person=olive, agency=police, start=date(2015, 4, 1), end=date(2018, 3, 31))
    MembershipFactory(group=board, person=olive, agency=police, start=date(2018, 4, 1), end=date(2019, 9, 30))
    ruth = PersonFactory(name="Ruth Recent", agency=health)
    MembershipFactory(group=board, person=ruth, agency=health, start=date(2015, 4, 1), end=date(2021, 6, 30))
    oscar = PersonFactory(name="Oscar Open", agency=health)
    MembershipFactory(group=board, person=oscar, start=date(2014, 4, 1), end=date(2015, 3, 31))
    MembershipFactory(group=board, person=oscar, start=date(2019, 4, 1))
    uma = PersonFactory(name="Uma User", user=UserFactory(username="uma"))
    MembershipFactory(group=board, person=uma, start=date(2014, 4, 1), end=date(2016, 3, 31))
    gina = PersonFactory(name="Gina Guest", email=None)
    MembershipFactory(group=board, person=gina, start=date(2014, 4, 1), end=date(2017, 3, 31))
    nora = PersonFactory(name="Nora No-seat")
    for day, olive_status, ruth_status in [
        (date(2017, 6, 7), "present", "apologies"),
        (date(2017, 10, 4), "absent", "present"),
    ]:
        meeting = MeetingFactory(group=board, date=day, status="held")
        AttendanceFactory(meeting=meeting, person=olive, status=olive_status)
        AttendanceFactory(meeting=meeting, person=ruth, status=ruth_status)
    old_deputy = AttendanceFactory(meeting=meeting, person=oscar, status="deputy", deputy_name="Dora Deputy")
    old_deputy.deputy_name = "Dora Deputy-Smith"
    old_deputy.save()  # the history holds both spellings
    recent = MeetingFactory(group=board, date=date(2022, 5, 4), status="held")
    AttendanceFactory(meeting=recent, person=gina, status="in_attendance")
    AttendanceFactory(meeting=recent, person=oscar, status="deputy", deputy_name="Rita Recent-Deputy")
    action = ActionFactory()
    ProgressUpdate.objects.create(action=action, date=date(2018, 1, 5), note="Audit started", author=olive)
    ChallengeFactory(ref="CH-2017-01", raised_on=date(2017, 6, 7), raised_by_person=olive)
    return {p.name.split()[0].lower(): p for p in (olive, ruth, oscar, uma, gina, nora)}


def figures(year: int) -> list[tuple]:
    """The year's attendance figures as the report shows them."""
    return [
        (
            group.group.name,
            group.planned,
            group.held,
            [(a.agency.name, a.expected, a.attended, a.rate) for a in group.agencies],
            [(p.person.pk, p.expected, p.attended, p.rate) for p in group.people],
        )
        for group in year_figures(ReportingYear(year)).groups
    ]


def test_only_people_whose_every_seat_ended_long_ago_are_anonymised(people):
    olive = people["olive"]
    output = retention()
    assert "Anonymised 1 person" in output and "before 27/11/2020" in output
    stored = {p.pk: p for p in Person.objects.all()}
    assert (stored[olive.pk].name, stored[olive.pk].email, stored[olive.pk].job_title) == (
        f"Former member {olive.pk}",
        None,
        "",
    )
    assert stored[olive.pk].agency == olive.agency  # the agency stays: it counts in the figures
    for kept in ("ruth", "oscar", "uma", "gina", "nora"):
        assert stored[people[kept].pk].name == people[kept].name, kept


def test_the_history_keeps_no_old_name_or_email(people):
    olive = people["olive"]
    assert Person.history.filter(id=olive.pk).count() == 2
    retention()
    versions = Person.history.filter(id=olive.pk)
    assert versions.count() == 3
    assert set(versions.values_list("name", "email", "job_title")) == {(f"Former member {olive.pk}", None, "")}
    assert versions.latest().history_change_reason.startswith("Retention: every seat ended before 27/11/2020")
    assert not Person.history.filter(name__icontains="olive").exists()
    assert not Person.history.filter(email__icontains="olive").exists()


def test_attendance_seats_and_figures_are_unchanged(people):
    before = figures(2017), Attendance.objects.count(), Membership.objects.count()
    retention()
    assert (figures(2017), Attendance.objects.count(), Membership.objects.count()) == before
    olive = people["olive"]
    assert Attendance.objects.filter(person=olive).count() == 2
    assert ProgressUpdate.objects.get().author_id == olive.pk
    assert Challenge.objects.get(ref="CH-2017-01").raised_by_person_id == olive.pk


def test_deputies_names_on_old_registers_are_cleared_and_the_deputy_still_counts(people, manager):
    before = figures(2017)
    # A cancelled and deleted meeting's register lives on in the history only.
    gone = MeetingFactory(group=GroupFactory(name="Old Panel"), date=date(2016, 5, 5), status="held")
    AttendanceFactory(meeting=gone, person=people["ruth"], status="deputy", deputy_name="Della Gone")
    services.meeting_cancel(meeting=gone, reason="inquorate", by=manager)
    services.meeting_delete(meeting=Meeting.objects.get(pk=gone.pk), by=manager)
    assert Attendance.history.filter(deputy_name="Della Gone").exists()
    version = Attendance.objects.get(deputy_name="Dora Deputy-Smith").meeting.version
    assert "and 1 deputies' names on registers before 27/11/2020; nothing changed." in retention("--dry-run")
    assert "cleared 1 deputies' names on registers before 27/11/2020" in retention()
    assert not Attendance.objects.filter(deputy_name__startswith="Dora").exists()
    assert not Attendance.history.filter(deputy_name__startswith="Dora").exists()
    assert Attendance.objects.filter(person=people["oscar"], status="deputy").count() == 2
    # A register inside the retention period keeps its deputy's name.
    assert Attendance.objects.filter(deputy_name="Rita Recent-Deputy").exists()
    assert figures(2017) == before
    assert not Attendance.history.filter(deputy_name="Della Gone").exists()
    # A register form opened before the names were cleared can no longer save them back.
    assert Attendance.objects.get(person=people["oscar"], meeting__date__year=2017).meeting.version == version + 1


def test_running_again_changes_nothing(people):
    retention()
    history = Person.history.count()
    assert "Anonymised 0 people" in retention()
    assert Person.history.count() == history


def test_a_dry_run_lists_who_and_changes_nothing(people):
    history = Person.history.count()
    output = retention("--dry-run")
    assert f"would anonymise {people['olive'].pk}: Olive Older (Constabulary)" in output
    assert "Dry run: 1 person" in output
    assert Person.objects.filter(name="Olive Older").exists() and Person.history.count() == history


def test_the_number_of_years_is_a_setting(people, settings):
    settings.LSCB_RETENTION_YEARS = 3  # seats that ended, and a visit, before 27/11/2023
    assert "Anonymised 3 people" in retention()
    for due in ("olive", "ruth", "gina"):
        assert Person.objects.get(pk=people[due].pk).name == f"Former member {people[due].pk}"


def test_a_failure_half_way_anonymises_nobody(people, settings, monkeypatch):
    settings.LSCB_RETENTION_YEARS = 3
    anonymise = services.person_anonymise
    calls = []

    def fail_on_the_second(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return anonymise(**kwargs)

    monkeypatch.setattr(services, "person_anonymise", fail_on_the_second)
    with pytest.raises(RuntimeError):
        retention()
    assert not Person.objects.filter(name__startswith="Former member").exists()
    assert not Person.history.filter(name__startswith="Former member").exists()


def test_a_wrong_date_says_how_to_write_it(people):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("retention", "--today", "27/11/2026", stdout=StringIO())


def test_the_default_is_six_years():
    from lscb.settings import base

    assert base.LSCB_RETENTION_YEARS == 6
