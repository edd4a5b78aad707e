"""Reads of the dataset's own pages and of the dashboard's tile, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Max, Min, OuterRef, Subquery, Window
from django.db.models.functions import RowNumber

from lscb.years import ReportingYear

from .formatting import change_text, direction, number_text
from .models import Frequency, Indicator, IndicatorValue
from .periods import Period, PeriodKind


def latest_reported(outer: str = "pk"):
    """An indicator's reported values for the whole area, the latest period first (a month before
    the quarter that ends with it)."""
    return IndicatorValue.objects.filter(indicator=OuterRef(outer), area="", value__isnull=False).order_by(
        "-ends_on", "-starts_on", "-pk"
    )


def with_latest(indicators):
    """Each indicator with its latest reported value for the whole area and that value's period
    (`latest_value`, `latest_kind`, `latest_starts`, `latest_ends`): one query for the list."""
    latest = latest_reported()
    return indicators.annotate(
        latest_value=Subquery(latest.values("value")[:1]),
        latest_kind=Subquery(latest.values("period_kind")[:1]),
        latest_starts=Subquery(latest.values("starts_on")[:1]),
        latest_ends=Subquery(latest.values("ends_on")[:1]),
    )


def latest_period(indicator) -> Period | None:
    if not getattr(indicator, "latest_kind", None):
        return None
    return Period(indicator.latest_kind, indicator.latest_starts, indicator.latest_ends)


# --- an indicator's page -----------------------------------------------------------------------------


def years_with_values(indicator: Indicator) -> list[ReportingYear]:
    """The reporting years from the indicator's first value to its last, newest first (one query)."""
    span = indicator.values.aggregate(first=Min("starts_on"), last=Max("starts_on"))
    if span["first"] is None:
        return []
    first, last = ReportingYear.containing(span["first"]), ReportingYear.containing(span["last"])
    return [ReportingYear(year) for year in range(last.first, first.first - 1, -1)]


@dataclass
class Row:
    """One period of a series: this year's value, and last year's for the same month or quarter."""

    period: Period
    value: IndicatorValue | None
    last_year: IndicatorValue | None = None


@dataclass
class AreaSeries:
    area: str  # "" = the whole area
    rows: list[Row] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.area or "Whole area"

    @property
    def reported(self) -> int:
        return sum(1 for row in self.rows if row.value is not None and row.value.value is not None)


def slot(period: Period) -> str:
    """Where a period sits in its year, to set a year beside the last: "Apr", "Q1", "31/03", "Year"."""
    return "Year" if period.kind == PeriodKind.YEAR else period.short_label


@dataclass
class IndicatorPage:
    indicator: Indicator
    year: ReportingYear
    series: list[AreaSeries]
    last_year: dict[tuple[str, str, str], IndicatorValue]  # (area, kind, slot) -> last year's value

    @property
    def whole(self) -> AreaSeries | None:
        """The series the chart draws: the whole area's, else the first area's."""
        return self.series[0] if self.series else None


def indicator_page(indicator: Indicator, year: ReportingYear) -> IndicatorPage:
    """The indicator's values in `year` by area (the whole area first), each period beside the same
    period of the year before. One query."""
    values = list(
        IndicatorValue.objects.filter(
            indicator=indicator, starts_on__gte=year.previous.start, ends_on__lte=year.end
        ).order_by("area", "starts_on", "ends_on", "period")
    )
    last: dict[tuple[str, str, str], IndicatorValue] = {}
    series: dict[str, AreaSeries] = {}
    for value in values:
        value.indicator = indicator
        period = value.period_obj
        if value.starts_on < year.start:
            if value.ends_on <= year.previous.end:
                last[(value.area, period.kind, slot(period))] = value
            continue
        series.setdefault(value.area, AreaSeries(value.area)).rows.append(Row(period, value))
    for area_series in series.values():
        for row in area_series.rows:
            row.last_year = last.get((area_series.area, row.period.kind, slot(row.period)))
    ordered = sorted(series.values(), key=lambda s: (s.area != "", s.area.casefold()))
    return IndicatorPage(indicator, year, ordered, last)


# --- the dashboard's tile ------------------------------------------------------------------------------

OWN_KIND = {
    Frequency.MONTHLY: PeriodKind.MONTH,
    Frequency.QUARTERLY: PeriodKind.QUARTER,
    Frequency.YEARLY: PeriodKind.YEAR,
    Frequency.SNAPSHOT: PeriodKind.SNAPSHOT,
}


@dataclass
class DashIndicator:
    """An indicator chosen for the dashboard: its latest reported value for the whole area, the one
    before it (of the same kind of period), the change and whether it is for the better."""

    indicator: Indicator
    latest: IndicatorValue | None = None
    previous: IndicatorValue | None = None

    @property
    def latest_text(self) -> str:
        return number_text(self.latest.value, self.indicator.unit) if self.latest else ""

    @property
    def previous_text(self) -> str:
        return number_text(self.previous.value, self.indicator.unit) if self.previous else ""

    @property
    def change(self) -> Decimal | None:
        if self.latest is None or self.previous is None:
            return None
        return self.latest.value - self.previous.value

    @property
    def change_text(self) -> str:
        change = self.change
        return "" if change is None else change_text(change, self.indicator.unit)

    @property
    def direction(self) -> str:
        """better, worse, up, down or no change: words, not a colour."""
        return direction(self.change, self.indicator.better)


def dashboard_indicators(board) -> list[DashIndicator]:
    """The board's indicators chosen for the dashboard, by name, each with its latest two reported
    values for the whole area (of the kind of period its frequency says, when it has any). Two queries, however many values they hold."""
    indicators = list(Indicator.objects.of_board(board).on_dashboard().order_by("name", "pk"))
    if not indicators:
        return []
    ranked = (
        IndicatorValue.objects.filter(indicator__in=[i.pk for i in indicators], area="", value__isnull=False)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("indicator_id"), F("period_kind")],
                order_by=[F("ends_on").desc(), F("starts_on").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=2)
    )
    found: dict[int, list[IndicatorValue]] = {}
    for value in ranked:
        found.setdefault(value.indicator_id, []).append(value)
    tiles = []
    for indicator in indicators:
        values = found.get(indicator.pk, [])
        tile = DashIndicator(indicator)
        own = [v for v in values if v.period_kind == OWN_KIND.get(indicator.frequency)]
        if own or values:
            # Its own kind of period first (a monthly indicator's months, not a quarter's total).
            latest = max(own or values, key=lambda v: (v.ends_on, v.starts_on, v.pk))
            same = sorted(
                (v for v in values if v.period_kind == latest.period_kind and v.pk != latest.pk),
                key=lambda v: (v.ends_on, v.starts_on, v.pk),
            )
            latest.indicator = indicator
            tile.latest = latest
            if same:
                same[-1].indicator = indicator
                tile.previous = same[-1]
        tiles.append(tile)
    return tiles
