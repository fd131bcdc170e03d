"""The course's facts: dated and sourced, all used, conflicts flagged and explained, and no time-sensitive
figure typed into a lesson instead of coming from the facts file."""

from __future__ import annotations

import re

from .conftest import COURSE_DIR
from .helpers import norm, source

# Facts -----------------------------------------------------------------------------------------------

CONFLICTS = {  # fact id → the lessons that must say what is certain and where to check
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


def test_micro_thresholds_are_settled_for_2026_to_2028(facts):
    # Published by service-public on 26 February 2026 for 2026-2028: no « sources divergentes » left about them.
    assert (facts["micro_plafond_ventes_2026"].value, facts["micro_plafond_services_2026"].value) == (
        203100,
        83600,
    )
    assert (
        "[conflit]" not in facts["micro_plafond_ventes_2026"].note + facts["micro_plafond_services_2026"].note
    )
    for path in (
        "02-statut-juridique/01-entreprise-individuelle-micro.md",
        "07-demarrer-piloter/03-seuils-changer-statut.md",
        "02-statut-juridique/check.md",
    ):
        text = source(path)
        assert "micro_plafond_ventes_2026" in text, path
        assert not re.search(r"divergen", text, re.I), path


def test_acre_depends_on_the_start_date_and_fades_out_with_income(facts):
    # Décret n° 2026-69: 25 % for micro-entrepreneurs starting from 1 July 2026, 50 % kept by earlier ones.
    assert facts["acre_exoneration_micro"].as_of.isoformat() == "2026-07-01"
    assert "[conflit]" not in facts["acre_exoneration_micro"].note
    text = source("03-aides-creation/01-acre.md")
    assert "à partir du {{ acre_exoneration_micro.as_of }}" in text
    assert "{{ acre_exoneration_avant_2026 }}" in text.split("## Comment la demander")[0]
    assert "75 % du PASS" in text and "100 % du PASS" in text


MATERNITY_AMOUNTS = (
    "maternite_allocation_forfaitaire",
    "maternite_ij_independante",
    "maternite_seuil_revenu",
    "maternite_allocation_reduite",
    "maternite_ij_reduite",
    "rg_ij_maternite_max",
)


def test_maternity_figures_are_dated_facts_and_point_to_ameli():
    """The maternity lesson gives the year's amounts, all from the facts file and due for review each
    1 January; every lesson that mentions maternity sends to ameli.fr or to that lesson, and the social-status lesson points to
    the maternity lesson rather than giving amounts of its own."""
    lesson = source("02-statut-juridique/07-conge-maternite.md")
    for fact_id in MATERNITY_AMOUNTS:
        assert "{{ " + fact_id + " }}" in lesson, fact_id
    for path in COURSE_DIR.rglob("*.md"):
        text = norm(path.read_text(encoding="utf-8"))
        if re.search(r"maternit", text, re.I) and path.name != "check.md":
            assert "ameli.fr" in text or "(07-conge-maternite.md)" in text, path
    status = source("02-statut-juridique/03-statut-social.md")
    assert "(07-conge-maternite.md)" in status
    assert not re.search(r"\d[\d ,]*\s*(€|jours|semaines)", status.split("## La maternité")[1].split("##")[0])


def test_versement_liberatoire_limit_is_the_one_for_2026(facts):
    # CGI art. 151-0: the top of the 2nd bracket of the scale of the year before the option (LF 2025 for 2026).
    limit = facts["vl_condition_rfr"]
    assert (limit.value, limit.until.isoformat()) == (29315, "2026-12-31")
    text = " ".join(source("02-statut-juridique/04-fiscalite.md").split())
    assert (
        "pour une option en 2026, le revenu fiscal de référence de 2024 ne doit pas dépasser {{ vl_condition_rfr }}"
        in text
    )


# Distinctive time-sensitive figures that must never be typed into the prose of a lesson.
NEVER_HARD_WRITTEN = (
    "micro_plafond_ventes",
    "micro_plafond_services",
    "micro_plafond_ventes_2026",
    "micro_plafond_services_2026",
    "micro_cotis_ventes",
    "micro_cotis_bic_services",
    "micro_cotis_bnc_ssi",
    "micro_cotis_bnc_cipav",
    "vl_taux_bic_services",
    "vl_taux_bnc",
    "tva_franchise_ventes",
    "tva_franchise_ventes_majore",
    "tva_franchise_services",
    "tva_franchise_services_majore",
    "is_seuil_taux_reduit",
    "acre_taux_micro_bic_services",
    "pass_2026",
    "microcredit_plafond",
    "femmes_revenu_micro",
    "fgif_plafond_ancien",
    "starther_levees_nombre",
    "vl_condition_rfr",
    *MATERNITY_AMOUNTS,
    "smic_horaire_2026",
)


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
