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
