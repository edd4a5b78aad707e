from django.urls import path

from . import views

app_name = "challengelog"

urlpatterns = [
    path("", views.ChallengeListView.as_view(), name="challenge-list"),
    path("new/", views.ChallengeCreateView.as_view(), name="challenge-create"),
    path("agency/<int:pk>/", views.AgencyRecordView.as_view(), name="agency-record"),
    path("<str:ref>/", views.ChallengeDetailView.as_view(), name="challenge-detail"),
    path("<str:ref>/edit/", views.ChallengeUpdateView.as_view(), name="challenge-edit"),
    path("<str:ref>/<str:step>/", views.ChallengeStepView.as_view(), name="challenge-step"),
]
