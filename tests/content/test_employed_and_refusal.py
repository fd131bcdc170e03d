"""The second edition's lessons on creating while employed (module 3) and on a bank refusal (module 5), and the
figures they and the prêt d'honneur lesson state: each one is recomputed from the facts file, so that a fact
revised at the yearly review cannot leave a persona's story or a question wrong without a failing test."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from .helpers import fr, run, source

EMPLOYED = "03-aides-creation/05-creer-en-restant-salariee.md"
REFUSAL = "05-trouver-financements/04-apres-refus-bancaire.md"


def flat(path: str) -> str:
    return " ".join(source(path).split())


def test_the_new_lessons_sit_where_they_belong(course):
    aids = [lesson.slug for lesson in course.module("aides-creation").lessons]
    assert aids[-1] == "creer-en-restant-salariee"
    money = [lesson.slug for lesson in course.module("trouver-financements").lessons]
    assert money.index("apres-refus-bancaire") == money.index("banque-garanties") + 1
    assert [lesson.number for lesson in course.module("trouver-financements").lessons] == list(range(1, 8))


def test_maud_and_louise_meet_the_leave_conditions(facts):
    """Maud (temps partiel) and Louise (quiz) ask in time, with enough seniority, and Louise's employer has let
    the answer period run out; in a firm of 80, Maud's employer could refuse only by showing harm."""
    seniority_months = facts["conge_creation_anciennete"].value
    notice_months = facts["conge_creation_prevenance"].value
    answer_days = facts["conge_creation_reponse"].value
    text = flat(EMPLOYED)
    assert "commerciale depuis quatre ans dans une entreprise de 80 personnes" in text
    assert 4 * 12 >= seniority_months and 80 < facts["conge_creation_seuil_refus"].value
    assert "trois mois avant la date voulue" in text and 3 >= notice_months
    assert "au bout de trois semaines" in text and 21 <= answer_days
    # Louise: three years in a firm of 40, asks on 1 March for 15 May; no answer on 20 April.
    assert "salariée depuis trois ans" in text and 3 * 12 >= seniority_months
    asked, leaves, today = dt.date(2027, 3, 1), dt.date(2027, 5, 15), dt.date(2027, 4, 20)
    assert leaves >= asked.replace(month=asked.month + notice_months)
    assert (today - asked).days > answer_days


def test_claire_and_julie_fit_the_rules_they_illustrate(facts):
    # Claire: more than five years in CDI, so the 1 300 days in 60 months; Julie: six years of seniority.
    assert facts["demission_reconversion_jours"].value == 5 * 52 * 5
    assert "depuis plus de cinq ans, aurait rempli la condition d'activité" in flat(EMPLOYED)
    assert "depuis six ans" in flat("03-aides-creation/check.md")
    assert 6 * 12 >= facts["conge_creation_anciennete"].value


def test_claires_refusal_story_matches_her_financing():
    """Her second bank lends 20 000 € once the prêt d'honneur has raised her 6 000 € of savings: the figures of
    the prêt d'honneur lesson."""
    refusal, honour = flat(REFUSAL), flat("05-trouver-financements/02-prets-honneur.md")
    assert "lui a prêté 20 000 €" in refusal and "prêter 20 000 €" in honour
    assert "un apport de 6 000 €" in refusal and "ses 6 000 € d'épargne" in honour
    assert f"porté son apport à {fr(6000 + 8000)} €" in refusal
    assert "**8 000 €** de prêt d'honneur" in honour and f"atteint {fr(6000 + 8000)} €" in honour


def test_initiative_france_average_is_the_2023_total_over_the_projects(facts):
    note = facts["ph_initiative_moyenne"].note + facts["ph_initiative_moyenne"].source
    total = int(re.search(r"(\d+) M€", note).group(1)) * 1_000_000
    projects = facts["ph_initiative_projets"].value
    assert f"{projects // 1000} {projects % 1000:03d}" in note
    assert facts["ph_initiative_moyenne"].value == round(total / projects, -2)
    assert facts["ph_initiative_moyenne"].as_of == facts["ph_initiative_projets"].as_of


def test_aminas_are_is_under_the_csg_threshold_and_her_arce_is_not(course, facts):
    """The ARE lesson says CSG and CRDS would take nothing from Amina's ARE and the full rate from her ARCE."""
    defaults = course.calculators["m3-l2-calc"].defaults
    assert defaults["seuil_csg_are"] == facts["are_seuil_csg"].value
    assert defaults["seuil_retraite_are"] == pytest.approx(facts["are_seuil_retraite"].value)
    untaxed = run("are_arce", defaults)
    taxed = run("are_arce", defaults, csg_crds=facts["are_taux_csg_crds"].value)
    assert untaxed.value("are_journaliere_nette") == pytest.approx(37.90)
    assert taxed.value("are_journaliere_nette") == pytest.approx(37.90)
    assert taxed.value("arce_total") == pytest.approx(
        untaxed.value("arce_total") * (1 - facts["are_taux_csg_crds"].value / 100)
    )
    assert "ses 37,90 € d'ARE journalière sont sous le seuil" in flat("03-aides-creation/02-are-ou-arce.md")
    assert facts["are_taux_csg_crds"].value == pytest.approx(round((6.2 + 0.5) * 0.9825, 2))
