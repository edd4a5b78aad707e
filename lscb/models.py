"""The app's own bookkeeping."""

from django.db import models


class Change(models.Model):
    """A mark left by a write that bypasses save() (QuerySet.update(), bulk_create()): it changes
    the records' version (lscb.freshness) as a saved record's history row does, so no kept page
    outlives it."""

    at = models.DateTimeField(auto_now_add=True)
    what = models.CharField(max_length=200)

    class Meta:
        verbose_name = "bulk change"

    def __str__(self) -> str:
        return f"{self.what} ({self.at:%d/%m/%Y %H:%M})"
