"""The dataset in the Django admin: listed, searchable, a value's period read as the app reads it,
a stale change refused, changes kept in the history."""

from __future__ import annotations

import pytest
from django.contrib import admin

from dataset.models import Indicator, IndicatorValue
from tests.factories import IndicatorFactory, IndicatorValueFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client_for):
    return client_for(UserFactory(username="admin", is_staff=True, is_superuser=True))


def test_both_models_are_in_the_admin_and_searchable(superuser_client):
    value = IndicatorValueFactory(indicator__name="Missing episodes", note="Après l\u2019été")
    for model in (Indicator, IndicatorValue):
        assert admin.site.is_registered(model)
    assert "Missing episodes" in superuser_client.get("/admin/dataset/indicator/?q=missing").content.decode()
    page = superuser_client.get("/admin/dataset/indicatorvalue/?q=été").content.decode()
    assert "Missing episodes" in page
    assert superuser_client.get(f"/admin/dataset/indicator/{value.indicator.pk}/change/").status_code == 200


def test_a_values_period_is_read_and_a_stale_change_refused(superuser_client):
    indicator = IndicatorFactory(name="Referrals")
    value = IndicatorValueFactory(indicator=indicator, period="2025-04", value=5)
    data = {
        "indicator": indicator.pk,
        "area": "",
        "period": "2025-26 q2",
        "value": "7",
        "comparator": "",
        "comparator_name": "",
        "note": "",
        "version": value.version,
    }
    url = f"/admin/dataset/indicatorvalue/{value.pk}/change/"
    assert superuser_client.post(url, data).status_code == 302
    value.refresh_from_db()
    assert (value.period, value.period_kind, value.starts_on.month, value.version) == ("2025-26 Q2", "quarter", 7, 2)
    assert value.history.first().history_user.username == "admin"
    response = superuser_client.post(url, {**data, "value": "8", "version": 1})
    assert response.status_code == 200 and "Someone else saved" in response.content.decode()
    response = superuser_client.post(url, {**data, "period": "soon", "version": 2})
    assert "is not a period" in response.content.decode()
