"""The MOOC panel on « Mon compte »: certificates obtained, with their public verification link."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from learning.models import Member

from .models import Certificate, Enrolment

section = "courses/_account_section.html"


async def context(session: AsyncSession, member: Member) -> dict:
    certificates = list(
        await session.scalars(
            select(Certificate).where(Certificate.member_id == member.id).order_by(Certificate.issued_at)
        )
    )
    enrolled = int(
        await session.scalar(
            select(func.count()).select_from(Enrolment).where(Enrolment.member_id == member.id)
        )
        or 0
    )
    return {"mooc_certificates": certificates, "mooc_enrolled": enrolled}
