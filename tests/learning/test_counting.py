"""How learning and assurance are counted in a year (DOMAIN.md, "How the new figures are counted")."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from learning.models import Audit, Recommendation, Review
from learning.workdays import bank_holidays, working_days_between
from tests.factories import AuditFactory, RecommendationFactory, ReviewFactory

pytestmark = pytest.mark.django_db

FIRST, LAST = date(2025, 4, 1), date(2026, 3, 31)


def refs(queryset) -> list[str]:
    return sorted(queryset.values_list("ref", flat=True))


def test_a_review_concludes_in_the_year_of_its_conclusion_whatever_its_start():
    ReviewFactory(ref="SAR-1", started_on=date(2023, 5, 1), concluded_on=date(2025, 9, 1))
    ReviewFactory(ref="SAR-2", started_on=date(2025, 5, 1), concluded_on=date(2026, 3, 31))
    ReviewFactory(ref="SAR-3", started_on=date(2025, 5, 1), concluded_on=date(2026, 4, 1))
    assert refs(Review.objects.concluded_in(FIRST, LAST)) == ["SAR-1", "SAR-2"]


def test_ongoing_at_the_end_means_started_by_the_last_day_and_not_concluded_by_then():
    ReviewFactory(ref="A", started_on=date(2022, 1, 1))  # years ago, still going
    ReviewFactory(ref="B", started_on=LAST, concluded_on=date(2026, 4, 2))  # concluded after the year
    ReviewFactory(ref="C", started_on=date(2025, 6, 1), concluded_on=LAST)  # concluded on the last day
    ReviewFactory(ref="D", started_on=date(2026, 4, 1))  # begins next year
    ReviewFactory(ref="E", notified_on=date(2025, 6, 1))  # notified, never started
    assert refs(Review.objects.ongoing_at(LAST)) == ["A", "B"]


def test_a_decision_not_to_implement_counts_in_the_year_of_its_decision():
    review = ReviewFactory(ref="SAR-9")
    RecommendationFactory(review=review, ref="1", status="not_to_implement", reason="Superseded", decided_on=LAST)
    RecommendationFactory(review=review, ref="2", status="not_to_implement", reason="Cost", decided_on=date(2026, 4, 1))
    RecommendationFactory(review=review, ref="3", status="implemented", decided_on=date(2025, 5, 1))
    assert refs(Recommendation.objects.not_to_implement_in(FIRST, LAST)) == ["1"]


def test_an_audit_is_in_every_year_it_ran_in():
    AuditFactory(name="S11 2024", started_on=date(2024, 10, 1), completed_on=date(2025, 4, 30))
    AuditFactory(name="S11 2025", started_on=date(2025, 9, 1))
    AuditFactory(name="S11 2023", started_on=date(2023, 9, 1), completed_on=date(2024, 3, 1))
    AuditFactory(name="Undated")
    names = sorted(Audit.objects.ran_during(FIRST, LAST).values_list("name", flat=True))
    assert names == ["S11 2024", "S11 2025"]


def test_a_recommendation_is_overdue_the_day_after_it_is_due_and_only_while_open():
    RecommendationFactory(ref="1", due_date=date(2025, 6, 1))
    RecommendationFactory(ref="2", due_date=date(2025, 6, 2))
    RecommendationFactory(ref="3", due_date=date(2025, 5, 1), status="implemented", decided_on=date(2025, 5, 2))
    assert refs(Recommendation.objects.overdue(date(2025, 6, 2))) == ["1"]


def test_not_implementing_needs_a_reason_and_a_date():
    recommendation = RecommendationFactory.build(review=ReviewFactory(), ref="4", status="not_to_implement")
    with pytest.raises(ValidationError) as refused:
        recommendation.full_clean()
    assert set(refused.value.message_dict) == {"reason", "decided_on"}


def test_a_rapid_review_counts_working_days_without_weekends_or_bank_holidays():
    # Notified on Wednesday 17 December 2025: Christmas Day, Boxing Day and New Year's Day fall in
    # the next fifteen working days, which end on Monday 12 January 2026.
    assert working_days_between(date(2025, 12, 17), date(2026, 1, 12)) == 15
    review = ReviewFactory(kind="rapid_review", notified_on=date(2025, 12, 17), decided_on=date(2026, 1, 13))
    assert (review.decision_working_days, review.decision_late) == (16, True)
    # Easter 2026: Good Friday 3 April and Easter Monday 6 April.
    assert {date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 4), date(2026, 5, 25)} <= bank_holidays(2026)
    # Christmas on a Sunday (2022): Boxing Day on Monday, Christmas on Tuesday; Easter Monday moves.
    assert {date(2022, 12, 26), date(2022, 12, 27), date(2022, 4, 18)} <= bank_holidays(2022)


def test_a_decision_cannot_be_dated_after_today(manager):
    from datetime import timedelta

    from django.utils import timezone

    from learning.services import recommendation_save

    tomorrow = timezone.localdate() + timedelta(days=1)
    recommendation = RecommendationFactory.build(
        review=ReviewFactory(), ref="7", status="implemented", decided_on=tomorrow
    )
    with pytest.raises(ValidationError) as refused:
        recommendation_save(recommendation=recommendation, by=manager)
    assert "cannot be dated in the future" in str(refused.value.message_dict["decided_on"])
    assert not Recommendation.objects.filter(ref="7").exists()
