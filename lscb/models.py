"""The app's own bookkeeping."""

import uuid

from django.conf import settings
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


class WorkbookImport(models.Model):
    """A large workbook uploaded in the browser, checked and imported on the worker (lscb.workbook.jobs):
    the file is kept here, not on one web server's disk, so that a worker on any machine can read it."""

    class Status(models.TextChoices):
        CHECKING = "checking", "Being checked"
        CHECKED = "checked", "Checked: waiting for confirmation"
        IMPORTING = "importing", "Being imported"
        IMPORTED = "imported", "Imported"
        REFUSED = "refused", "Not imported"
        DISCARDED = "discarded", "Discarded"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    board = models.ForeignKey("governance.Board", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=255, help_text="The file's name as uploaded.")
    content = models.BinaryField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKING)
    done = models.PositiveIntegerField(default=0, help_text="Rows checked and written so far (each counts twice).")
    total = models.PositiveIntegerField(default=0)
    result = models.TextField(blank=True, help_text="The check's or the import's result (JSON).")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "workbook import"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.total)) if self.total else 0

    @property
    def working(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.IMPORTING)
