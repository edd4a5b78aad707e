"""An indicator's trend chart: this year against last year, its target and the comparator drawn
(matplotlib, as SVG for a page's <img>; the page gives the same figures as a table, the chart's
text alternative). Nothing a board writes is read as mathematics: "$" is a dollar sign."""

from __future__ import annotations

import base64
import io
import os
import tempfile
import textwrap
import threading
import warnings
from dataclasses import dataclass
from functools import lru_cache

os.environ.setdefault("MPLCONFIGDIR", os.path.join(tempfile.gettempdir(), "lscb-matplotlib"))

import matplotlib

matplotlib.use("Agg")
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .formatting import number_text
from .reads import IndicatorPage, slot

THIS_YEAR, LAST_YEAR, TARGET, COMPARATOR = "#1f4e8c", "#9aa0a6", "#2e8b57", "#c06000"
_DRAWING = threading.Lock()  # matplotlib's global state is not for two threads at once


@dataclass(frozen=True)
class TrendChart:
    """Plain data, so that a drawing is cached by it."""

    title: str
    unit: str
    slots: tuple[str, ...]
    this_year: tuple[float | None, ...]
    last_year: tuple[float | None, ...]
    comparator: tuple[float | None, ...]
    comparator_name: str
    target: float | None
    year_label: str
    last_label: str

    @property
    def has_values(self) -> bool:
        return any(v is not None for v in (*self.this_year, *self.last_year))

    def rows(self) -> list[dict]:
        """The chart's figures, period by period: its text alternative."""

        def shown(value):
            return "" if value is None else number_text(value, self.unit)

        return [
            {
                "slot": name,
                "this_year": shown(self.this_year[i]),
                "last_year": shown(self.last_year[i]),
                "comparator": shown(self.comparator[i]),
            }
            for i, name in enumerate(self.slots)
        ]


def _number(value) -> float | None:
    return None if value is None or value.value is None else float(value.value)


def trend_chart(page: IndicatorPage) -> TrendChart | None:
    """The chart of the page's first series (the whole area's), or None when it has no rows."""
    series = page.whole
    if series is None or not series.rows:
        return None
    kind = series.rows[0].period.kind  # the series' own kind of period (a month, a quarter...)
    rows = [row for row in series.rows if row.period.kind == kind]
    indicator = page.indicator
    names = [row.value.comparator_name for row in rows if row.value is not None and row.value.comparator_name]
    title = indicator.name + (f" ({series.area})" if series.area else "")
    return TrendChart(
        title=title,
        unit=indicator.unit,
        slots=tuple(slot(row.period) for row in rows),
        this_year=tuple(_number(row.value) for row in rows),
        last_year=tuple(_number(row.last_year) for row in rows),
        comparator=tuple(
            None if row.value is None or row.value.comparator is None else float(row.value.comparator) for row in rows
        ),
        comparator_name=names[0] if names else "Comparator",
        target=None if indicator.target is None else float(indicator.target),
        year_label=page.year.label,
        last_label=page.year.previous.label,
    )


def _points(values: tuple[float | None, ...]) -> tuple[list[int], list[float]]:
    xs = [i for i, v in enumerate(values) if v is not None]
    return xs, [values[i] for i in xs]


def _figure(chart: TrendChart) -> Figure:
    figure = Figure(figsize=(7.2, 3.6), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0.1, 0.14, 0.87, 0.62))
    positions = range(len(chart.slots))
    drawn = []
    for values, colour, label, style in (
        (chart.last_year, LAST_YEAR, chart.last_label, "--"),
        (chart.this_year, THIS_YEAR, chart.year_label, "-"),
        (chart.comparator, COMPARATOR, chart.comparator_name, ":"),
    ):
        xs, ys = _points(values)
        if xs:
            (line,) = axes.plot(xs, ys, style, color=colour, marker="o", markersize=4, linewidth=1.8)
            drawn.append((line, label))
    if chart.target is not None:
        line = axes.axhline(chart.target, color=TARGET, linewidth=1.4, linestyle="-.")
        drawn.append((line, f"Target {number_text(chart.target, chart.unit)}"))
    axes.set_xticks(list(positions), labels=list(chart.slots), fontsize=8, parse_math=False)
    axes.set_xlim(-0.5, max(len(chart.slots) - 0.5, 0.5))
    axes.tick_params(axis="y", labelsize=7)
    axes.axhline(0, color="#444", linewidth=0.6)
    axes.spines[["top", "right"]].set_visible(False)
    title = "\n".join(textwrap.wrap(" ".join(chart.title.split()), 90)[:2])
    figure.text(0.01, 0.97, title, fontsize=9, fontweight="bold", va="top", parse_math=False)
    if drawn:
        key = figure.legend(
            [line for line, _ in drawn],
            [label for _, label in drawn],
            ncol=4,
            loc="upper left",
            bbox_to_anchor=(0.01, 0.88),
            frameon=False,
            fontsize=7,
        )
        for text in key.get_texts():
            text.set_parse_math(False)
    return figure


@lru_cache(maxsize=128)
def svg(chart: TrendChart) -> str:
    out = io.StringIO()
    with (
        _DRAWING,
        warnings.catch_warnings(),
        matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "lscb", "text.parse_math": False}),
    ):
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font", category=UserWarning)
        _figure(chart).savefig(out, format="svg", metadata={"Date": None})
    text = out.getvalue()
    return text[text.index("<svg") :].replace("font-family: 'DejaVu Sans'", "font-family: 'DejaVu Sans', sans-serif")


def svg_data_uri(chart: TrendChart) -> str:
    """For an <img> (the page's Content Security Policy allows no inline styles)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg(chart).encode("utf-8")).decode("ascii")
