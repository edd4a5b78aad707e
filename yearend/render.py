"""The annual report as an HTML document and a PDF (WeasyPrint), from one template."""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from .report import Report

OTHER_TOPICS = ["reviews", "voice", "training", "resources", "next_year"]
PRINT_CSS = Path(__file__).resolve().parent / "static" / "yearend" / "report-print.css"
WATERMARK = Path(__file__).resolve().parent / "static" / "yearend" / "draft-watermark.svg"


@dataclass(frozen=True)
class Signature:
    """Who signed the report off and on which day: a report without one is a draft, which carries
    a watermark and says what is missing; a signed one prints neither."""

    name: str
    on: date


def other_topics(report: Report, include_empty: bool) -> list[tuple[str, str, str]]:
    """The narrative topics beyond the sections: all of them on screen, the written ones in print."""
    labels = report.narrative_titles
    topics = [(key, labels[key], report.narrative.get(key, "")) for key in topics_left(report)]
    return [topic for topic in topics if include_empty or topic[2].strip()]


def topics_left(report: Report) -> list[str]:
    """The narrative topics not written into a section of their own: training's commentary goes
    with the training section and the resources' with the resources section, when the year has them."""
    own = {"training": report.training is not None, "resources": report.resources is not None}
    return [key for key in OTHER_TOPICS if not own.get(key)]


@cache
def print_css() -> str:
    return PRINT_CSS.read_text(encoding="utf-8")


@cache
def watermark_data_uri() -> str:
    """The draft's watermark (the word as outlines, so it is not in the PDF's text), for the print CSS."""
    return "data:image/svg+xml;base64," + base64.b64encode(WATERMARK.read_bytes()).decode()


def still_missing(report: Report) -> list[str]:
    """What a draft still lacks: the statutory checklist's missing items and the chair's introduction."""
    missing = [
        f"{item.label}: write “{item.where}”" + (f" ({item.later})." if item.later else ".")
        for item in report.checklist
        if item.status == "missing"
    ]
    if not report.narrative.get("introduction", "").strip():
        missing.insert(0, "The chair's introduction: not written yet.")
    return missing


def report_html(report: Report, signature: Signature | None = None) -> str:
    """A standalone, print-ready HTML document (styles inline, charts as inline SVG)."""
    context = {
        "report": report,
        "printing": True,
        "signature": signature,
        "missing": still_missing(report),
        "watermark": watermark_data_uri(),
        "other_topics": other_topics(report, False),
        "print_css": print_css(),
    }
    return render_to_string("yearend/report_print.html", context)


def report_body_html(report: Report, signature: Signature) -> str:
    """The report as the page shows it, without the links to write the narrative: what a
    signed-off year's page shows from then on."""
    context = {"report": report, "printing": False, "can_write": False, "signature": signature}
    return render_to_string(
        "yearend/partials/_report_body.html", {**context, "other_topics": other_topics(report, False)}
    )


def report_pdf(report: Report, signature: Signature | None = None) -> bytes:
    """A4 PDF: running header, page numbers, contents with page references, vector charts."""
    return pdf_from_html(report_html(report, signature))


# The report's parts, by the id of their <section>, as the page names them.
SECTION_TITLES = {
    "cover": "Cover",
    "introduction": "Introduction",
    "governance": "Governance",
    "attendance": "Attendance",
    "priorities": "Progress against priorities",
    "challenge": "Improvement through challenge",
    "learning": "Learning from reviews",
    "assurance": "Quality assurance and audit",
    "training": "Training and its impact",
    "resources": "Resources",
    "other": "Learning, voice, workforce and resources",
    "checklist": "Statutory checklist",
    "appendix": "Data appendix",
    "dataset": "Dataset",
    "glossary": "Glossary",
}
# Sections that only repeat what the others say (yearend.glossary): a report reads differently
# only if another section does, and a report signed before the glossary is not "changed".
NOT_DIGESTED = {"glossary"}
_SECTION = re.compile(r'<section[^>]*\bid="([\w-]+)"[^>]*>(.*?)</section>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def section_digests(report: Report) -> dict[str, str]:
    """SHA-256 of what each section of the report says (its text, as printed in a signed copy, on
    a fixed day): equal for two states of the records exactly when the report reads the same.

    Text, not markup: the charts' drawings are left out (their figures are in the data appendix)."""
    fixed = replace(report, generated_on=report.year.end)
    html = report_html(fixed, Signature("", report.year.end))
    return {
        key: hashlib.sha256(" ".join(_TAG.sub(" ", body).split()).encode()).hexdigest()
        for key, body in _SECTION.findall(html)
        if key not in NOT_DIGESTED
    }


def records_digest(sections: dict[str, str]) -> str:
    """One digest of the records' report, from its sections' digests."""
    return hashlib.sha256("\n".join(f"{key} {sections[key]}" for key in sorted(sections)).encode()).hexdigest()


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
