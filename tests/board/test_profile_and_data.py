"""Her posts and useful answers on her profile (the board's profile block), data export and account deletion."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from learning.board.models import Answer, Post
from tests.board.conftest import answer, publish
from tests.helpers import PASSWORD, first_group, submit, text_of


async def test_her_posts_show_on_her_profile_and_link_to_it(member_client, db):
    amina = await member_client("amina@exemple.fr", name="Amina Benali")
    post_id = await publish(amina, title="Je cherche une graphiste pour mon logo")
    claire = await member_client("claire@exemple.fr")
    page = await claire.get(f"/coup-de-pouce/{post_id}")
    profile_url = first_group(r'href="(/membres/\d+)"', page.text)
    profile = text_of(await claire.get(profile_url))
    assert "Amina Benali" in profile and "Ses messages du Coup de pouce" in profile
    assert "Je cherche une graphiste pour mon logo" in profile
    assert "amina@exemple.fr" not in profile  # no e-mail address on profiles


async def test_thanked_and_accepted_answers_are_her_useful_answers(member_client, db):
    amina = await member_client("amina@exemple.fr")
    claire = await member_client("claire@exemple.fr", name="Claire Martin")
    thanked_post = await publish(amina, title="Un besoin où Claire est remerciée")
    solved_post = await publish(amina, title="Un besoin que Claire résout")
    plain_post = await publish(amina, title="Un besoin où Claire répond sans plus")
    thanked = await answer(claire, thanked_post, "Une réponse remerciée.")
    solved = await answer(claire, solved_post, "Une réponse qui résout.")
    await answer(claire, plain_post, "Une réponse sans suite.")
    await submit(amina, f"/coup-de-pouce/{thanked_post}", f"/coup-de-pouce/reponses/{thanked}/merci")
    await submit(amina, f"/coup-de-pouce/{solved_post}", f"/coup-de-pouce/reponses/{solved}/resolu")
    page = await claire.get(f"/coup-de-pouce/{plain_post}")
    claire_url = first_group(r'href="(/membres/\d+)">Claire Martin', page.text)
    profile = text_of(await amina.get(claire_url))
    useful = profile.split("Ses réponses utiles")[1].split("Ses messages du Coup de pouce")[0]
    assert "Un besoin où Claire est remerciée" in useful and "Remerciée" in useful
    assert "Un besoin que Claire résout" in useful and "Solution retenue" in useful
    assert "Un besoin où Claire répond sans plus" not in useful


async def test_export_holds_posts_answers_and_follows(member_client):
    amina = await member_client("amina@exemple.fr")
    claire = await member_client("claire@exemple.fr")
    post_id = await publish(amina, title="Une question de trésorerie")
    await answer(amina, await publish(claire, title="Un besoin de Claire ici"), "Ma réponse à Claire.")
    await submit(amina, "/compte", "/coup-de-pouce/preferences")
    data = json.loads((await amina.get("/compte/donnees.json")).text)["coup_de_pouce"]
    assert [p["titre"] for p in data["messages"]] == ["Une question de trésorerie"]
    assert [a["texte"] for a in data["reponses"]] == ["Ma réponse à Claire."]
    assert post_id in data["messages_suivis"]
    assert data["recapitulatif_par_email"] is False  # the form was sent without the box ticked


async def test_deleting_the_account_keeps_posts_as_membre_supprimee(member_client, db):
    amina = await member_client("amina@exemple.fr")
    claire = await member_client("claire@exemple.fr")
    post_id = await publish(amina, title="Un message qui restera utile")
    await answer(claire, post_id)
    deleted = await submit(
        amina, "/compte", "/compte/supprimer", confirm_password=PASSWORD, posts="anonymise"
    )
    assert deleted.status_code == 200
    page = text_of(await claire.get(f"/coup-de-pouce/{post_id}"))
    assert "Un message qui restera utile" in page and "membre supprimée" in page
    assert "Initiative France" in page  # Claire's answer is still there


async def test_deleting_the_account_with_its_posts(member_client, db):
    amina = await member_client("amina@exemple.fr")
    claire = await member_client("claire@exemple.fr")
    mine = await publish(amina, title="Un message à effacer avec moi")
    theirs = await publish(claire, title="Le besoin de Claire reste")
    answer_id = await answer(amina, theirs, "Ma réponse disparaîtra.")
    await submit(claire, f"/coup-de-pouce/{theirs}", f"/coup-de-pouce/reponses/{answer_id}/resolu")
    deleted = await submit(amina, "/compte", "/compte/supprimer", confirm_password=PASSWORD, posts="delete")
    assert deleted.status_code == 200
    assert (await claire.get(f"/coup-de-pouce/{mine}")).status_code == 404
    page = text_of(await claire.get(f"/coup-de-pouce/{theirs}"))
    assert "Ma réponse disparaîtra." not in page and "Pas encore de réponse" in page and "Résolu" not in page
    async with db.session() as session:
        assert await session.scalar(select(func.count()).select_from(Answer)) == 0
        assert await session.scalar(select(Post.answer_count).where(Post.id == theirs)) == 0
