"""Coordinations as the shell sees it: the geography, the coordinations, their members and volunteers."""

from __future__ import annotations

from pathlib import Path

from learning.packages import Package

from . import cli, demo, routes
from . import models as _models  # noqa: F401  (the tables, on learning.db.Base)

HERE = Path(__file__).parent

package = Package(
    name="coordinations",
    routes=routes.routes,
    commands=cli.register,
    demo=demo.load,
    migrations=HERE / "migrations" / "versions",
    templates=HERE / "templates",
)
