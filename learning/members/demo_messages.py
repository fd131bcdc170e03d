"""Demo private messages for `entraide demo`: a few conversations between the demo members, one unread for
Amina (Claire sends her the contacts promised on Coup de pouce), one reported message for the moderators.

Idempotent: does nothing once Amina and Claire have a conversation. Written straight into the tables (not
through `messaging.send`) so that loading the demo queues no e-mail and the times can be set in the past.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import column, select, table

from learning.db import Database, utcnow
from learning.models import Member
from learning.settings import Settings

from .messaging import conversation_between, pair
from .models_messages import Conversation, ConversationSide, MessageReport, PrivateMessage

EMAILS = {
    "amina": "amina@entraide.test",
    "claire": "claire@entraide.test",
    "sophie": "sophie@entraide.test",
    "julie": "julie@entraide.test",
    "louise": "intervenante@entraide.test",
    "fatou": "intervenante2@entraide.test",
}
BANK_POST = "Quelle banque pour accompagner un prêt d'honneur ?"
SAS_POST = "SAS ou SARL quand on est trois associées ?"
# The board's demo posts, by their table's name: this package does not import the board (tests/shell/
# test_packages.py), and the board's demo runs first (packages load by name), so the posts exist.
BOARD_POSTS = table("board_posts", column("id"), column("title"))

# (first, second, post title the first message started from or None, [(author, text, hours ago)],
#  whether the last message is still unread, reporter and reason of the last message or None)
CONVERSATIONS = [
    (
        "claire",
        "amina",
        BANK_POST,
        [
            (
                "claire",
                "Bonjour Amina ! Comme promis sous ta demande, je t'envoie les contacts : Isabelle Roux, conseillère "
                "professionnelle au Crédit Coopératif, agence République. Elle connaît bien les prêts d'honneur. "
                "Dis-lui que tu viens de ma part.",
                30,
            ),
            ("amina", "Merci beaucoup Claire ! Je l'appelle lundi matin.", 26),
            (
                "claire",
                "Avec plaisir. Si tu veux, je relis ton prévisionnel avant le rendez-vous : envoie-le-moi ici.",
                2,
            ),
        ],
        True,
        None,
    ),
    (
        "sophie",
        "julie",
        SAS_POST,
        [
            (
                "sophie",
                "Merci pour ta réponse sur la SAS ! Aurais-tu un modèle de pacte d'associées à partager ?",
                50,
            ),
            (
                "julie",
                "Oui, celui que notre avocate nous a fait. Je retire les noms et je te le passe à l'atelier de jeudi.",
                47,
            ),
        ],
        False,
        None,
    ),
    (
        "amina",
        "louise",
        None,
        [
            (
                "amina",
                "Bonjour Louise, votre atelier sur le prêt d'honneur m'a débloquée. Puis-je vous poser une question "
                "sur la garantie France Active ?",
                72,
            ),
            ("louise", "Bien sûr ! Posez-la ici, je vous réponds dans la journée.", 70),
        ],
        False,
        None,
    ),
    (
        "fatou",
        "sophie",
        None,
        [
            (
                "fatou",
                "Offre spéciale cette semaine : je gère vos réseaux sociaux pour 300 € par mois. Répondez vite, "
                "il ne reste que deux places !",
                20,
            ),
        ],
        False,
        (
            "sophie",
            "Démarchage commercial : je n'ai rien demandé, et c'est le troisième message de ce genre.",
        ),
    ),
]


async def load(db: Database, settings: Settings) -> None:
    async with db.session() as session:
        people: dict[str, Member] = {}
        for key, email in EMAILS.items():
            found = await session.scalar(select(Member).where(Member.email == email))
            if found is None:
                return  # the shell's demo members are missing: nobody to write
            people[key] = found
        if await conversation_between(session, people["amina"].id, people["claire"].id) is not None:
            return
        now = utcnow()
        for first, second, post_title, lines, unread, reported in CONVERSATIONS:
            a, b = people[first], people[second]
            low, high = pair(a.id, b.id)
            started = now - timedelta(hours=lines[0][2])
            last = now - timedelta(hours=lines[-1][2])
            conversation = Conversation(
                member_low_id=low, member_high_id=high, created_at=started, last_message_at=last
            )
            session.add(conversation)
            await session.flush()
            post_id = (
                await session.scalar(select(BOARD_POSTS.c.id).where(BOARD_POSTS.c.title == post_title))
                if post_title
                else None
            )
            written = []
            for index, (author, text, hours) in enumerate(lines):
                message = PrivateMessage(
                    conversation_id=conversation.id,
                    author_id=people[author].id,
                    body=text,
                    started_from=f"/coup-de-pouce/{post_id}" if index == 0 and post_id else None,
                    created_at=now - timedelta(hours=hours),
                )
                session.add(message)
                written.append(message)
            await session.flush()
            reader = b if lines[-1][0] == first else a
            for member, other in ((a, b), (b, a)):
                waiting = unread and member.id == reader.id
                session.add(
                    ConversationSide(
                        conversation_id=conversation.id,
                        member_id=member.id,
                        other_id=other.id,
                        last_message_at=last,
                        unread=1 if waiting else 0,
                        unread_since=last if waiting else None,
                        # Announced already: the demo's own digest run sends nothing about it.
                        emailed_at=last if waiting else None,
                    )
                )
            if reported is not None:
                reporter, reason = reported
                session.add(
                    MessageReport(
                        message_id=written[-1].id,
                        conversation_id=conversation.id,
                        reporter_id=people[reporter].id,
                        reason=reason,
                        created_at=now - timedelta(hours=1),
                    )
                )
        await session.commit()
