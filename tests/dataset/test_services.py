"""The dataset's services: every write validated and attributed, periods read as written, another
board's plan priority refused, stale edits refused, one sitting all or nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from dataset import services
from dataset.models import Frequency, IndicatorValue
from lscb.concurrency import StaleEdit
from tests.factories import (
    BoardFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    PlanFactory,
    PriorityFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(db):
    return UserFactory(username="writer")


def test_an_indicator_names_a_priority_of_its_own_boards_plans(board, user):
    own = PriorityFactory(plan=PlanFactory(board=board, slug="ours"), number=1)
    theirs = PriorityFactory(plan=PlanFactory(board=BoardFactory(name="Other", slug="other"), slug="theirs"), number=1)
    indicator = IndicatorFactory.build(board=board, name="  Missing   episodes ", unit="count", priority=theirs)
    with pytest.raises(ValidationError) as refused:
        services.indicator_save(indicator=indicator, by=user)
    assert "Choose a priority of this board's plans." in str(refused.value)
    indicator.priority = own
    services.indicator_save(indicator=indicator, by=user)
    assert indicator.name == "Missing episodes" and indicator.history.first().history_user == user


def test_a_stale_edit_of_an_indicator_is_refused(board, user):
    indicator = IndicatorFactory(name="Referrals")
    services.indicator_save(indicator=indicator, by=user, version=1)
    assert indicator.version == 2
    with pytest.raises(StaleEdit):
        services.indicator_save(indicator=indicator, by=user, version=1)


def test_a_values_period_is_read_normalised_and_explained(board, user):
    indicator = IndicatorFactory(name="Referrals")
    value = IndicatorValue(indicator=indicator, value=Decimal("-4"))
    services.value_save(value=value, by=user, period=" 2025-4 ")
    assert (value.period, value.period_kind, value.value) == ("2025-04", "month", Decimal("-4"))
    quarter = IndicatorValue(indicator=indicator, value=None)
    services.value_save(value=quarter, by=user, period="2025-26 q3")
    assert quarter.period == "2025-26 Q3" and quarter.value is None and quarter.starts_on.month == 10
    with pytest.raises(ValidationError) as refused:
        services.value_save(value=IndicatorValue(indicator=indicator), by=user, period="Q3")
    assert "is not a period" in str(refused.value) and "2025-26 Q1" in str(refused.value)


def test_a_yearly_indicator_reads_an_early_year_as_a_year(board, user):
    yearly = IndicatorFactory(name="Deaths reviewed", frequency=Frequency.YEARLY)
    value = services.value_save(value=IndicatorValue(indicator=yearly, value=3), by=user, period="2010-11")
    assert value.period_kind == "year" and value.starts_on.isoformat() == "2010-04-01"


def test_one_sitting_is_all_or_nothing(board, user):
    first, second = IndicatorFactory(name="A"), IndicatorFactory(name="B")
    theirs = IndicatorFactory(board=BoardFactory(name="Other", slug="other"), name="C")
    rows = [
        services.FigureRow(first, value=Decimal(5)),
        services.FigureRow(second, value=Decimal(6), note="x\x00y"),  # a control character: refused
        services.FigureRow(theirs, value=Decimal(7)),
    ]
    with pytest.raises(services.RowErrors) as refused:
        services.values_save_for_source(board=board, period="2025-05", rows=rows, by=user)
    assert set(refused.value.errors) == {1, 2}
    assert not IndicatorValue.objects.exists()
    result = services.values_save_for_source(
        board=board, period="2025-05", rows=[rows[0], services.FigureRow(second)], by=user
    )
    assert [v.indicator.name for v in result.saved] == ["A"] and result.skipped == 1


def test_one_sitting_updates_what_is_stored_and_keeps_a_row_left_blank(board, user):
    indicator = IndicatorFactory(name="A")
    stored = IndicatorValueFactory(indicator=indicator, period="2025-05", value=5, note="Kept")
    other = IndicatorFactory(name="B")
    kept = IndicatorValueFactory(indicator=other, period="2025-05", value=9)
    rows = [services.FigureRow(indicator, value=Decimal(8), version=stored.version), services.FigureRow(other)]
    services.values_save_for_source(board=board, period="2025-05", rows=rows, by=user)
    stored.refresh_from_db()
    kept.refresh_from_db()
    assert stored.value == 8 and stored.note == "" and stored.version == 2
    assert kept.value == 9 and kept.version == 1
    with pytest.raises(services.RowErrors) as refused:
        services.values_save_for_source(board=board, period="2025-05", rows=rows[:1], by=user)  # version 1: stale
    assert "Someone else saved this figure" in str(refused.value.errors[0])


def test_one_sitting_refuses_to_overwrite_a_figure_entered_meanwhile(board, user):
    indicator = IndicatorFactory(name="A")
    IndicatorValueFactory(indicator=indicator, period="2025-05", value=5)  # by someone else, after opening
    with pytest.raises(services.RowErrors) as refused:
        services.values_save_for_source(
            board=board, period="2025-05", rows=[services.FigureRow(indicator, value=Decimal(8))], by=user
        )
    assert refused.value.versions == {0: 1}
    assert IndicatorValue.objects.get(indicator=indicator).value == 5
