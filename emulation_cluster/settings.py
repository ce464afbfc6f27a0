"""Settings of the emulation cluster portal, read from environment variables.

Development defaults are safe to run on a laptop; production (``DJANGO_ENV=production``) refuses
to start without ``SECRET_KEY`` and ``ALLOWED_HOSTS``.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


PRODUCTION = os.environ.get("DJANGO_ENV", "development") == "production"
DEBUG = env_bool("DEBUG", not PRODUCTION)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set in production.")
    SECRET_KEY = "development-only-secret-key-not-for-production"  # noqa: S105 - dev default

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    # third party
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "procrastinate.contrib.django",
    # local
    "emulation_cluster",
    "models_registry",
    "seminars",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "emulation_cluster.middleware.PortalLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "emulation_cluster.middleware.KeptReadingMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "emulation_cluster.middleware.SecondFactorRequiredMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, so that everything above runs for a kept page as for a rendered one.
    "emulation_cluster.page_cache.middleware.PageCacheMiddleware",
]

ROOT_URLCONF = "emulation_cluster.urls"
WSGI_APPLICATION = "emulation_cluster.wsgi.application"

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
                "django.template.context_processors.i18n",
                "emulation_cluster.context_processors.portal",
                "emulation_cluster.page_cache.personal.placeholder_token",
            ],
        },
    },
]

# Database: DATABASE_URL when set, otherwise the embedded PostgreSQL under .pgdata/.
if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"], conn_max_age=600, conn_health_checks=True
        )
    }
else:
    from emulation_cluster.embedded_db import database_settings

    DATABASES = {
        "default": {
            **database_settings(Path(os.environ.get("PGDATA_DIR", BASE_DIR / ".pgdata"))),
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
        }
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# A small OLTP host: the JIT compiler costs tens of milliseconds on the first execution of a
# query the planner thinks large, and a page's queries are short (measured: the list's deep pages
# at 100,000 models, bench/scale.py). A statement timeout, when set (gunicorn.conf.py sets one
# for the web processes only), cancels a runaway query before gunicorn kills the worker;
# migrations, jobs and management commands run without one.
_connection_options = ["-c jit=off"]
if int(os.environ.get("DATABASE_STATEMENT_TIMEOUT_MS", "0") or 0) > 0:
    _connection_options.append(
        f"-c statement_timeout={int(os.environ['DATABASE_STATEMENT_TIMEOUT_MS'])}"
    )
DATABASES["default"].setdefault("OPTIONS", {})["options"] = " ".join(_connection_options)
if os.environ.get("TEST_DATABASE_NAME"):
    # Two test runs on one server at once each need their own test database.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The kept pages (emulation_cluster.page_cache) have an alias of their own: however many
# addresses readers make up, they cannot push allauth's rate limits out.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "pages",
        },
    }
else:
    # allauth's rate limits need a cache shared by every process: the database is one.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_page_cache",
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PAGE_CACHE_MAX_ENTRIES", 5000))},
        },
    }
# How long a kept page (for visitors or signed-in people) is served at most; writes drop it at
# once (emulation_cluster.page_cache). 0 turns the cache off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 120))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# django-allauth: email login, no open sign-up (accounts are created by invitation).
ACCOUNT_ADAPTER = "emulation_cluster.accounts.PortalAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Cụm thi đua số 1] "
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "login": "30/m/ip",
    "reset_password": "10/h/ip,3/h/key",
    "reset_password_from_key": "20/h/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
    # Our own action (emulation_cluster.account_views): invitations sent by one person.
    "invite": "30/h/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Cụm thi đua số 1"
INVITATION_VALID_DAYS = int(os.environ.get("INVITATION_VALID_DAYS", 7))
LOGIN_REDIRECT_URL = "home"
LOGIN_URL = "account_login"

# Internationalisation: Vietnamese first, English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# The portal's own catalogue first, then its Vietnamese for django-allauth (which ships none).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_allauth"]
FORMAT_MODULE_PATH = ["emulation_cluster.formats"]
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
TIME_ZONE = "Asia/Ho_Chi_Minh"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# No MEDIA_URL on purpose: attachments are served by a view that checks access.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG and not PRODUCTION
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Attachments: what may be uploaded, and how large.
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Exports (.xlsx, .csv of the lists): larger ones are refused with a request to narrow the filters.
EXPORT_MAX_ROWS = int(os.environ.get("EXPORT_MAX_ROWS", 50_000))

# Email through Django's mail framework; in development printed readably by the worker.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "emulation_cluster.outbox.console.ReadableConsoleBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Cụm thi đua số 1 <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A mail server that does not answer fails the attempt instead of holding a worker.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", 20))

# The outbox (emulation_cluster.outbox): every email is a row sent by a Procrastinate job, retried
# after BASE × 2^attempt seconds (at most MAX) until MAX_ATTEMPTS, then "failed" until a cluster
# administrator resends it. The defaults keep trying for about four hours.
OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", 10))
OUTBOX_RETRY_BASE_SECONDS = int(os.environ.get("OUTBOX_RETRY_BASE_SECONDS", 30))
OUTBOX_RETRY_MAX_SECONDS = int(os.environ.get("OUTBOX_RETRY_MAX_SECONDS", 3600))
# How long a worker keeps trying to record a message the mail server accepted while the database
# was away (instead of sending it again).
OUTBOX_RECORD_SECONDS = int(os.environ.get("OUTBOX_RECORD_SECONDS", 300))
# Sent messages are kept this long on the outbox page, then deleted by the sweep.
OUTBOX_KEEP_DAYS = int(os.environ.get("OUTBOX_KEEP_DAYS", 365))
# Periodic jobs (Procrastinate's cron syntax; a sixth field counts seconds).
OUTBOX_SWEEP_CRON = os.environ.get("OUTBOX_SWEEP_CRON", "*/5 * * * *")
REMINDERS_CRON = os.environ.get("REMINDERS_CRON", "*/15 * * * *")
# The weekly digest. Procrastinate reads a cron in UTC (croniter over Unix timestamps, whatever
# TIME_ZONE says): Monday 00:00 UTC is Monday 07:00 in Vietnam. A run may be repeated (each
# person's digest is sent once a week), e.g. "0 0-10 * * 1" tries again each hour until 17:00.
DIGEST_CRON = os.environ.get("DIGEST_CRON", "0 0 * * 1")
# Every unit page's figures on the questions to it (seminars.qa.unit_figures): one pass over
# the questions, about a second at 400,000 questions; the page says when they were computed.
UNIT_FIGURES_CRON = os.environ.get("UNIT_FIGURES_CRON", "*/10 * * * *")
# The cluster dashboards' figures counted again (seminars.spread.cache): more often than they
# are kept (five minutes), so that readers find them kept.
DASHBOARD_WARM_CRON = os.environ.get("DASHBOARD_WARM_CRON", "*/4 * * * *")
# The search counts of the commonest words, kept before a reader asks (search/counts.py):
# each a second or so of counting at full size, at night.
SEARCH_COUNTS_CRON = os.environ.get("SEARCH_COUNTS_CRON", "30 2 * * *")
SEARCH_KEEP_COMMON_WORDS = int(os.environ.get("SEARCH_KEEP_COMMON_WORDS", "200"))

# Django's database sessions; their read also brings the roles' generation, which spares a
# signed-in request the reading of its person (emulation_cluster.session_store).
SESSION_ENGINE = "emulation_cluster.session_store"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 60 * 60 * 12))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Content-Security-Policy (django-csp 4): only the portal's own files, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # allauth's TOTP enrolment shows its QR code as a data: image.
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Seminars: the reminder job (REMINDERS_CRON) writes this many hours before a seminar starts;
# links in emails sent outside a request (the reminders) start with PORTAL_URL.
SEMINAR_REMINDER_BEFORE_HOURS = int(os.environ.get("SEMINAR_REMINDER_BEFORE_HOURS", 48))
PORTAL_URL = os.environ.get("PORTAL_URL", "http://127.0.0.1:8000").rstrip("/")

# Q&A: a question without an official answer after this many days earns a reminder to the owner
# unit's editors, then an escalation to the administrators of the cluster head unit (both sent by
# the reminder jobs of seminars.tasks).
QUESTION_REMINDER_AFTER_DAYS = int(os.environ.get("QUESTION_REMINDER_AFTER_DAYS", 7))
QUESTION_ESCALATION_AFTER_DAYS = int(os.environ.get("QUESTION_ESCALATION_AFTER_DAYS", 14))
