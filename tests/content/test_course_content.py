"""The course « Financer et créer son entreprise » as content: the lint is clean, the structure follows the
issue (8 modules + the capstone, lessons of 6 to 12 minutes, a « À retenir » box, 1 to 3 formative questions
with feedback on every answer, graded checks of 8 to 10 questions, a final check of 20), the facts are dated
and sourced, and every worked example is recomputed from the calculator functions of courses/calculators.

How worked examples are tied to their formula: each example below names the lesson file, the calculator
container whose author defaults ARE the example's inputs (or explicit inputs for a variant), the outputs the
calculator must give, and the French strings the lesson prints for them. If a formula, a default or a sentence
drifts, the test fails. Where an input is a time-sensitive rate, the container reads it from the facts file
(`taux: {{ fact_id }}`), and the test checks that the default equals the fact's value.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from courses.calculators import KINDS

from .conftest import CONTENT, COURSE_DIR

MODULE_DIRS = [
    "00-bienvenue", "01-projet-modele-economique", "02-statut-juridique", "03-aides-creation",
    "04-previsionnel-financier", "05-trouver-financements", "06-convaincre-financeurs", "07-demarrer-piloter",
    "08-dossier-final",
]


def norm(text: str) -> str:
    """Spaces as a reader sees them: no-break and narrow no-break spaces become plain spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def fr(value: float, decimals: int = 0) -> str:
    """A French number as the lessons write it: 13 700 ; 303,5 ; 377,42."""
    text = f"{value:,.{decimals}f}".replace(",", " ").replace(".", ",")
    return text


def source(path: str) -> str:
    return norm((COURSE_DIR / path).read_text(encoding="utf-8"))


def run(kind: str, base: dict[str, Any] | None = None, **overrides: Any):  # type: ignore[no-untyped-def]
    parsed, result = KINDS[kind].run(overrides, base)
    assert result is not None, parsed.errors
    return result


def row(result, label_start: str) -> tuple:  # type: ignore[no-untyped-def]
    for table in result.tables:
        for label, values in table.rows:
            if label.startswith(label_start):
                return values
    raise KeyError(label_start)


# Lint ------------------------------------------------------------------------------------------------


def test_loader_reports_no_problem(library):
    assert [str(p) for p in library.problems] == []


def test_content_check_command_is_clean():
    done = subprocess.run([sys.executable, "-m", "courses.cli", "content", "check", str(CONTENT)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no problems" in done.stdout + done.stderr


def test_platform_cli_content_check_is_clean():
    entraide = Path(sys.executable).parent / "entraide"
    if not entraide.exists():
        pytest.skip("the entraide console script is not installed in this environment")
    done = subprocess.run([str(entraide), "content", "check", str(CONTENT)], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr


# Structure -------------------------------------------------------------------------------------------


def test_modules_and_capstone(course):
    assert [m.path.name for m in course.modules] == MODULE_DIRS
    assert all(m.check is not None for m in course.modules)
    assert 600 <= course.duration <= 720  # 10 to 12 hours, lessons + checks + work on one's own project
    lessons = course.lessons()
    assert 34 <= len(lessons) <= 42
    minutes = sum(lesson.duration for lesson in lessons)
    assert 330 <= minutes <= course.duration
    assert course.pass_mark == pytest.approx(0.7)


def test_every_lesson_follows_the_pattern(course):
    for lesson in course.lessons():
        text = lesson.path.read_text(encoding="utf-8")
        assert 6 <= lesson.duration <= 12, lesson.path
        assert lesson.objectives and all(len(o) > 10 for o in lesson.objectives), lesson.path
        assert "::: retenir" in text, f"{lesson.path}: no « À retenir » box"
        assert 1 <= len(lesson.quizzes) <= 3, f"{lesson.path}: {len(lesson.quizzes)} questions"
        words = len(re.findall(r"\w+", text))
        assert 450 <= words <= 1500, f"{lesson.path}: {words} words"


def test_no_accidental_nested_list(course):
    """A wrapped line that starts with « + » or « - » silently becomes a nested list: only the decision
    tree of module 2 has one on purpose."""
    for lesson in course.lessons():
        html = "".join(s.html or "" for s in lesson.segments if s.kind == "html")
        nested = re.search(r"<li>((?!</li>).)*<(ul|ol)>", html, re.S)
        assert (nested is not None) == (lesson.path.name == "05-formalites-choix.md"), lesson.path


def test_every_answer_has_feedback(course):
    for quiz in course.quizzes.values():
        if quiz.type in ("single", "multiple"):
            missing = [o.text for o in quiz.options if not o.feedback_html.strip()]
            assert not missing, f"{quiz.id}: no feedback for {missing}"
        if quiz.type == "numeric":
            assert quiz.explanation_html.strip(), f"{quiz.id}: a numeric question explains its calculation"


def test_checks(course):
    for module in course.modules:
        check = module.check
        assert check.pass_mark == pytest.approx(0.7) and check.attempts == 3
        expected = (20, 20) if module.path.name == "08-dossier-final" else (8, 10)
        assert expected[0] <= len(check.quizzes) <= expected[1], module.slug


def test_quiz_ids_say_where_they_live(course):
    for module in course.modules:
        number = int(module.path.name[:2])
        for lesson in module.lessons:
            for quiz_id in lesson.quizzes:
                assert re.fullmatch(rf"m{number}-l{lesson.number}-q\d+", quiz_id), quiz_id
        for quiz in module.check.quizzes:
            assert re.fullmatch(rf"m{number}-check-q\d+", quiz.id), quiz.id


def test_every_module_has_sources(course):
    for module in course.modules:
        text = (module.path / "module.md").read_text(encoding="utf-8")
        assert "## Sources" in text, module.path


def test_calculators_where_the_issue_wants_them(course):
    by_module = {m.path.name: [c.kind for lesson in m.lessons for c in lesson.calculators.values()]
                 for m in course.modules}
    for lesson in course.module("previsionnel-financier").lessons:
        assert lesson.calculators, f"{lesson.path}: module 4 has a calculator in every lesson"
    assert {"seuil_rentabilite", "bfr", "plan_financement", "plan_tresorerie", "compte_resultat",
            "mensualite_pret"} <= set(by_module["04-previsionnel-financier"])
    assert {"prix_marge", "ca_cible_micro"} <= set(by_module["01-projet-modele-economique"])
    assert "are_arce" in by_module["03-aides-creation"]


def test_personas_run_through_the_course(course):
    for name in ("Amina", "Claire", "Sophie"):
        modules = [m.slug for m in course.modules
                   if any(name in p.read_text(encoding="utf-8") for p in m.path.glob("*.md"))]
        assert len(modules) >= 7, (name, modules)
        in_quizzes = [q.id for q in course.quizzes.values() if name in q.stem_html]
        assert len(in_quizzes) >= 3, (name, in_quizzes)


GLOSSARY_TERMS = ("ca-ht-ttc", "charges-fixes", "charges-variables", "marge", "mcv", "seuil-rentabilite", "bfr",
                  "tresorerie", "apport", "fonds-propres", "pret-honneur", "caf", "point-mort", "acre", "arce")


def test_glossary_terms_and_links(course):
    slugs = {term.slug for term in course.glossary}
    assert set(GLOSSARY_TERMS) <= slugs
    linked: set[str] = set()
    for lesson in course.lessons():
        linked |= set(re.findall(r"\]\(\.\./glossaire\.md#([a-z0-9-]+)\)", lesson.path.read_text(encoding="utf-8")))
    assert set(GLOSSARY_TERMS) <= linked, set(GLOSSARY_TERMS) - linked


# Facts -----------------------------------------------------------------------------------------------

CONFLICTS = {  # fact id → the lessons that must say what is certain and where to check
    "micro_plafond_ventes_2026": ["02-statut-juridique/01-entreprise-individuelle-micro.md",
                                  "07-demarrer-piloter/03-seuils-changer-statut.md"],
    "micro_plafond_services_2026": ["02-statut-juridique/01-entreprise-individuelle-micro.md",
                                    "07-demarrer-piloter/03-seuils-changer-statut.md"],
    "acre_exoneration_micro": ["03-aides-creation/01-acre.md"],
    "gef_anciennete": ["03-aides-creation/04-dispositifs-femmes.md"],
}


def test_every_fact_is_dated_and_sourced(facts):
    for fact in facts.values():
        assert fact.as_of is not None and fact.source.strip(), fact.id
        assert fact.display.strip(), fact.id


def test_every_fact_is_used(facts):
    text = "".join(p.read_text(encoding="utf-8") for p in COURSE_DIR.rglob("*.md"))
    used = set(re.findall(r"\{\{\s*([a-z0-9_]+)", text))
    assert set(facts) - used == set()


def test_conflicts_are_flagged_and_explained(facts):
    for fact_id, lessons in CONFLICTS.items():
        assert "[conflit]" in facts[fact_id].note, fact_id
        for path in lessons:
            text = source(path)
            assert "{{ " + fact_id in text, (fact_id, path)
            assert re.search(r"vérifi", text, re.I), path
            assert re.search(r"urssaf\.fr|service-public\.fr|France Active|bpifrance", text, re.I), path


def test_maternity_is_stated_without_figures_and_points_to_the_official_sites():
    """No fact in the facts file covers maternity benefits (the reference leaves the topic to source): the
    course says what is certain, gives no amount or duration, and sends to ameli.fr."""
    mentions = 0
    for path in COURSE_DIR.rglob("*.md"):
        text = norm(path.read_text(encoding="utf-8"))
        paragraphs = [p for p in re.split(r"\n\s*\n", text) if re.search(r"maternit", p, re.I)]
        for paragraph in paragraphs:
            mentions += 1
            assert not re.search(r"\d[\d ,]*\s*(€|%|jours|semaines|mois)", paragraph), (path, paragraph)
        if paragraphs:
            assert "ameli.fr" in text, path
    assert mentions >= 4


# Distinctive time-sensitive figures that must never be typed into the prose of a lesson.
NEVER_HARD_WRITTEN = ("micro_plafond_ventes", "micro_plafond_services", "micro_plafond_ventes_2026",
                      "micro_plafond_services_2026", "micro_cotis_ventes", "micro_cotis_bic_services",
                      "micro_cotis_bnc_ssi", "micro_cotis_bnc_cipav", "vl_taux_bic_services", "vl_taux_bnc",
                      "tva_franchise_ventes", "tva_franchise_ventes_majore", "tva_franchise_services",
                      "tva_franchise_services_majore", "is_seuil_taux_reduit", "acre_taux_micro_bic_services",
                      "pass_2026", "microcredit_plafond", "femmes_revenu_micro", "fgif_plafond_ancien",
                      "starther_levees_nombre")


def prose(text: str) -> str:
    """The lesson without fact references and without quiz or calculator containers."""
    text = re.sub(r"\{\{.*?\}\}", "", text)
    return re.sub(r"^::: (quiz|calculator)\b.*?^:::\s*$", "", text, flags=re.S | re.M)


def test_time_sensitive_figures_come_from_the_facts_file(facts):
    found = []
    for path in COURSE_DIR.rglob("*.md"):
        text = norm(prose(path.read_text(encoding="utf-8")))
        for fact_id in NEVER_HARD_WRITTEN:
            display = norm(facts[fact_id].display)
            if re.search(r"(?<![\d,])" + re.escape(display), text):
                found.append(f"{path.relative_to(COURSE_DIR)}: {display} ({fact_id})")
    assert found == []


# Worked examples -------------------------------------------------------------------------------------


@dataclass
class Example:
    lesson: str  # file under the course folder
    calculator: str  # container id whose defaults are the inputs
    outputs: dict[str, float]  # output name → expected value
    texts: list[str] = field(default_factory=list)  # what the lesson prints
    overrides: dict[str, Any] = field(default_factory=dict)  # a variant discussed in the lesson
    rows: dict[tuple[str, int], float] = field(default_factory=dict)  # (table row label, column) → value
    tolerance: float = 0.5


EXAMPLES = [
    # Module 1, « Se rémunérer » : Amina's target turnover, then with ACRE.
    Example("01-projet-modele-economique/03-se-remunerer.md", "m1-l3-calc",
            {"ca_cible": 32143, "ca_cible_mensuel": 2679, "cotisations": 8229, "versement_liberatoire": 707},
            ["≈ **32 143 € par an**", "environ **2 679 € par mois**", "environ 8 229 € de cotisations",
             "707 € d'impôt", "21 600 ÷ 0,672"]),
    Example("01-projet-modele-economique/03-se-remunerer.md", "m1-l3-calc", {"ca_cible": 29348},
            ["environ **29 348 €**"], overrides={"acre": True}),
    # Module 1, « Fixer son prix » : Claire's pullover.
    Example("01-projet-modele-economique/04-fixer-son-prix.md", "m1-l4-calc",
            {"prix_vente_ttc": 60, "marge_ht": 30, "taux_marge": 1.5, "taux_marque": 0.6, "coefficient": 3},
            ["Marge : 50 − 20 = **30 €**", "30 ÷ 20 = **150 %**", "30 ÷ 50 = **60 %**", "60 ÷ 20 = **3**"],
            tolerance=0.001),
    # Module 3 : Amina, ARE or ARCE, over 24 months: the cap on the ARE cumulated with her income (60 % of
    # 480 days) is reached at the end of month 16; then over her first year.
    Example("03-aides-creation/02-are-ou-arce.md", "m3-l2-calc",
            {"arce_total": 11174.4, "arce_versement": 5587.2, "are_jours_mois": 18, "are_mois": 720,
             "plafond_cumul": 11520, "mois_plafond": 16, "total_are": 11520, "droits_restants": 192},
            ["**11 174 €**", "deux fois 5 587 €", "**18 jours**", "**720 €**", "**11 520 €**", "**mois 16**",
             "**192 jours**", "11 520 € contre 11 174 €"]),
    Example("03-aides-creation/02-are-ou-arce.md", "m3-l2-calc",
            {"total_arce": 11174.4, "total_are": 8640, "droits_restants": 264},
            ["**8 640 €**", "**264 jours**", "11 174 € contre 8 640 €"], overrides={"horizon_mois": 12}),
    # Module 4, lesson 1 : Claire's income statement.
    Example("04-previsionnel-financier/01-compte-de-resultat.md", "m4-l1-calc",
            {"resultat_net_1": 8000, "resultat_net_3": 16147, "caf_1": 11600, "dotation_annuelle": 3600},
            ["EBE **13 700 €**", "résultat avant impôt **9 412 €**", "**1 412 €**", "résultat net **8 000 €**",
             "CAF **11 600 €**", "**16 147 €**", "**19 747 €**", "marge brute 60 000 €", "valeur ajoutée 40 000 €",
             "résultat\nd'exploitation 10 100 €", "**3 600 € par an**"],
            rows={("Excédent brut", 0): 13700, ("Résultat courant", 0): 9412, ("Impôt sur les sociétés", 0): 1412,
                  ("Capacité d'autofinancement", 2): 19747, ("Marge brute", 0): 60000,
                  ("Valeur ajoutée", 0): 40000, ("Résultat d'exploitation", 0): 10100}),
    # Module 4, lesson 2 : Claire's break-even point, and the textbook example.
    Example("04-previsionnel-financier/02-seuil-rentabilite.md", "m4-l2-calc",
            {"mcv": 60000, "taux_mcv": 0.5, "seuil": 101176, "point_mort": 303.528, "marge_securite": 18824,
             "indice_securite": 0.15687},
            ["**50 588 €**", "**101 176 €**", "≈ **303,5 jours**", "**18 824 €**", "**15,7 %**"],
            tolerance=0.001),
    Example("04-previsionnel-financier/02-seuil-rentabilite.md", "m4-l2-calc",
            {"taux_mcv": 0.9, "seuil": 100000, "marge_securite": -40000},
            ["Taux de MCV : 90 %", "90 000 ÷ 0,90 = **100 000 €**", "manque **40 000 €**"],
            overrides={"chiffre_affaires": 60000, "charges_variables": 6000, "charges_fixes": 90000},
            tolerance=0.001),
    Example("04-previsionnel-financier/02-seuil-rentabilite.md", "m4-l2-calc",
            {"seuil": 30000, "point_mort": 182.5, "marge_securite": 30000, "indice_securite": 0.5},
            ["= **30 000 €**", "182,5 jours sur une base de 365 jours", "marge de sécurité **30 000 €** (50 %)"],
            overrides={"chiffre_affaires": 60000, "charges_variables": 12000, "charges_fixes": 24000,
                       "base_jours": "365"}),
    Example("04-previsionnel-financier/02-seuil-rentabilite.md", "m4-l2-calc", {"point_mort": 180},
            ["(180 jours\nsur 360)"],
            overrides={"chiffre_affaires": 60000, "charges_variables": 12000, "charges_fixes": 24000}),
    Example("04-previsionnel-financier/02-seuil-rentabilite.md", "m4-l2-calc", {"seuil_unites": 400},
            ["**400 unités**"],
            overrides={"chiffre_affaires": 60000, "charges_variables": 12000, "charges_fixes": 24000,
                       "prix_unitaire": 80, "cout_variable_unitaire": 20}),
    # Module 4, lesson 3 : Claire's BFR, and the textbook example.
    Example("04-previsionnel-financier/03-bfr.md", "m4-l3-calc",
            {"stock": 10000, "creances_clients": 0, "dettes_fournisseurs": 6000, "bfr": 4000, "bfr_jours": 12},
            ["= **10 000 €**", "créances clients = **0 €**", "72 000 ÷ 360 × 30 = **6 000 €**",
             "BFR = 10 000 + 0 − 6 000 = **4 000 €**", "**12 jours**"]),
    Example("04-previsionnel-financier/03-bfr.md", "m4-l3-calc",
            {"stock": 5000, "creances_clients": 12000, "dettes_fournisseurs": 12000, "bfr": 5000, "bfr_jours": 15},
            ["5 000 € + créances 12 000 € − dettes 12 000 € = **BFR de 5 000 €**", "**15 jours**"],
            overrides={"jours_stock": 30, "delai_clients": 30, "delai_fournisseurs": 60}),
    # Module 4, lesson 4 : Claire's financing plan, first version.
    Example("04-previsionnel-financier/04-plan-financement.md", "m4-l4-calc",
            {"total_besoins": 29000, "total_ressources": 29000, "ecart": 0, "part_fonds_propres": 0.48276,
             "part_pret_bancaire": 0.51724},
            ["**29 000 €**", "écart de **0 €**", "**48,3 %**", "**51,7 %**"], tolerance=0.001),
    # Module 4, lesson 5 : Claire's cash plan, with a 15 000 € loan, then 20 000 €.
    Example("04-previsionnel-financier/05-plan-tresorerie.md", "m4-l5-calc",
            {"besoin_max": 4600, "tresorerie_min": -4600, "tresorerie_finale": 20287},
            ["à −4 600 €", "(−15 €)", "**20 287 €**", "**4 600 €, au mois 1**", "(24 600 €)",
             "(144 000 € TTC sur l'année, soit 120 000 € HT)"],
            rows={("Trésorerie en fin de mois", 5): -15, ("Trésorerie en fin de mois", 6): 2202}),
    Example("04-previsionnel-financier/05-plan-tresorerie.md", "m4-l5-calc",
            {"besoin_max": 0, "tresorerie_min": 400, "tresorerie_finale": 24253},
            ["**+400 €**", "**24 253 €**", "mensualité de 377 €"],
            overrides={"emprunts": [20000] + [0] * 11, "remboursements": [0] + [377] * 11}),
    # Module 4, lesson 6 : the loan, 20 000 € and 15 000 €, then a 6-month deferral.
    Example("04-previsionnel-financier/06-emprunt-mensualite.md", "m4-l6-calc",
            {"mensualite": 377.42, "cout_interets": 2645.48},
            ["**377,42 €**", "**2 645 €**", "918 €", "3 611 €"],
            rows={("dont intérêts", 0): 918, ("dont capital", 0): 3611}, tolerance=0.01),
    Example("04-previsionnel-financier/06-emprunt-mensualite.md", "m4-l6-calc",
            {"mensualite": 283.07, "cout_interets": 1984.11},
            ["**283,07 €**", "**1 984 €**", "688 €", "2 708 €"],
            overrides={"capital": 15000},
            rows={("dont intérêts", 0): 688, ("dont capital", 0): 2708}, tolerance=0.01),
    Example("04-previsionnel-financier/06-emprunt-mensualite.md", "m4-l6-calc",
            {"paiement_differe": 83.33, "mensualite": 414.37, "cout_interets": 2875.77},
            ["**83,33 €**", "**414,37 €**", "**2 876 €**"],
            overrides={"differe_mois": 6, "type_differe": "partiel"}, tolerance=0.01),
    # Module 4, lesson 7 : the updated plan and the scenarios.
    Example("04-previsionnel-financier/07-coherence-scenarios.md", "m4-l4-calc",
            {"total_besoins": 34000, "ecart": 0, "part_fonds_propres": 0.41176},
            ["**34 000 €**", "**41,2 %**"], overrides={"bfr_initial": 9000, "pret_bancaire": 20000},
            tolerance=0.001),
    Example("04-previsionnel-financier/07-coherence-scenarios.md", "m4-l7-calc",
            {"seuil": 101636, "marge_securite": 364}, ["**101 636 €**", "**364 €**", "50 818 €"]),
    Example("04-previsionnel-financier/07-coherence-scenarios.md", "m4-l7-calc", {"marge_securite": 36364},
            ["**36 364 €**", "138 000 € HT"], overrides={"chiffre_affaires": 138000, "charges_variables": 69000}),
]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: f"{e.calculator}:{'+'.join(e.overrides) or 'defaults'}")
def test_worked_example_matches_its_formula(course, example):
    calc = course.calculators[example.calculator]
    result = run(calc.kind, calc.defaults, **example.overrides)
    for name, expected in example.outputs.items():
        assert result.value(name) == pytest.approx(expected, abs=example.tolerance), name
    for (label, column), expected in example.rows.items():
        assert row(result, label)[column] == pytest.approx(expected, abs=0.5), label
    text = source(example.lesson)
    for snippet in example.texts:
        assert snippet in text, f"{example.lesson}: {snippet!r}"


def test_worked_examples_cover_every_calculator(course):
    covered = {e.calculator for e in EXAMPLES}
    assert set(course.calculators) <= covered, set(course.calculators) - covered


# Defaults that are time-sensitive rates come from the facts file.
FACT_DEFAULTS = {
    ("m1-l3-calc", "taux_cotisations"): "micro_cotis_bnc_ssi",
    ("m1-l3-calc", "taux_versement_liberatoire"): "vl_taux_bnc",
    ("m1-l3-calc", "taux_reduction_acre"): "acre_exoneration_micro",
    ("m1-l3-calc", "plafond_ca"): "tva_franchise_services",
    ("m1-l4-calc", "taux_tva"): "tva_taux_normal",
    ("m3-l2-calc", "taux_arce"): "arce_taux",
    ("m3-l2-calc", "retenue_retraite"): "arce_retenue_retraite",
    ("m3-l2-calc", "part_revenu_deduite"): "are_cumul_abattement",
    ("m3-l2-calc", "jours_par_mois"): "are_mensualisation",
    ("m3-l2-calc", "plafond_cumul"): "are_cumul_limite_creation",
    ("m4-l1-calc", "taux_is_reduit"): "is_taux_reduit",
    ("m4-l1-calc", "plafond_is_reduit"): "is_seuil_taux_reduit",
    ("m4-l1-calc", "taux_is_normal"): "is_taux_normal",
    ("m4-l3-calc", "taux_tva"): "tva_taux_normal",
}


@pytest.mark.parametrize("key", FACT_DEFAULTS, ids=lambda k: f"{k[0]}.{k[1]}")
def test_rate_defaults_are_facts(course, facts, key):
    calc_id, name = key
    assert course.calculators[calc_id].defaults[name] == pytest.approx(facts[FACT_DEFAULTS[key]].value)
    text = "".join(p.read_text(encoding="utf-8") for p in COURSE_DIR.rglob("*.md"))
    assert re.search(rf"^{name}: \{{\{{ {FACT_DEFAULTS[key]} \}}\}}$", text, re.M), key


# The examples of different lessons are one story: the figures must agree across lessons.


def test_claire_story_is_consistent(course, facts):
    income = course.calculators["m4-l1-calc"].defaults
    breakeven = course.calculators["m4-l2-calc"].defaults
    working = course.calculators["m4-l3-calc"].defaults
    plan = course.calculators["m4-l4-calc"].defaults
    cash = course.calculators["m4-l5-calc"].defaults
    loan = course.calculators["m4-l6-calc"].defaults
    pessimistic = course.calculators["m4-l7-calc"].defaults
    # Break-even inputs are year 1 of the income statement.
    dotation = income["investissements"] / income["duree_amortissement"]
    fixed = (income["charges_externes"][0] + income["impots_taxes"][0] + income["salaires_charges"][0] + dotation
             + income["charges_financieres"][0])
    assert breakeven["chiffre_affaires"] == income["chiffre_affaires"][0] == working["chiffre_affaires_ht"]
    assert breakeven["charges_variables"] == income["achats"][0] == working["achats_ht"]
    assert breakeven["charges_fixes"] == pytest.approx(fixed)
    # The interest in the income statement is the 15 000 € loan's schedule; the 20 000 € loan moves it to 918 €.
    first = run("mensualite_pret", loan, capital=plan["pret_bancaire"])
    assert [round(v) for v in row(first, "dont intérêts")[:3]] == income["charges_financieres"]
    chosen = run("mensualite_pret", loan)
    assert pessimistic["charges_fixes"] == pytest.approx(fixed - row(first, "dont intérêts")[0]
                                                         + row(chosen, "dont intérêts")[0], abs=1)
    assert pessimistic["chiffre_affaires"] == pytest.approx(0.85 * breakeven["chiffre_affaires"])
    assert pessimistic["charges_variables"] == pytest.approx(0.85 * breakeven["charges_variables"])
    # The financing plan: investments are those of the income statement, the BFR that of the BFR lesson.
    assert plan["investissements_incorporels"] + plan["investissements_corporels"] == income["investissements"]
    assert plan["bfr_initial"] == run("bfr", working).value("bfr")
    # The cash plan pays them TTC, receives the contribution, the prêt d'honneur and the loan.
    vat = 1 + facts["tva_taux_normal"].value / 100
    assert cash["investissements"][0] == pytest.approx(
        vat * income["investissements"] + plan["investissements_financiers"] + plan["frais_etablissement"])
    assert cash["apports"][0] == plan["apport_personnel"] + plan["pret_honneur"]
    assert cash["emprunts"][0] == plan["pret_bancaire"]
    assert cash["remboursements"][1] == round(first.value("mensualite"))
    assert sum(cash["ventes"]) == pytest.approx(vat * income["chiffre_affaires"][0])
    assert sum(cash["remuneration"]) == 18000  # 1 500 € a month, as in the income statement's 26 000 €
    # Module 2 quotes the year-1 profit before tax and the corporation tax, rounded.
    result = run("compte_resultat", income)
    text = source("02-statut-juridique/04-fiscalite.md")
    assert f"environ {fr(round(row(result, 'Résultat courant')[0], -2))} €" in text
    assert f"environ {fr(round(row(result, 'Impôt sur les sociétés')[0], -1))} €" in text
    # The capstone and the synthesis quote the final figures.
    final = source("08-dossier-final/01-mon-dossier.md")
    for snippet in ("101 636 €", "4 000 €", "34 000 €", "+400 €", "377,42 €"):
        assert snippet in final, snippet
    assert "101 636 €" in source("06-convaincre-financeurs/01-business-plan.md")
    # Module 1 market study supports module 4's shop turnover (85 % of 120 000 € HT in the shop).
    assert "105 000 € HT" in source("01-projet-modele-economique/02-marche-modele.md")
    assert "102 000 € HT en boutique" in source("04-previsionnel-financier/07-coherence-scenarios.md")
    assert 18000 * 0.05 * 2 * 70 / vat == pytest.approx(105000)


def test_amina_are_income_follows_the_allowance(facts):
    # 1 060 € of turnover a month, less the flat-rate allowance of a liberal activity, is about 700 €.
    assert 1060 * (1 - facts["micro_abattement_bnc"].value / 100) == pytest.approx(700, abs=1)
    assert "1 060 € de chiffre d'affaires par mois" in source("03-aides-creation/02-are-ou-arce.md")


SPELLED = {4: "quatre", 16: "seize"}  # the month counts the ARE lesson writes in words


def test_amina_are_cap_follows_the_calculator(course):
    """Every figure of the cap on the cumulated ARE in Amina's example, recomputed from the calculator."""
    calc = course.calculators["m3-l2-calc"]
    inputs = calc.defaults
    full = run("are_arce", inputs)  # the lesson's 24 months
    year = run("are_arce", inputs, horizon_mois=12)
    daily, rights = inputs["allocation_journaliere"], inputs["jours_restants"]
    cap_days = full.value("plafond_cumul") / daily
    paid_in_year = year.value("total_are") / daily
    month = full.value("mois_plafond")
    left_to_cumulate = cap_days - paid_in_year
    assert left_to_cumulate / full.value("are_jours_mois") == month - 12
    raw_days = (daily * inputs["jours_par_mois"] - inputs["part_revenu_deduite"] / 100 * inputs["revenu_mensuel"]
                ) / daily
    text = " ".join(source("03-aides-creation/02-are-ou-arce.md").split())
    for snippet in (
        f"(40 × 30 − 0,70 × 700) ÷ 40 = {fr(raw_days, 2)}, soit **{fr(full.value('are_jours_mois'))} jours**",
        f"{{{{ are_cumul_limite_creation.value }}}} % × {fr(rights)} = **{fr(cap_days)} jours**",
        f"elle a touché {fr(paid_in_year)} jours : il lui en reste {fr(left_to_cumulate)} à percevoir en cumul, "
        f"soit {SPELLED[month - 12]} mois de plus",
        f"il montre le plafond du cumul atteint au mois {month}",
        f"Sur {SPELLED[month]} mois ou plus",
        f"chaque mois pendant {SPELLED[month]} mois",
    ):
        assert snippet in text, snippet
    assert inputs["allocation_journaliere"] == 40 and inputs["revenu_mensuel"] == 700
    assert any(w.startswith(f"Plafond du cumul atteint à la fin du mois {month}") for w in full.warnings)
    assert not any(w.startswith("Plafond du cumul") for w in year.warnings)
    # Module 5 says how long the ARE keeps securing her income.
    combining = " ".join(source("05-trouver-financements/06-combiner-financements.md").split())
    assert f"l'ARE maintenue sécurise ses revenus pendant {month} mois, jusqu'au plafond du cumul" in combining


def test_guarantee_examples_follow_the_facts(facts):
    share = facts["gef_quotite"].value / 100
    fee = facts["gef_commission"].value / 100
    text3 = source("03-aides-creation/04-dispositifs-femmes.md")
    assert f"**{fr(15000 * share)} €**" in text3 and f"environ **{fr(15000 * share * fee)} €**" in text3
    text5 = source("05-trouver-financements/03-banque-garanties.md")
    assert f"**{fr(20000 * share)} €**" in text5 and f"environ **{fr(20000 * share * fee)} €**" in text5


# Numeric questions whose answer is a calculator result (or a fact-based computation).

NUMERIC_ANSWERS = {
    "m1-l3-q1": lambda f: run("ca_cible_micro", None, charges_fixes=6000, remuneration_nette=18000,
                              taux_charges_variables=10, taux_cotisations=f["micro_cotis_bic_services"].value,
                              taux_versement_liberatoire=f["vl_taux_bic_services"].value).value("ca_cible"),
    "m1-l4-q2": lambda f: run("prix_marge", None, cout_achat_ht=15, prix_vente_ht=45, taux_tva=20).value("coefficient"),
    "m1-check-q6": lambda f: run("prix_marge", None, cout_achat_ht=25, prix_vente_ht=50,
                                 taux_tva=20).value("coefficient"),
    "m3-l2-q1": lambda f: run("are_arce", None, allocation_journaliere=40, jours_restants=480, revenu_mensuel=700,
                              part_revenu_deduite=f["are_cumul_abattement"].value,
                              jours_par_mois=f["are_mensualisation"].value).value("are_mois"),
    "m3-check-q5": lambda f: run("are_arce", None, allocation_journaliere=40, jours_restants=400,
                                 taux_arce=f["arce_taux"].value,
                                 retenue_retraite=f["arce_retenue_retraite"].value).value("arce_total"),
    "m8-check-q9": lambda f: run("are_arce", None, allocation_journaliere=40, jours_restants=500,
                                 taux_arce=f["arce_taux"].value,
                                 retenue_retraite=f["arce_retenue_retraite"].value).value("arce_total"),
    "m3-check-q10": lambda f: run("are_arce", None, allocation_journaliere=40, jours_restants=500,
                                  plafond_cumul=f["are_cumul_limite_creation"].value).value("plafond_cumul"),
    "m3-l4-q2": lambda f: 20000 * f["gef_quotite"].value / 100,
    "m5-l3-q1": lambda f: 20000 * f["bpi_garantie_creation"].value / 100,
    "m4-l1-q1": lambda f: run("compte_resultat", None, investissements=12000,
                              duree_amortissement=3).value("dotation_annuelle"),
    "m4-l2-q2": lambda f: run("seuil_rentabilite", None, chiffre_affaires=100000, charges_variables=40000,
                              charges_fixes=24000).value("seuil"),
    "m4-l4-q2": lambda f: -run("plan_financement", None, frais_etablissement=0, investissements_incorporels=80000,
                               investissements_corporels=0, investissements_financiers=0, bfr_initial=0,
                               tresorerie_securite=0, apport_personnel=15000, pret_honneur=30000,
                               subventions=20000, pret_bancaire=0).value("ecart"),
    "m4-check-q1": lambda f: run("seuil_rentabilite", None, chiffre_affaires=60000, charges_variables=12000,
                                 charges_fixes=24000).value("seuil"),
    "m4-check-q3": lambda f: run("seuil_rentabilite", None, prix_unitaire=80,
                                 cout_variable_unitaire=20).value("seuil_unites"),
    "m4-check-q6": lambda f: run("mensualite_pret", None, capital=20000, taux_annuel=5,
                                 duree_mois=60).value("mensualite"),
    "m8-check-q16": lambda f: run("mensualite_pret", None, capital=15000, taux_annuel=5,
                                  duree_mois=60).value("mensualite"),
    "m8-check-q2": lambda f: run("ca_cible_micro", None, charges_fixes=3000, remuneration_nette=15000,
                                 taux_charges_variables=40, taux_cotisations=0,
                                 taux_versement_liberatoire=0).value("ca_cible"),
    "m8-check-q12": lambda f: run("seuil_rentabilite", None, chiffre_affaires=100000, charges_variables=60000,
                                  charges_fixes=18000).value("seuil"),
    "m5-l4-q3": lambda f: 5000 * (1 - 0.08),
    "m5-l5-q1": lambda f: 100 * 50000 / (200000 + 50000),
    "m5-check-q8": lambda f: 100 * 30000 / (90000 + 30000),
    "m7-l2-q1": lambda f: 100 * (22800 - 24000) / 24000,
}


def test_every_numeric_question_is_recomputed(course):
    numeric = {q.id for q in course.quizzes.values() if q.type == "numeric"}
    assert numeric == set(NUMERIC_ANSWERS), numeric ^ set(NUMERIC_ANSWERS)


@pytest.mark.parametrize("quiz_id", NUMERIC_ANSWERS)
def test_numeric_answer_matches_the_formula(course, facts, quiz_id):
    quiz = course.quizzes[quiz_id]
    computed = NUMERIC_ANSWERS[quiz_id](facts)
    assert quiz.answer == pytest.approx(computed, abs=max(quiz.tolerance if not quiz.tolerance_relative else 0, 0.5)
                                        if abs(computed) > 50 else 0.01), (quiz_id, quiz.answer, computed)


def test_the_other_worked_figures(course):
    """Figures computed in the text rather than in a calculator, tied to the calculators where they come from."""
    target = run("ca_cible_micro", course.calculators["m1-l3-calc"].defaults).value("ca_cible")
    income = course.calculators["m4-l1-calc"].defaults
    working = run("bfr", course.calculators["m4-l3-calc"].defaults)
    loan = course.calculators["m4-l6-calc"].defaults
    checks = [
        # Amina's daily rate: her target turnover over 90 billable days; 600 € a day; 60 days only.
        ("01-projet-modele-economique/04-fixer-son-prix.md", f"{fr(target)} ÷ 90 ≈ **{fr(target / 90)} € par jour",
         True),
        ("01-projet-modele-economique/04-fixer-son-prix.md", f"{-(-target // 600):.0f} jours de formation", True),
        ("01-projet-modele-economique/04-fixer-son-prix.md",
         f"60 × {fr(target / 90)} ≈ {fr(round(60 * round(target / 90), -1))} €", True),
        # Sophie's commission; Claire's market estimate.
        ("01-projet-modele-economique/02-marche-modele.md", f"1 000 × 12 € × 20 % = {fr(1000 * 12 * 0.2)} €", True),
        ("01-projet-modele-economique/02-marche-modele.md",
         f"18 000 × 0,05 × 2 × 70 = {fr(18000 * 0.05 * 2 * 70)} € TTC", True),
        # Claire's bottom-up turnover is year 1 of her income statement.
        ("04-previsionnel-financier/01-compte-de-resultat.md",
         f"40 × 25 % × 48 × 250 = **{fr(40 * 0.25 * 48 * 250)} € HT**", 40 * 0.25 * 48 * 250 == income["chiffre_affaires"][0]),
        # The BFR in days applied to year 3.
        ("04-previsionnel-financier/03-bfr.md",
         f"{fr(working.value('bfr_jours'))} × 160 000 ÷ 360 ≈ {fr(working.value('bfr_jours') * 160000 / 360)} €",
         income["chiffre_affaires"][2] == 160000),
        # The prêt d'honneur's monthly repayment; the dilution; the two loans' difference.
        ("05-trouver-financements/02-prets-honneur.md", f"8 000 ÷ 60 ≈ {fr(8000 / 60)} €", True),
        ("05-trouver-financements/05-levee-fonds.md", f"= **{fr(100 * 15000 / 150000)} %**", True),
        ("05-trouver-financements/05-levee-fonds.md", f"à **{fr(100 * (1 - 0.1) / 3)} %**", True),
        ("04-previsionnel-financier/06-emprunt-mensualite.md",
         f"augmente de {fr(run('mensualite_pret', loan).value('mensualite') - run('mensualite_pret', loan, capital=15000).value('mensualite'))} € environ",
         True),
        # Claire's first three months; Sophie's capital paid up at creation.
        ("07-demarrer-piloter/02-tableau-de-bord.md", f"vendu {fr(7800 + 6900 + 8100)} € au lieu de {fr(7000 + 8000 + 9000)} €",
         True),
        ("02-statut-juridique/02-societes.md", f"soit {fr(15000 / 2)} € au minimum", True),
    ]
    for path, snippet, consistent in checks:
        assert consistent, snippet
        assert " ".join(snippet.split()) in " ".join(source(path).split()), f"{path}: {snippet!r}"


def test_quizzes_are_fully_rendered(course):
    """Facts are substituted in stems, answers, feedback and explanations too."""
    for quiz in course.quizzes.values():
        parts = [quiz.stem_html, quiz.hint_html, quiz.explanation_html]
        parts += [o.html + o.feedback_html for o in quiz.options]
        parts += [p.left_html + p.right_html for p in quiz.pairs] + [i.html for i in quiz.items]
        for part in parts:
            assert "{{" not in part and ":::" not in part, quiz.id
