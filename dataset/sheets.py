"""The dataset's sheets of the board workbook (see WORKBOOK.md, format 2): indicators and
indicator_values. A blank value is "not reported", never zero; a negative one is kept."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from lscb.workbook import (
    Bool,
    CellError,
    Choice,
    Column,
    ImportRun,
    Int,
    Ref,
    RowProblem,
    Sheet,
    SkipRow,
    Text,
    follows_board,
    register,
)
from lscb.workbook.columns import cell_text

from .models import NUMBER, Frequency, Indicator, IndicatorValue, as_number
from .periods import Period, PeriodError
from .services import indicator_save, value_save

# A board that keeps no dataset in the app gets neither sheet in its export.
DATASET_PART = ("indicators",)
WHOLE = NUMBER["max_digits"] - NUMBER["decimal_places"]


class Number(Column):
    """A number as a source prints it: may be negative or have decimals ("1,234.5" is read too)."""

    kind = "number"

    def parse(self, raw: Any) -> Decimal:
        if isinstance(raw, bool):
            raise CellError(f"{cell_text(raw)!r} is not a number.")
        text = cell_text(raw).replace(",", "").replace("\u2212", "-")
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise CellError(f"{cell_text(raw)!r} is not a number: write it like 1234, 41.5 or -3.")
        number = (
            number.quantize(Decimal(1).scaleb(-NUMBER["decimal_places"])) if number.as_tuple().exponent < -4 else number
        )
        if abs(number) >= Decimal(10) ** WHOLE:
            raise CellError(f"{cell_text(raw)!r} is too large: at most {WHOLE} digits before the point.")
        return number

    def to_cell(self, value: Decimal | None) -> int | float | None:
        return as_number(value)


@register
class Indicators(Sheet):
    """A board's indicators, keyed by board and name; `plan, priority` name the plan priority it
    informs (a priority of one of the board's plans)."""

    name = "indicators"
    model = Indicator
    key = ("board", "name")
    ordering = ("board__name", "name")
    exported_with = DATASET_PART
    board_path = "board"
    noun = "indicator"
    columns = [
        Ref("board", to="boards"),
        Text("name", required=True, one_line=True),
        Choice("unit", required=True),
        Choice("better"),
        Choice("frequency"),
        Ref("source", to="agencies"),
        Number("target"),
        Ref("plan", to="plans", field=None, source="priority.plan"),
        Int("priority", min_value=1, field=None, source="priority.number"),
        Bool("on_dashboard"),
        Text("description"),
    ]

    def export_queryset(self, boards: list | None = None):
        records = Indicator.objects.select_related("board", "source", "priority__plan")
        if boards is not None:
            records = records.filter(board__in=[board.pk for board in boards])
        return records.order_by("board__name", "name")

    def resolve(self, values: dict[str, Any], run: ImportRun) -> Iterator[RowProblem]:
        plan, number = values.get("plan"), values.get("priority")
        values["priority_record"] = None
        if plan is None and number is None:
            return
        if plan is None:
            yield "plan", "give the plan (its title) whose priority the indicator informs, or leave priority blank."
            return
        if number is None:
            yield "priority", f"give the number of the priority of {plan} the indicator informs, or leave plan blank."
            return
        priority = run.find("priorities", (plan.pk, number))
        if priority is None:
            yield "priority", f"{plan} has no priority {number} in the priorities sheet or the database."
        values["priority_record"] = priority

    def prepare(self, indicator: Indicator, values: dict[str, Any]) -> None:
        if "plan" in values or "priority" in values:
            indicator.priority = values.get("priority_record")

    def save(self, instance: Indicator, by: Any) -> Indicator:
        return indicator_save(indicator=instance, by=by)


@register
class IndicatorValues(Sheet):
    """An indicator's value for one period and area (blank: the whole area), keyed by indicator,
    area and period; the period is normalised as the app writes it (2025-4 is 2025-04)."""

    name = "indicator_values"
    model = IndicatorValue
    key = ("indicator", "area", "period")
    exported_with = DATASET_PART
    duplicate_column = "period"
    follows = "indicator"
    board_path = "indicator__board"
    noun = "indicator value"
    columns = [
        follows_board("indicator.board"),
        Ref("indicator", to="indicators", required=True),
        Text("area", one_line=True),
        Text("period", required=True, one_line=True),
        Number("value"),
        Number("comparator"),
        Text("comparator_name", one_line=True),
        Text("note"),
    ]

    def export_queryset(self, boards: list | None = None):
        records = IndicatorValue.objects.select_related("indicator__board")
        if boards is not None:
            records = records.filter(indicator__board__in=[board.pk for board in boards])
        return records.order_by("indicator__board__name", "indicator__name", "area", "starts_on", "ends_on", "period")

    def resolve(self, values: dict[str, Any], run: ImportRun) -> Iterator[RowProblem]:
        indicator = values.get("indicator")
        if indicator is None:
            raise SkipRow
        text = values.get("period") or ""
        try:
            values["period"] = Period.parse(text, yearly=indicator.frequency == Frequency.YEARLY).code
        except PeriodError as error:
            yield "period", str(error)

    def prepare(self, value: IndicatorValue, values: dict[str, Any]) -> None:
        value.indicator = values["indicator"]
        value.set_period(value.period)
        if "area" not in values:
            value.area = value.area or ""

    def describe(self, cells: dict[str, Any]) -> str:
        parts = (cells.get("indicator"), cells.get("area"), cells.get("period"))
        return " / ".join(str(part) for part in parts if part)

    def save(self, instance: IndicatorValue, by: Any) -> IndicatorValue:
        return value_save(value=instance, by=by)
