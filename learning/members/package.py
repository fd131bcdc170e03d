"""Member to member as the shell sees it: a package like the board, living inside learning/."""

from __future__ import annotations

from pathlib import Path

from learning.packages import MemberData, Package, with_badges

from . import (
    account_section,
    badges,
    charter,
    demo,
    home_block,
    lifespan,
    member_data,
    message_notifications,
    routes,
    signup_step,
)
from . import models as _models  # noqa: F401  (the tables, on learning.db.Base)
from . import models_messages as _models_messages  # noqa: F401

HERE = Path(__file__).parent

package = Package(
    name="members",
    routes=routes.routes,
    lifespan=lifespan.lifespan,
    demo=demo.load,
    account_section=account_section.section,
    member_data=MemberData(member_data.export, member_data.delete),
    templates=HERE / "templates",
    migrations=HERE / "migrations" / "versions",
    signup=signup_step.step,
    badges=with_badges(charter.badges, badges.provide),
    notifications=message_notifications.unread_for,
    page_blocks=(home_block.block,),
)
