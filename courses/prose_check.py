"""Checks on a paragraph as a learner reads it, facts filled in: what a fact's date or display text makes of the
sentence around it (« en 31 décembre 2022 », « d'environ environ »)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from markdown_it.token import Token

from .facts import Fact

# A full date after these words reads as a month or a year: « en 1er janvier 2024 », « chiffre de 31 mai 2023 ».
_DATE_AS_YEAR = re.compile(r"(?:\b(?:en|de)|\bd')\s*$", re.IGNORECASE)
# Two identical words in a row; « nous nous » and « vous vous » are French grammar, not a slip.
_REPEATED = re.compile(r"(?<!\w)([^\W\d_]+)(?:\s|\u00a0|\u202f)+\1(?!\w)", re.IGNORECASE)
_ALLOWED_REPEATS = {"nous", "vous"}


def prose_problems(children: Sequence[tuple[Token, int]], facts: Mapping[str, Fact]) -> list[tuple[int, str]]:
    """(line, message) for each slip in one inline run; `children` are (token, source line) pairs."""
    problems: list[tuple[int, str]] = []
    text = ""
    lines: list[tuple[int, int]] = []  # (offset in text, source line) where each piece starts
    for token, line in children:
        if token.type == "fact":
            fact_id, field = token.meta["id"], token.meta["field"]
            if field == "as_of" and _DATE_AS_YEAR.search(text):
                problems.append(
                    (
                        line,
                        f"{token.content} is a full date after « {text.split()[-1]} »: it prints "
                        f"« … {facts[fact_id].get('as_of') if fact_id in facts else 'date'} »; write « au "
                        f"{{{{ {fact_id}.as_of }}}} » or use {{{{ {fact_id}.year }}}}",
                    )
                )
            piece = facts[fact_id].get(field) if fact_id in facts else token.content
        elif token.type in ("softbreak", "hardbreak"):
            piece = " "
        elif token.type in ("text", "code_inline"):
            piece = token.content
        else:
            continue
        lines.append((len(text), line))
        text += piece
    for match in _REPEATED.finditer(text):
        if match.group(1).casefold() in _ALLOWED_REPEATS:
            continue
        line = max(
            (ln for offset, ln in lines if offset <= match.start()), default=lines[0][1] if lines else 1
        )
        problems.append((line, f"repeated word « {match.group(0)} » (facts filled in)"))
    return problems
