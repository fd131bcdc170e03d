"""« Boîte à outils »: every calculator of the real course, for a member who has not started it, saving nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from courses.calculators import KINDS
from courses.models import CalculatorInput, Enrolment
from tests.helpers import create_member, login, text_of

from .conftest import COURSE_SLUG

COURSE = f"/mooc/{COURSE_SLUG}"


async def test_every_calculator_without_unlocking_anything_and_nothing_saved(app, client, db):
    course = app.state.courses.library.courses[COURSE_SLUG]
    await create_member(db, "fatou@exemple.fr", name="Fatou Ndiaye")
    await login(client, "fatou@exemple.fr")
    page = await client.get(f"{COURSE}/boite-a-outils")
    assert page.status_code == 200
    text = text_of(page)
    kinds = {calc.kind for calc in course.calculators.values()}
    assert kinds == set(KINDS)  # the course uses every kind the engine has
    for kind in kinds:
        assert KINDS[kind].title in text, kind
    # Drawn on the server, readable without JavaScript: the cash plan, the break-even point, the loan.
    assert page.text.count('<figure class="calc-chart">') == 3 and page.text.count('role="img"') >= 3
    # Her prices, without JavaScript: the form is a GET that recomputes the one she sent, to the cent.
    pricing = next(c for c in course.calculators.values() if c.kind == "prix_marge")
    answer = await client.get(
        f"{COURSE}/boite-a-outils",
        params={
            "outil": pricing.id,
            "cout_achat_ht": "2,40",
            "prix_vente_ht": "4,90",
            "taux_tva": "5,5",
            "taux_marque_cible": "0",
        },
    )
    shown = text_of(answer)
    assert answer.status_code == 200 and "5,17\u00a0€" in shown and "2,50\u00a0€" in shown
    # Bad input gets the calculator's French error, not a 500.
    wrong = await client.get(
        f"{COURSE}/boite-a-outils", params={"outil": pricing.id, "cout_achat_ht": "deux"}
    )
    assert wrong.status_code == 200 and "aria-invalid" in wrong.text
    async with db.session() as session:
        saved = await session.scalar(select(func.count()).select_from(CalculatorInput))
        enrolled = await session.scalar(select(func.count()).select_from(Enrolment))
    assert (saved, enrolled) == (0, 0)
    # The course page leads there.
    assert f'href="{COURSE}/boite-a-outils"' in (await client.get(COURSE)).text


async def test_the_toolbox_is_for_members(client):
    visitor = await client.get(f"{COURSE}/boite-a-outils")
    assert visitor.status_code in (302, 303) and "/connexion" in visitor.headers["location"]
