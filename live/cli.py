"""live's commands: `entraide ateliers-taches` runs the workshop jobs once (no-show release, reminders),
e.g. from cron; `entraide media` runs a media node on its own (live.node_process)."""

from __future__ import annotations

import argparse
import asyncio

from learning.db import Database
from learning.settings import Settings
from live import node_process


def _run(args: argparse.Namespace) -> int:
    from live import jobs

    async def main() -> int:
        settings = Settings.from_env()
        db = Database(settings.database_url)
        try:
            report = await jobs.run_once(db, settings)
        finally:
            await db.dispose()
        print(
            f"Places libérées : {report.released}, promues : {report.promoted}, rappels envoyés : {report.reminders}."
        )
        return 0

    return asyncio.run(main())


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    node_process.register(subparsers)
    parser = subparsers.add_parser(
        "ateliers-taches", help="ateliers : libérer les places non occupées et envoyer les rappels"
    )
    parser.set_defaults(func=_run)
