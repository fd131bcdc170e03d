"""Demo data for issue 20: on the past demo workshop, the intervenante's handouts (a PDF and a link) and
a few anonymous answers; Louise's speaker profile, visible to the coordinatrices. Idempotent."""

from __future__ import annotations

from sqlalchemy import select

from learning.db import Database
from learning.models import Member
from learning.settings import Settings
from live import handouts
from live.models import Registration, Workshop
from live.speaker_models import FeedbackAnswer, FeedbackReceipt, Handout, SpeakerProfile

PAST_TITLE = "Se lancer : les premières démarches"
# A one-page PDF, written here so that the demo needs no file of its own.
CHECKLIST_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<<>>>>endobj\n"
    b"4 0 obj<</Length 0>>stream\n\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
ANSWERS = (
    ("tres", "Les assurances", "Très concret, merci pour la check-list."),
    ("tres", "", "J'ai enfin compris l'ordre des démarches."),
    ("assez", "Le choix du statut", ""),
)


async def load(db: Database, settings: Settings) -> None:
    async with db.session() as session:
        past = await session.scalar(select(Workshop).where(Workshop.title == PAST_TITLE).limit(1))
        if past is None or await session.scalar(
            select(Handout.id).where(Handout.workshop_id == past.id).limit(1)
        ):
            return
        session.add(
            Handout(
                workshop_id=past.id,
                title="Check-list des premières démarches",
                filename="check-list-premieres-demarches.pdf",
                mimetype=handouts.KINDS["pdf"].mimetype,
                size=len(CHECKLIST_PDF),
                stored_name=handouts.store(settings, past.id, CHECKLIST_PDF),
                added_by_id=past.host_id,
            )
        )
        session.add(
            Handout(
                workshop_id=past.id,
                title="Le guichet des formalités des entreprises",
                url="https://formalites.entreprises.gouv.fr/",
                added_by_id=past.host_id,
            )
        )
        # Answers from present participants other than amina, who may still answer in the demo.
        amina = await session.scalar(select(Member.id).where(Member.email == "amina@entraide.test"))
        present = list(
            await session.scalars(
                select(Registration.member_id)
                .where(
                    Registration.workshop_id == past.id,
                    Registration.attended_at.is_not(None),
                    Registration.member_id != (amina or 0),
                )
                .order_by(Registration.id)
                .limit(len(ANSWERS))
            )
        )
        for member_id, (useful, deeper, comment) in zip(present, ANSWERS, strict=False):
            session.add(FeedbackReceipt(workshop_id=past.id, member_id=member_id))
            session.add(FeedbackAnswer(workshop_id=past.id, useful=useful, deeper=deeper, comment=comment))
        if past.host_id is not None and await session.get(SpeakerProfile, past.host_id) is None:
            session.add(
                SpeakerProfile(
                    member_id=past.host_id,
                    listed=True,
                    bio="Conseillère en création d'entreprise depuis dix ans, j'anime les ateliers pour bien démarrer.",
                    themes="juridique,commercial,financement",
                )
            )
        await session.commit()
