"""Fuzzing the governance forms: agencies, people, groups, memberships, meetings, the register,
cancelling and scheduling."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import resolve as resolve_url
from hypothesis import example, given
from hypothesis import strategies as st

from governance import forms, services
from governance.models import (
    Agency,
    AttendanceStatus,
    CancelReason,
    Expected,
    Frequency,
    Group,
    GroupKind,
    Meeting,
    Membership,
    Person,
    Role,
    Sector,
)
from lscb.concurrency import VersionField
from tests.factories import default_board

from . import strategies as s
from .forms import post_model_form
from .harness import bounded, check_one_line, resolve, rolled_back, submit

pytestmark = pytest.mark.django_db
# The address of the board the fixture's records belong to (tests.factories.default_board).
SLUG = "nscp"
EXAMPLES = bounded(24)


def newest(model):
    return lambda answer: model.objects.order_by("-pk").first()


def from_url(model):
    return lambda answer: model.objects.get(pk=resolve_url(answer.response["Location"]).kwargs["pk"])


agency = s.form(
    name=(s.plain_text(), s.one_line_text()),
    short_name=(st.one_of(st.just(""), s.plain_text(20)), s.one_line_text()),
    sector=(st.sampled_from(Sector.values), s.choice(Sector.values)),
    statutory_partner=(st.sampled_from([None, "on"]), s.checkbox()),
    active=(st.sampled_from([None, "on"]), s.checkbox()),
)


@EXAMPLES
@given(posted=agency, edit=st.booleans())
@example(posted={"name": '=HYPERLINK("x")', "short_name": "", "sector": "police"}, edit=False)
@example(posted={"name": "NUL\x00here", "short_name": "", "sector": "police"}, edit=True)
@example(posted={"name": "Police\r\nhttps://evil.example", "short_name": "", "sector": "police"}, edit=False)
@example(posted={"name": "Police", "short_name": "Pol\u2028ice", "sector": "police"}, edit=True)
def test_agency_form(as_manager, board, posted, edit):
    target = board.records["agency"][1]
    url = f"/{SLUG}/agencies/{target.pk}/edit/" if edit else f"/{SLUG}/agencies/new/"
    with rolled_back():
        post_model_form(
            as_manager,
            url,
            posted,
            case="agency",
            records=board.records,
            form=forms.AgencyForm(),
            saved=from_url(Agency),
            one_line=("name", "short_name"),
        )


person = s.form(
    name=(s.plain_text(), s.one_line_text()),
    email=(st.one_of(st.just(""), st.emails().map(str)), s.text(30)),
    agency=(st.one_of(st.just(""), s.pick("agency", 3)), s.reference("agency")),
    job_title=(st.one_of(st.just(""), s.plain_text()), s.one_line_text()),
    user=(st.just(""), s.reference("user")),
)


def person_adjust(expected, record):
    # The service keeps emails in lower case, and a blank one as no email.
    expected["email"] = (expected["email"] or "").strip().lower() or None


@EXAMPLES
@given(posted=person, edit=st.booleans())
@example(posted={"name": "Ann Chair", "email": "", "agency": "", "job_title": "", "user": ""}, edit=False)
@example(posted={"name": "Zed", "email": "ANN@Council.Example", "agency": "", "job_title": "", "user": ""}, edit=False)
def test_person_form(as_manager, board, posted, edit):
    target = board.records["person"][2]
    url = f"/{SLUG}/people/{target.pk}/edit/" if edit else f"/{SLUG}/people/new/"
    with rolled_back():
        post_model_form(
            as_manager,
            url,
            posted,
            case="person",
            records=board.records,
            form=forms.PersonForm(instance=target if edit else None),
            saved=from_url(Person),
            adjust=person_adjust,
            one_line=("name", "job_title"),
        )


group = s.form(
    name=(s.plain_text(), s.one_line_text()),
    short_name=(st.one_of(st.just(""), s.plain_text(20)), s.one_line_text()),
    kind=(st.sampled_from(GroupKind.values), s.choice(GroupKind.values)),
    parent=(st.one_of(st.just(""), s.pick("group", 3)), s.reference("group")),
    joint_with=(st.one_of(st.just(""), s.plain_text()), s.one_line_text()),
    chaired_by=(st.one_of(st.just(""), s.plain_text()), s.one_line_text()),
    frequency=(st.sampled_from(["", *Frequency.values]), s.choice(Frequency.values)),
    planned_per_year=(st.one_of(st.just(""), st.integers(1, 12).map(str)), s.integers()),
    active_from=(st.one_of(st.just(""), s.plausible_date()), s.dates()),
    active_to=(st.just(""), s.dates()),
)


@EXAMPLES
@given(posted=group, edit=st.booleans())
@example(
    posted={"name": "New group", "kind": "panel", "parent": s.Pick("group", 1), "active_from": "9999-12-31"},
    edit=False,
)
@example(posted={"name": "Loop", "kind": "panel", "parent": s.Pick("group", 2)}, edit=True)
def test_group_form(as_manager, board, posted, edit):
    target = board.records["group"][0]
    url = f"/{SLUG}/groups/{target.pk}/edit/" if edit else f"/{SLUG}/groups/new/"
    with rolled_back():
        post_model_form(
            as_manager,
            url,
            posted,
            case="group",
            records=board.records,
            form=forms.GroupForm(instance=target if edit else None, board=default_board()),
            saved=from_url(Group),
            one_line=("name", "short_name", "joint_with", "chaired_by"),
        )


membership = s.form(
    group=(s.pick("group", 3), s.reference("group")),
    person=(s.pick("person", 4), s.reference("person")),
    agency=(st.one_of(st.just(""), s.pick("agency", 3)), s.reference("agency")),
    role=(st.sampled_from(Role.values), s.choice(Role.values)),
    expected=(st.sampled_from(Expected.values), s.choice(Expected.values)),
    start=(s.plausible_date(), s.dates()),
    end=(st.just(""), s.dates()),
)


def membership_adjust(expected, record):
    # A seat represents the person's own agency unless another is chosen.
    if expected["agency"] is None and expected["person"] is not None:
        expected["agency"] = expected["person"].agency


@EXAMPLES
@given(posted=membership, edit=st.booleans())
@example(
    posted={"group": s.Pick("group", 1), "person": s.Pick("person", 0), "role": "member", "expected": "all"},
    edit=False,
)
@example(
    posted={
        "group": s.Pick("group", 0),
        "person": s.Pick("person", 0),
        "role": "member",
        "expected": "all",
        "start": "2015-04-01",
    },
    edit=False,
)
def test_membership_form(as_manager, board, posted, edit):
    url = f"/{SLUG}/memberships/{board.seat.pk}/edit/" if edit else f"/{SLUG}/memberships/new/"
    saved = (lambda answer: Membership.objects.get(pk=board.seat.pk)) if edit else newest(Membership)
    with rolled_back():
        post_model_form(
            as_manager,
            url,
            posted,
            case="membership",
            records=board.records,
            form=forms.MembershipForm(instance=board.seat if edit else None),
            saved=saved,
            adjust=membership_adjust,
        )


meeting = s.form(
    group=(s.pick("group", 3), s.reference("group")),
    date=(s.plausible_date(high=date(2028, 3, 31)), s.dates()),
    note=(st.one_of(st.just(""), s.plain_text()), s.text()),
    version=(st.just(s.Pick("version")), s.version()),
)


@EXAMPLES
@given(posted=meeting, edit=st.booleans())
@example(posted={"group": s.Pick("group", 0), "date": "9999-12-31", "note": ""}, edit=False)
@example(
    posted={"group": s.Pick("group", 0), "date": "0001-01-01", "note": "<script>", "version": s.Pick("version")},
    edit=True,
)
@example(posted={"group": s.Pick("group", 0), "date": "2026-10-07", "note": ""}, edit=False)
def test_meeting_form(as_manager, board, posted, edit):
    url = f"/{SLUG}/meetings/{board.later.pk}/edit/" if edit else f"/{SLUG}/meetings/new/"
    with rolled_back():
        post_model_form(
            as_manager,
            url,
            posted,
            case="meeting",
            records=board.records,
            form=forms.MeetingForm(instance=board.later if edit else None),
            saved=from_url(Meeting),
            version=board.later.version,
        )


@EXAMPLES
@given(
    version=st.one_of(st.just(s.Pick("version")), s.stale_version()),
    meanwhile=st.booleans(),
    note=st.one_of(s.plain_text(), s.text()),
)
@example(version=s.Pick("version"), meanwhile=True, note="Mine")
@example(version=None, meanwhile=False, note="Mine")
@example(version=s.Pick("version", -1), meanwhile=False, note="Mine")
def test_meeting_edit_never_overwrites_a_later_change(as_manager, manager, board, version, meanwhile, note):
    """A form opened at one version: saved only at the stored one; a cancellation note written
    meanwhile stays."""
    with rolled_back():
        meeting = Meeting.objects.get(pk=board.later.pk)
        posted = {"group": str(meeting.group_id), "date": meeting.date.isoformat(), "note": note, "version": version}
        data = resolve(posted, board.records, meeting.version)
        if meanwhile:
            services.meeting_cancel(meeting=meeting, reason="inquorate", note="Cancelled meanwhile", by=manager)
        current = Meeting.objects.get(pk=meeting.pk).version
        answer = submit(as_manager, f"/{SLUG}/meetings/{meeting.pk}/edit/", data, case="meeting-stale")
        if answer.saved:
            assert VersionField().clean(data.get("version")) == current, f"saved from {data.get('version')!r}"
        elif meanwhile:
            assert Meeting.objects.get(pk=meeting.pk).note == "Cancelled meanwhile"


def register_rows(board):
    """The members on the register of the past meeting: Ann and Bob every meeting, Carol for items."""
    return board.people[:3]


row = s.form(
    status=(st.sampled_from(["present", "apologies", "absent"]), s.choice(["", *AttendanceStatus.values])),
    deputy_name=(st.just(""), s.one_line_text()),
    note=(st.one_of(st.just(""), s.plain_text()), s.text()),
)
# A guest new to the board (people on record are added through the guest search).
guest = s.form(
    name=(s.plain_text(), s.one_line_text()),
    agency=(st.one_of(st.just(""), s.pick("agency", 3)), s.reference("agency")),
    note=(st.one_of(st.just(""), s.plain_text()), s.text()),
)


@EXAMPLES
@given(
    rows=st.lists(row, min_size=3, max_size=3),
    guests=st.lists(guest, max_size=1),
    version=st.one_of(st.just(s.Pick("version")), s.version()),
)
@example(
    rows=[{"status": "present"}, {"status": "deputy", "deputy_name": "Dan\x00"}, {"status": ""}],
    guests=[],
    version=s.Pick("version"),
)
@example(
    rows=[{"status": "present"}, {"status": "apologies", "note": "x" * 501}, {"status": ""}],
    guests=[{"name": "New guest", "note": "=1+1"}],
    version=s.Pick("version"),
)
@example(
    rows=[{"status": "present"}, {"status": "deputy", "deputy_name": "Dan\nDeputy"}, {"status": ""}],
    guests=[{"name": "New\u2029guest"}],
    version=s.Pick("version"),
)
@example(
    rows=[{"status": "present"}, {"status": "present"}, {"status": "present"}],
    guests=[{"name": "0", "agency": "0"}],  # an agency that is not one: said under the guest's box
    version=s.Pick("version"),
)
def test_register(as_manager, board, rows, guests, version):
    meeting = Meeting.objects.get(pk=board.past.pk)
    posted = {"version": version}
    for person, values in zip(register_rows(board), rows, strict=True):
        posted.update({f"p{person.pk}-{name}": value for name, value in values.items()})
    for index, values in enumerate(guests):
        posted.update({f"guest{index}-{name}": value for name, value in values.items()})
    with rolled_back():
        data = resolve(posted, board.records, meeting.version)
        answer = submit(as_manager, f"/{SLUG}/meetings/{meeting.pk}/record/", data, case="register")
        names = [f"p{person.pk}-deputy_name" for person in register_rows(board)]
        check_one_line(answer, data, names + [f"guest{index}-name" for index in range(len(guests))])
        if answer.saved:
            meeting = Meeting.objects.get(pk=meeting.pk)
            assert meeting.status == "held"
            for person in register_rows(board):
                status = data.get(f"p{person.pk}-status", "")
                stored = meeting.attendances.filter(person=person).first()
                if not status:
                    assert stored is None
                    continue
                assert (stored.status, stored.deputy_name, stored.note) == (
                    status,
                    data.get(f"p{person.pk}-deputy_name", "").strip(),
                    data.get(f"p{person.pk}-note", "").strip(),
                )


@EXAMPLES
@given(
    posted=s.form(
        cancel_reason=(st.sampled_from(CancelReason.values), s.choice(CancelReason.values)),
        note=(st.one_of(st.just(""), s.plain_text()), s.text()),
        version=(st.just(s.Pick("version")), s.version()),
    ),
    which=st.sampled_from(["past", "later"]),
)
@example(posted={"cancel_reason": "inquorate", "note": "\x00", "version": s.Pick("version")}, which="past")
def test_cancel(as_manager, board, posted, which):
    meeting = Meeting.objects.get(pk=getattr(board, which).pk)
    with rolled_back():
        data = resolve(posted, board.records, meeting.version)
        answer = submit(as_manager, f"/{SLUG}/meetings/{meeting.pk}/cancel/", data, case="cancel")
        if answer.saved:
            meeting = Meeting.objects.get(pk=meeting.pk)
            assert (meeting.status, meeting.cancel_reason) == ("cancelled", data["cancel_reason"])
            if data["note"].strip():
                assert meeting.note == data["note"].strip()


@EXAMPLES
@given(
    posted=s.form(
        year=(st.sampled_from(["2025-26", "2026-27", "2027-28"]), s.text(10)),
        week=(st.sampled_from("12345"), s.choice(range(1, 6))),
        weekday=(st.sampled_from("01234"), s.choice(range(0, 5))),
    ),
    which=st.integers(0, 2),
)
@example(posted={"year": "2026-27", "week": "5", "weekday": "4"}, which=2)
def test_schedule(as_manager, board, posted, which):
    group = board.groups[which]
    before = set(Meeting.objects.values_list("pk", flat=True))
    with rolled_back():
        answer = submit(as_manager, f"/{SLUG}/groups/{group.pk}/schedule/", posted, case="schedule")
        if answer.saved:
            added = Meeting.objects.exclude(pk__in=before)
            assert {m.date.weekday() for m in added} <= {int(posted["weekday"])}
            assert all(m.group_id == group.pk and m.status == "planned" for m in added)
