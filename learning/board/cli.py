"""`entraide coup-de-pouce-recap`: send the board's e-mail digests now (cron-friendly)."""

from __future__ import annotations

import argparse
import asyncio

from learning.db import Database
from learning.i18n import ngettext
from learning.settings import Settings


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("coup-de-pouce-recap", help="envoyer les récapitulatifs Coup de pouce dus")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from .digest import send_digests

    async def main() -> int:
        settings = Settings.from_env()
        db = Database(settings.database_url)
        try:
            return await send_digests(db, settings)
        finally:
            await db.dispose()

    count = asyncio.run(main())
    print(
        ngettext(
            "%(num)s récapitulatif mis en file d'envoi.", "%(num)s récapitulatifs mis en file d'envoi.", count
        )
        % {"num": count}
    )
    return 0
