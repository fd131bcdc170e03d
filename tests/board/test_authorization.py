"""Authorization matrix: every board route × who is asking (anonymous, author, other members, moderators).

Statuses are what the browser gets: 303 (done, or sent to the login page), 200, 403 (visible but not hers
to change), 404 (not hers to see: hidden or for another coordination).
"""

from __future__ import annotations

import httpx
import pytest

from tests.board.conftest import answer, publish
from tests.helpers import TOKEN_RE, submit

ACTORS = ("anonyme", "amina", "claire", "nadia", "coordinatrice", "admin")


@pytest.fixture
async def world(app, member_client):
    clients = {
        "amina": await member_client("amina@exemple.fr", coordination="Bretagne"),  # author of the posts
        "claire": await member_client(
            "claire@exemple.fr", coordination="Bretagne"
        ),  # answers; same coordination
        "nadia": await member_client("nadia@exemple.fr", coordination="Occitanie"),  # another coordination
        "coordinatrice": await member_client(
            "coord@exemple.fr", roles={"coordinatrice"}, coordination="Occitanie"
        ),
        "admin": await member_client("admin@exemple.fr", roles={"admin"}, coordination=None),
    }
    anonymous = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, client=("127.0.0.1", 52001)), base_url="http://testserver"
    )
    clients["anonyme"] = anonymous
    ids = {
        "P": await publish(clients["amina"], title="Un message pour tout le réseau"),
        "L": await publish(clients["amina"], title="Un message pour la Bretagne", scope="locale"),
        "H": await publish(clients["amina"], title="Un message bientôt masqué"),
    }
    ids["A"] = await answer(clients["claire"], ids["P"], "Une réponse de Claire.")
    hide = await submit(
        clients["coordinatrice"],
        f"/coup-de-pouce/{ids['H']}",
        f"/coup-de-pouce/{ids['H']}/moderer",
        op="masquer",
    )
    assert hide.status_code == 303
    reported = await submit(
        clients["nadia"],
        f"/coup-de-pouce/{ids['P']}",
        f"/coup-de-pouce/{ids['P']}/signaler",
        reason="Hors sujet",
    )
    assert reported.status_code == 303
    from sqlalchemy import select

    from learning.board.models import Report
    from learning.models import Member

    async with app.state.db.session() as session:
        ids["R"] = await session.scalar(select(Report.id))
        ids["M"] = await session.scalar(select(Member.id).where(Member.email == "amina@exemple.fr"))
    yield clients, ids
    await anonymous.aclose()


# (method, path, form, {actor: status}); actors not listed expect `default`.
POST_FORM = {
    "kind": "question",
    "title": "Un titre modifié assez long",
    "body": "Texte modifié.",
    "scope": "reseau",
    "op": "publier",
}
MATRIX = [
    ("GET", "/coup-de-pouce", {}, {"anonyme": 303}, 200),
    ("GET", "/coup-de-pouce/nouveau", {}, {"anonyme": 303}, 200),
    ("GET", "/coup-de-pouce/notifications", {}, {"anonyme": 303}, 200),
    ("POST", "/coup-de-pouce/notifications/lues", {}, {"anonyme": 303}, 303),
    ("POST", "/coup-de-pouce/nouveau", {**POST_FORM, "op": "apercu"}, {"anonyme": 303}, 200),
    ("POST", "/coup-de-pouce/apercu", {"body": "**gras**"}, {"anonyme": 303}, 200),
    ("GET", "/coup-de-pouce/{P}", {}, {"anonyme": 303}, 200),
    ("GET", "/coup-de-pouce/{L}", {}, {"anonyme": 303, "nadia": 404}, 200),
    ("GET", "/coup-de-pouce/{H}", {}, {"anonyme": 303, "claire": 404, "nadia": 404}, 200),
    ("GET", "/coup-de-pouce/{P}/modifier", {}, {"anonyme": 303, "amina": 200}, 403),
    ("GET", "/coup-de-pouce/{H}/modifier", {}, {"anonyme": 303, "claire": 404, "nadia": 404}, 403),
    ("GET", "/coup-de-pouce/{L}/modifier", {}, {"anonyme": 303, "amina": 200, "nadia": 404}, 403),
    ("POST", "/coup-de-pouce/{P}/modifier", POST_FORM, {"anonyme": 303, "amina": 303}, 403),
    (
        "POST",
        "/coup-de-pouce/{H}/repondre",
        {"body": "x", "op": "publier"},
        {"anonyme": 303, "claire": 404, "nadia": 404},
        403,
    ),
    (
        "POST",
        "/coup-de-pouce/{L}/repondre",
        {"body": "Réponse bretonne", "op": "apercu"},
        {"anonyme": 303, "nadia": 404},
        200,
    ),
    (
        "POST",
        "/coup-de-pouce/{H}/signaler",
        {"reason": "x"},
        {"anonyme": 303, "claire": 404, "nadia": 404},
        303,
    ),
    (
        "POST",
        "/coup-de-pouce/{H}/suivre",
        {"follow": "1"},
        {"anonyme": 303, "claire": 404, "nadia": 404},
        303,
    ),
    ("POST", "/coup-de-pouce/reponses/{A}/signaler", {"reason": "Hors sujet"}, {"anonyme": 303}, 303),
    ("GET", "/coup-de-pouce/reponses/{A}/modifier", {}, {"anonyme": 303, "claire": 200}, 403),
    (
        "POST",
        "/coup-de-pouce/reponses/{A}/modifier",
        {"body": "Réponse revue.", "op": "enregistrer"},
        {"anonyme": 303, "claire": 303},
        403,
    ),
    ("POST", "/coup-de-pouce/reponses/{A}/merci", {}, {"anonyme": 303, "claire": 403}, 303),
    ("POST", "/coup-de-pouce/reponses/{A}/resolu", {}, {"anonyme": 303, "amina": 303}, 403),
    ("GET", "/coup-de-pouce/moderation", {}, {"anonyme": 303, "coordinatrice": 200, "admin": 200}, 403),
    (
        "POST",
        "/coup-de-pouce/{P}/moderer",
        {"op": "verrouiller"},
        {"anonyme": 303, "coordinatrice": 303, "admin": 303},
        403,
    ),
    (
        "POST",
        "/coup-de-pouce/{P}/moderer",
        {"op": "deverrouiller"},
        {"anonyme": 303, "coordinatrice": 303, "admin": 303},
        403,
    ),
    (
        "POST",
        "/coup-de-pouce/reponses/{A}/moderer",
        {"op": "retablir"},
        {"anonyme": 303, "coordinatrice": 303, "admin": 303},
        403,
    ),
    (
        "POST",
        "/coup-de-pouce/signalements/{R}/classer",
        {},
        {"anonyme": 303, "coordinatrice": 303, "admin": 303},
        403,
    ),
    ("GET", "/membres/{M}", {}, {"anonyme": 303}, 200),
    ("POST", "/coup-de-pouce/preferences", {"digest": "1"}, {"anonyme": 303}, 303),
    # Destructive rows last; within a row, whoever is allowed acts after everyone else has tried.
    ("POST", "/coup-de-pouce/reponses/{A}/supprimer", {}, {"anonyme": 303, "claire": 303}, 403),
    ("POST", "/coup-de-pouce/{L}/supprimer", {}, {"anonyme": 303, "amina": 303, "nadia": 404}, 403),
]


async def _token(client: httpx.AsyncClient, actor: str) -> str:
    page = await client.get("/connexion" if actor == "anonyme" else "/coup-de-pouce")
    match = TOKEN_RE.search(page.text)
    assert match is not None, f"no CSRF token for {actor}"
    return match.group(1)


async def test_authorization_matrix(world):
    clients, ids = world
    tokens = {actor: await _token(clients[actor], actor) for actor in ACTORS}
    failures = []
    for method, template, form, special, default in MATRIX:
        path = template.format(**ids)
        for actor in sorted(ACTORS, key=lambda a: special.get(a, default) == 303):
            client = clients[actor]
            if method == "GET":
                response = await client.get(path)
            else:
                response = await client.post(path, data={"csrf_token": tokens[actor], **form})
            expected = special.get(actor, default)
            if response.status_code != expected:
                failures.append(
                    f"{actor:14} {method} {template} {form.get('op', '')}: "
                    f"{response.status_code} (attendu {expected})"
                )
            if actor == "anonyme":
                assert response.headers.get("location", "").startswith("/connexion")
    assert failures == [], "\n".join(failures)


async def test_hidden_and_out_of_audience_posts_never_leak(world):
    clients, ids = world
    for actor in ("claire", "nadia"):
        board = (await clients[actor].get("/coup-de-pouce")).text
        assert "Un message bientôt masqué" not in board
        found = (await clients[actor].get("/coup-de-pouce", params={"q": "masqué"})).text
        assert "bientôt" not in found
        profile = (await clients[actor].get(f"/membres/{ids['M']}")).text
        assert "Un message bientôt masqué" not in profile
    assert "Un message pour la Bretagne" not in (await clients["nadia"].get("/coup-de-pouce")).text
    assert "Un message pour la Bretagne" in (await clients["claire"].get("/coup-de-pouce")).text
    # Moderators see hidden posts, marked as such; so does the author.
    for actor in ("coordinatrice", "amina"):
        page = await clients[actor].get(f"/coup-de-pouce/{ids['H']}")
        assert "Masqué par la modération" in page.text
