"""The board's money, under its address (/<board>/money/...)."""

from django.urls import path

from . import views

app_name = "finance"

urlpatterns = [
    path("", views.BudgetView.as_view(), name="budget"),
]
