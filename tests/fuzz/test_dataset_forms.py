"""Fuzzing the dataset: an indicator (added and edited), one value (added and edited; periods in
every form, junk included; values negative, blank, huge, written as money or in powers of ten),
and the "Enter the latest figures" page, several rows at once. A blank value is "not reported"
(None), never 0; a saved value is exactly what was typed."""

from __future__ import annotations

import contextlib
from decimal import Decimal

import pytest
from django.utils.html import escape
from hypothesis import example, given
from hypothesis import strategies as st

from dataset import forms
from dataset.models import Better, Frequency, Indicator, IndicatorValue, Unit
from dataset.periods import Period, PeriodError, PeriodKind

from . import strategies as s
from .forms import post_model_form
from .harness import CASES, SAVED, Answer, bounded, resolve, rolled_back, row_counts, shown_errors

pytestmark = pytest.mark.django_db
EXAMPLES = bounded(10)


def prefix(board) -> str:
    return f"/{board.indicator.board.slug}/dataset"


def newest(model):
    return lambda answer: model.objects.order_by("-pk").first()


def fresh(record):
    return lambda answer: type(record).objects.get(pk=record.pk)


def kept_typed(answer: Answer, data: dict, fields) -> None:
    """A refused form shows again what was typed in its text fields."""
    if answer.saved:
        return
    content = answer.page.content.decode()
    for name in fields:
        value = data.get(name)
        if isinstance(value, str) and value.strip():
            assert escape(value) in content, f"lost what was typed in {name}: {value!r}"


def optional(strategy):
    return st.one_of(st.just(""), strategy)


def typed_number(text: str) -> Decimal | None:
    """A number as typed: blank is None ("not reported"), never 0."""
    text = (text or "").strip()
    return None if not text else Decimal(text)


# --- rows of a formset: errors on any row, or on the whole ---------------------------------------


def rows_errors(response) -> list[str]:
    """Every message the page shows: the page's, the formset's, and each row's."""
    found = list(shown_errors(response))
    context = response.context if response.context is not None else {}
    formset = context.get("formset")
    if formset is not None:
        found += [str(e) for e in formset.non_form_errors()]
        for form in getattr(formset, "forms", []):
            found += [str(e) for errors in form.errors.values() for e in errors]
    found += [str(problem) for problem in context.get("problems") or []]
    content = response.content.decode()
    return [message for message in found if escape(message) in content]


def submit_rows(client, url: str, data: dict, *, case: str) -> Answer:
    """POST a formset page: saved (a redirect to a page with no error), or refused with a
    visible message, no row of any table changed and never a 500."""
    CASES[case] += 1
    before = row_counts()
    response = client.post(url, data)
    assert response.status_code < 500, f"{response.status_code} for {data!r}"
    if response.status_code == 302:
        page = client.get(response["Location"])
        assert page.status_code == 200, f"the page after saving answered {page.status_code}"
        if not shown_errors(page):
            SAVED[case] += 1
            return Answer(True, response, page)
    else:
        assert response.status_code in (200, 400, 409), response.status_code
        page = response
        assert rows_errors(response), f"refused without a visible message: {data!r}"
    assert row_counts() == before, f"a refused form changed the database: {data!r}"
    return Answer(False, response, page)


# --- indicators ----------------------------------------------------------------------------------

NUMBERS = [
    "0",
    "-5",
    "-0",
    "1e5",
    "1E+20",
    "1e-5",
    "£1,234.56",
    "1,234",
    "1234.56",
    "12.3456",
    "12.34567",
    "999999999999.9999",
    "9999999999999",
    "9" * 60,
    "0.00001",
    "NaN",
    "inf",
    " 7 ",
    "٣",
    "12%",
]


def number_field():
    plausible = optional(
        st.one_of(
            st.integers(-50, 100_000).map(str),
            st.decimals(min_value=-1000, max_value=10**6, places=2, allow_nan=False).map(str),
        )
    )
    return (plausible, st.one_of(st.sampled_from(NUMBERS), s.integers(), s.text(12)))


indicator = s.form(
    name=(s.plain_text(), s.one_line_text()),
    unit=(st.sampled_from(Unit.values), s.choice(Unit.values)),
    better=(st.sampled_from(Better.values), s.choice(Better.values)),
    frequency=(st.sampled_from(Frequency.values), s.choice(Frequency.values)),
    source=(optional(s.pick("agency", 3)), s.reference("agency")),
    target=number_field(),
    priority=(optional(s.pick("priority", 2)), s.reference("priority")),
    on_dashboard=(st.sampled_from([None, "on"]), s.checkbox()),
    description=(optional(s.plain_text()), s.text()),
    version=(st.just(s.Pick("version")), s.version()),
)


MONTHLY_COUNT = {"unit": "count", "better": "lower", "frequency": "monthly"}


def indicator_adjust(expected, record):
    expected["name"] = " ".join(expected["name"].split())  # spaces run together, as the list sorts it


@EXAMPLES
@given(posted=indicator, edit=st.booleans())
@example(posted={"name": "Children missing from home: episodes", **MONTHLY_COUNT}, edit=False)
@example(posted={"name": "  Repeat   referrals ", **MONTHLY_COUNT}, edit=False)
@example(posted={"name": "Missing\r\nForged", **MONTHLY_COUNT}, edit=False)
@example(posted={"name": "Episodes", **MONTHLY_COUNT, "target": "£1,234.56", "version": "1"}, edit=True)
@example(posted={"name": "Episodes", **MONTHLY_COUNT, "target": "-5", "frequency": "yearly"}, edit=False)
@example(posted={"name": "Episodes", **MONTHLY_COUNT, "target": "1e5", "version": "1"}, edit=True)
@example(posted={"name": "Episodes", **MONTHLY_COUNT, "target": "9" * 60}, edit=False)
@example(posted={"name": "Episodes", **MONTHLY_COUNT, "unit": "RATE", "version": s.Pick("version", -1)}, edit=True)
def test_indicator_form(as_manager, board, posted, edit):
    target = Indicator.objects.get(pk=board.indicator.pk)
    url = f"{prefix(board)}/indicators/{target.pk}/edit/" if edit else f"{prefix(board)}/indicators/new/"
    data = resolve(posted, board.records, target.version)
    with rolled_back():
        answer = post_model_form(
            as_manager,
            url,
            posted,
            case="indicator",
            records=board.records,
            form=forms.IndicatorForm(instance=target if edit else None, board=target.board),
            saved=fresh(target) if edit else newest(Indicator),
            version=target.version,
            adjust=indicator_adjust,
            one_line=("name",),
        )
        kept_typed(answer, data, ("name", "description", "target"))
        if answer.saved:
            record = (fresh(target) if edit else newest(Indicator))(answer)
            assert record.board_id == target.board_id
            if not (data.get("target") or "").strip():
                assert record.target is None, "a blank target became a number"


# --- one value -----------------------------------------------------------------------------------

PERIODS = ["2025-04", "2025-4", "2026-03", "2025-26 Q1", "2025-26 q4", "2025-26", "2024-25", "2026-03-31"]
JUNK_PERIODS = [
    "2025-13",
    "2025-00",
    "2025-26 Q5",
    "2025-26 Q0",
    "2025-27",
    "2025/26",
    "Q1 2025-26",
    "April 2025",
    "2026-02-30",
    "2025-26Q3",
    "2025-2027",
    "9999-12",
    "1999-2000",
    "2010-11",
    "",
    " ",
]
# Never a period, whatever the indicator's frequency.
NOT_PERIODS = {"2025-13", "2025-00", "2025-26 Q5", "2025-26 Q0", "2025-27", "2025/26", "Q1 2025-26", "April 2025"}
NOT_PERIODS |= {"2026-02-30", "2025-2027", "", " "}


def period_field():
    return (st.sampled_from(PERIODS), st.one_of(st.sampled_from(JUNK_PERIODS), s.text(20)))


value = s.form(
    area=(st.sampled_from(["", "", "North", "Team A"]), s.one_line_text()),
    period=period_field(),
    value=number_field(),
    comparator=number_field(),
    comparator_name=(st.sampled_from(["", "England", "statistical neighbours"]), s.one_line_text()),
    note=(optional(s.plain_text()), s.text()),
    version=(st.just(s.Pick("version")), s.version()),
)
VALUE_TEXT = ("area", "period", "value", "comparator", "comparator_name", "note")


def value_adjust(indicator):
    def adjust(expected, record):
        expected["area"] = " ".join(expected["area"].split())
        expected["period"] = Period.parse(expected["period"], yearly=indicator.frequency == Frequency.YEARLY).code

    return adjust


@EXAMPLES
@given(posted=value, target=st.sampled_from(["new", "new yearly", "edit"]))
@example(posted={"period": "2025-13", "value": "5"}, target="new")
@example(posted={"period": "2025-26 Q5", "value": "5"}, target="edit")
@example(posted={"period": "2010-11", "value": "5"}, target="new")
@example(posted={"period": "2010-11", "value": "5"}, target="new yearly")
@example(posted={"period": "2025-04", "value": "5"}, target="new yearly")
@example(posted={"period": "2025-04", "value": "5"}, target="new")  # April's is recorded already
@example(posted={"period": "2025-05", "value": ""}, target="new")
@example(posted={"period": "2025-05", "value": "-5", "note": "A correction"}, target="new")
@example(posted={"period": "2025-05", "value": "1e5"}, target="new")
@example(posted={"period": "2025-05", "value": "£1,234.56"}, target="new")
@example(posted={"period": "2025-05", "value": "9" * 60}, target="new")
@example(posted={"period": "2025-05", "value": "12.34567"}, target="new")
@example(posted={"period": "2025-05", "value": "3", "comparator": "4"}, target="new")
@example(posted={"period": "2025-04", "value": "", "version": s.Pick("version")}, target="edit")
@example(posted={"period": "2025-04", "value": "53", "version": s.Pick("version", 1)}, target="edit")
@example(posted={"period": "2025-04", "value": "53", "area": "North\nSouth"}, target="new")
def test_value_form(as_manager, board, posted, target):
    indicator = Indicator.objects.get(pk=(board.yearly if target == "new yearly" else board.indicator).pk)
    stored = IndicatorValue.objects.get(pk=board.value.pk)
    if target == "edit":
        url = f"{prefix(board)}/indicators/{indicator.pk}/values/{stored.pk}/edit/"
        instance, saved, version = stored, fresh(stored), stored.version
    else:
        url = f"{prefix(board)}/indicators/{indicator.pk}/values/new/"
        instance, saved, version = None, newest(IndicatorValue), None
    posted = {"period": "", "area": "", "value": "", **posted}
    data = resolve(posted, board.records, version)
    with rolled_back():
        answer = post_model_form(
            as_manager,
            url,
            posted,
            case="value",
            records=board.records,
            form=forms.IndicatorValueForm(instance=instance, indicator=indicator),
            saved=saved,
            version=version,
            adjust=value_adjust(indicator),
            one_line=("area", "comparator_name"),
        )
        kept_typed(answer, data, VALUE_TEXT)
        period = data["period"]
        if period in NOT_PERIODS:
            assert not answer.saved, f"saved the period {period!r}"
        if answer.saved:
            record = saved(answer)
            assert record.indicator_id == indicator.pk
            assert record.value == typed_number(data["value"]), f"stored {record.value!r} for {data['value']!r}"
            assert (record.value is None) == (not data["value"].strip()), "a blank value is not reported, never 0"
            parsed = Period.parse(record.period, yearly=indicator.frequency == Frequency.YEARLY)
            assert (record.period_kind, record.starts_on, record.ends_on) == (
                parsed.kind,
                parsed.starts_on,
                parsed.ends_on,
            )
            if period.strip() == "2010-11":
                kind = PeriodKind.YEAR if indicator.frequency == Frequency.YEARLY else PeriodKind.MONTH
                assert record.period_kind == kind, "2010-11 read the wrong way for the indicator"
            assert (
                IndicatorValue.objects.filter(indicator=indicator, area=record.area, period=record.period).count() == 1
            )


@pytest.mark.parametrize("page", ["value", "latest figures"])
def test_a_month_of_the_year_nought_is_refused(as_manager, board, page):
    if page == "value":
        url, data = f"{prefix(board)}/indicators/{board.indicator.pk}/values/new/", {"value": "5"}
    else:
        url, data = f"{prefix(board)}/latest/", {"agency": str(board.indicator.source_id)}
    with rolled_back():
        answer = submit_rows(as_manager, url, {**data, "period": "0000-01"}, case=page)
        assert not answer.saved


# --- the latest figures of a source agency, in one sitting ------------------------------------------

row = st.fixed_dictionaries(
    {
        "value": st.one_of(number_field()[0], number_field()[1]),
        "not_reported": st.sampled_from([None, None, None, "on"]),
        "comparator": st.one_of(st.just(""), st.just(""), number_field()[1]),
        "comparator_name": st.one_of(st.sampled_from(["", "", "England"]), s.one_line_text()),
        "note": st.one_of(st.just(""), s.plain_text(), s.text()),
        # The stored value's version as the page gave it (right), none, or tampered with.
        "version": st.sampled_from(["right", "right", "right", "", "0", "7", "abc"]),
    }
)
plausible_row = st.fixed_dictionaries(
    {
        "value": number_field()[0],
        "not_reported": st.sampled_from([None, None, None, "on"]),
        "comparator": st.just(""),
        "comparator_name": st.just(""),
        "note": st.one_of(st.just(""), s.plain_text()),
        "version": st.just("right"),
    }
).map(lambda row: {**row, "value": "" if row["not_reported"] else row["value"]})
# Half the time figures a person might enter for a period every indicator can have; otherwise anything.
sitting = st.one_of(
    st.fixed_dictionaries(
        {
            "agency": st.just(s.Pick("agency", 1)),
            "period": st.sampled_from(["2025-05", "2025-26", "2025-26 Q1", "2024-25 Q4"]),
            "rows": st.lists(plausible_row, min_size=2, max_size=2),
            "total": st.none(),
        }
    ),
    st.fixed_dictionaries(
        {
            "agency": st.one_of(st.just(s.Pick("agency", 1)), st.just(s.Pick("agency", 1)), s.reference("agency")),
            "period": st.one_of(st.sampled_from(["2025-04", "2025-05", "2025-26", "2025-26 Q1"]), period_field()[1]),
            "rows": st.lists(st.one_of(plausible_row, row), min_size=2, max_size=2),
            "total": st.sampled_from([None, None, None, None, "", "1", "3", "0", "501", "abc"]),
        }
    ),
)


def sitting_data(posted, board) -> tuple[dict, list[Indicator]]:
    """The page as posted: the agency and period chosen, and one row per indicator of the agency."""
    indicators = list(Indicator.objects.filter(source=board.indicator.source).order_by("name", "pk"))
    data = resolve({"agency": posted["agency"], "period": posted["period"]}, board.records)
    rows = posted["rows"]
    data["form-TOTAL_FORMS"] = str(len(rows)) if posted["total"] is None else posted["total"]
    data["form-INITIAL_FORMS"] = str(len(rows))
    for number, (values, indicator) in enumerate(zip(rows, indicators, strict=False)):
        data[f"form-{number}-indicator"] = str(indicator.pk)
        version = values["version"]
        if version == "right":
            version = ""
            with contextlib.suppress(PeriodError, ValueError):
                code = Period.parse(posted["period"], yearly=indicator.frequency == Frequency.YEARLY).code
                stored = IndicatorValue.objects.filter(indicator=indicator, area="", period=code).first()
                version = str(stored.version) if stored is not None else ""
        data[f"form-{number}-version"] = version
        for name, value in values.items():
            if name != "version" and value is not None:
                data[f"form-{number}-{name}"] = value
    return data, indicators


def typed_row(data: dict, number: int) -> dict | None:
    """What a row says, as a person reads it; None when the row is left blank."""
    get = lambda name: data.get(f"form-{number}-{name}", "")  # noqa: E731
    blank = not any(get(name).strip() for name in ("value", "comparator", "comparator_name", "note"))
    if blank and not get("not_reported"):
        return None
    return {
        "value": None if get("not_reported") else typed_number(get("value")),
        "comparator": typed_number(get("comparator")),
        "comparator_name": get("comparator_name").strip(),
        "note": get("note").strip(),
    }


@bounded(20)
@given(posted=sitting)
@example(
    posted={
        "agency": s.Pick("agency", 1),
        "period": "2025-05",
        "rows": [
            {"value": "130", "not_reported": None, "comparator": "", "comparator_name": "", "note": "", "version": ""},
            {"value": "", "not_reported": "on", "comparator": "", "comparator_name": "", "note": "", "version": ""},
        ],
        "total": None,
    }
)
@example(
    posted={
        "agency": s.Pick("agency", 1),
        "period": "2025-04",
        "rows": [
            {
                "value": "",
                "not_reported": None,
                "comparator": "",
                "comparator_name": "",
                "note": "",
                "version": "right",
            },
            {"value": "12.5", "not_reported": None, "comparator": "", "comparator_name": "", "note": "", "version": ""},
        ],
        "total": None,
    }
)
@example(
    posted={
        "agency": s.Pick("agency", 1),
        "period": "2010-11",
        "rows": [
            {"value": "-5", "not_reported": None, "comparator": "", "comparator_name": "", "note": "", "version": ""},
            {"value": "1e5", "not_reported": None, "comparator": "", "comparator_name": "", "note": "", "version": ""},
        ],
        "total": None,
    }
)
@example(
    posted={
        "agency": s.Pick("agency", 1),
        "period": "2025-04",
        "rows": [
            {
                "value": "£1,234.56",
                "not_reported": "on",
                "comparator": "3",
                "comparator_name": "",
                "note": "",
                "version": "7",
            },
            {
                "value": "9" * 60,
                "not_reported": None,
                "comparator": "",
                "comparator_name": "",
                "note": "",
                "version": "",
            },
        ],
        "total": None,
    }
)
@example(
    posted={
        "agency": s.Pick("agency", 1),
        "period": "2025-13",
        "rows": [
            {"value": "1", "not_reported": None, "comparator": "", "comparator_name": "", "note": "", "version": ""},
            {"value": "2", "not_reported": None, "comparator": "", "comparator_name": "", "note": "", "version": ""},
        ],
        "total": None,
    }
)
@example(
    posted={
        "agency": s.Pick("agency", 1),
        "period": "2025-05",
        "rows": [
            {"value": "1", "not_reported": None, "comparator": "", "comparator_name": "", "note": "", "version": ""},
            {"value": "2", "not_reported": None, "comparator": "", "comparator_name": "", "note": "", "version": ""},
        ],
        "total": "1",
    }
)
@example(
    posted={
        "agency": s.Pick("agency", 1),
        "period": "2025-05",
        "rows": [
            {"value": "1", "not_reported": None, "comparator": "", "comparator_name": "", "note": "", "version": ""},
            {"value": "2", "not_reported": None, "comparator": "", "comparator_name": "", "note": "", "version": ""},
        ],
        "total": "abc",
    }
)
@example(
    posted={
        "agency": s.Pick("agency", 1),
        "period": "2025-05",
        "rows": [
            {"value": "1", "not_reported": None, "comparator": "", "comparator_name": "", "note": "", "version": ""},
            {"value": "2", "not_reported": None, "comparator": "", "comparator_name": "", "note": "", "version": ""},
        ],
        "total": "0",
    }
)
def test_latest_figures(as_manager, board, posted):
    url = f"{prefix(board)}/latest/"
    data, indicators = sitting_data(posted, board)
    before = {
        v.pk: (v.indicator_id, v.period, v.value, v.comparator, v.comparator_name, v.note, v.version)
        for v in IndicatorValue.objects.all()
    }
    with rolled_back():
        answer = submit_rows(as_manager, url, data, case="latest figures")
        if answer.saved:
            period = data["period"].strip()
            for number, indicator in enumerate(indicators):
                typed = typed_row(data, number)
                try:
                    code = Period.parse(period, yearly=indicator.frequency == Frequency.YEARLY).code
                except PeriodError:  # a month of a yearly indicator: only a blank row is saved
                    assert typed is None, f"saved a row whose period it cannot have: {data!r}"
                    continue
                stored = IndicatorValue.objects.filter(indicator=indicator, area="", period=code).first()
                if typed is None:  # a row left blank leaves the figure as it was
                    was = [v for v in before.values() if v[0] == indicator.pk and v[1] == code]
                    assert (stored is None) == (not was), f"a blank row changed {indicator}: {data!r}"
                    continue
                actual = {name: getattr(stored, name) for name in typed}
                assert actual == typed, f"stored {actual!r}, typed {typed!r}"
                if typed["value"] is None:
                    assert stored.value is None, "not reported became a number"
        else:
            fields = ["period"]
            formset = answer.page.context.get("formset")
            if formset is not None and formset.forms:
                fields += [
                    f"form-{n}-{name}" for n in range(len(formset.forms)) for name in ("note", "comparator_name")
                ]
            kept_typed(answer, data, fields)
            after = {
                v.pk: (v.indicator_id, v.period, v.value, v.comparator, v.comparator_name, v.note, v.version)
                for v in IndicatorValue.objects.all()
            }
            assert after == before
