"""An indicator's trend chart: this year against last year, its target and the comparator drawn
(matplotlib, as SVG for a page's <img>; the page gives the same figures as a table, the chart's
text alternative). Nothing a board writes is read as mathematics: "$" is a dollar sign."""

from __future__ import annotations

import math
import os
import tempfile
import textwrap
from dataclasses import dataclass
from functools import lru_cache

os.environ.setdefault("MPLCONFIGDIR", os.path.join(tempfile.gettempdir(), "lscb-matplotlib"))

import matplotlib

matplotlib.use("Agg")
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from lscb import charts
from lscb.years import ReportingYear

from .formatting import number_text
from .periods import PeriodKind, months_of
from .reads import AreaSeries, IndicatorPage, slot

THIS_YEAR, LAST_YEAR, TARGET, COMPARATOR = "#1f4e8c", "#9aa0a6", "#2e8b57", "#c06000"
UNIT_LABELS = {"rate_per_10000": "Per 10,000", "percent": "Per cent", "days": "Days", "money": "Pounds (£)"}


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
    not_reported: tuple[bool, ...] = ()  # this year's places recorded as not reported

    @property
    def has_comparator(self) -> bool:
        return any(value is not None for value in self.comparator)

    @property
    def has_values(self) -> bool:
        return any(v is not None for v in (*self.this_year, *self.last_year))

    def rows(self) -> list[dict]:
        """The chart's figures, period by period: its text alternative."""

        def shown(value):
            return "" if value is None else number_text(value, self.unit)

        blank = self.not_reported or (False,) * len(self.slots)
        return [
            {
                "slot": name,
                "this_year": "not reported" if blank[i] else shown(self.this_year[i]),
                "last_year": shown(self.last_year[i]),
                "comparator": shown(self.comparator[i]),
            }
            for i, name in enumerate(self.slots)
        ]


def _number(value) -> float | None:
    return None if value is None or value.value is None else float(value.value)


def _slots(kind: str, this_year: list[str], last_year: list[str]) -> list[str]:
    """The chart's places along the year: all twelve months or four quarters, so that last year's
    line runs its whole length; otherwise the periods either year has, in order."""
    if kind == PeriodKind.MONTH:
        return [period.short_label for period in months_of(ReportingYear(2000))]
    if kind == PeriodKind.QUARTER:
        return ["Q1", "Q2", "Q3", "Q4"]
    return list(dict.fromkeys([*this_year, *last_year]))


def trend_chart(page: IndicatorPage, series: AreaSeries | None = None) -> TrendChart | None:
    """The chart of one series of the page (by default its first, the whole area's), or None
    when it has no rows."""
    series = series or page.whole
    if series is None or not series.rows:
        return None
    kind = series.rows[0].period.kind  # the series' own kind of period (a month, a quarter...)
    rows = {slot(row.period): row for row in series.rows if row.period.kind == kind}
    last = {
        place: value
        for (area, value_kind, place), value in sorted(
            page.last_year.items(), key=lambda item: (item[1].starts_on, item[1].ends_on)
        )
        if area == series.area and value_kind == kind
    }
    slots = _slots(kind, list(rows), list(last))
    indicator = page.indicator
    names = [row.value.comparator_name for row in rows.values() if row.value.comparator_name]
    title = indicator.name + (f" ({series.area})" if series.area else "")

    def comparator(place):
        row = rows.get(place)
        return None if row is None or row.value.comparator is None else float(row.value.comparator)

    return TrendChart(
        title=title,
        unit=indicator.unit,
        slots=tuple(slots),
        this_year=tuple(_number(rows[place].value) if place in rows else None for place in slots),
        last_year=tuple(_number(last.get(place)) for place in slots),
        comparator=tuple(comparator(place) for place in slots),
        comparator_name=names[0] if names else "Comparator",
        # The target is the whole area's: an area's chart is drawn without it.
        target=None if indicator.target is None or series.area else float(indicator.target),
        year_label=page.year.label,
        last_label=page.year.previous.label,
        not_reported=tuple(place in rows and rows[place].value.value is None for place in slots),
    )


def _points(values: tuple[float | None, ...]) -> tuple[list[int], list[float]]:
    """Every place with a value; a place not reported breaks the line (NaN), never drawn as 0 nor
    bridged over."""
    first = next((i for i, v in enumerate(values) if v is not None), None)
    if first is None:
        return [], []
    last = max(i for i, v in enumerate(values) if v is not None)
    xs = list(range(first, last + 1))
    return xs, [math.nan if values[i] is None else values[i] for i in xs]


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
    axes.set_ylabel(UNIT_LABELS.get(chart.unit, ""), fontsize=7, parse_math=False)
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
    return charts.figure_svg(lambda: _figure(chart))


def svg_data_uri(chart: TrendChart) -> str:
    return charts.svg_data_uri(svg(chart))
