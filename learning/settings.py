"""Settings read once from ENTRAIDE_* environment variables and validated at start-up."""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

DEV_SECRET = "dev-only-secret-do-not-use-in-production"


class SettingsError(ValueError):
    pass


class Secret(str):
    """A string that never shows itself in logs or reprs."""

    def __repr__(self) -> str:
        return "Secret('**********')"


@dataclass(frozen=True)
class Settings:
    env: str = "development"
    database_url: str = "sqlite+aiosqlite:///var/entraide.db"
    secret_key: Secret = field(default_factory=lambda: Secret(DEV_SECRET))
    base_url: str = "http://127.0.0.1:8000"
    media_url: str = "ws://127.0.0.1:8001"
    media_port: int = 8001
    ice_servers: tuple[dict[str, Any], ...] = ()
    smtp_url: Secret | None = None
    mail_from: str = "Entraide <ne-pas-repondre@entraide.local>"
    redis_url: str | None = None
    content_dir: Path = Path("content")
    # Rate limits ("N per minute"); the tests rely on the login one.
    login_limit: str = "5/minute"
    signup_limit: str = "5/hour"
    reset_limit: str = "5/hour"
    post_limit: str = "20/hour"
    # Registering and cancelling send e-mails (to her, and to whoever a cancellation promotes).
    workshop_signup_limit: str = "20/hour"
    password_reset_ttl_s: int = 3600
    session_ttl_days: int = 30
    start_media_node: bool = True

    @property
    def development(self) -> bool:
        return self.env in ("development", "test")

    @property
    def secure_cookies(self) -> bool:
        # __Host- cookies need https; plain cookies in local http development.
        return self.base_url.startswith("https://")

    @property
    def session_cookie(self) -> str:
        return "__Host-entraide" if self.secure_cookies else "entraide_session"

    @property
    def base_origin(self) -> str:
        return self.base_url.rstrip("/")

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    def __post_init__(self) -> None:
        if self.env not in ("development", "test", "production"):
            raise SettingsError(f"ENTRAIDE_ENV must be development, test or production, not {self.env!r}")
        if self.env == "production" and self.secret_key == DEV_SECRET:
            raise SettingsError("ENTRAIDE_SECRET_KEY must be set in production")
        if len(self.secret_key) < 16:
            raise SettingsError("ENTRAIDE_SECRET_KEY must be at least 16 characters")

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)
        values: dict[str, Any] = {}

        def take(name: str, key: str, convert: Any = str) -> None:
            raw = env.get(f"ENTRAIDE_{name}")
            if raw is None or raw == "":
                return
            try:
                values[key] = convert(raw)
            except (ValueError, TypeError) as exc:
                raise SettingsError(f"ENTRAIDE_{name}: {exc}") from None

        take("ENV", "env")
        take("DATABASE_URL", "database_url", _normalise_db_url)
        take("SECRET_KEY", "secret_key", Secret)
        take("BASE_URL", "base_url")
        take("MEDIA_URL", "media_url")
        take("MEDIA_PORT", "media_port", int)
        take("ICE_SERVERS", "ice_servers", _parse_ice_servers)
        take("SMTP_URL", "smtp_url", Secret)
        take("MAIL_FROM", "mail_from")
        take("REDIS_URL", "redis_url")
        take("CONTENT_DIR", "content_dir", Path)
        take("START_MEDIA_NODE", "start_media_node", lambda v: v not in ("0", "false", "no"))
        return cls(**values)


def _normalise_db_url(url: str) -> str:
    # Accept the URLs people paste (postgres://, postgresql://) and pick the async drivers.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+asyncpg://" + url[len("postgresql://") :]
    if url.startswith("sqlite:///"):
        url = "sqlite+aiosqlite:///" + url[len("sqlite:///") :]
    return url


def _parse_ice_servers(raw: str) -> tuple[dict[str, Any], ...]:
    servers = json.loads(raw)
    if not isinstance(servers, list) or not all(isinstance(s, dict) and "urls" in s for s in servers):
        raise ValueError("expected a JSON list of objects with 'urls'")
    return tuple(servers)


def random_token(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)
