"""Every worked example of the course is recomputed from the calculator functions of courses/calculators.

How worked examples are tied to their formula: each example below names the lesson file, the calculator
container whose author defaults ARE the example's inputs (or explicit inputs for a variant), the outputs the
calculator must give, and the French strings the lesson prints for them. If a formula, a default or a sentence
drifts, the test fails. Where an input is a time-sensitive rate, the container reads it from the facts file
(`taux: {{ fact_id }}`), and the test checks that the default equals the fact's value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pytest

from .conftest import COURSE_DIR
from .helpers import row, run, source

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
    Example(
        "01-projet-modele-economique/03-se-remunerer.md",
        "m1-l3-calc",
        {"ca_cible": 32143, "ca_cible_mensuel": 2679, "cotisations": 8229, "versement_liberatoire": 707},
        [
            "≈ **32 143 € par an**",
            "environ **2 679 € par mois**",
            "environ 8 229 € de cotisations",
            "707 € d'impôt",
            "21 600 ÷ 0,672",
        ],
    ),
    Example(
        "01-projet-modele-economique/03-se-remunerer.md",
        "m1-l3-calc",
        {"ca_cible": 29348},
        ["environ **29 348 €**"],
        overrides={"acre": True},
    ),
    # Module 1, « Fixer son prix » : Claire's pullover.
    Example(
        "01-projet-modele-economique/04-fixer-son-prix.md",
        "m1-l4-calc",
        {"prix_vente_ttc": 60, "marge_ht": 30, "taux_marge": 1.5, "taux_marque": 0.6, "coefficient": 3},
        ["Marge : 50 − 20 = **30 €**", "30 ÷ 20 = **150 %**", "30 ÷ 50 = **60 %**", "60 ÷ 20 = **3**"],
        tolerance=0.001,
    ),
    # Module 3 : Amina, ARE or ARCE, over 24 months: the cap on the ARE cumulated with her income (60 % of
    # 480 days) is reached at the end of month 16; then over her first year.
    Example(
        "03-aides-creation/02-are-ou-arce.md",
        "m3-l2-calc",
        {
            "arce_total": 11174.4,
            "arce_versement": 5587.2,
            "are_jours_mois": 18,
            "are_journaliere_nette": 37.9,
            "are_mois": 682.2,
            "plafond_cumul": 10915.2,
            "mois_plafond": 16,
            "total_are": 10915.2,
            "ecart": -259.2,
            "droits_restants": 192,
        },
        [
            "**11 174,40 €**",
            "deux fois 5 587,20 €",
            "**18 jours**",
            "**37,90 €**",
            "**682,20 €**",
            "**10 915,20 €**",
            "**mois 16**",
            "**192 jours**",
            "l'écart se resserre à 259,20 € : 10 915,20 € d'ARE contre 11 174,40 € d'ARCE",
        ],
        tolerance=0.001,
    ),
    Example(
        "03-aides-creation/02-are-ou-arce.md",
        "m3-l2-calc",
        {"total_arce": 11174.4, "total_are": 8186.4, "droits_restants": 264},
        ["**8 186,40 €**", "**264 jours**", "11 174,40 € contre 8 186,40 €"],
        overrides={"horizon_mois": 12},
        tolerance=0.001,
    ),
    # Module 4, lesson 1 : Claire's income statement.
    Example(
        "04-previsionnel-financier/01-compte-de-resultat.md",
        "m4-l1-calc",
        {"resultat_net_1": 8000, "resultat_net_3": 16147, "caf_1": 11600, "dotation_annuelle": 3600},
        [
            "EBE **13 700 €**",
            "résultat avant impôt **9 412 €**",
            "**1 412 €**",
            "résultat net **8 000 €**",
            "CAF **11 600 €**",
            "**16 147 €**",
            "**19 747 €**",
            "marge brute 60 000 €",
            "valeur ajoutée 40 000 €",
            "résultat\nd'exploitation 10 100 €",
            "**3 600 € par an**",
        ],
        rows={
            ("Excédent brut", 0): 13700,
            ("Résultat courant", 0): 9412,
            ("Impôt sur les sociétés", 0): 1412,
            ("Capacité d'autofinancement", 2): 19747,
            ("Marge brute", 0): 60000,
            ("Valeur ajoutée", 0): 40000,
            ("Résultat d'exploitation", 0): 10100,
        },
    ),
    # Module 4, lesson 2 : Claire's break-even point, and the textbook example.
    Example(
        "04-previsionnel-financier/02-seuil-rentabilite.md",
        "m4-l2-calc",
        {
            "mcv": 60000,
            "taux_mcv": 0.5,
            "seuil": 101176,
            "point_mort": 303.528,
            "marge_securite": 18824,
            "indice_securite": 0.15687,
        },
        ["**50 588 €**", "**101 176 €**", "≈ **303,5 jours**", "**18 824 €**", "**15,7 %**"],
        tolerance=0.001,
    ),
    Example(
        "04-previsionnel-financier/02-seuil-rentabilite.md",
        "m4-l2-calc",
        {"taux_mcv": 0.9, "seuil": 100000, "marge_securite": -40000},
        ["Taux de MCV : 90 %", "90 000 ÷ 0,90 = **100 000 €**", "manque **40 000 €**"],
        overrides={"chiffre_affaires": 60000, "charges_variables": 6000, "charges_fixes": 90000},
        tolerance=0.001,
    ),
    Example(
        "04-previsionnel-financier/02-seuil-rentabilite.md",
        "m4-l2-calc",
        {"seuil": 30000, "point_mort": 182.5, "marge_securite": 30000, "indice_securite": 0.5},
        ["= **30 000 €**", "182,5 jours sur une base de 365 jours", "marge de sécurité **30 000 €** (50 %)"],
        overrides={
            "chiffre_affaires": 60000,
            "charges_variables": 12000,
            "charges_fixes": 24000,
            "base_jours": "365",
        },
    ),
    Example(
        "04-previsionnel-financier/02-seuil-rentabilite.md",
        "m4-l2-calc",
        {"point_mort": 180},
        ["(180 jours\nsur 360)"],
        overrides={"chiffre_affaires": 60000, "charges_variables": 12000, "charges_fixes": 24000},
    ),
    Example(
        "04-previsionnel-financier/02-seuil-rentabilite.md",
        "m4-l2-calc",
        {"seuil_unites": 400},
        ["**400 unités**"],
        overrides={
            "chiffre_affaires": 60000,
            "charges_variables": 12000,
            "charges_fixes": 24000,
            "prix_unitaire": 80,
            "cout_variable_unitaire": 20,
        },
    ),
    # Module 4, lesson 3 : Claire's BFR, and the textbook example.
    Example(
        "04-previsionnel-financier/03-bfr.md",
        "m4-l3-calc",
        {"stock": 10000, "creances_clients": 0, "dettes_fournisseurs": 6000, "bfr": 4000, "bfr_jours": 12},
        [
            "= **10 000 €**",
            "créances clients = **0 €**",
            "72 000 ÷ 360 × 30 = **6 000 €**",
            "BFR = 10 000 + 0 − 6 000 = **4 000 €**",
            "**12 jours**",
        ],
    ),
    Example(
        "04-previsionnel-financier/03-bfr.md",
        "m4-l3-calc",
        {
            "stock": 5000,
            "creances_clients": 12000,
            "dettes_fournisseurs": 12000,
            "bfr": 5000,
            "bfr_jours": 15,
        },
        ["5 000 € + créances 12 000 € − dettes 12 000 € = **BFR de 5 000 €**", "**15 jours**"],
        overrides={"jours_stock": 30, "delai_clients": 30, "delai_fournisseurs": 60},
    ),
    # Module 4, lesson 4 : Claire's financing plan, first version.
    Example(
        "04-previsionnel-financier/04-plan-financement.md",
        "m4-l4-calc",
        {
            "total_besoins": 29000,
            "total_ressources": 29000,
            "ecart": 0,
            "part_fonds_propres": 0.48276,
            "part_pret_bancaire": 0.51724,
        },
        ["**29 000 €**", "écart de **0 €**", "**48,3 %**", "**51,7 %**"],
        tolerance=0.001,
    ),
    # Module 4, lesson 5 : Claire's cash plan, with a 15 000 € loan, then 20 000 €.
    Example(
        "04-previsionnel-financier/05-plan-tresorerie.md",
        "m4-l5-calc",
        {"besoin_max": 4600, "tresorerie_min": -4600, "tresorerie_finale": 20287},
        [
            "à −4 600 €",
            "(−15 €)",
            "**20 287 €**",
            "**4 600 €, au mois 1**",
            "(24 600 €)",
            "(144 000 € TTC sur l'année, soit 120 000 € HT)",
        ],
        rows={("Trésorerie en fin de mois", 5): -15, ("Trésorerie en fin de mois", 6): 2202},
    ),
    Example(
        "04-previsionnel-financier/05-plan-tresorerie.md",
        "m4-l5-calc",
        {"besoin_max": 0, "tresorerie_min": 400, "tresorerie_finale": 24253},
        ["**+400 €**", "**24 253 €**", "mensualité de 377 €"],
        overrides={"emprunts": [20000] + [0] * 11, "remboursements": [0] + [377] * 11},
    ),
    # Module 4, lesson 6 : the loan, 20 000 € and 15 000 €, then a 6-month deferral.
    Example(
        "04-previsionnel-financier/06-emprunt-mensualite.md",
        "m4-l6-calc",
        {"mensualite": 377.42, "cout_interets": 2645.48},
        ["**377,42 €**", "**2 645 €**", "918 €", "3 611 €"],
        rows={("dont intérêts", 0): 918, ("dont capital", 0): 3611},
        tolerance=0.01,
    ),
    Example(
        "04-previsionnel-financier/06-emprunt-mensualite.md",
        "m4-l6-calc",
        {"mensualite": 283.07, "cout_interets": 1984.11},
        ["**283,07 €**", "**1 984 €**", "688 €", "2 708 €"],
        overrides={"capital": 15000},
        rows={("dont intérêts", 0): 688, ("dont capital", 0): 2708},
        tolerance=0.01,
    ),
    Example(
        "04-previsionnel-financier/06-emprunt-mensualite.md",
        "m4-l6-calc",
        {"paiement_differe": 83.33, "mensualite": 414.37, "cout_interets": 2875.77},
        ["**83,33 €**", "**414,37 €**", "**2 876 €**"],
        overrides={"differe_mois": 6, "type_differe": "partiel"},
        tolerance=0.01,
    ),
    # Module 4, lesson 7 : the updated plan and the scenarios.
    Example(
        "04-previsionnel-financier/07-coherence-scenarios.md",
        "m4-l4-calc",
        {"total_besoins": 34000, "ecart": 0, "part_fonds_propres": 0.41176},
        ["**34 000 €**", "**41,2 %**"],
        overrides={"bfr_initial": 9000, "pret_bancaire": 20000},
        tolerance=0.001,
    ),
    Example(
        "04-previsionnel-financier/07-coherence-scenarios.md",
        "m4-l7-calc",
        {"seuil": 101636, "marge_securite": 364},
        ["**101 636 €**", "**364 €**", "50 818 €"],
    ),
    Example(
        "04-previsionnel-financier/07-coherence-scenarios.md",
        "m4-l7-calc",
        # The banker's −20 % (module 6): below break-even, the margin 2 818 € short of the fixed costs.
        {"marge_securite": -5636, "mcv": 48000},
        ["**−5 636 €**", "96 000 € HT", "2 818 €"],
        overrides={"chiffre_affaires": 96000, "charges_variables": 48000},
    ),
    Example(
        "04-previsionnel-financier/07-coherence-scenarios.md",
        "m4-l7-calc",
        {"marge_securite": 36364},
        ["**36 364 €**", "138 000 € HT"],
        overrides={"chiffre_affaires": 138000, "charges_variables": 69000},
    ),
]


@pytest.mark.parametrize(
    "example", EXAMPLES, ids=lambda e: f"{e.calculator}:{'+'.join(e.overrides) or 'defaults'}"
)
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
    ("m3-l2-calc", "retenue_retraite_are"): "are_retenue_retraite_sjr",
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
