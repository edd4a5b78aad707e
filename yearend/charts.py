"""One definition per chart, drawn by matplotlib as SVG (web page, PDF) or PNG (Word).

A chart is plain data; drawings are cached by that data, so an unchanged year is drawn once.
Every chart also gives its figures as a table: the accessible alternative and the appendix.

Boards write long titles (a priority is often 100-200 characters), so the layout is worked out
here from the measured text rather than left to matplotlib's tight layout, which gives up (with
a warning) when labels are long: the title wraps across the figure, the key sits under it, each
category label wraps to a column of at most half the width, and the figure grows as tall as its
labels need. Nothing a board writes is read as mathematics.
"""

from __future__ import annotations

import base64
import contextvars
import hashlib
import io
import os
import re
import tempfile
import threading
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("MPLCONFIGDIR", os.path.join(tempfile.gettempdir(), "lscb-matplotlib"))

import matplotlib

matplotlib.use("Agg")
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch

matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: searchable, and smaller
matplotlib.rcParams["font.family"] = "DejaVu Sans"
matplotlib.rcParams["svg.hashsalt"] = "lscb"  # the same chart gives the same SVG
# "$" in a board's text is a dollar sign, never the start of a formula (a lone "$\frac{" would
# otherwise stop the drawing). Every text below also says so itself.
matplotlib.rcParams["text.parse_math"] = False

WIDTH = 7.2 * 72  # points: the figure is as wide as an A4 page's text, and as tall as it needs
PAD = 4.0  # points of white around the whole drawing
GAP = 6.0  # points between the title, the key and the plot
TITLE_SIZE = 9.0
LABEL_SIZE = 8.0
SMALL_SIZE = 7.0  # the key, the figures at the end of the bars, the axis's numbers
LABEL_SHARE = 0.45  # the category labels take at most this share of the width
LABEL_LINES = 5  # a label longer than this many lines ends in "…" (the table has it whole)
KEY_LINES = 2
LINE = 1.2  # line spacing, as a multiple of the font size (matplotlib's own)
# Text is measured at the resolution of the PNG. Drawn at another (a PDF's vector text, a screen),
# hinting makes a line up to a few per cent wider or narrower: lines are wrapped to, and the
# room around the plot measured with, this much to spare.
LAYOUT_DPI = 150
SLACK = 0.94

# A character no installed font has is still written into the SVG as it is (the reader's own fonts
# may have it); matplotlib's warning about it says nothing a board could act on.
_MISSING_GLYPH = r"Glyph \d+ .* missing from font"
# matplotlib's global state (rcParams, warning filters) is not for two threads at once.
_DRAWING = threading.Lock()


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
    unit: str = "%"  # "%" for rates (0..1), "count" for numbers, "£" for money (exact Decimals)
    stacked: bool = False
    category_label: str = ""  # what the categories are: the first column of the figures
    value_label: str = "Actions"  # what a stacked chart's bars count

    def formatted(self, value) -> str:
        if value is None:
            return "n/a"
        if self.unit == "£":
            return ("-" if value < 0 else "") + f"£{abs(value):,.2f}"
        return f"{round(value * 100)}%" if self.unit == "%" else str(value)

    def table(self) -> tuple[list[str], list[list[str]]]:
        """The figures behind the chart: a header and a row per category."""
        header = [self.category_label, *[s.label for s in self.series]]
        rows = [
            [category, *[self.formatted(s.values[i]) for s in self.series]]
            for i, category in enumerate(self.categories)
        ]
        return header, rows


# --- measuring and wrapping text -------------------------------------------------------------------


class _Measure:
    """Widths of one-line texts in points, as the drawing sets them (DejaVu Sans, Agg's metrics).

    A line's width is the sum of its words' and spaces' widths, each word measured once: measuring
    whole lines is the slow part of drawing a chart of long labels. Kerning across a space is nil,
    so the sum is the width the line is drawn at, give or take a fraction of a point.
    """

    def __init__(self, renderer) -> None:
        self.renderer = renderer
        self.fonts: dict[tuple[float, str], FontProperties] = {}

    def width(self, text: str, size: float, weight: str = "normal") -> float:
        words = text.split(" ")
        space = self._word(" ", size, weight) if len(words) > 1 else 0.0
        return sum(self._word(word, size, weight) for word in words) + space * (len(words) - 1)

    def _word(self, word: str, size: float, weight: str) -> float:
        key = (word, size, weight)
        if key not in _WIDTHS:
            if len(_WIDTHS) > 20_000:
                _WIDTHS.clear()
            font = self.fonts.setdefault((size, weight), FontProperties(size=size, weight=weight))
            pixels = self.renderer.get_text_width_height_descent(word, font, ismath=False)[0]
            _WIDTHS[key] = pixels * 72 / LAYOUT_DPI
        return _WIDTHS[key]


_WIDTHS: dict[tuple[str, float, str], float] = {}


def _wrap(text: str, width: float, size: float, lines: int, measure: _Measure, weight: str = "normal") -> str:
    """Text broken into lines no wider than `width` points (at most `lines`; the last ends in "…")."""
    words = text.split()  # a label's own line breaks and runs of spaces read as one space
    out: list[str] = []
    line = ""
    for word in words:
        candidate = f"{line} {word}" if line else word
        if measure.width(candidate, size, weight) <= width:
            line = candidate
            continue
        if line:
            out.append(line)
        # A word wider than the line (a long address, or text without spaces) is cut where it must be.
        while measure.width(word, size, weight) > width:
            cut = _fitting(word, width, size, measure, weight)
            out.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        out.append(line)
    if len(out) > lines:
        last = out[lines - 1]
        while last and measure.width(last + "…", size, weight) > width:
            last = last[:-1]
        out = [*out[: lines - 1], last.rstrip(" ,;:.-\N{EN DASH}") + "…"]
    return "\n".join(out)


def _fitting(word: str, width: float, size: float, measure: _Measure, weight: str) -> int:
    """How many of the word's first characters fit in `width` (at least one)."""
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if measure.width(word[:middle], size, weight) <= width:
            low = middle
        else:
            high = middle - 1
    return low


# --- drawing -----------------------------------------------------------------------------------------


def _draw(chart: Chart) -> Figure:
    """The chart laid out in points: title, key under it, then the plot with its labels on the left."""
    figure = Figure(figsize=(WIDTH / 72, 3), dpi=LAYOUT_DPI)
    renderer = FigureCanvasAgg(figure).get_renderer()
    measure = _Measure(renderer)
    inner = WIDTH - 2 * PAD

    title = figure.text(
        PAD / WIDTH,
        1,
        _wrap(chart.title, inner * SLACK, TITLE_SIZE, 6, measure, "bold"),
        fontsize=TITLE_SIZE,
        fontweight="bold",
        ha="left",
        va="top",
        parse_math=False,
    )
    title_height = _points(title.get_window_extent(renderer).height)

    key, key_height = _key(figure, chart, renderer, measure, inner)

    # Category labels: wrapped to the narrower of their own width and the label column.
    natural = max((measure.width(" ".join(c.split()), LABEL_SIZE) for c in chart.categories), default=0)
    label_width = min(natural, LABEL_SHARE * inner * SLACK)
    labels = [_wrap(c, label_width, LABEL_SIZE, LABEL_LINES, measure) for c in chart.categories]
    bars = 1 if chart.stacked else len(chart.series)
    bar_band = 12.0 * (1 + 0.45 * (bars - 1))  # points of bars per category
    # The y axis counts points: each category as tall as its label needs, its bars in the middle.
    bands = [max(bar_band / 0.75, (label.count("\n") + 1) * LABEL_SIZE * LINE + 5) for label in labels]
    positions = [sum(bands[:i]) + band / 2 for i, band in enumerate(bands)]
    plot_height = sum(bands) or bar_band / 0.75

    # First placed at its final size in a provisional figure, to measure what stands around it.
    left, right = PAD + label_width / SLACK + 6, WIDTH - PAD  # the label column, then the plot
    provisional = plot_height + 200
    figure.set_size_inches(WIDTH / 72, provisional / 72)
    axes = figure.add_axes((left / WIDTH, 100 / provisional, (right - left) / WIDTH, plot_height / provisional))
    value_room = _plot(axes, chart, positions, bar_band, renderer)
    # Labels read as a column, each starting at the left edge: the tick's pad is the column's width.
    column = max((measure.width(line, LABEL_SIZE) for label in labels for line in label.split("\n")), default=0)
    axes.set_yticks(positions, labels=labels, fontsize=LABEL_SIZE, ha="left")
    label_pad = column / SLACK + 6
    axes.tick_params(axis="y", length=0, pad=label_pad)
    axes.tick_params(axis="x", labelsize=SMALL_SIZE)
    axes.set_ylim(plot_height, 0)  # the first category at the top
    axes.spines[["top", "right"]].set_visible(False)
    _limit(axes, chart, right - left, value_room)

    # The room the axes' own labels take on each side (measured, as tight layout would).
    box, tight = axes.get_window_extent(renderer), axes.get_tightbbox(renderer)
    left = PAD + max(label_pad, _points(box.x0 - tight.x0))  # labels start where the pad says, at any size
    right = WIDTH - PAD - _points(max(tight.x1 - box.x1, 0)) / SLACK  # the axis's last number may stand out
    below = _points(max(box.y0 - tight.y0, 0)) / SLACK
    above = _points(max(tight.y1 - box.y1, 0)) / SLACK
    _limit(axes, chart, right - left, value_room)

    top = PAD + title_height + (GAP + key_height if key else 0) + GAP
    height = top + above + plot_height + below + PAD
    figure.set_size_inches(WIDTH / 72, height / 72)
    axes.set_position((left / WIDTH, (PAD + below) / height, (right - left) / WIDTH, plot_height / height))
    title.set_y(1 - PAD / height)
    if key:
        key.set_bbox_to_anchor((PAD / WIDTH, 1 - (PAD + title_height + GAP) / height), transform=figure.transFigure)
    return figure


def _points(pixels: float) -> float:
    return pixels * 72 / LAYOUT_DPI


def _key(figure: Figure, chart: Chart, renderer, measure: _Measure, inner: float):
    """The key under the title, in as many columns as fit across (its labels wrap too)."""
    if not chart.series:
        return None, 0.0
    handles = [Patch(facecolor=s.colour, label=s.label) for s in chart.series]
    # Given with their handles, labels are kept as written (even one that begins with "_").
    labels = [_wrap(s.label, inner / 3, SMALL_SIZE, KEY_LINES, measure) for s in chart.series]
    for columns in range(len(handles), 0, -1):
        # matplotlib fills a key column by column: given in this order, it reads row by row.
        order = [
            row * columns + column for column in range(columns) for row in range(-(-(len(handles) - column) // columns))
        ]
        key = figure.legend(
            [handles[i] for i in order],
            [labels[i] for i in order],
            ncol=columns,
            loc="upper left",
            bbox_to_anchor=(PAD / WIDTH, 1),
            borderaxespad=0,
            borderpad=0,
            frameon=False,
            fontsize=SMALL_SIZE,
            handlelength=1.4,
            columnspacing=1.6,
        )
        box = key.get_window_extent(renderer)
        if _points(box.width) <= inner * SLACK or columns == 1:
            for text in key.get_texts():
                text.set_parse_math(False)
            return key, _points(box.height) / SLACK
        key.remove()
    raise AssertionError("unreachable")


def _plot(axes, chart: Chart, positions: list[float], bar_share: float, renderer) -> float:
    """Draw the bars; the points kept at the right of the plot for the figures written after bars."""
    if chart.stacked:
        left = [0] * len(positions)
        for series in chart.series:
            values = [v or 0 for v in series.values]
            axes.barh(positions, values, left=left, height=bar_share, color=series.colour)
            left = [a + b for a, b in zip(left, values, strict=True)]
        axes.set_xlabel(chart.value_label, fontsize=LABEL_SIZE, parse_math=False)
        axes.xaxis.get_major_locator().set_params(integer=True)
        return 0.0
    width = bar_share / len(chart.series)
    widest = 0.0
    for n, series in enumerate(chart.series):
        values = [float(v or 0) * (100 if chart.unit == "%" else 1) for v in series.values]
        offsets = [p - bar_share / 2 + width * (n + 0.5) for p in positions]
        bars = axes.barh(offsets, values, height=width, color=series.colour)
        for bar, raw in zip(bars, series.values, strict=True):
            text = axes.annotate(
                chart.formatted(raw),
                (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=SMALL_SIZE,
                parse_math=False,
            )
            widest = max(widest, _points(text.get_window_extent(renderer).width) / SLACK)
    if chart.unit == "%":
        # Every bar carries its figure, so the x axis adds nothing but drawing work.
        axes.xaxis.set_visible(False)
        axes.spines["bottom"].set_visible(False)
    return widest + 3 + 2


def _limit(axes, chart: Chart, plot_width: float, value_room: float) -> None:
    """The x axis runs to the longest bar, with `value_room` points to spare for its figure."""
    if chart.stacked:
        totals = [sum(s.values[i] or 0 for s in chart.series) for i in range(len(chart.categories))]
        axes.set_xlim(0, max([1, *totals]))
        return
    scale = 100 if chart.unit == "%" else 1
    longest = max([100 if chart.unit == "%" else 1, *(float(v or 0) * scale for s in chart.series for v in s.values)])
    axes.set_xlim(0, longest * plot_width / max(plot_width - value_room, 1))


# --- an indicator's trend: a small line chart, many to a page ----------------------------------------

TREND_WIDTH = 4.4 * 72  # points: under its table, beside the commentary
TREND_HEIGHT = 1.6 * 72
THIS_YEAR, LAST_YEAR, TARGET, COMPARATOR = "#0b3558", "#9aa0a6", "#2e7d32", "#c05621"


@dataclass(frozen=True)
class Trend:
    """An indicator over the year's periods: this year's line against last year's, its target as a
    dashed line and its comparator (statistical neighbours, England) dotted. A period not reported
    is a gap in its line, never a zero."""

    key: str
    title: str
    labels: tuple[str, ...]  # the periods, as an axis names them ("Apr", "Q1")
    this_year: tuple[float | None, ...]
    last_year: tuple[float | None, ...]
    comparator: tuple[float | None, ...] = ()
    target: float | None = None
    this_label: str = "This year"
    last_label: str = "Last year"
    comparator_label: str = ""
    percent: bool = False  # values are percentages already (45.5 means 45.5%)

    def table(self) -> tuple[list[str], list[list[str]]]:
        def text(value):
            return "n/a" if value is None else f"{value:g}"

        header = ["Period", self.this_label, self.last_label]
        rows = [
            [label, text(self.this_year[i]), text(self.last_year[i] if i < len(self.last_year) else None)]
            for i, label in enumerate(self.labels)
        ]
        return header, rows


def _gaps(values: tuple[float | None, ...], n: int) -> list[float]:
    """Values for a line: a gap (NaN) where none was reported."""
    return [float("nan") if i >= len(values) or values[i] is None else values[i] for i in range(n)]


def _draw_trend(trend: Trend) -> Figure:
    """The key across the top, then the plot. The title is the indicator's heading beside the
    chart, so it is not drawn again; it names the picture for screen readers (svg's aria-label)."""
    figure = Figure(figsize=(TREND_WIDTH / 72, TREND_HEIGHT / 72), dpi=LAYOUT_DPI)
    renderer = FigureCanvasAgg(figure).get_renderer()
    measure = _Measure(renderer)
    top = PAD + (SMALL_SIZE - 1) * LINE + GAP
    n = len(trend.labels)
    turned = n > 6 and max((len(label) for label in trend.labels), default=0) > 3
    bottom = 30 if turned else 16  # room for the periods' names, written aslant when long
    left = 36  # room for the figures of the y axis
    axes = figure.add_axes(
        (
            left / TREND_WIDTH,
            bottom / TREND_HEIGHT,
            (TREND_WIDTH - left - PAD - 2) / TREND_WIDTH,
            (TREND_HEIGHT - top - bottom) / TREND_HEIGHT,
        )
    )
    xs = list(range(n))
    handles, names = [], []
    if any(v is not None for v in trend.last_year):
        (line,) = axes.plot(xs, _gaps(trend.last_year, n), color=LAST_YEAR, marker="o", markersize=2.5, linewidth=1.2)
        handles.append(line)
        names.append(trend.last_label)
    (line,) = axes.plot(xs, _gaps(trend.this_year, n), color=THIS_YEAR, marker="o", markersize=3, linewidth=1.8)
    handles.insert(0, line)
    names.insert(0, trend.this_label)
    if any(v is not None for v in trend.comparator):
        (line,) = axes.plot(
            xs, _gaps(trend.comparator, n), color=COMPARATOR, linestyle=":", marker="s", markersize=2, linewidth=1.2
        )
        handles.append(line)
        names.append(_wrap(trend.comparator_label, TREND_WIDTH / 3, SMALL_SIZE - 1, 1, measure))
    if trend.target is not None:
        handles.append(axes.axhline(trend.target, color=TARGET, linestyle="--", linewidth=1))
        names.append("Target")
    axes.set_xticks(xs, labels=list(trend.labels), fontsize=SMALL_SIZE - 1)
    for label in axes.get_xticklabels():
        label.set_parse_math(False)
    if turned:
        axes.tick_params(axis="x", labelrotation=45)
    axes.tick_params(axis="y", labelsize=SMALL_SIZE - 1)
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_xlim(-0.5, n - 0.5)
    if trend.percent:
        axes.yaxis.set_major_formatter(lambda value, _: f"{value:g}%")
    key = figure.legend(
        handles,
        names,
        ncol=len(handles),
        loc="upper left",
        bbox_to_anchor=(PAD / TREND_WIDTH, 1 - PAD / TREND_HEIGHT),
        borderaxespad=0,
        borderpad=0,
        frameon=False,
        fontsize=SMALL_SIZE - 1,
        handlelength=1.8,
        columnspacing=1.0,
    )
    for text in key.get_texts():
        text.set_parse_math(False)
    return figure


def _rendered(chart: Chart, format: str, **options) -> bytes | str:
    """Draw and save the chart, one drawing at a time, with matplotlib's glyph warning kept quiet."""
    out = io.StringIO() if format == "svg" else io.BytesIO()
    with _DRAWING, warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=_MISSING_GLYPH, category=UserWarning)
        figure = _draw_trend(chart) if isinstance(chart, Trend) else _draw(chart)
        figure.savefig(out, format=format, **options)
    return out.getvalue()


def svg(chart: Chart) -> str:
    """The chart as an inline SVG element (no XML prologue), with its title for screen readers."""
    return _kept("svg", chart, lambda: _svg(chart))


def _svg(chart: Chart) -> str:
    text = _rendered(chart, "svg", metadata={"Date": None})
    text = text[text.index("<svg") :]
    # Where the reader has no DejaVu Sans, a plain sans-serif (narrower, so the layout still holds).
    text = text.replace("font-family: 'DejaVu Sans'", "font-family: 'DejaVu Sans', sans-serif")
    # Several charts share one page: give each chart's ids its own prefix so none collide.
    prefix = re.sub(r"[^A-Za-z0-9-]", "-", chart.key)
    text = re.sub(r'id="([^"]+)"', rf'id="{prefix}-\1"', text)
    text = re.sub(r'(href="#|url\(#)', rf"\g<1>{prefix}-", text)
    # Placed as written: a title's "\\" is not a pattern's escape.
    return text.replace("<svg ", f'<svg role="img" aria-label="{_attr(chart.title)}" ', 1)


def svg_data_uri(chart: Chart) -> str:
    """The SVG as a data: URI, for an <img>: the PDF lays it out far faster than inline markup."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg(chart).encode("utf-8")).decode("ascii")


def png(chart: Chart, dpi: int = 150) -> bytes:
    return _kept(f"png{dpi}", chart, lambda: _png(chart, dpi))


def _png(chart: Chart, dpi: int = 150) -> bytes:
    return _rendered(chart, "png", dpi=dpi)


def forget() -> None:
    """Forget what this process has drawn or read (the store keeps it)."""
    _DRAWN.clear()


# As for a cached function: the drawing itself, without the store (svg.__wrapped__(chart)), and
# forgetting this process's drawings (svg.cache_clear()).
svg.__wrapped__, svg.cache_clear = _svg, forget
png.__wrapped__, png.cache_clear = _png, forget


# --- drawn charts, kept for every process ----------------------------------------------------------
#
# Drawing a large board's year takes seconds (forty charts of long labels), and a per-process cache
# makes every new web process draw again: the wait the first reader after a start had. So the
# report's charts are kept in the database (yearend.models.DrawnChart), the one store that every
# web process and worker on every server reaches already. A small model rather than Django's
# database cache: a page reads its year's drawings in one query (by board and year) and keeps what
# it drew in one more, where the cache costs several queries a chart to write; and the worker can
# delete the drawings of what is no longer shown.
#
# The worker draws the live years' charts after it starts and after the records change
# (yearend.tasks), so a reader finds them drawn; a process that misses one draws it and keeps it.
# A chart is keyed by everything it is drawn from: its figures and words (so by the records it
# shows: a changed record that changes a chart gives it a new key, and a stale drawing is never
# found), the drawing code and matplotlib's version; a change to the records that leaves a chart's
# figures as they were keeps its drawing.
#
# Only the report's pages, files and tasks use the store (inside `shared(board, year)`); a chart
# drawn elsewhere (the dashboard's) is kept by its process alone, as before.
_CODE = hashlib.sha256(Path(__file__).read_bytes() + matplotlib.__version__.encode()).hexdigest()[:16]
# What this process has drawn or read already.
_DRAWN: dict[str, str | bytes] = {}
_DRAWN_MAX = 512


@dataclass
class _Shared:
    board: object
    year: str
    kept: set[str] | None = None  # the keys of the year's drawings in the store, once read
    drawn: dict[str, str | bytes] = field(default_factory=dict)


_SHARED: contextvars.ContextVar[_Shared | None] = contextvars.ContextVar("yearend_charts_shared", default=None)


@contextmanager
def shared(board, year):
    """Within: the charts drawn are those of `board`'s report of `year` (a ReportingYear): the year's
    drawings are read from the store (once, at the first chart: one query), and those it lacks,
    drawn here, kept there for the others (in one write, at the end)."""
    state = _Shared(board, str(year))
    token = _SHARED.set(state)
    try:
        yield state
    except BaseException:
        _SHARED.reset(token)
        raise
    _SHARED.reset(token)
    _keep(state)


def _keep(state: _Shared) -> None:
    from .models import DrawnChart

    if state.drawn:
        DrawnChart.objects.bulk_create(
            [
                DrawnChart(key=key, board=state.board, year=state.year, content=_encoded(value))
                for key, value in state.drawn.items()
            ],
            ignore_conflicts=True,  # drawn meanwhile by another process: the same drawing
        )


def _encoded(value: str | bytes) -> bytes:
    return value.encode("utf-8") if isinstance(value, str) else value


def _store_key(kind: str, chart: Chart | Trend) -> str:
    return hashlib.sha256(repr((_CODE, kind, chart)).encode()).hexdigest()[:48]


def _remember(key: str, value: str | bytes) -> None:
    if len(_DRAWN) >= _DRAWN_MAX:
        _DRAWN.clear()
    _DRAWN[key] = value


def _kept(kind: str, chart: Chart | Trend, draw):
    key = _store_key(kind, chart)
    state = _SHARED.get()
    if state is not None and state.kept is None:
        state.kept = _read(state)
    value = _DRAWN.get(key)
    if value is None:
        value = draw()
        _remember(key, value)
    if state is not None and key not in state.kept:
        # Drawn now, or earlier by this process alone: kept for the others.
        state.drawn[key] = value
    return value


def kept_svgs(charts: list[Chart], board_id: int, year) -> list[str]:
    """Charts as svg() draws them, read by their keys from the store (one query) where this process
    has not drawn them, drawn and kept there where no process has: the dashboard's charts, which the
    worker draws with the live year's charts (yearend.tasks.draw_live_charts)."""
    from .models import DrawnChart

    keys = [_store_key("svg", chart) for chart in charts]
    missing = [key for key in keys if key not in _DRAWN]
    if missing:
        for key, content in DrawnChart.objects.filter(key__in=missing).values_list("key", "content"):
            _remember(key, bytes(content).decode("utf-8"))
    drawn = []
    for key, chart in zip(keys, charts, strict=True):
        if key not in _DRAWN:
            _remember(key, _svg(chart))
            drawn.append(DrawnChart(key=key, board_id=board_id, year=str(year), content=_encoded(_DRAWN[key])))
    if drawn:
        # ignore_conflicts: drawn meanwhile by another process, the same drawing.
        DrawnChart.objects.bulk_create(drawn, ignore_conflicts=True)
    return [_DRAWN[key] for key in keys]


def _read(state: _Shared) -> set[str]:
    """Every drawing kept of the board's year, into this process (one query): their keys."""
    from .models import DrawnChart

    rows = DrawnChart.objects.filter(board=state.board, year=state.year).values_list("key", "content")
    for key, content in rows:
        content = bytes(content)
        _remember(key, content if content.startswith(b"\x89PNG") else content.decode("utf-8"))
    return {key for key, _ in rows}


def keys(charts) -> set[str]:
    """The store's keys of the charts, as the page (SVG) and the Word document (PNG) show them."""
    return {_store_key(kind, chart) for chart in charts if chart for kind in ("svg", "png150")}


def shown(report) -> list[Chart | Trend]:
    """The charts of a year's report (yearend.report.Report), as its page and its files show them."""
    return [*report.charts, *(item.chart for item in report.dataset if item.chart)]


def draw(board, year, charts) -> int:
    """Keep the charts of `board`'s report of `year` as its page shows them, drawn unless drawn
    already; delete the year's drawings of charts it no longer shows. How many were kept now."""
    from .models import DrawnChart

    charts = [chart for chart in charts if chart]
    with shared(board, year) as state:
        for chart in charts:
            svg(chart)
    DrawnChart.objects.filter(board=board, year=str(year)).exclude(key__in=keys(charts)).delete()
    return len(state.drawn)


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
