"""Answering, « Merci », the solved mark, following, in-app notifications and the navigation counter."""

from __future__ import annotations

import asyncio
import re

import httpx

from learning.state import app_state
from tests.board.conftest import answer, publish
from tests.helpers import submit, text_of


def badge(response: httpx.Response) -> int:
    match = re.search(
        r'href="/coup-de-pouce"[^>]*>Coup de pouce <span class="badge"[^>]*>(\d+)</span>', response.text
    )
    return int(match.group(1)) if match else 0


async def test_answer_thanks_and_solved_with_notifications(member_client):
    amina = await member_client("amina@exemple.fr", name="Amina")
    claire = await member_client("claire@exemple.fr", name="Claire")
    sophie = await member_client("sophie@exemple.fr", name="Sophie")
    post_id = await publish(amina, title="Quelle banque pour un prêt d'honneur ?")

    first = await answer(claire, post_id, "Le Crédit Coopératif suit bien les prêts d'honneur.")
    # Amina, the author, sees a counter in the navigation and the notice on her notifications page.
    home = await amina.get("/")
    assert badge(home) == 1
    notices = text_of(await amina.get("/coup-de-pouce/notifications"))
    assert "Claire a répondu à « Quelle banque pour un prêt d'honneur ? »" in notices

    second = await answer(sophie, post_id, "Initiative France vous oriente vers la bonne banque.")
    assert badge(await amina.get("/")) == 2
    # Claire answered, so she follows: she hears about Sophie's answer too.
    assert badge(await claire.get("/")) == 1

    # Opening the post marks its notifications read.
    page = await amina.get(f"/coup-de-pouce/{post_id}")
    assert badge(page) == 0
    assert "2 réponses" in text_of(page)

    thanked = await submit(amina, f"/coup-de-pouce/{post_id}", f"/coup-de-pouce/reponses/{first}/merci")
    assert thanked.status_code == 303
    again = await submit(amina, f"/coup-de-pouce/{post_id}", f"/coup-de-pouce/reponses/{first}/merci")
    assert again.status_code == 303  # a second click counts once
    assert "Vous avez dit merci · 1 merci" in text_of(await amina.get(f"/coup-de-pouce/{post_id}"))
    # Claire hears of it, once.
    assert badge(await claire.get("/")) == 2
    assert "Amina vous remercie pour votre réponse à « Quelle banque pour un prêt d'honneur ? »" in text_of(
        await claire.get("/coup-de-pouce/notifications")
    )

    solved = await submit(amina, f"/coup-de-pouce/{post_id}", f"/coup-de-pouce/reponses/{second}/resolu")
    assert solved.status_code == 303
    page = text_of(await amina.get(f"/coup-de-pouce/{post_id}"))
    assert "A résolu la demande" in page and "Résolu" in page
    # Sophie (whose answer solved it) and Claire (a follower) are told.
    assert "« Quelle banque pour un prêt d'honneur ? » est résolu" in text_of(
        await sophie.get("/coup-de-pouce/notifications")
    )
    assert badge(await claire.get("/")) == 3
    # Unmarking and marking again tells nobody twice.
    await submit(amina, f"/coup-de-pouce/{post_id}", f"/coup-de-pouce/reponses/{second}/resolu")
    await submit(amina, f"/coup-de-pouce/{post_id}", f"/coup-de-pouce/reponses/{second}/resolu")
    assert badge(await claire.get("/")) == 3
    resolved_list = text_of(await claire.get("/coup-de-pouce?vue=resolus"))
    assert "Quelle banque pour un prêt d'honneur ?" in resolved_list
    assert "Quelle banque pour un prêt d'honneur ?" not in text_of(
        await claire.get("/coup-de-pouce?vue=sans-reponse")
    )


async def test_reading_another_post_keeps_her_notices_and_writes_nothing(member_client, app):
    """A post she opens with nothing of it unread must not commit: a commit empties the process's cache of
    signed-in sessions, and one such page in a mix made every other page look its member up again."""
    amina = await member_client("amina@exemple.fr")
    claire = await member_client("claire@exemple.fr")
    hers = await publish(amina, title="Mon local commercial")
    other = await publish(claire, title="Trouver une comptable")
    await answer(claire, hers)
    cache = app_state(app).session_cache
    cache.ttl_s = 60  # a loaded machine may take longer than the default 3 s over these requests
    assert badge(await amina.get(f"/coup-de-pouce/{other}")) == 1
    hits = cache.hits
    for _ in range(3):
        assert badge(await amina.get(f"/coup-de-pouce/{other}")) == 1  # still unread: it is about her post
    assert cache.hits == hits + 3
    assert badge(await amina.get(f"/coup-de-pouce/{hers}")) == 0


async def test_unfollowing_stops_notifications_and_mark_all_read(member_client):
    amina = await member_client("amina@exemple.fr")
    claire = await member_client("claire@exemple.fr")
    post_id = await publish(amina)
    await submit(amina, f"/coup-de-pouce/{post_id}", f"/coup-de-pouce/{post_id}/suivre", follow="0")
    await answer(claire, post_id)
    assert badge(await amina.get("/")) == 0
    await submit(amina, f"/coup-de-pouce/{post_id}", f"/coup-de-pouce/{post_id}/suivre", follow="1")
    assert "Ne plus suivre" in text_of(await amina.get(f"/coup-de-pouce/{post_id}"))
    await answer(claire, post_id, "Une deuxième idée : la BPI.")
    assert badge(await amina.get("/")) == 1
    await submit(amina, "/coup-de-pouce/notifications", "/coup-de-pouce/notifications/lues")
    assert badge(await amina.get("/")) == 0


async def test_empty_answer_is_refused_in_french_and_the_post_page_stays(member_client):
    amina = await member_client("amina@exemple.fr")
    post_id = await publish(amina)
    refused = await submit(
        amina, f"/coup-de-pouce/{post_id}", f"/coup-de-pouce/{post_id}/repondre", body="  ", op="publier"
    )
    assert refused.status_code == 400
    assert "Écrivez votre réponse avant de l'envoyer." in text_of(refused)
    preview = await submit(
        amina,
        f"/coup-de-pouce/{post_id}",
        f"/coup-de-pouce/{post_id}/repondre",
        body="Voici **mon idée**",
        op="apercu",
    )
    assert preview.status_code == 200 and "<strong>mon idée</strong>" in preview.text
    assert "Voici **mon idée**" in text_of(preview)
    assert "Pas encore de réponse" in text_of(await amina.get(f"/coup-de-pouce/{post_id}"))


async def test_answer_author_edits_and_deletes_her_answer(member_client):
    amina = await member_client("amina@exemple.fr")
    claire = await member_client("claire@exemple.fr")
    post_id = await publish(amina)
    answer_id = await answer(claire, post_id, "Premier jet de réponse.")
    edited = await submit(
        claire, f"/coup-de-pouce/reponses/{answer_id}/modifier", body="Réponse corrigée.", op="enregistrer"
    )
    assert edited.status_code == 303
    assert "Réponse corrigée." in text_of(await claire.get(f"/coup-de-pouce/{post_id}"))
    await submit(amina, f"/coup-de-pouce/{post_id}", f"/coup-de-pouce/reponses/{answer_id}/resolu")
    deleted = await submit(
        claire, f"/coup-de-pouce/{post_id}", f"/coup-de-pouce/reponses/{answer_id}/supprimer"
    )
    assert deleted.status_code == 303
    assert "Votre réponse est supprimée." in text_of(await claire.get(deleted.headers["location"]))
    page = text_of(await amina.get(f"/coup-de-pouce/{post_id}"))
    assert "Réponse corrigée." not in page and "Pas encore de réponse" in page and "Résolu" not in page
    assert "Quelle banque" in text_of(await amina.get("/coup-de-pouce?vue=sans-reponse"))


async def test_simultaneous_answers_all_count(member_client, db):
    from sqlalchemy import select

    from learning.board.models import Post
    from tests.helpers import csrf_token

    amina = await member_client("amina@exemple.fr")
    post_id = await publish(amina)
    helpers = [await member_client(f"aide{n}@exemple.fr") for n in range(6)]
    tokens = [await csrf_token(c, f"/coup-de-pouce/{post_id}") for c in helpers]
    responses = await asyncio.gather(
        *(
            c.post(
                f"/coup-de-pouce/{post_id}/repondre",
                data={"csrf_token": t, "body": f"Idée {n}", "op": "publier"},
            )
            for n, (c, t) in enumerate(zip(helpers, tokens, strict=True))
        )
    )
    assert [r.status_code for r in responses] == [303] * 6
    async with db.session() as session:
        assert await session.scalar(select(Post.answer_count).where(Post.id == post_id)) == 6
    assert "6 réponses" in text_of(await amina.get(f"/coup-de-pouce/{post_id}"))
    assert badge(await amina.get("/")) == 0  # she just read them all on the post page


async def test_odd_urls_are_404_not_500(member_client):
    amina = await member_client("amina@exemple.fr")
    for url in (
        "/coup-de-pouce/99999999999999999999",
        "/coup-de-pouce/0",
        "/coup-de-pouce/2147483648",
        "/coup-de-pouce/reponses/4294967296/modifier",
        "/membres/99999999999",
        "/coup-de-pouce/abc",
    ):
        assert (await amina.get(url)).status_code == 404, url
