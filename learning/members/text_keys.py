"""Folding text the way the directory compares it: case, accents and punctuation do not matter, so that
« Comptabilité », « comptabilite » and « COMPTABILITÉ » are one word, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\w+")
# Words too common to narrow a search; dropped from queries (not from documents).
STOP_WORDS = frozenset(
    "au aux avec ce ces dans de des du elle en et eux il je la le les leur lui ma mais me meme mes moi mon "
    "ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre "
    "vous".split()
)


def fold(value: str) -> str:
    plain = unicodedata.normalize("NFKD", value.casefold())
    return "".join(c for c in plain if not unicodedata.combining(c))


def words(value: str) -> list[str]:
    """Folded words; one-letter ones are French elisions (l', d') and say nothing."""
    return [w for w in _WORD.findall(fold(value)) if len(w) > 1]


def key_of(label: str) -> str:
    """« Prêt d'honneur » → « pret d honneur »: one skill per key."""
    return " ".join(_WORD.findall(fold(label)))[:80]


def query_terms(query: str, *, limit: int = 8) -> list[str]:
    return [w for w in words(query) if w not in STOP_WORDS][:limit]
