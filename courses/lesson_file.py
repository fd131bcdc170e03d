"""One Markdown file → front matter, segments (HTML / quiz / calculator) and the anchors it defines."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .calculators import KINDS
from .course_tree import Calculator, Segment
from .facts import parse_reference
from .markdown import CONTAINER, INTERACTIVE, KNOWN_CONTAINERS, RenderContext, parse_info, render
from .quiz import Quiz, parse_quiz, top_level_blocks

OPEN = f"container_{CONTAINER}_open"


@dataclass
class Document:
    path: Path
    front_matter: str | None
    segments: list[Segment] = field(default_factory=list)
    quizzes: list[Quiz] = field(default_factory=list)
    calculators: list[Calculator] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)
    headings: list[tuple[int, str, str]] = field(default_factory=list)  # (level, id, text)

    @property
    def html(self) -> str:
        return "".join(s.html for s in self.segments if s.kind == "html")


def parse_document(md: MarkdownIt, path: Path, source: str, ctx: RenderContext) -> Document:
    env: dict[str, Any] = {"ctx": ctx}
    tokens = md.parse(source, env)
    doc = Document(path, None)
    report = ctx.report
    for token in tokens:
        if token.type == "front_matter":
            doc.front_matter = token.content
        elif token.type == "heading_open" and token.attrGet("id"):
            doc.anchors.add(str(token.attrGet("id")))
        elif token.type == OPEN:
            try:
                name, _, _ = parse_info(token.info)
            except ValueError as exc:
                report(_line(token), str(exc))
                continue
            if name not in KNOWN_CONTAINERS:
                report(
                    _line(token),
                    f"unknown container {name!r} (expected one of {', '.join(sorted(KNOWN_CONTAINERS))})",
                )
            elif name in INTERACTIVE and token.level > 0:
                report(_line(token), f"a {name} cannot be nested inside another container")
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.attrGet("id"):
            doc.headings.append((int(token.tag[1]), str(token.attrGet("id")), tokens[i + 1].content))

    pending: list[Token] = []

    def flush() -> None:
        if pending:
            html = render(md, pending, env)
            if html.strip():
                doc.segments.append(Segment("html", html))
            pending.clear()

    for block in top_level_blocks([t for t in tokens if t.type != "front_matter"]):
        first = block[0]
        name = ""
        attrs: dict[str, str] = {}
        if first.type == OPEN:
            try:
                name, attrs, _ = parse_info(first.info)
            except ValueError:
                name = ""
        if name == "quiz":
            flush()
            quiz = parse_quiz(md, first, block[1:-1], attrs, env, report)
            if quiz is not None and any(q.id == quiz.id for q in doc.quizzes):
                # Answers are stored by quiz id: a second one would share the first one's answers.
                report(_line(first), f"duplicate quiz id {quiz.id!r} (twice in this file)")
            elif quiz is not None:
                doc.quizzes.append(quiz)
                doc.segments.append(Segment("quiz", ref=quiz.id))
        elif name == "calculator":
            flush()
            calc = parse_calculator(md, first, block[1:-1], attrs, env, ctx)
            if calc is not None:
                doc.calculators.append(calc)
                doc.segments.append(Segment("calculator", ref=calc.id))
        else:
            pending.extend(block)
    flush()
    return doc


def _line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 1


def _is_identifier(text: str) -> bool:
    return bool(text) and text.replace("_", "a").isalnum() and text.isascii() and not text[0].isdigit()


def _default_lines(paragraph: list[Token]) -> list[tuple[int, str, str]] | None:
    """The `key: value` lines of a paragraph, or None when it is ordinary text."""
    if len(paragraph) < 2 or paragraph[0].type != "paragraph_open":
        return None
    inline = paragraph[1]
    out = []
    for offset, text in enumerate(inline.content.splitlines()):
        key, sep, value = text.partition(":")
        if not sep or not _is_identifier(key.strip()):
            return None
        out.append((_line(paragraph[0]) + offset, key.strip(), value.strip()))
    return out


def parse_calculator(
    md: MarkdownIt,
    open_token: Token,
    inner: list[Token],
    attrs: dict[str, str],
    env: dict[str, Any],
    ctx: RenderContext,
) -> Calculator | None:
    line = _line(open_token)
    calc_id = attrs.get("id", "")
    kind_name = attrs.get("kind", "")
    if not calc_id:
        ctx.report(line, "calculator without an id: write ::: calculator {#id kind=…}")
        return None
    kind = KINDS.get(kind_name)
    if kind is None:
        ctx.report(
            line, f"calculator {calc_id}: unknown kind {kind_name!r} (expected one of {', '.join(KINDS)})"
        )
        return None
    defaults: dict[str, Any] = {}
    intro: list[Token] = []
    for block in top_level_blocks(inner):
        lines = _default_lines(block)
        if lines is None:
            intro.extend(block)
            continue
        for key_line, key, value in lines:
            if key not in kind.input_names:
                ctx.report(
                    key_line,
                    f"calculator {calc_id}: {kind_name} has no input {key!r} "
                    f"(inputs: {', '.join(kind.input_names)})",
                )
                continue
            resolved = _resolve_fact_value(value, key_line, ctx)
            if resolved is None:
                continue
            parsed = kind.parse({key: resolved})
            if key in parsed.errors:
                ctx.report(key_line, f"calculator {calc_id}: {key}: {parsed.errors[key]}")
                continue
            defaults[key] = parsed.display[key]
    return Calculator(
        calc_id, kind_name, attrs.get("title", kind.title), defaults, render(md, intro, env), line
    )


def _resolve_fact_value(value: str, line: int, ctx: RenderContext) -> Any:
    """`plafond_ca: {{ micro_plafond_services }}` takes the fact's value (not its display string)."""
    text = value.strip()
    if not (text.startswith("{{") and text.endswith("}}")):
        return text
    ref = parse_reference(text[2:-2])
    if ref is None or ref[0] not in ctx.facts:
        ctx.report(line, f"unknown fact id {text[2:-2].strip()!r}")
        return None
    return ctx.facts[ref[0]].value
