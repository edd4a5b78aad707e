"""Fuzzing the charts' labels: whatever a board writes in a name or title (dollar signs, backslashes,
braces, carets, underscores, mathematics commands, any script, very long text) every chart of the
app draws, to SVG and PNG, without an exception, and the SVG holds the text as written.

The charts are built by the app's own functions (attendance by agency for the year-end report, a
plan's levels by priority for the report and the dashboard) from records that are never saved.
"""

from __future__ import annotations

import warnings
import xml.etree.ElementTree as ET
from datetime import date
from types import SimpleNamespace

from hypothesis import example, given
from hypothesis import strategies as st

from businessplan.models import Plan
from lscb.years import ReportingYear
from yearend import charts
from yearend.dashboard import PriorityRag, _plan_chart
from yearend.report import attendance_chart, rag_chart

from .harness import CASES, SAVED, bounded

EXAMPLES = bounded(10)
YEAR = ReportingYear(2025)

# What once took a page down (matplotlib read "$...$" as mathematics), and its relatives.
CRAFTED_LABELS = [
    r"Costs $\frac{1$ and more",
    r"Police $\sqrt[$",
    "$",
    "$$",
    "$5 and $10 a head",
    r"\$",
    "\\",
    r"$x^{2}_{i}$",
    r"$\alpha\beta\gamma$",
    r"$\left($ unbalanced",
    r"$\mathrm{Roman}$ $\mathbf{bold}$",
    r"\textbf{TeX} \\ \newline \n",
    "{ } {{ }} }{",
    "^caret_underscore",
    "_Begins with an underscore",
    "50% & <b>not markup</b> \"quoted\" 'single'",
    "%(name)s {0} %s",
    "Zoë Ørsted \N{EN DASH} Ynys Môn \N{LEFT DOUBLE QUOTATION MARK}CSE\N{RIGHT DOUBLE QUOTATION MARK}",
    "警察 Police 委员会",
    "עברית ועוד",
    "👩\N{ZERO WIDTH JOINER}👧 🇬🇧 🙂",
    "\N{RIGHT-TO-LEFT OVERRIDE}reversed",
    " ",
    "x",
]

# Any text without controls, surrogates or non-characters (no name can hold those: lscb.text).
UNICODE = st.characters(exclude_categories=("Cc", "Cs", "Cn"))
MARKUP = st.sampled_from([*"$\\{}^_%#&~[]()<>'\"", "\\frac", "\\sqrt", "\\mathrm", "$\\", " ", "a", "1"])


def labels() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(CRAFTED_LABELS),
        st.text(UNICODE, min_size=1, max_size=40),
        st.lists(MARKUP, min_size=1, max_size=20).map("".join),
        # Very long: a board's 200-character priority, and far beyond (a word with no space in it too).
        st.builds(
            lambda piece, times: piece * times,
            st.sampled_from(["Police $\\sqrt[$ and ", "é", "名", "$", "\\frac{", "https://example.org/", "W"]),
            st.sampled_from([10, 50, 200, 1000]),
        ),
    )


def plan_with(title: str, level_labels: list[str]) -> Plan:
    """A plan (never saved) rating on its own scale, each level labelled as given."""
    colours = ["#d4351c", "#f47738", "#00703c", "#1d70b8"]
    levels = [
        {"code": f"l{n}", "label": label, "colour": colours[n % 4], "meaning": label, "complete": n == 0}
        for n, label in enumerate(level_labels)
    ]
    return Plan(title=title, slug="2025-28", scale="own", levels=levels)


def every_chart(group: str, agencies: list[str], plan_title: str, priorities: list[str], levels: list[str]):
    """The charts of the year-end report and the dashboard, built as the app builds them."""
    figures = SimpleNamespace(
        group=SimpleNamespace(pk=1, name=group),
        agencies=[
            SimpleNamespace(agency=SimpleNamespace(label=name), rate=(n % 5) / 4, previous_rate=None if n % 2 else 0.5)
            for n, name in enumerate(agencies)
        ],
    )
    plan = plan_with(plan_title, levels)
    codes = [*plan.ratings, "unrated"]
    sections = [
        SimpleNamespace(
            priority=SimpleNamespace(number=n + 1, title=title),
            totals={code: (n + k) % 3 for k, code in enumerate(codes)},
        )
        for n, title in enumerate(priorities)
    ]
    plan_year = SimpleNamespace(plan=plan, totals={}, sections=sections)
    rows = [
        PriorityRag(plan, n + 1, title, {code: (n * k) % 4 for k, code in enumerate(codes)})
        for n, title in enumerate(priorities)
    ]
    return [
        attendance_chart(figures, YEAR),
        rag_chart(plan_year, YEAR),
        _plan_chart(plan, rows, codes, date(2026, 11, 27)),
    ]


def drawn_text(svg: str) -> str:
    """The text of every <text> element of the SVG (which must be well-formed XML)."""
    root = ET.fromstring(svg)
    return "\n".join("".join(element.itertext()) for element in root.iter() if element.tag.endswith("}text"))


def shown_whole(label: str, drawn: str) -> bool:
    """A short label with short words is drawn on its lines whole: each of its words is in the SVG."""
    return all(word in drawn for word in label.split())


@EXAMPLES
@given(
    group=labels(),
    agencies=st.lists(labels(), min_size=1, max_size=4),
    plan_title=labels(),
    priorities=st.lists(labels(), min_size=0, max_size=4),
    levels=st.lists(labels(), min_size=1, max_size=4),
)
@example(
    group=r"Board $\frac{1$",
    agencies=[r"Police $\sqrt[$", "Health"],
    plan_title="Plan $5",
    priorities=[r"Costs $\frac{1$ and more"],
    levels=[r"$\alpha$", "_Green"],
)
def test_every_chart_draws_any_label_as_written(group, agencies, plan_title, priorities, levels):
    for chart in every_chart(group, agencies, plan_title, priorities, levels):
        CASES["chart"] += 1
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # nor any warning: a label is never read as anything
            svg = charts.svg.__wrapped__(chart)
            png = charts.png.__wrapped__(chart)
        assert png.startswith(b"\x89PNG")
        assert f'aria-label="{charts._attr(chart.title)}"' in svg  # the title whole, for screen readers
        drawn = drawn_text(svg)
        short = [text for text in (*chart.categories, *(s.label for s in chart.series)) if len(text) <= 25]
        for text in short:
            if all(len(word) <= 12 for word in text.split()):
                assert shown_whole(text, drawn), (text, drawn[:500])
        if len(chart.title) <= 60:
            assert shown_whole(chart.title, drawn), (chart.title, drawn[:500])
        SAVED["chart"] += 1
