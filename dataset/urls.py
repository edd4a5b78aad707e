"""The dataset's pages, under the board's address (/<board>/dataset/...)."""

from django.urls import path

from . import views

app_name = "dataset"

urlpatterns = [
    path("", views.IndicatorListView.as_view(), name="indicator-list"),
    path("indicators/<int:pk>/", views.IndicatorDetailView.as_view(), name="indicator-detail"),
]
