"""Reads whose SQL the ORM writes once per process rather than on every request."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.db import connection
from django.db.models import QuerySet


class CompiledRead:
    """A values_list read that the ORM writes once per database vendor, with stand-in values, and
    that is then run with the real ones. For a page that makes the same reads every time it opens
    (the register), where writing the SQL costs about as much as running it.

    The stand-ins must be values no real read uses (negative ids, a date before any record), and
    each must reach the SQL, else the read refuses to compile. Rows come back as the database
    gives them, so read only text and numbers this way (no dates or booleans to convert)."""

    def __init__(self, build: Callable[..., QuerySet], **stand_ins) -> None:
        self.build, self.stand_ins = build, stand_ins
        self._compiled: dict[str, tuple[str, tuple]] = {}

    def _sql(self) -> tuple[str, tuple]:
        if connection.vendor not in self._compiled:
            sql, params = self.build(**self.stand_ins).query.sql_with_params()
            for name, stand_in in self.stand_ins.items():
                if self._adapt(stand_in) not in params:
                    raise ValueError(f"{name}={stand_in!r} does not reach the SQL of this read")
            self._compiled[connection.vendor] = (sql, tuple(params))
        return self._compiled[connection.vendor]

    @staticmethod
    def _adapt(value):
        return connection.ops.adapt_datefield_value(value) if isinstance(value, date) else value

    def __call__(self, **values) -> list[tuple]:
        sql, params = self._sql()
        real = {self._adapt(stand_in): self._adapt(values[name]) for name, stand_in in self.stand_ins.items()}
        with connection.cursor() as cursor:
            cursor.execute(sql, tuple(real.get(param, param) for param in params))
            return cursor.fetchall()
