"""Member to member as the shell sees it: a package like the board, living inside learning/."""

from __future__ import annotations

from pathlib import Path

from learning.packages import Package

from . import demo_home, home_block, routes
from . import models as _models  # noqa: F401  (the tables, on learning.db.Base)

HERE = Path(__file__).parent

package = Package(
    name="members",
    routes=routes.routes,
    templates=HERE / "templates",
    migrations=HERE / "migrations" / "versions",
    page_blocks=(home_block.block,),
    demo=demo_home.load,
)
