"""Member Markdown → safe HTML: markdown-it-py `js-default` (raw HTML off), then nh3 as the real guard.

markdown-it already refuses raw HTML and javascript:/vbscript:/data: links in js-default; nh3 runs
anyway on its output with a short allow-list, so that a parser bug or a future option cannot let
markup through. Links get rel="nofollow noopener ugc": members' links earn no ranking from us and
cannot reach back into the page.
"""

from __future__ import annotations

import html
import re

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("js-default").disable("image")

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "s",
    "del",
}
# No style attributes: the CSP (style-src 'self') would refuse them anyway.
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
# NUL and the other C0 controls (tab and newlines aside): never meaningful in a post, and the search
# highlighter uses \x01 / \x02 as its marks.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str) -> str:
    return _CONTROL.sub("", value).replace("\r\n", "\n")


def render(source: str) -> str:
    html = _md.render(clean_text(source))
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener ugc",
        strip_comments=True,
    )


def plain_text(source: str) -> str:
    """What a reader sees of member Markdown, as one line of text (« Je cherche une **salle** » → « Je cherche
    une salle »): for search excerpts. Keeps the search highlighter's \x01 / \x02 marks, so it also serves on
    PostgreSQL's ts_headline fragments; a fragment's unclosed `**` stays as typed."""
    text = nh3.clean(_md.render(source), tags=set())
    return " ".join(html.unescape(text).split())
