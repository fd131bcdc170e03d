"""What is new for her in private messages, for the pages that gather every package's news (her home page)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from learning.models import Member
from learning.packages import Notification

from .conversations import inbox


async def unread_for(session: AsyncSession, member: Member) -> list[Notification]:
    """One line per conversation with unread messages, newest first; never the messages' text."""
    rows = await inbox(session, member.id, limit=20)
    return [
        Notification(
            text=f"{row.other_name} vous a écrit"
            + (f" ({row.unread} messages non lus)" if row.unread > 1 else ""),
            url=f"/messages/{row.conversation_id}",
            at=row.last_message_at,
        )
        for row in rows
        if row.unread and row.other_name
    ]
