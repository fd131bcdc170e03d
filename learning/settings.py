"""Settings read once from ENTRAIDE_* environment variables and validated at start-up.

An unset ENTRAIDE_ENV means production: a forgotten variable must not turn on development
conveniences. In development only, a missing ENTRAIDE_SECRET_KEY is generated once and kept in
`var/secret-key` (ignored by git), so that a fresh `make run` works without a public constant.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ENVIRONMENTS = ("development", "test", "production")
MIN_SECRET_LENGTH = 16
SECRET_FILE = "secret-key"
LOOPBACK_NAMES = ("127.0.0.1", "localhost")


class SettingsError(ValueError):
    pass


class Secret(str):
    """A string that never shows itself in logs or reprs."""

    def __repr__(self) -> str:
        return "Secret('**********')"


@dataclass(frozen=True)
class Settings:
    env: str = "production"
    database_url: str = "sqlite+aiosqlite:///var/entraide.db"
    secret_key: Secret = field(default_factory=lambda: Secret(""), repr=False)
    base_url: str = "http://127.0.0.1:8000"
    media_url: str = "ws://127.0.0.1:8001"
    media_port: int = 8001
    # Origins whose pages may open a room's WebSocket; empty: derived from base_url (media_origins).
    allowed_origins: tuple[str, ...] = ()
    # Addresses of reverse proxies whose X-Forwarded-For / -Proto are believed; nobody else's.
    trusted_proxies: tuple[str, ...] = ()
    smtp_url: Secret | None = field(default=None, repr=False)
    mail_from: str = "Entraide <ne-pas-repondre@entraide.local>"
    # The envelope sender's mailbox: bounces come back to bounces+<signed outbox id>@… (learning/bounces.py).
    bounce_address: str | None = None
    redis_url: str | None = None
    # Prefix of every key the site writes in Redis (metrics): several sites, or tests, can share one Redis.
    redis_prefix: str = "entraide:"
    # Who may read /metrics (addresses or networks); anyone else gets a 404.
    metrics_allow: tuple[str, ...] = ("127.0.0.0/8", "::1")
    # "json": one JSON object per log line (learning.logs); anything else: plain text lines.
    log_format: str = "text"
    content_dir: Path = Path("content")
    # Files members upload (workshop handouts): never under static/, served only through access checks.
    data_dir: Path = Path("var")
    # Rate limits ("N per minute"); the tests rely on the login ones. Login attempts are counted per
    # (address, account) and, more loosely, per address: members behind one office or café NAT log in together.
    login_limit: str = "5/minute"
    login_ip_limit: str = "30/minute"
    signup_limit: str = "5/hour"
    reset_limit: str = "5/hour"
    post_limit: str = "20/hour"
    # Registering and cancelling send e-mails (to her, and to whoever a cancellation promotes).
    workshop_signup_limit: str = "20/hour"
    password_reset_ttl_s: int = 3600
    session_ttl_days: int = 30
    # How long a worker may reuse a session lookup (learning.session_cache): a logout or a password change
    # made through another worker takes effect within this delay; 0 turns the cache off.
    session_cache_s: float = 3.0
    # How long a worker may serve again a page it rendered for a member (learning.page_cache; the lesson
    # page): a change written through another worker shows within this delay; 0 turns the cache off.
    page_cache_s: float = 3.0
    start_media_node: bool = True
    # The association's membership payment page (a HelloAsso form…): cards are never handled here.
    membership_url: str = ""
    # Where the contact form's messages are e-mailed; unset, they wait for the admins at /admin/contact.
    contact_email: str = ""
    # « Mentions légales »: empty fields show as « à compléter par l'association ».
    publisher_name: str = ""
    publisher_address: str = ""
    publisher_registration: str = ""  # RNA or SIREN number
    publisher_director: str = ""  # directrice de la publication
    publisher_email: str = ""
    host_name: str = ""
    host_address: str = ""
    host_contact: str = ""

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

    @property
    def media_origins(self) -> tuple[str, ...]:
        """The page origins the media node accepts: the site's, and in development the same port under
        its other loopback name (a member may open http://localhost:8000 as well as http://127.0.0.1:8000)."""
        if self.allowed_origins:
            return self.allowed_origins
        origins = [self.base_origin]
        parts = urlsplit(self.base_origin)
        if self.development and parts.hostname in LOOPBACK_NAMES:
            for name in LOOPBACK_NAMES:
                twin = f"{parts.scheme}://{name}" + (f":{parts.port}" if parts.port else "")
                if twin not in origins:
                    origins.append(twin)
        return tuple(origins)

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    def __post_init__(self) -> None:
        if self.env not in ENVIRONMENTS:
            raise SettingsError(f"ENTRAIDE_ENV must be development, test or production, not {self.env!r}")
        if not self.secret_key:
            raise SettingsError(
                "ENTRAIDE_SECRET_KEY is not set. Give it a long random value (for example the output of "
                "`python3 -c 'import secrets; print(secrets.token_urlsafe(48))'`), the same for every process "
                "of the site; on your own computer, `make run` (ENTRAIDE_ENV=development) makes one for you."
            )
        if len(self.secret_key) < MIN_SECRET_LENGTH:
            raise SettingsError(f"ENTRAIDE_SECRET_KEY must be at least {MIN_SECRET_LENGTH} characters")
        if self.membership_url and not self.membership_url.startswith(("https://", "http://")):
            # Shown as a link to every member: nothing but a web address (no javascript: URL).
            raise SettingsError("ENTRAIDE_MEMBERSHIP_URL must start with https://")
        if self.bounce_address is not None and self.bounce_address.count("@") != 1:
            raise SettingsError(
                "ENTRAIDE_BOUNCE_ADDRESS must be one address, e.g. bounces@entraide.example.org"
            )
        for address in (*self.trusted_proxies, *self.metrics_allow):
            try:
                ipaddress.ip_network(address, strict=False)
            except ValueError:
                raise SettingsError(
                    f"ENTRAIDE_TRUSTED_PROXIES / ENTRAIDE_METRICS_ALLOW: {address!r} is not an IP address or network"
                ) from None

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
        take("MEDIA_PORT", "media_port", int)
        take("MEDIA_URL", "media_url")
        take("ALLOWED_ORIGINS", "allowed_origins", _comma_list)
        take("TRUSTED_PROXIES", "trusted_proxies", _comma_list)
        take("SMTP_URL", "smtp_url", Secret)
        take("MAIL_FROM", "mail_from")
        take("BOUNCE_ADDRESS", "bounce_address")
        take("REDIS_URL", "redis_url")
        take("REDIS_PREFIX", "redis_prefix")
        take("METRICS_ALLOW", "metrics_allow", _comma_list)
        take("LOG_FORMAT", "log_format")
        take("CONTENT_DIR", "content_dir", Path)
        take("SESSION_CACHE_S", "session_cache_s", float)
        take("PAGE_CACHE_S", "page_cache_s", float)
        take("DATA_DIR", "data_dir", Path)
        take("MEMBERSHIP_URL", "membership_url")
        take("CONTACT_EMAIL", "contact_email")
        for part in ("NAME", "ADDRESS", "REGISTRATION", "DIRECTOR", "EMAIL"):
            take(f"PUBLISHER_{part}", f"publisher_{part.lower()}")
        for part in ("NAME", "ADDRESS", "CONTACT"):
            take(f"HOST_{part}", f"host_{part.lower()}")
        take("START_MEDIA_NODE", "start_media_node", lambda v: v not in ("0", "false", "no"))
        if "media_url" not in values:
            # The node listens beside the site: same host name as the pages, so that one origin serves both.
            parts = urlsplit(values.get("base_url", cls.base_url))
            scheme = "wss" if parts.scheme == "https" else "ws"
            values["media_url"] = (
                f"{scheme}://{parts.hostname or '127.0.0.1'}:{values.get('media_port', cls.media_port)}"
            )
        if "secret_key" not in values and values.get("env", "production") == "development":
            values["secret_key"] = development_secret(Path("var"))
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


def local_url(host: str, port: int) -> str:
    """The site's address as seen from this machine, whatever address it listens on (0.0.0.0, ::)."""
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def _comma_list(raw: str) -> tuple[str, ...]:
    return tuple(item.strip().rstrip("/") for item in raw.split(",") if item.strip())


def development_secret(var_dir: Path) -> Secret:
    """The development secret of this checkout: made once, then read by every process (site, node, CLI).

    Written under a temporary name and linked into place, so that two processes starting at once agree
    on one value instead of each writing its own.
    """
    path = var_dir / SECRET_FILE
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        draft = var_dir / f".{SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(48) + "\n")
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # another process was first: use its secret
        finally:
            draft.unlink()
    return Secret(path.read_text().strip())
