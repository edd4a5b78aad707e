"""The reviews register and a review's page."""

from django.views.generic import ListView

from lscb.permissions import RuleRequiredMixin

from ..models import Review


class ReviewListView(RuleRequiredMixin, ListView):
    rule = "learning.view"
    template_name = "learning/review_list.html"
    context_object_name = "reviews"

    def get_queryset(self):
        return Review.objects.of_board(self.request.board).select_related("group")
