"""Settings of the Buyers Group portal: everything comes from the environment.

The variables are documented in README ("Configuration"). With DEBUG off, the
settings a production server cannot do without stop the start when missing.
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from buyersgroup.env import env_bool, env_choice, env_int, env_list, env_rates, env_str, require

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-never-use-in-production")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
else:
    SECRET_KEY = require("SECRET_KEY", env_str("SECRET_KEY"), "signs sessions and links")
    ALLOWED_HOSTS = require(
        "ALLOWED_HOSTS", env_list("ALLOWED_HOSTS"), "the host names the portal answers to"
    )

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "buyersgroup.core",
    "buyersgroup.members",
    "buyersgroup.taxonomy",
    "buyersgroup.moderation",
    "buyersgroup.entries",
    "buyersgroup.documents",
    "tenders",
    "practices",
    "buyersgroup.search",
    "buyersgroup.api",
    "buyersgroup.insights",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "csp",
    "django_filters",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise so static files, error pages and downloads carry them too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "buyersgroup.core.middleware.AllowedMethodsMiddleware",
    "buyersgroup.core.middleware.RefusedCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "buyersgroup.core.middleware.SessionLifetimeMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "buyersgroup.urls"
WSGI_APPLICATION = "buyersgroup.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "buyersgroup.core.context_processors.portal",
            ],
            "loaders": [
                (
                    "template_partials.loader.Loader",
                    [
                        (
                            "django.template.loaders.cached.Loader",
                            [
                                "django.template.loaders.filesystem.Loader",
                                "django.template.loaders.app_directories.Loader",
                            ],
                        )
                    ],
                )
            ],
            "builtins": [
                "template_partials.templatetags.partials",
                "buyersgroup.core.templatetags.formats",  # |eur, |filesize on every page
            ],
        },
    },
]

# --- Database: PostgreSQL only ------------------------------------------------
DATABASE_URL = require(
    "DATABASE_URL",
    env_str("DATABASE_URL"),
    "start through `make run` / `make test`, which provide an embedded PostgreSQL",
)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL (postgres://…).")
# Every connection: no statement runs longer than a page may wait; and the planner is told what
# the portal runs on (SSD or memory, not spinning disks: random reads cost about as much as
# sequential ones), so that a full-text match uses its GIN index instead of reading and
# decompressing every stored vector (broad searches: 370 ms -> 40 ms at 100,000 tenders), and
# the search's facet counts sort in memory. Set here, not in postgresql.conf, so that the plans
# the tests and `make bench` check are the plans production runs.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
    f"-c statement_timeout={env_int('DATABASE_STATEMENT_TIMEOUT_MS', 3000)}"
    f" -c random_page_cost={env_str('DATABASE_RANDOM_PAGE_COST', '1.1')}"
    f" -c work_mem={env_str('DATABASE_WORK_MEM', '32MB')}"
)
# A database that does not answer makes pages "briefly unavailable" (503) after this many seconds.
DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# How long an app server keeps the search filters' lists of categories, criteria and
# organisations (buyersgroup.search.filters), in each worker process; a change clears them at once in the
# process that saved it.
REFERENCE_CHOICES_SECONDS = env_int("REFERENCE_CHOICES_SECONDS", 300)

# Shared by every app server: rate limits must hold across gunicorn workers.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "portal_cache",
    },
    # Rendered pieces of pages ({% cache %}: a list row, a comment), in each app server's memory.
    # Every key holds what the piece shows (id, time of last change, names, language), so a
    # piece is never served stale and the servers need not share it.
    "template_fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "template-fragments",
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    },
    # The parts of published entries' pages that are the same for every reader (their facts,
    # criteria, documents), in each app server's memory: buyersgroup.entries.content.
    "entry_content": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "entry-content",
        "OPTIONS": {"MAX_ENTRIES": 2_000},
    },
    # The numbers of matches, facet counts and suggestions of searches, and their pages of rows and
    # snippets (buyersgroup.search.service), in each app server's memory, under a key that holds the
    # words, the filters and the entries' changes so far (buyersgroup.entries.changes): a change of
    # an entry is counted again at once. About 5 things a search of one page, each 2–15 kB.
    "search_counts": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "search-counts",
        "OPTIONS": {"MAX_ENTRIES": 5_000},
    },
}
# How long an app server's workers keep those parts: what a change of a name (an organisation, a member, a
# category, a criterion) saved through another worker process or server may take to show there. 0: not kept.
ENTRY_CONTENT_SECONDS = env_int("ENTRY_CONTENT_SECONDS", 300)

# --- Accounts -----------------------------------------------------------------
AUTH_USER_MODEL = "members.Member"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "buyersgroup.members.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
# A reset asked for an unknown address sends nothing (allauth would invite to a sign-up that is closed).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_SESSION_REMEMBER = None  # the "Remember me" box decides
ACCOUNT_SESSION_COOKIE_AGE = env_int("SESSION_REMEMBER_SECONDS", 14 * 24 * 60 * 60)
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Buyers Group] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_email": "5/m/user",
    "manage_email": "10/m/user",
    "confirm_email": "5/m/key",
    "request_access": "5/h/ip",  # ours: members.views.invitations.request_access
    "post_comment": "10/10m/user",  # ours: buyersgroup.entries.questions.within_rate_limit
}
# Our own limits (core.ratelimits), same notation, counted in PostgreSQL (core.RateCount). Each can
# be set from the environment, e.g. RATE_LIMIT_DOWNLOAD="10/m/user,100/h/user"; a malformed value stops the start.
PORTAL_RATE_LIMITS = {
    action: env_rates(f"RATE_LIMIT_{action.upper()}", default)
    for action, default in {
        "download": "30/m/user,300/h/user",  # a person reads a few documents; a script takes them all
        "lookup": "120/m/user",  # CPV suggestions as one types, and the lookup page (public reference data)
        "search": "60/m/user,1000/h/user",
        "export": "10/h/user",
        "comment": "10/m/user,100/h/user",
        "invitation": "30/h/user",  # sending invitations (one by one or a CSV file)
        "open_data": "60/m/user,1200/h/user",  # OCDS pages of 100 releases (/api/ocds/); the whole set: export_ocds
        "api": "60/m/key",  # per API token (buyersgroup.api)
    }.items()
}
# Behind exactly N reverse proxies the client is the N-th address from the right
# of X-Forwarded-For; with 0 (the default) the header is ignored entirely, so a
# forged header cannot reset a rate limit.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Buyers Group"
MFA_TOTP_TOLERANCE = 1  # one 30-second step either side, for phone clocks that drift (RFC 6238 §5.2)
MFA_ADAPTER = "allauth.mfa.adapter.DefaultMFAAdapter"

# Sessions: rotate at login (Django), end on the server at logout, idle and absolute limits.
SESSION_ENGINE = "buyersgroup.core.sessions"  # database sessions, saved again only when due
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 2 * 60 * 60)  # idle timeout
SESSION_SAVE_EVERY_REQUEST = False  # no write per page view: core.sessions refreshes the expiry
SESSION_REFRESH_SECONDS = env_int("SESSION_REFRESH_SECONDS", 60)  # ... once this much of it has passed
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_REMEMBER_SECONDS = env_int("SESSION_REMEMBER_SECONDS", 14 * 24 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# The members' read-only API (buyersgroup.api): JSON only (no browsable pages), a token for every call.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": ["buyersgroup.api.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["buyersgroup.api.authentication.IsActiveMember"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Buyers Group API",
    "DESCRIPTION": "Read-only: published tenders and practices, criteria, product categories, organisations.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {"LanguageEnum": "buyersgroup.members.models.Language"},
}

# --- Internationalisation -----------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("nl", _("Dutch")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "buyersgroup" / "locale"]
TIME_ZONE = "Europe/Brussels"
FORMAT_MODULE_PATH = ["buyersgroup.formats"]  # day-month-year in English too
USE_I18N = True
USE_TZ = True

# --- Static files and uploaded documents ----------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))  # private: never served as /media/
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", 50 * 1024 * 1024)
# Office files are ZIP containers: limits checked on the central directory, before inflating.
DOCUMENT_ZIP_MAX_ENTRIES = env_int("DOCUMENT_ZIP_MAX_ENTRIES", 10_000)
DOCUMENT_ZIP_MAX_UNPACKED_BYTES = env_int("DOCUMENT_ZIP_MAX_UNPACKED_BYTES", 300 * 1024 * 1024)
DOCUMENT_ZIP_MAX_RATIO = env_int("DOCUMENT_ZIP_MAX_RATIO", 100)
FILE_UPLOAD_HANDLERS = [
    "buyersgroup.documents.uploadhandlers.DocumentSizeLimitHandler",  # stops oversized bodies early
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # form fields without the files: more is a 400 (core.views.bad_request)
# The largest form is a tender with 40 criteria (8 fields each), its categories and co-buyers: about 400.
DATA_UPLOAD_MAX_NUMBER_FIELDS = env_int("DATA_UPLOAD_MAX_NUMBER_FIELDS", 600)
DATA_UPLOAD_MAX_NUMBER_FILES = env_int("DATA_UPLOAD_MAX_NUMBER_FILES", 5)  # every upload form takes one file
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger uploads stream to a temporary file
# Where those temporary files go (default: the system's). A worker killed mid-upload leaves its
# file there: `manage.py prune_document_files` removes such leftovers once old enough.
FILE_UPLOAD_TEMP_DIR = env_str("FILE_UPLOAD_TEMP_DIR")
DOCUMENT_DOWNLOAD_MODE = env_choice("DOCUMENT_DOWNLOAD_MODE", "django", ("django", "x-accel"))
DOCUMENT_ACCEL_PREFIX = env_str("DOCUMENT_ACCEL_PREFIX", "/protected-documents/")
DOCUMENT_STORAGE = env_choice("DOCUMENT_STORAGE", "local", ("local", "s3"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# How long a presigned S3 download link works (it is made only after the access check).
S3_URL_SECONDS = env_int("S3_URL_SECONDS", 60)


def s3_storage(bucket: str, endpoint_url: str | None, access_key: str, secret_key: str, region: str) -> dict:
    """django-storages' S3 backend as the portal needs it (the tests use the same).

    Private objects, never overwritten (the server makes every name, and a name
    taken is never reused), downloads only through short-lived presigned URLs.
    """
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url,
            "access_key": access_key,
            "secret_key": secret_key,
            "region_name": region,
            "signature_version": "s3v4",
            "addressing_style": "path",
            "file_overwrite": False,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": S3_URL_SECONDS,
        },
    }


def _s3_setting(name: str) -> str:
    value = env_str(name)
    if not value:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"{name} must be set when DOCUMENT_STORAGE=s3. See README, 'Configuration'.")
    return value


if DOCUMENT_STORAGE == "s3":
    STORAGES["default"] = s3_storage(
        bucket=_s3_setting("S3_BUCKET"),
        endpoint_url=env_str("S3_ENDPOINT_URL"),  # unset: Amazon S3 itself
        access_key=_s3_setting("S3_ACCESS_KEY_ID"),
        secret_key=_s3_setting("S3_SECRET_ACCESS_KEY"),
        region=env_str("S3_REGION", "us-east-1"),
    )

# --- Background tasks -----------------------------------------------------------
TASKS_BACKEND = env_choice("TASKS_BACKEND", "immediate", ("immediate", "database"))
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TASKS_BACKEND == "immediate"
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# A task RUNNING longer than this lost its worker: run it again, at most TASK_MAX_ATTEMPTS times
# in all (buyersgroup/core/tasks_recovery.py; `manage.py task_worker` checks every TASK_CHECK_SECONDS).
TASK_STALE_SECONDS = env_int("TASK_STALE_SECONDS", 15 * 60)
TASK_MAX_ATTEMPTS = env_int("TASK_MAX_ATTEMPTS", 3)
TASK_CHECK_SECONDS = env_int("TASK_CHECK_SECONDS", 60)
HEALTHZ_TOKEN = env_str("HEALTHZ_TOKEN")  # header X-Healthz-Token for /healthz?full=1 (monitoring)

# --- E-mail ---------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Buyers Group <noreply@buyersgroup.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# For links in e-mails sent by tasks; in development it follows `make run PORT=…`.
PORTAL_URL = env_str("PORTAL_URL", f"http://127.0.0.1:{env_int('PORT', 8000)}")
CONTACT_EMAIL = env_str("CONTACT_EMAIL", "secretariat@buyersgroup.example")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
INVITATION_DAYS = env_int("INVITATION_DAYS", 14)
SECURITY_LOG_RETENTION_DAYS = env_int("SECURITY_LOG_RETENTION_DAYS", 365)  # manage.py prune_security_log

# --- Security headers -------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],  # nothing uses <base>
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Logging: structured (one JSON object a line) --------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "buyersgroup.core.logging.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.server": {"level": "WARNING"}},
}

# --- Open data (OCDS export, tenders/ocds.py) --------------------------------------
# The ocid prefix: a placeholder until the group registers its own with the Open Contracting Partnership.
OCDS_PREFIX = env_str("OCDS_PREFIX", "ocds-xxxxxx")
OCDS_PUBLISHER_NAME = env_str("OCDS_PUBLISHER_NAME", "Buyers Group for circular and fair ICT procurement")
