"""The reviews register, a review's page, and adding or editing a review."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.views.generic import CreateView, DetailView, UpdateView

from governance.kinds import words_for
from lscb.caching import CachedFragmentMixin
from lscb.concurrency import RefuseStaleMixin
from lscb.permissions import RuleRequiredMixin, allowed
from lscb.views import ServiceFormMixin, TableView

from .. import forms, services
from ..filters import STAGE_LABELS, ReviewFilter, with_stage
from ..models import ANONYMISED, OPEN_STATUSES, RecommendationUpdate, Review
from ..tables import ReviewTable, decision_days_text


def board_reviews(request):
    """The page's board's reviews: another board's are not found under this board's address."""
    return Review.objects.of_board(request.board)


def with_counts(reviews, today):
    """Each review with its recommendations counted: all, still open, and overdue (open, past due)."""
    still_open = Q(recommendations__status__in=OPEN_STATUSES)
    return reviews.annotate(
        recommendation_count=Count("recommendations"),
        open_count=Count("recommendations", filter=still_open),
        overdue_count=Count("recommendations", filter=still_open & Q(recommendations__due_date__lt=today)),
    )


# The page cache (lscb.caching) stays: at scale 10 this page drawn afresh takes 13.1 times the
# floor, and the cache makes it 6.5 times faster (bench/cache_value.py, 04/12/2026).
class ReviewListView(CachedFragmentMixin, TableView):
    rule = "learning.view"
    # Drawing 50 rows costs about 2 ms each; kept, the page is served in a few. Overdue marks
    # follow the day; nothing in the table depends on the reader's role.
    template_name = "includes/cached_table_page.html"
    model = Review
    table_class = ReviewTable
    filterset_class = ReviewFilter
    export_name = "reviews"
    # The table paginates itself; the list view's own paginator would count the rows a second time.
    table_pagination = {"per_page": TableView.paginate_by}

    def get_paginate_by(self, queryset):
        return None

    def get_queryset(self):
        reviews = with_stage(board_reviews(self.request)).select_related("group")
        return with_counts(reviews, timezone.localdate()).order_by("-notified_on", "ref")

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "board": self.request.board}

    def get_context_data(self, **kwargs):
        words = words_for(self.request.board)
        self.title = capfirst(words.reviews)
        self.intro = (
            f"The board's {words.reviews}, and the other reviews whose recommendations it follows: where each "
            "stands, and its recommendations still open. Reviews with overdue recommendations are marked."
        )
        return super().get_context_data(**kwargs)

    def get_page_actions(self):
        board = self.request.board
        if allowed("learning.manage", self.request.user, board=board):
            return [("Add a review", reverse("learning:review-create", args=[board.slug]))]
        return []


class ReviewObjectMixin:
    """Views about one review of the page's board (by its reference), decided against that review."""

    def get_review(self) -> Review:
        if not hasattr(self, "_review"):
            reviews = with_stage(board_reviews(self.request)).select_related("group")
            review = get_object_or_404(reviews, ref=self.kwargs["ref"])
            review.board = self.request.board  # its links carry the board: no second query for it
            self._review = review
        return self._review

    def get_rule_object(self):
        return self.get_review()

    def get_object(self, queryset=None):
        return self.get_review()


class ReviewDetailView(ReviewObjectMixin, RuleRequiredMixin, DetailView):
    rule = "learning.view"
    model = Review
    template_name = "learning/review_detail.html"
    context_object_name = "review"

    def get_context_data(self, **kwargs):
        review = self.object
        today = timezone.localdate()
        updates = RecommendationUpdate.objects.select_related("author", "recorded_by")
        recommendations = list(
            review.recommendations.select_related("lead_agency", "lead_group").prefetch_related(
                Prefetch("updates", queryset=updates)
            )
        )
        for recommendation in recommendations:
            recommendation.review = review
            recommendation.is_overdue = (
                recommendation.status in OPEN_STATUSES
                and recommendation.due_date is not None
                and recommendation.due_date < today
            )
        open_count = sum(1 for r in recommendations if r.status in OPEN_STATUSES)
        return super().get_context_data(
            words=words_for(self.request.board),
            stage=STAGE_LABELS.get(review.stage, ""),
            timeline=timeline(review),
            decision_days=decision_days_text(review),
            recommendations=recommendations,
            open_count=open_count,
            overdue_count=sum(1 for r in recommendations if r.is_overdue),
            can_edit=allowed("learning.edit", self.request.user, review, board=self.request.board),
            **kwargs,
        )


def timeline(review: Review) -> list[dict]:
    """The review's dates in order of its life: notified, decided (with the decision and why),
    started, concluded, published; those not reached yet are listed as such."""
    decided = review.get_decision_display() if review.decision else ""
    steps = [
        ("Notified", review.notified_on, ""),
        (f"Decided: {decided.lower()}" if decided else "Decided", review.decided_on, review.decision_reason),
        ("Started", review.started_on, ""),
        ("Concluded", review.concluded_on, "Signed off by the board."),
        ("Published", review.published_on, ""),
    ]
    return [{"label": label, "day": day, "text": text if day else ""} for label, day, text in steps]


class ReviewFormView(RefuseStaleMixin, RuleRequiredMixin, ServiceFormMixin):
    model = Review
    form_class = forms.ReviewForm
    template_name = "learning/review_form.html"
    success_message = "Saved the review {object.ref}."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "board": self.request.board}

    def save(self, instance):
        instance.board = self.request.board
        return services.review_save(review=instance, by=self.request.user, version=self.get_form_version())

    def get_success_url(self):
        return reverse("learning:review-detail", args=[self.request.board.slug, self.object.ref])


class ReviewCreateView(ReviewFormView, CreateView):
    rule = "learning.manage"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="Add a review",
            warning=ANONYMISED,
            cancel_url=reverse("learning:review-list", args=[self.request.board.slug]),
            submit_label="Add the review",
            **kwargs,
        )


class ReviewUpdateView(ReviewObjectMixin, ReviewFormView, UpdateView):
    rule = "learning.edit"

    def get_context_data(self, **kwargs):
        ref = self.kwargs["ref"]  # as opened: the form may be changing it
        return super().get_context_data(
            title=f"Edit {ref}",
            warning=ANONYMISED,
            cancel_url=reverse("learning:review-detail", args=[self.request.board.slug, ref]),
            **kwargs,
        )
