"""The dataset's pages: the list (filters, latest value, exports), an indicator's page (values by
period and area, the year, the chart and its text alternative), the forms (bad input kept, stale
edits refused), the latest figures of a source agency in one sitting, who may do what, and cost."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from dataset.models import Better, Frequency, Indicator, IndicatorValue, Unit
from lscb.years import ReportingYear
from tests.factories import (
    AgencyFactory,
    BoardFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    PlanFactory,
    PriorityFactory,
)

pytestmark = pytest.mark.django_db

LONG = (
    "Première ligne: l\u2019évaluation des délais \u2013 “Child H” and the école\u2019s référence.\n"
    "Second line: what the agencies knew, and when; ñ, ø, ß, ł, $x$ and $\\frac{1}{2}.\n" * 30
).strip()


def url(name: str, board, *args) -> str:
    return reverse(f"dataset:{name}", args=[board.slug, *args])


@pytest.fixture
def police(db):
    return AgencyFactory(name="Northmoor Police", short_name="Police", sector="police")


@pytest.fixture
def missing(board, police):
    """A monthly count reported by the police, with two years of values."""
    indicator = IndicatorFactory(
        name="Missing episodes", unit=Unit.COUNT, better=Better.LOWER, source=police, target=50, on_dashboard=True
    )
    for month, value in [("2024-04", 40), ("2024-05", 44), ("2025-04", 52), ("2025-05", None), ("2025-06", -3)]:
        IndicatorValueFactory(indicator=indicator, period=month, value=value)
    IndicatorValue.objects.filter(indicator=indicator, period="2025-04").update(
        comparator=Decimal("48.5"), comparator_name="statistical neighbours", note=LONG
    )
    IndicatorValueFactory(indicator=indicator, period="2025-04", area="North", value=20)
    return indicator


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- the list --------------------------------------------------------------------------------------


def test_the_list_shows_each_indicator_with_its_latest_reported_value(client_for, board_member, board, missing):
    IndicatorFactory(name="Re-referrals", unit=Unit.PERCENT)
    rate = IndicatorFactory(name="Child protection plans", unit=Unit.RATE)
    IndicatorValueFactory(indicator=rate, period="2025-26 Q1", value=Decimal("41.5"))
    page = text(client_for(board_member).get(url("indicator-list", board)))
    # The latest reported (June's -3, a correction); May's blank is not a value.
    assert "Missing episodes" in page and "-3" in page and "June 2025" in page
    assert "41.5 per 10,000" in page and "2025-26 Q1" in page


def test_the_list_filters_by_agency_unit_dashboard_and_text(client_for, board_member, board, missing):
    IndicatorFactory(name="Re-referrals", unit=Unit.PERCENT, description="to children's social care")
    client = client_for(board_member)
    page = text(client.get(url("indicator-list", board), {"source": missing.source.pk}))
    assert "Missing episodes" in page and "Re-referrals" not in page
    page = text(client.get(url("indicator-list", board), {"unit": "percent"}))
    assert "Missing episodes" not in page and "Re-referrals" in page
    page = text(client.get(url("indicator-list", board), {"on_dashboard": "yes"}))
    assert "Missing episodes" in page and "Re-referrals" not in page
    page = text(client.get(url("indicator-list", board), {"q": "social care"}))
    assert "Missing episodes" not in page and "Re-referrals" in page


def test_the_list_exports_the_latest_value_as_a_number(client_for, manager, board, missing):
    response = client_for(manager).get(url("indicator-list", board), {"_export": "csv"})
    body = b"".join(response.streaming_content if response.streaming else [response.content]).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    header, row = rows[0], rows[1]
    assert row[header.index("Latest value")] == "-3"
    assert row[header.index("Period")] == "2025-06"


def test_the_list_costs_a_fixed_few_queries(client_for, board_member, board, missing, django_assert_max_num_queries):
    client = client_for(board_member)
    client.get(url("indicator-list", board))
    for n in range(15):
        indicator = IndicatorFactory(name=f"Indicator {n:02d}", source=AgencyFactory())
        IndicatorValueFactory(indicator=indicator, period="2025-04", value=n)
    # The request's own, the records' version the kept page is keyed by, the filter's agencies and
    # priorities, the rows and their count.
    with django_assert_max_num_queries(10):
        response = client.get(url("indicator-list", board))
    assert response.status_code == 200


# --- an indicator's page -------------------------------------------------------------------------------


def test_an_indicators_page_gives_its_values_per_period_and_area(client_for, board_member, board, missing):
    response = client_for(board_member).get(url("indicator-detail", board, missing.pk))
    assert response.status_code == 200
    page = text(response)
    assert "2025-26" in page  # the latest year with values, by default
    assert "April 2025" in page and "not reported" in page and "-3" in page
    assert "48.5" in page and "statistical neighbours" in page
    assert "Whole area: 2025-26" in page and "North: 2025-26" in page
    assert "Première ligne" in page and "ñ, ø, ß, ł" in page
    assert page.count('src="data:image/svg+xml;base64,') == 2  # the whole area's chart, and North's
    assert "Trend chart of Missing episodes (North)" in page
    assert "The chart&#x27;s figures" in page or "The chart's figures" in page
    assert "Target" in page and "50" in page


def test_the_year_selector_shows_last_year(client_for, board_member, board, missing):
    page = text(client_for(board_member).get(url("indicator-detail", board, missing.pk), {"year": "2024-25"}))
    assert "April 2024" in page and "Whole area: 2024-25" in page and "June 2025" not in page
    page = text(client_for(board_member).get(url("indicator-detail", board, missing.pk), {"year": "nonsense"}))
    assert "is not a reporting year" in page and "Whole area: 2025-26" in page


def test_the_chart_keeps_dollars_as_text(board, missing):
    from dataset.charts import svg, trend_chart
    from dataset.reads import indicator_page
    from lscb.years import ReportingYear

    missing.name = "Spend in $ and $\\frac{1}{2}"
    chart = trend_chart(indicator_page(missing, ReportingYear(2025)))
    drawing = svg(chart)
    assert "$\\frac{1}{2}" in drawing.replace("&#x24;", "$") or "frac" in drawing
    assert chart.this_year[0] == 52 and chart.last_year[0] == 40 and chart.this_year[1] is None
    # All twelve months: last year's line runs its length; May was not reported, July not yet.
    assert len(chart.slots) == 12 and chart.slots[0] == "Apr" and chart.slots[-1] == "Mar"
    rows = chart.rows()
    assert rows[1]["this_year"] == "not reported" and rows[3]["this_year"] == ""
    assert rows[1]["last_year"] == "44"


def test_an_indicators_page_costs_a_fixed_few_queries(
    client_for, board_member, board, missing, django_assert_max_num_queries
):
    client = client_for(board_member)
    client.get(url("indicator-detail", board, missing.pk))
    for area in ["South", "East", "West"]:
        for month in range(1, 13):
            IndicatorValueFactory(indicator=missing, area=area, period=f"2025-{month:02d}", value=month)
    with django_assert_max_num_queries(8):
        assert client.get(url("indicator-detail", board, missing.pk)).status_code == 200


def test_another_boards_indicator_is_not_found(client_for, manager, board):
    other = BoardFactory(name="Another Board", slug="another")
    theirs = IndicatorFactory(board=other, name="Theirs")
    value = IndicatorValueFactory(indicator=theirs)
    client = client_for(manager)
    assert client.get(url("indicator-detail", board, theirs.pk)).status_code == 404
    assert client.get(url("indicator-edit", board, theirs.pk)).status_code == 404
    assert client.get(url("value-create", board, theirs.pk)).status_code == 404
    assert client.get(url("value-edit", board, theirs.pk, value.pk)).status_code == 404


def test_a_board_member_reads_but_does_not_write(client_for, board_member, board, missing):
    client = client_for(board_member)
    assert client.get(url("indicator-detail", board, missing.pk)).status_code == 200
    assert client.get(url("indicator-create", board)).status_code == 403
    assert client.get(url("value-create", board, missing.pk)).status_code == 403
    assert client.get(url("sitting", board)).status_code == 403


# --- forms -------------------------------------------------------------------------------------------


def indicator_data(**changes) -> dict:
    data = {
        "name": "Referrals to children's social care",
        "unit": "count",
        "better": "neither",
        "frequency": "monthly",
        "source": "",
        "target": "",
        "priority": "",
        "on_dashboard": "",
        "description": LONG,
    }
    return {**data, **changes}


def test_the_business_manager_adds_and_edits_an_indicator(client_for, manager, board):
    client = client_for(manager)
    response = client.post(url("indicator-create", board), indicator_data())
    indicator = Indicator.objects.get(name="Referrals to children's social care")
    assert response.status_code == 302 and indicator.board == board and indicator.description == LONG
    data = indicator_data(name="Referrals", version=indicator.version)
    assert client.post(url("indicator-edit", board, indicator.pk), data).status_code == 302
    indicator.refresh_from_db()
    assert indicator.name == "Referrals" and indicator.version == 2
    # A second save from the form opened at version 1 is refused; what was typed is kept.
    response = client.post(url("indicator-edit", board, indicator.pk), {**data, "name": "Mine", "version": 1})
    assert response.status_code == 200 and "Someone else saved this indicator" in text(response)
    assert 'value="Mine"' in text(response)


def test_an_indicators_bad_input_is_explained_and_kept(client_for, manager, board):
    IndicatorFactory(name="Taken")
    other_plan = PlanFactory(board=BoardFactory(name="Other", slug="other"), slug="other-plan")
    theirs = PriorityFactory(plan=other_plan, number=1)
    response = client_for(manager).post(
        url("indicator-create", board), indicator_data(name="Taken", target="lots", priority=theirs.pk)
    )
    page = text(response)
    assert response.status_code == 200
    assert "Another indicator of this board has this name." in page
    assert "Enter a number." in page
    assert "Select a valid choice" in page
    assert "Première ligne" in page


def test_a_value_is_added_with_its_period_read_and_a_blank_is_not_reported(client_for, manager, board, missing):
    client = client_for(manager)
    data = {"area": "", "period": "2025-7", "value": "", "comparator": "", "comparator_name": "", "note": LONG}
    response = client.post(url("value-create", board, missing.pk), data)
    assert response.status_code == 302, text(response)
    value = IndicatorValue.objects.get(indicator=missing, period="2025-07")
    assert value.value is None and value.note == LONG and value.period_kind == "month"
    assert response["Location"].endswith("?year=2025-26")


def test_a_values_bad_period_and_duplicate_are_explained(client_for, manager, board, missing):
    client = client_for(manager)
    data = {"area": "", "period": "July", "value": "12", "comparator": "", "comparator_name": "", "note": "kept"}
    page = text(client.post(url("value-create", board, missing.pk), data))
    assert "is not a period" in page and "kept" in page
    page = text(client.post(url("value-create", board, missing.pk), {**data, "period": "2025-04"}))
    assert "already has a value for this area and period" in page


def test_a_value_is_edited_and_a_negative_correction_kept(client_for, manager, board, missing):
    value = IndicatorValue.objects.get(indicator=missing, period="2025-04", area="")
    data = {
        "area": "",
        "period": "2025-04",
        "value": "-2",
        "comparator": "",
        "comparator_name": "",
        "note": "A correction",
        "version": value.version,
    }
    assert client_for(manager).post(url("value-edit", board, missing.pk, value.pk), data).status_code == 302
    value.refresh_from_db()
    assert value.value == Decimal("-2") and value.version == 2


def test_a_yearly_indicators_form_reads_a_year(client_for, manager, board):
    yearly = IndicatorFactory(name="Child deaths reviewed", frequency=Frequency.YEARLY)
    page = text(client_for(manager).get(url("value-create", board, yearly.pk)))
    this_year = ReportingYear.current()
    assert f'<option value="{this_year.label}">' in page and f'value="{this_year.first}-04"' not in page
    monthly = text(client_for(manager).get(url("value-create", board, IndicatorFactory(name="Monthly").pk)))
    assert 'type="month"' in monthly
    snapshot = IndicatorFactory(name="Snapshot", frequency=Frequency.SNAPSHOT)
    assert 'placeholder="dd/mm/yyyy"' in text(client_for(manager).get(url("value-create", board, snapshot.pk)))
    data = {"area": "", "period": "2010-11", "value": "7", "comparator": "", "comparator_name": "", "note": ""}
    assert client_for(manager).post(url("value-create", board, yearly.pk), data).status_code == 302
    assert IndicatorValue.objects.get(indicator=yearly).period_kind == "year"


# --- the latest figures, in one sitting --------------------------------------------------------------


@pytest.fixture
def police_indicators(board, police, missing):
    second = IndicatorFactory(name="Domestic abuse incidents", source=police, unit=Unit.COUNT)
    third = IndicatorFactory(name="Repeat victims", source=police, unit=Unit.PERCENT)
    IndicatorFactory(name="Not the police's", source=AgencyFactory(name="Health"))
    return [second, missing, third]  # by name


def rows_data(period: str, agency, rows: list[dict], versions=None) -> dict:
    data = {
        "agency": agency.pk,
        "period": period,
        "form-TOTAL_FORMS": len(rows),
        "form-INITIAL_FORMS": len(rows),
        "form-MIN_NUM_FORMS": 0,
        "form-MAX_NUM_FORMS": 500,
    }
    for n, row in enumerate(rows):
        for key, value in row.items():
            data[f"form-{n}-{key}"] = value
    return data


def test_the_sitting_shows_the_agencys_indicators_prefilled(client_for, manager, board, police, police_indicators):
    client = client_for(manager)
    page = text(client.get(url("sitting", board)))
    assert "Show the indicators" in page
    page = text(client.get(url("sitting", board), {"agency": police.pk, "period": "2025-04"}))
    assert "Domestic abuse incidents" in page and "Repeat victims" in page and "Not the police" not in page
    assert 'value="52' in page and "statistical neighbours" in page  # April's, as recorded


def test_the_sitting_saves_every_row_at_once(client_for, manager, board, police, police_indicators):
    second, missing, third = police_indicators
    rows = [
        {"indicator": second.pk, "value": "130", "note": LONG},
        {"indicator": missing.pk, "not_reported": "on"},
        {"indicator": third.pk, "value": "12.5", "comparator": "11", "comparator_name": "England"},
    ]
    response = client_for(manager).post(url("sitting", board), rows_data("2025-07", police, rows))
    assert response.status_code == 302, text(response)
    assert IndicatorValue.objects.get(indicator=second, period="2025-07").note == LONG
    assert IndicatorValue.objects.get(indicator=missing, period="2025-07").value is None
    assert IndicatorValue.objects.get(indicator=third, period="2025-07").comparator == 11


def test_the_sitting_saves_nothing_when_a_row_is_wrong_and_keeps_what_was_typed(
    client_for, manager, board, police, police_indicators
):
    second, missing, third = police_indicators
    rows = [
        {"indicator": second.pk, "value": "130", "note": "Typed note"},
        {"indicator": missing.pk, "value": "abc"},
        {"indicator": third.pk, "value": "5", "not_reported": "on", "comparator": "3"},
    ]
    response = client_for(manager).post(url("sitting", board), rows_data("2025-07", police, rows))
    page = text(response)
    assert response.status_code == 200
    assert "nothing has been saved yet" in page and "Enter a number." in page
    assert "Leave the value blank" in page and "Say what the comparator is" in page
    assert "Typed note" in page and 'value="130"' in page
    assert not IndicatorValue.objects.filter(period="2025-07").exists()


def test_the_sitting_refuses_a_figure_changed_meanwhile(client_for, manager, board, police, police_indicators):
    second, missing, third = police_indicators
    stored = IndicatorValue.objects.get(indicator=missing, period="2025-04", area="")
    rows = [
        {"indicator": second.pk, "value": "1"},
        {"indicator": missing.pk, "value": "60", "version": stored.version},
        {"indicator": third.pk},
    ]
    IndicatorValue.objects.filter(pk=stored.pk).update(version=stored.version + 1, value=99)
    response = client_for(manager).post(url("sitting", board), rows_data("2025-04", police, rows))
    page = text(response)
    assert "Someone else saved this figure" in page and "99" in page
    assert not IndicatorValue.objects.filter(indicator=second, period="2025-04").exists()
    # The form moved on to the stored version: saving again, after checking, goes through.
    assert f'name="form-1-version" value="{stored.version + 1}"' in page
    rows[1]["version"] = stored.version + 1
    assert client_for(manager).post(url("sitting", board), rows_data("2025-04", police, rows)).status_code == 302
    assert IndicatorValue.objects.get(pk=stored.pk).value == 60


def test_the_sitting_explains_a_bad_period(client_for, manager, board, police, police_indicators):
    page = text(client_for(manager).get(url("sitting", board), {"agency": police.pk, "period": "2025-00"}))
    assert "is not a month" in page


def test_a_value_entered_by_mistake_is_deleted_after_asking(client_for, manager, board, missing):
    value = IndicatorValue.objects.get(indicator=missing, period="2025-04", area="North")
    client = client_for(manager)
    page = text(client.get(url("value-delete", board, missing.pk, value.pk)))
    assert "Delete the value for April 2025" in page and "North" in page and "20" in page
    response = client.post(url("value-delete", board, missing.pk, value.pk))
    assert response.status_code == 302 and response["Location"].endswith("?year=2025-26")
    assert not IndicatorValue.objects.filter(pk=value.pk).exists()
    assert IndicatorValue.history.filter(id=value.pk, history_type="-").get().history_user == manager


def test_stored_numbers_are_offered_as_typed(client_for, manager, board, missing, police):
    client = client_for(manager)
    value = IndicatorValue.objects.get(indicator=missing, period="2025-04", area="")
    page = text(client.get(url("value-edit", board, missing.pk, value.pk)))
    assert 'value="52"' in page and 'value="48.5"' in page and "52.0000" not in page
    assert 'value="50"' in text(client.get(url("indicator-edit", board, missing.pk)))
    page = text(client.get(url("sitting", board), {"agency": police.pk, "period": "2025-06"}))
    assert 'value="-3"' in page


def test_an_indicator_without_values_and_a_sorted_list(client_for, board_member, board, missing):
    empty = IndicatorFactory(name="Nothing yet", unit=Unit.MONEY)
    client = client_for(board_member)
    page = text(client.get(url("indicator-detail", board, empty.pk)))
    assert "No values recorded for" in page and "data:image/svg" not in page
    for sort in ("latest", "-latest", "latest_period", "source"):
        assert client.get(url("indicator-list", board), {"sort": sort}).status_code == 200


def test_a_quarter_of_a_monthly_indicator_is_edited_in_a_plain_box(client_for, manager, board, missing):
    quarter = IndicatorValueFactory(indicator=missing, period="2025-26 Q1", value=140)
    page = text(client_for(manager).get(url("value-edit", board, missing.pk, quarter.pk)))
    assert 'value="2025-26 Q1"' in page and 'type="month"' not in page
