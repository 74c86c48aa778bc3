"""Shuyuan settings: one file, driven by environment variables.

DATABASE_URL          sqlite:///path (default: var/shuyuan.sqlite3) or postgres://user:pw@host:port/db
SHUYUAN_VAR           folder for the database, keys and uploads (default: ./var)
SHUYUAN_DEBUG         1 for development pages with tracebacks
SHUYUAN_HTTPS         1 behind TLS: secure cookies, HSTS, redirect to https
SHUYUAN_ALLOWED_HOSTS comma-separated host names (default: 127.0.0.1,localhost)
SHUYUAN_NOTICE_CHANNEL, SHUYUAN_SMS_*, SHUYUAN_DUE_SOON_DAYS, SHUYUAN_OVERDUE_*: send_notices (see README)
SHUYUAN_EMAIL_*       the mail server for e-mail notices (HOST, PORT, USER, PASSWORD, TLS, SSL, FROM, TIMEOUT)
SHUYUAN_PG_PREPARE    PostgreSQL: prepare the fast path's statements after this many runs (default 5; 0: never)
SHUYUAN_PG_GENERIC_PLANS  PostgreSQL: the fast path's statements run generic plans (default 1; 0 behind PgBouncer)
SHUYUAN_SIP2_DATABASE_THREADS  PostgreSQL: connections per SIP2 worker process (default 4)
"""

import os
import tempfile
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from shuyuan import early_translation
from shuyuan.early_translation import gettext
from shuyuan.keys import read_or_create

BASE_DIR = Path(__file__).resolve().parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name) or default


def env_bool(name: str, default: bool = False) -> bool:
    return env(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = env(name, str(default))
    try:
        return int(value)
    except ValueError:
        message = gettext("The environment variable %(name)s must be a whole number, not %(value)s")
        raise ImproperlyConfigured(message % {"name": name, "value": repr(value)}) from None


VAR_DIR = Path(env("SHUYUAN_VAR", str(BASE_DIR.parent / "var"))).resolve()

SECRET_KEY = read_or_create("secret_key", VAR_DIR)
DEBUG = env_bool("SHUYUAN_DEBUG")
HTTPS = env_bool("SHUYUAN_HTTPS")
ALLOWED_HOSTS = [h.strip() for h in env("SHUYUAN_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "shuyuan",
    "shuyuan.audit",
    "shuyuan.branches",
    "shuyuan.devices",
    "shuyuan.catalog",
    "shuyuan.shelving",
    "shuyuan.patrons",
    "shuyuan.circulation",
    "shuyuan.visits",
    "shuyuan.outreach",
    "shuyuan.acquisitions",
    "shuyuan.serials",
    "shuyuan.stats",
    "shuyuan.sip2",
    "shuyuan.desk",
    "shuyuan.api",
    "shuyuan.opac",
    "shuyuan.lifecycle",
    "shuyuan.returns",
    "shuyuan.workreport",
    "shuyuan.stattables",
    "shuyuan.dashboards",
    "ninja",  # its Swagger UI assets, served locally at /api/docs instead of from a CDN
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "shuyuan.headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "shuyuan.inputs.InputCheckMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "shuyuan.audit.middleware.AuditSourceMiddleware",
]

ROOT_URLCONF = "shuyuan.urls"
WSGI_APPLICATION = "shuyuan.wsgi.application"

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
                "shuyuan.navigation.navigation",
            ],
        },
    },
]


def database_from_url(url: str) -> dict[str, Any]:
    """Django's database settings for DATABASE_URL, with the durability settings of DESIGN.md 4a."""
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    except Exception as exc:
        message = gettext("DATABASE_URL cannot be read (%(error)s): %(url)s")
        raise ImproperlyConfigured(message % {"error": exc, "url": url.split("@")[-1]}) from exc
    engine = config.get("ENGINE", "")
    if engine == "django.db.backends.sqlite3":
        config["ENGINE"] = "shuyuan.sqlite"  # Django's, with a write gate between processes
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
                "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;"
            ),
        }
        config["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / f"shuyuan-test-{os.getpid()}.sqlite3")}
    elif engine == "django.db.backends.postgresql":
        config["ENGINE"] = "shuyuan.postgresql"  # Django's, with an act's last writes sent with its COMMIT
        config["CONN_HEALTH_CHECKS"] = True
        # The fast path (shuyuan.fastsql, through shuyuan.pgstatements) prepares its statements on a
        # connection at their first run (with query logging on, psycopg's server-binding cursor after
        # the fifth); Django's own cursors bind on the client and never prepare. 0 turns it off.
        # Behind PgBouncer in transaction mode this needs PgBouncer 1.21+ with
        # max_prepared_statements set (README, operations), or SHUYUAN_PG_PREPARE=0.
        # Prepared, they run their generic plan: they look rows up by key, where a plan made for the
        # values at hand is the same plan, and making it anew took a quarter of the server's time on
        # a checkout (README, "A city on PostgreSQL"). The ORM's statements and the reports'
        # (fastsql.fetch_report) bind on the client and are planned for their values.
        threshold = env_int("SHUYUAN_PG_PREPARE", 5)
        config["OPTIONS"] = {"prepare_threshold": threshold if threshold > 0 else None}
        # PgBouncer refuses (or with ignore_startup_parameters drops) this startup option: there, set
        # SHUYUAN_PG_GENERIC_PLANS=0 and `ALTER ROLE … SET plan_cache_mode = force_generic_plan`.
        if threshold > 0 and env_bool("SHUYUAN_PG_GENERIC_PLANS", True):
            config["OPTIONS"]["options"] = "-c plan_cache_mode=force_generic_plan"
    else:
        message = gettext("DATABASE_URL names a database Shuyuan does not support: %(engine)s")
        raise ImproperlyConfigured(message % {"engine": engine or url.split(":")[0]})
    if not config.get("NAME"):
        raise ImproperlyConfigured(gettext("DATABASE_URL names no database"))
    return config


DATABASES = {"default": database_from_url(env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'shuyuan.sqlite3'}"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
CSRF_FAILURE_VIEW = "shuyuan.error_pages.csrf_failure"

LANGUAGE_CODE = early_translation.LANGUAGE_CODE  # "zh-hans": also the language of the messages above
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise serves from the finders; it wants the folder
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_HTTPONLY = True
# Desk PCs are shared: a staff session ends when the browser closes, and after a working day at most.
SESSION_COOKIE_AGE = 8 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Personal data never reaches the logs: the audit log records who saw what, the log file does not.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("SHUYUAN_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# E-mail notices go through Django's mail backend: SMTP with these settings (tests use the in-memory one).
EMAIL_BACKEND = env("SHUYUAN_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("SHUYUAN_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("SHUYUAN_EMAIL_PORT", 25)
EMAIL_HOST_USER = env("SHUYUAN_EMAIL_USER")
EMAIL_HOST_PASSWORD = env("SHUYUAN_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("SHUYUAN_EMAIL_TLS")
EMAIL_USE_SSL = env_bool("SHUYUAN_EMAIL_SSL")
EMAIL_TIMEOUT = env_int("SHUYUAN_EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env("SHUYUAN_EMAIL_FROM", "library@localhost")

SHUYUAN = {
    "SIP2_HOST": env("SHUYUAN_SIP2_HOST", "127.0.0.1"),
    "SIP2_PORT": env_int("SHUYUAN_SIP2_PORT", 6001),
    # PostgreSQL: database threads (connections) per SIP2 worker process; SQLite always has one
    "SIP2_DATABASE_THREADS": env_int("SHUYUAN_SIP2_DATABASE_THREADS", 4),
    "TRUSTED_PROXY": env("SHUYUAN_TRUSTED_PROXY"),
    # copy cataloguing's SRU servers; out of the box (and in the demo) our own /sru, which `shuyuan serve`
    # answers on port 8000. SHUYUAN_OWN_SRU_URL=none leaves it out.
    "SRU_SERVERS": [
        {"code": "own", "name": "本馆书目（本系统 SRU）", "url": url, "record_schema": "marcxml"}
        for url in [env("SHUYUAN_OWN_SRU_URL", "http://127.0.0.1:8000/sru")]
        if url != "none"
    ],
    # send_notices: "sms_http" posts to an SMS platform's HTTP API, "email" sends through the mail backend
    # ("sms_http,email": both, each reader by their choice); "none" leaves notices unsent, on screen
    "NOTICES": {
        "CHANNEL": env("SHUYUAN_NOTICE_CHANNEL", "none"),
        "EMAIL_FROM": env("SHUYUAN_NOTICE_EMAIL_FROM"),
        "SMS_URL": env("SHUYUAN_SMS_URL"),
        "SMS_TOKEN": env("SHUYUAN_SMS_TOKEN"),
        "SMS_SIGNATURE": env("SHUYUAN_SMS_SIGNATURE"),
        "TIMEOUT": env_int("SHUYUAN_SMS_TIMEOUT", 10),
        "DUE_SOON_DAYS": env_int("SHUYUAN_DUE_SOON_DAYS", 3),
        "OVERDUE_EVERY_DAYS": env_int("SHUYUAN_OVERDUE_EVERY_DAYS", 7),
        "OVERDUE_MAX": env_int("SHUYUAN_OVERDUE_MAX", 3),
        "MAX_ATTEMPTS": env_int("SHUYUAN_SMS_MAX_ATTEMPTS", 3),
    },
}
