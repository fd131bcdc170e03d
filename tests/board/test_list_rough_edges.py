"""The board's list says what it does: excerpts read as text, and the order agrees with its label."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import update

from learning.board.models import Post
from learning.db import utcnow
from learning.i18n import short_date_fr
from tests.board.conftest import answer, publish
from tests.helpers import words_of


async def test_search_excerpts_show_text_not_markdown(member_client):
    amina = await member_client("amina@exemple.fr")
    await publish(
        amina,
        title="Une salle pour mon atelier",
        body="Je cherche une **salle** pour un [atelier couture](https://exemple.fr/couture) en *mars*, "
        "avec `wifi`.\n\n- au calme\n- près de la gare",
    )
    response = await amina.get("/coup-de-pouce", params={"q": "salle"})
    excerpt = response.text.split('class="board-excerpt">')[1].split("</p>")[0]
    assert "<mark>salle</mark>" in excerpt
    for markdown in ("**", "](", "`", "- au calme", "*mars*"):
        assert markdown not in excerpt
    assert "atelier couture" in excerpt


async def test_the_list_is_labelled_by_activity_and_cards_say_when(member_client, db):
    amina = await member_client("amina@exemple.fr")
    claire = await member_client("claire@exemple.fr")
    old = await publish(amina, title="Un ancien besoin, relancé aujourd'hui")
    await publish(amina, title="Un besoin d'hier, sans réponse")
    five_days_ago = utcnow() - timedelta(days=5)
    async with db.session() as session:
        await session.execute(
            update(Post)
            .where(Post.id == old)
            .values(created_at=five_days_ago, last_activity_at=five_days_ago)
        )
        await session.commit()
    await answer(claire, old)  # its last activity is now
    page = words_of(await amina.get("/coup-de-pouce"))
    assert "Activité récente" in page and "Les plus récents" not in page
    # First in the list, the answered post says both its date and its last activity's.
    first = page.split("Un ancien besoin, relancé aujourd'hui")[1]
    assert first.index("Un besoin d'hier") > first.index("dernière activité le")
    assert f"{short_date_fr(five_days_ago)} · dernière activité le {short_date_fr(utcnow())}" in page
    assert page.index("Un ancien besoin") < page.index("Un besoin d'hier")


async def test_answer_counts_on_a_profile_are_real_plurals(member_client):
    amina = await member_client("amina@exemple.fr")
    claire = await member_client("claire@exemple.fr")
    one = await publish(amina, title="Un besoin à une réponse")
    two = await publish(amina, title="Un besoin à deux réponses")
    await answer(claire, one)
    await answer(claire, two)
    await answer(claire, two, body="Et une seconde idée : la BPI.")
    account = (await amina.get("/compte/adhesion")).text  # « Voir mon profil » gives her profile's address
    member_id = re.search(r'href="/membres/(\d+)"', account)
    assert member_id is not None
    page = words_of(await amina.get(f"/membres/{member_id.group(1)}"))
    assert "Un besoin à une réponse" in page
    assert "1 réponse" in page and "2 réponses" in page and "réponse(s)" not in page
