"""Numeric quiz answers and the figures computed in a lesson's text, recomputed from the calculators and the facts."""

from __future__ import annotations

import pytest

from courses.calculators import Result

from .helpers import fr, run, source

# Numeric questions whose answer is a calculator result (or a fact-based computation).

# Léa's financing plan in the final check's case: 36 000 € of needs, 14 000 € of her own.
LEA_PLAN = {
    "frais_etablissement": 1000,
    "investissements_incorporels": 0,
    "investissements_corporels": 30000,
    "investissements_financiers": 0,
    "bfr_initial": 2000,
    "tresorerie_securite": 3000,
    "apport_personnel": 6000,
    "pret_honneur": 8000,
}


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
    "m3-l2-q4": lambda f: run(
        "are_arce",
        None,
        allocation_journaliere=40,
        jours_restants=480,
        revenu_mensuel=700,
        salaire_journalier_reference=70,
        retenue_retraite_are=f["are_retenue_retraite_sjr"].value,
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
    # The final check's integrated case: Léa's tea room.
    "m8-check-q21": lambda f: run(
        "seuil_rentabilite", None, chiffre_affaires=80000, charges_variables=24000, charges_fixes=42000
    ).value("seuil"),
    "m8-check-q23": lambda f: (
        run(
            "plan_financement",
            None,
            **{**LEA_PLAN, "pret_bancaire": 0},
        ).value("ecart")
        * -1
    ),
    "m8-check-q25": lambda f: run("mensualite_pret", None, capital=22000, taux_annuel=5, duree_mois=60).value(
        "mensualite"
    ),
    # Module 2: the EURL's net pay on the lesson's example; a micro-entrepreneur's 10 weeks of maternity leave.
    "m2-l6-q1": lambda f: (45000 - 6000) / (1 + f["tns_cotisations_part_net"].value / 100),
    "m2-l7-q1": lambda f: (
        f["maternite_allocation_forfaitaire"].value + 70 * f["maternite_ij_independante"].value
    ),
    "m5-l5-q13": lambda f: 5000 * (1 - 0.08),
    "m5-l6-q11": lambda f: 100 * 50000 / (200000 + 50000),
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
            f"18 000 × 0,06 × 2 × 60 = {fr(18000 * 0.06 * 2 * 60)} € TTC",
            True,
        ),
        # Claire's bottom-up turnover is year 1 of her income statement.
        (
            "04-previsionnel-financier/01-compte-de-resultat.md",
            f"48 × 20 % × 50 × 250 = **{fr(48 * 0.20 * 50 * 250)} € HT**",
            round(48 * 0.20 * 50 * 250) == income["chiffre_affaires"][0],
        ),
        # The BFR in days applied to year 3.
        (
            "04-previsionnel-financier/03-bfr.md",
            f"{fr(working.value('bfr_jours'))} × 160 000 ÷ 360 ≈ {fr(working.value('bfr_jours') * 160000 / 360)} €",
            income["chiffre_affaires"][2] == 160000,
        ),
        # The prêt d'honneur's monthly repayment; the dilution; the two loans' difference.
        ("05-trouver-financements/02-prets-honneur.md", f"8 000 ÷ 60 ≈ {fr(8000 / 60)} €", True),
        ("05-trouver-financements/06-levee-fonds.md", f"= **{fr(100 * 15000 / 150000)} %**", True),
        ("05-trouver-financements/06-levee-fonds.md", f"à **{fr(100 * (1 - 0.1) / 3)} %**", True),
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


def test_the_final_check_case_is_one_story(course):
    """Léa's case, told once in the final check's introduction, gives every figure its questions use."""
    text = " ".join(source("08-dossier-final/check.md").split())
    plan = run("plan_financement", None, **LEA_PLAN, pret_bancaire=22000)
    assert plan.value("total_besoins") == 36000 and plan.value("ecart") == 0
    margin = (80000 - 24000) / 80000
    low = 0.8 * 80000
    assert (low, round(low * margin - 42000), round(0.2 * 80000 * margin)) == (64000, 2800, 11200)
    assert 80000 * margin - 42000 == pytest.approx(14000)
    loan = run("mensualite_pret", None, capital=22000, taux_annuel=5, duree_mois=60)
    for snippet in (
        "80 000 € de chiffre d'affaires HT",
        "24 000 € d'achats consommés HT",
        "42 000 € de charges fixes",
        "6 000 € d'amortissements",
        "30 000 € HT de travaux",
        "1 000 € de frais d'établissement",
        "2 000 € de BFR",
        "3 000 € de trésorerie de sécurité",
        "6 000 € d'épargne",
        "prêt d'honneur de 8 000 €",
        "5 % par an sur 60 mois",
        "résultat d'environ 2 800 €",
        "11 200 € de moins que les 14 000 € prévus",
        "Chiffrer son besoin de 36 000 €",
        "pour emprunter 22 000 €",
        f"environ {fr(round(_capital_in_year_one(loan)))} € du capital",
    ):
        assert snippet in text, snippet


def _capital_in_year_one(loan: Result) -> float:
    monthly, rate, left, repaid = loan.value("mensualite"), 0.05 / 12, 22000.0, 0.0
    for _ in range(12):
        part = monthly - left * rate
        repaid, left = repaid + part, left - part
    return repaid
