"""« Votre avis » after a workshop, anonymous to the speaker, and the e-mails that follow a workshop.

Design (see live.speaker_models): the answer and the receipt are two rows with nothing in common but the
workshop. The receipt's primary key (workshop, member) refuses a second answer; the answer has no member,
no time, and the speaker reads the answers sorted by their text, never in the order they came, and only
once MIN_SHOWN of them exist (with one answer, « anonymous » would mean nothing).

The e-mails after a workshop, each claimed by one conditional UPDATE on `WorkshopFollowUp`:
- FOLLOW_UP_AFTER its end, to every participant marked present: thanks, the handouts, the form's link;
- THANK_AFTER its end, to its speakers: thanks, the figures and the comments.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import FormData

from learning import email_kinds, forms
from learning.db import Database, rowcount
from learning.i18n import date_fr
from learning.models import Member
from learning.outbox import queue_email
from learning.settings import Settings
from live import handouts
from live.models import Registration, Workshop
from live.speaker_models import USEFUL_LEVELS, FeedbackAnswer, FeedbackReceipt, WorkshopFollowUp

MIN_SHOWN = 3
OPEN_FOR = timedelta(days=30)  # the form stays open this long after the workshop
FOLLOW_UP_AFTER = timedelta(hours=2)  # leaves time for an in-person roll call
THANK_AFTER = timedelta(days=3)
SIGNATURE = "\n\nÀ bientôt,\nL'équipe Entraide\n"


@dataclass
class FeedbackForm:
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)


def read(form: FormData) -> FeedbackForm:
    values = {
        "useful": forms.text(form, "useful", max_length=8),
        "deeper": forms.text(form, "deeper", max_length=500),
        "comment": forms.text(form, "comment", max_length=2000),
    }
    result = FeedbackForm(values)
    if values["useful"] not in USEFUL_LEVELS:
        result.errors["useful"] = "Dites-nous si l'atelier vous a été utile (une des trois réponses)."
    return result


def window_open(workshop: Workshop, now: datetime) -> bool:
    return workshop.status == "published" and workshop.is_over(now) and now < workshop.ends_at + OPEN_FOR


async def may_answer(session: AsyncSession, workshop: Workshop, member_id: int) -> bool:
    """Only a participant marked present answers: the form speaks of what happened in the room."""
    attended = await session.scalar(
        select(Registration.id).where(
            Registration.workshop_id == workshop.id,
            Registration.member_id == member_id,
            Registration.attended_at.is_not(None),
        )
    )
    return attended is not None and workshop.host_role(member_id) is None


async def has_answered(session: AsyncSession, workshop_id: int, member_id: int) -> bool:
    return await session.get(FeedbackReceipt, (workshop_id, member_id)) is not None


async def save(session: AsyncSession, workshop_id: int, member_id: int, answer: FeedbackForm) -> bool:
    """Writes the receipt and the answer, and commits; False (nothing written) if she had answered already."""
    session.add(FeedbackReceipt(workshop_id=workshop_id, member_id=member_id))
    session.add(
        FeedbackAnswer(
            workshop_id=workshop_id,
            useful=answer.values["useful"],
            deeper=answer.values["deeper"],
            comment=answer.values["comment"],
        )
    )
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        return False
    return True


@dataclass
class Summary:
    answers: int
    levels: dict[str, int]  # USEFUL_LEVELS key -> count
    deeper: list[str]
    comments: list[str]

    @property
    def shown(self) -> bool:
        return self.answers >= MIN_SHOWN

    def share(self, level: str) -> int:
        return round(100 * self.levels.get(level, 0) / self.answers) if self.answers else 0


async def summary(session: AsyncSession, workshop_id: int) -> Summary:
    rows = list(
        await session.scalars(select(FeedbackAnswer).where(FeedbackAnswer.workshop_id == workshop_id))
    )
    levels = Counter(r.useful for r in rows)
    return Summary(
        answers=len(rows),
        levels={key: levels.get(key, 0) for key in USEFUL_LEVELS},
        deeper=sorted(r.deeper for r in rows if r.deeper),
        comments=sorted(r.comment for r in rows if r.comment),
    )


async def counts(session: AsyncSession, workshop_ids: list[int]) -> dict[int, Counter[str]]:
    """Per workshop, how many answers at each level (figures only, no text)."""
    found: dict[int, Counter[str]] = {i: Counter() for i in workshop_ids}
    rows = await session.execute(
        select(FeedbackAnswer.workshop_id, FeedbackAnswer.useful).where(
            FeedbackAnswer.workshop_id.in_(workshop_ids or [0])
        )
    )
    for workshop_id, useful in rows:
        found[workshop_id][useful] += 1
    return found


async def _ensure_rows(db: Database, workshop_ids: list[int]) -> None:
    for workshop_id in workshop_ids:
        async with db.session() as session:
            if await session.get(WorkshopFollowUp, workshop_id) is None:
                session.add(WorkshopFollowUp(workshop_id=workshop_id))
                try:
                    await session.commit()
                except IntegrityError:  # made by another process at the same moment
                    await session.rollback()


async def _ended_between(
    db: Database, start: datetime, end: datetime, unclaimed: ColumnElement[bool]
) -> list[int]:
    async with db.session() as session:
        found = await session.scalars(
            select(Workshop)
            .outerjoin(WorkshopFollowUp, WorkshopFollowUp.workshop_id == Workshop.id)
            .where(
                Workshop.status == "published",
                Workshop.starts_at > start - timedelta(hours=8),
                Workshop.starts_at < end,
                or_(WorkshopFollowUp.workshop_id.is_(None), unclaimed),
            )
        )
        return [w.id for w in found if start <= w.ends_at <= end]


async def _claim(session: AsyncSession, workshop_id: int, column: str, now: datetime) -> Workshop | None:
    """The workshop, once this process has set `column` (None, rolled back, when another one had)."""
    claimed = await session.execute(
        update(WorkshopFollowUp)
        .where(WorkshopFollowUp.workshop_id == workshop_id, getattr(WorkshopFollowUp, column).is_(None))
        .values({column: now})
        .execution_options(synchronize_session=False)
    )
    if rowcount(claimed) != 1:
        await session.rollback()
        return None
    return await session.get(Workshop, workshop_id)


async def present_counts(session: AsyncSession, workshop_ids: list[int]) -> dict[int, int]:
    """How many participants were marked present, per workshop (absent from the dict: none)."""
    rows = await session.execute(
        select(Registration.workshop_id, func.count())
        .where(Registration.workshop_id.in_(workshop_ids or [0]), Registration.attended_at.is_not(None))
        .group_by(Registration.workshop_id)
    )
    return {workshop_id: n for workshop_id, n in rows}


def _handout_lines(workshop: Workshop, found: list, settings: Settings) -> str:
    if not found:
        return ""
    lines = "\n".join(
        f"- {h.title} : {h.url if not h.is_file else f'{settings.base_origin}/ateliers/{workshop.id}/supports/{h.id}'}"
        for h in found
    )
    return f"\n\nLes supports de l'atelier (réservés aux inscrites) :\n{lines}"


async def tell_participants(db: Database, settings: Settings, workshop_id: int, now: datetime) -> int:
    async with db.session() as session:
        workshop = await _claim(session, workshop_id, "participants_told_at", now)
        if workshop is None:
            return 0
        found = await handouts.for_workshop(session, workshop_id)
        present = await session.scalars(
            select(Member)
            .join(Registration, Registration.member_id == Member.id)
            .where(
                Registration.workshop_id == workshop_id,
                Registration.attended_at.is_not(None),
                Member.id.not_in(email_kinds.turned_off(email_kinds.WORKSHOP_FOLLOW_UP)),
                Member.email_confirmed_at.is_not(None),
            )
        )
        count = 0
        for member in present:
            if workshop.host_role(member.id):
                continue
            queue_email(
                session,
                kind=email_kinds.WORKSHOP_FOLLOW_UP,
                to=member.email,
                member_id=member.id,
                subject=f"Merci d'avoir participé : {workshop.title}",
                body=(
                    f"Bonjour {member.name},\n\nMerci d'avoir participé à l'atelier « {workshop.title} » "
                    f"du {date_fr(workshop.starts_at)}.{_handout_lines(workshop, found, settings)}\n\n"
                    "Votre avis aide l'intervenante, bénévole, à préparer les prochains ateliers. Trois questions, "
                    f"une minute, et il reste anonyme : {settings.base_origin}/ateliers/{workshop.id}/avis"
                    + SIGNATURE
                ),
            )
            count += 1
        await session.commit()
        return count


def _figures(found: Summary) -> str:
    if not found.answers:
        return "Personne n'a encore donné son avis."
    if not found.shown:
        return (
            f"{found.answers} avis pour l'instant : les réponses s'affichent à partir de {MIN_SHOWN}, "
            "pour que chacune reste anonyme."
        )
    levels = ", ".join(f"{label.lower()} : {found.levels[key]}" for key, label in USEFUL_LEVELS.items())
    text = f"{found.answers} avis — {levels}."
    if found.deeper:
        text += "\n\nPour aller plus loin, elles aimeraient :\n" + "\n".join(f"- {d}" for d in found.deeper)
    if found.comments:
        text += "\n\nLeurs commentaires :\n" + "\n".join(f"- {c}" for c in found.comments)
    return text


async def thank_speakers(db: Database, settings: Settings, workshop_id: int, now: datetime) -> int:
    async with db.session() as session:
        workshop = await _claim(session, workshop_id, "speakers_thanked_at", now)
        if workshop is None:
            return 0
        found = await summary(session, workshop_id)
        present = (await present_counts(session, [workshop_id])).get(workshop_id, 0)
        speaker_ids = [i for i in (workshop.host_id, workshop.cohost_id) if i is not None]
        speakers = await session.scalars(
            select(Member).where(
                Member.id.in_(speaker_ids or [0]),
                Member.id.not_in(email_kinds.turned_off(email_kinds.SPEAKER_FEEDBACK)),
            )
        )
        count = 0
        for speaker in speakers:
            queue_email(
                session,
                kind=email_kinds.SPEAKER_FEEDBACK,
                to=speaker.email,
                member_id=speaker.id,
                subject=f"Merci pour votre atelier : {workshop.title}",
                body=(
                    f"Bonjour {speaker.name},\n\nMerci d'avoir donné de votre temps pour l'atelier "
                    f"« {workshop.title} » du {date_fr(workshop.starts_at)} : {present} participantes "
                    f"étaient là.\n\n{_figures(found)}\n\nTous les retours : "
                    f"{settings.base_origin}/ateliers/{workshop.id}/retours\n"
                    f"Le reprogrammer : {settings.base_origin}/ateliers/{workshop.id}/reprogrammer"
                    + SIGNATURE
                ),
            )
            count += 1
        await session.commit()
        return count


async def send_follow_ups(db: Database, settings: Settings, now: datetime) -> int:
    """Both kinds of e-mails for workshops that ended within the form's window; returns how many were queued."""
    sent = 0
    told = await _ended_between(
        db, now - OPEN_FOR, now - FOLLOW_UP_AFTER, WorkshopFollowUp.participants_told_at.is_(None)
    )
    thanked = await _ended_between(
        db, now - OPEN_FOR, now - THANK_AFTER, WorkshopFollowUp.speakers_thanked_at.is_(None)
    )
    await _ensure_rows(db, sorted(set(told) | set(thanked)))
    for workshop_id in told:
        sent += await tell_participants(db, settings, workshop_id, now)
    for workshop_id in thanked:
        sent += await thank_speakers(db, settings, workshop_id, now)
    return sent
