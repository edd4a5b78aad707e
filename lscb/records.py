"""The one way every app writes a record: validated, atomic, attributed to who made the change.

Forms, the admin's services and the workbook import all come through `record_save` and
`record_delete`; the history (django-simple-history) records who and when.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model

from lscb.concurrency import locked_for_save
from lscb.text import refuse_control_characters
from lscb.years import refuse_implausible_dates


def record_save(*, instance: Model, by) -> Model:
    """Validate and save any governance record, attributing the change to `by`."""
    # Every app's writes come through here, from forms and the workbook import alike.
    values = {field.name: getattr(instance, field.attname) for field in instance._meta.concrete_fields}
    refuse_control_characters(**values)
    refuse_implausible_dates(**{name: value for name, value in values.items() if type(value) is date})
    instance.full_clean()
    instance._history_user = by
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:
        # Checked just above: another request saved the same record (a create-if-absent race).
        raise ValidationError(_integrity_message(instance, error)) from error
    return instance


def _integrity_message(instance: Model, error: IntegrityError) -> str:
    """What a save refused by the database says: the constraint's own words when it is named."""
    text = str(error)
    for constraint in instance._meta.constraints:
        if constraint.name in text:
            return f"{constraint.get_violation_error_message()} Someone else saved it at the same moment."
    return "Someone else saved the same record at the same moment: reload the page, check it and try again."


def record_delete(*, instance: Model, by) -> None:
    instance._history_user = by
    with transaction.atomic():
        instance.delete()


def versioned_save(record: Model, *, by, version: int | None, noun: str) -> Model:
    """Save a record that carries a `version` (lscb.concurrency): given the version a form was opened
    at, the row is locked and the save refused if someone saved it since; either way the version
    moves on by one."""
    if record.pk and version is not None:
        with transaction.atomic():  # the row stays locked until it is saved
            record.version = locked_for_save(record, version, noun).version + 1
            return record_save(instance=record, by=by)
    if record.pk:
        record.version += 1
    return record_save(instance=record, by=by)
