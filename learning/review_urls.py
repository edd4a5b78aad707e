from django.urls import path

from .views import reviews

urlpatterns = [
    path("reviews/", reviews.ReviewListView.as_view(), name="review-list"),
]
