"""Working days in England: weekdays that are not bank holidays.

A rapid review's decision is expected within 15 working days of the notification (Working
Together 2023). The bank holidays of England and Wales follow fixed rules (a holiday falling at a
weekend moves to the next weekday); the special ones a year may add (a coronation, a state
funeral) are listed by hand."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from dateutil.easter import easter

# One-off bank holidays proclaimed for a year, and the years whose early May holiday was moved.
SPECIAL = {date(2011, 4, 29), date(2012, 6, 5), date(2022, 6, 3), date(2022, 9, 19), date(2023, 5, 8)}
EARLY_MAY_MOVED = {1995: date(1995, 5, 8), 2020: date(2020, 5, 8)}
LATE_MAY_MOVED = {2002: date(2002, 6, 4), 2012: date(2012, 6, 4), 2022: date(2022, 6, 2)}


def _first_monday(year: int, month: int) -> date:
    day = date(year, month, 1)
    return day + timedelta(days=(7 - day.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    day = date(year, month + 1, 1) - timedelta(days=1)
    return day - timedelta(days=day.weekday())


@cache
def bank_holidays(year: int) -> frozenset[date]:
    """England and Wales's bank holidays of `year`."""
    new_year = date(year, 1, 1)
    while new_year.weekday() >= 5:
        new_year += timedelta(days=1)
    christmas, boxing = date(year, 12, 25), date(year, 12, 26)
    if christmas.weekday() == 5:  # Saturday: Monday and Tuesday
        christmas, boxing = christmas + timedelta(days=2), boxing + timedelta(days=2)
    elif christmas.weekday() == 6:  # Sunday: Tuesday for Christmas, Monday for Boxing Day
        christmas, boxing = christmas + timedelta(days=2), boxing
    elif boxing.weekday() == 5:  # Friday Christmas: Boxing Day on Monday
        boxing += timedelta(days=2)
    good_friday = easter(year) - timedelta(days=2)
    days = {
        new_year,
        good_friday,
        good_friday + timedelta(days=3),
        EARLY_MAY_MOVED.get(year, _first_monday(year, 5)),
        LATE_MAY_MOVED.get(year, _last_monday(year, 5)),
        _last_monday(year, 8),
        christmas,
        boxing,
    }
    return frozenset(days | {day for day in SPECIAL if day.year == year})


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def working_days_between(first: date, last: date) -> int:
    """Working days after `first` up to and including `last` (0 when `last` is not after `first`):
    a decision on the working day after the notification took one working day."""
    count, day = 0, first
    while day < last:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
