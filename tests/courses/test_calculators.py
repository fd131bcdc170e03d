"""Calculators: the worked examples of docs/course-reference.md section 5, and their edge cases."""

from __future__ import annotations

import pytest

from courses.calculators import KINDS
from courses.calculators.base import SERIES, format_value, parse_number
from courses.calculators.loan import schedule
from courses.calculators.pricing import compute_prix_marge
from courses.calculators.unemployment import are_month


def run(kind: str, **inputs):
    parsed, result = KINDS[kind].run(inputs)
    assert not parsed.errors, parsed.errors
    assert result is not None
    return result


def test_registry_names():
    assert list(KINDS) == [
        "prix_marge",
        "ca_cible_micro",
        "seuil_rentabilite",
        "bfr",
        "compte_resultat",
        "plan_financement",
        "plan_tresorerie",
        "mensualite_pret",
        "are_arce",
    ]


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_runs_on_its_defaults_and_serialises(kind):
    result = run(kind)
    data = result.to_dict()
    assert any(o["main"] for o in data["outputs"])
    for out in data["outputs"]:
        assert out["label"] and isinstance(out["display"], str)
    for field in KINDS[kind].inputs:
        assert field.label and field.name.isidentifier()


# 5.1 Break-even ------------------------------------------------------------------------------------------


def test_break_even_worked_example_365():
    r = run(
        "seuil_rentabilite",
        chiffre_affaires=60000,
        charges_variables=12000,
        charges_fixes=24000,
        base_jours="365",
    )
    assert r.value("mcv") == 48000
    assert r.value("taux_mcv") == pytest.approx(0.8)
    assert r.value("seuil") == pytest.approx(30000)
    assert r.value("point_mort") == pytest.approx(182.5)
    assert r.value("marge_securite") == pytest.approx(30000)
    assert r.value("indice_securite") == pytest.approx(0.5)


def test_break_even_default_base_is_commercial_year():
    r = run("seuil_rentabilite")
    assert r.value("point_mort") == pytest.approx(180)
    assert "360" in r.output("point_mort").formula


def test_break_even_units():
    r = run("seuil_rentabilite", charges_fixes=24000, prix_unitaire=80, cout_variable_unitaire=20)
    assert r.value("seuil_unites") == pytest.approx(400)


def test_break_even_no_threshold_when_margin_not_positive():
    r = run("seuil_rentabilite", chiffre_affaires=10000, charges_variables=12000, charges_fixes=1000)
    assert r.value("seuil") is None
    assert any("chaque vente augmente la perte" in w for w in r.warnings)


def test_break_even_shortfall_and_zero_turnover():
    r = run("seuil_rentabilite", chiffre_affaires=20000, charges_variables=4000, charges_fixes=24000)
    assert r.value("seuil") == pytest.approx(30000)
    assert any("il manque" in w for w in r.warnings)
    r = run("seuil_rentabilite", chiffre_affaires=0)
    assert r.value("seuil") is None and r.warnings


def test_break_even_warns_when_pay_not_included():
    r = run("seuil_rentabilite", remuneration_incluse=False)
    assert any("rémunération" in w for w in r.warnings)


def test_target_turnover_micro():
    r = run(
        "ca_cible_micro",
        charges_fixes=6000,
        remuneration_nette=18000,
        taux_charges_variables=10,
        taux_cotisations=21.2,
        taux_versement_liberatoire=1.7,
    )
    assert r.value("ca_cible") == pytest.approx(35768, abs=1)
    r = run("ca_cible_micro", acre=True, taux_reduction_acre=25)
    assert r.value("taux_cotisations_applique") == pytest.approx(0.159)
    assert r.value("ca_cible") == pytest.approx(33149, abs=1)


def test_target_turnover_impossible_rates_and_ceiling():
    r = run("ca_cible_micro", taux_charges_variables=80, taux_cotisations=21.2)
    assert r.value("ca_cible") is None and r.warnings
    r = run("ca_cible_micro", plafond_ca=20000)
    assert any("plafond" in w for w in r.warnings)


# Price and margin ----------------------------------------------------------------------------------------


def test_price_and_margin():
    r = run("prix_marge", cout_achat_ht=20, prix_vente_ht=50, taux_tva=20, taux_marque_cible=60)
    assert r.value("prix_vente_ttc") == pytest.approx(60)
    assert r.value("marge_ht") == pytest.approx(30)
    assert r.value("taux_marge") == pytest.approx(1.5)
    assert r.value("taux_marque") == pytest.approx(0.6)
    assert r.value("coefficient") == pytest.approx(3)
    assert r.value("prix_conseille_ht") == pytest.approx(50)


def test_price_below_cost_and_zero_cost():
    r = run("prix_marge", cout_achat_ht=60, prix_vente_ht=50)
    assert any("à perte" in w for w in r.warnings)
    r = run("prix_marge", cout_achat_ht=0, prix_vente_ht=50)
    with pytest.raises(KeyError):
        r.value("taux_marge")


# 5.2 BFR -------------------------------------------------------------------------------------------------


def test_bfr_worked_example():
    r = run(
        "bfr",
        chiffre_affaires_ht=120000,
        achats_ht=60000,
        jours_stock=30,
        delai_clients=30,
        delai_fournisseurs=60,
        taux_tva=20,
    )
    assert r.value("stock") == pytest.approx(5000)
    assert r.value("creances_clients") == pytest.approx(12000)
    assert r.value("dettes_fournisseurs") == pytest.approx(12000)
    assert r.value("bfr") == pytest.approx(5000)
    assert r.value("bfr_jours") == pytest.approx(15)


def test_bfr_franchise_uses_ht_and_negative_is_a_resource():
    r = run("bfr", franchise_tva=True)
    assert r.value("creances_clients") == pytest.approx(10000)
    r = run("bfr", jours_stock=0, delai_clients=0, delai_fournisseurs=60)
    assert r.value("bfr") < 0
    assert r.output("bfr").label.startswith("Ressource")


def test_bfr_rejects_negative_days():
    parsed, result = KINDS["bfr"].run({"jours_stock": "-3"})
    assert result is None and "jours_stock" in parsed.errors


# 5.3 Income statement and loan ---------------------------------------------------------------------------


def test_income_statement_lines_and_tax():
    r = run(
        "compte_resultat",
        chiffre_affaires=[100000, 100000, 100000],
        achats=[0, 0, 0],
        charges_externes=[0, 0, 0],
        impots_taxes=[0, 0, 0],
        salaires_charges=[30000, 30000, 30000],
        investissements=10000,
        duree_amortissement=2,
        charges_financieres=[0, 0, 0],
    )
    rows = dict(r.tables[0].rows)
    assert rows["Dotations aux amortissements"] == (5000, 5000, 0)
    # RCAI 65 000: 42 500 × 15 % + 22 500 × 25 % = 6 375 + 5 625 = 12 000.
    assert rows["Impôt sur les sociétés"][0] == pytest.approx(12000)
    assert r.value("resultat_net_1") == pytest.approx(53000)
    assert rows["Capacité d'autofinancement (CAF)"][0] == pytest.approx(58000)
    assert rows["Résultat net"][2] == pytest.approx(70000 - 42500 * 0.15 - 27500 * 0.25)


def test_income_statement_no_tax_on_loss_and_ir_regime():
    r = run("compte_resultat", chiffre_affaires=[10000, 10000, 10000])
    assert r.value("resultat_net_1") < 0
    assert dict(r.tables[0].rows)["Impôt sur les sociétés"][0] == 0
    assert any("négatif" in w for w in r.warnings)
    r = run("compte_resultat", impot_societes=False)
    assert dict(r.tables[0].rows)["Impôt sur les sociétés"] == (0, 0, 0)


def test_loan_worked_example():
    r = run("mensualite_pret", capital=20000, taux_annuel=5, duree_mois=60)
    assert round(r.value("mensualite"), 2) == 377.42
    assert r.to_dict()["outputs"][0]["display"] == "377,42\u00a0€"
    assert r.value("cout_interets") == pytest.approx(377.4246728802198 * 60 - 20000)


def test_loan_schedule_ends_at_zero_and_zero_rate():
    rows = schedule(20000, 0.05, 60)
    assert rows[-1][3] == pytest.approx(0, abs=1e-6)
    assert run("mensualite_pret", taux_annuel=0, capital=12000, duree_mois=12).value(
        "mensualite"
    ) == pytest.approx(1000)


def test_loan_deferrals():
    partial = run("mensualite_pret", capital=20000, taux_annuel=6, duree_mois=60, differe_mois=6)
    assert partial.value("paiement_differe") == pytest.approx(100)
    total = run(
        "mensualite_pret", capital=20000, taux_annuel=6, duree_mois=60, differe_mois=6, type_differe="total"
    )
    assert total.value("paiement_differe") == 0
    assert total.value("mensualite") > partial.value("mensualite")
    bad = run("mensualite_pret", duree_mois=12, differe_mois=12)
    assert bad.value("mensualite") is None and bad.warnings


# 5.4 Financing plan --------------------------------------------------------------------------------------


def test_financing_plan_worked_example_is_balanced():
    r = run(
        "plan_financement",
        frais_etablissement=1500,
        investissements_corporels=18000,
        investissements_financiers=1500,
        bfr_initial=5000,
        tresorerie_securite=3000,
        apport_personnel=6000,
        pret_honneur=8000,
        pret_bancaire=15000,
    )
    assert r.value("total_besoins") == 29000
    assert r.value("total_ressources") == 29000
    assert r.value("ecart") == 0
    assert r.value("part_fonds_propres") == pytest.approx(14000 / 29000)
    assert not any("manque" in w for w in r.warnings)


def test_financing_plan_gap_and_advice():
    r = run("plan_financement", pret_bancaire=5000, tresorerie_securite=0)
    assert r.value("ecart") == pytest.approx(19000 - 26000)
    assert any("manque" in w for w in r.warnings)
    assert any("sécurité" in w for w in r.warnings)
    assert any("prêt d'honneur" in w for w in r.warnings)


# 5.5 Cash plan -------------------------------------------------------------------------------------------


def test_cash_plan_worked_example():
    sales = [2000, 3000, 4000, 5000, 5000, 6000] + [0] * 6
    charges = [1500, 1500, 1700, 1900, 1900, 2100] + [0] * 6
    r = run(
        "plan_tresorerie",
        ventes=sales,
        charges=charges,
        apports=[14000] + [0] * 11,
        investissements=[18000] + [0] * 11,
        part_comptant=50,
        delai_clients_mois=1,
    )
    closing = dict(r.tables[0].rows)["Trésorerie en fin de mois"]
    assert list(closing[:6]) == [-4500, -3500, -1700, 900, 4000, 7400]
    assert r.value("besoin_max") == 4500
    assert r.value("mois_besoin_max") == "Mois 1"
    assert closing[6] == 10400  # the last 3 000 € of month-6 sales arrive in month 7


def test_cash_plan_has_a_vat_line_and_a_refund_is_negative():
    base = {"ventes": [6000] * 12, "part_comptant": 100, "investissements": [0] * 12, "charges": [0] * 12}
    without = run("plan_tresorerie", **base, apports=[0] * 12)
    paid = run("plan_tresorerie", **base, apports=[0] * 12, tva=[-600] + [1000] * 11)
    rows = dict(paid.tables[0].rows)
    assert rows["TVA reversée (collectée − déductible)"][:2] == (-600, 1000)
    assert rows["Total des décaissements"][1] == 1000
    assert paid.value("tresorerie_finale") == without.value("tresorerie_finale") - 11000 + 600
    parsed = KINDS["plan_tresorerie"].parse({"tva": "-600; 0; 0; 0; 0; 0; 0; 0; 0; 0; 0; 0"})
    assert "tva" not in parsed.errors


def test_cash_plan_no_need_and_late_receivables():
    r = run("plan_tresorerie", tresorerie_initiale=10000, delai_clients_mois=12)
    assert r.value("creances_restantes") == pytest.approx(
        sum(KINDS["plan_tresorerie"].field("ventes").default) / 2
    )
    r = run("plan_tresorerie", tresorerie_initiale=100000)
    assert r.value("besoin_max") == 0
    assert not any("négative" in w for w in r.warnings)


# 5.6 ARE vs ARCE -----------------------------------------------------------------------------------------


def test_are_keeping_example_f9():
    # (992 − 0.7 × 600) / 32 = 17.87 → 18 days = 576 € (fact F9, a 31-day month).
    r = run("are_arce", allocation_journaliere=32, revenu_mensuel=600, jours_par_mois=31)
    assert r.value("are_jours_mois") == 18
    assert r.value("are_mois") == 576


def test_arce_capital_and_comparison():
    # A contract ended before 1 April 2025: no cap on the ARE cumulated with the creation's income.
    r = run(
        "are_arce",
        allocation_journaliere=40,
        jours_restants=300,
        revenu_mensuel=0,
        horizon_mois=12,
        plafond_cumul=0,
    )
    assert r.value("arce_total") == pytest.approx(0.6 * 40 * 300 * 0.97)
    assert r.value("arce_versement") == pytest.approx(r.value("arce_total") / 2)
    # With no income, ARE pays 30 days a month until the 300 days run out (10 months).
    assert r.value("total_are") == pytest.approx(300 * 40)
    assert r.value("droits_restants") == 0
    assert r.value("ecart") == pytest.approx(12000 - 6984)
    assert any("définitif" in w for w in r.warnings)
    assert any("avant le 1er avril 2025" in w for w in r.warnings)
    assert r.value("plafond_cumul") is None and r.value("mois_plafond") is None


def test_cumul_cap_reached_mid_month():
    # Since 1 April 2025 the ARE cumulated with the creation's income is capped at 60 % of the rights left on
    # the creation date: 60 % × 110 = 66 days. 30 + 30 days, then only 6 days in month 3, then nothing.
    r = run(
        "are_arce",
        allocation_journaliere=40,
        jours_restants=110,
        revenu_mensuel=0,
        horizon_mois=12,
        plafond_cumul=60,
    )
    assert r.value("plafond_cumul") == 66 * 40
    assert r.value("mois_plafond") == 3
    assert r.value("total_are") == 66 * 40
    assert r.value("droits_restants") == 110 - 66  # the days not paid stay counted as rights
    are = dict(zip(r.tables[0].columns, dict(r.tables[0].rows)["En gardant l'ARE"], strict=True))
    assert (are["Mois 2"], are["Mois 3"], are["Mois 4"], are["Mois 12"]) == (2400, 2640, 2640, 2640)
    warning = next(w for w in r.warnings if w.startswith("Plafond du cumul"))
    assert "au mois 3, où seuls 6 jours sont versés" in warning
    assert "66 jours" in warning and "instance paritaire régionale" in warning
    assert not any("avant le 1er avril 2025" in w for w in r.warnings)


def test_cumul_cap_reached_at_the_end_of_a_month():
    # Amina: 18 days a month, 60 % × 480 = 288 days = 16 months exactly; nothing more from month 17.
    r = run(
        "are_arce",
        allocation_journaliere=40,
        jours_restants=480,
        revenu_mensuel=700,
        horizon_mois=24,
        jours_par_mois=30,
    )
    assert (r.value("are_jours_mois"), r.value("mois_plafond")) == (18, 16)
    assert r.value("total_are") == pytest.approx(288 * 40)
    assert r.value("droits_restants") == 480 - 288
    assert any(w.startswith("Plafond du cumul atteint à la fin du mois 16") for w in r.warnings)
    # Within twelve months the cap does not bite: same totals as without it, and no warning.
    year = run("are_arce", allocation_journaliere=40, jours_restants=480, revenu_mensuel=700, horizon_mois=12)
    free = run(
        "are_arce",
        allocation_journaliere=40,
        jours_restants=480,
        revenu_mensuel=700,
        horizon_mois=12,
        plafond_cumul=0,
    )
    assert year.value("total_are") == free.value("total_are") == 12 * 720
    assert year.value("mois_plafond") is None
    assert not any(w.startswith("Plafond du cumul") for w in year.warnings)


def test_cumul_cap_in_the_first_month_and_cap_of_all_rights():
    # 60 % of 20 days is 12 days: the first month is cut to 12 days.
    r = run("are_arce", allocation_journaliere=40, jours_restants=20, revenu_mensuel=0, horizon_mois=3)
    assert (r.value("are_jours_mois"), r.value("are_mois"), r.value("mois_plafond")) == (12, 480, 1)
    assert r.value("droits_restants") == 8
    # Whole days only: 60 % of 1 day is no day at all.
    tiny = run("are_arce", allocation_journaliere=40, jours_restants=1, revenu_mensuel=0, horizon_mois=3)
    assert tiny.value("total_are") == 0 and tiny.value("droits_restants") == 1
    assert any("dès le mois 1, où aucun jour n'est versé" in w for w in tiny.warnings)
    # A cap of 100 % of the rights is the rights themselves: the same as no cap, and no cap warning.
    whole = run(
        "are_arce",
        allocation_journaliere=40,
        jours_restants=300,
        revenu_mensuel=0,
        horizon_mois=12,
        plafond_cumul=100,
    )
    assert whole.value("total_are") == 300 * 40 and whole.value("droits_restants") == 0
    assert whole.value("plafond_cumul") is None and whole.value("mois_plafond") is None
    assert not any(w.startswith("Plafond du cumul") for w in whole.warnings)


def test_cumul_cap_is_a_share_of_the_rights_on_the_creation_date():
    # The salary cap and the income keep days in the rights; the cumul cap still counts the rights of day one.
    r = run(
        "are_arce",
        allocation_journaliere=50,
        jours_restants=400,
        revenu_mensuel=500,
        salaire_brut_ancien=1500,
        horizon_mois=60,
    )
    assert r.value("plafond_cumul") == 240 * 50
    assert r.value("total_are") == pytest.approx(240 * 50)
    assert r.value("droits_restants") == 160
    parsed = KINDS["are_arce"].parse({"plafond_cumul": "120"})
    assert "plafond_cumul" in parsed.errors


def test_are_loses_its_pension_participation_and_csg_crds_above_their_thresholds():
    # Amina: 40 € a day, reference wage 70 €: each day of ARE pays 40 − 3 % × 70 = 37,90 €; still 18 days.
    r = run(
        "are_arce",
        allocation_journaliere=40,
        jours_restants=480,
        revenu_mensuel=700,
        horizon_mois=24,
        salaire_journalier_reference=70,
    )
    assert r.value("are_journaliere_nette") == pytest.approx(37.90)
    assert (r.value("are_jours_mois"), r.value("are_mois")) == (18, pytest.approx(682.20))
    assert r.value("plafond_cumul") == pytest.approx(288 * 37.90)
    assert r.value("total_are") == pytest.approx(288 * 37.90)
    assert r.value("arce_total") == pytest.approx(0.6 * 40 * 480 * 0.97)
    assert r.value("ecart") == pytest.approx(288 * 37.90 - 0.6 * 40 * 480 * 0.97)
    assert not any("Salaire journalier de référence non renseigné" in w for w in r.warnings)
    # Amina's 37,90 € a day are under the CSG and CRDS threshold: they take nothing from her ARE, and the
    # full rate from her ARCE; she is told why.
    taxed = run(
        "are_arce",
        allocation_journaliere=40,
        jours_restants=480,
        revenu_mensuel=700,
        horizon_mois=24,
        salaire_journalier_reference=70,
        csg_crds=6.7,
    )
    assert taxed.value("are_mois") == pytest.approx(682.20)
    assert taxed.value("arce_total") == pytest.approx(0.6 * 40 * 480 * 0.97 * 0.933)
    assert taxed.value("ecart") == pytest.approx(288 * 37.90 - 0.6 * 40 * 480 * 0.97 * 0.933)
    assert not any(w.startswith("CSG et CRDS non comptées") for w in taxed.warnings)
    assert any("ne dépasse pas le seuil d'exonération de la CSG" in w for w in taxed.warnings)
    # Without the reference wage the ARE is gross, and the learner is told so.
    gross = run("are_arce", allocation_journaliere=40, revenu_mensuel=700)
    assert gross.value("are_mois") == 720
    assert any("Salaire journalier de référence non renseigné" in w for w in gross.warnings)
    assert any(w.startswith("CSG et CRDS non comptées") for w in gross.warnings)


def test_are_deductions_follow_the_unedic_worked_example():
    """Unédic, « Retenues sociales sur les allocations »: reference wage 120 €, ARE 68,40 € a day: 3,60 € for the
    pension, then CSG and CRDS on 98,25 % of the 64,80 € left: 3,95 € and 0,32 €, so 60,53 € paid."""
    r = run(
        "are_arce",
        allocation_journaliere=68.40,
        salaire_journalier_reference=120,
        csg_crds=(6.2 + 0.5) * 0.9825,
    )
    assert r.value("are_journaliere_nette") == pytest.approx(60.53, abs=0.005)


def test_are_deductions_stop_at_their_thresholds():
    # CSG and CRDS may take the day down to the threshold, not below: 66 − 3 = 63 €, 6,7 % would leave 58,78 €.
    assert run(
        "are_arce",
        allocation_journaliere=66,
        salaire_journalier_reference=100,
        csg_crds=6.7,
        seuil_csg_are=60,
    ).value("are_journaliere_nette") == pytest.approx(60)
    # Well above it, the whole rate applies: 80 − 4,20 = 75,80 €, less 6,58 %.
    assert run("are_arce", allocation_journaliere=80, salaire_journalier_reference=140, csg_crds=6.58).value(
        "are_journaliere_nette"
    ) == pytest.approx(75.80 * (1 - 0.0658))
    # The pension participation stops at its own threshold: 32 − 1,80 would be 30,20 €.
    assert run("are_arce", allocation_journaliere=32, salaire_journalier_reference=60).value(
        "are_journaliere_nette"
    ) == pytest.approx(31.97)
    # Thresholds at 0: the plain rates, as before.
    assert run(
        "are_arce",
        allocation_journaliere=40,
        salaire_journalier_reference=70,
        csg_crds=6.7,
        seuil_csg_are=0,
        seuil_retraite_are=0,
    ).value("are_journaliere_nette") == pytest.approx(37.90 * 0.933)


def test_are_salary_cap_and_high_income():
    capped = run("are_arce", allocation_journaliere=50, revenu_mensuel=500, salaire_brut_ancien=1500)
    assert capped.value("are_mois") <= 1000
    none = run("are_arce", allocation_journaliere=30, revenu_mensuel=5000)
    assert none.value("are_mois") == 0 and none.value("droits_restants") == 400


# Parsing and display -------------------------------------------------------------------------------------


def test_french_numbers_and_bounds():
    assert parse_number("1 500,50") == 1500.5
    assert parse_number("1\u202f500 €") == 1500
    assert parse_number("21,2 %") == 21.2
    with pytest.raises(ValueError):
        parse_number("douze")
    with pytest.raises(ValueError):
        parse_number("nan")
    parsed = KINDS["mensualite_pret"].parse({"duree_mois": "12,5"})
    assert "duree_mois" in parsed.errors
    parsed = KINDS["prix_marge"].parse({"taux_tva": "120"})
    assert "taux_tva" in parsed.errors


def test_form_fields_for_series_and_checkbox():
    kind = KINDS["plan_tresorerie"]
    parsed = kind.parse({"ventes_1": "1 000", "ventes_2": "", "_submitted": "1"})
    assert parsed.display["ventes"][0] == 1000
    assert parsed.display["ventes"][1] == kind.field("ventes").default[1]
    assert parsed.values["part_comptant"] == 0.5
    bfr = KINDS["bfr"].parse({"_submitted": "1"})
    assert bfr.display["franchise_tva"] is False
    assert KINDS["bfr"].parse({"franchise_tva": "on"}).display["franchise_tva"] is True
    series = kind.parse({"ventes": "1; 2; 3"})
    assert series.display["ventes"][:4] == [1, 2, 3, kind.field("ventes").default[3]]
    too_long = kind.parse({"ventes": ";".join(["1"] * 13)})
    assert "ventes" in too_long.errors


def test_author_defaults_override_kind_defaults():
    parsed = KINDS["mensualite_pret"].parse({}, base={"capital": 5000.0})
    assert parsed.values["capital"] == 5000


def test_series_fields_are_consistent():
    for kind in KINDS.values():
        for field in kind.inputs:
            if field.type == SERIES:
                assert len(field.column_labels) == field.length


def test_display_conventions():
    # Money to the cent, half up as a till rounds; a whole amount reads without « ,00 ».
    assert format_value(30000.4, "€") == "30\u202f000,40\u00a0€"
    assert format_value(30000, "€") == "30\u202f000\u00a0€"
    assert format_value(0.125, "€") == "0,13\u00a0€"
    assert format_value(0.8, "%") == "80\u00a0%"
    assert format_value(182.5, "jours") == "182,5\u00a0jours"
    assert format_value(None, "€") == "—"


def test_a_small_price_is_shown_to_the_cent():
    # The issue's example: 2,40 € bought, 4,90 € HT sold, VAT 5,5 %. Whole euros said « TTC 5 € », « marge 3 € ».
    result = compute_prix_marge(
        {"cout_achat_ht": 2.40, "prix_vente_ht": 4.90, "taux_tva": 0.055, "taux_marque_cible": 0}
    )
    shown = {out.name: format_value(out.value, out.unit, out.decimals) for out in result.outputs}
    assert shown["prix_vente_ttc"] == "5,17\u00a0€"
    assert shown["marge_ht"] == "2,50\u00a0€"


def test_pdf_documents_render_with_and_without_a_unicode_font(monkeypatch):
    from datetime import date

    from courses import pdf

    for font_dir in (pdf.FONT_DIR, None):
        monkeypatch.setattr(pdf, "FONT_DIR", font_dir)
        cert = pdf.certificate_pdf(
            "Amina Benali",
            "Financer et créer son entreprise",
            date(2026, 1, 1),
            "http://x/mooc/certificat/abc",
        )
        assert cert.startswith(b"%PDF")
        result = run("plan_tresorerie")
        dossier = pdf.dossier_pdf(
            "Amina", "Cours", date(2026, 1, 1), [pdf.DossierItem("Trésorerie", [("a", "1 €")], result)]
        )
        assert dossier.startswith(b"%PDF")


def test_are_days_round_half_up_as_france_travail_does():
    # (32 € × 30 − 50 % × 864 €) ÷ 32 € = 16,5 days: France Travail pays 17; round() to even said 16.
    paid, days = are_month(32.0, 30, 864.0, rights_left=100, salary_cap=0, income_share=0.5)
    assert (days, paid) == (17, 17 * 32.0)
