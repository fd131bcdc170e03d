"""« Mon adhésion » on « Mon compte »: her status, dates, and the payment link when it is due."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from learning.models import Member

from . import charter
from .adhesion import status_for

TEMPLATE = "members/_account_adhesion.html"


async def context(session: AsyncSession, member: Member) -> dict[str, Any]:
    return {
        "adhesion": await status_for(session, member.id),
        "charter_accepted": await charter.acceptances(session, member.id),
    }
