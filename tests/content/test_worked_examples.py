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
from .helpers import fr, row, run, source

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
            "are_mois": 720,
            "plafond_cumul": 11520,
            "mois_plafond": 16,
            "total_are": 11520,
            "droits_restants": 192,
        },
        [
            "**11 174 €**",
            "deux fois 5 587 €",
            "**18 jours**",
            "**720 €**",
            "**11 520 €**",
            "**mois 16**",
            "**192 jours**",
            "11 520 € contre 11 174 €",
        ],
    ),
    Example(
        "03-aides-creation/02-are-ou-arce.md",
        "m3-l2-calc",
        {"total_arce": 11174.4, "total_are": 8640, "droits_restants": 264},
        ["**8 640 €**", "**264 jours**", "11 174 € contre 8 640 €"],
        overrides={"horizon_mois": 12},
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
    fixed = (
        income["charges_externes"][0]
        + income["impots_taxes"][0]
        + income["salaires_charges"][0]
        + dotation
        + income["charges_financieres"][0]
    )
    assert breakeven["chiffre_affaires"] == income["chiffre_affaires"][0] == working["chiffre_affaires_ht"]
    assert breakeven["charges_variables"] == income["achats"][0] == working["achats_ht"]
    assert breakeven["charges_fixes"] == pytest.approx(fixed)
    # The interest in the income statement is the 15 000 € loan's schedule; the 20 000 € loan moves it to 918 €.
    first = run("mensualite_pret", loan, capital=plan["pret_bancaire"])
    assert [round(v) for v in row(first, "dont intérêts")[:3]] == income["charges_financieres"]
    chosen = run("mensualite_pret", loan)
    assert pessimistic["charges_fixes"] == pytest.approx(
        fixed - row(first, "dont intérêts")[0] + row(chosen, "dont intérêts")[0], abs=1
    )
    assert pessimistic["chiffre_affaires"] == pytest.approx(0.85 * breakeven["chiffre_affaires"])
    assert pessimistic["charges_variables"] == pytest.approx(0.85 * breakeven["charges_variables"])
    # The financing plan: investments are those of the income statement, the BFR that of the BFR lesson.
    assert (
        plan["investissements_incorporels"] + plan["investissements_corporels"] == income["investissements"]
    )
    assert plan["bfr_initial"] == run("bfr", working).value("bfr")
    # The cash plan pays them TTC, receives the contribution, the prêt d'honneur and the loan.
    vat = 1 + facts["tva_taux_normal"].value / 100
    assert cash["investissements"][0] == pytest.approx(
        vat * income["investissements"] + plan["investissements_financiers"] + plan["frais_etablissement"]
    )
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
    raw_days = (
        daily * inputs["jours_par_mois"] - inputs["part_revenu_deduite"] / 100 * inputs["revenu_mensuel"]
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
    assert (
        f"l'ARE maintenue sécurise ses revenus pendant {month} mois, jusqu'au plafond du cumul" in combining
    )


def test_guarantee_examples_follow_the_facts(facts):
    share = facts["gef_quotite"].value / 100
    fee = facts["gef_commission"].value / 100
    text3 = source("03-aides-creation/04-dispositifs-femmes.md")
    assert f"**{fr(15000 * share)} €**" in text3 and f"environ **{fr(15000 * share * fee)} €**" in text3
    text5 = source("05-trouver-financements/03-banque-garanties.md")
    assert f"**{fr(20000 * share)} €**" in text5 and f"environ **{fr(20000 * share * fee)} €**" in text5


# Numeric questions whose answer is a calculator result (or a fact-based computation).

NUMERIC_ANSWERS = {
    "m1-l3-q1": lambda f: run(
        "ca_cible_micro",
        None,
        charges_fixes=6000,
        remuneration_nette=18000,
        taux_charges_variables=10,
        taux_cotisations=f["micro_cotis_bic_services"].value,
        taux_versement_liberatoire=f["vl_taux_bic_services"].value,
    ).value("ca_cible"),
    "m1-l4-q2": lambda f: run("prix_marge", None, cout_achat_ht=15, prix_vente_ht=45, taux_tva=20).value(
        "coefficient"
    ),
    "m1-check-q6": lambda f: run("prix_marge", None, cout_achat_ht=25, prix_vente_ht=50, taux_tva=20).value(
        "coefficient"
    ),
    "m3-l2-q1": lambda f: run(
        "are_arce",
        None,
        allocation_journaliere=40,
        jours_restants=480,
        revenu_mensuel=700,
        part_revenu_deduite=f["are_cumul_abattement"].value,
        jours_par_mois=f["are_mensualisation"].value,
    ).value("are_mois"),
    "m3-check-q5": lambda f: run(
        "are_arce",
        None,
        allocation_journaliere=40,
        jours_restants=400,
        taux_arce=f["arce_taux"].value,
        retenue_retraite=f["arce_retenue_retraite"].value,
    ).value("arce_total"),
    "m8-check-q9": lambda f: run(
        "are_arce",
        None,
        allocation_journaliere=40,
        jours_restants=500,
        taux_arce=f["arce_taux"].value,
        retenue_retraite=f["arce_retenue_retraite"].value,
    ).value("arce_total"),
    "m3-check-q10": lambda f: run(
        "are_arce",
        None,
        allocation_journaliere=40,
        jours_restants=500,
        plafond_cumul=f["are_cumul_limite_creation"].value,
    ).value("plafond_cumul"),
    "m3-l4-q2": lambda f: 20000 * f["gef_quotite"].value / 100,
    "m5-l3-q1": lambda f: 20000 * f["bpi_garantie_creation"].value / 100,
    "m4-l1-q1": lambda f: run("compte_resultat", None, investissements=12000, duree_amortissement=3).value(
        "dotation_annuelle"
    ),
    "m4-l2-q2": lambda f: run(
        "seuil_rentabilite", None, chiffre_affaires=100000, charges_variables=40000, charges_fixes=24000
    ).value("seuil"),
    "m4-l4-q2": lambda f: (
        -run(
            "plan_financement",
            None,
            frais_etablissement=0,
            investissements_incorporels=80000,
            investissements_corporels=0,
            investissements_financiers=0,
            bfr_initial=0,
            tresorerie_securite=0,
            apport_personnel=15000,
            pret_honneur=30000,
            subventions=20000,
            pret_bancaire=0,
        ).value("ecart")
    ),
    "m4-check-q1": lambda f: run(
        "seuil_rentabilite", None, chiffre_affaires=60000, charges_variables=12000, charges_fixes=24000
    ).value("seuil"),
    "m4-check-q3": lambda f: run(
        "seuil_rentabilite", None, prix_unitaire=80, cout_variable_unitaire=20
    ).value("seuil_unites"),
    "m4-check-q6": lambda f: run("mensualite_pret", None, capital=20000, taux_annuel=5, duree_mois=60).value(
        "mensualite"
    ),
    "m8-check-q16": lambda f: run("mensualite_pret", None, capital=15000, taux_annuel=5, duree_mois=60).value(
        "mensualite"
    ),
    "m8-check-q2": lambda f: run(
        "ca_cible_micro",
        None,
        charges_fixes=3000,
        remuneration_nette=15000,
        taux_charges_variables=40,
        taux_cotisations=0,
        taux_versement_liberatoire=0,
    ).value("ca_cible"),
    "m8-check-q12": lambda f: run(
        "seuil_rentabilite", None, chiffre_affaires=100000, charges_variables=60000, charges_fixes=18000
    ).value("seuil"),
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
    assert quiz.answer == pytest.approx(
        computed,
        abs=max(quiz.tolerance if not quiz.tolerance_relative else 0, 0.5) if abs(computed) > 50 else 0.01,
    ), (quiz_id, quiz.answer, computed)


def test_the_other_worked_figures(course):
    """Figures computed in the text rather than in a calculator, tied to the calculators where they come from."""
    target = run("ca_cible_micro", course.calculators["m1-l3-calc"].defaults).value("ca_cible")
    income = course.calculators["m4-l1-calc"].defaults
    working = run("bfr", course.calculators["m4-l3-calc"].defaults)
    loan = course.calculators["m4-l6-calc"].defaults
    checks = [
        # Amina's daily rate: her target turnover over 90 billable days; 600 € a day; 60 days only.
        (
            "01-projet-modele-economique/04-fixer-son-prix.md",
            f"{fr(target)} ÷ 90 ≈ **{fr(target / 90)} € par jour",
            True,
        ),
        (
            "01-projet-modele-economique/04-fixer-son-prix.md",
            f"{-(-target // 600):.0f} jours de formation",
            True,
        ),
        (
            "01-projet-modele-economique/04-fixer-son-prix.md",
            f"60 × {fr(target / 90)} ≈ {fr(round(60 * round(target / 90), -1))} €",
            True,
        ),
        # Sophie's commission; Claire's market estimate.
        (
            "01-projet-modele-economique/02-marche-modele.md",
            f"1 000 × 12 € × 20 % = {fr(1000 * 12 * 0.2)} €",
            True,
        ),
        (
            "01-projet-modele-economique/02-marche-modele.md",
            f"18 000 × 0,05 × 2 × 70 = {fr(18000 * 0.05 * 2 * 70)} € TTC",
            True,
        ),
        # Claire's bottom-up turnover is year 1 of her income statement.
        (
            "04-previsionnel-financier/01-compte-de-resultat.md",
            f"40 × 25 % × 48 × 250 = **{fr(40 * 0.25 * 48 * 250)} € HT**",
            40 * 0.25 * 48 * 250 == income["chiffre_affaires"][0],
        ),
        # The BFR in days applied to year 3.
        (
            "04-previsionnel-financier/03-bfr.md",
            f"{fr(working.value('bfr_jours'))} × 160 000 ÷ 360 ≈ {fr(working.value('bfr_jours') * 160000 / 360)} €",
            income["chiffre_affaires"][2] == 160000,
        ),
        # The prêt d'honneur's monthly repayment; the dilution; the two loans' difference.
        ("05-trouver-financements/02-prets-honneur.md", f"8 000 ÷ 60 ≈ {fr(8000 / 60)} €", True),
        ("05-trouver-financements/05-levee-fonds.md", f"= **{fr(100 * 15000 / 150000)} %**", True),
        ("05-trouver-financements/05-levee-fonds.md", f"à **{fr(100 * (1 - 0.1) / 3)} %**", True),
        (
            "04-previsionnel-financier/06-emprunt-mensualite.md",
            f"augmente de {fr(run('mensualite_pret', loan).value('mensualite') - run('mensualite_pret', loan, capital=15000).value('mensualite'))} € environ",
            True,
        ),
        # Claire's first three months; Sophie's capital paid up at creation.
        (
            "07-demarrer-piloter/02-tableau-de-bord.md",
            f"vendu {fr(7800 + 6900 + 8100)} € au lieu de {fr(7000 + 8000 + 9000)} €",
            True,
        ),
        ("02-statut-juridique/02-societes.md", f"soit {fr(15000 / 2)} € au minimum", True),
    ]
    for path, snippet, consistent in checks:
        assert consistent, snippet
        assert " ".join(snippet.split()) in " ".join(source(path).split()), f"{path}: {snippet!r}"
