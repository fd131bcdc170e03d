"""Pure graders: a quiz and the learner's answer (form fields) → a Grade. No I/O, no randomness."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .calculators import parse_number
from .quiz import Quiz

Answer = Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class Grade:
    correct: bool
    score: float  # 0 … 1, share of the question's points earned
    stored: dict[str, Any]  # the answer as saved in the attempt (JSON-able)
    feedback: tuple[str, ...] = ()  # HTML of the feedback attached to the chosen answers
    parts: dict[str, bool] = field(default_factory=dict)  # per option, pair or item: right or not
    error: str | None = None  # the answer could not be read; not counted as an attempt


def normalise_text(text: str) -> str:
    """Casefold, drop accents, unify apostrophes, collapse spaces, accept a decimal comma, drop final dots."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("’", "'").replace("\u00a0", " ").replace("\u202f", " ")
    words = text.split()
    text = " ".join(words)
    # "1 500,5" and "1500.5" are the same answer: drop spaces between digits, comma between digits → dot.
    chars = list(text)
    out: list[str] = []
    for i, ch in enumerate(chars):
        prev_digit = bool(out) and out[-1].isdigit()
        next_digit = i + 1 < len(chars) and chars[i + 1].isdigit()
        if ch == " " and prev_digit and next_digit:
            continue
        if ch == "," and prev_digit and next_digit:
            out.append(".")
            continue
        out.append(ch)
    return "".join(out).strip(" .!")


def _first(answer: Answer, key: str) -> str:
    values = answer.get(key) or []
    if isinstance(values, str):
        return values
    return str(values[0]) if values else ""


def _all(answer: Answer, key: str) -> list[str]:
    values = answer.get(key) or []
    if isinstance(values, str):
        return [values]
    return [str(v) for v in values]


def grade(quiz: Quiz, answer: Answer) -> Grade:
    return GRADERS[quiz.type](quiz, answer)


def _grade_choice(quiz: Quiz, answer: Answer) -> Grade:
    known = {o.key for o in quiz.options}
    chosen = [k for k in dict.fromkeys(_all(answer, "choice")) if k in known]
    if not chosen:
        return Grade(False, 0.0, {}, error="Choisissez une réponse.")
    if quiz.type == "single":
        chosen = chosen[:1]
    right = quiz.correct_keys
    correct = chosen[0] in right if quiz.type == "single" else set(chosen) == right
    feedback = tuple(o.feedback_html for o in quiz.options if o.key in chosen and o.feedback_html)
    parts = {o.key: (o.key in chosen) == o.correct for o in quiz.options}
    return Grade(correct, 1.0 if correct else 0.0, {"choice": chosen}, feedback, parts)


def _grade_numeric(quiz: Quiz, answer: Answer) -> Grade:
    raw = _first(answer, "value").strip()
    if not raw:
        return Grade(False, 0.0, {}, error="Saisissez un nombre.")
    try:
        value = parse_number(raw)
    except ValueError:
        return Grade(False, 0.0, {}, error="Saisissez un nombre, par exemple 1 500,50.")
    correct = True
    if quiz.answer is not None:
        allowed = quiz.tolerance * abs(quiz.answer) if quiz.tolerance_relative else quiz.tolerance
        # A small epsilon so that 0.1 + 0.2 style float noise never fails a right answer.
        correct = abs(value - quiz.answer) <= allowed + 1e-9 * max(1.0, abs(quiz.answer))
    if quiz.minimum is not None and value < quiz.minimum:
        correct = False
    if quiz.maximum is not None and value > quiz.maximum:
        correct = False
    return Grade(correct, 1.0 if correct else 0.0, {"value": value})


def _grade_text(quiz: Quiz, answer: Answer) -> Grade:
    raw = _first(answer, "value")
    given = normalise_text(raw)
    if not given:
        return Grade(False, 0.0, {}, error="Saisissez une réponse.")
    feedback: tuple[str, ...] = ()
    correct = False
    for option in quiz.options:
        if normalise_text(option.text) == given:
            correct = option.correct
            feedback = (option.feedback_html,) if option.feedback_html else ()
            break
    return Grade(correct, 1.0 if correct else 0.0, {"value": raw.strip()[:500]}, feedback)


def _grade_match(quiz: Quiz, answer: Answer) -> Grade:
    given = {p.key: _first(answer, f"pair-{p.key}").strip() for p in quiz.pairs}
    if not any(given.values()):
        return Grade(False, 0.0, {}, error="Associez au moins un élément.")
    parts = {p.key: " ".join(given[p.key].split()) == p.right for p in quiz.pairs}
    score = sum(parts.values()) / len(parts) if parts else 0.0
    return Grade(all(parts.values()) and bool(parts), score, {"pairs": given}, (), parts)


def _grade_order(quiz: Quiz, answer: Answer) -> Grade:
    positions: dict[str, int] = {}
    for item in quiz.items:
        raw = _first(answer, f"pos-{item.key}").strip()
        if raw.isdigit():
            positions[item.key] = int(raw)
    if len(positions) < len(quiz.items):
        return Grade(False, 0.0, {}, error="Donnez une position à chaque étape.")
    parts = {item.key: positions[item.key] == i + 1 for i, item in enumerate(quiz.items)}
    order = [k for k, _ in sorted(positions.items(), key=lambda kv: kv[1])]
    score = sum(parts.values()) / len(parts) if parts else 0.0
    return Grade(all(parts.values()) and bool(parts), score, {"order": order}, (), parts)


GRADERS = {
    "single": _grade_choice,
    "multiple": _grade_choice,
    "numeric": _grade_numeric,
    "text": _grade_text,
    "match": _grade_match,
    "order": _grade_order,
}
