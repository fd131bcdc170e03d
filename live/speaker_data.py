"""« Mes données » for issue 20: her speaker profile, the handouts she added, and the workshops she gave
her opinion on. Her answers themselves are not hers to download: nothing links them to her (that is what
makes them anonymous), so they cannot be found, nor erased with her account; they go with the workshop's
feedback after the retention period. Her receipts and her profile are erased with her account (ON DELETE
CASCADE, and explicitly here for SQLite connections without foreign keys)."""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from live.models import Workshop
from live.speaker_models import FeedbackReceipt, Handout, SpeakerProfile


async def export(session: AsyncSession, member_id: int) -> dict:
    profile = await session.get(SpeakerProfile, member_id)
    given = await session.scalars(
        select(Workshop.title)
        .join(FeedbackReceipt, FeedbackReceipt.workshop_id == Workshop.id)
        .where(FeedbackReceipt.member_id == member_id)
        .order_by(Workshop.starts_at)
    )
    added = await session.execute(
        select(Handout, Workshop.title)
        .join(Workshop, Workshop.id == Handout.workshop_id)
        .where(Handout.added_by_id == member_id)
        .order_by(Handout.id)
    )
    return {
        "profil_intervenante": (
            {"visible": profile.listed, "presentation": profile.bio, "themes": profile.theme_keys}
            if profile
            else None
        ),
        "ateliers_avis_donne": list(given),
        "supports_ajoutes": [
            {"atelier": title, "titre": h.title, "fichier": h.filename, "lien": h.url} for h, title in added
        ],
    }


async def delete_member(session: AsyncSession, member_id: int) -> None:
    await session.execute(delete(FeedbackReceipt).where(FeedbackReceipt.member_id == member_id))
    await session.execute(delete(SpeakerProfile).where(SpeakerProfile.member_id == member_id))
    await session.execute(
        update(Handout)
        .where(Handout.added_by_id == member_id)
        .values(added_by_id=None)
        .execution_options(synchronize_session=False)
    )
