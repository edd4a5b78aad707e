"""The annual report as an HTML document and a PDF (WeasyPrint), from one template."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from .models import NARRATIVE_SECTIONS
from .report import Report

OTHER_TOPICS = ["reviews", "voice", "training", "resources", "next_year"]
PRINT_CSS = Path(__file__).resolve().parent / "static" / "yearend" / "report-print.css"


def other_topics(report: Report, include_empty: bool) -> list[tuple[str, str, str]]:
    """The narrative topics beyond the sections: all of them on screen, the written ones in print."""
    labels = dict(NARRATIVE_SECTIONS)
    topics = [(key, labels[key], report.narrative.get(key, "")) for key in OTHER_TOPICS]
    return [topic for topic in topics if include_empty or topic[2].strip()]


@cache
def print_css() -> str:
    return PRINT_CSS.read_text(encoding="utf-8")


def report_html(report: Report) -> str:
    """A standalone, print-ready HTML document (styles inline, charts as inline SVG)."""
    context = {
        "report": report,
        "printing": True,
        "other_topics": other_topics(report, False),
        "print_css": print_css(),
    }
    return render_to_string("yearend/report_print.html", context)


def report_pdf(report: Report) -> bytes:
    """A4 PDF: running header, page numbers, contents with page references, vector charts."""
    return pdf_from_html(report_html(report))


# Images (the charts' SVG) parsed once per process for every PDF, not once per PDF: WeasyPrint's
# own cache, keyed by the image's address (a data: URI of the chart's SVG). Emptied when it grows
# past a few years' charts.
_IMAGES: dict = {}
_IMAGES_KEPT = 200


def pdf_from_html(html: str) -> bytes:
    """Lay out the print HTML (seconds for a large board's report: yearend.files keeps the result)."""
    from weasyprint import HTML  # imported here: it is slow to load and only the PDF needs it

    if len(_IMAGES) > _IMAGES_KEPT:
        _IMAGES.clear()
    # Nothing is fetched over HTTP (a server rendering its own page could deadlock): styles are
    # inline and charts are inline SVG; base_url only serves relative paths from the static folder.
    # Fonts are embedded as the subset the report uses: smaller, and faster to write than whole.
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf(cache=_IMAGES)
