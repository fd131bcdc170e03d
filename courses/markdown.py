"""The Markdown engine: markdown-it-py (CommonMark + tables) and mdit-py-plugins, plus a few core rules.

Core rules, all on the token tree (never regexes over the source):
- ``{{ fact_id }}`` in text → a ``fact`` token rendered from the facts file;
- ``## Terme {#slug}`` → an explicit heading id (kept by the anchors plugin);
- links and images to other files of the course → site URLs (broken ones reported);
- raw HTML → dropped and reported, except ``<video>`` embeds that carry a captions track.

Containers (``:::``) all go through one catch-all container plugin so that an unknown name is parsed, then
reported by the lint, instead of silently rendering as a paragraph of colons.
"""

from __future__ import annotations

import shlex
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from . import sanitize
from .facts import Fact, parse_reference
from .prose_check import prose_problems

CONTAINER = "block"
CALLOUTS = {"retenir": "À retenir", "attention": "Attention", "exemple": "Exemple"}
INTERACTIVE = ("quiz", "calculator")
KNOWN_CONTAINERS = frozenset(CALLOUTS) | frozenset(INTERACTIVE)


def slugify(text: str) -> str:
    """ASCII slug for French headings: « Besoin en fonds de roulement » → besoin-en-fonds-de-roulement."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out, dash = [], False
    for ch in ascii_text.lower():
        if ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


@dataclass
class RenderContext:
    """What the core rules need from the loader: facts, a link resolver, and somewhere to report problems."""

    facts: dict[str, Fact]
    resolve_link: Callable[[str, int], str | None] = lambda href, line: href
    problems: list[tuple[int, str]] = field(default_factory=list)

    def report(self, line: int, message: str) -> None:
        self.problems.append((line, message))


def parse_info(info: str) -> tuple[str, dict[str, str], str]:
    """'quiz {#q1 type=numeric answer=3}' → ('quiz', {'id': 'q1', 'type': 'numeric', 'answer': '3'}, '').

    For callouts the rest of the line is a custom title: 'attention Piège classique' → ('attention', {}, '…').
    """
    info = info.strip()
    name, _, rest = info.partition(" ")
    rest = rest.strip()
    attrs: dict[str, str] = {}
    title = ""
    if rest.startswith("{") and rest.endswith("}"):
        try:
            parts = shlex.split(rest[1:-1])
        except ValueError as exc:
            raise ValueError(f"cannot read attributes {rest!r}: {exc}") from None
        for part in parts:
            if part.startswith("#"):
                attrs["id"] = part[1:]
            elif part.startswith("."):
                attrs["class"] = (attrs.get("class", "") + " " + part[1:]).strip()
            elif "=" in part:
                key, _, value = part.partition("=")
                attrs[key.strip()] = value
            else:
                attrs[part] = "true"
    else:
        title = rest
    return name, attrs, title


def make_markdown() -> MarkdownIt:
    # html=True so that raw HTML becomes tokens we can judge (and drop); the sanitiser still runs after.
    md = MarkdownIt("commonmark", {"html": True, "typographer": False}).enable("table")
    md.use(front_matter_plugin)
    md.use(footnote_plugin)
    md.use(
        container_plugin,
        name=CONTAINER,
        validate=lambda params, markup: bool(params.strip()),
        render=_render_container,
    )
    md.use(anchors_plugin, min_level=2, max_level=3, slug_func=slugify, permalink=False)
    md.core.ruler.before("anchor", "heading_ids", _heading_ids)
    md.core.ruler.after("text_join", "facts", _facts_rule)
    md.core.ruler.push("links", _links_rule)
    md.core.ruler.push("raw_html", _raw_html_rule)
    md.core.ruler.push("table_align", _table_align_rule)
    md.add_render_rule("fact", _render_fact)
    md.add_render_rule("table_open", _render_table_open)
    md.add_render_rule("table_close", _render_table_close)
    return md


def render(md: MarkdownIt, tokens: Sequence[Token], env: dict[str, Any]) -> str:
    return sanitize.clean(md.renderer.render(list(tokens), md.options, env))


def _html_renderer(md: MarkdownIt) -> RendererHTML:
    """The renderer make_markdown() gives (MarkdownIt types it as a protocol without renderInline)."""
    renderer = md.renderer
    if not isinstance(renderer, RendererHTML):
        raise TypeError(f"expected markdown-it's HTML renderer, got {type(renderer).__name__}")
    return renderer


def render_inline_children(md: MarkdownIt, inline: Token, env: dict[str, Any]) -> str:
    return sanitize.clean(_html_renderer(md).renderInline(inline.children or [], md.options, env))


def render_inline_text(md: MarkdownIt, text: str, env: dict[str, Any], line: int) -> str:
    """Render a piece of inline Markdown (a side of a match pair) with the same core rules."""
    tokens = md.parse(text, env)
    for token in tokens:
        if token.map:
            token.map = [token.map[0] + line - 1, token.map[1] + line - 1]
    inline = [t for t in tokens if t.type == "inline"]
    renderer = _html_renderer(md)
    html = "".join(renderer.renderInline(t.children or [], md.options, env) for t in inline)
    return sanitize.clean(html)


# Rendering rules ----------------------------------------------------------------------------------------


def _render_container(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    if token.nesting == -1:
        return "</div></aside>\n" if token.meta.get("callout") else "</div>\n"
    try:
        name, _, title = parse_info(token.info)
    except ValueError:
        name, title = "", ""
    if name in CALLOUTS:
        token.meta["callout"] = True
        _closing(tokens, idx).meta["callout"] = True
        label = escape(title or CALLOUTS[name])
        return (
            f'<aside class="callout callout-{name}" role="note" aria-label="{label}">'
            f'<p class="callout-title">{label}</p><div class="callout-body">\n'
        )
    return f'<div class="container container-{escape(slugify(name))}">\n'


def _closing(tokens: Sequence[Token], idx: int) -> Token:
    depth = 0
    for token in tokens[idx:]:
        if token.type == f"container_{CONTAINER}_open":
            depth += 1
        elif token.type == f"container_{CONTAINER}_close":
            depth -= 1
            if depth == 0:
                return token
    return tokens[idx]


def _render_table_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    # Wide tables scroll inside their own box (focusable, so that the keyboard can scroll it) instead of
    # widening the page on a phone.
    return '<div class="table-scroll" role="region" tabindex="0" aria-label="Tableau">' + self.renderToken(
        tokens, idx, options, env
    )


def _render_table_close(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return self.renderToken(tokens, idx, options, env) + "</div>\n"


def _render_fact(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    ctx: RenderContext | None = env.get("ctx")
    fact = ctx.facts.get(token.meta["id"]) if ctx else None
    if fact is None:
        return escape(token.content)
    return escape(fact.get(token.meta["field"]))


# Core rules ---------------------------------------------------------------------------------------------


def _line(token: Token | None) -> int:
    return token.map[0] + 1 if token is not None and token.map else 1


def _heading_ids(state: StateCore) -> None:
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type != "heading_open" or i + 1 >= len(tokens):
            continue
        inline = tokens[i + 1]
        children = inline.children or []
        if not children or children[-1].type != "text":
            continue
        text = children[-1].content.rstrip()
        if not text.endswith("}"):
            continue
        start = text.rfind("{#")
        if start < 0:
            continue
        slug = text[start + 2 : -1].strip()
        if not slug or " " in slug:
            continue
        token.attrSet("id", slug)
        children[-1].content = text[:start].rstrip()
        inline.content = inline.content.rstrip()[: -(len(text) - start)].rstrip()


def _facts_rule(state: StateCore) -> None:
    ctx: RenderContext | None = state.env.get("ctx")
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        new_children: list[Token] = []
        for child, line in _with_lines(block):
            if child.type != "text" or "{{" not in child.content:
                new_children.append(child)
                continue
            new_children.extend(_split_facts(child, line, ctx))
        block.children = new_children
        if ctx is not None:
            for line, message in prose_problems(_with_lines(block), ctx.facts):
                ctx.report(line, message)


def _with_lines(block: Token) -> list[tuple[Token, int]]:
    """Children of an inline token with the source line each sits on (paragraphs span several lines)."""
    line = _line(block)
    out = []
    for child in block.children or []:
        out.append((child, line))
        if child.type in ("softbreak", "hardbreak"):
            line += 1
    return out


def _split_facts(child: Token, line: int, ctx: RenderContext | None) -> list[Token]:
    out: list[Token] = []
    text = child.content
    pos = 0
    while True:
        start = text.find("{{", pos)
        end = text.find("}}", start + 2) if start >= 0 else -1
        if start < 0 or end < 0:
            break
        ref = parse_reference(text[start + 2 : end])
        if ref is None:
            if ctx is not None:
                ctx.report(line, f"malformed fact reference {text[start : end + 2]!r}")
            pos = end + 2
            continue
        if start > 0 or pos > 0:
            before = Token("text", "", 0)
            before.content = text[:start]
            out.append(before)
        fact = Token("fact", "", 0)
        fact.meta = {"id": ref[0], "field": ref[1]}
        fact.content = text[start : end + 2]
        out.append(fact)
        if ctx is not None and ref[0] not in ctx.facts:
            ctx.report(line, f"unknown fact id {ref[0]!r}")
        text = text[end + 2 :]
        pos = 0
    if text or not out:
        rest = Token("text", "", 0)
        rest.content = text
        out.append(rest)
    return [t for t in out if t.type != "text" or t.content]


def _links_rule(state: StateCore) -> None:
    ctx: RenderContext | None = state.env.get("ctx")
    if ctx is None:
        return
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        for top, line in _with_lines(block):
            for child in _walk([top]):
                attr = "href" if child.type == "link_open" else "src" if child.type == "image" else None
                if attr is None:
                    continue
                target = str(child.attrGet(attr) or "")
                resolved = ctx.resolve_link(target, line)
                if resolved is not None:
                    child.attrSet(attr, resolved)


def _walk(children: list[Token]) -> list[Token]:
    out: list[Token] = []
    for child in children:
        out.append(child)
        if child.children:
            out.extend(_walk(child.children))
    return out


def _table_align_rule(state: StateCore) -> None:
    # The CSP forbids inline styles (style-src 'self'): column alignment becomes a class.
    for token in state.tokens:
        if token.type in ("th_open", "td_open"):
            style = str(token.attrGet("style") or "")
            if style.startswith("text-align:"):
                token.attrs.pop("style", None)
                token.attrJoin("class", "align-" + style.split(":", 1)[1].strip())


def _raw_html_rule(state: StateCore) -> None:
    ctx: RenderContext | None = state.env.get("ctx")
    for block in state.tokens:
        if block.type == "html_block":
            problem = video_embed_problem(block.content)
            if problem:
                if ctx is not None:
                    ctx.report(_line(block), problem)
                block.content = ""
            else:
                block.content = _rebuild_video(block.content, ctx, _line(block))
        elif block.type == "inline" and block.children:
            for child, line in _with_lines(block):
                if child.type == "html_inline":
                    if ctx is not None and not child.content.startswith("</"):
                        hint = (
                            " (put a <video> embed on its own lines, with a captions track)"
                            if child.content.startswith("<video")
                            else ""
                        )
                        ctx.report(line, "raw HTML is not allowed in lessons" + hint)
                    child.content = ""


class _EmbedParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _rebuild_video(html: str, ctx: RenderContext | None, line: int) -> str:
    """Re-emit the embed from its parsed tags, with its files resolved like links (and checked by the lint).

    The site's CSP only lets media come from the site itself, so the files live in the course folder."""
    parser = _EmbedParser()
    parser.feed(html)
    parser.close()
    out = []
    for tag, attrs in parser.tags:
        parts = [tag]
        for name, value in attrs.items():
            if name == "src" and value is not None and ctx is not None:
                if value.startswith(("http:", "https:", "//")):
                    ctx.report(
                        line,
                        f"video files must be in the course folder (the site only plays its own media): {value}",
                    )
                else:
                    value = ctx.resolve_link(value, line) or value
            parts.append(name if value is None else f'{name}="{escape(value)}"')
        out.append("<" + " ".join(parts) + ">")
    return "".join(out) + "</video>\n"


def video_embed_problem(html: str) -> str | None:
    """None when the HTML block is an allowed embed: one <video controls> with a captions <track>."""
    parser = _EmbedParser()
    parser.feed(html)
    parser.close()
    if not parser.tags or parser.tags[0][0] != "video":
        return "raw HTML is not allowed in lessons (only <video> embeds with captions)"
    if any(tag not in ("video", "source", "track") for tag, _ in parser.tags):
        return "a <video> embed may only contain <source> and <track>"
    if "controls" not in parser.tags[0][1]:
        return "a <video> embed needs the controls attribute"
    if not any(
        tag == "track" and attrs.get("kind") in ("captions", "subtitles") and attrs.get("src")
        for tag, attrs in parser.tags
    ):
        return 'a <video> embed needs a <track kind="captions" src="…"> (captions are required)'
    return None
