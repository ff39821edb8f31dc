"""Peacetrack settings: everything that varies comes from the environment (config/env.py)."""

from __future__ import annotations

import os
from pathlib import Path

from config import env

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = env.data_dir(BASE_DIR / "data")

SECRET_KEY = env.secret_key(DATA_DIR)
DEBUG = env.env_bool("DEBUG", False)
ALLOWED_HOSTS = env.env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "huey.contrib.djhuey",
    "allauth",
    "allauth.account",
    "allauth.usersessions",
    "peacetrack.methodology",
    "peacetrack.audit",
    "peacetrack.accounts",
    "peacetrack.cases",
    "peacetrack.invitations",
    "peacetrack.casefile",
    "peacetrack.analysis",
    "peacetrack.jobs",
    "peacetrack.advisor",
    "peacetrack.api",
    "django.forms",  # its widget templates, which peacetrack/templates/django/forms/ adapts
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files answer here, before any other work: hashed names cached for a year, and
    # the .gz copies collectstatic made (peacetrack serve collects them at start).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages and API answers compressed for clients that ask. Django's middleware pads each
    # compressed body with random bytes against BREACH (and CSRF tokens are masked per
    # response), so secrets on a page cannot be guessed from compressed sizes.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language: the cookie, then the browser's Accept-Language (docs/translating.md)...
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # ...and for a signed-in user, the language stored on their profile.
    "peacetrack.accounts.middleware.ProfileLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.security.SecurityHeadersMiddleware",
    # Last, so it sees a view's exception first: SQLite still locked → 503 "busy, try again".
    "peacetrack.busy.BusyMiddleware",
]

# Form widgets render through TEMPLATES, so peacetrack/templates/django/forms/ can word the
# empty choice ("— none —", not "---------").
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "peacetrack" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "peacetrack.accounts.context.account",
            ],
        },
    }
]

DATABASES = {"default": env.database(os.environ.get("DATABASE_URL"), DATA_DIR)}
# Optional: migrations run as the tables' owner, the app as a role that cannot alter them.
_migration_database = env.migration_database(
    os.environ.get("MIGRATION_DATABASE_URL"), DATABASES["default"]
)
if _migration_database:
    DATABASES["migrations"] = _migration_database
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "cases:list"
LOGOUT_REDIRECT_URL = "account_login"

# Accounts (django-allauth): sign-in by e-mail, no open sign-up (accounts come from
# `peacetrack createuser`, a site administrator or an accepted invitation), no e-mail changes.
# See docs/security.md.
ACCOUNT_ADAPTER = "peacetrack.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "peacetrack.accounts.forms.SignInForm",
    "reset_password": "peacetrack.accounts.forms.ResetPasswordForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_MIN_LENGTH = 10
# Failed sign-ins allowed per account (any spelling of its e-mail) and per address before a
# pause; allauth counts them in Django's cache.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "20/15m/ip,5/15m/key",
    "reset_password": "20/m/ip,5/15m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
# How many reverse proxies you run in front of Peacetrack: the client address for rate limits
# is read from X-Forwarded-For only that far (0: the header is ignored).
ALLAUTH_TRUSTED_PROXY_COUNT = env.env_int("TRUSTED_PROXIES", 0, minimum=0)
# Sessions are recorded at sign-in; tracking every request would write on every page view.
USERSESSIONS_TRACK_ACTIVITY = False
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # reset links made by a site administrator: one day

# Invitations to a case: single-use links, stored hashed.
INVITATION_DAYS = env.env_int("INVITATION_DAYS", 7)
# API tokens expire; the default lifetime when none is chosen.
API_TOKEN_DAYS = 90
# Failed sign-ins kept in the security log (`peacetrack security prune`).
SECURITY_LOG_DAYS = 90

# Mail: without EMAIL_HOST (a laptop) nothing is mailed; invitation and reset links are shown
# once to the lead or the site administrator, to pass on by a safe channel.
EMAIL_HOST = env.env_str("EMAIL_HOST", "")
MAIL_ENABLED = bool(EMAIL_HOST)
EMAIL_PORT = env.env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env.env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env.env_str("DEFAULT_FROM_EMAIL", "peacetrack@localhost")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if MAIL_ENABLED
    else "django.core.mail.backends.dummy.EmailBackend"
)

# Interface languages (docs/translating.md), each named in its own language for the switcher.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("ar", "العربية"),
]
LOCALE_PATHS = [BASE_DIR / "peacetrack" / "locale"]
FORMAT_MODULE_PATH = ["peacetrack.formats"]  # dates as each language writes them
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365  # the switcher's choice before sign-in: a year
LANGUAGE_COOKIE_HTTPONLY = True
TIME_ZONE = env.env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "peacetrack" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Names carry a hash of the content (app.3f2a9c1b4d5e.css), so a browser may keep each
    # file for a year and still never runs stale code after an upgrade; compressed copies
    # are made once, at collectstatic (`peacetrack serve` runs it; the test session too).
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# With DEBUG (manage.py runserver while developing) files come straight from the app folders
# under their plain names; otherwise from STATIC_ROOT as collected.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12  # a working day; sign in again after that
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env.env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# Case-file import limits (peacetrack/casefile/reading.py): a file is read whole, so anything
# larger is refused before parsing; deeper nesting before parsing; longer lists before the
# schema check. At most CASEFILE_MAX_PROBLEMS problems are reported. Writing goes in short
# transactions of CASEFILE_WRITE_CHUNK rows. Each user may start CASEFILE_IMPORTS_PER_HOUR
# imports an hour (counted in the cache: use a shared cache when several processes serve).
CASEFILE_MAX_BYTES = env.env_int("CASEFILE_MAX_MB", 50) * 1024 * 1024
CASEFILE_MAX_DEPTH = env.env_int("CASEFILE_MAX_DEPTH", 32)
CASEFILE_MAX_ITEMS = env.env_int("CASEFILE_MAX_ITEMS", 100_000)
CASEFILE_MAX_PROBLEMS = 50
CASEFILE_WRITE_CHUNK = env.env_int("CASEFILE_WRITE_CHUNK", 2000)
CASEFILE_IMPORTS_PER_HOUR = env.env_int("CASEFILE_IMPORTS_PER_HOUR", 10)
CASEFILE_ABANDONED_HOURS = 24
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Shared services on a team server (docs/deployment.md): with REDIS_URL set, the cache, the
# sign-in pauses and the job queue live in Redis; without it (a laptop) in the database and in
# a job file of their own beside it, so no extra service is needed.
REDIS_URL = env.env_str("REDIS_URL", "")

# Django's cache: analyses, sign-in pauses (allauth counts failed sign-ins in it) and import
# allowances, so every app process must see the same one. On a laptop a table in the database
# (created by `migrate`: peacetrack/cases/apps.py); with REDIS_URL, Redis.
CACHES: dict[str, dict[str, object]] = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "peacetrack",
        }
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "peacetrack_cache",
            # Culling counts the table's rows on every write; leave room for a team's analyses.
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    )
}
# Sessions live in the database (they survive a restart and every process reads them); with
# Redis they are read from the cache and written through to the database.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)

# The job queue (huey): background work such as network analysis, exports and large imports.
# On a laptop its own SQLite file (never the app database's write lock); Redis on a server.
HUEY = {
    "name": "peacetrack",
    "immediate": False,
    "huey_class": "huey.RedisHuey" if REDIS_URL else "huey.SqliteHuey",
    "connection": {"url": REDIS_URL} if REDIS_URL else {"filename": str(DATA_DIR / "jobs.sqlite3")},
    # An idle worker polls the SQLite job file at most a second apart (huey's default backs
    # off to 10 s), so a job the user waits for starts promptly; Redis hands jobs over at once.
    "consumer": {"workers": 2, "worker_type": "thread", "max_delay": 1.0},
}

# Files that background jobs make (exports; later briefings): confidential, kept outside every
# served folder, downloadable by their requester only, deleted JOBS_RESULT_HOURS after they are
# ready (`peacetrack jobs prune` and a periodic task). With app machines of their own, every
# machine must see the same folder (uploads waiting to be imported are kept there too): a
# shared mount named by JOBS_RESULT_DIR (docs/deployment.md).
JOBS_RESULT_DIR = (
    Path(env.env_str("JOBS_RESULT_DIR", str(DATA_DIR / "job-results"))).expanduser().resolve()
)
JOBS_RESULT_HOURS = env.env_int("JOBS_RESULT_HOURS", 24)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.env_str("LOG_LEVEL", "WARNING")},
}
