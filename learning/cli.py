"""The `entraide` command."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from learning import logs
from learning.packages import installed_packages
from learning.settings import Settings, SettingsError, local_url


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


JSON_LOG_CONFIG = {"version": 1, "disable_existing_loggers": False}


def _stop(child: subprocess.Popen[bytes]) -> None:
    child.terminate()
    try:
        child.wait(timeout=5)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def _exit_on_sigterm(signum: int, frame: object) -> None:
    # uvicorn re-raises the SIGTERM it caught once it has shut down; with the default action the process
    # would die there, before stopping its node. SystemExit runs the `finally` below instead.
    raise SystemExit(0)


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn
    from uvicorn.config import LOGGING_CONFIG

    # The site's address and its node's port follow --port, unless the environment says otherwise.
    os.environ.setdefault("ENTRAIDE_BASE_URL", local_url(args.host, args.port))
    os.environ.setdefault("ENTRAIDE_MEDIA_PORT", str(args.port + 1))
    settings = Settings.from_env()
    _ensure_sqlite_dir(settings)
    if settings.log_format == "json":
        logs.configure("json")
    if args.workers < 1:
        print("--workers : au moins 1.", file=sys.stderr)
        return 2
    if args.workers > 1 and not settings.redis_url:
        print(
            "Attention : sans ENTRAIDE_REDIS_URL, chaque processus compte ses propres limites de débit "
            "et ses propres mesures (/metrics).",
            file=sys.stderr,
        )
    children: list[subprocess.Popen[bytes]] = []
    started: list[str] = []
    proxies = ",".join(settings.trusted_proxies)
    try:
        # The packages' processes (live: the media node), started beside the site and stopped with it, even
        # when a later one refuses its settings.
        for package in installed_packages():
            for child in package.children:
                process = child.start(settings, args.host, args.port)
                if process is not None:
                    children.append(process)
                    started.append(child.describe(settings))
        print(
            f"Entraide : {settings.base_origin}" + (f" ({', '.join(started)})" if started else ""), flush=True
        )
        options: dict[str, Any] = {
            "log_level": "info",
            "access_log": False,
            "proxy_headers": bool(proxies),
            "forwarded_allow_ips": proxies or None,
            # JSON lines: the handlers logs.configure installed, uvicorn's loggers included; else uvicorn's own.
            "log_config": JSON_LOG_CONFIG if settings.log_format == "json" else LOGGING_CONFIG,
        }
        if args.workers > 1:
            # Each worker imports learning.asgi (the same settings, from the environment) and listens on the
            # port with its own socket (learning/workers.py); the media node stays one, started above.
            from learning.workers import run_workers

            return run_workers(args.workers, args.host, args.port, options)
        signal.signal(signal.SIGTERM, _exit_on_sigterm)
        uvicorn.run("learning.asgi:app", host=args.host, port=args.port, **options)
    except KeyboardInterrupt:
        pass
    finally:
        for process in children:
            _stop(process)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from learning.demo import load_demo, print_logins

    if args.logins:
        return print_logins()
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


def cmd_mail_bounce(args: argparse.Namespace) -> int:
    """The mail server pipes each message that reaches ENTRAIDE_BOUNCE_ADDRESS here (docs/deploy.md)."""
    from learning.bounces import record_report
    from learning.db import Database, utcnow

    settings = Settings.from_env()
    if not settings.bounce_address:
        print("ENTRAIDE_BOUNCE_ADDRESS n'est pas défini : rien à faire de ce message.", file=sys.stderr)
        return 0  # never make the mail server retry or bounce the bounce
    raw = sys.stdin.buffer.read(2_000_000)

    async def run() -> str:
        db = Database(settings.database_url)
        try:
            async with db.session() as session:
                outcome = await record_report(
                    session,
                    raw,
                    bounce_address=settings.bounce_address or "",
                    secret=str(settings.secret_key),
                    recipient=args.recipient,
                    now=utcnow(),
                )
                await session.commit()
                return outcome
        finally:
            await db.dispose()

    print(asyncio.run(run()))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="entraide", description="Plateforme Entraide : ateliers, MOOC, Coup de pouce."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMANDE")

    serve = sub.add_parser("serve", help="servir le site (et démarrer un nœud média)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="processus web (PostgreSQL et ENTRAIDE_REDIS_URL conseillés au-delà de 1)",
    )
    serve.set_defaults(func=cmd_serve)

    sub.add_parser("migrate", help="appliquer les migrations de la base").set_defaults(func=cmd_migrate)
    demo = sub.add_parser("demo", help="charger les données de démonstration")
    demo.add_argument(
        "--comptes",
        dest="logins",
        action="store_true",
        help="afficher seulement les comptes de démonstration",
    )
    demo.set_defaults(func=cmd_demo)

    bounce = sub.add_parser(
        "mail-bounce", help="lire un avis de non-remise reçu à l'adresse de retour (stdin)"
    )
    bounce.add_argument("--recipient", default=None, help="l'adresse à laquelle l'avis a été remis")
    bounce.set_defaults(func=cmd_mail_bounce)

    admin = sub.add_parser("create-admin", help="créer (ou promouvoir) une administratrice")
    admin.add_argument("--email", required=True)
    admin.add_argument("--name", default="Administratrice")
    admin.set_defaults(func=cmd_create_admin)

    for package in installed_packages():
        if package.commands is not None:
            package.commands(sub)
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
