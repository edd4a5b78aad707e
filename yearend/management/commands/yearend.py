"""manage.py yearend 2015-16 [--board NAME] [--format json|html|pdf|docx] [--output FILE] [--draft]: a board's
year-end summary or annual report; as the chair signed it off, once signed off."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from django.core.management.base import BaseCommand, CommandError, CommandParser

from governance.models import Board
from lscb.years import ReportingYear, YearFormatError
from yearend.summary import summary_json, year_summary


class Renderer(NamedTuple):
    """How a format is made from the year and the board, and whether it is a file of bytes (needs --output)."""

    render: Callable[[ReportingYear, Board], str | bytes]
    binary: bool = False
    what: str = "summary"


def _report(fmt: str) -> Callable[[ReportingYear, Board], str | bytes]:
    """The annual report in one format; imported on use, so JSON does not load the drawing libraries."""

    def render(year: ReportingYear, board: Board) -> str | bytes:
        from yearend import render as formats
        from yearend.docx import report_docx
        from yearend.report import build_report

        report = build_report(year, board)
        return {"html": formats.report_html, "pdf": formats.report_pdf, "docx": report_docx}[fmt](report)

    return render


# One line per format.
RENDERERS: dict[str, Renderer] = {
    "json": Renderer(lambda year, board: summary_json(year_summary(year, board))),
    "html": Renderer(_report("html"), what="annual report"),
    "pdf": Renderer(_report("pdf"), binary=True, what="annual report"),
    "docx": Renderer(_report("docx"), binary=True, what="annual report"),
}


class Command(BaseCommand):
    help = (
        "Write a board's year-end summary (json) or annual report (html, pdf, docx) of a reporting year "
        "(1 April to 31 March), e.g. `yearend 2015-16 --board SAB --format docx --output report.docx`. "
        "--board is needed when the instance has more than one board."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", help='The reporting year, written like "2015-16".')
        parser.add_argument(
            "--board",
            metavar="NAME",
            help="The board's name, short name or address (needed when the instance has more than one board).",
        )
        parser.add_argument(
            "--format", dest="output_format", choices=sorted(RENDERERS), default="json", help="Output format."
        )
        parser.add_argument(
            "--output", metavar="FILE", help="Write to FILE instead of printing (required for pdf and docx)."
        )
        parser.add_argument(
            "--draft",
            action="store_true",
            help="Make it from the records as they stand, as a draft, even if the chair signed the year off.",
        )

    def handle(
        self,
        *args,
        year: str,
        output_format: str,
        output: str | None,
        draft: bool = False,
        board: str | None = None,
        **options,
    ) -> None:
        try:
            reporting_year = ReportingYear.parse(year)
        except YearFormatError as error:
            # A CommandError is printed as one line and exits with status 1, without a traceback.
            raise CommandError(str(error)) from error
        renderer = RENDERERS[output_format]
        if renderer.binary and output is None:
            raise CommandError(f"--format {output_format} writes a binary file: give --output FILE to say where.")
        chosen = _board(board)
        from yearend.files import signed_copy

        signed = None if draft else signed_copy(reporting_year, chosen, output_format)
        content = signed if signed is not None else renderer.render(reporting_year, chosen)
        if output is None:
            self.stdout.write(content)
            return
        try:
            if renderer.binary:
                Path(output).write_bytes(content)
            else:
                Path(output).write_text(content + "\n", encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Could not write {output}: {error.strerror or error}.") from error
        self.stdout.write(
            self.style.SUCCESS(f"Wrote the {reporting_year} {renderer.what} of {chosen.label} to {output}.")
        )


def _board(key: str | None) -> Board:
    """The board named by --board; without it, the instance's one board."""
    if key is not None and key.strip():
        found = list(Board.objects.by_key(key)[:2])
        if len(found) == 1:
            return found[0]
    boards = list(Board.objects.order_by("name"))
    listed = "; ".join(f"{b.name}" + (f" ({b.short_name})" if b.short_name else "") for b in boards)
    if key is None or not key.strip():
        if len(boards) == 1:
            return boards[0]
        if not boards:
            raise CommandError("The instance has no board yet: import a workbook or add one first.")
        raise CommandError(f"The instance has {len(boards)} boards: say which with --board NAME. Its boards: {listed}.")
    raise CommandError(f'No board is called "{key}". The instance\'s boards: {listed or "none"}.')
