"""The reporting year: 1 April to 31 March, written 2025-26."""

from datetime import date

import pytest

from lscb.years import ReportingYear, YearFormatError


def test_a_reporting_year_runs_from_april_to_march():
    year = ReportingYear.parse("2015-16")
    assert (year.start, year.end, year.label) == (date(2015, 4, 1), date(2016, 3, 31), "2015-16")
    assert date(2016, 3, 31) in year and date(2016, 4, 1) not in year and date(2015, 3, 31) not in year


@pytest.mark.parametrize(
    ("day", "label"), [(date(2026, 3, 31), "2025-26"), (date(2026, 4, 1), "2026-27"), (date(1999, 12, 31), "1999-00")]
)
def test_the_year_containing_a_day(day, label):
    assert ReportingYear.containing(day).label == label


@pytest.mark.parametrize("text", ["2015", "2015-17", "abc", "", "2015-2017", "15-16"])
def test_malformed_years_say_how_to_write_one(text):
    with pytest.raises(YearFormatError, match=r"2025-26|range"):
        ReportingYear.parse(text)


def test_the_long_form_is_accepted():
    assert ReportingYear.parse("2015/2016") == ReportingYear(2015)
