"""The e-mails about private messages: a new message, the daily digest, a moderator's warning.

None of them quotes a message. A private message is between two members: an e-mail leaves the
platform (mail providers, shared screens, forwarded mailboxes), cannot be erased by « Mes données »,
and would carry a message a moderator may later hide. The e-mail says who wrote and where to read it.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from learning import email_kinds
from learning.models import Member
from learning.outbox import queue_email
from learning.settings import Settings

PRIVACY_LINE = "Par discrétion, le texte des messages privés n'est jamais recopié dans les e-mails."


def _preferences_line(base: str) -> str:
    return (
        f"Choisir quand recevoir ces avis (tout de suite, une fois par jour, jamais) : {base}/messages#avis"
    )


def queue_new_message(
    session: AsyncSession, recipient: Member, sender: Member, conversation_id: int, settings: Settings
) -> None:
    base = settings.base_origin
    queue_email(
        session,
        to=recipient.email,
        member_id=recipient.id,
        kind=email_kinds.MESSAGES,
        subject=f"{sender.name} vous a écrit sur Entraide",
        body="\n".join(
            [
                f"Bonjour {recipient.name},",
                "",
                f"{sender.name} vous a envoyé un message privé. Pour le lire et lui répondre :",
                f"{base}/messages/{conversation_id}",
                "",
                PRIVACY_LINE,
                "",
                _preferences_line(base),
                "",
            ]
        ),
    )


def queue_digest(
    session: AsyncSession, member: Member, lines: list[tuple[int, str, int]], settings: Settings
) -> None:
    """`lines`: (conversation id, the other member's name, unread messages), newest first."""
    base = settings.base_origin
    total = sum(count for _id, _name, count in lines)
    parts = [f"Bonjour {member.name},", "", "Des messages privés vous attendent sur Entraide :", ""]
    for conversation_id, name, count in lines:
        parts.append(
            f"• {name} ({count} message{'s' if count > 1 else ''})\n  {base}/messages/{conversation_id}"
        )
    parts += ["", f"Votre messagerie : {base}/messages", "", PRIVACY_LINE, "", _preferences_line(base), ""]
    queue_email(
        session,
        to=member.email,
        member_id=member.id,
        kind=email_kinds.MESSAGES,
        subject=f"Messages privés : {total} non lu{'s' if total > 1 else ''}",
        body="\n".join(parts),
    )


def queue_warning(session: AsyncSession, author: Member, settings: Settings) -> None:
    queue_email(
        session,
        to=author.email,
        member_id=author.id,
        subject="Un de vos messages privés a été masqué",
        body="\n".join(
            [
                f"Bonjour {author.name},",
                "",
                "Une membre a signalé un message privé que vous lui avez envoyé. L'équipe de modération l'a lu "
                "et l'a masqué : il ne respecte pas la charte du réseau (bienveillance, pas de démarchage).",
                "",
                "Merci d'en tenir compte dans vos prochains échanges.",
                "",
                f"{settings.base_origin}/messages",
                "",
            ]
        ),
    )
