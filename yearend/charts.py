"""One definition per chart, drawn by matplotlib as SVG (web page, PDF) or PNG (Word).

A chart is plain data; drawings are cached by that data, so an unchanged year is drawn once.
Every chart also gives its figures as a table: the accessible alternative and the appendix.
"""

from __future__ import annotations

import base64
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
    category_label: str = ""  # what the categories are: the first column of the figures

    def formatted(self, value) -> str:
        if value is None:
            return "n/a"
        return f"{round(value * 100)}%" if self.unit == "%" else str(value)

    def table(self) -> tuple[list[str], list[list[str]]]:
        """The figures behind the chart: a header and a row per category."""
        header = [self.category_label, *[s.label for s in self.series]]
        rows = [
            [category, *[self.formatted(s.values[i]) for s in self.series]]
            for i, category in enumerate(self.categories)
        ]
        return header, rows


def _draw(chart: Chart) -> Figure:
    per_category = 0.24 if chart.stacked else 0.2 * (1 + 0.4 * (len(chart.series) - 1))
    height = max(1.6, per_category * len(chart.categories) + 1.0)
    figure, axes = plt.subplots(figsize=(7.2, height))
    positions = list(range(len(chart.categories)))
    if chart.stacked:
        left = [0] * len(positions)
        for series in chart.series:
            values = [v or 0 for v in series.values]
            axes.barh(positions, values, left=left, color=series.colour, label=series.label)
            left = [a + b for a, b in zip(left, values, strict=True)]
        axes.set_xlabel("Actions")
        axes.xaxis.get_major_locator().set_params(integer=True)
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
            # Every bar carries its figure, so the x axis adds nothing but drawing work.
            axes.set_xlim(0, 112)
            axes.xaxis.set_visible(False)
            axes.spines["bottom"].set_visible(False)
    axes.set_yticks(positions, labels=list(chart.categories), fontsize=8)
    axes.tick_params(axis="y", length=0)
    axes.invert_yaxis()
    axes.spines[["top", "right"]].set_visible(False)
    # The legend sits above the plot, clear of the bars.
    axes.legend(fontsize=7, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=len(chart.series), frameon=False)
    axes.set_title(chart.title, fontsize=9, loc="left", pad=14)
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
    # Several charts share one page: give each chart's ids its own prefix so none collide.
    prefix = re.sub(r"[^A-Za-z0-9-]", "-", chart.key)
    text = re.sub(r'id="([^"]+)"', rf'id="{prefix}-\1"', text)
    text = re.sub(r'(href="#|url\(#)', rf"\g<1>{prefix}-", text)
    return re.sub(r"<svg ", f'<svg role="img" aria-label="{_attr(chart.title)}" ', text, count=1)


def svg_data_uri(chart: Chart) -> str:
    """The SVG as a data: URI, for an <img>: the PDF lays it out far faster than inline markup."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg(chart).encode("utf-8")).decode("ascii")


@lru_cache(maxsize=256)
def png(chart: Chart, dpi: int = 150) -> bytes:
    figure = _draw(chart)
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=dpi)
    plt.close(figure)
    return out.getvalue()


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
