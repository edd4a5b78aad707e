"""The plan and the what-changed paper as files: Excel, CSV, and Word (real tables, landscape)."""

from __future__ import annotations

import csv
import io
from datetime import date

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from lscb.exports import safe_cell

from .models import Plan
from .reports import Change, PrioritySection
from .selectors import rag_totals

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CHANGE_FORMATS = {"csv": "text/csv", "xlsx": XLSX, "docx": DOCX}

PLAN_COLUMNS = ["Objective", "Action", "By whom", "By when", "Intended impact", "Progress and measure"]


def level_fill(plan: Plan, rating: str | None) -> str:
    """A rating cell's fill, RRGGBB: a light tint of the plan's colour for the level (dark text
    reads on it), white when not rated. The level's word is always written in the cell too."""
    level = plan.shown_level(rating)
    return "FFFFFF" if not level.code else level.fill[1:].upper()


def plan_columns(plan: Plan) -> list[str]:
    return [*PLAN_COLUMNS, plan.rating_heading]


def key_rows(plan: Plan) -> list[list[str]]:
    """The plan's key: each level's label, meaning, and whether it counts as complete."""
    return [[level.label, level.meaning, "yes" if level.complete else ""] for level in plan.scale_levels]


def progress_text(action, limit: int | None = None) -> str:
    updates = action.recent_updates[:limit] if limit else action.recent_updates
    notes = [f"{u.when}: {u.note}" for u in updates]
    measure = f"Measure: {action.measure}" if action.measure else ""
    return "\n".join([*notes, measure]).strip()


def action_text(action) -> str:
    return f"{action.ref} {action.text}".strip()


# --- Excel -------------------------------------------------------------------------------------


def plan_xlsx(plan: Plan, sections: list[PrioritySection]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Plan"
    sheet.append([safe_cell(plan.title)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([f"{plan.start:%d/%m/%Y} to {plan.end:%d/%m/%Y}"])
    header = ["Priority", "Ref", *plan_columns(plan)]
    sheet.append(header)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for section in sections:
        for action in section.actions:
            row = [
                f"{section.priority.number}. {section.priority.title}",
                action.ref,
                action.objective.text,
                action.text,
                action.by_whom,
                action.due_text,
                action.intended_impact,
                progress_text(action),
                plan.label(action.rating),
            ]
            sheet.append([safe_cell(v) for v in row])
            rag = sheet.cell(row=sheet.max_row, column=len(header))
            rag.fill = PatternFill("solid", fgColor=level_fill(plan, action.rating))
    for column, width in zip("ABCDEFGHI", [28, 8, 40, 50, 24, 14, 36, 60, 12], strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "C4"
    totals, per_priority = rag_totals(plan, priorities=[s.priority for s in sections])
    summary = book.create_sheet("Totals")
    summary.append(["Priority", *[safe_cell(plan.label(r)) for r in plan.ratings], "Not rated"])
    for section in sections:
        counts = per_priority.get(section.priority.number, {})
        summary.append(
            [
                safe_cell(f"{section.priority.number}. {section.priority.title}"),
                *[counts.get(r, 0) for r in [*plan.ratings, "unrated"]],
            ]
        )
    summary.append(["Whole plan", *[totals[r] for r in [*plan.ratings, "unrated"]]])
    _key_sheet(book.create_sheet("Key"), plan)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _key_sheet(sheet: Worksheet, plan: Plan) -> None:
    sheet.append(["Rating", "Meaning", "Complete"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for level, row in zip(plan.scale_levels, key_rows(plan), strict=True):
        sheet.append([safe_cell(v) for v in row])
        sheet.cell(row=sheet.max_row, column=1).fill = PatternFill("solid", fgColor=level_fill(plan, level.code))
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 70


# --- Word --------------------------------------------------------------------------------------


def _landscape(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row) -> None:
    # The header row repeats on every page a long table runs onto.
    properties = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def _table(document, headings: list[str], widths: list[float]):
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, heading, width in zip(table.rows[0].cells, headings, widths, strict=True):
        cell.text = heading
        cell.paragraphs[0].runs[0].bold = True
        cell.width = Cm(width)
    _repeat_header(table.rows[0])
    return table


def _add_row(table, values: list[str], widths: list[float]):
    cells = table.add_row().cells
    for cell, value, width in zip(cells, values, widths, strict=True):
        cell.text = value or ""
        cell.width = Cm(width)
    return cells


def _document(title: str):
    document = Document()
    _landscape(document)
    document.styles["Normal"].font.size = Pt(9)
    document.add_heading(title, level=0)
    return document


def _save(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


PLAN_WIDTHS = [4.5, 5.0, 3.0, 2.2, 4.0, 6.0, 2.0]


def plan_docx(plan: Plan, sections: list[PrioritySection]) -> bytes:
    document = _document(plan.title)
    document.add_paragraph(f"{plan.start:%d/%m/%Y} to {plan.end:%d/%m/%Y}. Key:")
    key = _table(document, ["Rating", "Meaning", "Complete"], [3.5, 12.0, 2.0])
    for level, row in zip(plan.scale_levels, key_rows(plan), strict=True):
        cells = _add_row(key, row, [3.5, 12.0, 2.0])
        _shade(cells[0], level_fill(plan, level.code))
    totals, _ = rag_totals(plan, priorities=[s.priority for s in sections])
    for section in sections:
        priority = section.priority
        document.add_heading(f"Priority {priority.number}: {priority.title}", level=1)
        if priority.description:
            document.add_paragraph(priority.description)
        counts = ", ".join(f"{plan.label(r)} {section.totals.get(r, 0)}" for r in plan.ratings)
        document.add_paragraph(f"{counts}, not rated {section.totals.get('unrated', 0)}.")
        table = _table(document, plan_columns(plan), PLAN_WIDTHS)
        previous_objective = None
        for action in section.actions:
            objective = action.objective.text if action.objective_id != previous_objective else ""
            previous_objective = action.objective_id
            values = [
                objective,
                action_text(action),
                action.by_whom,
                action.due_text,
                action.intended_impact,
                progress_text(action),
                plan.label(action.rating),
            ]
            cells = _add_row(table, values, PLAN_WIDTHS)
            _shade(cells[-1], level_fill(plan, action.rating))
    document.add_heading("Totals", level=1)
    document.add_paragraph(
        ", ".join(f"{plan.label(r)}: {totals[r]}" for r in plan.ratings) + f", not rated: {totals['unrated']}."
    )
    return _save(document)


# --- what changed ---------------------------------------------------------------------------------

CHANGE_COLUMNS = ["Ref", "Priority", "Action", "From", "To", "Notes in the period"]


def _change_row(plan: Plan, change: Change) -> list[str]:
    action = change.action
    notes = "\n".join(f"{u.shown_when}: {u.note}" for u in change.notes)
    return [
        action.ref,
        str(action.objective.priority.number),
        action.text or action.objective.text,
        plan.label(change.before),
        plan.label(change.after),
        notes,
    ]


def changes_file(plan: Plan, first: date, last: date, changes: list[Change], fmt: str) -> tuple[bytes, str]:
    title = f"{plan.title}: ratings that changed from {first:%d/%m/%Y} to {last:%d/%m/%Y}"
    rows = [_change_row(plan, change) for change in changes]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CHANGE_COLUMNS)
        writer.writerows([[safe_cell(v) for v in row] for row in rows])
        return out.getvalue().encode("utf-8-sig"), CHANGE_FORMATS["csv"]
    if fmt == "xlsx":
        book = Workbook()
        sheet = book.active
        sheet.title = "What changed"
        sheet.append([safe_cell(title)])
        sheet.append(CHANGE_COLUMNS)
        for row in rows:
            sheet.append([safe_cell(v) for v in row])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue(), XLSX
    document = _document(title)
    if not rows:
        document.add_paragraph("No rating changed in this period.")
    widths = [1.5, 1.5, 9.0, 2.2, 2.2, 10.0]
    table = _table(document, CHANGE_COLUMNS, widths)
    for change, row in zip(changes, rows, strict=True):
        cells = _add_row(table, row, widths)
        _shade(cells[3], level_fill(plan, change.before))
        _shade(cells[4], level_fill(plan, change.after))
    return _save(document), DOCX
