"""What is new for her in private messages, for the pages that gather every package's news (her home page)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from learning.models import Member
from learning.packages import Notification

from .conversations import unread_conversations


async def unread_for(session: AsyncSession, member: Member) -> list[Notification]:
    """One line per conversation with unread messages, newest first; never the messages' text."""
    return [
        Notification(
            text=f"{name} vous a écrit" + (f" ({unread} messages non lus)" if unread > 1 else ""),
            url=f"/messages/{conversation_id}",
            at=last_message_at,
        )
        for conversation_id, name, last_message_at, unread in await unread_conversations(session, member.id)
    ]
