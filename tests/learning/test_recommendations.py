"""A review's recommendations: adding and editing them, recording what was done (the record of
implementation), who may, and where overdue ones show (the agency record, the reminder digest)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from challengelog.reminders import digest
from learning import services
from learning.models import Recommendation, RecommendationUpdate
from lscb import roles
from tests.factories import (
    AgencyFactory,
    BoardFactory,
    GroupFactory,
    MembershipFactory,
    PersonFactory,
    RecommendationFactory,
    ReviewFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LONG = (
    "Premi\u00e8re ligne: l\u2019\u00e9valuation des d\u00e9lais \u2013 the \u00e9cole\u2019s r\u00e9f\u00e9rence.\n"
    "Second line: what each agency will change; \u00f1, \u00f8, \u00df, \u0142.\n" * 30
).strip()


def url(name: str, board, *args) -> str:
    return reverse(f"learning:{name}", args=[board.slug, *args])


def recommendation_data(**changes) -> dict:
    data = {
        "ref": "4",
        "text": "Every agency uses the escalation policy.",
        "lead_agency": "",
        "lead_group": "",
        "due_date": "2026-03-31",
        "status": "not_started",
        "decided_on": "",
        "reason": "",
        "evidence": "",
    }
    return {**data, **changes}


@pytest.fixture
def review(board):
    return ReviewFactory(ref="CSPR-2025-01", kind="cspr", title="Child M", group=GroupFactory(name="Case Review Group"))


# --- adding and editing ------------------------------------------------------------------------


def test_the_manager_adds_a_recommendation_with_its_lead(client_for, manager, board, review):
    police = AgencyFactory(name="Northmoor Constabulary")
    client = client_for(manager)
    form = client.get(url("recommendation-create", board, review.ref)).content.decode()
    assert "Northmoor Constabulary" in form and "Case Review Group" in form
    data = recommendation_data(lead_agency=police.pk, lead_group=review.group_id, text=LONG, evidence=LONG)
    response = client.post(url("recommendation-create", board, review.ref), data)
    assert response.status_code == 302
    recommendation = Recommendation.objects.get(review=review, ref="4")
    assert response["Location"] == url("review-detail", board, review.ref) + f"#recommendation-{recommendation.pk}"
    assert (recommendation.text, recommendation.lead_agency, recommendation.lead_group) == (LONG, police, review.group)
    page = client.get(response["Location"]).content.decode()
    assert "Saved recommendation 4." in page and "l\u2019\u00e9valuation des d\u00e9lais" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"text": ""}, "text", "This field is required."),
        ({"ref": "1"}, "ref", "This review already has a recommendation with this reference."),
        ({"status": "not_to_implement", "decided_on": "2025-09-01"}, "reason", "Say why it will not be implemented"),
        ({"status": "implemented"}, "decided_on", "Give the date it was implemented"),
        ({"due_date": "31/13/2025"}, "due_date", "Enter the date day first, as 27/11/2026."),
        ({"status": "finished"}, "status", "Select a valid choice."),
        ({"text": "Bell \x07 here"}, "text", "control character"),
    ],
)
def test_a_bad_recommendation_is_refused_with_a_message_and_the_typing_kept(
    client_for, manager, board, review, changes, field, message
):
    RecommendationFactory(review=review, ref="1")
    data = recommendation_data(evidence=LONG, **changes)
    response = client_for(manager).post(url("recommendation-create", board, review.ref), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "l\u2019\u00e9valuation des d\u00e9lais" in page  # the evidence typed is still there
    assert Recommendation.objects.count() == 1


def test_a_lead_group_of_another_board_is_refused(client_for, manager, board, review):
    theirs = GroupFactory(board=BoardFactory(slug="nsab", kind="adults"), name="SAR Panel")
    response = client_for(manager).post(
        url("recommendation-create", board, review.ref), recommendation_data(lead_group=theirs.pk)
    )
    assert "Select a valid choice" in response.content.decode()
    assert not Recommendation.objects.exists()


def test_an_edit_over_someone_elses_is_refused_and_the_typing_kept(client_for, manager, board, review):
    recommendation = RecommendationFactory(review=review, ref="4", text="As written.")
    client = client_for(manager)
    edit = url("recommendation-edit", board, recommendation.pk)
    assert 'name="version" value="1"' in client.get(edit).content.decode()
    services.recommendation_record_update(
        recommendation=recommendation, note="Started.", status="in_progress", by=manager
    )  # moves it to version 2
    response = client.post(edit, recommendation_data(text="My better wording.", version=1))
    page = response.content.decode()
    assert "Someone else saved this recommendation while you were editing it." in page
    assert "My better wording." in page
    recommendation.refresh_from_db()
    assert (recommendation.text, recommendation.status) == ("As written.", "in_progress")
    response = client.post(edit, recommendation_data(text="My better wording.", status="in_progress", version=2))
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.text == "My better wording."


# --- recording an update -----------------------------------------------------------------------


def test_recording_an_update_marks_it_implemented_and_keeps_the_record(client_for, manager, board, review):
    recommendation = RecommendationFactory(review=review, ref="4", due_date=TODAY - timedelta(days=10))
    client = client_for(manager)
    update = url("recommendation-update", board, recommendation.pk)
    form = client.get(update).content.decode()
    assert f'value="{TODAY:%d/%m/%Y}"' in form  # today offered, day first
    response = client.post(update, {"day": TODAY.isoformat(), "note": LONG, "status": "implemented", "reason": ""})
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.decided_on) == ("implemented", TODAY)
    note = RecommendationUpdate.objects.get()
    assert (note.note, note.status, note.recorded_by) == (LONG, "implemented", manager)
    page = client.get(response["Location"]).content.decode()
    assert "Recorded an update of recommendation 4." in page
    assert "Record of implementation" in page and "Implemented" in page
    assert "Overdue" not in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"note": ""}, "This field is required."),
        ({"note": "   "}, "This field is required."),
        ({"day": (TODAY + timedelta(days=2)).isoformat()}, "An update cannot be dated in the future."),
        ({"status": "not_to_implement"}, "Say why it will not be implemented"),
        ({"status": "done"}, "Choose a status from the list."),
        ({"day": "2025-02-30"}, "Enter the date day first, as 27/11/2026."),
    ],
)
def test_a_bad_update_is_refused_with_a_message_and_the_typing_kept(client_for, manager, board, review, data, message):
    recommendation = RecommendationFactory(review=review, ref="4")
    posted = {"day": TODAY.isoformat(), "note": LONG, "status": "", "reason": "", **data}
    response = client_for(manager).post(url("recommendation-update", board, recommendation.pk), posted)
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    if posted["note"] == LONG:
        assert "l\u2019\u00e9valuation des d\u00e9lais" in page
    assert not RecommendationUpdate.objects.exists()
    recommendation.refresh_from_db()
    assert recommendation.status == "not_started"


def test_a_decision_not_to_implement_keeps_its_reason(client_for, manager, board, review):
    recommendation = RecommendationFactory(review=review, ref="4")
    response = client_for(manager).post(
        url("recommendation-update", board, recommendation.pk),
        {"day": TODAY.isoformat(), "note": "Agreed at the board.", "status": "not_to_implement", "reason": LONG},
    )
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.reason, recommendation.decided_on) == (
        "not_to_implement",
        LONG,
        TODAY,
    )


# --- who may -----------------------------------------------------------------------------------


def test_the_overseeing_groups_chair_records_updates_and_another_chair_may_not(client_for, board, review):
    recommendation = RecommendationFactory(review=review, ref="4")
    own = UserFactory(username="crg-chair", roles=[roles.SUBGROUP_CHAIR])
    MembershipFactory(group=review.group, person=PersonFactory(name="Pat Reviewer", user=own), role="chair")
    another = UserFactory(username="training-chair", roles=[roles.SUBGROUP_CHAIR])
    MembershipFactory(group=GroupFactory(name="Training Group"), person=PersonFactory(user=another), role="chair")
    posted = {"day": TODAY.isoformat(), "note": "Training delivered.", "status": "in_progress"}
    assert client_for(another).post(url("recommendation-update", board, recommendation.pk), posted).status_code == 403
    assert client_for(another).get(url("recommendation-edit", board, recommendation.pk)).status_code == 403
    assert client_for(another).get(url("recommendation-create", board, review.ref)).status_code == 403
    assert not RecommendationUpdate.objects.exists()
    client = client_for(own)
    assert client.post(url("recommendation-update", board, recommendation.pk), posted).status_code == 302
    assert client.get(url("recommendation-edit", board, recommendation.pk)).status_code == 200
    assert client.post(url("recommendation-create", board, review.ref), recommendation_data(ref="5")).status_code == 302
    assert RecommendationUpdate.objects.get().recorded_by == own


def test_a_member_may_not_change_a_recommendation(client_for, board_member, board, review):
    recommendation = RecommendationFactory(review=review, ref="4")
    client = client_for(board_member)
    assert client.get(url("recommendation-create", board, review.ref)).status_code == 403
    assert client.get(url("recommendation-edit", board, recommendation.pk)).status_code == 403
    posted = {"day": TODAY.isoformat(), "note": "Done.", "status": "implemented"}
    assert client.post(url("recommendation-update", board, recommendation.pk), posted).status_code == 403
    assert not RecommendationUpdate.objects.exists()


# --- the agency record -------------------------------------------------------------------------


def test_the_agency_record_lists_the_recommendations_it_leads_open_first_overdue_marked(
    client_for, board_member, board, review, django_assert_max_num_queries
):
    police = AgencyFactory(name="Northmoor Constabulary")
    done = RecommendationFactory(
        review=review, ref="1", lead_agency=police, status="implemented", decided_on=TODAY, due_date=TODAY
    )
    late = RecommendationFactory(review=review, ref="2", lead_agency=police, due_date=TODAY - timedelta(days=5))
    later = RecommendationFactory(review=review, ref="3", lead_agency=police, due_date=TODAY + timedelta(days=40))
    RecommendationFactory(review=review, ref="9", lead_agency=AgencyFactory(name="Health"), text="Not theirs.")
    adults = BoardFactory(slug="nsab", kind="adults")
    RecommendationFactory(
        review=ReviewFactory(board=adults, ref="SAR-1", kind="sar"), lead_agency=police, text="The other board's."
    )
    client = client_for(board_member)
    record = reverse("challengelog:agency-record", args=[board.slug, police.pk])
    client.get(record)
    for n in range(10):
        RecommendationFactory(review=review, ref=f"x{n}", lead_agency=police)
    # One for the recommendations, however many; one for the records' version (the page is kept).
    with django_assert_max_num_queries(9):
        response = client.get(record)
    shown = response.context["view"].record["recommendations"]
    assert [r.ref for r in shown][:2] == ["2", "3"] and shown[-1] == done
    assert [r.is_overdue for r in shown[:2]] == [True, False]
    page = response.content.decode()
    assert "Recommendations it leads" in page and "Overdue" in page
    assert "Not theirs." not in page and "The other board&#x27;s." not in page
    assert f"#recommendation-{late.pk}" in page and later.text in page


def test_an_agencys_record_shows_its_recommendations_closed_in_earlier_years_a_click_away(
    client_for, board_member, board, review
):
    police = AgencyFactory(name="Northmoor Constabulary")
    long_ago = TODAY - timedelta(days=3 * 366)
    RecommendationFactory(
        review=review, ref="1", lead_agency=police, status="implemented", decided_on=long_ago, text="Done long ago."
    )
    RecommendationFactory(review=review, ref="2", lead_agency=police, due_date=long_ago, text="Still open.")
    RecommendationFactory(
        review=review,
        ref="3",
        lead_agency=police,
        status="not_to_implement",
        decided_on=TODAY,
        reason="Superseded by the new pathway.",
        text="Decided now.",
    )
    client = client_for(board_member)
    record = reverse("challengelog:agency-record", args=[board.slug, police.pk])
    page = client.get(record).content.decode()
    # Open ones of any age, and those closed in the years shown; the rest with every year's record.
    assert "Still open." in page and "Decided now." in page
    assert "Done long ago." not in page
    assert 'href="?year=all#recommendations-heading">every year\'s</a>' in page
    assert "Done long ago." in client.get(record, {"year": "all"}).content.decode()
    # The agency's page says the same, and links to its record's every year.
    profile = client.get(reverse("governance:agency-detail", args=[board.slug, police.pk])).content.decode()
    assert "Still open." in profile and "Decided now." in profile and "Done long ago." not in profile
    assert f'href="{record}?year=all#recommendations-heading"' in profile


def test_an_agency_leading_nothing_says_so(client_for, board_member, board):
    agency = AgencyFactory(name="Northmoor Constabulary")
    page = client_for(board_member).get(reverse("challengelog:agency-record", args=[board.slug, agency.pk]))
    assert "This agency leads none of this board's open recommendations, and none it led was closed in" in (
        page.content.decode()
    )


# --- the reminder digest -----------------------------------------------------------------------


def test_the_digest_lists_the_boards_overdue_recommendations_in_one_query(board, review, django_assert_num_queries):
    police = AgencyFactory(name="Northmoor Constabulary")
    late = RecommendationFactory(review=review, ref="2", lead_agency=police, due_date=date(2025, 6, 1))
    RecommendationFactory(review=review, ref="3", due_date=date(2025, 6, 10))  # due today: not overdue
    RecommendationFactory(
        review=review, ref="4", status="implemented", decided_on=date(2025, 5, 1), due_date=date(2025, 5, 1)
    )
    adults = BoardFactory(slug="nsab", kind="adults")
    RecommendationFactory(review=ReviewFactory(board=adults, ref="SAR-1", kind="sar"), due_date=date(2025, 1, 1))
    with django_assert_num_queries(3):  # overdue challenges, due soon, overdue recommendations
        found = digest(date(2025, 6, 10), board)
        lines = [(r.review.board.slug, r.lead_agency.name if r.lead_agency else "") for r in found.recommendations]
    assert found.recommendations == [late] and lines == [(board.slug, "Northmoor Constabulary")]
    assert not found.empty


def test_the_reminder_email_names_each_overdue_recommendation_with_its_link(chair, manager, board, review):
    police = AgencyFactory(name="Northmoor Constabulary")
    late = RecommendationFactory(review=review, ref="2", lead_agency=police, due_date=date(2025, 6, 1))
    RecommendationFactory(review=review, ref="5", lead_group=review.group, due_date=date(2025, 5, 2))
    call_command("send_reminders", "--today", "2025-06-10", "--site-url", "https://board.example.org")
    assert len(mail.outbox) == 1  # sent for the recommendations alone
    message = mail.outbox[0]
    assert "2 recommendations overdue" in message.subject
    lines = message.body.splitlines()
    assert "Recommendations overdue (2):" in lines
    assert "- CSPR-2025-01 recommendation 5, due 02/05/2025, lead: Case Review Group" in lines
    assert "- CSPR-2025-01 recommendation 2, due 01/06/2025, lead: Northmoor Constabulary" in lines
    assert f"  https://board.example.org/{board.slug}/learning/reviews/CSPR-2025-01/#recommendation-{late.pk}" in lines


def test_nothing_overdue_sends_nothing(chair, board, review):
    RecommendationFactory(review=review, ref="2", due_date=date(2025, 7, 1))
    call_command("send_reminders", "--today", "2025-06-10")
    assert mail.outbox == []
