"""A token that changes whenever the board's records change: the key of cached page fragments.

Every write to a record of our apps goes through the model's save() or delete(), and
django-simple-history adds a row to that model's history table each time (a deletion too);
the challenge timeline's events have no history, and are only ever added. So the last row of
each history table, and of the events, read in one query, changes with every write, in every
process. A page caches what it draws under this token (with the day and whatever else
it depends on): the first request after a change draws afresh, the next ones are served.

A write that bypasses save() (QuerySet.update(), bulk_create()) leaves no history row, so the
service that makes it calls `mark_changed()`, which adds a row to lscb.Change, read with the rest.
A migration that writes so is followed by a restart, which empties the per-process cache anyway.
"""

from __future__ import annotations

from django.apps import apps
from django.db import connection

APPS = ("governance", "businessplan", "challengelog", "learning", "dataset", "training", "finance", "yearend")
# One day: the keys change with the data and the day, so this only bounds how long an unused
# fragment takes memory.
TIMEOUT = 24 * 60 * 60


def record_models() -> list:
    """Every model of the board's records, history models included; not what is made from them
    (a model with `freshness_ignored`, such as a stored annual report)."""
    return [
        model
        for label in APPS
        for model in apps.get_app_config(label).get_models()
        if not getattr(model, "freshness_ignored", False)
    ]


def mark_changed(what: str) -> None:
    """Say that records changed without a save() (see the module's docstring)."""
    from lscb.models import Change

    Change.objects.create(what=what[:200])


def _columns() -> list[tuple[str, str, str]]:
    """(table, id column, time column) of every history table of our apps, of the events, and of
    the marks of bulk changes."""
    from lscb.models import Change

    columns = [(Change._meta.db_table, "id", "at")]
    for model in record_models():
        if getattr(model, "instance_type", None) is not None:  # a simple-history model
            columns.append((model._meta.db_table, "history_id", "history_date"))
        elif not hasattr(model, "history"):
            times = [f.column for f in model._meta.fields if getattr(f, "auto_now_add", False)]
            columns.append((model._meta.db_table, model._meta.pk.column, times[0]))
    return columns


def data_version() -> str:
    """The token of the records as they stand now (one query, an index lookup per table).

    Each table gives its last row's id and time: the time keeps apart two states with the same
    ids, as in tests whose rolled-back rows give their ids again."""
    quote = connection.ops.quote_name
    parts = ", ".join(
        f"(SELECT CAST({quote(key)} AS TEXT) || '@' || CAST({quote(at)} AS TEXT) FROM {quote(table)} "
        f"ORDER BY {quote(key)} DESC LIMIT 1)"
        for table, key, at in _columns()
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {parts}")
        row = cursor.fetchone()
    return "|".join(value or "" for value in row)
