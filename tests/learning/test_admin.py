"""Learning and assurance in the Django admin: every model listed, searchable and filtered, changes
kept in the history with who made them, a stale change refused, a group of another board refused."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib import admin

from learning.models import Audit, AuditResult, Evidence, Recommendation, RecommendationUpdate, Review
from tests.factories import (
    AgencyFactory,
    AuditFactory,
    BoardFactory,
    EvidenceFactory,
    GroupFactory,
    RecommendationFactory,
    ReviewFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MODELS = [Review, Recommendation, RecommendationUpdate, Audit, AuditResult, Evidence]


@pytest.fixture
def superuser_client(client_for):
    superuser = UserFactory(username="admin", is_staff=True, is_superuser=True)
    return client_for(superuser), superuser


def test_every_learning_model_is_in_the_admin():
    for model in MODELS:
        assert admin.site.is_registered(model), model


@pytest.fixture
def records(board):
    review = ReviewFactory(ref="RR-2025-01", title="Child H", notified_on=date(2025, 6, 2))
    recommendation = RecommendationFactory(review=review, ref="1", text="Use the escalation policy.")
    RecommendationUpdate.objects.create(recommendation=recommendation, date=date(2025, 7, 1), note="Briefed.")
    audit = AuditFactory(name="Section 11 audit 2025")
    AuditResult.objects.create(audit=audit, stage="initial", date=date(2025, 9, 1), judgement="red", count=3)
    EvidenceFactory(title="LADO annual report")
    return {"review": review, "recommendation": recommendation, "audit": audit}


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("review", "Child H"),
        ("recommendation", "RR-2025-01"),
        ("recommendationupdate", "RR-2025-01 Child H 1 on 01/07/2025"),
        ("audit", "Section 11 audit 2025"),
        ("auditresult", "initial"),
        ("evidence", "LADO annual report"),
    ],
)
def test_each_list_opens_filters_and_searches(superuser_client, records, path, shown):
    client, _ = superuser_client
    listing = client.get(f"/admin/learning/{path}/")
    assert listing.status_code == 200 and shown in listing.content.decode()
    assert client.get(f"/admin/learning/{path}/", {"q": "nothing like this"}).status_code == 200


def test_each_change_page_and_its_history_opens(superuser_client, records):
    client, _ = superuser_client
    review = client.get(f"/admin/learning/review/{records['review'].pk}/change/").content.decode()
    assert "Use the escalation policy." in review  # its recommendations listed, each changed on its own page
    for path, pk in (
        ("review", records["review"].pk),
        ("recommendation", records["recommendation"].pk),
        ("audit", records["audit"].pk),
    ):
        assert client.get(f"/admin/learning/{path}/{pk}/change/").status_code == 200
        assert client.get(f"/admin/learning/{path}/{pk}/history/").status_code == 200


def review_form(review, **changes) -> dict:
    data = {
        "board": review.board_id,
        "ref": review.ref,
        "kind": review.kind,
        "title": review.title,
        "group": "",
        "notified_on": "2025-06-02",
        "decision": "",
        "decided_on": "",
        "decision_reason": "",
        "started_on": "",
        "concluded_on": "",
        "published_on": "",
        "findings": "",
        "version": review.version,
        "recommendations-TOTAL_FORMS": "0",
        "recommendations-INITIAL_FORMS": "0",
        "recommendations-MIN_NUM_FORMS": "0",
        "recommendations-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    return {**data, **changes}


def test_a_change_in_the_admin_is_kept_with_who_made_it_and_moves_the_version(superuser_client, records):
    client, superuser = superuser_client
    review = records["review"]
    response = client.post(f"/admin/learning/review/{review.pk}/change/", review_form(review, findings="Found."))
    assert response.status_code == 302, response.content.decode()[:2000]
    review.refresh_from_db()
    assert (review.findings, review.version) == ("Found.", 2)
    assert review.history.latest().history_user == superuser


def test_a_stale_change_in_the_admin_is_refused(superuser_client, records):
    client, _ = superuser_client
    review = records["review"]
    Review.objects.filter(pk=review.pk).update(version=5, findings="Theirs.")
    response = client.post(f"/admin/learning/review/{review.pk}/change/", review_form(review, findings="Mine."))
    assert response.status_code == 200
    assert "Someone else saved this review" in response.content.decode()
    review.refresh_from_db()
    assert review.findings == "Theirs."


def test_a_group_of_another_board_is_refused_in_the_admin(superuser_client, records):
    client, _ = superuser_client
    review = records["review"]
    theirs = GroupFactory(board=BoardFactory(slug="nsab", kind="adults"), name="SAR Panel")
    response = client.post(f"/admin/learning/review/{review.pk}/change/", review_form(review, group=theirs.pk))
    assert response.status_code == 200
    assert "Choose a group of this record" in response.content.decode()
    review.refresh_from_db()
    assert review.group is None


def test_a_title_is_one_line_in_the_admin(superuser_client, records):
    client, _ = superuser_client
    review = records["review"]
    response = client.post(
        f"/admin/learning/review/{review.pk}/change/", review_form(review, title="Child H\nsecond line")
    )
    assert "Write this on one line." in response.content.decode()


def test_a_recommendation_added_in_the_admin_is_in_its_history(superuser_client, records):
    client, superuser = superuser_client
    police = AgencyFactory(name="Northmoor Constabulary")
    response = client.post(
        "/admin/learning/recommendation/add/",
        {
            "review": records["review"].pk,
            "audit": "",
            "ref": "2",
            "text": "Train the front door.",
            "lead_agency": police.pk,
            "lead_group": "",
            "due_date": "2026-03-31",
            "status": "not_started",
            "decided_on": "",
            "reason": "",
            "evidence": "",
            "updates-TOTAL_FORMS": "0",
            "updates-INITIAL_FORMS": "0",
            "updates-MIN_NUM_FORMS": "0",
            "updates-MAX_NUM_FORMS": "1000",
            "_save": "Save",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    added = Recommendation.objects.get(ref="2")
    assert added.history.get().history_user == superuser and added.lead_agency == police
