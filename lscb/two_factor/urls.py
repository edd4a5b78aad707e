from django.urls import path

from . import views

app_name = "account"

urlpatterns = [
    path("two-factor/", views.EnrolView.as_view(), name="two-factor"),
    path("two-factor/qr.svg", views.QrCodeView.as_view(), name="two-factor-qr"),
    path("two-factor/verify/", views.VerifyView.as_view(), name="two-factor-verify"),
    path("two-factor/backup-codes/", views.BackupCodesView.as_view(), name="backup-codes"),
]
