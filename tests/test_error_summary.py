"""Every form page answers a bad POST with one error summary at its top: each error a link whose
href is the id of the field it is about (a formset's row errors name their row), and crispy's own
box of non-field errors no longer repeats it. The sign-in page's summary says no more than
Django's message (it never tells whether the username exists)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from challengelog.models import Challenge
from tests.factories import (
    AgencyFactory,
    BudgetLineFactory,
    ChallengeFactory,
    GroupFactory,
    IndicatorFactory,
    MeetingFactory,
    TrainingEventFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SUMMARY = re.compile(r'<div class="alert alert-danger error-summary".*?</div>', re.S)


def summary_of(html: str) -> str:
    found = SUMMARY.findall(html)
    assert len(found) == 1, "one error summary on the page"
    return found[0]


def assert_links_to(html: str, field_id: str) -> None:
    """The summary has a link to #field_id and the page has an element with that id (a link to
    nowhere would move nobody's focus)."""
    summary = summary_of(html)
    assert f'href="#{field_id}"' in summary, summary
    assert f'id="{field_id}"' in html


def slug_url(name: str, board, *args) -> str:
    return reverse(name, args=[board.slug, *args])


def training_event(board):
    return slug_url("training:event-create", board), {"title": "", "date": "2025-06-10", "kind": "course"}, "id_title"


def learning_review(board):
    data = {"ref": "RR-2025-07", "kind": "rapid_review", "title": "", "notified_on": "2025-06-02"}
    return slug_url("learning:review-create", board), data, "id_title"


def dataset_indicator(board):
    data = {"name": "", "unit": "count", "better": "neither", "frequency": "monthly"}
    return slug_url("dataset:indicator-create", board), data, "id_name"


def finance_lines(board):
    """A formset: the second row's error links to that row's field."""
    BudgetLineFactory(line="Business unit staffing", budget=Decimal("95000.00"), position=1)
    line = BudgetLineFactory(line="Independent chair", budget=Decimal("20000.00"), position=2)
    prefix = "expenditure"
    data = {
        f"{prefix}-TOTAL_FORMS": "2",
        f"{prefix}-INITIAL_FORMS": "1",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
        f"{prefix}-0-id": str(line.pk),
        f"{prefix}-0-version": str(line.version),
        f"{prefix}-0-line": line.line,
        f"{prefix}-0-budget": "20000",
        f"{prefix}-0-ORDER": "1",
        f"{prefix}-1-line": "Website",
        f"{prefix}-1-budget": "a lot",
        f"{prefix}-1-ORDER": "2",
    }
    return slug_url("finance:lines-edit", board, "2025-26", prefix), data, f"id_{prefix}-1-budget"


def dataset_sitting(board):
    """The latest figures of an agency, one row per indicator: the row's value links to its box."""
    police = AgencyFactory(name="Northmoor Police", short_name="Police", sector="police")
    indicator = IndicatorFactory(name="Domestic abuse incidents", source=police)
    data = {
        "agency": police.pk,
        "period": "2025-07",
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "500",
        "form-0-indicator": str(indicator.pk),
        "form-0-value": "abc",
    }
    return slug_url("dataset:sitting", board), data, "id_form-0-value"


def training_attendance(board):
    event = TrainingEventFactory()
    agency = AgencyFactory(name="Northmoor Constabulary")
    data = {
        "seen": "",
        "rows-TOTAL_FORMS": "1",
        "rows-INITIAL_FORMS": "0",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "1000",
        "rows-0-agency": str(agency.pk),
        "rows-0-booked": "-3",
        "rows-0-attended": "",
    }
    return slug_url("training:event-attendance", board, event.pk), data, "id_rows-0-booked"


def yearend_sign_off(board):
    """The chair's sign-off of a year that has ended: the box not ticked."""
    MeetingFactory(group=GroupFactory(name="Safeguarding Partnership Board", kind="board"), date=date(2025, 6, 12))
    return slug_url("yearend:sign-off", board, "2025-26"), {"records": ""}, "id_confirm"


def challenge_close(board):
    challenge = ChallengeFactory()
    challenge = Challenge.objects.get(pk=challenge.pk)
    data = {"close-version": challenge.version, "close-outcome": "Audit done.", "close-closed_on": "2025-08-01"}
    url = slug_url("challengelog:challenge-step", board, challenge.ref, "close")
    return url, data, "id_close-outcome_kind_0"


def workbook_import(board):
    return slug_url("workbook:import", board), {}, "id_file"


def password_change(board):
    data = {"old_password": "not it", "new_password1": "", "new_password2": ""}
    return reverse("password-change"), data, "id_old_password"


def group_schedule(board):
    group = GroupFactory(name="Quality and Effectiveness Group", short_name="QEG", frequency="quarterly")
    return (
        slug_url("governance:group-schedule", board, group.pk),
        {"year": "1900-01", "week": "2", "weekday": "1"},
        "id_year",
    )


FORMS = [
    training_event,
    learning_review,
    dataset_indicator,
    finance_lines,
    dataset_sitting,
    training_attendance,
    yearend_sign_off,
    challenge_close,
    group_schedule,
    workbook_import,
    password_change,
]


@pytest.mark.parametrize("case", FORMS, ids=[case.__name__ for case in FORMS])
def test_a_bad_post_shows_a_summary_that_links_to_the_field(case, client_for, manager, chair, board):
    url, data, field_id = case(board)
    response = client_for(chair if case is yearend_sign_off else manager).post(url, data)
    assert response.status_code in (200, 400), response.status_code
    html = response.content.decode()
    summary = summary_of(html)
    links = re.findall(r'href="#([^"]+)"', summary)
    assert links, summary
    for anchor in links:  # every link leads to a field on the page
        assert f'id="{anchor}"' in html, anchor
    if field_id:
        assert_links_to(html, field_id)
    assert 'class="alert alert-block alert-danger"' not in html  # crispy's own box does not repeat it


def test_a_formsets_row_errors_name_their_row(client_for, manager, board):
    url, data, field_id = finance_lines(board)
    summary = summary_of(client_for(manager).post(url, data).content.decode())
    assert re.search(rf'<a href="#{field_id}" class="alert-link">Row 2: Budget: ', summary), summary


def test_a_page_without_errors_has_no_summary(client_for, manager, board):
    html = client_for(manager).get(slug_url("training:event-create", board)).content.decode()
    assert "error-summary" not in html


def test_the_sign_in_summary_does_not_say_whether_the_user_exists(client, db):
    UserFactory(username="someone")
    known = client.post("/accounts/login/", {"username": "someone", "password": "wrong"}).content.decode()
    unknown = client.post("/accounts/login/", {"username": "nobody", "password": "wrong"}).content.decode()
    assert summary_of(known) == summary_of(unknown)
    assert "Please enter a correct username and password" in summary_of(known)
    assert known.count("Please enter a correct username and password") == 1  # crispy's box does not repeat it


def test_the_sign_in_summary_links_to_an_empty_field(client, db):
    html = client.post("/accounts/login/", {"username": "", "password": ""}).content.decode()
    assert_links_to(html, "id_username")
    assert_links_to(html, "id_password")
