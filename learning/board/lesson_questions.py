"""« Questions sur cette leçon »: a MOOC lesson's discussion is Coup de pouce posts tagged with the lesson.

The lesson page (courses) does not import the board: it sets `request.state.lesson` (key, title, theme, url)
and shows the blocks of slot "lesson". This block lists the lesson's questions with their answers and a form
that posts to the board (views_lessons). The form carries the lesson's fields signed with the site's key,
so that a question can only be tagged with a lesson whose page offered the form.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Any

from sqlalchemy import false, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from learning.coordinations.directory import confirmed_coordination_query
from learning.models import Member
from learning.packages import PageBlock
from learning.state import app_state
from learning.themes import THEMES
from learning.tokens import keyed_digest

from .models import Answer, Post
from .permissions import visible_posts

SHOWN = 20
PURPOSE = "board-lesson"


@dataclass(frozen=True)
class LessonRef:
    key: str  # « financer-creer-entreprise/aides-creation/acre »
    title: str
    theme: str  # a key of learning.themes.THEMES
    url: str


def signature(secret: str, lesson: LessonRef) -> str:
    return keyed_digest(secret, PURPOSE, "\n".join((lesson.key, lesson.theme, lesson.url, lesson.title)))


def lesson_of(request: Request) -> LessonRef | None:
    """What the lesson page handed over, checked: a theme of the list and an address on this site."""
    given = getattr(request.state, "lesson", None)
    if not isinstance(given, dict):
        return None
    lesson = LessonRef(**{name: str(given.get(name, "")) for name in ("key", "title", "theme", "url")})
    if not lesson.key or lesson.theme not in THEMES or not lesson.url.startswith("/"):
        return None
    return lesson


def signed_lesson(secret: str, fields: dict[str, str]) -> LessonRef | None:
    """The lesson a submitted form names, if its signature is the site's; None when forged or truncated."""
    lesson = LessonRef(**{name: fields.get(name, "") for name in ("key", "title", "theme", "url")})
    if not lesson.key or lesson.theme not in THEMES or not lesson.url.startswith("/"):
        return None
    given = fields.get("signature", "")
    return lesson if hmac.compare_digest(given, signature(secret, lesson)) else None


async def questions(
    session: AsyncSession, member: Member, lesson_key: str
) -> list[tuple[Post, list[Answer], dict[int, str]]]:
    """The lesson's questions she may read, newest first, each with its visible answers and the names of
    who wrote them."""
    # Her coordination as a subquery, not a query of its own: one round trip fewer on every lesson view.
    local = confirmed_coordination_query(member.id).scalar_subquery()
    posts = list(
        await session.scalars(
            select(Post)
            .where(Post.lesson == lesson_key, visible_posts(member, local))
            .order_by(Post.created_at.desc(), Post.id.desc())
            .limit(SHOWN)
        )
    )
    if not posts:
        return []
    answers = list(
        await session.scalars(
            select(Answer)
            .where(Answer.post_id.in_([p.id for p in posts]), Answer.hidden == false())
            .order_by(Answer.created_at, Answer.id)
        )
    )
    authors = {p.author_id for p in posts} | {a.author_id for a in answers}
    rows = await session.execute(
        select(Member.id, Member.name).where(Member.id.in_([a for a in authors if a is not None]))
    )
    names = {member_id: name for member_id, name in rows}
    by_post: dict[int, list[Answer]] = {p.id: [] for p in posts}
    for answer in answers:
        by_post[answer.post_id].append(answer)
    return [(post, by_post[post.id], names) for post in posts]


async def context(request: Request, session: AsyncSession, member: Member | None) -> dict[str, Any] | None:
    lesson = lesson_of(request)
    if lesson is None or member is None:
        return None
    return {
        "lesson": lesson,
        "signature": signature(app_state(request).settings.secret_key, lesson),
        "questions": await questions(session, member, lesson.key),
        "theme_label": THEMES[lesson.theme],
        "values": {},
        "errors": {},
    }


block = PageBlock(slot="lesson", template="board/_lesson_block.html", context=context)
