"""The narrative of the annual report: written in the app per year and section, with history."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from governance.models import NO_CHILD_DATA

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


class Narrative(models.Model):
    """One piece of narrative for one reporting year."""

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
        constraints = [models.UniqueConstraint(fields=["year", "section"], name="narrative_one_per_year_section")]
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

    year = models.CharField(max_length=7, help_text="The reporting year, e.g. 2025-26.")
    format = models.CharField(max_length=4)
    digest = models.CharField(max_length=64, help_text="SHA-256 of the HTML the file was made from.")
    content = models.BinaryField()
    made_at = models.DateTimeField()
    seconds = models.FloatField(help_text="How long the layout took.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "format"], name="reportfile_one_per_year_format")]

    def __str__(self) -> str:
        return f"{self.year} {self.format} ({self.made_at:%d/%m/%Y %H:%M})"
