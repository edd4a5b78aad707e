"""The dashboard's dataset tile: the indicators chosen for it, each with its latest reported value
for the whole area, the one before (of the same kind of period), the change, and whether that is
better or worse, in words; in two queries; and a changed value shows at once."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.utils import timezone

from dataset.formatting import change_text, direction, number_text
from dataset.models import Better, Unit
from dataset.reads import dashboard_indicators
from dataset.services import value_save
from lscb import roles
from tests.factories import IndicatorFactory, IndicatorValueFactory, UserFactory
from yearend.dashboard import DASHBOARD_RULES, dashboard

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def chosen(board):
    lower = IndicatorFactory(name="Re-referrals", unit=Unit.PERCENT, better=Better.LOWER, on_dashboard=True)
    for period, value in [("2025-04", "20.5"), ("2025-05", "18.25"), ("2025-06", None), ("2025-26 Q1", "19")]:
        IndicatorValueFactory(indicator=lower, period=period, value=None if value is None else Decimal(value))
    IndicatorValueFactory(indicator=lower, period="2025-06", area="North", value=99)  # an area: not the tile's
    higher = IndicatorFactory(name="Making safeguarding personal", unit=Unit.PERCENT, better=Better.HIGHER)
    higher.on_dashboard = True
    higher.save()
    IndicatorValueFactory(indicator=higher, period="2025-04", value=60)
    IndicatorValueFactory(indicator=higher, period="2025-05", value=55)
    neither = IndicatorFactory(name="Contacts", unit=Unit.COUNT, on_dashboard=True)
    IndicatorValueFactory(indicator=neither, period="2025-04", value=1200)
    IndicatorValueFactory(indicator=neither, period="2025-05", value=1234)
    IndicatorFactory(name="New, nothing yet", on_dashboard=True)
    hidden = IndicatorFactory(name="Not chosen")
    IndicatorValueFactory(indicator=hidden, period="2025-04", value=1)
    return lower, higher, neither


def test_each_chosen_indicator_has_its_latest_value_the_previous_and_the_change(board, chosen):
    tiles = {tile.indicator.name: tile for tile in dashboard_indicators(board)}
    assert list(tiles) == ["Contacts", "Making safeguarding personal", "New, nothing yet", "Re-referrals"]
    rereferrals = tiles["Re-referrals"]
    # May is the latest reported month (June was not reported); the month before is April. The
    # quarter is another kind of period, and the North area is not the whole area.
    assert rereferrals.latest.period == "2025-05" and rereferrals.previous.period == "2025-04"
    assert rereferrals.latest_text == "18.25%" and rereferrals.previous_text == "20.5%"
    assert rereferrals.change_text == "-2.25 percentage points" and rereferrals.direction == "better"
    assert tiles["Making safeguarding personal"].direction == "worse"
    assert tiles["Contacts"].direction == "up" and tiles["Contacts"].change_text == "+34"
    assert tiles["Contacts"].latest_text == "1,234"
    assert tiles["New, nothing yet"].latest is None and tiles["New, nothing yet"].change is None


def test_the_tile_costs_two_queries_however_many_values(board, chosen, django_assert_num_queries):
    with django_assert_num_queries(2):
        dashboard_indicators(board)
    for n in range(1, 13):
        IndicatorValueFactory(indicator=chosen[2], period=f"2024-{n:02d}", value=n)
    with django_assert_num_queries(2):
        assert len(dashboard_indicators(board)) == 4


def test_the_dashboard_shows_the_tile_in_words(client_for, board_member, board, chosen):
    page = text(client_for(board_member).get(f"/{board.slug}/"))
    assert "Dataset" in page and "Re-referrals" in page
    assert "18.25%" in page and "-2.25 percentage points on April 2025 (20.5%)" in page
    assert ">better<" in page and ">worse<" in page and ">up<" in page
    assert "No figure reported yet." in page
    assert "Not chosen" not in page


def test_a_changed_value_shows_on_the_dashboard_at_once(client_for, manager, board, chosen):
    client = client_for(manager)
    url = f"/{board.slug}/"
    assert "1,234" in text(client.get(url))
    assert "1,234" in text(client.get(url))  # from the cache
    value = chosen[2].values.get(period="2025-05")
    value.value = Decimal("1300")
    value_save(value=value, by=manager)
    page = text(client.get(url))
    assert "1,300" in page and "1,234" not in page


def test_the_tile_is_the_readers_only_with_the_dataset(board, chosen):
    member = UserFactory(roles=[roles.BOARD_MEMBER])
    assert dashboard(member, board, timezone.localdate()).indicators is not None
    assert "dataset.view" in DASHBOARD_RULES  # the kept dashboard is keyed by it


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (None, Unit.COUNT, "not reported"),
        (Decimal("0"), Unit.COUNT, "0"),
        (Decimal("1234.0000"), Unit.COUNT, "1,234"),
        (Decimal("-3"), Unit.COUNT, "-3"),
        (Decimal("41.5000"), Unit.RATE, "41.5 per 10,000"),
        (Decimal("67.3"), Unit.PERCENT, "67.3%"),
        (Decimal("1"), Unit.DAYS, "1 day"),
        (Decimal("12.5"), Unit.DAYS, "12.5 days"),
        (Decimal("1234.5"), Unit.MONEY, "£1,234.50"),
        (Decimal("-12"), Unit.MONEY, "-£12.00"),
        (Decimal("7.25"), Unit.OTHER, "7.25"),
    ],
)
def test_numbers_are_shown_as_their_unit_wants(value, unit, shown):
    assert number_text(value, unit) == shown


def test_changes_and_their_direction():
    assert change_text(Decimal("0"), Unit.COUNT) == "no change"
    assert change_text(Decimal("1"), Unit.PERCENT) == "+1 percentage point"
    assert change_text(Decimal("-2.5"), Unit.MONEY) == "-£2.50"
    assert direction(Decimal("1"), Better.LOWER) == "worse"
    assert direction(Decimal("-1"), Better.NEITHER) == "down"
    assert direction(Decimal("0"), Better.HIGHER) == "no change"
