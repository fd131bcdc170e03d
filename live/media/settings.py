"""Settings of the media node, read once from the environment and validated at start-up.

The node is its own process (shared/DESIGN.md, "Processes"): it reads its own environment and
imports nothing from the web application. Secrets never appear in ``repr()`` or logs.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

DEV_SECRET = "entraide-dev-secret-not-for-production"
DEFAULT_ORIGINS = ("http://127.0.0.1:8000", "http://localhost:8000")
DEFAULT_ATTENDANCE_URL = "http://127.0.0.1:8000/ateliers/presence"
# coturn REST credentials (use-auth-secret) stay valid this long after a join.
TURN_CREDENTIAL_TTL = 4 * 3600


class SettingsError(ValueError):
    """The environment does not describe a valid media node."""


class Secret(str):
    """A string that does not show itself in reprs (starlette's ``Secret`` idea)."""

    def __repr__(self) -> str:
        return "Secret('**********')"


@dataclass(frozen=True)
class IceServer:
    urls: tuple[str, ...]
    username: str | None = None
    credential: Secret | None = field(default=None, repr=False)

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {"urls": list(self.urls)}
        if self.username is not None:
            data["username"] = self.username
        if self.credential is not None:
            data["credential"] = str(self.credential)
        return data


@dataclass(frozen=True)
class NodeSettings:
    secret_key: Secret = field(repr=False)
    host: str = "127.0.0.1"
    port: int = 8001
    env: str = "development"
    ice_servers: tuple[IceServer, ...] = ()
    turn_secret: Secret | None = field(default=None, repr=False)
    turn_urls: tuple[str, ...] = ()
    allowed_origins: tuple[str, ...] = DEFAULT_ORIGINS
    loopback_ice: bool = False
    loopback_only: bool = False  # ENTRAIDE_MEDIA_LOOPBACK_ICE=only: no other address (benchmarks)
    attendance_url: str = DEFAULT_ATTENDANCE_URL

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> NodeSettings:
        env = os.environ if environ is None else environ
        mode = env.get("ENTRAIDE_ENV", "development").strip() or "development"
        secret = env.get("ENTRAIDE_SECRET_KEY", "").strip()
        if not secret:
            if mode != "development":
                raise SettingsError("ENTRAIDE_SECRET_KEY is required outside development")
            secret = DEV_SECRET
        try:
            port = int(env.get("ENTRAIDE_MEDIA_PORT", "8001"))
        except ValueError as exc:
            raise SettingsError("ENTRAIDE_MEDIA_PORT must be an integer") from exc
        if not 0 <= port <= 65535:
            raise SettingsError("ENTRAIDE_MEDIA_PORT out of range")
        origins_raw = env.get("ENTRAIDE_ALLOWED_ORIGINS")
        origins = (
            DEFAULT_ORIGINS
            if origins_raw is None
            else tuple(o.strip().rstrip("/") for o in origins_raw.split(",") if o.strip())
        )
        turn_secret = env.get("ENTRAIDE_TURN_SECRET", "").strip()
        turn_urls = tuple(u.strip() for u in env.get("ENTRAIDE_TURN_URLS", "").split(",") if u.strip())
        if turn_secret and not turn_urls:
            raise SettingsError("ENTRAIDE_TURN_SECRET needs ENTRAIDE_TURN_URLS")
        return cls(
            secret_key=Secret(secret),
            host=env.get("ENTRAIDE_MEDIA_HOST", "127.0.0.1").strip() or "127.0.0.1",
            port=port,
            env=mode,
            ice_servers=_parse_ice_servers(env.get("ENTRAIDE_ICE_SERVERS", "")),
            turn_secret=Secret(turn_secret) if turn_secret else None,
            turn_urls=turn_urls,
            allowed_origins=origins,
            loopback_ice=env.get("ENTRAIDE_MEDIA_LOOPBACK_ICE", "0").strip() in ("1", "true", "yes", "only"),
            loopback_only=env.get("ENTRAIDE_MEDIA_LOOPBACK_ICE", "0").strip() == "only",
            attendance_url=env.get("ENTRAIDE_ATTENDANCE_URL", DEFAULT_ATTENDANCE_URL).strip(),
        )

    def ice_servers_for(self, member: str, *, now: float | None = None) -> list[IceServer]:
        """ICE servers handed to one member: the static ones plus coturn REST credentials.

        coturn's ``use-auth-secret`` scheme: username ``<expiry>:<member>``, credential
        base64(HMAC-SHA1(secret, username)); coturn recomputes it, nothing is stored.
        """
        servers = list(self.ice_servers)
        if self.turn_secret and self.turn_urls:
            expiry = int((time.time() if now is None else now) + TURN_CREDENTIAL_TTL)
            username = f"{expiry}:{member}"
            digest = hmac.new(str(self.turn_secret).encode(), username.encode(), hashlib.sha1).digest()
            servers.append(
                IceServer(
                    self.turn_urls, username=username, credential=Secret(base64.b64encode(digest).decode())
                )
            )
        return servers


def _parse_ice_servers(raw: str) -> tuple[IceServer, ...]:
    if not raw.strip():
        return ()
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise SettingsError("ENTRAIDE_ICE_SERVERS must be a JSON list") from exc
    if not isinstance(data, list):
        raise SettingsError("ENTRAIDE_ICE_SERVERS must be a JSON list")
    servers = []
    for item in data:
        if not isinstance(item, dict) or "urls" not in item:
            raise SettingsError("each ICE server needs 'urls'")
        urls = item["urls"]
        urls = (urls,) if isinstance(urls, str) else tuple(urls)
        if not urls or not all(
            isinstance(u, str) and u.startswith(("stun:", "turn:", "turns:")) for u in urls
        ):
            raise SettingsError("ICE server urls must start with stun:, turn: or turns:")
        credential = item.get("credential")
        servers.append(
            IceServer(
                urls, username=item.get("username"), credential=Secret(credential) if credential else None
            )
        )
    return tuple(servers)
