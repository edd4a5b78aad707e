"""The dataset's pages, under the board's address (/<board>/dataset/...)."""

from django.urls import path

from . import views

app_name = "dataset"

urlpatterns = [
    path("", views.IndicatorListView.as_view(), name="indicator-list"),
    path("latest/", views.SittingView.as_view(), name="sitting"),
    path("indicators/new/", views.IndicatorCreateView.as_view(), name="indicator-create"),
    path("indicators/<int:pk>/", views.IndicatorDetailView.as_view(), name="indicator-detail"),
    path("indicators/<int:pk>/edit/", views.IndicatorUpdateView.as_view(), name="indicator-edit"),
    path("indicators/<int:indicator>/values/new/", views.ValueCreateView.as_view(), name="value-create"),
    path("indicators/<int:indicator>/values/<int:pk>/edit/", views.ValueUpdateView.as_view(), name="value-edit"),
    path("indicators/<int:indicator>/values/<int:pk>/delete/", views.ValueDeleteView.as_view(), name="value-delete"),
]
