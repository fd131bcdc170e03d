"""Loading and rendering the sample course: structure, facts, callouts, links, glossary, sanitising."""

from __future__ import annotations

from pathlib import Path

from courses.facts import load_facts
from courses.lesson_file import parse_document
from courses.markdown import RenderContext, make_markdown, slugify, video_embed_problem

from .conftest import SAMPLE


def render(source: str, facts=None) -> tuple[str, list]:
    ctx = RenderContext(facts or {})
    doc = parse_document(make_markdown(), Path("x.md"), source, ctx)
    return doc.html, ctx.problems


def test_structure_follows_numbers(sample_course):
    c = sample_course
    assert (c.title, c.duration, c.pass_mark, c.audience) == (
        "Cours d'exemple",
        45,
        0.7,
        "Porteuses de projet",
    )
    assert [m.slug for m in c.modules] == ["bienvenue", "chiffres"]
    assert [lesson.slug for lesson in c.modules[0].lessons] == ["premiers-pas", "exercices"]
    lesson = c.modules[0].lessons[0]
    assert lesson.objectives[0] == "Comprendre le fonctionnement du cours"
    assert lesson.url == "/mooc/cours-exemple/bienvenue/premiers-pas"
    assert [s.kind for s in lesson.segments] == ["html", "quiz", "quiz", "html"]
    check = c.modules[0].check
    assert (check.pass_mark, check.attempts, check.draw, len(check.quizzes)) == (0.7, 2, 3, 4)
    assert check.url == "/mooc/cours-exemple/bienvenue/controle"
    assert c.quiz_places["ex-c1-q1"] == "check:bienvenue"
    assert c.quiz_places["ex-l2-num"] == "bienvenue/exercices"
    assert set(c.calculators) == {
        "ex-l2-pret",
        "ex-prix",
        "ex-ca-cible",
        "ex-seuil",
        "ex-bfr",
        "ex-resultat",
        "ex-financement",
        "ex-tresorerie",
        "ex-pret",
        "ex-are",
    }
    assert c.neighbours(c.lessons()[1]) == (c.lessons()[0], c.lessons()[2])


def test_facts_substitution(sample_course):
    html = sample_course.modules[0].lessons[0].segments[0].html
    assert "77 700 €" in html and "1er janvier 2025" in html and "source : Urssaf" in html
    assert "{{" not in html
    assert sample_course.quizzes["ex-l1-q1"].options[1].html == "77 700 €"


def test_fact_values_feed_calculator_defaults(sample_course):
    assert sample_course.calculators["ex-ca-cible"].defaults == {
        "taux_cotisations": 21.2,
        "plafond_ca": 77700,
        "remuneration_nette": 18000,
    }
    assert sample_course.calculators["ex-are"].defaults == {"taux_arce": 60}
    assert "revenu que vous souhaitez" in sample_course.calculators["ex-ca-cible"].intro_html
    assert sample_course.calculators["ex-resultat"].defaults["chiffre_affaires"] == [60000, 80000, 100000]


def test_facts_file(tmp_path):
    facts, problems = load_facts(SAMPLE / "facts.toml")
    assert not problems
    assert facts["micro_plafond_services"].get("as_of") == "1er janvier 2025"
    assert facts["arce_taux"].get("note").startswith("Pour les contrats")
    bad = tmp_path / "facts.toml"
    bad.write_text("[x]\nvalue = 1\nas_of = 'hier'\nsource = 's'\n[y\n", encoding="utf-8")
    assert load_facts(bad)[1][0].message.startswith("facts file is not valid TOML")


def test_callouts_tables_footnotes_and_anchors(sample_course):
    html = sample_course.modules[0].lessons[0].segments[0].html
    assert '<aside class="callout callout-retenir" role="note" aria-label="À retenir">' in html
    assert '<p class="callout-title">Piège classique</p>' in html
    assert '<p class="callout-title">Exemple</p>' in html
    assert '<th class="align-right">' in html and "style=" not in html
    assert '<h2 id="le-regime-en-bref">' in html
    footnotes = sample_course.modules[0].lessons[0].segments[-1].html
    assert 'class="footnotes"' in footnotes


def test_links_and_images_become_site_urls(sample_course):
    html = sample_course.modules[0].lessons[0].segments[0].html
    assert 'href="/mooc/cours-exemple/glossaire#bfr"' in html
    assert 'href="/mooc/cours-exemple/bienvenue/exercices"' in html
    assert 'src="/mooc/cours-exemple/fichiers/media/schema.svg"' in html


def test_glossary(sample_course):
    assert [(t.slug, t.term) for t in sample_course.glossary] == [
        ("bfr", "BFR"),
        ("ca", "Chiffre d'affaires"),
        ("seuil", "Seuil de rentabilité"),
    ]
    assert '<h2 id="bfr">BFR</h2>' in sample_course.glossary_html


def test_raw_html_is_dropped_except_captioned_video():
    html, problems = render(
        "Texte <b onclick='x()'>gras</b>\n\n<script>alert(1)</script>\n\n"
        "<iframe src='https://evil.example'></iframe>\n"
    )
    assert "<script" not in html and "<iframe" not in html and "onclick" not in html
    assert len(problems) == 3
    video = (
        '<video controls src="media/a.mp4">\n<track kind="captions" src="media/a.vtt" srclang="fr">\n'
        "</video>\n"
    )
    html, problems = render(video)
    assert problems == [] and "<track" in html
    _, problems = render(video.replace("media/a.mp4", "https://v.example/a.mp4"))
    assert "course folder" in problems[0][1]
    assert video_embed_problem('<video controls src="a.mp4"></video>').startswith(
        "a <video> embed needs a <track"
    )
    assert "controls" in video_embed_problem('<video src="a.mp4"><track kind="captions" src="a.vtt"></video>')


def test_sanitiser_holds_against_markdown_tricks():
    html, _ = render("[clic](javascript:alert(1)) ![x](javascript:alert(2)) <https://ok.example>\n")
    # markdown-it refuses the links (they stay text) and nh3 would strip the scheme anyway.
    assert 'href="javascript' not in html and 'src="javascript' not in html
    assert 'href="https://ok.example"' in html


def test_slugify():
    assert slugify("Besoin en fonds de roulement (BFR) !") == "besoin-en-fonds-de-roulement-bfr"
    assert slugify("Étape n° 2 : l'ACRE") == "etape-n-2-l-acre"


def test_callout_custom_title_is_escaped():
    html, _ = render("::: attention <b>x</b>\nTexte\n:::\n")
    assert "<b>" not in html and "&lt;b&gt;" in html
