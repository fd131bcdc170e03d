"""Cleaning the text members send each other through the node: names from tickets, chat lines.

The web app strips control characters when a profile is saved, but the node trusts only what it can
check itself: a name carrying a right-to-left override or a line separator could make « Awa » read as
something else on every page of the room.
"""

from __future__ import annotations

import unicodedata

# Bidirectional embeddings, overrides, isolates and marks (Unicode UAX #9): they reorder what follows
# them on screen, so that a chat line can display other text than it holds.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
NAMELESS = "Membre"  # a name made only of control characters


def clean_name(name: str) -> str:
    """Drop control and format characters (Cc, Cf) and line or paragraph separators from a name."""
    kept = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp")).strip()
    return kept or NAMELESS


def strip_bidi(text: str) -> str:
    """Drop bidi controls from a chat line; newlines and emoji joiners (ZWJ, a format character) stay."""
    return "".join(ch for ch in text if ch not in BIDI_CONTROLS)
