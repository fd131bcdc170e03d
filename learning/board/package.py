"""« Coup de pouce » as the shell sees it: a package like live and courses, living inside learning/."""

from __future__ import annotations

from pathlib import Path

from learning.packages import AccountSection, MemberData, Package

from . import (
    account_section,
    badges,
    cli,
    coordination_block,
    demo,
    home_blocks,
    lesson_questions,
    lifespan,
    member_data,
    notifications,
    profile_block,
    routes,
    welcome_figure,
)
from . import models as _models  # noqa: F401  (the tables, on learning.db.Base)

HERE = Path(__file__).parent

package = Package(
    name="board",
    routes=routes.routes,
    lifespan=lifespan.lifespan,
    commands=cli.register,
    demo=demo.load,
    badges=badges.provide,
    account_section=AccountSection(
        account_section.section,
        account_section.context,
        title="Coup de pouce",
        anchor="coup-de-pouce",
        slug="coup-de-pouce",
        summary="Le récapitulatif quotidien de mes notifications.",
    ),
    member_data=MemberData(member_data.export, member_data.delete),
    templates=HERE / "templates",
    migrations=HERE / "migrations" / "versions",
    notifications=notifications.unread_for,
    page_blocks=(
        coordination_block.block,
        profile_block.block,
        lesson_questions.block,
        *home_blocks.blocks,
        welcome_figure.block,
    ),
)
