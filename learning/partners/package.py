"""« Mon écosystème » as the shell sees it: the support structures near her, kept by the admins and the
coordinatrices, a package living inside learning/."""

from __future__ import annotations

from pathlib import Path

from learning.packages import Package

from . import demo, home_block, routes
from . import models as _models  # noqa: F401  (the tables, on learning.db.Base)

HERE = Path(__file__).parent

package = Package(
    name="partners",
    routes=routes.routes,
    templates=HERE / "templates",
    migrations=HERE / "migrations" / "versions",
    demo=demo.load,
    page_blocks=(home_block.block,),
)
