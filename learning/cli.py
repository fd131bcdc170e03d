"""The `entraide` command."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import importlib.util
import os
import signal
import subprocess
import sys
from pathlib import Path

from learning.packages import hooks, optional_module
from learning.settings import Settings, SettingsError


def _ensure_sqlite_dir(settings: Settings) -> None:
    if settings.database_url.startswith("sqlite") and ":///" in settings.database_url:
        path = settings.database_url.split(":///", 1)[1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)


def cmd_migrate(args: argparse.Namespace) -> int:
    from learning.migrate import upgrade

    settings = Settings.from_env()
    _ensure_sqlite_dir(settings)
    upgrade(settings.database_url)
    print("Base de données à jour.")
    return 0


def _local_url(host: str, port: int) -> str:
    # The node reaches the site on this machine, whatever address the site listens on.
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def node_environment(
    settings: Settings, *, attendance_url: str, host: str | None = None, parent_pid: int | None = None
) -> dict[str, str]:
    """What a media node must agree on with this site: the same secret, the site's page origins, where to
    report attendance; ICE and TURN settings pass through unchanged. With `parent_pid`, the node stops
    by itself if that process dies without stopping it."""
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
    if settings.development:
        # aioice never offers a loopback candidate; a laptop with no network still gets its rooms.
        env.setdefault("ENTRAIDE_MEDIA_LOOPBACK_ICE", "1")
    return env


def _start_media_node(settings: Settings, host: str, port: int) -> subprocess.Popen | None:
    # find_spec, not an import: importing live.media.__main__ would run the node here, with serve's arguments.
    if (
        not settings.start_media_node
        or optional_module("live.media") is None
        or importlib.util.find_spec("live.media.__main__") is None
    ):
        return None
    from live.media.settings import NodeSettings

    env = node_environment(
        settings,
        attendance_url=f"{_local_url(host, port)}/ateliers/presence",
        host=host,
        parent_pid=os.getpid(),
    )
    try:
        NodeSettings.from_env(env)  # refuse here, in the operator's terminal, what the node would refuse
    except ValueError as exc:
        raise SettingsError(f"media node: {exc}") from None
    return subprocess.Popen([sys.executable, "-m", "live.media"], env=env)


def _stop(node: subprocess.Popen) -> None:
    node.terminate()
    try:
        node.wait(timeout=5)
    except subprocess.TimeoutExpired:
        node.kill()
        node.wait()


def _exit_on_sigterm(signum: int, frame: object) -> None:
    # uvicorn re-raises the SIGTERM it caught once it has shut down; with the default action the process
    # would die there, before stopping its node. SystemExit runs the `finally` below instead.
    raise SystemExit(0)


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    # The site's address and its node's port follow --port, unless the environment says otherwise.
    os.environ.setdefault("ENTRAIDE_BASE_URL", _local_url(args.host, args.port))
    os.environ.setdefault("ENTRAIDE_MEDIA_PORT", str(args.port + 1))
    settings = Settings.from_env()
    _ensure_sqlite_dir(settings)
    node = _start_media_node(settings, args.host, args.port)
    print(
        f"Entraide : {settings.base_origin}"
        + (f" (nœud média sur le port {settings.media_port})" if node else ""),
        flush=True,
    )
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    proxies = ",".join(settings.trusted_proxies)
    try:
        uvicorn.run(
            "learning.asgi:app",
            host=args.host,
            port=args.port,
            log_level="info",
            access_log=False,
            proxy_headers=bool(proxies),
            forwarded_allow_ips=proxies or None,
        )
    except KeyboardInterrupt:
        pass
    finally:
        if node is not None:
            _stop(node)
    return 0


def cmd_media(args: argparse.Namespace, media_cli) -> int:  # type: ignore[no-untyped-def]
    """A node on its own (another machine, or a second node): the site's settings describe it too."""
    settings = Settings.from_env()
    os.environ.update(node_environment(settings, attendance_url=f"{settings.base_origin}/ateliers/presence"))
    return int(media_cli.run(args))


def cmd_demo(args: argparse.Namespace) -> int:
    from learning.demo import load_demo

    return asyncio.run(load_demo(Settings.from_env()))


def cmd_create_admin(args: argparse.Namespace) -> int:
    from learning.demo import create_admin
    from learning.passwords import password_problem

    password = os.environ.get("ENTRAIDE_ADMIN_PASSWORD") or getpass.getpass(
        "Mot de passe (12 caractères au moins) : "
    )
    if problem := password_problem(password):
        print(problem, file=sys.stderr)
        return 2
    return asyncio.run(create_admin(Settings.from_env(), email=args.email, name=args.name, password=password))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="entraide", description="Plateforme Entraide : ateliers, MOOC, Coup de pouce."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMANDE")

    serve = sub.add_parser("serve", help="servir le site (et démarrer un nœud média)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(func=cmd_serve)

    sub.add_parser("migrate", help="appliquer les migrations de la base").set_defaults(func=cmd_migrate)
    sub.add_parser("demo", help="charger les données de démonstration").set_defaults(func=cmd_demo)

    admin = sub.add_parser("create-admin", help="créer (ou promouvoir) une administratrice")
    admin.add_argument("--email", required=True)
    admin.add_argument("--name", default="Administratrice")
    admin.set_defaults(func=cmd_create_admin)

    media_cli = optional_module("live.media.cli")
    if media_cli is not None:
        media = sub.add_parser("media", help="lancer un nœud média (salles en direct)")
        media_cli.add_arguments(media)
        media.set_defaults(func=lambda args: cmd_media(args, media_cli))

    for module in hooks("cli"):
        if module.__name__ != "learning.cli":
            module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except SettingsError as exc:
        print(f"Configuration invalide : {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
