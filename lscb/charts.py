"""Writing a drawn matplotlib figure as SVG the same way for every app's charts: fonts as text,
no date and a fixed salt (the same chart gives the same SVG), no text ever read as mathematics,
one figure at a time (matplotlib's global state is not for two threads at once)."""

from __future__ import annotations

import base64
import io
import threading
import warnings

import matplotlib
from matplotlib.figure import Figure

DRAWING = threading.Lock()
SVG_SETTINGS = {"svg.fonttype": "none", "svg.hashsalt": "lscb", "text.parse_math": False}


def figure_svg(draw) -> str:
    """The SVG of the figure `draw()` makes, from its <svg> element on."""
    out = io.StringIO()
    with DRAWING, warnings.catch_warnings(), matplotlib.rc_context(SVG_SETTINGS):
        # A character no font has is still written into the SVG (the reader's fonts may have it).
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font", category=UserWarning)
        figure: Figure = draw()
        figure.savefig(out, format="svg", metadata={"Date": None})
    text = out.getvalue()
    # Where the reader has no DejaVu Sans, a plain sans-serif.
    return text[text.index("<svg") :].replace("font-family: 'DejaVu Sans'", "font-family: 'DejaVu Sans', sans-serif")


def svg_data_uri(svg: str) -> str:
    """An SVG as a data: URI for an <img> (the Content Security Policy allows no inline styles)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
