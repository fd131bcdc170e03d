"""Private messages over HTTP, as members use them: write from a post, read, answer, the unread counter,
who may read a conversation, block, report and moderation, e-mails, the digest, « Mes données »."""

from __future__ import annotations

import asyncio
import json
import re
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import func, select

from learning.db import Database, utcnow
from learning.members import message_digest, message_notifications, views_messages
from learning.members.models_messages import PrivateMessage
from learning.models import Member, OutboxEmail
from tests.board.conftest import publish
from tests.helpers import PASSWORD, csrf_token, first_group, last_email_to, submit, text_of, words_of


async def id_of(db: Database, email: str) -> int:
    async with db.session() as session:
        found = await session.scalar(select(Member.id).where(Member.email == email))
    assert found is not None
    return found


def badge(response: httpx.Response) -> int:
    """The unread counter next to « Messages » in the navigation (0 when absent)."""
    match = re.search(r'href="/messages"[^>]*>Messages <span class="badge"[^>]*>(\d+)</span>', response.text)
    return int(match.group(1)) if match else 0


async def write(client: httpx.AsyncClient, to: int, body: str, depuis: str = "") -> httpx.Response:
    page = f"/messages/nouveau/{to}" + (f"?depuis={depuis}" if depuis else "")
    fields = {"body": body, **({"depuis": depuis} if depuis else {})}
    return await submit(client, page, f"/messages/nouveau/{to}", **fields)


async def start(client: httpx.AsyncClient, to: int, body: str = "Je t'envoie les contacts.") -> int:
    sent = await write(client, to, body)
    assert sent.status_code == 303, sent.text[:1500]
    return int(first_group(r"^/messages/(\d+)", sent.headers["location"]))


async def emails_to(db: Database, address: str) -> list[OutboxEmail]:
    async with db.session() as session:
        return list(
            (await session.scalars(select(OutboxEmail).where(OutboxEmail.to_address == address))).all()
        )


async def test_claire_writes_from_a_post_amina_sees_the_badge_reads_and_answers(member_client, db):
    amina = await member_client("amina@exemple.fr", name="Amina")
    claire = await member_client("claire@exemple.fr", name="Claire")
    amina_id = await id_of(db, "amina@exemple.fr")
    post_id = await publish(amina, title="Quelle banque pour un prêt d'honneur ?")

    post_page = (await claire.get(f"/coup-de-pouce/{post_id}")).text
    link = f"/messages/nouveau/{amina_id}?depuis=/coup-de-pouce/{post_id}"
    assert f'href="{link}"' in post_page
    assert "Écrire en privé" not in (await amina.get(f"/coup-de-pouce/{post_id}")).text  # not to herself
    form = await claire.get(link)
    assert form.status_code == 200 and "Écrire à Amina" in text_of(form)

    sent = await write(
        claire, amina_id, "Je t'envoie les contacts de ma banque.", depuis=f"/coup-de-pouce/{post_id}"
    )
    assert sent.status_code == 303
    conversation = int(first_group(r"^/messages/(\d+)", sent.headers["location"]))
    assert badge(await claire.get("/")) == 0
    assert badge(await amina.get("/")) == 1
    inbox = await amina.get("/messages")
    assert "is-unread" in inbox.text and "Claire" in words_of(inbox) and "1 non lu" in words_of(inbox)

    page = await amina.get(f"/messages/{conversation}")
    assert page.status_code == 200
    assert "Je t'envoie les contacts de ma banque." in text_of(page)
    assert f'href="/coup-de-pouce/{post_id}"' in page.text  # where it started
    assert badge(page) == 0  # reading it cleared the counter, on this very page
    assert badge(await amina.get("/")) == 0

    answered = await submit(
        amina,
        f"/messages/{conversation}",
        f"/messages/{conversation}/repondre",
        body="Merci, je l'appelle lundi !",
    )
    assert answered.status_code == 303
    assert badge(await claire.get("/")) == 1
    # Writing again from her profile continues the same conversation.
    assert await start(claire, amina_id, "Tiens-moi au courant.") == conversation
    thread = text_of(await claire.get(f"/messages/{conversation}"))
    assert (
        thread.index("Je t'envoie les contacts")
        < thread.index("Merci, je l'appelle")
        < thread.index("Tiens-moi")
    )


async def test_only_the_two_members_read_a_conversation(member_client, db, client):
    amina = await member_client("amina@exemple.fr")
    claire = await member_client("claire@exemple.fr")
    sophie = await member_client("sophie@exemple.fr")
    nadia = await member_client("nadia@exemple.fr", roles={"coordinatrice"})
    helene = await member_client("helene@exemple.fr", roles={"admin"})
    conversation = await start(claire, await id_of(db, "amina@exemple.fr"), "Un secret entre nous deux.")
    async with db.session() as session:
        message_id = await session.scalar(select(PrivateMessage.id))

    assert (await amina.get(f"/messages/{conversation}")).status_code == 200
    for outsider in (sophie, nadia, helene):
        page = await outsider.get(f"/messages/{conversation}")
        assert page.status_code == 404 and "Un secret" not in page.text
        assert "Un secret" not in (await outsider.get("/messages")).text
        token = await csrf_token(outsider, "/messages")
        reply = await outsider.post(
            f"/messages/{conversation}/repondre", data={"csrf_token": token, "body": "Intrusion"}
        )
        assert reply.status_code == 404
        report = await outsider.post(
            f"/messages/message/{message_id}/signaler", data={"csrf_token": token, "reason": "Pour lire"}
        )
        assert report.status_code == 404
    # A coordinatrice or an admin without a report has no way in through moderation either.
    assert "Un secret" not in (await nadia.get("/messages/signalements")).text
    assert (await nadia.get("/messages/signalements/1")).status_code == 404
    assert (await sophie.get("/messages/signalements")).status_code == 403
    anonymous = await client.get(f"/messages/{conversation}")
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/connexion")
    async with db.session() as session:
        assert (
            await session.scalar(select(func.count()).select_from(PrivateMessage)) == 1
        )  # no intrusion stored


async def test_a_report_opens_that_conversation_to_moderators_until_they_decide(member_client, db):
    amina = await member_client("amina@exemple.fr")
    claire = await member_client("claire@exemple.fr", name="Claire")
    sophie = await member_client("sophie@exemple.fr")
    nadia = await member_client("nadia@exemple.fr", roles={"coordinatrice"})
    amina_id = await id_of(db, "amina@exemple.fr")
    conversation = await start(claire, amina_id, "Achetez ma formation à 2 000 €, dernière chance !")
    other = await start(claire, await id_of(db, "sophie@exemple.fr"), "Bonjour Sophie, un autre sujet.")
    async with db.session() as session:
        message_id = await session.scalar(
            select(PrivateMessage.id).where(PrivateMessage.conversation_id == conversation)
        )

    assert (
        await submit(claire, "/messages", f"/messages/message/{message_id}/signaler", reason="x")
    ).status_code == 400
    empty = await submit(
        amina, f"/messages/{conversation}", f"/messages/message/{message_id}/signaler", reason=" "
    )
    assert empty.status_code == 400 and "Dites en quelques mots" in text_of(empty)
    reported = await submit(
        amina, f"/messages/{conversation}", f"/messages/message/{message_id}/signaler", reason="Démarchage"
    )
    assert reported.status_code == 303 and "signale=1" in reported.headers["location"]

    queue = await nadia.get("/messages/signalements")
    assert queue.status_code == 200 and "Démarchage" in text_of(queue)
    report_url = first_group(r'href="(/messages/signalements/\d+)"', queue.text)
    read = await nadia.get(report_url)
    assert read.status_code == 200 and "Achetez ma formation" in text_of(read)
    # Only that conversation, and only through the report.
    assert (await nadia.get(f"/messages/{conversation}")).status_code == 404
    assert (await nadia.get(f"/messages/{other}")).status_code == 404
    assert (await sophie.get(report_url)).status_code == 403
    assert (await amina.get(report_url)).status_code == 403

    decided = await submit(nadia, report_url, f"{report_url}/traiter", op="averti")
    assert decided.status_code == 303
    assert (await nadia.get(report_url)).status_code == 404  # private again
    page = text_of(await amina.get(f"/messages/{conversation}"))
    assert "Achetez ma formation" not in page and "Message masqué par la modération" in page
    warning = await last_email_to(db, "claire@exemple.fr")
    assert warning is not None and "masqué" in warning.subject and "Achetez" not in warning.body


async def test_dismissing_a_report_closes_the_moderators_access(member_client, db):
    amina = await member_client("amina@exemple.fr")
    claire = await member_client("claire@exemple.fr")
    helene = await member_client("helene@exemple.fr", roles={"admin"})
    conversation = await start(claire, await id_of(db, "amina@exemple.fr"), "Un message maladroit.")
    async with db.session() as session:
        message_id = await session.scalar(select(PrivateMessage.id))
    await submit(
        amina, f"/messages/{conversation}", f"/messages/message/{message_id}/signaler", reason="Ton vexant"
    )
    report_url = first_group(
        r'href="(/messages/signalements/\d+)"', (await helene.get("/messages/signalements")).text
    )
    assert (await submit(helene, report_url, f"{report_url}/traiter", op="classe")).status_code == 303
    assert (await helene.get(report_url)).status_code == 404
    assert "Un message maladroit." in text_of(await amina.get(f"/messages/{conversation}"))


async def test_blocking_stops_her_messages_and_hides_the_conversation(member_client, db):
    amina = await member_client("amina@exemple.fr")
    claire = await member_client("claire@exemple.fr", name="Claire")
    amina_id, claire_id = await id_of(db, "amina@exemple.fr"), await id_of(db, "claire@exemple.fr")
    conversation = await start(claire, amina_id, "Premier message.")
    await start(claire, amina_id, "Deuxième message.")
    assert badge(await amina.get("/")) == 2

    blocked = await submit(amina, f"/messages/{conversation}", f"/messages/bloquer/{claire_id}")
    assert blocked.status_code == 303
    inbox = await amina.get("/messages")
    assert f'href="/messages/{conversation}"' not in inbox.text and "Claire" in words_of(
        inbox
    )  # listed as blocked
    assert badge(inbox) == 0

    refused = await write(claire, amina_id, "Tu ne me réponds pas ?")
    assert refused.status_code == 403
    assert "ne peut pas être transmis" in text_of(refused) and "bloqu" not in text_of(refused).lower()
    token = await csrf_token(claire, "/messages")
    reply = await claire.post(
        f"/messages/{conversation}/repondre", data={"csrf_token": token, "body": "Allô ?"}
    )
    assert reply.status_code == 403
    assert badge(await amina.get("/")) == 0
    # She who blocked is told why she cannot write, and may change her mind.
    assert "débloquez-la" in text_of(await amina.get(f"/messages/nouveau/{claire_id}"))
    assert (await submit(amina, "/messages", f"/messages/debloquer/{claire_id}")).status_code == 303
    assert (await write(claire, amina_id, "Merci de m'avoir débloquée.")).status_code == 303
    assert badge(await amina.get("/")) == 1


async def test_a_new_message_is_e_mailed_without_its_text_unless_she_chose_never(member_client, db):
    await member_client("amina@exemple.fr", name="Amina")
    claire = await member_client("claire@exemple.fr", name="Claire")
    sophie = await member_client("sophie@exemple.fr")
    conversation = await start(
        claire, await id_of(db, "amina@exemple.fr"), "Le numéro de ma conseillère : 06 12."
    )
    email = await last_email_to(db, "amina@exemple.fr")
    assert email is not None and email.subject == "Claire vous a écrit sur Entraide"
    assert f"http://testserver/messages/{conversation}" in email.body
    assert "06 12" not in email.body and "conseillère" not in email.body
    # One e-mail per unread streak: a second message before she reads adds none.
    await start(claire, await id_of(db, "amina@exemple.fr"), "Et son adresse.")
    assert len(await emails_to(db, "amina@exemple.fr")) == 1

    saved = await submit(sophie, "/messages", "/messages/avis", notify="jamais")
    assert saved.status_code == 303
    assert (await submit(sophie, "/messages", "/messages/avis", notify="pigeon")).status_code == 400
    await start(claire, await id_of(db, "sophie@exemple.fr"), "Bonjour Sophie.")
    assert await emails_to(db, "sophie@exemple.fr") == []


async def test_the_daily_digest_goes_once_even_with_two_processes(member_client, db, settings):
    julie = await member_client("julie@exemple.fr", name="Julie")
    claire = await member_client("claire@exemple.fr", name="Claire")
    sophie = await member_client("sophie@exemple.fr", name="Sophie")
    await submit(julie, "/messages", "/messages/avis", notify="quotidien")
    julie_id = await id_of(db, "julie@exemple.fr")
    await start(claire, julie_id, "Un texte privé de Claire.")
    await start(sophie, julie_id, "Un texte privé de Sophie.")
    await start(sophie, julie_id, "Et un deuxième.")
    assert await emails_to(db, "julie@exemple.fr") == []  # no immediate e-mail for her

    assert await message_digest.send_digests(db, settings) == 0  # within the grace hour: she may still come
    later = utcnow() + timedelta(hours=2)
    counts = await asyncio.gather(
        message_digest.send_digests(db, settings, now=later),
        message_digest.send_digests(db, settings, now=later),
    )
    assert sorted(counts) == [0, 1]
    (digest,) = await emails_to(db, "julie@exemple.fr")
    assert "Claire (1 message)" in digest.body and "Sophie (2 messages)" in digest.body
    assert "texte privé" not in digest.body
    assert await message_digest.send_digests(db, settings, now=later + timedelta(days=2)) == 0  # told already


async def test_export_and_account_deletion(member_client, db):
    amina = await member_client("amina@exemple.fr", name="Amina")
    claire = await member_client("claire@exemple.fr", name="Claire")
    conversation = await start(claire, await id_of(db, "amina@exemple.fr"), "Voici les contacts promis.")
    await submit(
        amina, f"/messages/{conversation}", f"/messages/{conversation}/repondre", body="Mon projet en détail."
    )

    exported = json.loads((await amina.get("/compte/donnees.json")).text)["messages_prives"]
    (thread,) = exported["conversations"]
    assert thread["avec"] == "Claire"
    assert [(m["de"], m["texte"]) for m in thread["messages"]] == [
        ("Claire", "Voici les contacts promis."),
        ("moi", "Mon projet en détail."),
    ]
    assert exported["avis_par_email"] == "immediat"

    deleted = await submit(
        amina, "/compte", "/compte/supprimer", confirm_password=PASSWORD, posts="anonymise"
    )
    assert deleted.status_code == 200
    page = await claire.get(f"/messages/{conversation}")
    assert page.status_code == 200
    shown = text_of(page)
    assert "membre supprimée" in shown and "Voici les contacts promis." in shown
    assert "Mon projet en détail." not in shown
    assert "Votre réponse" not in shown  # nobody to answer
    assert "membre supprimée" in text_of(await claire.get("/messages"))
    async with db.session() as session:
        assert await session.scalar(select(func.count()).select_from(PrivateMessage)) == 1
    # When Claire leaves too, nothing of the conversation is left.
    await submit(claire, "/compte", "/compte/supprimer", confirm_password=PASSWORD, posts="anonymise")
    async with db.session() as session:
        assert await session.scalar(select(func.count()).select_from(PrivateMessage)) == 0


async def test_bad_input_gets_a_french_answer_and_keeps_the_text(member_client, db, monkeypatch):
    amina = await member_client("amina@exemple.fr")
    claire = await member_client("claire@exemple.fr")
    amina_id, claire_id = await id_of(db, "amina@exemple.fr"), await id_of(db, "claire@exemple.fr")
    empty = await write(claire, amina_id, "   ")
    assert empty.status_code == 400 and "Écrivez votre message" in text_of(empty)
    long = await write(claire, amina_id, "a" * 5001)
    assert long.status_code == 400 and "trop long" in text_of(long)
    assert (await claire.get("/messages/nouveau/999999")).status_code == 404
    assert (await claire.get("/messages/nouveau/99999999999")).status_code == 404
    assert (await claire.get("/messages/99999999999")).status_code == 404
    myself = await claire.get(f"/messages/nouveau/{claire_id}")
    assert myself.status_code == 400 and "vous-même" in text_of(myself)
    assert (await write(claire, amina_id, "<script>alert(1)</script>\nligne 2")).status_code == 303
    page = (await amina.get("/messages")).text
    assert "<script>alert(1)" not in page

    monkeypatch.setattr(views_messages, "SEND_LIMIT", "2/hour")
    for body in ("Deux.", "Trois."):
        assert (await write(claire, amina_id, body)).status_code == 303
    limited = await write(claire, amina_id, "Quatre, c'est trop.")
    assert limited.status_code == 429
    assert "patientez" in text_of(limited) and "Quatre, c'est trop." in text_of(limited)


@pytest.mark.parametrize("mode", ["immediat", "quotidien", "jamais"])
async def test_the_e_mail_choice_is_kept(member_client, mode):
    amina = await member_client("amina@exemple.fr")
    await submit(amina, "/messages", "/messages/avis", notify=mode)
    assert re.search(rf'value="{mode}" checked', (await amina.get("/messages")).text)


async def test_her_news_lists_unread_conversations_without_their_text(member_client, db):
    await member_client("amina@exemple.fr")
    claire = await member_client("claire@exemple.fr", name="Claire")
    conversation = await start(claire, await id_of(db, "amina@exemple.fr"), "Un texte qui reste privé.")
    await start(claire, await id_of(db, "amina@exemple.fr"), "Et un autre.")
    async with db.session() as session:
        amina = await session.scalar(select(Member).where(Member.email == "amina@exemple.fr"))
        assert amina is not None
        (news,) = await message_notifications.unread_for(session, amina)
    assert news.text == "Claire vous a écrit (2 messages non lus)" and news.url == f"/messages/{conversation}"
