"""The board's money in the Django admin: both models listed, searchable and filtered, a change kept
in the history with who made it, a stale change refused, a line named like a total refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib import admin

from finance.models import BudgetLine, Contribution
from tests.factories import AgencyFactory, BudgetLineFactory, ContributionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client_for):
    superuser = UserFactory(username="admin", is_staff=True, is_superuser=True)
    return client_for(superuser), superuser


@pytest.fixture
def records(board):
    line = BudgetLineFactory(line="Independent chair", budget=Decimal("20000.00"), actual=Decimal("24999.80"))
    contribution = ContributionFactory(agency=AgencyFactory(name="Northmoor Constabulary"), amount=Decimal("25000"))
    return {"line": line, "contribution": contribution}


def test_both_models_are_in_the_admin():
    assert admin.site.is_registered(BudgetLine) and admin.site.is_registered(Contribution)


@pytest.mark.parametrize(("path", "shown"), [("budgetline", "£4,999.80 over"), ("contribution", "£25,000.00")])
def test_each_list_opens_filters_and_searches(superuser_client, records, path, shown):
    client, _ = superuser_client
    listing = client.get(f"/admin/finance/{path}/")
    assert listing.status_code == 200 and shown in listing.content.decode()
    assert "2025-26" in listing.content.decode()
    assert client.get(f"/admin/finance/{path}/", {"q": "nothing like this"}).status_code == 200
    pk = records["line" if path == "budgetline" else "contribution"].pk
    assert client.get(f"/admin/finance/{path}/{pk}/change/").status_code == 200
    assert client.get(f"/admin/finance/{path}/{pk}/history/").status_code == 200


def line_form(record, **changes) -> dict:
    line = record
    data = {
        "board": line.board_id,
        "year": line.year,
        "kind": line.kind,
        "line": line.line,
        "budget": str(line.budget),
        "actual": str(line.actual),
        "note": "",
        "position": line.position,
        "version": line.version,
        "_save": "Save",
    }
    return {**data, **changes}


def test_a_change_in_the_admin_is_kept_with_who_made_it_and_moves_the_version(superuser_client, records):
    client, superuser = superuser_client
    line = records["line"]
    response = client.post(f"/admin/finance/budgetline/{line.pk}/change/", line_form(line, actual="20000.00"))
    assert response.status_code == 302, response.content.decode()[:2000]
    line.refresh_from_db()
    assert (line.actual, line.version) == (Decimal("20000.00"), 2)
    assert line.history.latest().history_user == superuser


def test_a_stale_change_in_the_admin_is_refused(superuser_client, records):
    client, _ = superuser_client
    line = records["line"]
    BudgetLine.objects.filter(pk=line.pk).update(version=5, note="Theirs.")
    response = client.post(f"/admin/finance/budgetline/{line.pk}/change/", line_form(line, note="Mine."))
    assert response.status_code == 200
    assert "Someone else saved this budget line" in response.content.decode()
    line.refresh_from_db()
    assert line.note == "Theirs."


def test_a_total_line_is_refused_in_the_admin(superuser_client, records):
    client, _ = superuser_client
    line = records["line"]
    response = client.post(f"/admin/finance/budgetline/{line.pk}/change/", line_form(line, line="Total"))
    assert response.status_code == 200
    assert "A line cannot be a total" in response.content.decode()
    line.refresh_from_db()
    assert line.line == "Independent chair"
