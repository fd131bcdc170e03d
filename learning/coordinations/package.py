"""Coordinations as the shell sees it: today the geography (its tables, `entraide geo load`, the demo)."""

from __future__ import annotations

from pathlib import Path

from learning.db import Database
from learning.packages import Package
from learning.settings import Settings

from . import cli
from . import models as _models  # noqa: F401  (the tables, on learning.db.Base)
from .geography import load_geography

HERE = Path(__file__).parent


async def _demo(db: Database, settings: Settings) -> None:
    await load_geography(db)


package = Package(
    name="coordinations",
    commands=cli.register,
    demo=_demo,
    migrations=HERE / "migrations" / "versions",
)
