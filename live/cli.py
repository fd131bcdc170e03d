"""`entraide ateliers-taches`: run the workshop jobs once (no-show release, reminders), e.g. from cron."""

from __future__ import annotations

import argparse
import asyncio

from learning.db import Database
from learning.settings import Settings


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


def register(subparsers) -> None:  # type: ignore[no-untyped-def]
    parser = subparsers.add_parser(
        "ateliers-taches", help="ateliers : libérer les places non occupées et envoyer les rappels"
    )
    parser.set_defaults(func=_run)
