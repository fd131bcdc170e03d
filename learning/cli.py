"""The `entraide` command."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

from learning.packages import hooks, optional_module
from learning.settings import Settings


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


def _start_media_node(settings: Settings) -> subprocess.Popen | None:
    # find_spec, not an import: importing live.media.__main__ would run the node here, with serve's arguments.
    if not settings.start_media_node or optional_module("live.media") is None \
            or importlib.util.find_spec("live.media.__main__") is None:
        return None
    env = dict(os.environ)
    env.setdefault("ENTRAIDE_MEDIA_PORT", str(settings.media_port))
    env.setdefault("ENTRAIDE_ATTENDANCE_URL", f"{settings.base_origin}/ateliers/presence")
    return subprocess.Popen([sys.executable, "-m", "live.media"], env=env)


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    if args.port:
        os.environ.setdefault("ENTRAIDE_BASE_URL", f"http://{args.host}:{args.port}")
    settings = Settings.from_env()
    _ensure_sqlite_dir(settings)
    node = _start_media_node(settings)
    print(f"Entraide : http://{args.host}:{args.port}" + (f" (nœud média sur le port {settings.media_port})" if node else ""))
    try:
        uvicorn.run("learning.asgi:app", host=args.host, port=args.port, proxy_headers=True,
                    log_level="info", access_log=False)
    finally:
        if node is not None:
            node.terminate()
            try:
                node.wait(timeout=10)
            except subprocess.TimeoutExpired:
                node.kill()
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from learning.demo import load_demo

    return asyncio.run(load_demo(Settings.from_env()))


def cmd_create_admin(args: argparse.Namespace) -> int:
    from learning.demo import create_admin
    from learning.passwords import password_problem

    password = os.environ.get("ENTRAIDE_ADMIN_PASSWORD") or getpass.getpass("Mot de passe (12 caractères au moins) : ")
    if problem := password_problem(password):
        print(problem, file=sys.stderr)
        return 2
    return asyncio.run(create_admin(Settings.from_env(), email=args.email, name=args.name, password=password))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="entraide", description="Plateforme Entraide : ateliers, MOOC, Coup de pouce.")
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
        media.set_defaults(func=media_cli.run)

    for module in hooks("cli"):
        if module.__name__ != "learning.cli":
            module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
