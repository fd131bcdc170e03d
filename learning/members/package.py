"""Member to member as the shell sees it: a package like the board, living inside learning/."""

from __future__ import annotations

from pathlib import Path

from learning.packages import MemberData, Package

from . import badges, demo_messages, lifespan, message_notifications, messages_data, routes
from . import models as _models  # noqa: F401  (the tables, on learning.db.Base)
from . import models_messages as _models_messages  # noqa: F401

HERE = Path(__file__).parent

package = Package(
    name="members",
    routes=routes.routes,
    lifespan=lifespan.lifespan,
    demo=demo_messages.load,
    badges=badges.provide,
    member_data=MemberData(messages_data.export, messages_data.delete),
    notifications=message_notifications.unread_for,
    templates=HERE / "templates",
    migrations=HERE / "migrations" / "versions",
)
