"""Reads whose SQL the ORM writes once per process rather than on every request."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from django.db import connection
from django.db.models import QuerySet


class CompiledRead:
    """A values_list read that the ORM writes once per database vendor, with stand-in values, and
    that is then run with the real ones. For a page that makes the same reads every time it opens
    (the register), where writing the SQL costs about as much as running it.

    The stand-ins are distinct values (negative ids, a date before any record), and each must
    reach the SQL, else the read refuses to compile. Rows come back as the database
    gives them, so read only text and numbers this way (no dates or booleans to convert)."""

    def __init__(self, build: Callable[..., QuerySet], **stand_ins) -> None:
        self.build, self.stand_ins = build, stand_ins
        self._compiled: dict[str, tuple[str, tuple, dict[int, str]]] = {}

    def _sql(self) -> tuple[str, tuple, dict[int, str]]:
        """The SQL, and which of its parameters are which stand-in: found by writing it twice with
        different stand-ins, so that a literal in the query equal to a stand-in is left alone."""
        if connection.vendor not in self._compiled:
            sql, params = self.build(**self.stand_ins).query.sql_with_params()
            other_sql, other = self.build(**{k: _another(v) for k, v in self.stand_ins.items()}).query.sql_with_params()
            if other_sql != sql:
                raise ValueError("this read's SQL depends on its values: it cannot be compiled once")
            adapted = {self._adapt(stand_in): name for name, stand_in in self.stand_ins.items()}
            positions = {i: adapted.get(a) for i, (a, b) in enumerate(zip(params, other, strict=True)) if a != b}
            if None in positions.values():
                raise ValueError(
                    "this read's parameters depend on its values in another way: it cannot be compiled once"
                )
            for name, stand_in in self.stand_ins.items():
                if name not in positions.values():
                    raise ValueError(f"{name}={stand_in!r} does not reach the SQL of this read")
            self._compiled[connection.vendor] = (sql, tuple(params), positions)
        sql, params, positions = self._compiled[connection.vendor]
        return sql, params, positions

    @staticmethod
    def _adapt(value):
        return connection.ops.adapt_datefield_value(value) if isinstance(value, date) else value

    def __call__(self, **values) -> list[tuple]:
        sql, params, positions = self._sql()
        real = tuple(self._adapt(values[positions[i]]) if i in positions else p for i, p in enumerate(params))
        with connection.cursor() as cursor:
            cursor.execute(sql, real)
            return cursor.fetchall()


def _another(stand_in):
    """A second stand-in of the same kind, to tell the stand-ins' parameters from literals."""
    return stand_in + timedelta(days=1) if isinstance(stand_in, date) else stand_in - 1
