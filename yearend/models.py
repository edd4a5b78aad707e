"""The narrative of the annual report (written in the app per year and section, with history), its
stored PDF, and the report as the chair signed it off."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from governance.models import NO_CHILD_DATA, Board

# Where narrative goes in the report: the introduction, a commentary per section, and the
# topics Working Together expects that the data alone cannot cover.
NARRATIVE_SECTIONS = [
    ("introduction", "The chair's introduction"),
    ("governance", "Commentary: governance"),
    ("attendance", "Commentary: attendance"),
    ("priorities", "Commentary: progress against priorities"),
    ("challenges", "Commentary: improvement through challenge"),
    ("reviews", "Learning from serious case reviews and child deaths"),
    ("voice", "How children's and families' views were used"),
    ("training", "Training and workforce development"),
    ("resources", "Budget and partners' contributions"),
    ("next_year", "Priorities for the coming year"),
]


def narrative_sections(kind: str) -> list[tuple[str, str]]:
    """The narrative sections with their titles as a board of `kind` names them, in order."""
    from governance.kinds import words_for_kind

    own = words_for_kind(kind).narrative
    return [(key, own.get(key, title)) for key, title in NARRATIVE_SECTIONS]


class Narrative(models.Model):
    """One piece of narrative of one board's report for one reporting year."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="narratives")
    year = models.CharField(max_length=7, help_text="The reporting year, e.g. 2025-26.")
    section = models.CharField(max_length=20, choices=NARRATIVE_SECTIONS)
    text = models.TextField(blank=True, help_text=NO_CHILD_DATA)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["year", "section"]
        constraints = [
            models.UniqueConstraint(fields=["board", "year", "section"], name="narrative_one_per_board_year_section")
        ]
        permissions = [("write_narrative", "Can write the annual report's narrative")]

    def __str__(self) -> str:
        return f"{self.year}: {self.get_section_display()}"


class ReportFile(models.Model):
    """A year's annual report laid out as a PDF, kept until the report changes.

    A large board's report is a hundred pages and seconds of layout, so it is laid out once per
    version of its contents (the digest of the HTML it is made from) rather than per download,
    and laid out in the background after the records change (yearend.files). Made from the
    records, never edited: no history, not in the workbook or the backup's record counts, and
    deleted when names are removed from the records."""

    # Its writes are not changes to the board's records (lscb.freshness).
    freshness_ignored = True

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="+")
    year = models.CharField(max_length=7, help_text="The reporting year, e.g. 2025-26.")
    format = models.CharField(max_length=4)
    digest = models.CharField(max_length=64, help_text="SHA-256 of the HTML the file was made from.")
    content = models.BinaryField()
    made_at = models.DateTimeField()
    seconds = models.FloatField(help_text="How long the layout took.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["board", "year", "format"], name="reportfile_one_per_board_year_format")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.format} ({self.made_at:%d/%m/%Y %H:%M})"


# The copies a sign-off keeps: large, so read only where served.
KEPT_COPIES = ("html", "print_html", "pdf", "docx", "summary")


class SignedReportQuerySet(models.QuerySet):
    def without_copies(self) -> models.QuerySet:
        return self.defer(*KEPT_COPIES)

    def standing(self, year, copies: tuple[str, ...] = ()) -> SignedReport | None:
        """The year's sign-off that stands (not reopened since), or None while the report is a draft;
        with the kept copies named (the others are read if asked for)."""
        kept = self.filter(year=year.label, reopened_at__isnull=True)
        return kept.defer(*(copy for copy in KEPT_COPIES if copy not in copies)).first()

    def for_year(self, year) -> models.QuerySet:
        """Every sign-off of the year, the standing one and those reopened since, newest first,
        without the kept copies."""
        return self.filter(year=year.label).select_related("reopened_by").defer(*KEPT_COPIES).order_by("-signed_at")


class SignedReport(models.Model):
    """A year's annual report as the chair signed it off, kept exactly as signed in every format.

    Once signed, the page, the PDF, the Word document, the JSON and the `yearend` command serve
    these copies, whatever happens to the records afterwards. Reopening keeps the row (with who
    reopened it, when and why) and the report is a draft again until the next sign-off."""

    # Made from the records, not a record of the board: its writes do not change the freshness
    # token (lscb.freshness) nor lay out the live years' reports again (yearend.files).
    freshness_ignored = True

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="signed_reports")
    year = models.CharField(max_length=7, help_text="The reporting year, e.g. 2025-26.")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_by_name = models.TextField(help_text="The name the report prints as who signed it off.")
    signed_at = models.DateTimeField()
    html = models.TextField(help_text="The page's report as signed. " + NO_CHILD_DATA)
    print_html = models.TextField(help_text="The standalone print document as signed. " + NO_CHILD_DATA)
    pdf = models.BinaryField()
    docx = models.BinaryField()
    summary = models.TextField(help_text="The year's figures as JSON, as signed. " + NO_CHILD_DATA)
    digest = models.CharField(max_length=64, help_text="SHA-256 of the records' report as it stood when signed.")
    sections = models.JSONField(default=dict, help_text="SHA-256 of each section of the report as it stood.")
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reopen_reason = models.TextField(blank=True, help_text=NO_CHILD_DATA)

    objects = SignedReportQuerySet.as_manager()

    class Meta:
        ordering = ["year", "-signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "year"],
                condition=models.Q(reopened_at__isnull=True),
                name="signedreport_one_standing_per_board_year",
            )
        ]
        permissions = [
            ("sign_off_report", "Can sign off the annual report"),
            ("reopen_report", "Can reopen a signed-off annual report"),
        ]

    def __str__(self) -> str:
        return f"{self.year} signed off by {self.signed_by_name} on {self.signed_at:%d/%m/%Y}"


class DrawnChart(models.Model):
    """A chart of a year's annual report as drawn (yearend.charts): drawn once for every web process
    and worker, on any server, rather than once per process (seconds for a large board's year).

    Keyed by everything the drawing is made from (the chart's figures and words, the drawing code),
    so a changed record gives a new key and a stale drawing is never found; kept per board and year
    so that a page reads its year's drawings in one query, and those of a year no longer shown are
    deleted by the worker. Made from the records, never edited: no history, not in the workbook or
    the backup's record counts."""

    # Its writes are not changes to the board's records (lscb.freshness).
    freshness_ignored = True

    key = models.CharField(max_length=48, primary_key=True)
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="+")
    year = models.CharField(max_length=7, help_text="The reporting year, e.g. 2025-26.")
    content = models.BinaryField(help_text="The SVG (UTF-8) or PNG.")

    def __str__(self) -> str:
        return f"{self.year} chart {self.key[:8]}"
