"""« Mes données » for the board: export everything a member wrote or set; delete or anonymise on account deletion."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import delete as sql_delete
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from learning import email_kinds
from learning.settings import Settings

from .models import Answer, Follow, Notification, Post, Preference, Report, Thanks
from .services import recount_answers


async def export(session: AsyncSession, member_id: int) -> dict:
    posts = (
        await session.execute(select(Post).where(Post.author_id == member_id).order_by(Post.id))
    ).scalars()
    answers = (
        await session.execute(select(Answer).where(Answer.author_id == member_id).order_by(Answer.id))
    ).scalars()
    follows = (await session.execute(select(Follow.post_id).where(Follow.member_id == member_id))).scalars()
    thanks = (await session.execute(select(Thanks.answer_id).where(Thanks.member_id == member_id))).scalars()
    reports = (await session.execute(select(Report).where(Report.reporter_id == member_id))).scalars()
    digest = await email_kinds.wants(session, member_id, email_kinds.BOARD_DIGEST)
    return {
        "coup_de_pouce": {
            "messages": [
                {
                    "id": p.id,
                    "type": p.kind,
                    "titre": p.title,
                    "texte": p.body,
                    "themes": p.themes,
                    "portee": p.scope,
                    "publie_le": p.created_at.isoformat(),
                    "modifie_le": p.updated_at.isoformat() if p.updated_at else None,
                    "masque_par_la_moderation": p.hidden,
                }
                for p in posts
            ],
            "reponses": [
                {
                    "id": a.id,
                    "message": a.post_id,
                    "texte": a.body,
                    "publiee_le": a.created_at.isoformat(),
                    "masquee_par_la_moderation": a.hidden,
                }
                for a in answers
            ],
            "messages_suivis": list(follows),
            "mercis_donnes": list(thanks),
            "signalements": [
                {
                    "message": r.post_id,
                    "reponse": r.answer_id or None,
                    "motif": r.reason,
                    "le": r.created_at.isoformat(),
                }
                for r in reports
            ],
            "recapitulatif_par_email": digest,
        }
    }


async def delete(
    session: AsyncSession, member_id: int, *, settings: Settings, choices: Mapping[str, str]
) -> None:
    keep_posts = choices.get("posts") != "delete"  # the choice the board offers on the deletion form
    answered = list(
        (
            await session.execute(select(Answer.post_id).where(Answer.author_id == member_id).distinct())
        ).scalars()
    )
    if keep_posts:
        # Kept, signed « membre supprimée »: the answers others wrote still make sense.
        await session.execute(update(Post).where(Post.author_id == member_id).values(author_id=None))
        await session.execute(update(Answer).where(Answer.author_id == member_id).values(author_id=None))
    else:
        mine = select(Answer.id).where(Answer.author_id == member_id)
        await session.execute(
            update(Post).where(Post.solved_answer_id.in_(mine)).values(solved_answer_id=None)
        )
        await session.execute(sql_delete(Answer).where(Answer.author_id == member_id))
        await session.execute(sql_delete(Post).where(Post.author_id == member_id))
        await recount_answers(session, answered)
    for model in (Follow, Thanks, Notification, Preference):
        await session.execute(sql_delete(model).where(model.member_id == member_id))
    await session.execute(sql_delete(Report).where(Report.reporter_id == member_id))
