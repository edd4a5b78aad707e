"""A database that cannot be reached gives the 503 page, wherever in the request it fails.

These tests provoke the errors a lost connection raises; tests/test_database_outage.py stops a
real PostgreSQL server during requests.
"""

from __future__ import annotations

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db.utils import InterfaceError, OperationalError

from governance import services
from governance.views.records import AgencyListView

pytestmark = pytest.mark.django_db

FRIENDLY = "The board's records are unavailable for a moment; nothing you entered was half-saved; try again shortly"


def lost(*args, **kwargs):
    raise OperationalError("server closed the connection unexpectedly")


def closed(*args, **kwargs):
    raise InterfaceError("connection already closed")


def assert_unavailable_page(response) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    content = response.content.decode()
    assert FRIENDLY in content
    assert "Traceback" not in content and "OperationalError" not in content and "server closed" not in content


@pytest.fixture
def visitor(client_for, manager):
    client = client_for(manager)
    # The 500 handler answers errors that Django reports as unhandled; see them as a visitor would.
    client.raise_request_exception = False
    return client


def test_a_view_that_loses_the_database_answers_503(board, visitor, monkeypatch):
    monkeypatch.setattr(AgencyListView, "get_queryset", lost)
    assert_unavailable_page(visitor.get(f"/{board.slug}/agencies/"))


def test_a_form_post_that_loses_the_database_answers_503(board, visitor, monkeypatch):
    monkeypatch.setattr(services, "record_save", closed)
    assert_unavailable_page(visitor.post(f"/{board.slug}/agencies/new/", {"name": "Fire Service", "sector": "other"}))


def test_loading_the_session_without_the_database_answers_503(board, visitor, monkeypatch):
    # Before any view runs: the signed-in user is looked up from the session.
    monkeypatch.setattr(SessionStore, "load", lost)
    assert_unavailable_page(visitor.get(f"/{board.slug}/agencies/"))


def test_saving_the_session_without_the_database_answers_503(board, visitor, monkeypatch, settings):
    # After the view: the session is saved on the way out when it is due for renewal.
    settings.LSCB_SESSION_RENEW_SECONDS = 0
    monkeypatch.setattr(SessionStore, "save", lost)
    assert_unavailable_page(visitor.get(f"/{board.slug}/agencies/"))


def test_the_next_request_works_again(board, visitor, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(SessionStore, "load", lost)
        assert visitor.get(f"/{board.slug}/agencies/").status_code == 503
    assert visitor.get(f"/{board.slug}/agencies/").status_code == 200


def test_other_errors_still_give_the_500_page(board, visitor, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(AgencyListView, "get_queryset", broken)
    response = visitor.get(f"/{board.slug}/agencies/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_connections_are_checked_before_use(settings):
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
