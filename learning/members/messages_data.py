"""« Mes données » for private messages: export what she sent and received; erase at account deletion.

At deletion her messages are deleted, not anonymised: a private message is her words to one person,
and « membre supprimée » followed by her text would still be her text. The other member keeps her own
copy of the conversation: her own messages, under « membre supprimée », with a line saying that the
other person's messages were erased. Reports she made go; reports on her messages go with them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete as sql_delete
from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from learning.models import Member
from learning.settings import Settings

from .models_messages import (
    DEFAULT_NOTIFY,
    Block,
    Conversation,
    ConversationSide,
    MessagePreference,
    MessageReport,
    PrivateMessage,
)


async def export(session: AsyncSession, member_id: int) -> dict[str, Any]:
    sides = (
        await session.execute(
            select(ConversationSide, Member.name)
            .outerjoin(Member, Member.id == ConversationSide.other_id)
            .where(ConversationSide.member_id == member_id)
            .order_by(ConversationSide.conversation_id)
        )
    ).all()
    threads = []
    for side, name in sides:
        messages = (
            await session.scalars(
                select(PrivateMessage)
                .where(PrivateMessage.conversation_id == side.conversation_id)
                .order_by(PrivateMessage.id)
            )
        ).all()
        threads.append(
            {
                "avec": name or "membre supprimée",
                "messages": [
                    {
                        "de": "moi" if m.author_id == member_id else (name or "membre supprimée"),
                        "texte": m.body,
                        "envoye_le": m.created_at.isoformat(),
                        "depuis": m.started_from,
                        "masque_par_la_moderation": m.hidden,
                    }
                    for m in messages
                ],
            }
        )
    blocked = (
        await session.scalars(
            select(Member.name).join(Block, Block.blocked_id == Member.id).where(Block.member_id == member_id)
        )
    ).all()
    reports = (
        await session.scalars(select(MessageReport).where(MessageReport.reporter_id == member_id))
    ).all()
    notify = await session.scalar(
        select(MessagePreference.notify).where(MessagePreference.member_id == member_id)
    )
    return {
        "messages_prives": {
            "conversations": threads,
            "membres_bloquees": list(blocked),
            "signalements": [
                {"message": r.message_id, "motif": r.reason, "le": r.created_at.isoformat()} for r in reports
            ],
            "avis_par_email": notify or DEFAULT_NOTIFY,
        }
    }


async def delete(
    session: AsyncSession, member_id: int, *, settings: Settings, choices: Mapping[str, str]
) -> None:
    mine = list(
        (
            await session.scalars(
                select(ConversationSide.conversation_id).where(ConversationSide.member_id == member_id)
            )
        ).all()
    )
    written = select(PrivateMessage.id).where(PrivateMessage.author_id == member_id)
    await session.execute(sql_delete(MessageReport).where(MessageReport.message_id.in_(written)))
    await session.execute(sql_delete(PrivateMessage).where(PrivateMessage.author_id == member_id))
    await session.execute(sql_delete(MessageReport).where(MessageReport.reporter_id == member_id))
    await session.execute(sql_delete(ConversationSide).where(ConversationSide.member_id == member_id))
    # The other member's copy stays; what was unread there was hers, and is gone.
    await session.execute(
        update(ConversationSide)
        .where(ConversationSide.other_id == member_id)
        .values(other_id=None, unread=0, unread_since=None, emailed_at=None)
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(Conversation)
        .where(Conversation.member_low_id == member_id)
        .values(member_low_id=None)
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(Conversation)
        .where(Conversation.member_high_id == member_id)
        .values(member_high_id=None)
        .execution_options(synchronize_session=False)
    )
    # A conversation nobody holds any more goes entirely (the other one deleted her account before).
    if mine:
        kept = select(ConversationSide.conversation_id).where(ConversationSide.conversation_id.in_(mine))
        await session.execute(
            sql_delete(Conversation).where(Conversation.id.in_(mine), Conversation.id.not_in(kept))
        )
    await session.execute(
        sql_delete(Block).where(or_(Block.member_id == member_id, Block.blocked_id == member_id))
    )
    await session.execute(sql_delete(MessagePreference).where(MessagePreference.member_id == member_id))
