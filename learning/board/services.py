"""Write side of the board: posts, answers, thanks, follows, solved marks, moderation.

Functions take an open session and never commit: the endpoint owns the transaction, so that a
notification or counter is written together with what caused it, or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, false, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from learning.db import Base, dialect_name, rowcount, utcnow
from learning.models import Member

from . import markdown, mentions, notifications, permissions
from .common import local_of
from .models import Answer, Follow, Notification, Post, PostTheme, Report, Thanks


@dataclass
class PostInput:
    kind: str
    title: str
    body: str
    themes: list[str]
    scope: str


async def insert_ignore(session: AsyncSession, model: type[Base], **values: object) -> bool:
    """INSERT … ON CONFLICT DO NOTHING: a double click or two tabs write one row, without an error."""
    insert = sqlite_insert if dialect_name(session) == "sqlite" else pg_insert
    result = await session.execute(insert(model).values(**values).on_conflict_do_nothing())
    return rowcount(result) == 1


async def recount_answers(session: AsyncSession, post_ids: list[int]) -> None:
    """Recomputes the visible-answer counts (what « sans réponse » relies on) from the answers themselves."""
    if not post_ids:
        return
    visible = (
        select(func.count())
        .select_from(Answer)
        .where(Answer.post_id == Post.id, Answer.hidden == false())
        .scalar_subquery()
    )
    await session.execute(
        update(Post)
        .where(Post.id.in_(post_ids))
        .values(answer_count=visible)
        .execution_options(synchronize_session=False)
    )


async def render_with_mentions(session: AsyncSession, body: str) -> tuple[str, list[Member]]:
    """The body's HTML, with each @mention that names one member a link to her profile; and those members."""
    found = await mentions.resolve(session, mentions.handles_in(body))
    return markdown.render(mentions.linked(body, found)), list(found.values())


async def notify_mentioned(
    session: AsyncSession,
    mentioned: list[Member],
    *,
    author_id: int,
    post: Post,
    answer_id: int | None,
    before: str = "",
) -> set[int]:
    """Tells the members a text mentions, once: not herself, not those the text mentioned before it was
    edited (`before`), not those who may not read the post (a « locale » post of another coordination).
    Returns who was told."""
    already = set(mentions.handles_in(before))
    told = set()
    for member in mentioned:
        if member.id == author_id or mentions.handle(member.name) in already:
            continue
        if not permissions.can_see_post(member, post, await local_of(session, member)):
            continue
        told.add(member.id)
    notifications.notify(
        session, told, post_id=post.id, answer_id=answer_id, kind="mention", actor_id=author_id
    )
    return told


async def create_post(
    session: AsyncSession, author: Member, data: PostInput, local: int | None = None
) -> Post:
    """`local`: her confirmed coordination when she posts (who sees a « locale » post, the « par
    coordination » filter); None when she has none."""
    now = utcnow()
    body_html, mentioned = await render_with_mentions(session, data.body)
    post = Post(
        author_id=author.id,
        kind=data.kind,
        title=data.title,
        body=data.body,
        body_html=body_html,
        scope=data.scope,
        coordination_id=local,
        themes_csv=",".join(data.themes),
        answer_count=0,
        hidden=False,
        locked=False,
        created_at=now,
        last_activity_at=now,
    )
    session.add(post)
    await session.flush()
    session.add_all(PostTheme(post_id=post.id, theme=t) for t in data.themes)
    session.add(Follow(post_id=post.id, member_id=author.id))  # she hears about answers to her own post
    await notifications.notify_theme_followers(session, post)
    await notify_mentioned(session, mentioned, author_id=author.id, post=post, answer_id=None)
    return post


async def update_post(session: AsyncSession, post: Post, data: PostInput, local: int | None = None) -> None:
    # A post made « locale » later goes to the coordination she belongs to now, if it had none.
    if post.coordination_id is None and data.scope == "locale":
        post.coordination_id = local
    before = post.body
    post.kind, post.title, post.body, post.scope = data.kind, data.title, data.body, data.scope
    post.body_html, mentioned = await render_with_mentions(session, data.body)
    if post.author_id is not None:
        await notify_mentioned(
            session, mentioned, author_id=post.author_id, post=post, answer_id=None, before=before
        )
    post.themes_csv = ",".join(data.themes)
    post.updated_at = utcnow()
    await session.execute(delete(PostTheme).where(PostTheme.post_id == post.id))
    session.add_all(PostTheme(post_id=post.id, theme=t) for t in data.themes)


async def delete_post(session: AsyncSession, post: Post) -> None:
    # Answers, themes, follows, thanks, notifications and reports go with it (ON DELETE CASCADE).
    await session.execute(delete(Post).where(Post.id == post.id))


async def add_answer(session: AsyncSession, author: Member, post: Post, body: str) -> Answer:
    now = utcnow()
    body_html, mentioned = await render_with_mentions(session, body)
    answer = Answer(
        post_id=post.id,
        author_id=author.id,
        body=body,
        body_html=body_html,
        hidden=False,
        created_at=now,
    )
    session.add(answer)
    await session.flush()
    # An increment, not a recount: two answers committed at the same moment must both count
    # (a recount in each transaction would not see the other's row, and the last writer would win).
    await session.execute(
        update(Post)
        .where(Post.id == post.id)
        .values(answer_count=Post.answer_count + 1, last_activity_at=now)
        .execution_options(synchronize_session=False)
    )
    told = await notify_mentioned(session, mentioned, author_id=author.id, post=post, answer_id=answer.id)
    # A follower mentioned in the answer hears of it once, as a mention.
    recipients = [
        m for m in await notifications.followers(session, post.id) if m != author.id and m not in told
    ]
    notifications.notify(session, recipients, post_id=post.id, answer_id=answer.id, kind="answer")
    # Answering follows the post, so she learns when it is solved or answered again.
    await insert_ignore(session, Follow, post_id=post.id, member_id=author.id, created_at=now)
    return answer


async def update_answer(session: AsyncSession, answer: Answer, body: str, post: Post) -> None:
    before = answer.body
    answer.body, answer.updated_at = body, utcnow()
    answer.body_html, mentioned = await render_with_mentions(session, body)
    if answer.author_id is not None:
        await notify_mentioned(
            session, mentioned, author_id=answer.author_id, post=post, answer_id=answer.id, before=before
        )


async def delete_answer(session: AsyncSession, answer: Answer) -> None:
    await session.execute(
        update(Post)
        .where(Post.solved_answer_id == answer.id)
        .values(solved_answer_id=None)
        .execution_options(synchronize_session=False)
    )
    await session.execute(delete(Answer).where(Answer.id == answer.id))
    await recount_answers(session, [answer.post_id])


async def mark_solved(session: AsyncSession, post: Post, answer: Answer) -> bool:
    """Marks `answer` as the one that solved `post`, or clears the mark if it already was; True if marked."""
    if post.solved_answer_id == answer.id:
        post.solved_answer_id = None
        return False
    post.solved_answer_id = answer.id
    post.last_activity_at = utcnow()
    already = await session.scalar(
        select(Notification.id)
        .where(Notification.answer_id == answer.id, Notification.kind == "solved")
        .limit(1)
    )
    if already is not None:
        return True  # marked, unmarked, marked again: people were told the first time
    recipients = set(await notifications.followers(session, post.id))
    if answer.author_id is not None:
        recipients.add(answer.author_id)
    recipients.discard(post.author_id)
    notifications.notify(session, recipients, post_id=post.id, answer_id=answer.id, kind="solved")
    return True


async def thank(session: AsyncSession, member: Member, answer: Answer) -> None:
    """« Merci »: counted once per member and answer, and its author told once (the pair is unique)."""
    new = await insert_ignore(session, Thanks, answer_id=answer.id, member_id=member.id, created_at=utcnow())
    if new and answer.author_id is not None and answer.author_id != member.id:
        notifications.notify(
            session,
            [answer.author_id],
            post_id=answer.post_id,
            answer_id=answer.id,
            kind="thanks",
            actor_id=member.id,
        )


async def set_follow(session: AsyncSession, member: Member, post: Post, follow: bool) -> None:
    if follow:
        await insert_ignore(session, Follow, post_id=post.id, member_id=member.id, created_at=utcnow())
    else:
        await session.execute(delete(Follow).where(Follow.post_id == post.id, Follow.member_id == member.id))


async def report(
    session: AsyncSession, member: Member, post: Post, answer: Answer | None, reason: str
) -> bool:
    return await insert_ignore(
        session,
        Report,
        post_id=post.id,
        answer_id=answer.id if answer else 0,
        reporter_id=member.id,
        reason=reason,
        created_at=utcnow(),
    )


async def resolve_reports(
    session: AsyncSession, moderator: Member, post_id: int, answer_id: int | None
) -> None:
    stmt = update(Report).where(Report.post_id == post_id, Report.resolved_at.is_(None))
    if answer_id is not None:
        stmt = stmt.where(Report.answer_id == answer_id)
    await session.execute(
        stmt.values(resolved_at=utcnow(), resolved_by=moderator.id).execution_options(
            synchronize_session=False
        )
    )


POST_ACTIONS = {
    "masquer": ("hidden", True),
    "retablir": ("hidden", False),
    "verrouiller": ("locked", True),
    "deverrouiller": ("locked", False),
}
ANSWER_ACTIONS = {"masquer": True, "retablir": False}


async def moderate_post(session: AsyncSession, moderator: Member, post: Post, action: str) -> None:
    attribute, value = POST_ACTIONS[action]
    setattr(post, attribute, value)
    post.moderated_by, post.moderated_at = moderator.id, utcnow()
    if action in ("masquer", "retablir"):
        await resolve_reports(session, moderator, post.id, 0)


async def moderate_answer(session: AsyncSession, moderator: Member, answer: Answer, action: str) -> None:
    answer.hidden = ANSWER_ACTIONS[action]
    answer.moderated_by, answer.moderated_at = moderator.id, utcnow()
    await session.flush()
    await recount_answers(session, [answer.post_id])
    await resolve_reports(session, moderator, answer.post_id, answer.id)
