"""E-mails and PDFs wear the network's face (issue 19): an HTML part with the logo inline and the links
clickable beside the text, which keeps its attachments; the stored copy stays the sender's text."""

from __future__ import annotations

import re
import zlib
from datetime import date

from sqlalchemy import select

from courses import pdf
from learning.models import OutboxEmail
from learning.outbox import Attachment, build_message, queue_email
from tests.helpers import create_member, deliver_outbox

BODY = (
    "Bonjour Amina,\n\nVotre inscription à « Oser <déléguer> » est confirmée.\n"
    "Rejoindre la salle : http://testserver/ateliers/3/rejoindre\n\nL'équipe Entraide\n"
)


async def test_an_e_mail_goes_out_as_text_and_html_with_the_logo_and_keeps_its_attachment(db, settings):
    amina = await create_member(db, "amina@exemple.fr", name="Amina")
    async with db.session() as session:
        queue_email(
            session,
            kind="workshop_registration",
            to=amina.email,
            member_id=amina.id,
            subject="Inscription confirmée",
            body=BODY,
            attachments=[Attachment("atelier.ics", "text/calendar", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")],
        )
        await session.commit()
    assert await deliver_outbox(db, settings) == 1
    async with db.read_session() as session:
        stored = await session.scalar(select(OutboxEmail).where(OutboxEmail.to_address == amina.email))
    assert stored is not None and stored.body == BODY  # the layout is not stored

    message = build_message(stored, "Entraide <test@entraide.local>", "http://testserver")
    text = message.get_body(("plain",)).get_content()
    assert text.startswith("Bonjour Amina,") and "http://testserver/ateliers/3/rejoindre" in text
    assert text.rstrip().endswith(
        "Entraide — le réseau des entrepreneuses qui s'entraident\nhttp://testserver"
    )

    html = message.get_body(("html",)).get_content()
    assert '<html lang="fr">' in html and "<title>Inscription confirmée</title>" in html
    assert "« Oser &lt;déléguer&gt; »" in html  # her text is escaped, never markup
    assert (
        '<a href="http://testserver/ateliers/3/rejoindre" style="color:#6b2fa3;word-break:break-all">'
        "http://testserver/ateliers/3/rejoindre</a>" in html
    )
    cid = re.search(r'<img src="cid:([^"]+)"', html)
    assert cid
    logo = [part for part in message.walk() if part.get("Content-ID") == f"<{cid.group(1)}>"]
    assert len(logo) == 1 and logo[0].get_content_type() == "image/png"
    assert logo[0].get_payload(decode=True).startswith(b"\x89PNG")

    attachments = [part.get_filename() for part in message.iter_attachments()]
    assert attachments == ["atelier.ics"]


def _pdf_text(document: bytes) -> str:
    """The text a core-font PDF shows (fpdf2 compresses each page's stream)."""
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", document, re.S)
    shown = []
    for raw in streams:
        try:
            shown.append(zlib.decompress(raw).decode("latin-1"))
        except zlib.error:
            continue
    return "".join(shown)


def test_the_attestation_and_the_dossier_carry_the_logo_the_name_and_a_signature(monkeypatch):
    monkeypatch.setattr(pdf, "FONT_DIR", None)  # core fonts: the text is readable in the page streams
    certificate = _pdf_text(pdf.certificate_pdf("Amina Benali", "Cours", date(2026, 12, 6), "http://x/c/1"))
    assert "(Pour le r\xe9seau Entraide,)" in certificate and "(L'\xe9quipe du MOOC)" in certificate
    assert "0.4196 0.1843 0.6392 rg" in certificate  # the logo's purple square, drawn from its SVG
    dossier = _pdf_text(pdf.dossier_pdf("Amina", "Cours", date(2026, 12, 6), []))
    assert "(Entraide)" in dossier and "le r\xe9seau des entrepreneuses" in dossier
    assert "(Entraide - Mon dossier de financement - page 1/) Tj (1) Tj" in dossier  # « page 1/1 »
    assert "0.4196 0.1843 0.6392 rg" in dossier
