"""One definition per chart, drawn by matplotlib as SVG (web page, PDF) or PNG (Word).

A chart is plain data; drawings are cached by that data, so an unchanged year is drawn once.
Every chart also gives its figures as a table: the accessible alternative and the appendix.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from dataclasses import dataclass
from functools import lru_cache

os.environ.setdefault("MPLCONFIGDIR", os.path.join(tempfile.gettempdir(), "lscb-matplotlib"))

import matplotlib

matplotlib.use("Agg")
from matplotlib import pyplot as plt
from matplotlib.figure import Figure

matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: searchable, and smaller
matplotlib.rcParams["font.family"] = "DejaVu Sans"
matplotlib.rcParams["svg.hashsalt"] = "lscb"  # the same chart gives the same SVG


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[float | int | None, ...]
    colour: str


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart: one bar per series for each category (or stacked)."""

    key: str
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = "%"  # "%" for rates (0..1), "count" for numbers
    stacked: bool = False

    def formatted(self, value) -> str:
        if value is None:
            return "n/a"
        return f"{round(value * 100)}%" if self.unit == "%" else str(value)

    def table(self) -> tuple[list[str], list[list[str]]]:
        """The figures behind the chart: a header and a row per category."""
        header = ["", *[s.label for s in self.series]]
        rows = [
            [category, *[self.formatted(s.values[i]) for s in self.series]]
            for i, category in enumerate(self.categories)
        ]
        return header, rows


def _draw(chart: Chart) -> Figure:
    height = max(1.6, 0.42 * len(chart.categories) * (1 if chart.stacked else max(1, len(chart.series) * 0.6)) + 1.0)
    figure, axes = plt.subplots(figsize=(7.2, height))
    positions = list(range(len(chart.categories)))
    if chart.stacked:
        left = [0] * len(positions)
        for series in chart.series:
            values = [v or 0 for v in series.values]
            axes.barh(positions, values, left=left, color=series.colour, label=series.label, edgecolor="white")
            left = [a + b for a, b in zip(left, values, strict=True)]
        axes.set_xlabel("Actions")
    else:
        width = 0.8 / len(chart.series)
        for n, series in enumerate(chart.series):
            values = [(v or 0) * (100 if chart.unit == "%" else 1) for v in series.values]
            offsets = [p - 0.4 + width * (n + 0.5) for p in positions]
            bars = axes.barh(offsets, values, height=width, color=series.colour, label=series.label)
            for bar, raw in zip(bars, series.values, strict=True):
                axes.text(
                    bar.get_width() + 1,
                    bar.get_y() + bar.get_height() / 2,
                    chart.formatted(raw),
                    va="center",
                    fontsize=7,
                )
        if chart.unit == "%":
            axes.set_xlim(0, 110)
            axes.set_xlabel("Meetings attended when expected (%)")
    axes.set_yticks(positions, labels=list(chart.categories), fontsize=8)
    axes.invert_yaxis()
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(fontsize=7, loc="lower right", frameon=False)
    axes.set_title(chart.title, fontsize=9, loc="left")
    figure.tight_layout()
    return figure


@lru_cache(maxsize=256)
def svg(chart: Chart) -> str:
    """The chart as an inline SVG element (no XML prologue), with its title for screen readers."""
    figure = _draw(chart)
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None})
    plt.close(figure)
    text = out.getvalue()
    text = text[text.index("<svg") :]
    return re.sub(r"<svg ", f'<svg role="img" aria-label="{_attr(chart.title)}" ', text, count=1)


@lru_cache(maxsize=256)
def png(chart: Chart, dpi: int = 150) -> bytes:
    figure = _draw(chart)
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=dpi)
    plt.close(figure)
    return out.getvalue()


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
