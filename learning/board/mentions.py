"""@mentions in posts and answers: `@prenom.nom`, the member's name in lower case without accents, its words
joined by dots (« Hélène Le Goff » → `@helene.le.goff`). Written as plain text, readable without any picker and
without JavaScript; a handle that names exactly one member becomes a link to her profile, an unknown or
ambiguous one stays as typed. Code spans and fenced code are left alone."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from learning.models import Member

# After a space, a line start or punctuation, never inside a word or an address (« claire@exemple.fr »),
# nor inside a link's text; at least two words, so that « @toutes » or a lone « @claire » stays text.
MENTION = re.compile(r"(?<![\w@/.\[\]`-])@([^\W_]+(?:[.\-'][^\W_]+)+)")
FENCE = re.compile(r"^\s{0,3}(```|~~~)")
CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
MAX_MENTIONS = 10  # per text: a roll call of the whole network is not a mention
# Letters a name may carry with an accent (or, uppercase, in another case): a wildcard in the SQL filter,
# which the exact comparison in Python then settles.
_LOOSE = set("aceinouy")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~])")


def handle(name: str) -> str:
    """« Hélène Le Goff » → « helene.le.goff »: what a mention of her is written as."""
    plain = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return ".".join(w for w in re.split(r"[^0-9a-z]+", plain) if w)


def _outside_code(text: str) -> Iterable[tuple[str, bool]]:
    """(piece, is_prose) pieces of `text`, in order: fenced blocks and code spans are not prose."""
    fenced = False
    for line in text.splitlines(keepends=True):
        if FENCE.match(line):
            fenced = not fenced
            yield line, False
            continue
        if fenced:
            yield line, False
            continue
        start = 0
        for span in CODE_SPAN.finditer(line):
            yield line[start : span.start()], True
            yield span.group(0), False
            start = span.end()
        yield line[start:], True


def handles_in(text: str) -> list[str]:
    """The handles written in `text`, outside code, in order, at most MAX_MENTIONS distinct."""
    found: dict[str, None] = {}
    for piece, prose in _outside_code(text):
        if prose:
            for match in MENTION.finditer(piece):
                found.setdefault(handle(match.group(1)), None)
    return list(found)[:MAX_MENTIONS]


def _like_pattern(wanted: str) -> str:
    return "".join("%" if c == "." else "_" if c in _LOOSE else c for c in wanted)


async def resolve(session: AsyncSession, handles: Iterable[str]) -> dict[str, Member]:
    """Handle → the one member it names; ambiguous and unknown handles are left out."""
    found: dict[str, Member] = {}
    for wanted in handles:
        if not wanted:
            continue
        candidates = await session.scalars(
            select(Member).where(func.lower(Member.name).like(_like_pattern(wanted))).limit(20)
        )
        exact = [m for m in candidates if handle(m.name) == wanted]
        if len(exact) == 1:
            found[wanted] = exact[0]
    return found


def linked(text: str, members: dict[str, Member]) -> str:
    """`text` with each resolved mention made a Markdown link to the profile, « @Prénom Nom »."""
    if not members:
        return text

    def replace(match: re.Match[str]) -> str:
        member = members.get(handle(match.group(1)))
        if member is None:
            return match.group(0)
        name = _MARKDOWN_SPECIAL.sub(r"\\\1", member.name)
        return f"[@{name}](/membres/{member.id})"

    return "".join(MENTION.sub(replace, piece) if prose else piece for piece, prose in _outside_code(text))
