from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from lscb.history import HistoryView
from lscb.home import HomeView
from lscb.password import PasswordChangeView
from lscb.privacy import PrivacyView
from lscb.signin import AdminSignInForm, SignInForm
from lscb.years import ReportingYearConverter
from yearend.views_dashboard import DashboardView

admin.site.login_form = AdminSignInForm

# /northmoor-sab/calendar/2025-26/: a reporting year in any URL of any app.
register_converter(ReportingYearConverter, "year")

# A board's own pages, under its address (lscb.boards gives the view request.board). Agencies and
# people are shared by the instance's boards, and shown under each.
board_patterns = [
    path("", DashboardView.as_view(), name="board-home"),
    path("plan/", include("businessplan.urls")),
    path("challenges/", include("challengelog.urls")),
    path("learning/", include("learning.urls")),
    path("dataset/", include("dataset.urls")),
    path("training/", include("training.urls")),
    path("money/", include("finance.urls")),
    path("yearend/", include("yearend.urls")),
    path("", include("lscb.workbook.urls")),
    path("", include("governance.urls")),
]

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=SignInForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/password/", PasswordChangeView.as_view(), name="password-change"),
    path("account/", include("lscb.two_factor.urls")),
    path("privacy/", PrivacyView.as_view(), name="privacy"),
    path("history/<str:app_label>/<str:model_name>/<int:pk>/", HistoryView.as_view(), name="history"),
    path("admin/", admin.site.urls),
    # Last: any other first segment is a board's address (governance.models.RESERVED_SLUGS).
    path("<slug:board>/", include(board_patterns)),
]

# A database that cannot be reached answers 503 (lscb.middleware); anything else the 500 page.
handler500 = "lscb.middleware.server_error"
