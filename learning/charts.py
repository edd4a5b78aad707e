"""An audit's judgements stage by stage: the counts summed over agencies and standards, the
movement between stages, the breakdown per agency and standard, and the stacked bar chart of them
(matplotlib, as SVG for a page's <img>, with a table as its text alternative).

Stages are told apart by their name and listed in date order (a stage's date is the earliest of its
rows'). Nothing an audit's author writes is read as mathematics: "$" is a dollar sign.
"""

from __future__ import annotations

import os
import tempfile
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

os.environ.setdefault("MPLCONFIGDIR", os.path.join(tempfile.gettempdir(), "lscb-matplotlib"))

import matplotlib

matplotlib.use("Agg")
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from lscb import charts

from .models import Judgement

# The judgements in the order the tables and the chart give them, with their colours (the plans'
# red, amber and green; grey for an answer not given).
ORDER = (Judgement.RED, Judgement.AMBER, Judgement.GREEN, Judgement.NONE)
COLOURS = {"red": "#c0392b", "amber": "#e0a800", "green": "#2e8b57", "none": "#9aa0a6"}
# matplotlib's global state (rcParams, the font cache) is not for two threads at once.


@dataclass(frozen=True)
class Counts:
    """Answers at each judgement."""

    red: int = 0
    amber: int = 0
    green: int = 0
    none: int = 0

    @property
    def total(self) -> int:
        return self.red + self.amber + self.green + self.none

    def of(self, judgement: str) -> int:
        return getattr(self, judgement)

    def plus(self, judgement: str, count: int) -> Counts:
        return Counts(**{**self.as_dict(), judgement: self.of(judgement) + count})

    def as_dict(self) -> dict[str, int]:
        return {j.value: self.of(j.value) for j in ORDER}


@dataclass(frozen=True)
class Stage:
    """One stage of an audit: its name, its date, its counts and, per agency and standard, theirs."""

    name: str
    date: date
    counts: Counts
    rows: tuple[tuple[str, str, Counts], ...]  # (agency's name or "", standard or "", counts)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.date:%d/%m/%Y})"


def audit_stages(results: Iterable) -> list[Stage]:
    """The stages of an audit's results (AuditResult rows, their agency fetched with them)."""
    found: dict[str, dict] = {}
    for result in results:
        stage = found.setdefault(result.stage, {"date": result.date, "counts": Counts(), "rows": {}})
        stage["date"] = min(stage["date"], result.date)
        stage["counts"] = stage["counts"].plus(result.judgement, result.count)
        key = (result.agency.name if result.agency_id else "", result.standard)
        stage["rows"][key] = stage["rows"].get(key, Counts()).plus(result.judgement, result.count)
    stages = [
        Stage(
            name=name,
            date=values["date"],
            counts=values["counts"],
            rows=tuple((agency, standard, counts) for (agency, standard), counts in sorted(values["rows"].items())),
        )
        for name, values in found.items()
    ]
    return sorted(stages, key=lambda stage: (stage.date, stage.name))


def movement(stages: list[Stage]) -> list[dict]:
    """Per judgement (and the total), its count at each stage and the movement: "12 → 19 (+7)"."""
    rows = []
    for judgement, label in [*((j.value, j.label) for j in ORDER), ("total", "Total")]:
        values = [stage.counts.total if judgement == "total" else stage.counts.of(judgement) for stage in stages]
        text = " → ".join(str(v) for v in values)
        if len(values) > 1:
            change = values[-1] - values[0]
            text += f" ({change:+d})" if change else " (no change)"
        rows.append({"judgement": judgement, "label": label, "values": values, "movement": text})
    return rows


def has_breakdown(stages: list[Stage]) -> bool:
    """Whether any result is given for one agency or one standard (not all together)."""
    return any(agency or standard for stage in stages for agency, standard, _counts in stage.rows)


# --- the chart -------------------------------------------------------------------------------------

LABEL_CHARACTERS = 38  # a stage's label wraps at this many characters...
LABEL_LINES = 4  # ...to at most this many lines (the table beside the chart has it whole)
TITLE_CHARACTERS = 90


@dataclass(frozen=True)
class StageChart:
    """A horizontal bar per stage, stacked by judgement: plain data, so a drawing is cached by it."""

    title: str
    stages: tuple[tuple[str, Counts], ...]


def stage_chart(title: str, stages: list[Stage]) -> StageChart:
    return StageChart(title=title, stages=tuple((stage.label, stage.counts) for stage in stages))


def _wrapped(text: str, width: int, lines: int) -> str:
    out = textwrap.wrap(" ".join(text.split()), width, break_long_words=True) or [""]
    if len(out) > lines:
        out = [*out[: lines - 1], out[lines - 1][: width - 1].rstrip() + "…"]
    return "\n".join(out)


def _figure(chart: StageChart) -> Figure:
    labels = [_wrapped(label, LABEL_CHARACTERS, LABEL_LINES) for label, _counts in chart.stages]
    title = _wrapped(chart.title, TITLE_CHARACTERS, 4)
    bands = [max(0.45, 0.18 * (label.count("\n") + 1) + 0.12) for label in labels]
    height = 0.45 + 0.16 * (title.count("\n") + 1) + 0.35 + sum(bands) + 0.45
    figure = Figure(figsize=(7.2, height), dpi=100)
    FigureCanvasAgg(figure)
    top = 1 - (0.12 + 0.16 * (title.count("\n") + 1) + 0.4) / height
    axes = figure.add_axes((0.38, 0.45 / height, 0.58, top - 0.45 / height))
    positions = [sum(bands[:i]) + band / 2 for i, band in enumerate(bands)]
    left = [0] * len(positions)
    for judgement in ORDER:
        values = [counts.of(judgement.value) for _label, counts in chart.stages]
        axes.barh(positions, values, left=left, height=0.32, color=COLOURS[judgement.value])
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.set_yticks(positions, labels=labels, fontsize=8, parse_math=False)
    axes.set_ylim(sum(bands) or 1, 0)  # the first stage at the top
    axes.set_xlim(0, max([1, *left]))
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.tick_params(axis="x", labelsize=7)
    axes.set_xlabel("Answers", fontsize=8, parse_math=False)
    axes.spines[["top", "right"]].set_visible(False)
    figure.text(0.01, 1 - 0.08 / height, title, fontsize=9, fontweight="bold", va="top", parse_math=False)
    key = figure.legend(
        [Patch(facecolor=COLOURS[j.value]) for j in ORDER],
        [j.label for j in ORDER],
        ncol=4,
        loc="upper left",
        bbox_to_anchor=(0.01, 1 - (0.12 + 0.16 * (title.count("\n") + 1)) / height),
        frameon=False,
        fontsize=7,
    )
    for text in key.get_texts():
        text.set_parse_math(False)
    return figure


@lru_cache(maxsize=128)
def svg(chart: StageChart) -> str:
    return charts.figure_svg(lambda: _figure(chart))


def svg_data_uri(chart: StageChart) -> str:
    return charts.svg_data_uri(svg(chart))
