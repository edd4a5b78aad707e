from django.urls import path

from . import views

app_name = "yearend"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("<year:year>/", views.ReportView.as_view(), name="report"),
    path("<year:year>/report.<str:fmt>", views.ReportFileView.as_view(), name="report-file"),
    path("<year:year>/summary.json", views.SummaryJsonView.as_view(), name="summary-json"),
    path("<year:year>/narrative/<str:section>/", views.NarrativeView.as_view(), name="narrative"),
    path("<year:year>/sign-off/", views.SignOffView.as_view(), name="sign-off"),
    path("<year:year>/reopen/", views.ReopenView.as_view(), name="reopen"),
]
