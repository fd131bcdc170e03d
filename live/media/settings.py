"""Settings of the media node, read once from the environment and validated at start-up.

The node is its own process (docs/architecture.md): it reads its own environment and imports nothing
from the web application but its standard-library log formatter (learning/logs.py). ``entraide serve`` hands its child node everything both must agree on (the
secret, the allowed origins, the attendance URL); run alone, the node needs them set. There is no
default secret and no default origin: a node that trusts a public constant would trust anyone.
Invalid settings raise ``ValueError`` with a message for the operator. Secrets are dataclass fields
with ``repr=False``: they never appear in ``repr()`` or logs.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import json
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

# coturn REST credentials (use-auth-secret) stay valid this long after a join.
TURN_CREDENTIAL_TTL = 4 * 3600
MIN_SECRET_LENGTH = 16


@dataclass(frozen=True)
class IceServer:
    urls: tuple[str, ...]
    username: str | None = None
    credential: str | None = field(default=None, repr=False)

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {"urls": list(self.urls)}
        if self.username is not None:
            data["username"] = self.username
        if self.credential is not None:
            data["credential"] = str(self.credential)
        return data


@dataclass(frozen=True)
class NodeSettings:
    secret_key: str = field(repr=False)
    host: str = "127.0.0.1"
    port: int = 8001
    env: str = "development"
    ice_servers: tuple[IceServer, ...] = ()
    turn_secret: str | None = field(default=None, repr=False)
    turn_urls: tuple[str, ...] = ()
    allowed_origins: tuple[str, ...] = ()
    loopback_ice: bool = False
    loopback_only: bool = False  # ENTRAIDE_MEDIA_LOOPBACK_ICE=only: no other address (benchmarks)
    # Pause the videos a receiver's link does not carry (adapt.py), least important first, and bring them
    # back when padding probes prove her link carries them again (bandwidth.py). ENTRAIDE_MEDIA_ADAPT_LINKS=0:
    # her link only lowers levels, never pauses.
    adapt_links: bool = True
    attendance_url: str = ""
    # Set by `entraide serve`: the node stops by itself when that process is gone (no orphan holding the port).
    parent_pid: int | None = None
    # Reverse proxies (nginx) whose X-Forwarded-For names the client: per-address limits count her, not them.
    trusted_proxies: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    # Several nodes (live/media/registry.py): each announces its public URL, capacity and load in Redis.
    redis_url: str | None = field(default=None, repr=False)
    public_url: str = ""
    capacity: int = 200  # participants this node takes before the site prefers another one

    def client_address(self, peer: str, forwarded_for: str | None) -> str:
        """The client's address: the peer's, or behind a trusted proxy the last address it forwarded that is
        not itself a trusted proxy (the leftmost entries are whatever the client chose to send)."""
        if not forwarded_for or not self._trusted(peer):
            return peer
        for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
            if not self._trusted(hop):
                return hop
        return peer

    def _trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self.trusted_proxies)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> NodeSettings:
        env = os.environ if environ is None else environ
        mode = env.get("ENTRAIDE_ENV", "").strip() or "production"
        secret = env.get("ENTRAIDE_SECRET_KEY", "").strip()
        if len(secret) < MIN_SECRET_LENGTH:
            raise ValueError(
                f"ENTRAIDE_SECRET_KEY must be set ({MIN_SECRET_LENGTH} characters at least), the same as the site's: "
                "`entraide serve` passes it to the node it starts"
            )
        try:
            port = int(env.get("ENTRAIDE_MEDIA_PORT", "8001"))
        except ValueError:
            raise ValueError("ENTRAIDE_MEDIA_PORT must be an integer") from None
        if not 0 <= port <= 65535:
            raise ValueError("ENTRAIDE_MEDIA_PORT out of range")
        origins = tuple(
            o.strip().rstrip("/") for o in env.get("ENTRAIDE_ALLOWED_ORIGINS", "").split(",") if o.strip()
        )
        if not origins:
            raise ValueError(
                "ENTRAIDE_ALLOWED_ORIGINS must list the site's origins (e.g. https://entraide.example): "
                "browsers from any other page are refused"
            )
        turn_secret = env.get("ENTRAIDE_TURN_SECRET", "").strip()
        turn_urls = tuple(u.strip() for u in env.get("ENTRAIDE_TURN_URLS", "").split(",") if u.strip())
        if turn_secret and not turn_urls:
            raise ValueError("ENTRAIDE_TURN_SECRET needs ENTRAIDE_TURN_URLS")
        loopback = env.get("ENTRAIDE_MEDIA_LOOPBACK_ICE", "0").strip()
        public_url = env.get("ENTRAIDE_MEDIA_PUBLIC_URL", "").strip().rstrip("/")
        if public_url and not public_url.startswith(("ws://", "wss://")):
            raise ValueError("ENTRAIDE_MEDIA_PUBLIC_URL must start with ws:// or wss://")
        try:
            capacity = int(env.get("ENTRAIDE_MEDIA_CAPACITY", "200"))
        except ValueError:
            raise ValueError("ENTRAIDE_MEDIA_CAPACITY must be an integer") from None
        if capacity <= 0:
            raise ValueError("ENTRAIDE_MEDIA_CAPACITY must be positive")
        return cls(
            secret_key=secret,
            host=env.get("ENTRAIDE_MEDIA_HOST", "127.0.0.1").strip() or "127.0.0.1",
            port=port,
            env=mode,
            ice_servers=parse_ice_servers(env.get("ENTRAIDE_ICE_SERVERS", "")),
            turn_secret=turn_secret or None,
            turn_urls=turn_urls,
            allowed_origins=origins,
            loopback_ice=loopback in ("1", "true", "yes", "only"),
            loopback_only=loopback == "only",
            adapt_links=env.get("ENTRAIDE_MEDIA_ADAPT_LINKS", "1").strip() not in ("0", "false", "no"),
            attendance_url=env.get("ENTRAIDE_ATTENDANCE_URL", "").strip(),
            parent_pid=_parent_pid(env.get("ENTRAIDE_MEDIA_PARENT_PID", "")),
            trusted_proxies=_networks(env.get("ENTRAIDE_TRUSTED_PROXIES", "")),
            redis_url=env.get("ENTRAIDE_REDIS_URL", "").strip() or None,
            public_url=public_url,
            capacity=capacity,
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
                IceServer(self.turn_urls, username=username, credential=base64.b64encode(digest).decode())
            )
        return servers


def _networks(raw: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    try:
        return tuple(
            ipaddress.ip_network(item.strip(), strict=False) for item in raw.split(",") if item.strip()
        )
    except ValueError:
        raise ValueError(
            f"ENTRAIDE_TRUSTED_PROXIES must list IP addresses or networks, not {raw!r}"
        ) from None


def _parent_pid(raw: str) -> int | None:
    try:
        return int(raw) if raw.strip() else None
    except ValueError:
        raise ValueError("ENTRAIDE_MEDIA_PARENT_PID must be a process id") from None


def parse_ice_servers(raw: str) -> tuple[IceServer, ...]:
    """ENTRAIDE_ICE_SERVERS: a JSON list of {"urls", "username"?, "credential"?} (what browsers take)."""
    if not raw.strip():
        return ()
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        raise ValueError("ENTRAIDE_ICE_SERVERS must be a JSON list") from None
    if not isinstance(data, list):
        raise ValueError("ENTRAIDE_ICE_SERVERS must be a JSON list")
    servers = []
    for item in data:
        if not isinstance(item, dict) or "urls" not in item:
            raise ValueError("ENTRAIDE_ICE_SERVERS: each server needs 'urls'")
        urls = item["urls"]
        urls = (urls,) if isinstance(urls, str) else tuple(urls)
        if not urls or not all(
            isinstance(u, str) and u.startswith(("stun:", "turn:", "turns:")) for u in urls
        ):
            raise ValueError("ENTRAIDE_ICE_SERVERS: urls must start with stun:, turn: or turns:")
        credential = item.get("credential")
        servers.append(
            IceServer(urls, username=item.get("username"), credential=str(credential) if credential else None)
        )
    return tuple(servers)
