"""Reads of the dataset that other apps use (the year-end report, the dashboard)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from lscb.years import ReportingYear

from .models import Indicator, IndicatorValue, as_number


@dataclass
class Series:
    """One indicator's values in a year for one area ("" = the whole area), in period order."""

    area: str
    values: list[IndicatorValue] = field(default_factory=list)

    @property
    def reported(self) -> int:
        return sum(1 for value in self.values if value.value is not None)

    def year_total(self, indicator: Indicator) -> Decimal | None:
        """The sum of the reported values, for counts only (DOMAIN.md): a blank is not a zero."""
        if not indicator.sums or not self.reported:
            return None
        return sum((value.value for value in self.values if value.value is not None), Decimal(0))


@dataclass
class IndicatorYear:
    indicator: Indicator
    series: list[Series]

    def as_json(self) -> dict:
        return {
            "indicator": self.indicator.name,
            "unit": self.indicator.unit,
            "series": [
                {
                    "area": series.area,
                    "values": {value.period: as_number(value.value) for value in series.values},
                    "reported": series.reported,
                    "year_total": as_number(series.year_total(self.indicator)),
                }
                for series in self.series
            ],
        }


def year_dataset(board, year: ReportingYear) -> list[IndicatorYear]:
    """Every indicator of the board with a value (reported or not) for a period inside the year,
    by name; each with its series, the whole area first. Two queries."""
    values = (
        IndicatorValue.objects.of_board(board)
        .in_year(year)
        .select_related("indicator__source")
        .order_by("indicator__name", "indicator_id", "area", "starts_on", "ends_on", "period")
    )
    result: list[IndicatorYear] = []
    for value in values:
        if not result or result[-1].indicator.pk != value.indicator_id:
            result.append(IndicatorYear(value.indicator, []))
        series = result[-1].series
        if not series or series[-1].area != value.area:
            series.append(Series(value.area))
        series[-1].values.append(value)
    return result
