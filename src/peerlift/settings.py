"""Django settings for peerlift.

One settings module for laptops and servers: what differs comes from the environment.
``DATABASE_URL`` chooses the database (default: a SQLite file ``peerlift.sqlite3`` in the working
directory); ``PEERLIFT_SECRET_KEY``, ``PEERLIFT_DEBUG`` and ``PEERLIFT_ALLOWED_HOSTS`` do what they say.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent
HOME = Path(os.environ.get("PEERLIFT_HOME", Path.cwd()))


def _secret_key() -> str:
    """A key from the environment, or one made once per installation and kept beside the database."""
    if key := os.environ.get("PEERLIFT_SECRET_KEY"):
        return key
    keyfile = HOME / ".peerlift-secret-key"
    if not keyfile.exists():
        keyfile.write_text(secrets.token_urlsafe(50))
        keyfile.chmod(0o600)
    return keyfile.read_text().strip()


def database_config(url: str | None) -> dict[str, object]:
    """Django's DATABASES entry for a URL; SQLite is tuned for bulk loads (WAL, normal sync)."""
    config: dict[str, object] = dict(
        dj_database_url.parse(url or f"sqlite:///{HOME / 'peerlift.sqlite3'}", conn_max_age=60)
    )
    if str(config["ENGINE"]).endswith("sqlite3"):
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        }
    return config


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("PEERLIFT_DEBUG", "") == "1"
ALLOWED_HOSTS = os.environ.get("PEERLIFT_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "peerlift.store",
    "peerlift.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
STATIC_ROOT = HOME / "var" / "static"
STORAGES = {
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
