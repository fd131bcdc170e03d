"""Every kind of e-mail the platform sends, and what each member chose to receive (« Mes e-mails »).

Every sender names its kind when it calls `learning.outbox.queue_email(kind=...)`. Essential e-mails
answer something she did or needs (her address, her password, a workshop she registered for) and cannot
be turned off; the others can, one by one, from « Mes e-mails » or the one-click link at their end.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from learning.db import utcnow
from learning.models import EmailPreference


@dataclass(frozen=True)
class EmailKind:
    key: str
    label: str
    description: str
    essential: bool
    # How often a digest may go out ({value: French label}); empty for e-mails sent as things happen.
    frequencies: Mapping[str, str] = field(default_factory=dict)


DAILY, WEEKLY = "daily", "weekly"
DIGEST_FREQUENCIES = {DAILY: "Au plus une fois par jour", WEEKLY: "Au plus une fois par semaine"}

ACCOUNT = "account"
WORKSHOP_REGISTRATION = "workshop_registration"
COORDINATION_MEMBERSHIP = "coordination_membership"
VOLUNTEERING = "volunteering"
BOARD_DIGEST = "board_digest"
SUBSCRIPTIONS = "subscriptions"
COORDINATION_MESSAGES = "coordination_messages"
WORKSHOP_REMINDERS = "workshop_reminders"
WORKSHOP_PROPOSALS = "workshop_proposals"
MESSAGES = "messages"
MEMBERSHIP = "membership"
WORKSHOP_NEW_DATES = "workshop_new_dates"
WORKSHOP_FOLLOW_UP = "workshop_follow_up"
SPEAKER_FEEDBACK = "speaker_feedback"

KINDS: dict[str, EmailKind] = {
    kind.key: kind
    for kind in (
        EmailKind(
            ACCOUNT,
            "Mon compte",
            "Confirmation de votre adresse, lien de connexion, nouveau mot de passe.",
            essential=True,
        ),
        EmailKind(
            WORKSHOP_REGISTRATION,
            "Mes inscriptions aux ateliers",
            "Inscription confirmée ou en liste d'attente, place obtenue ou libérée, désinscription, "
            "atelier modifié ou annulé.",
            essential=True,
        ),
        EmailKind(
            WORKSHOP_PROPOSALS,
            "Propositions d'ateliers",
            "Une proposition d'atelier à publier (coordinatrices) ; la réponse de la coordination à "
            "votre proposition (intervenantes).",
            essential=True,
        ),
        EmailKind(
            COORDINATION_MEMBERSHIP,
            "Ma demande d'adhésion à une coordination",
            "La réponse de la coordinatrice à votre demande.",
            essential=True,
        ),
        EmailKind(
            VOLUNTEERING,
            "Ma proposition de bénévolat",
            "La réponse de l'équipe à votre proposition.",
            essential=True,
        ),
        EmailKind(
            WORKSHOP_REMINDERS,
            "Rappels d'ateliers",
            "La veille et une heure avant un atelier auquel vous êtes inscrite.",
            essential=False,
        ),
        EmailKind(
            WORKSHOP_NEW_DATES,
            "Nouvelle date d'un atelier complet",
            "Quand un atelier sur la liste d'attente duquel vous étiez est reprogrammé.",
            essential=False,
        ),
        EmailKind(
            WORKSHOP_FOLLOW_UP,
            "Après un atelier",
            "Les supports de l'intervenante et le lien pour donner votre avis, après un atelier suivi.",
            essential=False,
        ),
        EmailKind(
            SPEAKER_FEEDBACK,
            "Retours sur les ateliers que j'anime",
            "Un merci et les avis des participantes, quelques jours après chaque atelier animé.",
            essential=False,
        ),
        EmailKind(
            SUBSCRIPTIONS,
            "Nouveaux ateliers sur mes thèmes",
            "Un e-mail quand un atelier est publié sur un thème que vous suivez.",
            essential=False,
        ),
        EmailKind(
            BOARD_DIGEST,
            "Récapitulatif Coup de pouce",
            "Les réponses à vos messages et les nouveaux besoins sur vos thèmes.",
            essential=False,
            frequencies=DIGEST_FREQUENCIES,
        ),
        EmailKind(
            COORDINATION_MESSAGES,
            "Messages de ma coordination",
            "Les e-mails que votre coordinatrice écrit à toutes les membres.",
            essential=False,
        ),
        EmailKind(
            MESSAGES,
            "Messages privés",
            "Quand une membre vous écrit un message privé.",
            essential=False,
        ),
        EmailKind(
            MEMBERSHIP,
            "Renouvellement de l'adhésion",
            "Un rappel avant la date de renouvellement de votre adhésion.",
            essential=False,
        ),
    )
}


def kind_of(key: str) -> EmailKind:
    """The registered kind; an unknown key is a programming error, caught by the first test that sends it."""
    try:
        return KINDS[key]
    except KeyError:
        raise ValueError(f"unknown e-mail kind {key!r}: add it to learning.email_kinds.KINDS") from None


async def preferences(session: AsyncSession, member_id: int) -> dict[str, EmailPreference]:
    rows = await session.scalars(select(EmailPreference).where(EmailPreference.member_id == member_id))
    return {row.kind: row for row in rows}


async def wants(session: AsyncSession, member_id: int, key: str) -> bool:
    """Whether she receives this kind (essential ones always; no row means yes)."""
    if kind_of(key).essential:
        return True
    enabled = await session.scalar(
        select(EmailPreference.enabled).where(
            EmailPreference.member_id == member_id, EmailPreference.kind == key
        )
    )
    return enabled is not False


def turned_off(key: str) -> Select[int]:
    """A SELECT of the members who turned this kind off (for `Member.id.not_in(...)` in a job's query)."""
    return select(EmailPreference.member_id).where(
        EmailPreference.kind == key, EmailPreference.enabled.is_(False)
    )


async def set_preference(
    session: AsyncSession, member_id: int, key: str, *, enabled: bool, frequency: str | None = None
) -> None:
    """Records her choice for one non-essential kind; the caller commits."""
    kind = kind_of(key)
    if kind.essential:
        return
    row = await session.get(EmailPreference, (member_id, key))
    if row is None:
        row = EmailPreference(member_id=member_id, kind=key)
        session.add(row)
    row.enabled = enabled
    if frequency in kind.frequencies:
        row.frequency = frequency
    row.updated_at = utcnow()


# One-click unsubscribe (RFC 8058): the link names her and the kind, signed with the site's secret. It has
# no expiry, so that an old e-mail's link still works; all it can do is turn that kind off.
_SALT = "entraide-unsubscribe"
UNSUBSCRIBE_PATH = "/e-mails/desabonnement"


def unsubscribe_token(secret: str, member_id: int, key: str) -> str:
    return URLSafeSerializer(secret, salt=_SALT).dumps([member_id, key])


def read_unsubscribe_token(secret: str, token: str) -> tuple[int, str] | None:
    """(member id, kind) from a genuine token for a non-essential kind; None for anything else."""
    if not token or len(token) > 300:
        return None
    try:
        value = URLSafeSerializer(secret, salt=_SALT).loads(token)
    except BadSignature:
        return None
    if not (isinstance(value, list) and len(value) == 2):
        return None
    member_id, key = value
    if not isinstance(member_id, int) or not isinstance(key, str) or key not in KINDS or KINDS[key].essential:
        return None
    return member_id, key


def unsubscribe_url(base_origin: str, secret: str, member_id: int, key: str) -> str:
    return f"{base_origin}{UNSUBSCRIBE_PATH}?t={unsubscribe_token(secret, member_id, key)}"
