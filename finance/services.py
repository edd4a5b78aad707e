"""Every write to the board's money: validated, atomic, attributed. A line named like a total is
refused (the totals are computed from the lines)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from lscb.concurrency import StaleEdit, locked_for_save
from lscb.records import record_delete, versioned_save
from lscb.text import one_line
from lscb.years import ReportingYear

from .models import BudgetLine, Contribution, LineKind, refuse_total


def budget_line_save(*, line: BudgetLine, by, version: int | None = None) -> BudgetLine:
    """Add or change one budget line; `version` is the one the form was opened at."""
    line.line = one_line(line.line or "")
    refuse_total(line.line)
    return versioned_save(line, by=by, version=version, noun=f'the line "{line.line}"')


def budget_line_delete(*, line: BudgetLine, by, version: int | None = None) -> None:
    with transaction.atomic():
        locked_for_save(line, version, f'the line "{line.line}"')
        record_delete(instance=line, by=by)


def contribution_save(*, contribution: Contribution, by, version: int | None = None) -> Contribution:
    """Add or change a partner's contribution: an amount, a published share, or support in kind."""
    if contribution.amount is None and contribution.share is None and not (contribution.in_kind or "").strip():
        raise ValidationError("Give the amount, the published share or the support given in kind.")
    agency = contribution.agency.name if contribution.agency_id else "the agency"
    return versioned_save(contribution, by=by, version=version, noun=f"the contribution of {agency}")


def contribution_delete(*, contribution: Contribution, by, version: int | None = None) -> None:
    with transaction.atomic():
        locked_for_save(contribution, version, f"the contribution of {contribution.agency}")
        record_delete(instance=contribution, by=by)


@dataclass
class Row:
    """One row of a year's lines or contributions as a form gave it: the record (new or stored),
    the version its form was opened at, and whether it is to be deleted."""

    record: BudgetLine | Contribution
    version: int | None = None
    delete: bool = False


class RowErrors(ValidationError):
    """The rows refused, by their place in the list given (from 0): {index: ValidationError}; a row
    someone else saved (or deleted) meanwhile has a StaleEdit."""

    def __init__(self, errors: dict[int, ValidationError]) -> None:
        self.rows = errors
        super().__init__([message for error in errors.values() for message in error.messages])

    @property
    def stale(self) -> bool:
        return any(isinstance(error, StaleEdit) for error in self.rows.values())


def _save_rows(rows: Sequence[Row], save, delete, key) -> list:
    """Delete, then save the rows, all or nothing; every row's error is collected. `key(record)`
    is what must be unique among the rows (a line's name, a contribution's agency)."""
    errors: dict[int, ValidationError] = {}
    saved = []
    with transaction.atomic():
        # Deleted first: a kept row may take the name a deleted one had.
        for index, row in enumerate(rows):
            if row.delete and row.record.pk:
                try:
                    delete(row.record, row.version)
                except ValidationError as error:
                    errors[index] = error
        for index in _save_order(rows, key):
            row = rows[index]
            try:
                with transaction.atomic():
                    saved.append(save(row.record, row.version))
            except ValidationError as error:
                errors[index] = error
        if errors:
            transaction.set_rollback(True)
            raise RowErrors(errors)
    return saved


def _save_order(rows: Sequence[Row], key) -> list[int]:
    """The kept rows' indexes in an order that never takes a name (or agency) still held by a row
    that gives it up in the same save: a row renamed away is saved before the row taking its old
    name. Two rows that swap their names still meet; the database then refuses, on the row."""
    kept = [index for index, row in enumerate(rows) if not row.delete]
    records = {rows[index].record.pk: index for index in kept if rows[index].record.pk}
    if not records:
        return kept
    model = type(rows[kept[0]].record)
    stored = dict(_stored_keys(model, list(records)))
    holder = {value: pk for pk, value in stored.items()}
    moving = {pk for pk, index in records.items() if key(rows[index].record) != stored.get(pk)}
    order: list[int] = []
    pending = list(kept)
    while pending:
        ready = []
        for index in pending:
            record = rows[index].record
            held_by = holder.get(key(record))
            blocker = records.get(held_by) if held_by in moving and held_by != record.pk else None
            if blocker is None or blocker in order:
                ready.append(index)
        if not ready:
            return order + pending
        order += ready
        pending = [index for index in pending if index not in ready]
    return order


def _stored_keys(model, pks: list[int]) -> list[tuple]:
    field = "line" if model is BudgetLine else "agency_id"
    return list(model._default_manager.filter(pk__in=pks).values_list("pk", field))


def budget_lines_save(*, board, year: ReportingYear, kind: str, rows: Sequence[Row], by) -> list[BudgetLine]:
    """A year's lines of one kind, in the order given (their positions follow it), in one
    transaction: all are saved or none is. Raises RowErrors (each row's own) or StaleEdit."""
    if kind not in LineKind.values:
        raise ValidationError("Choose income or expenditure.")
    names: dict[str, int] = {}
    errors: dict[int, ValidationError] = {}
    for index, row in enumerate(rows):
        line = row.record
        if line.pk and (line.board_id != board.pk or line.year != year.first or line.kind != kind):
            raise ValidationError("A line of another year or kind cannot be saved here.")
        line.board, line.year, line.kind = board, year.first, kind
        if row.delete:
            continue
        key = one_line(line.line or "").casefold()
        if key in names:
            errors[index] = ValidationError(
                {"line": f"Row {names[key] + 1} has the same name: give each line its own, or put them in one."}
            )
        names.setdefault(key, index)
    if errors:
        raise RowErrors(errors)
    position = 0
    for row in rows:
        if not row.delete:
            position += 1
            row.record.position = position

    def save(line, version):
        return budget_line_save(line=line, by=by, version=version)

    def delete(line, version):
        budget_line_delete(line=line, by=by, version=version)

    return _save_rows(rows, save, delete, key=lambda line: one_line(line.line or ""))


def contributions_save(*, board, year: ReportingYear, rows: Sequence[Row], by) -> list[Contribution]:
    """A year's contributions, all or nothing (as budget_lines_save)."""
    seen: dict[int, int] = {}
    errors: dict[int, ValidationError] = {}
    for index, row in enumerate(rows):
        contribution = row.record
        if contribution.pk and (contribution.board_id != board.pk or contribution.year != year.first):
            raise ValidationError("A contribution of another year cannot be saved here.")
        contribution.board, contribution.year = board, year.first
        if row.delete or contribution.agency_id is None:
            continue
        if contribution.agency_id in seen:
            errors[index] = ValidationError(
                {"agency": f"Row {seen[contribution.agency_id] + 1} is for the same agency: put them in one row."}
            )
        seen.setdefault(contribution.agency_id, index)
    if errors:
        raise RowErrors(errors)

    def save(contribution, version):
        return contribution_save(contribution=contribution, by=by, version=version)

    def delete(contribution, version):
        contribution_delete(contribution=contribution, by=by, version=version)

    return _save_rows(rows, save, delete, key=lambda contribution: contribution.agency_id)
