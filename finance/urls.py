"""The board's money, under its address (/<board>/money/...)."""

from django.urls import path

from . import views

app_name = "finance"

urlpatterns = [
    path("", views.BudgetView.as_view(), name="budget"),
    path("lines/", views.BudgetLineListView.as_view(), name="line-list"),
    path("<year:year>/contributions/", views.ContributionsEditView.as_view(), name="contributions-edit"),
    path("<year:year>/<slug:kind>/", views.LinesEditView.as_view(), name="lines-edit"),
]
