"""Fuzzing the board's money: a year's income or expenditure lines (a line named like a total,
amounts as people type them: "£1,234.56", "12.345", "-5", "1e5", huge) and its contributions
(a share of 0 to 100 percent, "150", "12.5%"). Each formset is saved whole, to the penny, or
refused with a message and nothing changed."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal, InvalidOperation

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from finance.models import BudgetLine, Contribution
from lscb.text import one_line

from . import strategies as s
from .harness import bounded, resolve, rolled_back
from .test_dataset_forms import kept_typed, optional, submit_rows

pytestmark = pytest.mark.django_db
YEAR = "2025-26"


def prefix(board) -> str:
    return f"/{board.budget_line.board.slug}/money/{YEAR}"


PENNY = Decimal("0.01")
SIGNS = "\u2212\u2013-"


def typed_money(text: str) -> Decimal | None:
    """An amount as a person reads what they typed: "£1,234.56" is 1234.56; blank is none."""
    text = (text or "").replace("\u00a0", " ").strip()
    if not text:
        return None
    negative = any(sign in text for sign in SIGNS)
    number = re.sub(rf"[£,\s{re.escape(SIGNS)}]", "", text)
    amount = Decimal(number)
    return -amount if negative else amount


def too_precise(text: str) -> bool:
    """Typed with more than pence: "12.345" would lose a fraction of a penny."""
    try:
        amount = typed_money(text)
    except InvalidOperation:
        return False
    return amount is not None and amount.is_finite() and amount != amount.quantize(PENNY)


# Words a line named like a total starts with: it would be counted twice.
TOTAL_WORDS = ("total", "totals", "grand total", "subtotal", "sub-total", "sub total")


def named_like_a_total(name: str) -> bool:
    words = " ".join(name.lower().split())
    return any(words == word or words.startswith(word + " ") for word in TOTAL_WORDS)


AMOUNTS = [
    "£1,234.56",
    "1,234.56",
    "£ 1 234.56",
    "1234.5",
    "12.345",
    "-5",
    "-£4,999.80",
    "£-5",
    "\u22125",
    "1e5",
    "1E5",
    "100000",
    "999999999999.99",
    "1000000000000",
    "9" * 60,
    "0",
    "0.00",
    ".5",
    "12,34",
    "£",
    "NaN",
    "Infinity",
    "1.2.3",
    "£1,234.56p",
]


def money():
    plausible = optional(st.decimals(min_value=-1000, max_value=10**7, places=2, allow_nan=False).map(str))
    return st.one_of(plausible, st.sampled_from(AMOUNTS), s.integers(), s.text(12))


NAMES = ["Total", "Grand total", "Sub-total", "TOTALS", "total income", "Totally new", "Chair's expenses", ""]
line = st.fixed_dictionaries(
    {
        "line": st.one_of(s.plain_text(), st.sampled_from(NAMES), s.one_line_text()),
        "budget": money(),
        "actual": money(),
        "note": st.one_of(st.just(""), s.plain_text(), s.text()),
        "ORDER": st.sampled_from(["", "", "1", "2", "9", "-1", "x"]),
        "DELETE": st.sampled_from([None, None, None, "on"]),
    }
)
plain_line = st.fixed_dictionaries(
    {
        "line": st.one_of(s.plain_text(), st.sampled_from(["Chair's expenses", "Training venue", "Website"])),
        "budget": optional(st.decimals(min_value=0, max_value=10**6, places=2).map(str)),
        "actual": optional(st.sampled_from(["£1,234.56", "1234.5", "-5", "0"])),
        "note": st.just(""),
        "ORDER": st.just(""),
        "DELETE": st.just(None),
    }
)
lines = st.one_of(
    st.fixed_dictionaries(
        {
            "kind": st.sampled_from(["income", "expenditure"]),
            "stored": plain_line,
            "rows": st.lists(plain_line, max_size=3, unique_by=lambda row: row["line"].strip().casefold()),
            "version": st.just("right"),
            "total": st.none(),
        }
    ),
    st.fixed_dictionaries(
        {
            "kind": st.sampled_from(["income", "expenditure"]),
            "stored": line,
            "rows": st.lists(st.one_of(plain_line, line), max_size=3),
            "version": st.sampled_from(["right", "right", "right", "", "0", "7", "abc"]),
            "total": st.sampled_from([None, None, None, "", "abc", "201", "0"]),
        }
    ),
)


def formset_data(prefix_: str, stored, rows: list[dict], *, version: str, total, initial: int = 1) -> dict:
    """The formset as the page posts it: the stored row (with its id and version) first."""
    data = {
        f"{prefix_}-TOTAL_FORMS": str(len(rows)) if total is None else total,
        f"{prefix_}-INITIAL_FORMS": str(initial),
        f"{prefix_}-MIN_NUM_FORMS": "0",
        f"{prefix_}-MAX_NUM_FORMS": "200",
    }
    for number, values in enumerate(rows):
        if number == 0 and stored is not None:
            data[f"{prefix_}-0-id"] = str(stored.pk)
            data[f"{prefix_}-0-version"] = str(stored.version) if version == "right" else version
        for name, value in values.items():
            if value is not None:
                data[f"{prefix_}-{number}-{name}"] = value
    return data


def kept_rows(data: dict, prefix_: str, count: int, fields: tuple[str, ...]) -> list[int]:
    """The rows the save keeps: the stored one unless deleted; a new one when anything was typed."""
    kept = []
    for number in range(count):
        if data.get(f"{prefix_}-{number}-DELETE"):
            continue
        typed = any(str(data.get(f"{prefix_}-{number}-{name}", "")).strip() for name in (*fields, "ORDER"))
        if number == 0 or typed:
            kept.append(number)
    return kept


@bounded(20)
@given(posted=lines)
@example(
    posted={
        "kind": "expenditure",
        "stored": {"line": "Business unit staffing", "budget": "90000.00", "actual": "£91,000.5", "note": ""},
        "rows": [{"line": "Website", "budget": "£1,234.56", "actual": "1e5", "note": ""}],
        "version": "right",
        "total": None,
    }
)
@example(
    posted={
        "kind": "expenditure",
        "stored": {"line": "Business unit staffing", "budget": "12.345", "actual": "", "note": ""},
        "rows": [],
        "version": "right",
        "total": None,
    }
)
@example(
    posted={
        "kind": "income",
        "stored": {"line": "Partner contributions", "budget": "120000", "actual": "", "note": ""},
        "rows": [{"line": "Total", "budget": "120000", "actual": "", "note": ""}],
        "version": "right",
        "total": None,
    }
)
@example(
    posted={
        "kind": "income",
        "stored": {"line": "Partner contributions", "budget": "120000", "actual": "", "note": ""},
        "rows": [{"line": "Grand total", "budget": "1", "actual": "", "note": ""}],
        "version": "right",
        "total": None,
    }
)
@example(
    posted={
        "kind": "expenditure",
        "stored": {"line": "Business unit staffing", "budget": "-5", "actual": "9" * 60, "note": ""},
        "rows": [{"line": "Chair's expenses", "budget": "1000000000000", "actual": "-£4,999.80", "note": ""}],
        "version": "right",
        "total": None,
    }
)
@example(
    posted={
        "kind": "expenditure",
        "stored": {"line": "Website", "budget": "1", "actual": "", "note": ""},
        "rows": [{"line": "website", "budget": "2", "actual": "", "note": ""}],
        "version": "right",
        "total": None,
    }
)
@example(
    posted={
        "kind": "expenditure",
        "stored": {"line": "Business unit staffing", "budget": "1", "actual": "", "note": ""},
        "rows": [],
        "version": "7",
        "total": None,
    }
)
def test_budget_lines(as_manager, board, posted):
    kind = posted["kind"]
    stored = BudgetLine.objects.get(pk=(board.income_line if kind == "income" else board.budget_line).pk)
    rows = [posted["stored"], *posted["rows"]]
    data = formset_data(kind, stored, rows, version=posted["version"], total=posted["total"])
    others = Counter((line.kind, line.line) for line in BudgetLine.objects.exclude(kind=kind, year=2025))
    with rolled_back():
        answer = submit_rows(as_manager, f"{prefix(board)}/{kind}/", data, case=f"{kind} lines")
        mine = list(BudgetLine.objects.filter(board_id=stored.board_id, year=2025, kind=kind))
        for record in mine:  # whatever was posted, no line is a total, no amount more than pence
            assert not named_like_a_total(record.line), f"kept a line named like a total: {record.line!r}"
            for amount in (record.budget, record.actual):
                assert amount is None or (isinstance(amount, Decimal) and amount == amount.quantize(PENNY))
        if answer.saved and posted["total"] is not None:
            pass  # a forged row count: the rows Django reads are not the rows typed
        elif answer.saved:
            kept = kept_rows(data, kind, len(rows), ("line", "budget", "actual", "note"))
            expected = Counter()
            for number in kept:
                typed = {name: data.get(f"{kind}-{number}-{name}", "") for name in ("line", "budget", "actual", "note")}
                assert not named_like_a_total(typed["line"]), f"saved a line named like a total: {typed!r}"
                for name in ("budget", "actual"):
                    assert not too_precise(typed[name]), f"saved {typed[name]!r}, more than pence"
                expected[
                    (
                        one_line(typed["line"].strip()),
                        typed_money(typed["budget"]),
                        typed_money(typed["actual"]),
                        typed["note"].strip(),
                    )
                ] += 1
            actual = Counter((line.line, line.budget, line.actual, line.note) for line in mine)
            assert actual == expected, f"stored {actual!r}, posted {data!r}"
            assert sorted(line.position for line in mine) == list(range(1, len(mine) + 1))
        else:
            fields = [f"{kind}-{n}-{name}" for n in range(len(rows)) for name in ("line", "budget", "actual", "note")]
            formset = answer.page.context.get("formset")
            if formset is not None and len(formset.forms) == len(rows):
                kept_typed(answer, data, fields)
        assert Counter((line.kind, line.line) for line in BudgetLine.objects.exclude(kind=kind, year=2025)) == others


# --- contributions -------------------------------------------------------------------------------

SHARES = ["0", "100", "12.5", "12.5%", " 12.5 % ", "150", "-1", "100.01", "12.345", "1e1", "NaN", "50%%", "%"]
contribution = st.fixed_dictionaries(
    {
        "agency": st.one_of(st.just(""), s.pick("agency", 3), s.reference("agency")),
        "amount": money(),
        "share": st.one_of(st.just(""), st.sampled_from(SHARES), s.text(8)),
        "in_kind": st.one_of(st.just(""), s.plain_text(), s.text()),
        "DELETE": st.sampled_from([None, None, None, "on"]),
    }
)
plain_contribution = st.fixed_dictionaries(
    {
        "agency": s.pick("agency", 3),
        "amount": st.sampled_from(["£1,234.56", "60000", "0.5", "1e5"]),
        "share": optional(st.sampled_from(["0", "100", "12.5", "12.5%"])),
        "in_kind": st.sampled_from(["", "A venue"]),
        "DELETE": st.just(None),
    }
)
contributions = st.one_of(
    st.fixed_dictionaries(
        {
            "stored": plain_contribution.map(lambda row: {**row, "agency": s.Pick("agency", 0)}),
            "rows": st.lists(plain_contribution, max_size=2, unique_by=lambda row: row["agency"].index).map(
                lambda rows: (
                    [{**row, "agency": s.Pick("agency", row["agency"].index or 1)} for row in rows][:1]
                    + [{**row, "agency": s.Pick("agency", 2)} for row in rows][1:]
                )
            ),
            "version": st.just("right"),
            "total": st.none(),
        }
    ),
    st.fixed_dictionaries(
        {
            "stored": contribution,
            "rows": st.lists(st.one_of(plain_contribution, contribution), max_size=3),
            "version": st.sampled_from(["right", "right", "right", "", "0", "7", "abc"]),
            "total": st.sampled_from([None, None, None, "", "abc", "201", "0"]),
        }
    ),
)


def typed_share(text: str) -> Decimal | None:
    text = (text or "").strip().removesuffix("%").strip()
    return Decimal(text) if text else None


def council(**values) -> dict:
    return {"agency": s.Pick("agency", 0), "amount": "", "share": "", "in_kind": "", "DELETE": None, **values}


def police(**values) -> dict:
    return {**council(**values), "agency": s.Pick("agency", 1)}


@bounded(20)
@given(posted=contributions)
@example(posted={"stored": council(amount="£1,234.56", share="12.5%"), "rows": [], "version": "right", "total": None})
@example(posted={"stored": council(share="150"), "rows": [], "version": "right", "total": None})
@example(posted={"stored": council(share="100"), "rows": [police(share="0")], "version": "right", "total": None})
@example(posted={"stored": council(amount="12.345"), "rows": [], "version": "right", "total": None})
@example(posted={"stored": council(amount="-5"), "rows": [], "version": "right", "total": None})
@example(posted={"stored": council(amount="1e5"), "rows": [], "version": "right", "total": None})
@example(posted={"stored": council(), "rows": [], "version": "right", "total": None})
@example(posted={"stored": council(amount="1"), "rows": [council(amount="2")], "version": "right", "total": None})
@example(posted={"stored": council(DELETE="on"), "rows": [council(amount="2")], "version": "right", "total": None})
@example(posted={"stored": council(amount="1"), "rows": [], "version": "7", "total": None})
def test_contributions(as_manager, board, posted):
    stored = Contribution.objects.get(pk=board.contribution.pk)
    rows = [resolve(posted["stored"], board.records), *(resolve(row, board.records) for row in posted["rows"])]
    data = formset_data("contributions", stored, rows, version=posted["version"], total=posted["total"])
    with rolled_back():
        answer = submit_rows(as_manager, f"{prefix(board)}/contributions/", data, case="contributions")
        mine = list(Contribution.objects.filter(board_id=stored.board_id, year=2025))
        for record in mine:  # whatever was posted: a share within 0-100%, an amount to the penny
            assert record.share is None or 0 <= record.share <= 100
            assert record.amount is None or (record.amount >= 0 and record.amount == record.amount.quantize(PENNY))
            assert record.amount is not None or record.share is not None or record.in_kind.strip()
        if answer.saved and posted["total"] is not None:
            pass  # a forged row count: the rows Django reads are not the rows typed
        elif answer.saved:
            kept = kept_rows(data, "contributions", len(rows), ("agency", "amount", "share", "in_kind"))
            expected = {}
            for number in kept:
                typed = {
                    name: data.get(f"contributions-{number}-{name}", "")
                    for name in ("agency", "amount", "share", "in_kind")
                }
                assert not too_precise(typed["amount"]), f"saved {typed['amount']!r}, more than pence"
                share = typed_share(typed["share"])
                assert share is None or 0 <= share <= 100, f"saved a share of {typed['share']!r}"
                expected[int(typed["agency"])] = (typed_money(typed["amount"]), share, typed["in_kind"].strip())
            actual = {c.agency_id: (c.amount, c.share, c.in_kind) for c in mine}
            assert actual == expected, f"stored {actual!r}, posted {data!r}"
        else:
            fields = [f"contributions-{n}-{name}" for n in range(len(rows)) for name in ("amount", "share", "in_kind")]
            formset = answer.page.context.get("formset")
            if formset is not None and len(formset.forms) == len(rows):
                kept_typed(answer, data, fields)


@pytest.mark.parametrize("page", ["expenditure", "contributions"])
def test_an_amount_of_thirty_digits_is_refused(as_manager, board, page):
    stored = board.budget_line if page == "expenditure" else board.contribution
    row = {"line": "Website", "budget": "1" * 30} if page == "expenditure" else council(amount="1" * 30)
    rows = [resolve(row, board.records)]
    data = formset_data(page, stored, rows, version="right", total=None)
    with rolled_back():
        answer = submit_rows(as_manager, f"{prefix(board)}/{page}/", data, case=page)
        assert not answer.saved
