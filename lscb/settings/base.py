"""Settings shared by every environment; values that differ come from the environment."""

import re
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# A kept connection is checked before a request uses it, so the app recovers by itself
# after the database restarts (lscb.middleware answers 503 while it is away).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tables2",
    "django_filters",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "lscb",
    "governance",
    "businessplan",
    "challengelog",
    "learning",
    "dataset",
    "training",
    "finance",
    "yearend",
]

MIDDLEWARE = [
    # Pages leave compressed when the browser accepts it (first, so it compresses what the others
    # wrote): a board's register of fifty members is about 55 KB of HTML and under 10 KB sent.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every response.
    "lscb.headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A database that cannot be reached gives a 503 page, not an error (see also handler500).
    "lscb.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Renews a signed-in session every few minutes (inactivity sign-out), see lscb.sessions.
    "lscb.sessions.SessionRenewalMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # The per-account sign-in delay (after the CSRF check), see lscb.signin.
    "lscb.middleware.SignInMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Every page requires sign-in unless its view is marked login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Then the second step for those who need it (lscb.two_factor).
    "lscb.two_factor.middleware.TwoFactorMiddleware",
    # request.board: the board whose address the page is under (lscb.boards).
    "lscb.boards.BoardMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into the 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lscb.urls"
WSGI_APPLICATION = "lscb.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lscb.navigation.navigation",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in lockout (django-axes): 5 wrong passwords in a row for one username from one address
# pause that username's sign-in from there for AXES_COOLOFF_TIME; a right password resets the count.
# Username and address together: partner agencies sign in from behind shared office addresses, so
# one person's typing must not lock out a whole agency, nor a stranger lock out a named user.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading roles and permissions in one query (lscb.backends).
    "lscb.backends.RolesAndPermissionsBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LSCB_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_CLIENT_IP_CALLABLE = "lscb.signin.client_ip"
# What a failed attempt records of the form it came from, with these fields masked: the sign-in
# form's, and the password change's (a wrong old password counts as a failed sign-in).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "old_password", "new_password1", "new_password2"]
# Every wrong password is logged (axes.AccessFailureLog) for the per-account delay below, which
# reads it from the database so that it holds across every process; lscb.signin deletes the rows
# once they are older than the window and the cool-off.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# django-axes's own trimming (past this many rows per username) deletes rows in no set order, so it
# could delete the newest, which the delay reads: never reached; lscb.signin deletes by age instead.
AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT = 10**9
# The per-account delay (lscb.signin.account_wait), whatever the address: after this many wrong
# passwords in a row for one username within the window, each further try waits the delay after the
# last wrong one, doubling with each wrong password up to the cap. A delay, not a lock: a stranger
# cannot lock the chair out. Addresses the account signed in from lately are not delayed.
LSCB_ACCOUNT_FAILURE_LIMIT = 10
LSCB_ACCOUNT_FAILURE_WINDOW = timedelta(hours=24)
LSCB_ACCOUNT_DELAY = timedelta(seconds=30)
LSCB_ACCOUNT_DELAY_CAP = timedelta(minutes=15)
LSCB_ACCOUNT_KNOWN_ADDRESS_DAYS = 90
# How many proxies in front of the app append to X-Forwarded-For. None unless set: the header is
# then the client's own words and is ignored (and a warning is logged once if it arrives). Behind
# the README's nginx site, 1.
_proxies = env("LSCB_TRUSTED_PROXIES", default="0").strip()
if not re.fullmatch(r"[0-9]{1,2}", _proxies):
    raise ImproperlyConfigured(
        f'LSCB_TRUSTED_PROXIES is the number of proxies in front of the app (0 for none), not "{_proxies}".'
    )
LSCB_TRUSTED_PROXIES = int(_proxies)

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English")]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# UK formats everywhere: 27/11/2026.
FORMAT_MODULE_PATH = ["lscb.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF cookie: forms carry the token.
CSRF_COOKIE_HTTPONLY = True
# Signed out after this many seconds without a request. The session is renewed (saved, its cookie
# sent again) by the first request after LSCB_SESSION_RENEW_SECONDS, not by every request: see
# lscb.sessions.
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = False
LSCB_SESSION_RENEW_SECONDS = env.int("LSCB_SESSION_RENEW_SECONDS", default=5 * 60)

# Security headers. Django's own (SecurityMiddleware, XFrameOptionsMiddleware), stated here:
# An upload larger than the workbook limit (10 MB) is stopped as it streams in, before any of it
# past the limit is kept (lscb.workbook.uploads); Django's own handlers keep what is allowed.
FILE_UPLOAD_HANDLERS = [
    "lscb.workbook.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# And ours (lscb.headers): no inline script or style anywhere; images may be data: URIs (charts).
LSCB_CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'self'",
    "object-src": "'none'",
}
LSCB_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=()"

EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="safeguarding-board@localhost")
EMAIL_HOST = env("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=False)

# An agency attending fewer than this share of the meetings it was expected at is highlighted.
LSCB_ATTENDANCE_THRESHOLD = env.float("LSCB_ATTENDANCE_THRESHOLD", default=0.5)
# Name and kind of the board a database that has none is given (by the migrations that made
# the board a record, and by a workbook import into an empty database).
LSCB_BOARD_NAME = env("LSCB_BOARD_NAME", default="Safeguarding Children Board")
LSCB_BOARD_KIND = env("LSCB_BOARD_KIND", default="children")
# What the instance calls itself where no one board is meant (sign-in page, list of boards), when
# it serves more than one board.
LSCB_SITE_NAME = env("LSCB_SITE_NAME", default="Safeguarding boards")
# Two-factor sign-in (django-otp): the name authenticator apps show for the account.
OTP_TOTP_ISSUER = LSCB_SITE_NAME
# The admin lists and deletes users' apps but never shows their keys or QR codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# `manage.py retention` anonymises people whose every membership ended more than this many years ago.
LSCB_RETENTION_YEARS = env.int("LSCB_RETENTION_YEARS", default=6)
# Seconds after the last change to the records before the live years' annual report PDFs are laid
# out again in the background, ready for the next download (yearend.files); "off" never does it
# (a download then lays out the changed report itself).
_prepare = env("LSCB_PREPARE_REPORTS_AFTER", default="30").strip().lower()
if _prepare != "off" and not re.fullmatch(r"[0-9]{1,5}", _prepare):
    raise ImproperlyConfigured(
        f'LSCB_PREPARE_REPORTS_AFTER is a number of seconds (up to 99999) or "off", not "{_prepare}".'
    )
LSCB_PREPARE_REPORTS_AFTER = None if _prepare == "off" else int(_prepare)

# Background work (lscb.queue): Django's tasks framework with its queue in the database, run by
# `manage.py worker` (one or more, on any machine that reaches the database).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A task running longer than this is taken to have lost its worker, and is run again.
LSCB_TASK_LEASE_SECONDS = env.int("LSCB_TASK_LEASE_SECONDS", default=30 * 60)
# A workbook uploaded in the browser larger than this is checked and imported on the worker, with
# a page that shows its progress (smaller ones are checked at once).
LSCB_IMPORT_IN_BACKGROUND_BYTES = env.int("LSCB_IMPORT_IN_BACKGROUND_BYTES", default=512 * 1024)
# The reminder digest goes out every day at this hour (Europe/London), with links to this address.
LSCB_REMINDERS_HOUR = env.int("LSCB_REMINDERS_HOUR", default=7)
LSCB_SITE_URL = env("LSCB_SITE_URL", default="").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Uploaded files (a meeting's papers): kept under MEDIA_ROOT and served only through the app's own
# views, which check who may read them; nothing serves MEDIA_URL publicly.
MEDIA_ROOT = env.path("LSCB_MEDIA_ROOT", default=str(BASE_DIR / "media"))
MEDIA_URL = "/media/"
# The largest paper that can be uploaded, in bytes (20 MB).
LSCB_PAPER_MAX_BYTES = env.int("LSCB_PAPER_MAX_BYTES", default=20 * 1024 * 1024)
