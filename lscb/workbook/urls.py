from django.urls import path

from . import views

app_name = "workbook"

urlpatterns = [
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/preview/", views.PreviewView.as_view(), name="import-preview"),
    path("import/confirm/", views.ConfirmView.as_view(), name="import-confirm"),
    path("import/discard/", views.DiscardView.as_view(), name="import-discard"),
    path("export/", views.ExportView.as_view(), name="export"),
]
