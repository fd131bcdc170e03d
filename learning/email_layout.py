"""The network's face on e-mails: the plain text a sender wrote, laid out as HTML (logo and name on top, the
palette of docs/identity.md, links kept clickable) beside the same text with a signature. Applied when the
message is built, so the stored copy stays the sender's text (and its secret links are masked as before)."""

from __future__ import annotations

import re
from email.message import EmailMessage
from functools import cache
from html import escape
from urllib.parse import urlparse

from learning.templating import STATIC_DIR

LOGO_CID = "logo@entraide"
NAME = "Entraide"
TAGLINE = "le réseau des entrepreneuses qui s'entraident"
INK, MUTED, BRAND, BRAND_DARK, LILAC, LINE, BG = (
    "#1f1a2e",
    "#5b5670",
    "#6b2fa3",
    "#4e1f7a",
    "#efe6fb",
    "#ddd6e8",
    "#fbf9f6",
)
FONTS = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', Arial, sans-serif"
_URL = re.compile(r"https?://[^\s<>\"')\]]+")


@cache
def logo_png() -> bytes:
    # A PNG, not the SVG: most mail clients show no SVG. Drawn from static/img/logo-mark.svg (docs/identity.md).
    return (STATIC_DIR / "img" / "logo-mark-96.png").read_bytes()


def signature(site: str) -> str:
    return f"\n\n--\n{NAME} — {TAGLINE}\n{site}\n" if site else f"\n\n--\n{NAME} — {TAGLINE}\n"


def _paragraph(block: str) -> str:
    linked = []
    last = 0
    for match in _URL.finditer(block):
        linked.append(escape(block[last : match.start()]))
        url = match.group(0)
        linked.append(f'<a href="{escape(url)}" style="color:{BRAND};word-break:break-all">{escape(url)}</a>')
        last = match.end()
    linked.append(escape(block[last:]))
    html = "".join(linked).replace("\n", "<br>\n")
    if block.startswith("—"):  # the unsubscribe footer (learning.outbox.unsubscribe_footer)
        return f'<p style="margin:0 0 14px;font-size:13px;color:{MUTED}">{html}</p>'
    return f'<p style="margin:0 0 14px">{html}</p>'


def html_body(text: str, subject: str, site: str) -> str:
    paragraphs = "\n".join(
        _paragraph(block.strip("\n")) for block in re.split(r"\n\s*\n", text.strip()) if block
    )
    host = urlparse(site).netloc if site else ""
    site_line = f'<br><a href="{escape(site)}" style="color:{BRAND_DARK}">{escape(host)}</a>' if site else ""
    return f"""<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(subject)}</title></head>
<body style="margin:0;padding:0;background:{BG};color:{INK};font-family:{FONTS}">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:{BG}">
<tr><td align="center" style="padding:16px 8px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border:1px solid {LINE};border-radius:10px">
<tr><td style="padding:14px 20px;border-bottom:4px solid {BRAND}">
<img src="cid:{LOGO_CID}" width="40" height="40" alt="" style="vertical-align:middle;border:0">
<span style="vertical-align:middle;font-size:22px;font-weight:800;color:{BRAND_DARK};margin-left:8px">{NAME}</span>
</td></tr>
<tr><td style="padding:20px;font-size:16px;line-height:1.55;color:{INK}">
{paragraphs}
</td></tr>
<tr><td style="padding:14px 20px;background:{LILAC};color:{MUTED};font-size:13px;border-radius:0 0 10px 10px">
{NAME} — {escape(TAGLINE)}{site_line}
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
"""


def lay_out(message: EmailMessage, text: str, subject: str, site: str) -> None:
    """Gives `message` (headers set, no body yet) its text part and its HTML twin with the logo inline."""
    message.set_content(text.rstrip("\n") + signature(site))
    message.add_alternative(html_body(text, subject, site), subtype="html")
    html_part = message.get_body(("html",))
    assert html_part is not None  # just added
    html_part.add_related(
        logo_png(), maintype="image", subtype="png", cid=f"<{LOGO_CID}>", filename="entraide.png"
    )
