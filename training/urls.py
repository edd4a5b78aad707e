"""Training pages, under the board's address (/<board>/training/...)."""

from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("", views.EventListView.as_view(), name="event-list"),
    path("new/", views.EventCreateView.as_view(), name="event-create"),
    path("agencies/", views.AgencyAttendanceView.as_view(), name="by-agency"),
    path("<int:pk>/", views.EventDetailView.as_view(), name="event-detail"),
    path("<int:pk>/edit/", views.EventUpdateView.as_view(), name="event-edit"),
    path("<int:pk>/attendance/", views.EventAttendanceView.as_view(), name="event-attendance"),
    path("<int:pk>/delete/", views.EventDeleteView.as_view(), name="event-delete"),
]
