"""manage.py yearend 2015-16 --format json [--output FILE]: the year-end summary of a reporting year."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lscb.years import ReportingYear, YearFormatError
from yearend.summary import summary_json, year_summary

# Each format turns the summary into the text to write; the annual report's formats join here.
RENDERERS: dict[str, Callable[[dict[str, Any]], str]] = {"json": summary_json}


class Command(BaseCommand):
    help = "Write the year-end summary of a reporting year (1 April to 31 March), e.g. `yearend 2015-16`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", help='The reporting year, written like "2015-16".')
        parser.add_argument(
            "--format", dest="output_format", choices=sorted(RENDERERS), default="json", help="Output format."
        )
        parser.add_argument("--output", metavar="FILE", help="Write to FILE instead of printing.")

    def handle(self, *args, year: str, output_format: str, output: str | None, **options) -> None:
        try:
            reporting_year = ReportingYear.parse(year)
        except YearFormatError as error:
            # A CommandError is printed as one line and exits with status 1, without a traceback.
            raise CommandError(str(error)) from error
        text = RENDERERS[output_format](year_summary(reporting_year))
        if output is None:
            self.stdout.write(text)
            return
        try:
            Path(output).write_text(text + "\n", encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Could not write {output}: {error.strerror or error}.") from error
        self.stdout.write(self.style.SUCCESS(f"Wrote the {reporting_year} summary to {output}."))
