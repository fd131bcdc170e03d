"""Demo needs nobody answered yet, in Amina's (Montreuil) and Claire's (Rennes) coordinations: what the
« Besoins sans réponse dans ma coordination » block of their home pages shows. Idempotent (by title)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from learning.coordinations.directory import confirmed_coordination_id
from learning.db import Database, utcnow
from learning.models import Member

from . import services
from .models import Post

# (author's e-mail, title, body, themes, hours ago)
NEEDS = [
    (
        "membre1.montreuil@entraide.test",
        "Qui connaît une salle pour un atelier couture à Montreuil ?",
        "Je cherche une salle avec de grandes tables, un samedi par mois, pour 8 personnes. "
        "Une idée de lieu associatif ou de tiers-lieu ?",
        ["locaux"],
        20,
    ),
    (
        "membre2.rennes@entraide.test",
        "Un avis sur ma grille de tarifs de traduction ?",
        "Je me lance comme traductrice indépendante à Rennes et j'hésite entre un prix au mot et un forfait. "
        "Quelqu'une voudrait bien relire ma grille ?",
        ["commercial", "comptabilite"],
        30,
    ),
]


async def load_needs(db: Database) -> None:
    async with db.session() as session:
        now = utcnow()
        for email, title, body, themes, hours in NEEDS:
            if await session.scalar(select(Post.id).where(Post.title == title)) is not None:
                continue
            author = await session.scalar(select(Member).where(Member.email == email))
            if author is None:
                continue
            post = await services.create_post(
                session,
                author,
                services.PostInput(kind="besoin", title=title, body=body, themes=themes, scope="locale"),
                await confirmed_coordination_id(session, author.id),
            )
            post.created_at = post.last_activity_at = now - timedelta(hours=hours)
        await session.commit()
