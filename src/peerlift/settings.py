"""Django settings for peerlift.

One settings module for laptops and servers: what differs comes from the environment.
``DATABASE_URL`` chooses the database (default: a SQLite file ``peerlift.sqlite3`` in the working
directory); ``PEERLIFT_SECRET_KEY``, ``PEERLIFT_DEBUG`` and ``PEERLIFT_ALLOWED_HOSTS`` do what they say.
``PEERLIFT_FILES`` is the folder background jobs write their files to (shared by every web server and
worker; default ``var/``). ``PEERLIFT_HTTPS=1`` says the app is served over TLS (behind a proxy that
sets X-Forwarded-Proto): then cookies are Secure, plain HTTP redirects to HTTPS and browsers are told
to use HTTPS only (HSTS). ``PEERLIFT_TRUSTED_PROXIES`` names the reverse proxies whose X-Forwarded-For
is believed when throttling sign-in (``PEERLIFT_LOGIN_ATTEMPTS``, ``PEERLIFT_LOGIN_ATTEMPTS_PER_ADDRESS``);
see docs/security.md.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path
from wsgiref.headers import Headers

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent
HOME = Path(os.environ.get("PEERLIFT_HOME", Path.cwd()))


SECRET_KEY_FILE = HOME / ".peerlift-secret-key"


def _secret_key() -> str:
    """A key from the environment, or the installation's, which `peerlift serve` makes once and keeps
    beside the database. Other commands sign nothing that outlives them: they make do with a new one
    rather than leave a file in whatever folder they were run from."""
    if key := os.environ.get("PEERLIFT_SECRET_KEY"):
        return key
    if SECRET_KEY_FILE.exists():
        return SECRET_KEY_FILE.read_text().strip()
    return secrets.token_urlsafe(50)


def database_config(url: str | None) -> dict[str, object]:
    """Django's DATABASES entry for a URL; SQLite is tuned for bulk loads (WAL, normal sync)."""
    config: dict[str, object] = dict(
        dj_database_url.parse(url or f"sqlite:///{HOME / 'peerlift.sqlite3'}", conn_max_age=60)
    )
    if str(config["ENGINE"]).endswith("sqlite3"):
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            # a 256 MiB page cache: a national load's indexes stay in memory until the commit
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                "PRAGMA cache_size=-262144;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        }
    return config


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("PEERLIFT_DEBUG", "") == "1"
ALLOWED_HOSTS = os.environ.get("PEERLIFT_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "peerlift.store",
    "peerlift.web",
    "axes",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "peerlift.web.middleware.BodyLimitMiddleware",  # before anything reads a body (CSRF does)
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "peerlift.web.middleware.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
    "peerlift.web.middleware.PermissionMiddleware",
]

ROOT_URLCONF = "peerlift.web.urls"
WSGI_APPLICATION = "peerlift.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "peerlift.web.context.navigation",
            ],
        },
    }
]

DATABASES = {"default": database_config(os.environ.get("DATABASE_URL"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = HOME / "var" / "static"  # whitenoise serves from here after `peerlift serve` collects
WHITENOISE_USE_FINDERS = True  # and straight from the app's static folder before it (tests, development)


def _static_headers(headers: Headers, path: str, url: str) -> None:
    """The security headers on static files too (imported when first used: settings load first)."""
    from peerlift.web.middleware import add_static_headers

    add_static_headers(headers, path, url)


WHITENOISE_ADD_HEADERS_FUNCTION = _static_headers
STORAGES = {
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
}

# Signing in: strong password hashing, throttled attempts, sessions that end.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("PEERLIFT_LOGIN_ATTEMPTS", "5"))
AXES_COOLOFF_TIME = 0.25  # hours: a locked-out username and address may try again after 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# and an address, whatever the usernames, after this many failures within the same 15 minutes
PEERLIFT_LOGIN_ATTEMPTS_PER_ADDRESS = int(os.environ.get("PEERLIFT_LOGIN_ATTEMPTS_PER_ADDRESS", "20"))
AXES_HANDLER = "peerlift.web.throttle.Throttle"
AXES_CLIENT_IP_CALLABLE = "peerlift.web.throttle.client_address"


def trusted_proxies(text: str) -> list[str]:
    """PEERLIFT_TRUSTED_PROXIES: the reverse proxies (addresses or networks, comma-separated) whose
    X-Forwarded-For header says who the client is. None by default: the header is ignored."""
    found = [part.strip() for part in text.split(",") if part.strip()]
    for part in found:
        try:
            ipaddress.ip_network(part, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"PEERLIFT_TRUSTED_PROXIES: {part!r} is not an address or a network such as 10.0.0.0/8"
            ) from None
    return found


PEERLIFT_TRUSTED_PROXIES = trusted_proxies(os.environ.get("PEERLIFT_TRUSTED_PROXIES", ""))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Security headers and cookies. Secure cookies, HTTPS redirect and HSTS need TLS: PEERLIFT_HTTPS=1.
HTTPS = os.environ.get("PEERLIFT_HTTPS", "") == "1"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0  # Django sends it only on requests over TLS
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "peerlift.web.views.home.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PEERLIFT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

# Uploads of published files: where they wait between check and import, how big, which types.
PEERLIFT_UPLOAD_DIR = HOME / "var" / "uploads"
PEERLIFT_UPLOAD_MAX_BYTES = int(os.environ.get("PEERLIFT_UPLOAD_MAX_MB", "200")) * 1024 * 1024
PEERLIFT_UPLOAD_TYPES = frozenset({".csv", ".xlsx", ".xlsm", ".parquet"})
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # larger uploads spool to a temporary file
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # form fields other than files

# An import that finds the database busy (another program holds its write lock) tries again for this
# many seconds, then says the database was busy; recording that failure may wait as long again.
PEERLIFT_BUSY_SECONDS = float(os.environ.get("PEERLIFT_BUSY_SECONDS", "120"))

# Upload limits (docs/security.md): web.middleware.BodyLimitMiddleware refuses by Content-Length and
# refuses anyone who may not import, before the body is read; web.uploads.LimitedUploadHandler stops
# a file's bytes at PEERLIFT_UPLOAD_MAX_BYTES as they stream. Temporary files of uploads in progress
# live beside the waiting uploads, and both expire after PEERLIFT_UPLOAD_MAX_AGE seconds.
FILE_UPLOAD_HANDLERS = [
    "peerlift.web.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_TEMP_DIR = str(PEERLIFT_UPLOAD_DIR / ".incoming")
# Made by web.uploads.LimitedUploadHandler when the first upload arrives (settings write no files), so
# Django's check that the folder exists already is silenced.
SILENCED_SYSTEM_CHECKS = ["files.E001"]
PEERLIFT_UPLOAD_MAX_AGE = int(os.environ.get("PEERLIFT_UPLOAD_MAX_AGE_MINUTES", "60")) * 60
PEERLIFT_UPLOAD_PATHS = frozenset({"/imports/upload"})  # the only addresses that take a file
# Excel workbooks are checked before they are read (sources/workbooks.py): PEERLIFT_WORKBOOK_MAX_MB,
# PEERLIFT_WORKBOOK_PART_MAX_MB, PEERLIFT_WORKBOOK_MAX_RATIO and PEERLIFT_WORKBOOK_MAX_CELLS in the
# environment; the readers take them from there, since sources/ does not use Django.

# Background jobs (an LA's data packs...): Django's tasks framework with the database backend, so a
# worker needs nothing but DATABASE_URL (`peerlift worker`, on this machine or another). What a job
# writes (ZIPs of packs) goes under PEERLIFT_FILES, a folder every web and task worker shares.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
PEERLIFT_FILES = Path(os.environ.get("PEERLIFT_FILES", HOME / "var"))
# A running job whose worker has said nothing for this long is taken for dead (killed, or its machine
# lost): it is marked failed so that it can be asked for again. A running job's worker beats every
# fifth of it (at most every minute), whatever the job (store/jobs.py).
PEERLIFT_JOB_SILENT_MINUTES = float(os.environ.get("PEERLIFT_JOB_SILENT_MINUTES", "15"))
# Where the phase banner's feedback link goes: a mailto: or an address of the authority's own form.
PEERLIFT_FEEDBACK_URL = os.environ.get(
    "PEERLIFT_FEEDBACK_URL", "mailto:school.improvement@example.org?subject=peerlift%20feedback"
)

# Cached pages of published data found stale after an import are rebuilt once, in a background
# thread of each server process, while readers get the last page ("inline": by the first reader
# to find them stale, while others get the last page). See web/pages.remember_versioned.
PEERLIFT_PAGE_REBUILD = os.environ.get("PEERLIFT_PAGE_REBUILD", "background")
