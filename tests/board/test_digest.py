"""The e-mail digest of unread notifications: once per notification, even with two processes; opt-out works."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import func, select

from learning.board.digest import send_digests
from learning.db import Database, utcnow
from learning.models import OutboxEmail
from tests.board.conftest import answer, publish
from tests.helpers import deliver_outbox, last_email_to, submit


async def _emails_to(db: Database, address: str) -> int:
    async with db.session() as session:
        count = await session.execute(
            select(func.count()).select_from(OutboxEmail).where(OutboxEmail.to_address == address)
        )
        return count.scalar_one()


async def test_digest_sends_unread_notifications_once(member_client, db, settings):
    amina = await member_client("amina@exemple.fr", name="Amina")
    claire = await member_client("claire@exemple.fr")
    post_id = await publish(amina, title="Quelle assurance pour un atelier ?")
    await answer(claire, post_id, "La MAAF a une offre pour les artisanes.")
    await answer(claire, post_id, "Et demandez aussi à votre banque.")
    later = utcnow() + timedelta(hours=2)

    # Not before the grace hour: the member may still read them on the site.
    assert await send_digests(db, settings) == 0
    assert await send_digests(db, settings, now=later) == 1
    email = await last_email_to(db, "amina@exemple.fr")
    assert "Quelle assurance pour un atelier ?" in email.body and "2 × nouvelle réponse" in email.body
    assert f"http://testserver/coup-de-pouce/{post_id}" in email.body
    await deliver_outbox(db, settings)
    email = await last_email_to(db, "amina@exemple.fr")
    assert "Ne plus recevoir ces e-mails, en un clic" in email.body and email.unsubscribe_url
    # Nothing new: nothing sent, even a day later.
    assert await send_digests(db, settings, now=later + timedelta(days=1)) == 0


async def test_two_processes_send_each_notification_once(member_client, db, settings):
    amina = await member_client("amina@exemple.fr")
    claire = await member_client("claire@exemple.fr")
    for n in range(3):
        await answer(claire, await publish(amina, title=f"Question numéro {n} d'Amina"))
    later = utcnow() + timedelta(hours=2)
    # A second engine stands for a second server process with its own connections.
    other = Database(settings.database_url)
    try:
        results = await asyncio.gather(
            *(send_digests(d, settings, now=later) for d in (db, other, db, other))
        )
    finally:
        await other.dispose()
    assert sum(results) == 1
    assert await _emails_to(db, "amina@exemple.fr") == 1
    email = await last_email_to(db, "amina@exemple.fr")
    assert all(f"Question numéro {n} d'Amina" in email.body for n in range(3))


async def test_read_or_switched_off_means_no_email(member_client, db, settings):
    amina = await member_client("amina@exemple.fr")
    claire = await member_client("claire@exemple.fr")
    sophie = await member_client("sophie@exemple.fr")
    post_id = await publish(amina)
    await answer(claire, post_id)
    await amina.get(f"/coup-de-pouce/{post_id}")  # read on the site
    claire_post = await publish(claire, title="Le besoin de Claire ici")
    await submit(claire, "/compte", "/coup-de-pouce/preferences")  # digest box left unticked
    await answer(sophie, claire_post)
    assert await send_digests(db, settings, now=utcnow() + timedelta(hours=2)) == 0
    assert await _emails_to(db, "amina@exemple.fr") == 0
    assert await _emails_to(db, "claire@exemple.fr") == 0


async def test_new_posts_on_her_themes_reach_her_notifications_and_digest(member_client, db, settings):
    amina = await member_client("amina@exemple.fr")
    claire = await member_client("claire@exemple.fr")
    sophie = await member_client("sophie@exemple.fr", coordination="Occitanie")
    await submit(amina, "/compte/e-mails", "/compte/e-mails/themes", theme=["financement", "locaux"])
    await publish(claire, title="Un prêt d'honneur en Bretagne ?", themes=("financement",))
    await publish(claire, title="Une question de statuts", themes=("juridique",))
    await publish(sophie, title="Un local à Toulouse", themes=("locaux",), scope="locale")  # not hers to read
    await publish(amina, title="Mon propre besoin", themes=("financement",))  # her own post

    listing = (await amina.get("/coup-de-pouce/notifications")).text
    assert "Nouveau sur vos thèmes" in listing and "Un prêt d&#39;honneur en Bretagne ?" in listing
    for title in ("Une question de statuts", "Un local à Toulouse", "Mon propre besoin"):
        assert title not in listing

    assert await send_digests(db, settings, now=utcnow() + timedelta(hours=2)) >= 1
    email = await last_email_to(db, "amina@exemple.fr")
    assert "Un prêt d'honneur en Bretagne ?" in email.body and "nouveau message sur vos thèmes" in email.body
    assert "Un local à Toulouse" not in email.body
