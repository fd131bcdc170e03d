"""« Qui peut m'aider ? »: the listed members matching a search, as the page and the bench ask for them.

Full text on both databases over MemberProfile.search_text (folded, aliases included, see search_text.py):
SQLite's FTS5 table member_profiles_fts and PostgreSQL's generated tsvector `search_vector` (members_0002),
both with prefix matching (« compta » finds « comptabilite »), every word required. Filters narrow by
skill, sector, confirmed coordination and distance from her commune (crow flies between commune centres).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnClause, Select, and_, func, literal_column, select, text, true
from sqlalchemy.ext.asyncio import AsyncSession

from learning.coordinations.models import Coordination, MemberPlace, Membership
from learning.coordinations.travel import Point
from learning.db import dialect_name
from learning.models import Member

from .models import MemberProfile, MemberSkill, Skill
from .search_text import PROJECT_MAX
from .text_keys import STOP_WORDS, query_terms, words
from .vocabulary import vocabulary

PER_PAGE = 20
MAX_SYNONYMS = 8
DISTANCES_KM = (30, 50, 100)
KM_PER_DEGREE_LAT = 111.2


@dataclass(frozen=True)
class Filters:
    query: str = ""
    skill_id: int | None = None
    sector: str = ""
    coordination_id: int | None = None
    within_km: int | None = None
    origin: Point | None = None  # her commune's centre: the distance filter needs it

    @property
    def any(self) -> bool:
        return bool(self.query or self.skill_id or self.sector or self.coordination_id or self.within_km)


@dataclass(frozen=True)
class Card:
    member_id: int
    name: str
    project: str
    sector: str
    skills: list[str]
    coordination: str | None  # her confirmed coordination's name
    km: float | None


@dataclass(frozen=True)
class DirectoryPage:
    cards: list[Card]
    total: int
    page: int
    pages: int
    ids: list[int] = field(default_factory=list)


# One word the member typed and what it may also mean: each alternative is the words of a skill's label
# (all required), found when the word starts one of that skill's aliases (« compta » → « comptabilite »).
Term = tuple[str, tuple[tuple[str, ...], ...]]


def expand(terms: list[str], skills: Sequence[tuple[str, str]]) -> list[Term]:
    """The query's words with their synonyms from the shared list. `skills` are (label, aliases) of the
    list. Members' search texts hold skill labels, not aliases: the vocabulary lives here, once, and a
    document stays short (measured: the aliases tripled a search text, and PostgreSQL's time with it)."""

    def starts(term: str, word: str) -> bool:
        return word == term or (len(term) > 2 and word.startswith(term))

    known = []
    for label, aliases in skills:
        label_words = tuple(w for w in words(label) if len(w) > 1)
        phrases = [[w for w in words(alias) if w not in STOP_WORDS] for alias in aliases.splitlines()]
        known.append((label_words, [p for p in phrases if p]))
    expanded = []
    for term in terms:
        alternatives = []
        for label_words, phrases in known:
            # An alias counts when the query says all of it: « plan » alone is not « plan de communication ».
            said = any(
                any(starts(term, w) for w in phrase) and all(any(starts(t, w) for t in terms) for w in phrase)
                for phrase in phrases
            )
            if said and label_words and label_words not in alternatives:
                alternatives.append(label_words)
        expanded.append((term, tuple(alternatives[:MAX_SYNONYMS])))
    return expanded


def _prefix(term: str, fts5: bool) -> str:
    # Three letters or more: a prefix, the cheap stand-in for French stemming. Shorter: the word itself.
    if fts5:
        return f'"{term}"*' if len(term) > 2 else f'"{term}"'
    return f"{term}:*" if len(term) > 2 else term


def fts5_query(terms: list[Term]) -> str:
    # Terms and label words are \w+ runs, so no FTS5 syntax can reach the parser.
    parts = []
    for term, alternatives in terms:
        options = [
            _prefix(term, True),
            *("(" + " AND ".join(f'"{w}"' for w in alt) + ")" for alt in alternatives),
        ]
        parts.append("(" + " OR ".join(options) + ")")
    return " AND ".join(parts)


def tsquery(terms: list[Term]) -> str:
    parts = []
    for term, alternatives in terms:
        options = [_prefix(term, False), *("(" + " & ".join(alt) + ")" for alt in alternatives)]
        parts.append("(" + " | ".join(options) + ")")
    return " & ".join(parts)


def matching(dialect: str, filters: Filters, skills: Sequence[tuple[str, str]] = ()) -> Select[int]:
    """The ids of the listed members `filters` keep (unordered); `skills` the shared list's (label,
    aliases), for the synonyms."""
    stmt = select(MemberProfile.member_id).where(MemberProfile.listed == true())
    terms = expand(query_terms(filters.query), skills)
    if terms:
        if dialect == "sqlite":
            found = text(
                "SELECT rowid FROM member_profiles_fts WHERE member_profiles_fts MATCH :q"
            ).bindparams(q=fts5_query(terms))
            stmt = stmt.where(MemberProfile.member_id.in_(found.columns(literal_column("rowid"))))
        else:
            vector: ColumnClause[Any] = literal_column("member_profiles.search_vector")
            stmt = stmt.where(vector.op("@@")(func.to_tsquery("simple", tsquery(terms))))
    if filters.skill_id is not None:
        stmt = stmt.where(
            MemberProfile.member_id.in_(
                select(MemberSkill.member_id).where(MemberSkill.skill_id == filters.skill_id)
            )
        )
    if filters.sector:
        stmt = stmt.where(MemberProfile.sector == filters.sector)
    if filters.coordination_id is not None:
        stmt = stmt.where(
            MemberProfile.member_id.in_(
                select(Membership.member_id).where(
                    Membership.coordination_id == filters.coordination_id, Membership.status == "confirmed"
                )
            )
        )
    if filters.within_km and filters.origin is not None:
        stmt = stmt.join(MemberPlace, MemberPlace.member_id == MemberProfile.member_id).where(
            *_within(filters.origin, filters.within_km)
        )
    return stmt


def _within(origin: Point, km: float) -> list:
    """A box (cheap) then an equirectangular distance (plain arithmetic, which SQLite has everywhere):
    at a few dozen kilometres it differs from the great circle by far less than a commune's size."""
    km_per_lon = KM_PER_DEGREE_LAT * max(math.cos(math.radians(origin.lat)), 0.01)
    dlat, dlon = km / KM_PER_DEGREE_LAT, km / km_per_lon
    dy = (MemberPlace.lat - origin.lat) * KM_PER_DEGREE_LAT
    dx = (MemberPlace.lon - origin.lon) * km_per_lon
    return [
        MemberPlace.lat.between(origin.lat - dlat, origin.lat + dlat),
        MemberPlace.lon.between(origin.lon - dlon, origin.lon + dlon),
        dx * dx + dy * dy <= km * km,
    ]


def distance_km(origin: Point, place: Point) -> float:
    km_per_lon = KM_PER_DEGREE_LAT * math.cos(math.radians(origin.lat))
    return math.hypot((place.lat - origin.lat) * KM_PER_DEGREE_LAT, (place.lon - origin.lon) * km_per_lon)


async def search_ids(
    session: AsyncSession, filters: Filters, *, page: int = 1, per_page: int = PER_PAGE
) -> tuple[list[int], int]:
    """One page of matching ids, most recently updated profiles first, and how many match in all.

    One statement: the count rides along as a window over the matches, instead of a second pass."""
    skills = await vocabulary(session) if filters.query else []
    dialect = dialect_name(session)
    if dialect == "postgresql" and filters.query:
        # asyncpg prepares statements, and after five runs PostgreSQL may keep a generic plan that cannot
        # know how common the words searched are (the board's search does the same: search.py).
        await session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
    matches = matching(dialect, filters, skills)
    rows = (
        await session.execute(
            matches.add_columns(func.count().over())
            .order_by(MemberProfile.updated_at.desc(), MemberProfile.member_id.desc())
            .offset((page - 1) * per_page)
            .limit(per_page)
        )
    ).all()
    if rows:
        return [row[0] for row in rows], rows[0][1]
    if page == 1:
        return [], 0
    # Past the last page: the window saw no row, so count apart.
    return [], await session.scalar(select(func.count()).select_from(matches.subquery())) or 0


async def search(
    session: AsyncSession, filters: Filters, *, page: int = 1, per_page: int = PER_PAGE
) -> DirectoryPage:
    """What the page shows: the cards of one page of results (a page past the end shows the last one)."""
    ids, total = await search_ids(session, filters, page=page, per_page=per_page)
    pages = max(1, math.ceil(total / per_page))
    if not ids and page > pages:
        page = pages
        ids, total = await search_ids(session, filters, page=page, per_page=per_page)
    return DirectoryPage(await cards_for(session, ids, filters.origin), total, page, pages, ids)


async def cards_for(session: AsyncSession, ids: list[int], origin: Point | None) -> list[Card]:
    """Two statements for a page: the cards' columns (outer joins to her coordination and commune), then
    the skills."""
    if not ids:
        return []
    rows = await session.execute(
        select(
            Member.id,
            Member.name,
            Member.project,
            MemberProfile.project,
            MemberProfile.sector,
            Coordination.name,
            MemberPlace.lat,
            MemberPlace.lon,
        )
        .join(MemberProfile, MemberProfile.member_id == Member.id)
        .outerjoin(Membership, and_(Membership.member_id == Member.id, Membership.status == "confirmed"))
        .outerjoin(Coordination, Coordination.id == Membership.coordination_id)
        .outerjoin(MemberPlace, MemberPlace.member_id == Member.id)
        .where(Member.id.in_(ids))
    )
    skills = await skill_labels_by_member(session, ids)
    by_id = {}
    for member_id, name, signup_project, project, sector, coordination, lat, lon in rows:
        km = None
        if origin is not None and lat is not None and lon is not None:
            km = distance_km(origin, Point(lat, lon))
        by_id[member_id] = Card(
            member_id=member_id,
            name=name,
            project=project or (signup_project or "")[:PROJECT_MAX],
            sector=sector,
            skills=skills.get(member_id, []),
            coordination=coordination,
            km=km,
        )
    return [by_id[i] for i in ids if i in by_id]


async def anyone_listed(session: AsyncSession) -> bool:
    return (
        await session.scalar(select(MemberProfile.member_id).where(MemberProfile.listed == true()).limit(1))
    ) is not None


async def skill_labels_by_member(session: AsyncSession, ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    rows = await session.execute(
        select(MemberSkill.member_id, Skill.label)
        .join(Skill, Skill.id == MemberSkill.skill_id)
        .where(MemberSkill.member_id.in_(ids))
        .order_by(Skill.label)
    )
    for member_id, label in rows:
        found.setdefault(member_id, []).append(label)
    return found
