"""Settings for Duihua, read from the environment with safe defaults for a first run.

Development (the default) needs nothing: SQLite and the search index live under ``var/``.
Production sets ``DJANGO_DEBUG=0``, ``DJANGO_SECRET_KEY``, ``DJANGO_ALLOWED_HOSTS`` and
``DATABASE_URL``; the security settings below then switch on.
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from archive.search import engines as search_engines

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable ("1", "true", "yes", "on" mean yes)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)
DATA_DIR = Path(os.environ.get("DUIHUA_DATA_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY when DJANGO_DEBUG is off.")
    SECRET_KEY = "development-only-key-never-used-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "archive",  # before haystack: its rebuild_index command replaces Haystack's
    "haystack",
    # Curation in the admin: nested inlines, history of every change, login throttling.
    "nested_admin",
    "reversion",
    "axes",
    "csp",  # system checks for the Content-Security-Policy settings
    # The read-only API: REST framework, its OpenAPI schema, Swagger UI served from the package.
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "archive.security.ContentSecurityPolicyMiddleware",
    "archive.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "archive.interface.InterfaceLanguageMiddleware",  # ?ui=zh-hans, no cookie
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # turns a lockout into the lockout page
    # Inside the others, so that a 413 gets every header; nothing above reads the body.
    "archive.security.RequestSizeLimitMiddleware",
    "archive.security.NulInQueryMiddleware",
    # Innermost: an unreadable search index is a 503 on every page that reads it.
    "archive.unavailable.IndexUnavailableMiddleware",
]

ROOT_URLCONF = "archive.urls"
WSGI_APPLICATION = "archive.wsgi.application"

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
                "archive.interface.interface",
                "archive.characters.context",
            ],
        },
    },
]

if "DATABASE_URL" not in os.environ:
    DATA_DIR.mkdir(parents=True, exist_ok=True)  # the embedded SQLite file lives here

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'duihua.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take the write lock when a transaction starts and wait for it, so concurrent writers
    # (two imports, an import and the admin) queue instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 30}
    # A file, not memory, so that tests can run several processes against one database;
    # one per test run, so that two runs side by side do not share it.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / f"test-{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", DATA_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Uploaded transcripts are read into memory for parsing; the parser refuses anything larger.
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
# Bodies announced larger than this are refused with 413 before they are read
# (archive.security.RequestSizeLimitMiddleware). The import form takes several 5 MB files.
MAX_REQUEST_BYTES = int(os.environ.get("DUIHUA_MAX_REQUEST_BYTES", 6 * 1024 * 1024))
IMPORT_MAX_REQUEST_BYTES = int(os.environ.get("DUIHUA_IMPORT_MAX_BYTES", 26 * 1024 * 1024))

INTERVIEWS_PER_PAGE = 20

# Public pages may be kept this long by browsers and shared caches (archive/caching.py); they
# revalidate with their ETag, which changes whenever the archive does.
PUBLIC_PAGE_MAX_AGE = int(os.environ.get("DUIHUA_PUBLIC_MAX_AGE", "120"))
# Rendered pages and search facet counts: Redis when REDIS_URL (or CACHE_URL) is set, shared by
# every worker; otherwise each process keeps its own in memory.
CACHE_URL = os.environ.get("REDIS_URL") or os.environ.get("CACHE_URL", "")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": "duihua",
    }
    if CACHE_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}
# Exports: the permanent URLs in exported files start with the address a request came to, or
# with DUIHUA_SITE_URL (https://duihua.example.org) where there is no request (export_archive).
SITE_URL = os.environ.get("DUIHUA_SITE_URL", "").rstrip("/")
EXPORT_SEARCH_LIMIT = 1000  # passages in one export of search results, the first in order

# Search: Haystack over a Whoosh index on local disk, kept in step after each commit; or,
# for archives that outgrow it, Elasticsearch: SEARCH_URL=elasticsearch://host:9200/index
# (archive/search/engines.py reads the value; README "Outgrowing Whoosh: Elasticsearch").
SEARCH_URL = os.environ.get("SEARCH_URL", "")
HAYSTACK_CONNECTIONS = {
    "default": search_engines.connection(
        SEARCH_URL, os.environ.get("DUIHUA_INDEX_DIR", str(DATA_DIR / "whoosh"))
    ),
}
HAYSTACK_SIGNAL_PROCESSOR = "archive.search.indexing.OnCommitSignalProcessor"
HAYSTACK_LIMIT_TO_REGISTERED_MODELS = False  # saves a narrowing query on every search
# Processes that write a rebuild's documents (archive/search/parallel.py): one per core unless
# DUIHUA_INDEX_PROCESSES says otherwise (1: a single writer).
SEARCH_INDEX_PROCESSES = int(os.environ.get("DUIHUA_INDEX_PROCESSES", "0")) or None
# Who applies queued index updates (archive/search/queue.py): "inline", the process that
# committed, right after the commit (nothing else to run); or "worker", `manage.py
# index_worker` beside the web server, so requests and imports never wait for the index.
SEARCH_INDEX_QUEUE = os.environ.get("DUIHUA_INDEX_QUEUE", "inline")
if SEARCH_INDEX_QUEUE not in ("inline", "worker"):
    raise ImproperlyConfigured("DUIHUA_INDEX_QUEUE must be 'inline' or 'worker'.")

# Response headers on every page (archive/security.py says who sends which).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}
# Nothing inline on any public page: scripts and styles come from static/ only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# The admin only adds data: images (django-nested-admin's stylesheet draws its drag handle from
# one). Django's admin and nested-admin run no inline script or style on our pages:
# tests/browser/test_security_in_browser.py clicks through them and finds no violation.
CSP_ADMIN_UPDATE = {
    "img-src": ["data:"],
}

# The API (archive/api/): public, read-only, anonymous, throttled per client address. The
# throttle counts in the default cache, which is per process: set CACHES to a shared cache
# (Redis, Memcached, the database) when several workers serve the site.
API_RATE = os.environ.get("DUIHUA_API_RATE", "120/minute")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_PAGINATION_CLASS": "archive.api.pagination.Pages",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": API_RATE},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Duihua API",
    "DESCRIPTION": (
        "Read-only access to the published interviews of 对话 Duihua, an archive of bilingual "
        "Chinese/English interview transcripts: interviews with their questions and aligned "
        "paragraph pairs, people, organisations, topics, passages and search. "
        f"Requests are limited to {API_RATE} per client address (HTTP 429 beyond)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# OAI-PMH (archive/oai.py): the repository's name in identifiers (oai:<this>:interview/<id>),
# which must never change once harvested, and the address harvesters may write to.
OAI_REPOSITORY_IDENTIFIER = os.environ.get("DUIHUA_OAI_REPOSITORY_IDENTIFIER", "duihua.archive")
OAI_ADMIN_EMAIL = os.environ.get("DUIHUA_ADMIN_EMAIL", "archive@duihua.example")
OAI_PAGE_SIZE = 100  # records or headers per ListRecords / ListIdentifiers response
OAI_TOKEN_LIFETIME = dt.timedelta(hours=24)

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Curators' logins: Axes checks for a lockout before Django checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
# Per account and address: a typo-prone curator elsewhere is not locked out by an attacker.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_VERBOSE = False  # no start-up banner in every management command
