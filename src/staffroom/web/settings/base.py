"""Settings shared by every environment. Nothing secret is committed here."""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from staffroom.config import min_n_setting
from staffroom.web.settings.env import env, env_bool, env_int, env_list, env_secret

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/staffroom/web
REPO_DIR = PACKAGE_DIR.parent.parent.parent
VAR_DIR = Path(env("STAFFROOM_VAR_DIR", str(REPO_DIR / "var")))

DEBUG = env_bool("STAFFROOM_DEBUG", False)
SECRET_KEY = env_secret("STAFFROOM_SECRET_KEY")
ALLOWED_HOSTS = env_list("STAFFROOM_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("STAFFROOM_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "staffroom.web.core",
    "staffroom.web.orgs",
    "staffroom.web.accounts",
    "staffroom.web.surveys",
    "staffroom.web.results",
    "staffroom.web.community",
    "staffroom.web.network",
    "staffroom.web.continuum",
    "staffroom.web.improvement",
    "staffroom.web.voice",
    "staffroom.web.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "staffroom.web.urls"
WSGI_APPLICATION = "staffroom.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "staffroom.web.core.navigation.main_nav",
            ],
        },
    },
]


def _database() -> dict[str, object]:
    """``DATABASE_URL`` (PostgreSQL in production), else SQLite in WAL mode under var/."""
    url = env("DATABASE_URL")
    if url:
        config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
        config["CONN_HEALTH_CHECKS"] = True
        if config["ENGINE"] == "django.db.backends.postgresql" and env_bool(
            "STAFFROOM_PREPARED_STATEMENTS", True
        ):
            # Django turns psycopg's prepared statements off, which also ignores an
            # explicit prepare=True. Its own queries bind on the client and are never
            # prepared either way; with a threshold set, the submission path's statements
            # (surveys.services._postgres_prepared) are planned once per connection.
            # Set STAFFROOM_PREPARED_STATEMENTS=0 behind a pooler in transaction mode
            # that does not keep prepared statements.
            given = config.get("OPTIONS")
            config["OPTIONS"] = {
                "prepare_threshold": 2**31 - 1,
                **(given if isinstance(given, dict) else {}),
            }
        return config
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(VAR_DIR / "staffroom.sqlite3"),
        "OPTIONS": {
            # WAL lets readers and one writer work at once; IMMEDIATE takes the write
            # lock at BEGIN, so concurrent submissions queue instead of failing.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA busy_timeout=10000;",
            "transaction_mode": "IMMEDIATE",
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_FAILURE_LIMIT = env_int("STAFFROOM_LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("STAFFROOM_LOGIN_FAILURE_WINDOW", 900)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
TIME_ZONE = env("STAFFROOM_TIME_ZONE", "America/Chicago")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
NODE_MODULES = Path(env("STAFFROOM_NODE_MODULES", str(REPO_DIR / "node_modules")))
STATICFILES_DIRS = [
    PACKAGE_DIR / "static",
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    # the connection map: d3-force and the three d3 modules it needs (UMD builds)
    ("vendor/d3-dispatch", NODE_MODULES / "d3-dispatch" / "dist"),
    ("vendor/d3-quadtree", NODE_MODULES / "d3-quadtree" / "dist"),
    ("vendor/d3-timer", NODE_MODULES / "d3-timer" / "dist"),
    ("vendor/d3-force", NODE_MODULES / "d3-force" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

EMAIL_BACKEND = env("STAFFROOM_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("STAFFROOM_FROM_EMAIL", "Staffroom <staffroom@localhost>")
EMAIL_HOST = env("STAFFROOM_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("STAFFROOM_EMAIL_PORT", 25)
EMAIL_HOST_USER = env("STAFFROOM_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_secret("STAFFROOM_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("STAFFROOM_EMAIL_TLS", False)

STAFFROOM_BACKGROUND_UPLOAD_BYTES = env_int("STAFFROOM_BACKGROUND_UPLOAD_BYTES", 2 * 1024 * 1024)
"""District data files larger than this are imported by the background worker."""

STAFFROOM_MIN_N = min_n_setting()
"""Installation floor for group sizes (STAFFROOM_MIN_N, default 5, never below 3)."""
STAFFROOM_COMMENT_MIN_N = env_int("STAFFROOM_COMMENT_MIN_N", 10)
STAFFROOM_BASE_URL = env("STAFFROOM_BASE_URL", "http://127.0.0.1:8000")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("STAFFROOM_LOG_LEVEL", "INFO")},
}
