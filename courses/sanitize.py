"""The last step of every rendered fragment: an nh3 allow-list.

Raw HTML in lessons is refused by the renderer except ``<video>`` embeds with captions; this allow-list is
the safety net that holds even if a renderer rule is wrong.
"""

from __future__ import annotations

import nh3

TAGS = {
    "a",
    "abbr",
    "aside",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "section",
    "source",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "track",
    "ul",
    "video",
}
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "role", "aria-label", "aria-labelledby", "aria-describedby"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start"},
    "div": {"tabindex"},
    "th": {"scope"},
    "video": {"src", "controls", "preload", "poster", "width", "height", "playsinline"},
    "source": {"src", "type"},
    "track": {"src", "kind", "srclang", "label", "default"},
}
URL_SCHEMES = {"https", "http", "mailto"}


def clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
