from django.urls import path

from .views import recommendations, reviews

urlpatterns = [
    path("reviews/", reviews.ReviewListView.as_view(), name="review-list"),
    path("reviews/new/", reviews.ReviewCreateView.as_view(), name="review-create"),
    path("reviews/<str:ref>/", reviews.ReviewDetailView.as_view(), name="review-detail"),
    path("reviews/<str:ref>/edit/", reviews.ReviewUpdateView.as_view(), name="review-edit"),
    path(
        "reviews/<str:ref>/recommendations/new/",
        recommendations.RecommendationCreateView.as_view(),
        name="recommendation-create",
    ),
    # A review's or an audit's recommendation, by its id (its reference is only unique in its source).
    path(
        "recommendations/<int:pk>/edit/", recommendations.RecommendationUpdateView.as_view(), name="recommendation-edit"
    ),
    path(
        "recommendations/<int:pk>/update/",
        recommendations.RecommendationRecordUpdateView.as_view(),
        name="recommendation-update",
    ),
]
