"""Full-text search per database: FTS5 on SQLite, French text search on PostgreSQL.

Search input is hostile (quotes, operators, 500 characters, nothing at all): on SQLite it is cut
into words and every word quoted, so no FTS5 syntax can reach the parser; PostgreSQL's
websearch_to_tsquery accepts any text by design. Highlights come back wrapped in \x01…\x02 (control
characters stripped from every post on the way in), are escaped, and only then become <mark>.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import ColumnClause, Select, func, literal_column, select, table, text
from sqlalchemy.ext.asyncio import AsyncSession

from .markdown import clean_text
from .models import Post

MAX_QUERY = 200
MAX_TERMS = 10
CANDIDATES = 200
_WORD = re.compile(r"\w+")
START, STOP = "\x01", "\x02"


def normalise(raw: str | None) -> str:
    return " ".join(clean_text(raw or "").split())[:MAX_QUERY]


def fts5_query(query: str) -> str | None:
    """'devis "urgent" OR -x' → '"devis"* "urgent"* "or"'; None when no word is left."""
    # One-letter words are French elisions (l', d', j'): as prefixes they would match everything.
    words = [w.lower() for w in _WORD.findall(query) if len(w) > 1][:MAX_TERMS]
    if not words:
        return None
    # \w never matches a double quote, so each term is a plain FTS5 string; "…"* is a prefix match,
    # a cheap stand-in for French stemming (« financ » finds financement and financer).
    return " ".join(f'"{w}"*' if len(w) > 2 else f'"{w}"' for w in words)


def highlight(value: str | None) -> Markup:
    return Markup(str(escape(value or "")).replace(START, "<mark>").replace(STOP, "</mark>"))


def apply(stmt: Select, query: str, dialect: str, *, by_date: bool = False) -> Select | None:
    """Turns `stmt` (a select of Post.id with the member's filters) into the matches, best first.

    Relevance is computed among the CANDIDATES most recent matches only: a common word matches
    much of the board, and ranking tens of thousands of rows costs more than the whole page budget
    (measured: 120 ms on SQLite, 80 ms on PostgreSQL at 50,000 posts). On a mutual-help board the
    recent matches are also the ones still worth answering; `by_date` lists every match, newest first.
    None means the query holds nothing searchable (only punctuation or one-letter words).
    """
    if dialect == "sqlite":
        match = fts5_query(query)
        if match is None:
            return None
        # FTS5 walks its doclists backwards by rowid cheaply; bm25 (`rank`) runs on the candidates only.
        candidates: Select[int, float] = (  # (rowid, bm25 rank)
            select(literal_column("rowid").label("post_id"), literal_column("rank").label("score"))
            .select_from(_FTS)
            .where(text("board_posts_fts MATCH :fts_query").bindparams(fts_query=match))
            .order_by(literal_column("rowid").desc())
        )
        if by_date:
            found = candidates.subquery()
            return stmt.join(found, found.c.post_id == Post.id).order_by(Post.id.desc())
        found = candidates.limit(CANDIDATES).subquery()
        return stmt.join(found, found.c.post_id == Post.id).order_by(found.c.score, Post.id.desc())
    if not _WORD.search(query):
        return None
    tsquery = func.websearch_to_tsquery("french", query)
    matching = stmt.where(_VECTOR.op("@@")(tsquery))
    if by_date:
        return matching.order_by(Post.id.desc())
    recent = (
        matching.add_columns(_VECTOR.label("vector")).order_by(Post.id.desc()).limit(CANDIDATES).subquery()
    )
    return select(recent.c.id).order_by(func.ts_rank_cd(recent.c.vector, tsquery).desc(), recent.c.id.desc())


async def has_lexemes(session: AsyncSession, query: str) -> bool:
    tsquery = func.websearch_to_tsquery("french", query)
    return bool(await session.scalar(select(func.numnode(tsquery))))


async def plan_for_this_query(session: AsyncSession) -> None:
    """PostgreSQL: plan the search for the words actually searched, in this transaction only.

    asyncpg prepares statements, and after five runs PostgreSQL may switch to a generic plan that
    cannot know how common the words are: measured at 50,000 posts, a common word then took 100 ms
    instead of 10 (a bitmap scan of every match instead of walking the newest posts).
    """
    await session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))


def with_highlights(stmt: Select, query: str, dialect: str = "postgresql") -> Select:
    """PostgreSQL: adds ts_headline (title, excerpt) columns to a select over the few posts shown."""
    tsquery = func.websearch_to_tsquery("french", query)
    options = f"StartSel={START},StopSel={STOP}"
    return stmt.add_columns(
        func.ts_headline("french", Post.title, tsquery, options + ",HighlightAll=true"),
        func.ts_headline("french", Post.body, tsquery, options + ",MaxWords=30,MinWords=12,MaxFragments=2"),
    )


def _fold(word: str) -> str:
    """What FTS5's unicode61 tokenizer with remove_diacritics does to a word: « Crèche » → « creche »."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(c))


def _accent_classes() -> dict[str, str]:
    """For each ASCII letter, a regex class of the letters FTS5 folds to it: e → [eéèêëÉÈ…]."""
    variants: dict[str, set[str]] = {}
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = unicodedata.normalize("NFKD", char)
        if len(base) > 1 and base[0].isascii() and all(unicodedata.combining(c) for c in base[1:]):
            variants.setdefault(base[0].lower(), set()).add(char)
    return {letter: "[" + letter + "".join(sorted(chars)) + "]" for letter, chars in variants.items()}


_ACCENTS = _accent_classes()


def terms_of(query: str) -> list[str]:
    return [_fold(w) for w in _WORD.findall(query) if len(w) > 1][:MAX_TERMS]


@functools.lru_cache(maxsize=256)
def _term_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    # Accent-insensitive without rewriting the text (offsets must hold in the original): « pret » → p[rŕř…][eé…]t.
    parts = [
        "".join(_ACCENTS.get(c, re.escape(c)) for c in term) + (r"\w*" if len(term) > 2 else "")
        for term in sorted(terms, key=len, reverse=True)
    ]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


def mark_terms(text_: str, terms: list[str], *, excerpt_words: int | None = None) -> str:
    """SQLite: the same marks as FTS5's highlight()/snippet(), computed here on the twenty posts shown.

    FTS5 would re-run the whole MATCH to highlight them (with a prefix query on a common word, the
    most expensive part of the page); the rule is the one fts5_query builds: a word matches a term
    of three letters or more if it starts with it, a shorter term if it is equal.
    """
    if not terms:
        return text_
    hits = [m.span() for m in _term_pattern(tuple(terms)).finditer(text_)]
    start, end, prefix, suffix = 0, len(text_), "", ""
    if excerpt_words is not None:
        words = [m.span() for m in _WORD.finditer(text_)]
        if words:
            first_hit = next((i for i, w in enumerate(words) if hits and w[0] >= hits[0][0]), 0)
            first = max(first_hit - excerpt_words // 4, 0)
            last = min(first + excerpt_words, len(words)) - 1
            start, end = words[first][0], words[last][1]
            prefix = "…" if first > 0 else ""
            suffix = "…" if last < len(words) - 1 else ""
    out, cursor = [prefix], start
    for hit_start, hit_end in hits:
        if hit_start < start or hit_end > end:
            continue
        out += [text_[cursor:hit_start], START, text_[hit_start:hit_end], STOP]
        cursor = hit_end
    out += [text_[cursor:end], suffix]
    return "".join(out)


_FTS = table("board_posts_fts", literal_column("rowid"))
_VECTOR: ColumnClause[Any] = literal_column("board_posts.search_vector")
