"""The media node as a process of the platform: started by `entraide serve` beside the site, or alone
with `entraide media` (another machine, a second node). Either way it gets from the site's settings
everything both must agree on: the secret, the page origins, where to report attendance; ICE and TURN
settings pass through unchanged."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from learning.settings import Settings, SettingsError, local_url


def node_environment(
    settings: Settings, *, attendance_url: str, host: str | None = None, parent_pid: int | None = None
) -> dict[str, str]:
    """The node's environment. With `parent_pid`, the node stops by itself if that process dies."""
    env = dict(os.environ)
    env.update(
        {
            "ENTRAIDE_ENV": settings.env,
            "ENTRAIDE_SECRET_KEY": str(settings.secret_key),
            "ENTRAIDE_MEDIA_PORT": str(settings.media_port),
            "ENTRAIDE_ALLOWED_ORIGINS": ",".join(settings.media_origins),
        }
    )
    if parent_pid is not None:
        env["ENTRAIDE_MEDIA_PARENT_PID"] = str(parent_pid)
    if host is not None:
        env.setdefault("ENTRAIDE_MEDIA_HOST", host)
    env.setdefault("ENTRAIDE_ATTENDANCE_URL", attendance_url)
    if settings.redis_url:
        # Several nodes: this one announces itself (live/media/registry.py); a node on a machine of its own
        # sets its own ENTRAIDE_MEDIA_PUBLIC_URL, the site's child node is the one ENTRAIDE_MEDIA_URL names.
        env.setdefault("ENTRAIDE_REDIS_URL", settings.redis_url)
        env.setdefault("ENTRAIDE_MEDIA_PUBLIC_URL", settings.media_url.rstrip("/"))
    if settings.development:
        # aioice never offers a loopback candidate; a laptop with no network still gets its rooms.
        env.setdefault("ENTRAIDE_MEDIA_LOOPBACK_ICE", "1")
    return env


def _checked(env: dict[str, str]) -> dict[str, str]:
    from live.media.settings import NodeSettings

    try:
        NodeSettings.from_env(env)  # refuse here, in the operator's terminal, what the node would refuse
    except ValueError as exc:
        raise SettingsError(f"media node: {exc}") from None
    return env


def start(settings: Settings, host: str, port: int) -> subprocess.Popen[bytes] | None:
    """`entraide serve`'s child node, which lives and dies with the site."""
    if not settings.start_media_node:
        return None
    env = node_environment(
        settings,
        attendance_url=f"{local_url(host, port)}/ateliers/presence",
        host=host,
        parent_pid=os.getpid(),
    )
    return subprocess.Popen([sys.executable, "-m", "live.media"], env=_checked(env))


def describe(settings: Settings) -> str:
    return f"nœud média sur le port {settings.media_port}"


def run_alone(args: argparse.Namespace) -> int:
    """`entraide media`: a node on its own, configured by the same variables as the site."""
    from live.media import cli as media_cli

    settings = Settings.from_env()
    os.environ.update(
        _checked(node_environment(settings, attendance_url=f"{settings.base_origin}/ateliers/presence"))
    )
    return int(media_cli.run(args))


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from live.media import cli as media_cli

    media = subparsers.add_parser("media", help="lancer un nœud média (salles en direct)")
    media_cli.add_arguments(media)
    media.set_defaults(func=run_alone)
