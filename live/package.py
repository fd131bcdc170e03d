"""live as the shell sees it: workshops (calendar, registration, .ics, reminders) and live rooms."""

from __future__ import annotations

from pathlib import Path

from learning.packages import AccountSection, ChildProcess, MemberData, Package, PageBlock
from live import (
    account_section,
    activity,
    cli,
    coordination_block,
    demo,
    home_block,
    lifespan,
    member_data,
    node_process,
    notifications,
    profile_block,
    routes,
    welcome_blocks,
)
from live import models as _models  # noqa: F401  (the tables, on learning.db.Base)
from live import models_guests as _models_guests  # noqa: F401  (invited speakers, history)
from live import speaker_models as _speaker_models  # noqa: F401

HERE = Path(__file__).parent

package = Package(
    name="live",
    routes=routes.routes,
    csrf_exempt=routes.csrf_exempt,
    lifespan=lifespan.lifespan,
    commands=cli.register,
    demo=demo.load,
    account_section=AccountSection(
        account_section.section,
        account_section.context,
        title="Mon agenda des ateliers",
        anchor="agenda-titre",
        slug="agenda",
        summary="Mes ateliers dans mon agenda (Google, Outlook, Apple…).",
        old_anchors=("agenda",),
    ),
    member_data=MemberData(member_data.export, member_data.delete),
    templates=HERE / "templates",
    migrations=HERE / "migrations" / "versions",
    page_blocks=(
        PageBlock("home", "live/_home_block.html", home_block.context, order=10),
        PageBlock("coordination", "live/_coordination_block.html", coordination_block.context),
        PageBlock("profile", "live/_profile_block.html", profile_block.context),
        *welcome_blocks.blocks,
    ),
    activity=activity.activity,
    notifications=notifications.new_on_her_themes,
    children=(ChildProcess(node_process.start, node_process.describe),),
)
