from django.urls import path

from . import views

app_name = "workbook"

urlpatterns = [
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/preview/", views.PreviewView.as_view(), name="import-preview"),
    path("import/confirm/", views.ConfirmView.as_view(), name="import-confirm"),
    path("import/discard/", views.DiscardView.as_view(), name="import-discard"),
    # A large workbook, checked and imported on the worker.
    path("import/<uuid:pk>/", views.JobView.as_view(), name="import-job"),
    path("import/<uuid:pk>/confirm/", views.JobConfirmView.as_view(), name="import-job-confirm"),
    path("import/<uuid:pk>/discard/", views.JobDiscardView.as_view(), name="import-job-discard"),
    path("export/", views.ExportView.as_view(), name="export"),
]
