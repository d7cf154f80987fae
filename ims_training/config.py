"""Configuration classes, read from environment variables so the same code runs everywhere."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

DEV_SECRET = "dev-secret-not-for-production"  # noqa: S105 - refused by ProductionConfig.check()
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _default_sqlite_url(instance_path: str) -> str:
    return "sqlite:///" + str(Path(instance_path) / "ims_training.sqlite3")


def _normalise_database_url(url: str) -> str:
    """Accept the common `postgres://` and `postgresql://` forms and use the psycopg 3 driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


class Config:
    """Development defaults; every value can be overridden from the environment."""

    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET)
    DATABASE_URL = os.environ.get("DATABASE_URL")  # None -> SQLite file under instance/
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT_PER_ADDRESS = os.environ.get("LOGIN_RATE_LIMIT_PER_ADDRESS", "20 per minute")
    LOGIN_RATE_LIMIT_PER_ACCOUNT = os.environ.get(
        "LOGIN_RATE_LIMIT_PER_ACCOUNT", "5 per minute;30 per hour"
    )
    PUBLIC_RATE_LIMIT = os.environ.get("PUBLIC_RATE_LIMIT", "60 per minute")
    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session, which has its own timeouts
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    # The cookie is re-sent when the session changes, not on every response: the idle timeout
    # stamps the session at most twice a minute (security/sessions.py), which renews it then.
    SESSION_REFRESH_EACH_REQUEST = False
    SESSION_IDLE_TIMEOUT = timedelta(minutes=int(os.environ.get("SESSION_IDLE_MINUTES", "30")))
    SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=int(os.environ.get("SESSION_ABSOLUTE_HOURS", "12")))
    PERMANENT_SESSION_LIFETIME = SESSION_ABSOLUTE_TIMEOUT
    PASSWORD_RESET_TTL = timedelta(minutes=int(os.environ.get("PASSWORD_RESET_MINUTES", "30")))
    MAIL_SERVER = os.environ.get("MAIL_SERVER")  # unset -> e-mails are written to the log
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "1") == "1"
    MAIL_FROM = os.environ.get("MAIL_FROM", "IMS Training Portal <noreply@example.org>")
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "Europe/Oslo"
    LANGUAGES = ("en", "nb")
    BABEL_TRANSLATION_DIRECTORIES = str(Path(__file__).parent / "translations")
    COURSE_DIR = os.environ.get("COURSE_DIR", str(PROJECT_ROOT / "course"))
    QUESTION_BANK_DIR = os.environ.get("QUESTION_BANK_DIR", str(PROJECT_ROOT / "question_bank"))
    # The credential signing key lives outside the database so a dump does not carry it.
    SIGNING_KEY_PATH = os.environ.get("SIGNING_KEY_PATH")  # None -> instance/keys/signing-rs256.pem
    # `make run` sets it from PORT; production refuses to start without an https one.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    # The credential issuer's contact e-mail (issuer Profile); empty -> the address in MAIL_FROM.
    ISSUER_EMAIL = os.environ.get("ISSUER_EMAIL", "")
    PROXY_FIX_HOPS = int(os.environ.get("PROXY_FIX_HOPS", "0"))
    ALLOW_DEMO_SEED = True
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024  # uploads (YAML, GIFT, XML) beyond this get a 413
    # Rendered pages of views marked @cached_page, per worker (ims_training/page_cache/pages.py).
    PAGE_CACHE_SIZE = int(os.environ.get("PAGE_CACHE_SIZE", "5000"))  # 0 turns the cache off
    PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
    PAGE_CACHE_GENERATION_SECONDS = float(os.environ.get("PAGE_CACHE_GENERATION_SECONDS", "1"))

    @classmethod
    def check(cls) -> None:
        """Refuse to start with settings that are unsafe for this configuration."""


class TestConfig(Config):
    """Used by the test suite: its own database from TEST_DATABASE_URL, or a temporary SQLite."""

    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "test-secret"  # noqa: S105
    DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
    WTF_CSRF_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    SERVER_NAME = None
    # Tests count the statements of a cache hit; a one-second re-read of the shared generation
    # would make that depend on how fast the machine is. Every write in the test process still
    # re-reads it at once (page_cache/versions.local_content_commits).
    PAGE_CACHE_GENERATION_SECONDS = 60.0


class ProductionConfig(Config):
    """Production: secure cookies, no demo seeding, and a real secret or no start at all."""

    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    ALLOW_DEMO_SEED = False
    # Requests for any other Host (or X-Forwarded-Host) get a 400: see trusted_hosts().
    RESTRICT_HOSTS = True

    @classmethod
    def check(cls) -> None:
        secret = os.environ.get("SECRET_KEY", "")
        if not secret or secret == DEV_SECRET or len(secret) < 32:
            raise RuntimeError(
                "Production configuration refuses to start: set SECRET_KEY to a random value of at "
                "least 32 characters (e.g. python -c 'import secrets; print(secrets.token_hex(32))')."
            )
        if os.environ.get("RATELIMIT_STORAGE_URI", "memory://").startswith("memory://"):
            raise RuntimeError(
                "Production configuration refuses to start: set RATELIMIT_STORAGE_URI to a shared "
                "store (e.g. redis://cache.internal:6379/0); with memory:// every worker counts "
                "log-in attempts on its own, so the limits do not hold (docs/security.md)."
            )
        check_public_base_url(os.environ.get("PUBLIC_BASE_URL", ""))


def check_public_base_url(url: str) -> None:
    """Production needs the https address the public reaches: certificates freeze it at issue."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise RuntimeError(
            "Production configuration refuses to start: set PUBLIC_BASE_URL to the portal's public "
            "https address (e.g. https://ims.example.org). Certificates print it in their "
            "verification link and QR code, frozen at issue."
        )


# Read again at create_app() time, so a process that sets them after import still gets them.
RUNTIME_ENV_KEYS = (
    "SECRET_KEY",
    "DATABASE_URL",
    "RATELIMIT_STORAGE_URI",
    "LOGIN_RATE_LIMIT_PER_ADDRESS",
    "LOGIN_RATE_LIMIT_PER_ACCOUNT",
    "PUBLIC_RATE_LIMIT",
    "MAIL_SERVER",
    "SIGNING_KEY_PATH",
    "PUBLIC_BASE_URL",
    "ISSUER_EMAIL",
    "COURSE_DIR",
    "QUESTION_BANK_DIR",
)
RUNTIME_INT_ENV_KEYS = ("PROXY_FIX_HOPS", "PAGE_CACHE_SIZE", "PAGE_CACHE_SECONDS")


def runtime_env(config_cls: type) -> dict[str, str | int]:
    """The environment's current values for RUNTIME_ENV_KEYS (tests keep their own database)."""
    values: dict[str, str | int] = {k: os.environ[k] for k in RUNTIME_ENV_KEYS if k in os.environ}
    if getattr(config_cls, "TESTING", False):
        values.pop("DATABASE_URL", None)
        values.pop("SECRET_KEY", None)
        values.pop("RATELIMIT_STORAGE_URI", None)
    for key in RUNTIME_INT_ENV_KEYS:
        if key in os.environ:
            values[key] = int(os.environ[key])
    return values


def trusted_hosts(public_base_url: str, extra: str = "") -> list[str]:
    """Flask's TRUSTED_HOSTS for production: the host of PUBLIC_BASE_URL, plus the comma-separated
    names in TRUSTED_HOSTS (e.g. the address a load balancer's health check uses)."""
    from urllib.parse import urlsplit

    host = urlsplit(public_base_url).hostname or ""
    return [h for h in [host, *(e.strip() for e in extra.split(","))] if h]


CONFIGS = {"development": Config, "testing": TestConfig, "production": ProductionConfig}


def resolve_config(config: object | None) -> type[Config]:
    """Pick the configuration: an explicit one, else IMS_CONFIG (development|production)."""
    if config is None:
        name = os.environ.get("IMS_CONFIG", "development")
        if name not in CONFIGS:
            raise RuntimeError(f"IMS_CONFIG={name!r} is unknown: use one of {', '.join(CONFIGS)}")
        return CONFIGS[name]
    if isinstance(config, str):
        return CONFIGS[config]
    if isinstance(config, type) and issubclass(config, Config):
        return config
    raise TypeError(f"config must be a Config class or one of {', '.join(CONFIGS)}, not {config!r}")
