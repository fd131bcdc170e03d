"""User Markdown goes through markdown-it-py js-default then nh3: no script survives, links are marked ugc."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from learning.board.markdown import render
from tests.board.conftest import answer, publish

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)>",
    '<a href="javascript:alert(1)">clic</a>',
    "[clic](javascript:alert(1))",
    "[clic](JaVaScRiPt:alert(1))",
    "[clic](java\tscript:alert(1))",
    "[clic](&#106;avascript:alert(1))",
    "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[clic](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</script>",
    '<img src="x" onerror="alert(1)"',
    "<a onmouseover=alert(1)>survol</a>",
    "<details open ontoggle=alert(1)>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<input autofocus onfocus=alert(1)>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    "<style>*{color:red}</style>",
    "<link rel=stylesheet href=//evil.example/x.css>",
    '<meta http-equiv=refresh content="0;url=javascript:alert(1)">',
    "<base href=//evil.example/>",
    "[a](<javascript:alert(1)>)",
    '<http://evil.example/" onclick="alert(1)>',
    "`<script>` in code is fine",
    "```html\n<script>alert(1)</script>\n```",
    '[x](https://ok.example/"onmouseover="alert(1))',
    "<!-- <script>alert(1)</script> -->",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "\x00<script>alert(1)</script>",
]

SAFE_TAGS = {
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
    "mark",
}


class _Audit(HTMLParser):
    """Parses like a browser would and lists every executable thing it meets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in SAFE_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in (
                "style",
                "src",
                "srcdoc",
                "action",
                "formaction",
                "xlink:href",
            ):
                self.problems.append(f"{tag}[{name}]")
            if name == "href":
                scheme = re.sub(r"[\x00-\x20]", "", value or "").split(":", 1)
                if len(scheme) == 2 and scheme[0].lower() not in ("http", "https", "mailto"):
                    self.problems.append(f"href={value}")


def audit(html: str) -> list[str]:
    parser = _Audit()
    parser.feed(html)
    parser.close()
    return parser.problems


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_survives_rendering(payload):
    html = render(payload)
    assert audit(html) == [], html


def test_links_are_nofollow_noopener_ugc_and_safe_markdown_stays():
    html = render(
        "**gras**, *italique*, `code`, [site](https://exemple.fr) et <https://exemple.org>\n\n- un\n- deux"
    )
    assert "<strong>gras</strong>" in html and "<em>italique</em>" in html and "<code>code</code>" in html
    assert '<a href="https://exemple.fr" rel="nofollow noopener ugc">site</a>' in html
    assert "<li>deux</li>" in html
    for tag in re.findall(r"<a [^>]*>", html):
        assert 'rel="nofollow noopener ugc"' in tag


async def test_a_post_and_an_answer_full_of_payloads_render_harmless_over_http(member_client):
    amina = await member_client("amina@exemple.fr")
    claire = await member_client("claire@exemple.fr")
    corpus = "\n\n".join(PAYLOADS)
    post_id = await publish(amina, title="<script>alert('titre')</script> un titre", body=corpus)
    await answer(claire, post_id, corpus)
    page = await claire.get(f"/coup-de-pouce/{post_id}")
    assert page.status_code == 200
    content = page.text.split('<main id="contenu"')[1].split("</main>")[0]
    # The page's own module script is outside <main>; inside, nothing executable. Forms are the page's own
    # (CSRF-protected buttons), so only the members' rendered bodies are audited.
    bodies = re.findall(r'<div class="board-body">(.*?)</div>', content, re.S)
    assert len(bodies) == 2
    for body in bodies:
        assert audit(body) == []
    page_own = (
        "<form>",
        "<input>",
        "<button>",
        "<textarea>",
        "<label>",
        "<details>",
        "<summary>",
        "<section>",
        "<article>",
        "<div>",
        "<span>",
        "<time>",
        "form[action]",
    )
    assert [p for p in audit(content) if p not in page_own] == []
    assert set(re.findall(r'<form [^>]*action="([^"]*)"', content)) <= {
        a for a in re.findall(r'action="(/coup-de-pouce/[^"]*)"', content)
    }
    assert "&lt;script&gt;alert(&#39;titre&#39;)&lt;/script&gt; un titre" in content
