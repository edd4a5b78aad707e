"""The annual report as a Word document the board can still edit: Word's own styles, real tables.

Headings use the built-in heading styles, so the contents field (which Word fills in) lists
them; tables use "Table Grid" with a header row repeated on every page and rows that never
split; each chart is a picture, and its figures are tabulated again in the data appendix.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import date

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from businessplan.exports import level_fill
from businessplan.models import Plan
from governance.models import CancelReason
from governance.statistics import AgencyFigures, GroupFigures
from lscb.years import ReportingYear

from .charts import Chart, png
from .glossary import glossary
from .render import Signature, still_missing, topics_left
from .report import NOT_REPORTED, AttendanceGroup, ChecklistItem, PlanReport, RecommendationRow, Report, ReviewRow

INTRODUCTION_PLACEHOLDER = "Not written yet: the chair's introduction."
MISSING_COLOUR = RGBColor(0xA1, 0x1D, 0x2B)
# Word's own watermark: a word drawn across every page from the header, behind the text.
WATERMARK = (
    '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ' xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"><w:pict>'
    '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"'
    ' path="m@7,l@8,m@5,21600l@6,21600e"><v:path textpathok="t" o:connecttype="custom"/>'
    '<v:textpath on="t" fitshape="t"/></v:shapetype>'
    '<v:shape id="DraftWatermark{n}" o:spid="_x0000_s10{n}" type="#_x0000_t136" o:allowincell="f"'
    ' style="position:absolute;margin-left:0;margin-top:0;width:440pt;height:140pt;rotation:315;'
    "z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
    'mso-position-vertical:center;mso-position-vertical-relative:margin" fillcolor="#A11D2B" stroked="f">'
    '<v:fill opacity="0.12"/><v:textpath style="font-family:&quot;Calibri&quot;;font-size:1pt" string="DRAFT"/>'
    "</v:shape></w:pict></w:r>"
)
HEADER_FILL = "D9E2F3"
MISSING_FILL = "F4B6B6"


def _date(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _percent(rate: float) -> str:
    return f"{round(rate * 100)}%"


def _share(rate: float | None) -> str:
    return "n/a" if rate is None else _percent(rate)


def _were(number: int, noun: str) -> str:
    """Say "1 challenge was" or "2 challenges were"."""
    return f"{number} {noun}" + ("" if number == 1 else "s") + (" was" if number == 1 else " were")


def _rating(plan: Plan, value: str | None) -> str:
    """The plan's own word for a rating ("Not rated" when blank)."""
    return plan.label(value or "")


# --- the page -----------------------------------------------------------------------------------


def _page(section: Section, *, landscape: bool = False) -> None:
    """A4 with 2 cm margins; only the cover's section has a different (empty) first-page header."""
    short, long = Cm(21.0), Cm(29.7)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    section.different_first_page_header_footer = False


def _new_section(document: WordDocument, *, landscape: bool) -> None:
    """Start a new page in a new section; its header and footer follow the first section's."""
    _page(document.add_section(WD_SECTION.NEW_PAGE), landscape=landscape)


def _field(paragraph: Paragraph, instruction: str, placeholder: str = "") -> None:
    """Append a Word field (TOC, PAGE): Word works out its result; the placeholder shows until then."""

    def add(tag: str, **attributes: str) -> OxmlElement:
        element = OxmlElement(tag)
        for name, value in attributes.items():
            element.set(qn(name), value)
        paragraph.add_run()._r.append(element)
        return element

    add("w:fldChar", **{"w:fldCharType": "begin"})
    add("w:instrText", **{"xml:space": "preserve"}).text = f" {instruction} "
    add("w:fldChar", **{"w:fldCharType": "separate"})
    paragraph.add_run(placeholder)
    add("w:fldChar", **{"w:fldCharType": "end"})


def _setup(document: WordDocument, report: Report) -> None:
    """Page, British English, compact Normal text, the running header and the page numbers."""
    normal = document.styles["Normal"]
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.0
    defaults = document.styles.element.find(qn("w:docDefaults"))
    for lang in defaults.iter(qn("w:lang")):
        lang.set(qn("w:val"), "en-GB")  # the spelling checker's language
    properties = document.core_properties
    properties.title = f"{report.board_name}: annual report {report.year.label}"
    properties.author = report.board_name
    properties.subject = report.words.report_under
    properties.last_modified_by = report.board_name
    properties.language = "en-GB"
    properties.comments = ""
    section = document.sections[0]
    _page(section)
    section.different_first_page_header_footer = True  # the cover has no header or footer
    section.header.paragraphs[0].text = f"{report.board_name} \N{EN DASH} Annual report {report.year.label}"
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _field(footer, "PAGE", "1")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES", "1")


# --- building blocks -------------------------------------------------------------------------------


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _row_flag(row, tag: str) -> None:
    flag = OxmlElement(tag)
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


# A row with more text than this in one cell may break across pages: Word cuts off, rather than
# moves, the end of an unsplittable row taller than the page.
SPLIT_AFTER = 600


def _table(
    document: WordDocument, headings: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]
) -> Table:
    """A "Table Grid" table, widths in cm: its header row repeats on each page and a row splits
    only when a cell holds more than a page could."""
    table = document.add_table(rows=1 + len(rows), cols=len(headings))
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    for row, values in zip(table.rows, [headings, *rows], strict=True):
        if max((len(value or "") for value in values), default=0) <= SPLIT_AFTER:
            _row_flag(row, "w:cantSplit")
        for cell, value, width in zip(row.cells, values, widths, strict=True):
            cell.width = Cm(width)
            cell.text = value or ""
    header = table.rows[0]
    _row_flag(header, "w:tblHeader")
    for cell in header.cells:
        _shade(cell, HEADER_FILL)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    return table


def _shade_ratings(table: Table, column: int, plan: Plan, ratings: Sequence[str | None]) -> None:
    """Colour a column's rating cells with a tint of the plan's colour (the word is written in them too)."""
    for row, rating in zip(table.rows[1:], ratings, strict=True):
        _shade(row.cells[column], level_fill(plan, rating))


def _picture(document: WordDocument, chart: Chart) -> None:
    """The chart as a PNG the width of the page (less tall than the page), titled for screen readers."""
    section = document.sections[-1]
    width = section.page_width - section.left_margin - section.right_margin
    tallest = int((section.page_height - section.top_margin - section.bottom_margin) * 0.85)
    paragraph = document.add_paragraph()
    picture = paragraph.add_run().add_picture(io.BytesIO(png(chart)), width=width)
    if picture.height > tallest:
        picture.width, picture.height = int(picture.width * tallest / picture.height), tallest
    picture._inline.docPr.set("descr", chart.title)  # python-docx has no public alt-text setter


def _text(document: WordDocument, text: str) -> None:
    """Narrative as written: a paragraph per blank-line-separated block, line breaks kept."""
    for block in re.split(r"\n\s*\n", text.strip()):
        document.add_paragraph(block.strip())


def _chapter(document: WordDocument, title: str, *, new_page: bool = True) -> None:
    document.add_heading(title, level=1).paragraph_format.page_break_before = new_page


def _commentary(document: WordDocument, report: Report, key: str) -> None:
    text = report.narrative.get(key, "").strip()
    if text:
        document.add_heading("Commentary", level=2)
        _text(document, text)


# --- sections ----------------------------------------------------------------------------------------


def _missing(paragraph: Paragraph, text: str) -> None:
    """A draft's notice of what is missing: bold and dark red, not a grey placeholder."""
    run = paragraph.add_run(text)
    run.bold = True
    run.font.color.rgb = MISSING_COLOUR


def _draft_notice(document: WordDocument, report: Report, signature: Signature | None) -> None:
    """Who signed the report off and when; or, on a draft, that it is one and what it still lacks."""
    if signature is not None:
        document.add_paragraph().add_run(f"Signed off by {signature.name} on {_date(signature.on)}.").bold = True
        return
    _missing(document.add_paragraph(), "Draft: this report has not been signed off by the chair.")
    missing = still_missing(report)
    if missing:
        document.add_paragraph("Still missing from it:")
    for item in missing:
        _missing(document.add_paragraph(style="List Bullet"), item)


def _watermark(document: WordDocument) -> None:
    """A draft's watermark on every page: in the header of the cover and of the pages after it
    (the later sections take the first section's header)."""
    section = document.sections[0]
    for n, header in enumerate((section.header, section.first_page_header), start=1):
        header.paragraphs[0]._p.append(parse_xml(WATERMARK.format(n=n)))


def _cover(document: WordDocument, report: Report, signature: Signature | None = None) -> None:
    year = report.year
    document.add_paragraph(report.board_name, style="Title")
    document.add_paragraph(f"Annual report {year.label}", style="Subtitle")
    document.add_paragraph(f"1 April {year.start.year} to 31 March {year.end.year}")
    document.add_paragraph(report.words.report_under)
    document.add_paragraph(f"Generated from the board's records on {_date(report.generated_on)}.")
    _draft_notice(document, report, signature)
    contents = document.add_paragraph("Contents", style="TOC Heading")
    contents.paragraph_format.page_break_before = True
    _field(document.add_paragraph(), r'TOC \o "1-3" \h \z \u', "Right-click to update the contents.")
    text = report.narrative.get("introduction", "").strip()
    if text or signature is None:  # a signed report without one prints no empty chapter
        _chapter(document, report.narrative_titles["introduction"])
    if text:
        _text(document, text)
    elif signature is None:
        _missing(document.add_paragraph(), INTRODUCTION_PLACEHOLDER)


def _meets(group) -> str:
    parts = [group.get_frequency_display()] if group.frequency else []
    if group.planned_per_year:
        parts.append(f"{group.planned_per_year} a year")
    return ", ".join(parts)


def _governance(document: WordDocument, report: Report) -> None:
    _chapter(document, "Governance")
    document.add_paragraph(report.words.partners_sentence)
    document.add_heading("The board and its groups", level=2)
    if not report.structure:
        document.add_paragraph("No group was active during the year.")
    else:
        names = {row.group.pk: row.group.label for row in report.structure}
        rows = [
            [
                row.group.name,
                row.group.get_kind_display(),
                names.get(row.group.parent_id, ""),
                "; ".join(row.chairs),
                "; ".join(row.vice_chairs),
                row.joint_with,
                _meets(row.group),
            ]
            for row in report.structure
        ]
        columns = ["Group", "Kind", "Reports to", "Chair(s)", "Vice-chair(s)", "Joint with", "Meets"]
        table = _table(document, columns, rows, [3.2, 1.9, 2.2, 2.7, 2.5, 2.2, 2.3])
        for row, table_row in zip(report.structure, table.rows[1:], strict=True):
            table_row.cells[0].paragraphs[0].paragraph_format.left_indent = Cm(0.3 * row.depth)
    document.add_heading("Membership by agency", level=2)
    rows = [[m.agency, m.sector, str(m.people), ", ".join(m.groups)] for m in report.membership]
    if rows:
        _table(document, ["Agency", "Sector", "People", "Groups"], rows, [4.6, 3.0, 1.4, 8.0])
    else:
        document.add_paragraph("No agency had a member in the year.")
    _commentary(document, report, "governance")


def _held_line(figures: GroupFigures) -> str:
    line = f"{figures.held} held of {figures.planned} planned; {figures.cancelled_total} cancelled"
    if figures.cancellations:
        line += " (" + ", ".join(f"{reason.lower()}: {count}" for reason, count in figures.cancellations) + ")"
    if figures.not_yet_held:
        line += f"; {figures.not_yet_held} not recorded as held or cancelled"
    return line + "."


def _agency_row(row: AgencyFigures, threshold: float) -> list[str]:
    if row.only_when_not_expected:
        rate = "Attended when not expected"
    elif row.rate is None:
        rate = "n/a"
    else:
        rate = _percent(row.rate) + (f" (below {_percent(threshold)})" if row.below_threshold else "")
    previous = _percent(row.previous_rate) if row.previous_rate is not None else "n/a"
    return [row.agency.name, str(row.expected), str(row.attended), rate, previous]


def _group_attendance(document: WordDocument, group: AttendanceGroup, report: Report) -> None:
    figures = group.figures
    document.add_heading(figures.group.name, level=2)
    document.add_paragraph(_held_line(figures))
    if figures.agencies:
        columns = ["Agency", "Expected", "Attended", f"Rate {report.year}", f"Rate {report.year.previous}"]
        rows = [_agency_row(row, report.threshold) for row in figures.agencies]
        _table(document, columns, rows, [6.2, 2.0, 2.0, 4.2, 2.6])
    if group.chart:
        _picture(document, group.chart)
    if group.absent_agencies:
        document.add_paragraph(f"Did not attend any meeting it was expected at: {', '.join(group.absent_agencies)}.")
    if figures.not_recorded:
        days = ", ".join(_date(meeting.date) for meeting in figures.not_recorded)
        document.add_paragraph(f"Held, but no register recorded (left out of the rates): {days}.")


def _attendance(document: WordDocument, report: Report) -> None:
    _chapter(document, "Attendance")
    document.add_paragraph(
        "An agency's rate is the share of the meetings it was expected at that one of its representatives, "
        f"or a deputy, attended. Rates below {_percent(report.threshold)} are marked."
    )
    for group in report.attendance:
        _group_attendance(document, group, report)
    document.add_heading("Meetings planned and held", level=2)
    if not report.attendance:
        document.add_paragraph("No meeting was dated in this year.")
    else:
        reasons = CancelReason.choices
        rows = [
            [g.figures.group.name, str(g.figures.planned), str(g.figures.held), _share(g.held_rate)]
            + [str(g.figures.cancelled.get(reason, 0)) for reason, _ in reasons]
            for g in report.attendance
        ]
        total = report.meetings_total
        cancelled = [sum(g.figures.cancelled.get(reason, 0) for g in report.attendance) for reason, _ in reasons]
        totals = ["All groups", str(total.planned), str(total.held), _share(total.held_rate), *map(str, cancelled)]
        columns = ["Group", "Planned", "Held", "Held (%)", *[f"Cancelled: {label.lower()}" for _, label in reasons]]
        table = _table(document, columns, [*rows, totals], [4.2, 1.5, 1.4, 1.5, 2.1, 2.1, 2.1, 2.1])
        for cell in table.rows[-1].cells:
            for run in cell.paragraphs[0].runs:
                run.bold = True
    _commentary(document, report, "attendance")


def _totals_words(plan, totals: dict[str, int]) -> str:
    words = [f"{totals.get(rating, 0)} {_rating(plan, rating).lower()}" for rating in plan.ratings]
    return ", ".join([*words, f"{totals.get('unrated', 0)} not rated"])


def _key(document: WordDocument, plan, report: Report) -> None:
    """The plan's own key, above its tables: each level's label and what the plan says it means."""
    document.add_paragraph("Key to the ratings:")
    rows = [[level.label, level.meaning] for level in plan.scale_levels]
    rows.append(["Not rated", f"No rating recorded by {_date(report.year.end)}"])
    _table(document, ["Rating", "Meaning"], rows, [4.0, 13.0])


def _plan(document: WordDocument, plan_report: PlanReport, report: Report) -> None:
    plan, end = plan_report.year.plan, report.year.end
    document.add_heading(plan.title, level=2)
    document.add_paragraph(
        f"{_date(plan.start)} to {_date(plan.end)}. Ratings as they stood on {_date(end)}: "
        f"{_totals_words(plan, plan_report.year.totals)}."
    )
    _picture(document, plan_report.chart)
    _key(document, plan, report)
    columns = [
        "Ref",
        "Objective",
        "Action",
        "Intended impact",
        "Measure",
        "By whom",
        "By when",
        f"{plan.rating_heading} at 31 March {end.year}",
        "Progress in the year",
    ]
    for section in plan_report.year.sections:
        document.add_heading(f"Priority {section.priority.number}: {section.priority.title}", level=3)
        document.add_paragraph(f"At {_date(end)}: {_totals_words(plan, section.totals)}.")
        if not section.actions:
            continue
        rows, previous = [], None
        for action in section.actions:
            objective = action.objective.text if action.objective_id != previous else ""
            previous = action.objective_id
            due = action.due_text or _date(action.due_date)
            notes = "\n".join(f"{u.when}: {u.note}" for u in action.period_updates)
            rows.append(
                [
                    action.ref,
                    objective,
                    action.text,
                    action.intended_impact,
                    action.measure,
                    action.by_whom,
                    due,
                    _rating(plan, action.rating_at_end),
                    notes,
                ]
            )
        table = _table(document, columns, rows, [1.2, 2.8, 3.3, 2.8, 2.8, 2.2, 2.6, 2.4, 5.6])
        _shade_ratings(table, 7, plan, [action.rating_at_end for action in section.actions])
    document.add_heading("Actions whose rating moved during the year", level=3)
    if plan_report.moved:
        rows = [
            [c.action.ref, c.action.text, _rating(plan, c.before), _rating(plan, c.after)] for c in plan_report.moved
        ]
        table = _table(document, ["Ref", "Action", "From", "To"], rows, [1.5, 16.2, 4.0, 4.0])
        _shade_ratings(table, 2, plan, [c.before for c in plan_report.moved])
        _shade_ratings(table, 3, plan, [c.after for c in plan_report.moved])
    else:
        document.add_paragraph("No action's rating moved during the year.")
    document.add_heading("Areas with little or no progress", level=3)
    if plan_report.little_progress:
        rows = []
        for action in plan_report.little_progress:
            latest = action.period_updates[-1] if action.period_updates else None
            note = f"{latest.when}: {latest.note}" if latest else "No progress note in the year."
            rows.append([action.ref, action.text, _rating(plan, action.rating_at_end), note])
        table = _table(document, ["Ref", "Action", "Rating", "Latest note"], rows, [1.5, 10.0, 2.2, 12.0])
        _shade_ratings(table, 2, plan, [action.rating_at_end for action in plan_report.little_progress])
    else:
        document.add_paragraph(f"No action was rated {plan.behind_words} on {_date(end)}.")


def _priorities(document: WordDocument, report: Report) -> None:
    _new_section(document, landscape=True)  # the plan tables are wide
    _chapter(document, "Progress against priorities", new_page=False)
    if not report.plans:
        document.add_paragraph("No business plan covered this year.")
    for plan_report in report.plans:
        _plan(document, plan_report, report)
    _commentary(document, report, "priorities")


def _challenges(document: WordDocument, report: Report) -> None:
    _new_section(document, landscape=False)
    _chapter(document, "Improvement through challenge", new_page=False)
    end, challenges, still_open = report.year.end, report.challenges, report.open_challenges
    raised = sum(c.raised_on in report.year for c in challenges)
    document.add_paragraph(
        f"{_were(len(challenges), 'challenge')} live during the year: {raised} raised in it, "
        f"{len(report.closed_challenges)} closed by {_date(end)} and {len(still_open)} still open then."
    )
    if challenges:
        rows = [
            [
                c.ref,
                c.raised_when,
                c.agency.name,
                c.subject,
                c.get_status_display() + (f" {_date(c.closed_on)}" if c.closed_on else ""),
                (f"{c.outcome_kind_label}. " if c.outcome_kind_label else "") + c.outcome,
                c.escalated_to,
            ]
            for c in challenges
        ]
        columns = ["Ref", "Raised on", "Agency", "Subject", "Status", "Outcome", "Escalated to"]
        _table(document, columns, rows, [1.8, 2.0, 2.6, 3.4, 2.0, 3.6, 1.6])
    if report.closed_challenges:
        counted = "; ".join(f"{label.lower()} {count}" for label, count in report.challenge_outcomes)
        document.add_paragraph(f"Outcomes of the {len(report.closed_challenges)} closed by {_date(end)}: {counted}.")
    document.add_heading("What remains open", level=2)
    if not still_open:
        document.add_paragraph(f"None: every challenge of the year was closed by {_date(end)}.")
    for c in still_open:
        raised = f"in {ReportingYear.containing(c.raised_on)} (undated)" if c.raised_undated else f"on {c.raised_when}"
        text = f"{c.ref}: {c.subject} ({c.agency.name}), raised {raised}; now {c.get_status_display()}"
        document.add_paragraph(text.rstrip() + ".", style="List Bullet")
    _commentary(document, report, "challenges")


def _reviews_table(document: WordDocument, rows: Sequence[ReviewRow], findings: bool = True) -> None:
    """The reviews as a table; their findings (paragraphs as boards write them) follow it in full
    width, where a column would squeeze them to a word a line."""
    columns = ["Ref", "Kind", "Review", "Started", "Concluded", "Published"]
    values = [
        [
            r.review.ref,
            r.review.get_kind_display(),
            r.review.title,
            _date(r.review.started_on),
            _date(r.review.concluded_on),
            _date(r.review.published_on),
        ]
        for r in rows
    ]
    _table(document, columns, values, [2.2, 4.0, 3.6, 2.4, 2.4, 2.4])
    for r in rows if findings else []:
        if r.review.findings.strip():
            paragraph = document.add_paragraph()
            paragraph.add_run(f"Findings of {r.review.ref} ({r.review.title}): ").bold = True
            paragraph.add_run(r.review.findings.strip())


def _recommendations_table(document: WordDocument, rows: Sequence[RecommendationRow], empty: str) -> None:
    if not rows:
        document.add_paragraph(empty)
        return
    values = [
        [
            row.source,
            row.recommendation.ref,
            row.recommendation.text,
            row.lead,
            _date(row.recommendation.due_date),
            "\n".join(f"{_date(u.date)}: {u.note}" for u in row.updates),
            row.status_label
            + (f" {_date(row.recommendation.decided_on)}" if row.status == "implemented" else "")
            + (" (overdue)" if row.overdue else ""),
        ]
        for row in rows
    ]
    columns = ["Source", "Ref", "Recommendation", "Lead", "Due", "Updates in the year", "Status at 31 March"]
    # The recommendation's own words get the most room; dates and statuses are short.
    _table(document, columns, values, [2.0, 1.2, 4.4, 2.2, 2.4, 2.8, 2.0])


def _not_to_implement(document: WordDocument, report: Report) -> None:
    rows = report.learning.not_to_implement
    if not rows:
        document.add_paragraph(f"No decision not to implement a recommendation in {report.year}.")
        return
    values = [
        [
            r.source,
            r.recommendation.ref,
            r.recommendation.text,
            _date(r.recommendation.decided_on),
            r.recommendation.reason,
        ]
        for r in rows
    ]
    _table(document, ["Review", "Ref", "Recommendation", "Decided", "Reason"], values, [2.2, 1.1, 4.9, 2.4, 6.4])


def _learning(document: WordDocument, report: Report) -> None:
    learning, year = report.learning, report.year
    if learning is None:
        return
    _chapter(document, "Learning from reviews")
    if report.board.kind == "adults":
        document.add_paragraph(
            "As the Care Act 2014, Schedule 2, paragraph 4 (d) to (g) asks: the findings of the Safeguarding "
            "Adults Reviews concluded in the year, the reviews ongoing at its end, what the board did to implement "
            "findings, and each decision not to implement one."
        )
        document.add_heading(f"(d) Safeguarding Adults Reviews concluded in {year}", level=2)
        if learning.concluded_sars:
            _reviews_table(document, learning.concluded_sars)
        else:
            document.add_paragraph(f"No Safeguarding Adults Reviews concluded in {year}.")
        if learning.concluded_other:
            document.add_heading(f"Other reviews the board holds, concluded in {year}", level=3)
            _reviews_table(document, learning.concluded_other)
        document.add_heading(f"(e) Reviews ongoing on {_date(year.end)}", level=2)
        if learning.ongoing:
            _reviews_table(document, learning.ongoing, findings=False)
        else:
            document.add_paragraph(f"No reviews ongoing at the end of {year}.")
        document.add_heading("(f) What the board did to implement the findings", level=2)
        _recommendations_table(
            document, learning.acted_on, f"No recommendation was implemented, updated or in progress in {year}."
        )
        document.add_heading(f"(g) Decisions in {year} not to implement a finding", level=2)
        _not_to_implement(document, report)
        return
    document.add_heading("Rapid reviews", level=2)
    if learning.rapid_reviews:
        rows = []
        for r in learning.rapid_reviews:
            days = r.review.decision_working_days
            taken = "" if days is None else f"{days} of 15" + (" (late)" if r.review.decision_late else "")
            decision = r.review.get_decision_display() + (
                f": {r.review.decision_reason}" if r.review.decision_reason else ""
            )
            rows.append(
                [r.review.ref, r.review.title, _date(r.review.notified_on), _date(r.review.decided_on), taken, decision]
            )
        columns = ["Ref", "Review", "Notified", "Decided", "Working days", "Decision"]
        _table(document, columns, rows, [2.2, 2.6, 2.4, 2.4, 2.4, 5.0])
    else:
        document.add_paragraph(f"No rapid reviews notified in {year}.")
    document.add_heading("Local child safeguarding practice reviews", level=2)
    if learning.local_reviews:
        _reviews_table(document, learning.local_reviews)
    else:
        document.add_paragraph(f"No local child safeguarding practice reviews in {year}.")
    document.add_heading("National reviews adopted", level=2)
    if learning.national:
        for r in learning.national:
            document.add_paragraph(f"{r.review.ref} {r.review.title}", style="List Bullet")
    else:
        document.add_paragraph(f"No national reviews adopted in {year}.")
    document.add_heading("Recommendations of local and national reviews: decisions and actions taken", level=2)
    document.add_paragraph(
        f"Implemented in {year}: {len(learning.implemented)}; outstanding at {_date(year.end)}: "
        f"{len(learning.outstanding)}; decided not to implement in the year: {len(learning.not_to_implement)}; "
        f"updates recorded in the year: {learning.updates_in_year}."
    )
    _recommendations_table(
        document, learning.acted_on, f"No recommendation was implemented, updated or in progress in {year}."
    )
    document.add_heading("Decided not to implement", level=3)
    _not_to_implement(document, report)
    document.add_heading("Evidence of impact", level=3)
    if learning.with_impact:
        for row in learning.with_impact:
            text = f"{row.source} recommendation {row.recommendation.ref}: {row.recommendation.evidence}"
            document.add_paragraph(text, style="List Bullet")
    else:
        document.add_paragraph("No evidence of impact recorded for the reviews' recommendations.")


def _assurance(document: WordDocument, report: Report) -> None:
    assurance, year = report.assurance, report.year
    if assurance is None:
        return
    _chapter(document, "Quality assurance and audit")
    document.add_heading(f"Audits in {year}", level=2)
    if not assurance.audits:
        document.add_paragraph(f"No audits ran in {year}.")
    for item in assurance.audits:
        audit = item.audit
        document.add_heading(audit.name, level=3)
        line = audit.get_kind_display()
        if audit.group:
            line += f", run by {audit.group.name}"
        if audit.started_on:
            line += f"; started {_date(audit.started_on)}"
        if audit.completed_on:
            line += f", completed {_date(audit.completed_on)}"
        document.add_paragraph(line + ".")
        if audit.findings:
            _text(document, audit.findings)
        if item.stages:
            labels = [label for _, label in item.judgements]
            rows = [
                [s.name, _date(s.date), *[str(s.counts[code]) for code, _ in item.judgements], str(s.total)]
                for s in item.stages
            ]
            _table(document, ["Stage", "Date", *labels, "Total"], rows, [3.2, 2.4, 2.2, 2.2, 2.2, 2.2, 2.6])
            if item.movement:
                first, last = item.stages[0].name, item.stages[-1].name
                rows = [[label, str(a), str(b), f"{c:+d}" if c else "0"] for label, a, b, c in item.movement]
                _table(document, ["Judgement", first, last, "Change"], rows, [5.0, 4.0, 4.0, 4.0])
            if item.chart:
                _picture(document, item.chart)
        else:
            document.add_paragraph("No judgements recorded for this audit.")
        _recommendations_table(document, item.recommendations, f"No recommendations of this audit in {year}.")
    document.add_heading("Sources of assurance", level=2)
    if assurance.evidence:
        rows = [
            [
                _date(e.date),
                e.title,
                e.get_kind_display(),
                e.group.name if e.group else "",
                e.agency.name if e.agency else "",
            ]
            for e in assurance.evidence
        ]
        _table(document, ["Received", "Title", "Kind", "Group", "Presented by"], rows, [2.4, 5.4, 3.2, 3.0, 3.0])
    else:
        document.add_paragraph(f"No reports or data received in {year}.")
    document.add_heading(f"The views of {report.words.people}", level=2)
    if assurance.surveys:
        for e in assurance.surveys:
            document.add_paragraph(
                f"{e.title} ({_date(e.date)})" + (f": {e.note}" if e.note else ""), style="List Bullet"
            )
    else:
        document.add_paragraph(f"No survey of the views of {report.words.people} received in {year}.")


def _bold_row(row) -> None:
    for cell in row.cells:
        for paragraph in cell.paragraphs:
            for run in paragraph.runs:
                run.bold = True


def _right(table: Table, columns: Sequence[int]) -> None:
    """Figures set flush right, so their digits line up."""
    for row in table.rows:
        for column in columns:
            for paragraph in row.cells[column].paragraphs:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _training(document: WordDocument, report: Report) -> None:
    training, year = report.training, report.year
    if training is None:
        return
    _chapter(document, "Training and its impact")
    document.add_paragraph(training.summary)
    document.add_paragraph(
        "The attendance rate is the places attended as a share of those booked, over the events that were not "
        "cancelled; cancelled events count only as cancelled."
    )
    document.add_heading(f"{year} against {year.previous}", level=2)
    rows = [[row.label, row.this_year, row.last_year, row.change] for row in training.comparison]
    table = _table(document, ["Figure", str(year), str(year.previous), "Change"], rows, [7.4, 3.2, 3.2, 3.2])
    _right(table, (1, 2, 3))
    if not training.had_last_year:
        document.add_paragraph(f"No training recorded in {year.previous}.")
    document.add_heading("Attendance by agency", level=2)
    agencies = training.agencies
    if agencies:
        rows = [
            [
                row.agency,
                str(row.booked),
                str(row.attended),
                row.rate + (" (did not attend)" if row.did_not_come else ""),
            ]
            for row in agencies
        ]
        total = training.agency_totals
        rows.append([total.agency, str(total.booked), str(total.attended), total.rate])
        table = _table(document, ["Agency", "Booked", "Attended", "Attendance rate"], rows, [7.4, 2.6, 2.6, 4.4])
        _right(table, (1, 2, 3))
        _bold_row(table.rows[-1])
        for row, table_row in zip(agencies, table.rows[1:], strict=False):
            if row.did_not_come:
                _shade(table_row.cells[3], MISSING_FILL)
        if training.agency_coverage:
            document.add_paragraph(training.agency_coverage)
        if training.did_not_come:
            document.add_paragraph(f"Booked places and attended none: {', '.join(training.did_not_come)}.")
        else:
            document.add_paragraph("Every agency that booked places attended.")
    else:
        document.add_paragraph(f"No attendance by agency recorded for {year}.")
    if training.chart:
        _picture(document, training.chart)
    _commentary(document, report, "training")


def _resources(document: WordDocument, report: Report) -> None:
    resources, year = report.resources, report.year
    if resources is None:
        return
    _chapter(document, "Resources")
    document.add_paragraph(resources.summary)
    document.add_paragraph(
        "Every total is added up from its lines. Remaining is the budget less the actual; the share spent is the "
        "actual expenditure as a share of its budget."
    )
    document.add_heading("Income", level=2)
    if resources.income:
        rows = [[line, amount] for line, amount in resources.income]
        rows.append(["Total income", resources.income_total])
        table = _table(document, ["Line", "Amount"], rows, [12.0, 5.0])
        _right(table, (1,))
        _bold_row(table.rows[-1])
    else:
        document.add_paragraph(f"No income lines recorded for {year}.")
    document.add_heading("Expenditure", level=2)
    if resources.expenditure:
        rows = [list(row) for row in resources.expenditure]
        rows.append(["Total expenditure", *resources.expenditure_totals])
        table = _table(document, ["Line", "Budget", "Actual", "Remaining"], rows, [7.4, 3.2, 3.2, 3.2])
        _right(table, (1, 2, 3))
        _bold_row(table.rows[-1])
        document.add_paragraph(f"Share of the budget spent: {resources.spent}.")
    else:
        document.add_paragraph(f"No expenditure lines recorded for {year}.")
    document.add_heading(resources.contributions_title, level=2)
    if resources.contributions:
        rows = [[c.agency, c.amount, c.share, c.in_kind] for c in resources.contribution_rows]
        partner = resources.contributors.capitalize().removesuffix("s")
        if resources.contribution_total is not None:
            label = "Total of the amounts known" if resources.share_only else "Total"
            rows.append([label, resources.contribution_total_text, "", ""])
        table = _table(document, [partner, "Amount", "Share", "In kind"], rows, [5.0, 3.2, 2.0, 6.8])
        _right(table, (1, 2))
        if resources.contribution_total is not None:
            _bold_row(table.rows[-1])
        if resources.shares_worked_out:
            document.add_paragraph(f"Each share is the {partner.lower()}'s part of the total.")
        if resources.share_only:
            document.add_paragraph(f"Only a published share is known for: {', '.join(resources.share_only)}.")
    else:
        document.add_paragraph(f"No {resources.contributions_title.lower()} recorded for {year}.")
    for chart in resources.charts:
        _picture(document, chart)
    _commentary(document, report, "resources")


# The dataset's landscape page: 25.7 cm of text across; the series' names take the first column.
DATASET_WIDTH = 25.7
DATASET_LABEL = 4.0


def _trend_picture(document: WordDocument, chart) -> None:
    """An indicator's small trend chart, half the width of the landscape page."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.keep_with_next = False
    picture = paragraph.add_run().add_picture(io.BytesIO(png(chart)), width=Cm(11.5))
    picture._inline.docPr.set("descr", chart.title)


def _dataset(document: WordDocument, report: Report) -> None:
    if not report.dataset:
        return
    year = report.year
    _new_section(document, landscape=True)  # a month to a column: twelve of them and a total
    _chapter(document, "Dataset", new_page=False)
    document.add_paragraph(
        f"The board's dataset for {year}: each indicator's values for the periods of the year, as its source "
        "reported them. A period left blank is not reported, never zero; the year total adds up the reported "
        "values, and is given for counts only. Each chart draws the year against the one before, with the target "
        "and the comparator where recorded."
    )
    for item in report.dataset:
        document.add_heading(item.indicator.name, level=2)
        document.add_paragraph(item.about).paragraph_format.keep_with_next = True
        headings = ["Series", *[heading for _, heading in item.periods]] + (["Year total"] if item.sums else [])
        figures = len(headings) - 1
        rest = (DATASET_WIDTH - DATASET_LABEL) / max(figures, 1)
        rows = [[row.label, *row.cells] + ([row.total or "—"] if item.sums else []) for row in item.rows]
        table = _table(document, headings, rows, [DATASET_LABEL, *[rest] * figures])
        _right(table, range(1, len(headings)))
        size = Pt(8 if figures <= 13 else 7)
        for table_row in table.rows:
            for cell in table_row.cells:
                for paragraph in cell.paragraphs:
                    # The table stays on the page of its chart.
                    paragraph.paragraph_format.keep_with_next = item.chart is not None
                    for run in paragraph.runs:
                        # "not reported" on one line of a column that holds "12,345.5"
                        run.font.size = Pt(6) if cell.text == NOT_REPORTED else size
        if item.chart:
            _trend_picture(document, item.chart)
        for note in item.notes:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{note.period}" + (f" ({note.area})" if note.area else "") + ": ").bold = True
            paragraph.add_run(note.text)


def _other_topics(document: WordDocument, report: Report) -> None:
    for key in topics_left(report):
        text = report.narrative.get(key, "").strip()
        if text:
            _chapter(document, report.narrative_titles[key], new_page=False)
            _text(document, text)


def _covered_by(item: ChecklistItem) -> str:
    later = f" ({item.later})" if item.later else ""
    if item.status == "section":
        return f"Section: {item.section_title}{later}"
    if item.status == "narrative":
        return f"Narrative: {item.where}{later}"
    return f"Missing: write “{item.where}”{later}"


def _checklist(document: WordDocument, report: Report) -> None:
    _chapter(document, "Statutory checklist")
    document.add_paragraph(report.words.checklist_intro)
    rows = [[item.label, _covered_by(item)] for item in report.checklist]
    table = _table(document, ["Item", "Covered by"], rows, [9.5, 7.5])
    for item, row in zip(report.checklist, table.rows[1:], strict=True):
        if item.status == "missing":
            _shade(row.cells[1], MISSING_FILL)


def _appendix(document: WordDocument, report: Report) -> None:
    _chapter(document, "Data appendix")
    document.add_paragraph("The figures behind each chart in this report.")
    for chart in report.charts:
        header, rows = chart.table()
        document.add_heading(chart.title, level=2)
        rest = (17.0 - 7.0) / max(1, len(header) - 1)
        _table(document, header, rows, [7.0, *[rest] * (len(header) - 1)])


def _glossary(document: WordDocument, report: Report) -> None:
    """The abbreviations the document's own text uses (yearend.glossary), as the page lists them."""
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    entries = glossary("\n".join([p.text for p in document.paragraphs] + cells), report)
    if not entries:
        return
    if document.sections[-1].orientation == WD_ORIENT.LANDSCAPE:  # after the dataset's wide pages
        _new_section(document, landscape=False)
        _chapter(document, "Glossary", new_page=False)
    else:
        _chapter(document, "Glossary")
    document.add_paragraph("The abbreviations used in this report, and what they stand for.")
    _table(document, ["Abbreviation", "Stands for"], [[e.abbreviation, e.meaning] for e in entries], [4.0, 13.0])


def report_docx(report: Report, signature: Signature | None = None) -> bytes:
    """The annual report's generated sections, with its narrative, as an editable Word document:
    a draft (no signature) with its watermark and what it lacks, or the report as signed off."""
    document = Document()
    _setup(document, report)
    if signature is None:
        _watermark(document)
    _cover(document, report, signature)
    _governance(document, report)
    _attendance(document, report)
    _priorities(document, report)
    _challenges(document, report)
    _learning(document, report)
    _assurance(document, report)
    _training(document, report)
    _resources(document, report)
    _other_topics(document, report)
    if signature is None:  # the list of what is still to write: a signed report has none
        _checklist(document, report)
    _appendix(document, report)
    _dataset(document, report)
    _glossary(document, report)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
