"""Writes of the year-end app: the narrative, one piece per year and section."""

from __future__ import annotations

from django.db import transaction

from governance.services import record_save
from lscb.concurrency import StaleEdit
from lscb.years import ReportingYear

from .models import Narrative


@transaction.atomic
def narrative_save(*, year: ReportingYear, section: str, text: str, by, version: int | None = None) -> Narrative:
    """Save a section's narrative; a save based on a version someone else replaced is refused."""
    narrative, created = Narrative.objects.select_for_update().get_or_create(year=year.label, section=section)
    if not created and version is not None and narrative.version != version:
        raise StaleEdit(
            "Someone else saved this text while you were writing. Theirs is shown below; yours is kept in the box."
        )
    narrative.text = text.strip()
    narrative.updated_by = by
    if not created:
        narrative.version += 1
    return record_save(instance=narrative, by=by)
