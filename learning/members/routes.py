"""Every members route, for `learning/app.py` to mount."""

from __future__ import annotations

from . import views_message_moderation, views_messages

# The moderation queue first: its fixed path must not be read as a conversation.
routes: list = [*views_message_moderation.routes, *views_messages.routes]
