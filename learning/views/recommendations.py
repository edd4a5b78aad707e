"""Adding and editing a recommendation, and recording what was done about it (a dated update)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import CreateView, FormView, UpdateView

from lscb.concurrency import RefuseStaleMixin
from lscb.permissions import RuleRequiredMixin
from lscb.views import ServiceFormMixin, add_service_errors

from .. import forms, services
from ..models import Recommendation
from .reviews import ReviewObjectMixin


def source_url(recommendation: Recommendation) -> str:
    return recommendation.get_absolute_url()


class RecommendationObjectMixin:
    """Views about one recommendation of the page's board (a review's or an audit's), decided
    against it (the chair of its review's or audit's overseeing group, or the business manager)."""

    def get_recommendation(self) -> Recommendation:
        if not hasattr(self, "_recommendation"):
            recommendations = Recommendation.objects.of_board(self.request.board).with_source()
            self._recommendation = get_object_or_404(recommendations, pk=self.kwargs["pk"])
        return self._recommendation

    def get_rule_object(self):
        return self.get_recommendation()

    def get_object(self, queryset=None):
        return self.get_recommendation()


class RecommendationFormView(RefuseStaleMixin, RuleRequiredMixin, ServiceFormMixin):
    rule = "learning.edit"
    model = Recommendation
    form_class = forms.RecommendationForm
    template_name = "learning/recommendation_form.html"
    success_message = "Saved recommendation {object.ref}."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "board": self.request.board}

    def save(self, instance):
        return services.recommendation_save(
            recommendation=instance, by=self.request.user, version=self.get_form_version()
        )

    def get_success_url(self):
        return source_url(self.object)


class RecommendationCreateView(ReviewObjectMixin, RecommendationFormView, CreateView):
    """A new recommendation of the review in the address."""

    def get_object(self, queryset=None):
        return None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Recommendation(review=self.get_review())
        return kwargs

    def get_context_data(self, **kwargs):
        review = self.get_review()
        return super().get_context_data(
            title=f"Add a recommendation to {review.ref}",
            source=review,
            cancel_url=review.get_absolute_url(),
            submit_label="Add the recommendation",
            **kwargs,
        )


class RecommendationUpdateView(RecommendationObjectMixin, RecommendationFormView, UpdateView):
    def get_context_data(self, **kwargs):
        recommendation = self.get_recommendation()
        source = recommendation.source
        return super().get_context_data(
            title=f"Edit recommendation {self.object.ref} of {getattr(source, 'ref', source)}",
            source=source,
            cancel_url=source_url(recommendation),
            **kwargs,
        )


class RecommendationRecordUpdateView(RecommendationObjectMixin, RuleRequiredMixin, FormView):
    """Record what was done about a recommendation: a dated note, and a new status if it moved."""

    rule = "learning.edit"
    form_class = forms.RecommendationUpdateForm
    template_name = "learning/recommendation_update.html"

    def form_valid(self, form):
        recommendation = self.get_recommendation()
        try:
            services.recommendation_record_update(
                recommendation=recommendation, by=self.request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Recorded an update of recommendation {recommendation.ref}.")
        return redirect(source_url(recommendation))

    def get_context_data(self, **kwargs):
        recommendation = self.get_recommendation()
        source = recommendation.source
        return super().get_context_data(
            title=f"Record an update: recommendation {recommendation.ref} of {getattr(source, 'ref', source)}",
            recommendation=recommendation,
            source=source,
            updates=recommendation.updates.select_related("author", "recorded_by"),
            cancel_url=source_url(recommendation),
            submit_label="Record the update",
            **kwargs,
        )
