"""The board's daily digest switch, as a member edits it on « Mon compte »: the shell's e-mail preference
(« Mes e-mails »), so that both pages show one choice; board_preferences is no longer read."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from learning import email_kinds


async def digest_enabled(session: AsyncSession, member_id: int) -> bool:
    return await email_kinds.wants(session, member_id, email_kinds.BOARD_DIGEST)


async def set_digest(session: AsyncSession, member_id: int, enabled: bool) -> None:
    await email_kinds.set_preference(session, member_id, email_kinds.BOARD_DIGEST, enabled=enabled)
