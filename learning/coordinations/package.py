"""Coordinations as the shell sees it: the geography, the coordinations, their members and volunteers."""

from __future__ import annotations

from pathlib import Path

from learning.packages import Package, with_badges, with_notifications

from . import account_section, admin_notices, cli, demo, member_data, notices, routes, signup, welcome_blocks
from . import models as _models  # noqa: F401  (the tables, on learning.db.Base)

HERE = Path(__file__).parent

package = Package(
    name="coordinations",
    routes=routes.routes,
    templates=HERE / "templates",
    commands=cli.register,
    demo=demo.load,
    migrations=HERE / "migrations" / "versions",
    signup=signup.step,
    page_blocks=welcome_blocks.blocks,
    account_section=account_section.section,
    member_data=member_data.member_data,
    badges=with_badges(admin_notices.badges, notices.badges),
    notifications=with_notifications(admin_notices.notifications, notices.notifications),
)
