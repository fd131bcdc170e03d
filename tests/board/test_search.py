"""Full-text search on the board (FTS5 on SQLite, French text search on PostgreSQL), with hostile input."""

from __future__ import annotations

import html
import re

import httpx
from hypothesis import given
from hypothesis import strategies as st

from tests.board.conftest import publish
from tests.helpers import text_of


def plain(response: httpx.Response) -> str:
    """The page's text as read on screen (tags such as <mark> removed)."""
    return html.unescape(re.sub(r"<[^>]+>", "", response.text))


HOSTILE = [
    '"',
    '""',
    "'",
    "OR",
    "AND NOT",
    "*",
    "NEAR(",
    "-",
    "banque OR",
    '"banque',
    "title:banque",
    "^banque",
    "((banque",
    "banque)",
    "l'",
    "\x00banque",
    "a" * 500,
    "é" * 500,
    "<script>alert(1)</script>",
    "%",
    "_",
    "banque AND",
    "NOT",
    "{banque}",
    "banque:*",
    "!!!",
    "\\",
    "🙂 banque",
    " ",
    "",
]


async def test_search_finds_highlights_and_escapes(member_client):
    amina = await member_client("amina@exemple.fr")
    await publish(
        amina,
        title="Quelle banque pour mon prêt d'honneur ?",
        body="Je cherche une banque qui connaît la création d'entreprise.",
    )
    await publish(
        amina,
        title="<b>Comptable</b> & expert pour une SAS",
        body="Qui connaît un comptable à Rennes ?",
        kind="question",
    )
    await publish(amina, title="Un local commercial à Brest", body="Je cherche un local pour ma boutique.")

    response = await amina.get("/coup-de-pouce", params={"q": "banque"})
    assert response.status_code == 200
    body = plain(response)
    assert "Quelle banque pour mon prêt d'honneur ?" in body
    assert "Un local commercial" not in body
    assert "<mark>banque</mark>" in response.text
    # One result: no talk of « 200 résultats », nor of an order among one.
    assert "200" not in body and "pertinents" not in body

    response = await amina.get("/coup-de-pouce", params={"q": "comptable"})
    assert "<mark>Comptable</mark>" in response.text
    # The member's markup in a title comes back escaped around the highlight, never as a tag.
    assert "&lt;b&gt;<mark>Comptable</mark>&lt;/b&gt;" in response.text
    assert "<b>" not in response.text

    nothing = await amina.get("/coup-de-pouce", params={"q": "introuvablemot"})
    assert "Aucun message ne correspond à votre recherche." in text_of(nothing)


async def test_hostile_search_input_never_breaks_the_page(member_client):
    amina = await member_client("amina@exemple.fr")
    await publish(amina, title="Quelle banque pour mon prêt d'honneur ?")
    for query in HOSTILE:
        response = await amina.get("/coup-de-pouce", params={"q": query})
        assert response.status_code == 200, query
        assert "<script>alert" not in response.text
    # Only punctuation: told so in French rather than shown every post.
    assert "aucun mot à chercher" in text_of(await amina.get("/coup-de-pouce", params={"q": '"*()'}))


async def test_search_respects_visibility_and_filters(member_client):
    amina = await member_client("amina@exemple.fr", coordination="Bretagne")
    nadia = await member_client("nadia@exemple.fr", coordination="Occitanie")
    await publish(
        amina, title="Marché de Noël à Rennes : qui expose ?", scope="locale", themes=("commercial",)
    )
    await publish(amina, title="Marché des créatrices en ligne", scope="reseau", themes=("numerique",))
    found = plain(await nadia.get("/coup-de-pouce", params={"q": "marché"}))
    assert "Marché des créatrices en ligne" in found
    assert "Marché de Noël à Rennes" not in found  # local to Bretagne
    assert "Marché de Noël à Rennes" in plain(await amina.get("/coup-de-pouce", params={"q": "marché"}))
    by_theme = plain(await amina.get("/coup-de-pouce", params={"q": "marché", "theme": "numerique"}))
    assert "Marché des créatrices" in by_theme and "Marché de Noël" not in by_theme
    local = text_of(await amina.get("/coup-de-pouce", params={"portee": "locale"}))
    assert "Marché de Noël" in local
    network = text_of(await amina.get("/coup-de-pouce", params={"portee": "reseau"}))
    assert "Marché de Noël" not in network and "Marché des créatrices" in network


async def test_bad_filters_and_pages_fall_back_quietly(member_client):
    amina = await member_client("amina@exemple.fr")
    await publish(amina)
    for params in (
        {"page": "abc"},
        {"page": "-4"},
        {"page": "99999999999999999999"},
        {"theme": "<x>"},
        {"vue": "tout"},
        {"portee": "'"},
        {"type": "x"},
    ):
        response = await amina.get("/coup-de-pouce", params=params)
        assert response.status_code == 200, params


async def test_all_results_newest_first(member_client):
    amina = await member_client("amina@exemple.fr")
    await publish(amina, title="Une première question de trésorerie")
    await publish(amina, title="Une seconde question de trésorerie")
    response = await amina.get("/coup-de-pouce", params={"q": "trésorerie", "tri": "date"})
    body = plain(response)
    assert "Du plus récent au plus ancien." in body
    assert body.index("Une seconde question") < body.index("Une première question")
    relevance = plain(await amina.get("/coup-de-pouce", params={"q": "trésorerie"}))
    assert "Les plus pertinents d'abord. Trier du plus récent au plus ancien" in relevance


def test_sqlite_highlights_fold_accents_like_fts5_and_escape_everything_else():
    from learning.board.search import highlight, mark_terms, terms_of

    marked = highlight(
        mark_terms("Les CRÈCHES <b>et</b> le prêt, prétendre, apprêt", terms_of("creche pret"))
    )
    assert str(marked) == (
        "Les <mark>CRÈCHES</mark> &lt;b&gt;et&lt;/b&gt; le <mark>prêt</mark>, <mark>prétendre</mark>, apprêt"
    )
    excerpt = mark_terms(
        " ".join(f"mot{i}" for i in range(80)) + " crèche", terms_of("crèche"), excerpt_words=10
    )
    assert excerpt.startswith("…") and "\x01crèche\x02" in excerpt


@given(text=st.text(max_size=300), query=st.text(max_size=60))
def test_highlights_never_let_markup_through(text, query):
    from learning.board.search import highlight, mark_terms, terms_of

    html_ = str(
        highlight(mark_terms(text.replace("\x01", "").replace("\x02", ""), terms_of(query), excerpt_words=12))
    )
    assert re.sub(r"</?mark>", "", html_).count("<") == 0
