"""The demo boards' learning and assurance (demo_data): reviews with their recommendations tracked,
audits stage by stage, and the evidence received, for the children's partnership and the
Safeguarding Adults Board."""

from datetime import date
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction

from governance.demo.boards import find
from governance.demo.groups import ADULTS, CHILDREN
from learning.models import (
    Audit,
    AuditKind,
    AuditResult,
    Decision,
    Evidence,
    EvidenceKind,
    Recommendation,
    RecommendationStatus,
    RecommendationUpdate,
    Review,
    ReviewKind,
)
from lscb.years import ReportingYear
from tests.factories import ensure_roles

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 27)
CURRENT = ReportingYear.containing(TODAY)
PREVIOUS = CURRENT.previous


def build_demo() -> str:
    out = StringIO()
    call_command("demo_data", "--today", TODAY.isoformat(), "--force", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    """The demo, built once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        ensure_roles()
        build_demo()
        yield
        transaction.set_rollback(True)


def counts() -> dict[str, int]:
    """Row counts of every learning table, history included."""
    return {model._meta.label: model.objects.count() for model in apps.get_app_config("learning").get_models()}


def test_both_boards_have_reviews_recommendations_audits_and_evidence():
    children, adults = find(CHILDREN), find(ADULTS)
    assert Review.objects.of_board(children).count() == 7
    assert Review.objects.of_board(adults).count() == 4
    assert Recommendation.objects.of_board(children).count() == 10
    assert Recommendation.objects.of_board(adults).count() == 8
    assert Audit.objects.of_board(children).count() == 2
    assert Audit.objects.of_board(adults).count() == 1
    assert 8 <= Evidence.objects.of_board(children).count() <= 10
    assert 5 <= Evidence.objects.of_board(adults).count() <= 6
    # Every write went through the services: each record has its history.
    assert counts()["learning.HistoricalReview"] >= Review.objects.count()
    assert counts()["learning.HistoricalRecommendationUpdate"] == RecommendationUpdate.objects.count() > 0


def test_building_again_creates_nothing():
    before = counts()
    output = build_demo()
    assert counts() == before
    assert "learning: NSCP: created nothing" in output
    assert "learning: NSAB: created nothing" in output


def test_rapid_reviews_on_time_and_late():
    rapid = {r.title: r for r in Review.objects.of_board(find(CHILDREN)).filter(kind=ReviewKind.RAPID_REVIEW)}
    assert 3 <= len(rapid) <= 4
    assert rapid["Child K"].decision == Decision.NO_REVIEW
    assert rapid["Child K"].decision_working_days == 12 and not rapid["Child K"].decision_late
    assert rapid["Child H"].decision == Decision.REVIEW
    assert rapid["Child H"].decision_working_days == 18 and rapid["Child H"].decision_late
    assert all(r.decision_reason for r in rapid.values() if r.decision != Decision.PENDING)


def test_child_h_concluded_last_year_with_recommendations_in_every_state():
    children = find(CHILDREN)
    cspr = Review.objects.of_board(children).get(kind=ReviewKind.CSPR, title="Child H")
    assert cspr.concluded_on in PREVIOUS and cspr.published_on in PREVIOUS
    assert cspr in Review.objects.of_board(children).concluded_in(PREVIOUS.start, PREVIOUS.end)
    recommendations = cspr.recommendations.all()
    assert recommendations.count() == 5
    statuses = set(recommendations.values_list("status", flat=True))
    assert statuses == set(RecommendationStatus.values)
    declined = recommendations.get(status=RecommendationStatus.NOT_TO_IMPLEMENT)
    assert declined.reason and declined.decided_on
    assert all(r.evidence for r in recommendations.filter(status=RecommendationStatus.IMPLEMENTED))
    assert RecommendationUpdate.objects.filter(recommendation__review=cspr).count() >= 5
    assert all(u.author for u in RecommendationUpdate.objects.filter(recommendation__review=cspr))
    ongoing = Review.objects.of_board(children).ongoing_at(TODAY)
    assert ongoing.filter(kind=ReviewKind.CSPR).exists()
    national = Review.objects.of_board(children).get(kind=ReviewKind.NATIONAL)
    assert national.recommendations.count() == 2


def test_adults_board_reviews_follow_the_care_act_items():
    adults = find(ADULTS)
    reviews = Review.objects.of_board(adults)
    concluded = reviews.concluded_in(PREVIOUS.start, PREVIOUS.end).filter(kind=ReviewKind.SAR)
    (adult_d,) = concluded
    assert adult_d.title == "Adult D"
    assert adult_d.started_on < PREVIOUS.previous.start  # begun two years before
    assert adult_d.findings
    assert adult_d.recommendations.count() == 6
    (declined,) = Recommendation.objects.of_board(adults).not_to_implement_in(PREVIOUS.start, PREVIOUS.end)
    assert declined.review == adult_d and declined.reason
    ongoing = reviews.ongoing_at(PREVIOUS.end).filter(kind=ReviewKind.SAR)
    assert [r.title for r in ongoing] == ["Adult F"]
    assert reviews.filter(kind=ReviewKind.SAR, decision=Decision.NO_REVIEW).exclude(decision_reason="").exists()
    assert reviews.filter(kind=ReviewKind.DHR).get().recommendations.exists()


def test_overdue_recommendations_on_both_boards():
    for key in (CHILDREN, ADULTS):
        overdue = Recommendation.objects.of_board(find(key)).overdue(TODAY)
        assert overdue.exists()
        assert not overdue.filter(due_date__gte=TODAY).exists()


def test_audits_have_their_stages_per_agency_and_standard():
    children, adults = find(CHILDREN), find(ADULTS)
    section_11 = Audit.objects.of_board(children).get(kind=AuditKind.SECTION_11)
    stages = dict(section_11.results.values_list("stage", "date").distinct())
    assert set(stages) == {"initial", "after improvement action"}
    # The follow-up stands in April, just after the last full year's end.
    follow_up = stages["after improvement action"]
    assert follow_up.month == 4 and follow_up.year == PREVIOUS.end.year
    results = section_11.results.all()
    assert results.exclude(agency=None).exclude(standard="").count() == results.count()
    assert results.values("agency").distinct().count() >= 5
    # The same number of answers at each stage, fewer of them not met after the improvement action.
    for stage in stages:
        assert sum(r.count for r in results.filter(stage=stage)) == sum(
            r.count for r in results.filter(stage="initial")
        )
    red = {s: sum(r.count for r in results.filter(stage=s, judgement="red")) for s in stages}
    assert red["after improvement action"] < red["initial"]
    neglect = Audit.objects.of_board(children).get(kind=AuditKind.MULTI_AGENCY)
    assert neglect.findings and neglect.recommendations.count() == 3
    self_assessment = Audit.objects.of_board(adults).get(kind=AuditKind.SELF_ASSESSMENT)
    assert AuditResult.objects.filter(audit=self_assessment).values("stage").distinct().count() == 2


def test_evidence_includes_the_voice_of_children_and_adults():
    for key in (CHILDREN, ADULTS):
        evidence = Evidence.objects.of_board(find(key))
        assert evidence.filter(kind=EvidenceKind.SURVEY).exists()
        assert evidence.in_period(PREVIOUS.start, PREVIOUS.end).exists()
        assert all(e.date <= TODAY for e in evidence)
    titles = set(Evidence.objects.of_board(find(CHILDREN)).values_list("title", flat=True))
    assert "LADO annual report" in titles
    assert any("Ofsted" in title for title in titles)
    assert any(
        title.startswith("Making Safeguarding Personal") for title in Evidence.objects.values_list("title", flat=True)
    )


def test_nothing_is_dated_after_the_day_the_demo_is_built_for():
    assert not RecommendationUpdate.objects.filter(date__gt=TODAY).exists()
    assert not Review.objects.filter(concluded_on__gt=TODAY).exists()
    assert not AuditResult.objects.filter(date__gt=TODAY).exists()
