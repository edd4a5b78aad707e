"""The demo boards' datasets (demo_data): a dozen indicators each, two years of monthly and
quarterly values, blanks kept as not reported, a correction, comparators, commentary, the dashboard's
choice and an area breakdown; building again creates nothing."""

from datetime import date
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction

from dataset.models import Indicator, IndicatorValue
from dataset.reads import dashboard_indicators
from governance.demo.boards import find
from governance.demo.groups import ADULTS, CHILDREN
from lscb.years import ReportingYear
from tests.factories import ensure_roles

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 27)
CURRENT = ReportingYear.containing(TODAY)


def build_demo() -> str:
    out = StringIO()
    call_command("demo_data", "--today", TODAY.isoformat(), "--force", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        ensure_roles()
        build_demo()
        yield
        transaction.set_rollback(True)


def counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_app_config("dataset").get_models()}


def test_both_boards_have_a_dozen_indicators_with_two_years_of_values():
    for key in (CHILDREN, ADULTS):
        board = find(key)
        indicators = Indicator.objects.of_board(board)
        assert 10 <= indicators.count() <= 12
        assert 3 <= indicators.on_dashboard().count() <= 4
        assert all(indicator.source_id for indicator in indicators)
        values = IndicatorValue.objects.of_board(board)
        assert values.in_year(CURRENT.previous).exists() and values.in_year(CURRENT).exists()
        assert not values.filter(ends_on__gte=TODAY).exists()  # nothing for a period not yet ended
        assert values.filter(value__isnull=True).exists()  # not reported, never 0
        assert values.filter(value__lt=0).exists()  # a correction
        assert values.exclude(comparator=None).filter(comparator_name__in=["England", "statistical neighbours"])
        assert values.exclude(note="").exists()
        assert all(tile.latest is not None and tile.previous is not None for tile in dashboard_indicators(board))
    assert IndicatorValue.objects.of_board(find(CHILDREN)).filter(area__in=["North", "South"]).exists()
    assert counts()["dataset.HistoricalIndicatorValue"] >= IndicatorValue.objects.count()


def test_the_months_of_a_monthly_indicator_are_all_there():
    missing = Indicator.objects.get(board=find(CHILDREN), name="Children missing from home or care: episodes")
    months = missing.values.filter(area="").in_year(CURRENT.previous)
    assert months.count() == 12 and months.reported().count() == 12


def test_building_again_creates_nothing():
    before = counts()
    output = build_demo()
    assert counts() == before
    assert "dataset: NSCP: created nothing" in output
    assert "dataset: NSAB: created nothing" in output
