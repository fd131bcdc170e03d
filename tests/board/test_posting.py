"""Posting, previewing, editing and deleting a « Coup de pouce », through the real app."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from learning.board.models import Post
from learning.db import utcnow
from tests.board.conftest import publish
from tests.helpers import submit, text_of


async def test_a_member_posts_a_need_and_finds_it_on_the_board(member_client):
    amina = await member_client("amina@exemple.fr", name="Amina Benali")
    post_id = await publish(
        amina,
        title="Quelle banque pour un prêt d'honneur ?",
        body="Je cherche **une banque** qui suit les prêts d'honneur.",
        themes=("financement",),
    )
    page = await amina.get(f"/coup-de-pouce/{post_id}?publie=1")
    assert page.status_code == 200
    body = text_of(page)
    assert "Votre coup de pouce est publié" in body
    assert "<strong>une banque</strong>" in page.text
    assert "Amina Benali" in body and "Besoin" in body and "Financement" in body

    claire = await member_client("claire@exemple.fr")
    board = text_of(await claire.get("/coup-de-pouce"))
    assert "Quelle banque pour un prêt d'honneur ?" in board
    assert "pas encore de réponse" in board


async def test_a_rejected_post_keeps_what_was_typed_and_explains_in_french(member_client):
    amina = await member_client("amina@exemple.fr")
    long_text = "Mon texte soigneusement rédigé, avec des détails importants."
    response = await submit(
        amina,
        "/coup-de-pouce/nouveau",
        kind="",
        title="Court",
        body=long_text,
        scope="reseau",
        themes=["financement", "inconnu"],
        op="publier",
    )
    assert response.status_code == 400
    body = text_of(response)
    assert "Choisissez le type" in body
    assert "titre d'au moins 8 caractères" in body
    assert "Choisissez les thèmes dans la liste" in body
    assert long_text in body and 'value="Court"' in response.text


async def test_local_scope_needs_a_confirmed_coordination(member_client):
    nomad = await member_client("nomade@exemple.fr", coordination=None)
    pending = await member_client("pending@exemple.fr", coordination="Bretagne", status="pending")
    for client in (nomad, pending):
        response = await submit(
            client,
            "/coup-de-pouce/nouveau",
            kind="question",
            title="Une question locale ici",
            body="Texte gardé",
            scope="locale",
            op="publier",
        )
        assert response.status_code == 400
        page = text_of(response)
        assert "il faut en être membre confirmée" in page and "Trouver ma coordination" in page
        assert "Texte gardé" in page


async def test_preview_works_without_javascript_and_publishes_nothing(member_client, db):
    amina = await member_client("amina@exemple.fr")
    response = await submit(
        amina,
        "/coup-de-pouce/nouveau",
        kind="question",
        title="Un titre assez long",
        body="Une *liste* :\n\n- un\n- deux",
        scope="reseau",
        op="apercu",
    )
    assert response.status_code == 200
    assert "Aperçu" in text_of(response)
    assert "<em>liste</em>" in response.text and "<li>deux</li>" in response.text
    assert "Une *liste* :" in text_of(response)  # the source stays in the textarea
    assert "pas encore de réponse" not in text_of(await amina.get("/coup-de-pouce"))
    # The script's endpoint gives the same sanitised HTML.
    token = (
        (await amina.get("/coup-de-pouce/nouveau")).text.split('name="csrf_token" value="')[1].split('"')[0]
    )
    fragment = await amina.post(
        "/coup-de-pouce/apercu", data={"body": "**gras** <script>x</script>"}, headers={"X-CSRF-Token": token}
    )
    assert fragment.status_code == 200
    assert "<strong>gras</strong>" in fragment.text and "<script>" not in fragment.text


async def test_the_author_edits_within_the_delay_then_no_longer(member_client, db):
    amina = await member_client("amina@exemple.fr")
    post_id = await publish(amina)
    edited = await submit(
        amina,
        f"/coup-de-pouce/{post_id}/modifier",
        kind="question",
        title="Quelle banque choisir en Bretagne ?",
        body="Texte corrigé.",
        scope="reseau",
        op="publier",
    )
    assert edited.status_code == 303
    page = text_of(await amina.get(f"/coup-de-pouce/{post_id}"))
    assert "Quelle banque choisir en Bretagne ?" in page and "Texte corrigé." in page and "modifié" in page

    async with db.session() as session:
        await session.execute(update(Post).values(created_at=utcnow() - timedelta(hours=3)))
        await session.commit()
    assert (await amina.get(f"/coup-de-pouce/{post_id}/modifier")).status_code == 403
    token_page = await amina.get(f"/coup-de-pouce/{post_id}")
    assert "/modifier" not in token_page.text.split('id="answers-title"')[0]


async def test_the_author_deletes_her_post(member_client):
    amina = await member_client("amina@exemple.fr")
    post_id = await publish(amina, title="Un message à supprimer bientôt")
    deleted = await submit(amina, f"/coup-de-pouce/{post_id}", f"/coup-de-pouce/{post_id}/supprimer")
    assert deleted.status_code == 303
    assert (await amina.get(f"/coup-de-pouce/{post_id}")).status_code == 404
    assert "Un message à supprimer bientôt" not in text_of(await amina.get("/coup-de-pouce"))


async def test_new_members_are_rate_limited_and_keep_their_text(member_client):
    amina = await member_client("amina@exemple.fr")
    for n in range(5):
        await publish(amina, title=f"Message numéro {n} du jour")
    refused = await submit(
        amina,
        "/coup-de-pouce/nouveau",
        kind="besoin",
        title="Le sixième message du jour",
        body="Ce texte ne doit pas se perdre.",
        scope="reseau",
        op="publier",
    )
    assert refused.status_code == 429
    assert "patientez un peu" in text_of(refused)
    assert "Ce texte ne doit pas se perdre." in text_of(refused)


async def test_established_members_have_the_normal_limit(member_client, db):
    from learning.models import Member

    louise = await member_client("louise@exemple.fr")
    async with db.session() as session:
        await session.execute(update(Member).values(created_at=utcnow() - timedelta(days=30)))
        await session.commit()
    for n in range(7):
        await publish(louise, title=f"Message numéro {n} de Louise")
