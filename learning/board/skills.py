"""« Compétences partagées » and the digest preference, as a member edits them."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from learning import email_kinds

from .markdown import clean_text
from .models import Skill

MAX_SKILLS = 12
MAX_LABEL = 80


def parse_skills(raw: str) -> list[str]:
    """One skill per line or comma; duplicates (ignoring case) and empty entries dropped."""
    seen: dict[str, str] = {}
    for part in clean_text(raw).replace(",", "\n").splitlines():
        label = " ".join(part.split())[:MAX_LABEL]
        if label and label.casefold() not in seen:
            seen[label.casefold()] = label
    return list(seen.values())


async def skills_of(session: AsyncSession, member_id: int) -> list[str]:
    rows = await session.execute(
        select(Skill.label).where(Skill.member_id == member_id).order_by(Skill.label)
    )
    return list(rows.scalars())


async def set_skills(session: AsyncSession, member_id: int, labels: list[str]) -> None:
    await session.execute(delete(Skill).where(Skill.member_id == member_id))
    session.add_all(Skill(member_id=member_id, label=label) for label in labels[:MAX_SKILLS])


async def digest_enabled(session: AsyncSession, member_id: int) -> bool:
    # The switch is the shell's e-mail preference now (« Mes e-mails »); board_preferences is no longer read.
    return await email_kinds.wants(session, member_id, email_kinds.BOARD_DIGEST)


async def set_digest(session: AsyncSession, member_id: int, enabled: bool) -> None:
    await email_kinds.set_preference(session, member_id, email_kinds.BOARD_DIGEST, enabled=enabled)
