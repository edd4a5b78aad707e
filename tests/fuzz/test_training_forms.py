"""Fuzzing training: an event (added and edited; more rated good than evaluated, negative numbers,
a cancelled event with attendance, a future one attended) and its attendance by agency, one row
per agency, saved together or not at all."""

from __future__ import annotations

from datetime import date

import pytest
from django import forms as django_forms
from django.utils import timezone
from django.utils.html import escape
from hypothesis import example, given
from hypothesis import strategies as st

from training import forms, services
from training.models import EventKind, TrainingAttendance, TrainingEvent

from . import strategies as s
from .forms import post_model_form
from .harness import CASES, bounded, resolve, rolled_back, row_counts
from .test_dataset_forms import kept_typed, newest, optional, submit_rows

pytestmark = pytest.mark.django_db
EXAMPLES = bounded(10)
FUTURE = "2099-01-01"


def prefix(board) -> str:
    return f"/{board.event.board.slug}/training"


# --- events --------------------------------------------------------------------------------------

COUNT = st.one_of(st.just(""), st.integers(0, 40).map(str))
COUNTS = ["-1", "-0", "100000", "100001", "1.5", "1e3", "NaN", "12 people", "2147483648", "9" * 30]


def count_field():
    return (COUNT, st.one_of(st.sampled_from(COUNTS), s.integers()))


event = s.form(
    title=(s.plain_text(), s.one_line_text()),
    date=(s.plausible_date(low=date(2024, 4, 1)), s.dates()),
    kind=(st.sampled_from(EventKind.values), s.choice(EventKind.values)),
    topic=(st.sampled_from(["", "Neglect", "Domestic abuse"]), s.one_line_text()),
    cancelled=(st.sampled_from([None, None, None, "on"]), s.checkbox()),
    places=count_field(),
    booked=count_field(),
    attended=count_field(),
    evaluations=count_field(),
    rated_good=count_field(),
    notes=(optional(s.plain_text()), s.text()),
    version=(st.just(s.Pick("version")), s.version()),
)
EVENT = {"title": "Neglect toolkit refresher", "date": "2025-09-01", "kind": "course"}


@EXAMPLES
@given(posted=event, edit=st.booleans())
@example(posted={**EVENT, "attended": "10", "evaluations": "8", "rated_good": "9"}, edit=False)
@example(posted={**EVENT, "attended": "10", "evaluations": "12"}, edit=False)
@example(posted={**EVENT, "places": "-1", "booked": "-0"}, edit=False)
@example(posted={**EVENT, "cancelled": "on", "booked": "12", "attended": "3"}, edit=False)
@example(posted={**EVENT, "cancelled": "on", "booked": "12", "evaluations": "2"}, edit=False)
@example(posted={**EVENT, "cancelled": "on", "booked": "12", "attended": "0"}, edit=False)
@example(posted={**EVENT, "date": FUTURE, "booked": "12", "attended": "10"}, edit=False)
@example(posted={**EVENT, "date": FUTURE, "places": "20", "booked": "12"}, edit=False)
@example(posted={**EVENT, "title": "Neglect toolkit", "date": "2025-06-01"}, edit=False)  # held already
@example(posted={**EVENT, "title": "Neglect\r\ntoolkit"}, edit=False)
@example(posted={**EVENT, "attended": "100001"}, edit=False)
@example(posted={**EVENT, "booked": "5", "attended": "9", "version": s.Pick("version")}, edit=True)
@example(posted={**EVENT, "cancelled": "on", "attended": "15", "version": s.Pick("version")}, edit=True)
@example(posted={**EVENT, "version": s.Pick("version", 3)}, edit=True)
def test_event_form(as_manager, board, posted, edit):
    target = TrainingEvent.objects.get(pk=board.event.pk)
    url = f"{prefix(board)}/{target.pk}/edit/" if edit else f"{prefix(board)}/new/"
    data = resolve(posted, board.records, target.version)
    saved = (lambda answer: TrainingEvent.objects.get(pk=target.pk)) if edit else newest(TrainingEvent)
    with rolled_back():
        answer = post_model_form(
            as_manager,
            url,
            posted,
            case="training event",
            records=board.records,
            form=forms.EventForm(instance=target if edit else None, board=target.board),
            saved=saved,
            version=target.version,
            one_line=("title", "topic"),
        )
        kept_typed(answer, data, ("title", "topic", "notes", *forms.COUNTS))
        if answer.saved:
            record = saved(answer)
            assert record.board_id == target.board_id
            counts = {name: getattr(record, name) for name in forms.COUNTS}
            assert all(value is None or 0 <= value <= forms.MOST_PEOPLE for value in counts.values()), counts
            if record.rated_good is not None and record.evaluations is not None:
                assert record.rated_good <= record.evaluations, "more rated good than evaluations returned"
            if record.cancelled:
                assert not record.attended and not record.evaluations, "a cancelled event was attended"
            elif record.date > timezone.localdate():
                assert not record.attended and not record.evaluations, "an event still to come was attended"
            elif record.attended is not None and record.evaluations is not None:
                assert record.evaluations <= record.attended


# --- attendance by agency ------------------------------------------------------------------------

agency_row = st.fixed_dictionaries(
    {
        "agency": st.one_of(st.just(""), s.pick("agency", 3)),
        "booked": COUNT,
        "attended": COUNT,
    }
)
hostile_row = st.fixed_dictionaries(
    {
        "agency": st.one_of(st.just(""), s.pick("agency", 3), s.reference("agency")),
        "booked": st.one_of(COUNT, st.sampled_from(COUNTS), s.integers()),
        "attended": st.one_of(COUNT, st.sampled_from(COUNTS)),
    }
)
attendance = st.one_of(
    st.fixed_dictionaries(
        {
            "rows": st.lists(agency_row, min_size=1, max_size=4),
            "seen": st.just("right"),
            "total": st.none(),
            "cancelled": st.just(False),
            "more": st.none(),
        }
    ),
    st.fixed_dictionaries(
        {
            "rows": st.lists(st.one_of(agency_row, hostile_row), max_size=4),
            "seen": st.sampled_from(["right", "right", "right", "", "0" * 32, "tampered"]),
            "total": st.sampled_from([None, None, None, "", "abc", "301", "-1", "0"]),
            "cancelled": st.booleans(),
            "more": st.sampled_from([None, None, None, None, "1"]),
        }
    ),
)


def whole(text) -> int | None:
    """A number of people as Django reads a whole number (blank: none given)."""
    return django_forms.IntegerField(required=False).clean(text)


def attendance_data(posted, board, event) -> dict:
    seen = posted["seen"]
    if seen == "right":
        seen = services.attendance_fingerprint(TrainingAttendance.objects.filter(event=event))
    data = {"seen": seen, "rows-INITIAL_FORMS": "0"}
    data["rows-TOTAL_FORMS"] = str(len(posted["rows"])) if posted["total"] is None else posted["total"]
    if posted["more"]:
        data["more"] = posted["more"]
    for number, values in enumerate(posted["rows"]):
        for name, value in resolve(values, board.records).items():
            data[f"rows-{number}-{name}"] = value
    return data


def lines_of(event) -> dict[int, tuple]:
    return {line.agency_id: (line.booked, line.attended) for line in TrainingAttendance.objects.filter(event=event)}


def police(booked: str, attended: str) -> dict:
    return {"agency": s.Pick("agency", 1), "booked": booked, "attended": attended}


def council(booked: str, attended: str) -> dict:
    return {"agency": s.Pick("agency", 0), "booked": booked, "attended": attended}


ONE = {"seen": "right", "total": None, "cancelled": False, "more": None}


@bounded(20)
@given(posted=attendance)
@example(posted={**ONE, "rows": [police("6", "5"), council("4", "0")]})
@example(posted={**ONE, "rows": [police("", "")]})  # the police's line cleared: removed
@example(posted={**ONE, "rows": [council("4", "1"), council("2", "2")]})
@example(posted={**ONE, "rows": [{"agency": "", "booked": "3", "attended": ""}]})
@example(posted={**ONE, "rows": [council("-1", "2")]})
@example(posted={**ONE, "rows": [council("100001", "")]})
@example(posted={**ONE, "rows": [council("3", "1.5")]})
@example(posted={**ONE, "rows": [{"agency": "999999", "booked": "3", "attended": "1"}]})
@example(posted={**ONE, "cancelled": True, "rows": [police("6", "5"), council("4", "2")]})
@example(posted={**ONE, "cancelled": True, "rows": [police("6", "5"), council("4", "")]})
@example(posted={**ONE, "seen": "tampered", "rows": [council("4", "2")]})
@example(posted={**ONE, "total": "301", "rows": [council("4", "2")]})
@example(posted={**ONE, "more": "1", "rows": [council("4", "<script>")]})
def test_event_attendance(as_manager, board, posted):
    event = TrainingEvent.objects.get(pk=board.event.pk)
    url = f"{prefix(board)}/{event.pk}/attendance/"
    with rolled_back():
        if posted["cancelled"]:  # as an earlier save left it: cancelled, nobody counted as attending
            TrainingEvent.objects.filter(pk=event.pk).update(cancelled=True, attended=None, evaluations=None)
            event.refresh_from_db()
        data = attendance_data(posted, board, event)
        before = lines_of(event)
        if posted["more"]:  # more rows: nothing saved, every row as typed, blank ones under them
            CASES["training attendance"] += 1
            counts = row_counts()
            response = as_manager.post(url, data)
            assert response.status_code == 200
            assert row_counts() == counts and lines_of(event) == before
            page = response.content.decode()
            for values in posted["rows"] if posted["total"] is None else []:
                for name in ("booked", "attended"):
                    if isinstance(values[name], str) and values[name].strip():
                        assert f'value="{escape(values[name])}"' in page, f"lost what was typed: {values!r}"
            return
        answer = submit_rows(as_manager, url, data, case="training attendance")
        for booked, attended in lines_of(event).values():  # whatever was posted
            assert all(n is None or 0 <= n <= forms.MOST_PEOPLE for n in (booked, attended))
        if answer.saved and posted["total"] is not None:
            pass  # a forged row count: the rows Django reads are not the rows typed
        elif answer.saved:
            expected = {}
            for number in range(len(posted["rows"])):
                agency = data.get(f"rows-{number}-agency", "")
                booked = whole(data.get(f"rows-{number}-booked", ""))
                attended = whole(data.get(f"rows-{number}-attended", ""))
                if booked is None and attended is None:
                    continue  # a blank row, or a line cleared: nothing kept
                expected[int(agency)] = (booked, attended)
            assert lines_of(event) == expected, f"stored {lines_of(event)!r}, posted {data!r}"
            for booked, attended in expected.values():
                assert all(n is None or 0 <= n <= forms.MOST_PEOPLE for n in (booked, attended))
                if event.cancelled:
                    assert not attended or (booked, attended) in before.values(), "attendance at a cancelled event"
        else:
            assert lines_of(event) == before
            rows = answer.page.context.get("formset")
            if rows is not None and rows.forms:
                fields = [f"rows-{n}-{name}" for n in range(len(rows.forms)) for name in ("booked", "attended")]
                kept_typed(answer, data, fields)


def test_a_refused_row_names_the_agency(as_manager, board):
    """Attendance at a cancelled event is refused on the row, naming the agency."""
    event = TrainingEvent.objects.get(pk=board.event.pk)
    TrainingEvent.objects.filter(pk=event.pk).update(cancelled=True, attended=None, evaluations=None)
    event.refresh_from_db()
    data = attendance_data({**ONE, "rows": [council("4", "2")]}, board, event)
    answer = submit_rows(as_manager, f"{prefix(board)}/{event.pk}/attendance/", data, case="training attendance")
    assert not answer.saved
    assert "nobody from Westshire Council attended it" in answer.page.content.decode()
