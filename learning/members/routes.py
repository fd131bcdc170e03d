"""Every members route, for `learning/app.py` to mount."""

from __future__ import annotations

from starlette.routing import BaseRoute, Route

from . import (
    views_adhesions,
    views_admin,
    views_charter,
    views_contact,
    views_directory,
    views_message_moderation,
    views_messages,
    views_profile,
)

routes: list[BaseRoute] = [
    *views_directory.routes,
    *views_profile.routes,
    *views_admin.routes,
    Route("/charte", views_charter.charter_page, name="charter"),
    Route("/charte/accepter", views_charter.accept_charter, methods=["POST"], name="charter_accept"),
    *views_adhesions.routes,
    *views_contact.routes,
    # The moderation queue first: its fixed path must not be read as a conversation.
    *views_message_moderation.routes,
    *views_messages.routes,
]
