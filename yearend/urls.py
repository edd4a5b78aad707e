from django.urls import path

from . import views

app_name = "yearend"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("<year:year>/summary.json", views.SummaryJsonView.as_view(), name="summary-json"),
]
