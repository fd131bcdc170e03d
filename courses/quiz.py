"""Quizzes read from the token tree of a ``::: quiz {#id …}`` container (docs/course-reference.md 4.2).

- a blockquote directly in the container, before the list → hint;
- ``- [x]`` / ``- [ ]`` items → answers, a blockquote inside an item → that answer's feedback;
- ``---`` → everything after it is the explanation;
- ``type=numeric`` (answer, tolerance absolute or "1%", or min/max), ``type=text`` (``[x]`` items are the
  accepted answers, ``[ ]`` items known wrong ones with feedback), ``type=match`` (``- left -> right``),
  ``type=order`` (an ordered list, in the right order).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .calculators import parse_number
from .markdown import render, render_inline_children, render_inline_text

TYPES = ("single", "multiple", "numeric", "text", "match", "order")


@dataclass(frozen=True)
class Option:
    key: str  # stable under reordering: a hash of the answer's text
    text: str  # the source text, for statistics and for text answers
    html: str
    correct: bool
    feedback_html: str = ""


@dataclass(frozen=True)
class Pair:
    key: str
    left_html: str
    right: str  # plain text: the value of the select
    right_html: str
    left: str = ""  # the source text, for statistics


@dataclass
class Quiz:
    id: str
    type: str
    line: int
    stem_html: str = ""
    hint_html: str = ""
    explanation_html: str = ""
    options: tuple[Option, ...] = ()
    pairs: tuple[Pair, ...] = ()
    items: tuple[Option, ...] = ()  # order: in the right order
    answer: float | None = None
    tolerance: float = 0.0
    tolerance_relative: bool = False
    minimum: float | None = None
    maximum: float | None = None
    unit: str = ""
    points: float = 1.0
    attempts: int | None = None  # None: unlimited (formative)
    shuffle: bool = True
    attrs: dict[str, str] = field(default_factory=dict)

    @property
    def correct_keys(self) -> frozenset[str]:
        return frozenset(o.key for o in self.options if o.correct)

    def option(self, key: str) -> Option | None:
        for option in self.options + self.items:
            if option.key == key:
                return option
        return None


def stable_key(text: str) -> str:
    return hashlib.sha1(" ".join(text.split()).casefold().encode()).hexdigest()[:10]


def _block_end(tokens: Sequence[Token], start: int) -> int:
    """Index just after the block that opens at ``start`` (same nesting level)."""
    token = tokens[start]
    if token.nesting != 1:
        return start + 1
    depth = 0
    for i in range(start, len(tokens)):
        depth += tokens[i].nesting
        if depth == 0:
            return i + 1
    return len(tokens)


def top_level_blocks(tokens: Sequence[Token]) -> list[list[Token]]:
    blocks: list[list[Token]] = []
    i = 0
    while i < len(tokens):
        end = _block_end(tokens, i)
        blocks.append(list(tokens[i:end]))
        i = end
    return blocks


def _line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 1


def parse_quiz(
    md: MarkdownIt,
    open_token: Token,
    inner: Sequence[Token],
    attrs: dict[str, str],
    env: dict[str, Any],
    report: Any,
) -> Quiz | None:
    """Build a Quiz from the tokens inside the container; report(line, message) for author mistakes."""
    line = _line(open_token)
    quiz_id = attrs.get("id", "")
    if not quiz_id:
        report(line, "quiz without an id: write ::: quiz {#module-lesson-q1}")
        return None
    kind = attrs.get("type", "")
    if kind and kind not in TYPES:
        report(line, f"quiz {quiz_id}: unknown type {kind!r} (expected one of {', '.join(TYPES)})")
        return None
    stem: list[Token] = []
    hint: list[Token] = []
    explanation: list[Token] = []
    lists: list[list[Token]] = []
    after_rule = False
    for block in top_level_blocks(inner):
        first = block[0]
        if after_rule:
            explanation.extend(block)
        elif first.type == "hr":
            after_rule = True
        elif first.type == "blockquote_open" and not lists:
            hint.extend(block)
        elif first.type in ("bullet_list_open", "ordered_list_open"):
            lists.append(block)
        else:
            stem.extend(block)
    quiz = Quiz(id=quiz_id, type=kind or "single", line=line, attrs=dict(attrs))
    quiz.stem_html = render(md, stem, env)
    quiz.hint_html = render(md, _unquote(hint), env) if hint else ""
    quiz.explanation_html = render(md, explanation, env)
    if not quiz.stem_html.strip():
        report(line, f"quiz {quiz_id}: the question text is missing")
    _common_attrs(quiz, attrs, report)
    if len(lists) > 1:
        report(_line(lists[1][0]), f"quiz {quiz_id}: only one list of answers per quiz")
    answers = lists[0] if lists else []
    if kind in ("", "single", "multiple", "text"):
        _parse_choices(md, quiz, answers, kind, env, report)
    elif kind == "numeric":
        _parse_numeric(quiz, attrs, report)
        if answers:
            report(_line(answers[0]), f"quiz {quiz_id}: a numeric quiz takes no list of answers")
    elif kind == "match":
        _parse_match(md, quiz, answers, env, report)
    elif kind == "order":
        _parse_order(md, quiz, answers, env, report)
    return quiz


def _common_attrs(quiz: Quiz, attrs: dict[str, str], report: Any) -> None:
    try:
        if "points" in attrs:
            quiz.points = parse_number(attrs["points"])
            if quiz.points <= 0:
                raise ValueError
        if "attempts" in attrs:
            quiz.attempts = int(attrs["attempts"])
            if quiz.attempts < 1:
                raise ValueError
    except ValueError:
        report(quiz.line, f"quiz {quiz.id}: points and attempts must be positive numbers")
    quiz.shuffle = attrs.get("shuffle", "true").lower() not in ("false", "non", "no", "0")
    quiz.unit = attrs.get("unit", "")


def _unquote(tokens: list[Token]) -> list[Token]:
    """The content of blockquotes: the quote marks are authoring syntax, not presentation."""
    return [
        t
        for t in tokens
        if t.type not in ("blockquote_open", "blockquote_close") or t.level > tokens[0].level
    ]


def _items(answers: list[Token]) -> list[list[Token]]:
    if not answers:
        return []
    return [b for b in top_level_blocks(answers[1:-1]) if b and b[0].type == "list_item_open"]


def _split_item(item: list[Token]) -> tuple[Token | None, list[Token], list[Token]]:
    """(first paragraph's inline token, feedback blockquote tokens, anything else)."""
    inner = top_level_blocks(item[1:-1])
    inline: Token | None = None
    feedback: list[Token] = []
    other: list[Token] = []
    for block in inner:
        if inline is None and block[0].type == "paragraph_open" and len(block) >= 2:
            inline = block[1]
        elif block[0].type == "blockquote_open":
            feedback.extend(block)
        else:
            other.extend(block)
    return inline, feedback, other


def _checkbox(inline: Token) -> bool | None:
    """True for [x], False for [ ], None when the item has no checkbox; strips the marker from the tokens."""
    children = inline.children or []
    if not children or children[0].type != "text":
        return None
    text = children[0].content
    marker = text[:3]
    if marker not in ("[ ]", "[x]", "[X]") or (len(text) > 3 and not text[3].isspace()):
        return None
    children[0].content = text[3:].lstrip()
    inline.content = inline.content[3:].lstrip()
    return marker != "[ ]"


def _parse_choices(
    md: MarkdownIt, quiz: Quiz, answers: list[Token], kind: str, env: dict[str, Any], report: Any
) -> None:
    options: list[Option] = []
    for item in _items(answers):
        inline, feedback, other = _split_item(item)
        if inline is None:
            report(_line(item[0]), f"quiz {quiz.id}: empty answer")
            continue
        checked = _checkbox(inline)
        if checked is None:
            report(_line(item[0]), f"quiz {quiz.id}: each answer starts with [x] (right) or [ ] (wrong)")
            continue
        if other:
            report(
                _line(other[0]), f"quiz {quiz.id}: an answer is one paragraph, with an optional > feedback"
            )
        text = inline.content
        options.append(
            Option(
                stable_key(text),
                text,
                render_inline_children(md, inline, env),
                checked,
                render(md, _unquote(feedback), env) if feedback else "",
            )
        )
    quiz.options = tuple(options)
    keys = [o.key for o in options]
    if len(set(keys)) != len(keys):
        report(quiz.line, f"quiz {quiz.id}: two answers have the same text")
    right = sum(1 for o in options if o.correct)
    if kind == "text":
        if right == 0:
            report(
                quiz.line, f"quiz {quiz.id}: a text quiz needs at least one accepted answer written - [x] …"
            )
        return
    if len(options) < 2:
        report(quiz.line, f"quiz {quiz.id}: a choice quiz needs at least two answers")
    if right == 0:
        report(quiz.line, f"quiz {quiz.id}: no right answer (mark one with - [x])")
    # An explicit type=single with several [x] is deliberate: any of them is right (a positioning
    # question marks every answer right and gives feedback per answer).
    if not kind:
        quiz.type = "multiple" if right > 1 else "single"


def _parse_numeric(quiz: Quiz, attrs: dict[str, str], report: Any) -> None:
    try:
        if "answer" in attrs:
            quiz.answer = parse_number(attrs["answer"])
        if "min" in attrs:
            quiz.minimum = parse_number(attrs["min"])
        if "max" in attrs:
            quiz.maximum = parse_number(attrs["max"])
        tolerance = attrs.get("tolerance", "0").strip()
        quiz.tolerance_relative = tolerance.endswith("%")
        quiz.tolerance = parse_number(tolerance)
        if quiz.tolerance_relative:
            quiz.tolerance /= 100
        if quiz.tolerance < 0:
            raise ValueError
    except ValueError:
        report(
            quiz.line,
            f"quiz {quiz.id}: answer, tolerance, min and max must be numbers (tolerance may end with %)",
        )
        return
    if quiz.answer is None and quiz.minimum is None and quiz.maximum is None:
        report(quiz.line, f"quiz {quiz.id}: a numeric quiz needs answer= (with tolerance=) or min= / max=")
    if quiz.minimum is not None and quiz.maximum is not None and quiz.minimum > quiz.maximum:
        report(quiz.line, f"quiz {quiz.id}: min is greater than max")


def _parse_match(md: MarkdownIt, quiz: Quiz, answers: list[Token], env: dict[str, Any], report: Any) -> None:
    pairs: list[Pair] = []
    for item in _items(answers):
        inline, _, _ = _split_item(item)
        text = inline.content if inline is not None else ""
        left, sep, right = text.partition("->")
        if not sep or not left.strip() or not right.strip():
            report(_line(item[0]), f"quiz {quiz.id}: a match item is written - left -> right")
            continue
        line = _line(item[0])
        pairs.append(
            Pair(
                stable_key(left),
                render_inline_text(md, left.strip(), env, line),
                " ".join(right.split()),
                render_inline_text(md, right.strip(), env, line),
                " ".join(left.split()),
            )
        )
    if len(pairs) < 2:
        report(quiz.line, f"quiz {quiz.id}: a match quiz needs at least two pairs")
    if len({p.key for p in pairs}) != len(pairs):
        report(quiz.line, f"quiz {quiz.id}: two pairs have the same left side")
    quiz.pairs = tuple(pairs)


def _parse_order(md: MarkdownIt, quiz: Quiz, answers: list[Token], env: dict[str, Any], report: Any) -> None:
    if answers and answers[0].type != "ordered_list_open":
        report(_line(answers[0]), f"quiz {quiz.id}: an order quiz takes a numbered list (1. 2. 3.)")
    items: list[Option] = []
    for item in _items(answers):
        inline, _, _ = _split_item(item)
        if inline is None:
            continue
        items.append(
            Option(stable_key(inline.content), inline.content, render_inline_children(md, inline, env), True)
        )
    if len(items) < 2:
        report(quiz.line, f"quiz {quiz.id}: an order quiz needs at least two items")
    if len({i.key for i in items}) != len(items):
        report(quiz.line, f"quiz {quiz.id}: two items have the same text")
    quiz.items = tuple(items)
