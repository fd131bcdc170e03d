"""`entraide geo load`: the communes, départements and régions into the database (idempotent)."""

from __future__ import annotations

import argparse
import asyncio

from learning.db import Database
from learning.settings import Settings

from . import cli_network
from .geography import load_geography


def _load(args: argparse.Namespace) -> int:
    async def main() -> int:
        db = Database(Settings.from_env().database_url)
        try:
            written = await load_geography(db)
        finally:
            await db.dispose()
        print(
            f"Géographie : {written} lignes de communes chargées." if written else "Géographie déjà à jour."
        )
        return 0

    return asyncio.run(main())


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    geo = subparsers.add_parser("geo", help="géographie : communes, départements, régions")
    actions = geo.add_subparsers(dest="geo_command", required=True, metavar="ACTION")
    actions.add_parser("load", help="charger les communes (sans effet si elles sont déjà là)").set_defaults(
        func=_load
    )
    cli_network.register(subparsers)
