"""Settings read from TRACKER_* environment variables, with safe defaults."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"


def default_database_url() -> str:
    return f"sqlite:///{INSTANCE_DIR / 'tracker.db'}"


def _secret_key() -> str:
    """A stable key: from the environment, else kept in instance/ so sessions survive restarts."""
    if key := os.environ.get("TRACKER_SECRET_KEY"):
        return key
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _positive(name: str, default: int) -> int:
    value = _int(name, default)
    if value < 1:
        raise SystemExit(f"{name} must be at least 1, not {value}")
    return value


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise SystemExit(f"{name} must be a whole number, not {raw!r}") from exc


@dataclass
class Settings:
    """The settings the app and the CLI share; `from_env` is the only reader of the environment."""

    database_url: str = field(default_factory=default_database_url)
    secret_key: str = ""
    stale_after_days: int = 90
    page_size: int = 50
    ratelimit_storage_url: str = "memory://"
    # Failed sign-ins: per account (then even the right password waits) and per address.
    login_rate_limit: str = "5 per minute; 30 per hour"
    login_address_rate_limit: str = "20 per minute; 200 per hour"
    secure_cookies: bool = False
    max_upload_bytes: int = 5 * 1024 * 1024
    # A session ends after this long without a request, and this long after signing in.
    session_idle_minutes: int = 8 * 60
    session_lifetime_hours: int = 7 * 24
    # How many proxies in front of the app set X-Forwarded-For/-Proto/-Host (0: none trusted).
    trusted_proxies: int = 0
    # Digests: where mail goes (smtp://host:port), who sends it, and the address pages are at.
    smtp_url: str = ""
    mail_from: str = "tracker@localhost"
    base_url: str = "http://127.0.0.1:5000"

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            database_url=os.environ.get("TRACKER_DATABASE_URL") or default_database_url(),
            secret_key=_secret_key(),
            stale_after_days=_int("TRACKER_STALE_AFTER_DAYS", 90),
            page_size=_int("TRACKER_PAGE_SIZE", 50),
            ratelimit_storage_url=os.environ.get("TRACKER_RATELIMIT_STORAGE_URL") or "memory://",
            login_rate_limit=os.environ.get("TRACKER_LOGIN_RATE_LIMIT") or cls.login_rate_limit,
            login_address_rate_limit=os.environ.get("TRACKER_LOGIN_ADDRESS_RATE_LIMIT")
            or cls.login_address_rate_limit,
            secure_cookies=os.environ.get("TRACKER_SECURE_COOKIES", "") in {"1", "true", "yes"},
            session_idle_minutes=_positive("TRACKER_SESSION_IDLE_MINUTES", 8 * 60),
            session_lifetime_hours=_positive("TRACKER_SESSION_LIFETIME_HOURS", 7 * 24),
            trusted_proxies=_int("TRACKER_TRUSTED_PROXIES", 0),
            smtp_url=os.environ.get("TRACKER_SMTP_URL", ""),
            mail_from=os.environ.get("TRACKER_MAIL_FROM") or "tracker@localhost",
            base_url=os.environ.get("TRACKER_BASE_URL") or "http://127.0.0.1:5000",
        )

    def to_flask(self) -> dict[str, Any]:
        return {
            "SECRET_KEY": self.secret_key,
            "TRACKER_DATABASE_URL": self.database_url,
            "TRACKER_STALE_AFTER_DAYS": self.stale_after_days,
            "TRACKER_PAGE_SIZE": self.page_size,
            "RATELIMIT_STORAGE_URI": self.ratelimit_storage_url,
            "TRACKER_LOGIN_RATE_LIMIT": self.login_rate_limit,
            "TRACKER_LOGIN_ADDRESS_RATE_LIMIT": self.login_address_rate_limit,
            "TRACKER_SESSION_IDLE": dt.timedelta(minutes=self.session_idle_minutes),
            "TRACKER_SESSION_LIFETIME": dt.timedelta(hours=self.session_lifetime_hours),
            "TRACKER_TRUSTED_PROXIES": self.trusted_proxies,
            # The signed cookie itself expires when idle for longer: it is signed anew at least
            # once a minute while in use (tracker/web/auth/sessions.py).
            "PERMANENT_SESSION_LIFETIME": dt.timedelta(minutes=self.session_idle_minutes),
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SAMESITE": "Lax",
            "SESSION_COOKIE_SECURE": self.secure_cookies,
            "REMEMBER_COOKIE_HTTPONLY": True,
            "REMEMBER_COOKIE_SAMESITE": "Lax",
            "REMEMBER_COOKIE_SECURE": self.secure_cookies,
            "MAX_CONTENT_LENGTH": self.max_upload_bytes + 64 * 1024,
            "TRACKER_BASE_URL": self.base_url,
        }
