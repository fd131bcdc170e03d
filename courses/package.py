"""courses as the shell sees it: the MOOC engine and the course in content/."""

from __future__ import annotations

from pathlib import Path

from learning.packages import AccountSection, MemberData, Package, PageBlock

from . import account_section, cli, demo, home_block, lifespan, member_data, routes, welcome_block
from . import models as _models  # noqa: F401  (the tables, on learning.db.Base)

HERE = Path(__file__).parent

package = Package(
    name="courses",
    routes=routes.routes,
    lifespan=lifespan.lifespan,
    commands=cli.register,
    demo=demo.load,
    account_section=AccountSection(
        account_section.section,
        account_section.context,
        title="MOOC",
        anchor="mooc-compte",
        slug="mooc",
        summary="Mes cours et mes attestations de réussite.",
    ),
    member_data=MemberData(member_data.export, member_data.delete),
    templates=HERE / "templates",
    migrations=HERE / "migrations" / "versions",
    page_blocks=(
        PageBlock("home", "courses/_home_block.html", home_block.context, order=20),
        welcome_block.block,
    ),
)
