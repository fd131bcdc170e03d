"""Read side of the board: the filtered, paginated list and the search, for one member's eyes."""

from __future__ import annotations

import functools
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date

from markupsafe import Markup
from sqlalchemy import false, select
from sqlalchemy.ext.asyncio import AsyncSession

from learning import i18n
from learning.coordinations.directory import confirmed_coordination_id
from learning.db import dialect_name
from learning.models import Member

from . import search
from .markdown import plain_text
from .models import KINDS, THEMES, Post, PostTheme
from .permissions import visible_on_profile, visible_posts

PER_PAGE = 20
MAX_PAGE = 500
# Every view lists by last activity (a new answer brings a post back up): the label says so, and a card whose
# last activity is not its creation says when it was.
VIEWS = {"recents": "Activité récente", "sans-reponse": "Sans réponse", "resolus": "Résolus"}
SCOPE_FILTERS = {"reseau": "Tout le réseau", "locale": "Ma coordination"}


@dataclass
class Filters:
    view: str = "recents"
    theme: str = ""
    scope: str = ""
    kind: str = ""
    query: str = ""
    by_date: bool = False
    page: int = 1

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> Filters:
        # Unknown values fall back to "no filter" rather than an error: URLs get pasted and truncated.
        try:
            page = min(max(int(params.get("page", "1")), 1), MAX_PAGE)
        except ValueError:
            page = 1

        def one_of(name: str, allowed: Collection[str], default: str = "") -> str:
            value = params.get(name)
            return value if value is not None and value in allowed else default

        return cls(
            view=one_of("vue", VIEWS, "recents"),
            theme=one_of("theme", THEMES),
            scope=one_of("portee", SCOPE_FILTERS),
            kind=one_of("type", KINDS),
            query=search.normalise(params.get("q")),
            by_date=params.get("tri") == "date",
            page=page,
        )

    def url(self, **changes: str | int) -> str:
        from urllib.parse import urlencode

        values: dict[str, str | int] = {
            "vue": self.view if self.view != "recents" else "",
            "theme": self.theme,
            "portee": self.scope,
            "type": self.kind,
            "q": self.query,
            "tri": "date" if self.by_date else "",
            "page": "",
        }
        values.update(changes)
        query = urlencode({k: v for k, v in values.items() if v not in ("", None, 1)})
        return "/coup-de-pouce" + (f"?{query}" if query else "")


@functools.lru_cache(maxsize=1024)
def _date_label(day: date) -> str:
    # Babel's formatting is the costliest part of a list item; twenty posts share few dates.
    return i18n.short_date_fr(day)


@dataclass
class Item:
    post: Post
    author_name: str | None
    title_html: Markup | None = None
    excerpt_html: Markup | None = None

    @property
    def date_label(self) -> str:
        return _date_label(i18n.to_paris(self.post.created_at).date())

    @property
    def iso_date(self) -> str:
        return self.post.created_at.isoformat() + "Z"

    @property
    def activity_label(self) -> str | None:
        """The day of its last activity, when not the day it was posted (None then)."""
        day = i18n.to_paris(self.post.last_activity_at).date()
        return None if day == i18n.to_paris(self.post.created_at).date() else _date_label(day)

    @property
    def iso_activity(self) -> str:
        return self.post.last_activity_at.isoformat() + "Z"


@dataclass
class Page:
    items: list[Item] = field(default_factory=list)
    has_next: bool = False
    unsearchable: bool = False


async def board_page(session: AsyncSession, member: Member, filters: Filters) -> Page:
    dialect = dialect_name(session)
    # PostgreSQL searches take two steps (find the ids, then ts_headline on the twenty shown); every other
    # page is one query for the posts and their authors: on SQLite each statement costs a thread hop.
    two_step = bool(filters.query) and dialect == "postgresql"
    local = await confirmed_coordination_id(session, member.id)
    stmt = (
        select(Post.id)
        if two_step
        else select(Post, Member.name).outerjoin(Member, Member.id == Post.author_id)
    ).where(visible_posts(member, local))
    if filters.view == "sans-reponse":
        stmt = stmt.where(Post.answer_count == 0, Post.solved_answer_id.is_(None), Post.locked == false())
    elif filters.view == "resolus":
        stmt = stmt.where(Post.solved_answer_id.is_not(None))
    if filters.theme:
        stmt = stmt.join(PostTheme, PostTheme.post_id == Post.id).where(PostTheme.theme == filters.theme)
    if filters.scope == "reseau":
        stmt = stmt.where(Post.scope == "reseau")
    elif filters.scope == "locale":
        # « Ma coordination »: what members of her coordination post, to the network or locally.
        stmt = stmt.where(Post.coordination_id == local) if local is not None else stmt.where(false())
    if filters.kind:
        stmt = stmt.where(Post.kind == filters.kind)
    if filters.query:
        searched = search.apply(stmt, filters.query, dialect, by_date=filters.by_date)
        if searched is not None and dialect == "postgresql":
            if not await search.has_lexemes(session, filters.query):
                searched = (
                    None  # only stop words (« de la »): PostgreSQL would scan the whole index for nothing
                )
            else:
                await search.plan_for_this_query(session)
        if searched is None:
            return Page(unsearchable=True)
        stmt = searched
    else:
        stmt = stmt.order_by(Post.last_activity_at.desc(), Post.id.desc())
    stmt = stmt.limit(PER_PAGE + 1).offset((filters.page - 1) * PER_PAGE)
    rows = list((await session.execute(stmt)).all())
    has_next = len(rows) > PER_PAGE
    rows = rows[:PER_PAGE]
    if not rows:
        return Page()
    if two_step:
        return Page(items=await _headlined(session, [r[0] for r in rows], filters.query), has_next=has_next)
    terms = search.terms_of(filters.query) if filters.query else []
    items = []
    for post, author_name in rows:
        item = Item(post=post, author_name=author_name)
        if terms:
            item.title_html = search.highlight(search.mark_terms(post.title, terms))
            item.excerpt_html = search.highlight(
                search.mark_terms(plain_text(post.body), terms, excerpt_words=28)
            )
        items.append(item)
    return Page(items=items, has_next=has_next)


async def _headlined(session: AsyncSession, ids: list[int], query: str) -> list[Item]:
    detail = search.with_highlights(
        select(Post, Member.name).outerjoin(Member, Member.id == Post.author_id).where(Post.id.in_(ids)),
        query,
        "postgresql",
    )
    rows = {row[0].id: row for row in (await session.execute(detail)).all()}
    return [
        Item(
            post=row[0],
            author_name=row[1],
            title_html=search.highlight(row[2]),
            excerpt_html=search.highlight(plain_text(row[3])),
        )
        for row in (rows.get(i) for i in ids)
        if row is not None
    ]


async def posts_by(session: AsyncSession, viewer: Member, author_id: int, limit: int = 50) -> list[Post]:
    stmt = (
        select(Post)
        .where(
            Post.author_id == author_id,
            visible_on_profile(viewer, author_id, await confirmed_coordination_id(session, viewer.id)),
        )
        .order_by(Post.created_at.desc())
        .limit(limit)
    )
    return list((await session.execute(stmt)).scalars())
