"""What a workshop's page shows of issue 20: its handouts, « Donner mon avis », its feedback and
« Reprogrammer cet atelier », for whoever may see each (live/templates/live/_speaker_extras.html)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from learning.models import Member
from live import feedback, handouts
from live.models import Workshop

MESSAGES = {
    "reprogramme": ("La nouvelle date est créée : les inscriptions y repartent de zéro.", "success"),
    "support-ajoute": ("Le support est ajouté : les inscrites le trouvent sur cette page.", "success"),
    "support-retire": ("Le support est retiré.", "success"),
}


async def context(session: AsyncSession, workshop: Workshop, member: Member | None, now: datetime) -> dict:
    leads = member is not None and handouts.may_lead(workshop, member)
    readable = await handouts.may_read(session, workshop, member)
    found = await handouts.for_workshop(session, workshop.id)
    may_answer = member is not None and await feedback.may_answer(session, workshop, member.id)
    return {
        "leads": leads,
        "handouts": found if readable else [],
        "hidden_handouts": len(found) if not readable else 0,
        "kind_of": handouts.kind_of,
        "accepted": handouts.ACCEPTED,
        "can_attach": leads and workshop.status != "cancelled",
        "feedback_open": may_answer and feedback.window_open(workshop, now),
        "answered": may_answer
        and member is not None
        and await feedback.has_answered(session, workshop.id, member.id),
        "can_repeat": leads and workshop.status != "proposed",
    }
