"""Reports, and coordinatrices hiding, restoring and locking posts and answers."""

from __future__ import annotations

from tests.board.conftest import answer, publish
from tests.helpers import submit, text_of


async def test_report_then_hide_then_restore_a_post(member_client):
    amina = await member_client("amina@exemple.fr")
    claire = await member_client("claire@exemple.fr")
    coord = await member_client("nadia@exemple.fr", roles={"coordinatrice"}, coordination="Occitanie")
    post_id = await publish(amina, title="Achetez mes produits miracles !")

    empty = await submit(
        claire, f"/coup-de-pouce/{post_id}", f"/coup-de-pouce/{post_id}/signaler", reason=" "
    )
    assert empty.status_code == 400 and "Dites en quelques mots" in text_of(empty)
    reported = await submit(
        claire,
        f"/coup-de-pouce/{post_id}",
        f"/coup-de-pouce/{post_id}/signaler",
        reason="Publicité, pas une demande d'aide",
    )
    assert reported.status_code == 303
    assert "le signalement est transmis" in text_of(await claire.get(reported.headers["location"]))

    queue = text_of(await coord.get("/coup-de-pouce/moderation"))
    assert "Signalements ouverts (1)" in queue and "Publicité, pas une demande d'aide" in queue

    hidden = await submit(
        coord,
        "/coup-de-pouce/moderation",
        f"/coup-de-pouce/{post_id}/moderer?depuis=moderation",
        op="masquer",
    )
    assert hidden.headers["location"] == "/coup-de-pouce/moderation"
    queue = text_of(await coord.get("/coup-de-pouce/moderation"))
    assert (
        "Signalements ouverts (0)" in queue and "Achetez mes produits miracles !" in queue
    )  # under « masqués »
    assert (await claire.get(f"/coup-de-pouce/{post_id}")).status_code == 404
    assert "Achetez mes produits" not in text_of(await claire.get("/coup-de-pouce"))
    assert "masqué par la modération" in text_of(await amina.get(f"/coup-de-pouce/{post_id}"))

    await submit(coord, "/coup-de-pouce/moderation", f"/coup-de-pouce/{post_id}/moderer", op="retablir")
    assert (await claire.get(f"/coup-de-pouce/{post_id}")).status_code == 200


async def test_locked_post_takes_no_more_answers(member_client):
    amina = await member_client("amina@exemple.fr")
    claire = await member_client("claire@exemple.fr")
    admin = await member_client("helene@exemple.fr", roles={"admin"})
    post_id = await publish(amina)
    await answer(claire, post_id)
    locked = await submit(
        admin, f"/coup-de-pouce/{post_id}", f"/coup-de-pouce/{post_id}/moderer", op="verrouiller"
    )
    assert locked.status_code == 303
    page = text_of(await claire.get(f"/coup-de-pouce/{post_id}"))
    assert "verrouillé : on ne peut plus y répondre" in page and "Publier ma réponse" not in page
    refused = await submit(
        claire,
        f"/coup-de-pouce/{post_id}",
        f"/coup-de-pouce/{post_id}/repondre",
        body="Encore une idée",
        op="publier",
    )
    assert refused.status_code == 403 and "verrouillé" in text_of(refused)
    assert (await amina.get(f"/coup-de-pouce/{post_id}/modifier")).status_code == 403


async def test_hidden_answer_disappears_and_the_post_counts_as_unanswered(member_client):
    amina = await member_client("amina@exemple.fr")
    claire = await member_client("claire@exemple.fr")
    coord = await member_client("nadia@exemple.fr", roles={"coordinatrice"})
    post_id = await publish(amina, title="Besoin d'un avis sur mes statuts")
    answer_id = await answer(claire, post_id, "Un message insultant.")
    await submit(
        amina,
        f"/coup-de-pouce/{post_id}",
        f"/coup-de-pouce/reponses/{answer_id}/signaler",
        reason="Insultant",
    )
    await submit(
        coord, f"/coup-de-pouce/{post_id}", f"/coup-de-pouce/reponses/{answer_id}/moderer", op="masquer"
    )
    page = text_of(await amina.get(f"/coup-de-pouce/{post_id}"))
    assert "Un message insultant." not in page and "Pas encore de réponse" in page
    assert "Besoin d'un avis sur mes statuts" in text_of(await amina.get("/coup-de-pouce?vue=sans-reponse"))
    # Its author still sees it, marked hidden; the moderation queue is empty again.
    assert "Réponse masquée par la modération." in text_of(await claire.get(f"/coup-de-pouce/{post_id}"))
    assert "Signalements ouverts (0)" in text_of(await coord.get("/coup-de-pouce/moderation"))


async def test_unknown_moderation_action_is_a_french_400(member_client):
    coord = await member_client("nadia@exemple.fr", roles={"coordinatrice"})
    amina = await member_client("amina@exemple.fr")
    post_id = await publish(amina)
    response = await submit(
        coord, f"/coup-de-pouce/{post_id}", f"/coup-de-pouce/{post_id}/moderer", op="effacer"
    )
    assert response.status_code == 400 and "Action de modération inconnue" in text_of(response)
