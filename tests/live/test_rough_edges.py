"""Rough edges a newcomer met on the workshop pages (issue « The journey, polished »)."""

from __future__ import annotations

from datetime import timedelta

from learning import timezones
from learning.db import utcnow
from learning.i18n import datetime_fr, to_paris
from learning.models import Member
from learning.outbox import attachments_of
from live import actions
from live.models import Workshop
from tests.helpers import csrf_token, submit, text_of, words_of
from tests.live.helpers import add_coordination, add_members, add_workshop, browser_for, emails_to


async def test_the_list_says_each_workshops_own_capacity(app, db):
    [louise] = await add_members(db, 1, prefix="louise", roles={"intervenante"})
    [amina] = await add_members(db, 1, prefix="amina")
    await add_workshop(db, louise, capacity=10, title="Petit groupe")
    await add_workshop(db, louise, capacity=12, title="Groupe moyen")
    async with await browser_for(app, db, amina) as browser:
        listing = words_of(await browser.get("/ateliers"))
    assert "15 à 20" not in listing
    assert "20 participantes au plus" in listing
    assert "10 places restantes · 10 places en tout" in listing
    assert "12 places restantes · 12 places en tout" in listing


async def test_cancelling_asks_first_and_carries_her_message(app, db):
    [louise] = await add_members(db, 1, prefix="louise", roles={"intervenante"})
    [nadia] = await add_members(db, 1, prefix="nadia", roles={"coordinatrice"})
    people = await add_members(db, 2)
    workshop = await add_workshop(db, louise, capacity=1, title="Statuts juridiques")
    for person in people:
        await actions.register(db, app.state.settings, workshop.id, person.id, utcnow())
    async with await browser_for(app, db, nadia) as browser:
        page = await browser.get(f"/ateliers/{workshop.id}")
        # The workshop page links to a confirmation, it does not cancel on one click.
        assert f'href="/ateliers/{workshop.id}/annuler"' in page.text
        asked = await browser.get(f"/ateliers/{workshop.id}/annuler")
        words = words_of(asked)
        assert asked.status_code == 200
        assert "1 inscrite et 1 personne en liste d'attente recevront un e-mail" in words
        assert "Un mot pour les inscrites (facultatif)" in words
        # A POST without the confirmation (an old form, a stray click) only asks.
        token = await csrf_token(browser, f"/ateliers/{workshop.id}/annuler")
        unconfirmed = await browser.post(f"/ateliers/{workshop.id}/annuler", data={"csrf_token": token})
        assert unconfirmed.status_code == 200 and "Oui, annuler l'atelier" in unconfirmed.text
        async with db.session() as session:
            assert (await session.get(Workshop, workshop.id)).status == "published"
        too_long = await submit(
            browser, f"/ateliers/{workshop.id}/annuler", confirme="oui", message="x" * 2001
        )
        assert too_long.status_code == 400 and "dépasse 2000 caractères" in text_of(too_long)
        done = await submit(
            browser,
            f"/ateliers/{workshop.id}/annuler",
            confirme="oui",
            message="Louise est malade : nous reprogrammons l'atelier en janvier.",
        )
        assert done.status_code == 303
    for person in people:
        [email] = [e for e in await emails_to(db, person.email) if e.subject.startswith("Atelier annulé")]
        assert (
            "Le mot de Nadia 00 :\nLouise est malade : nous reprogrammons l'atelier en janvier." in email.body
        )


async def test_the_intervenante_cancels_her_own_workshop_and_her_coordination_is_told(app, db):
    [louise, fatou] = await add_members(db, 2, prefix="louise", roles={"intervenante"})
    [nadia, other_lead] = await add_members(db, 2, prefix="nadia", roles={"coordinatrice"})
    [amina] = await add_members(db, 1, prefix="amina")
    figeac = await add_coordination(db, "figeac", "Figeac", leads=(nadia,))
    await add_coordination(db, "cahors", "Cahors", leads=(other_lead,))
    workshop = await add_workshop(db, louise, title="Oser déléguer", coordination=figeac, cohost=fatou)
    await actions.register(db, app.state.settings, workshop.id, amina.id, utcnow())
    # Her co-host is not the one who gives the workshop up: no button, and the address refuses.
    async with await browser_for(app, db, fatou) as browser:
        assert "/annuler" not in (await browser.get(f"/ateliers/{workshop.id}")).text
        assert (await browser.get(f"/ateliers/{workshop.id}/annuler")).status_code == 403
    async with await browser_for(app, db, louise) as browser:
        page = await browser.get(f"/ateliers/{workshop.id}")
        assert f'href="/ateliers/{workshop.id}/annuler"' in page.text
        asked = words_of(await browser.get(f"/ateliers/{workshop.id}/annuler"))
        assert "1 inscrite recevra un e-mail qui annonce l'annulation" in asked
        done = await submit(
            browser, f"/ateliers/{workshop.id}/annuler", confirme="oui", message="Je suis souffrante, pardon."
        )
        assert done.status_code == 303
    async with db.session() as session:
        assert (await session.get(Workshop, workshop.id)).status == "cancelled"
    [to_amina] = [e for e in await emails_to(db, amina.email) if e.subject.startswith("Atelier annulé")]
    assert "Le mot de Louise 00 :\nJe suis souffrante, pardon." in to_amina.body
    [to_nadia] = await emails_to(db, nadia.email)
    assert to_nadia.subject == "Atelier annulé par son intervenante : Oser déléguer"
    assert "Louise 00 a annulé son atelier « Oser déléguer »" in to_nadia.body
    assert "1 personne inscrite ou en attente a reçu l'annonce." in to_nadia.body
    assert "Son message aux inscrites :\nJe suis souffrante, pardon." in to_nadia.body
    assert await emails_to(db, other_lead.email) == []  # another coordination is not bothered


async def test_a_proposal_reaches_its_coordination_and_its_answer_reaches_the_intervenante(app, db):
    [louise] = await add_members(db, 1, prefix="louise", roles={"intervenante"})
    [nadia, other_lead] = await add_members(db, 2, prefix="nadia", roles={"coordinatrice"})
    [helene] = await add_members(db, 1, prefix="helene", roles={"admin"})
    figeac = await add_coordination(db, "figeac", "Figeac", leads=(nadia,))
    await add_coordination(db, "cahors", "Cahors", leads=(other_lead,))
    async with await browser_for(app, db, helene) as browser:
        # An admin may attach a workshop to any coordination: she proposes one for Figeac.
        sent = await submit(browser, "/ateliers/proposer", **_proposal(coordination=str(figeac.id)))
        assert sent.status_code == 303
    [told] = await emails_to(db, nadia.email)
    assert told.subject == "Atelier proposé : Trouver ses premières clientes"
    assert (
        "Helene 00 propose l'atelier « Trouver ses premières clientes » pour la coordination Figeac"
        in told.body
    )
    assert "/ateliers/propositions" in told.body
    assert await emails_to(db, other_lead.email) == []  # another coordination's coordinatrice is not bothered

    async with await browser_for(app, db, louise) as browser:
        national = await submit(browser, "/ateliers/proposer", **_proposal(title="Oser se lancer"))
        national_id = int(national.headers["location"].split("/")[2].split("?")[0])
    # A national workshop goes to the national team (the admins), not to local coordinatrices.
    assert [e.subject for e in await emails_to(db, helene.email)] == ["Atelier proposé : Oser se lancer"]
    assert len(await emails_to(db, nadia.email)) == 1

    async with await browser_for(app, db, nadia) as browser:
        queue = await browser.get("/ateliers/propositions")
        assert queue.status_code == 200
        assert "<title>Propositions d'ateliers à publier" in text_of(queue)
        assert "Oser se lancer" in text_of(queue)
        dashboard = text_of(await browser.get("/ateliers/mes-ateliers"))
        assert "Oser se lancer" not in dashboard  # her own workshops page is hers again
        asked = await browser.get(f"/ateliers/{national_id}/refuser")
        assert asked.status_code == 200 and "Votre réponse à l'intervenante" in text_of(asked)
        empty = await submit(browser, f"/ateliers/{national_id}/refuser", reason="  ")
        assert empty.status_code == 400 and "Dites à l'intervenante pourquoi" in text_of(empty)
        declined = await submit(
            browser, f"/ateliers/{national_id}/refuser", reason="Le même thème est déjà prévu en mars."
        )
        assert declined.headers["location"] == f"/ateliers/{national_id}?msg=refuse"
        assert "Oser se lancer" not in text_of(await browser.get("/ateliers/propositions"))
    [answer] = await emails_to(db, louise.email)
    assert answer.subject == "Votre proposition n'est pas retenue : Oser se lancer"
    assert "Sa réponse :\nLe même thème est déjà prévu en mars." in answer.body
    async with await browser_for(app, db, louise) as browser:
        page = text_of(await browser.get(f"/ateliers/{national_id}"))
        assert "Proposition non retenue" in page and "Le même thème est déjà prévu en mars." in page
        assert "non retenu" in text_of(await browser.get("/ateliers/mes-ateliers"))
        again = await submit(browser, "/ateliers/proposer", **_proposal(title="Oser se lancer, en avril"))
        again_id = int(again.headers["location"].split("/")[2].split("?")[0])
    async with await browser_for(app, db, helene) as browser:
        token = await csrf_token(browser, "/ateliers/propositions")
        await browser.post(f"/ateliers/{again_id}/publier", data={"csrf_token": token})
        await browser.post(f"/ateliers/{again_id}/publier", data={"csrf_token": token})  # a second click
    published = [e for e in await emails_to(db, louise.email) if "publié" in e.subject]
    assert [e.subject for e in published] == ["Votre atelier est publié : Oser se lancer, en avril"]
    [amina] = await add_members(db, 1, prefix="amina")
    async with await browser_for(app, db, amina) as browser:
        # A declined proposal stays between its intervenante and the coordination.
        assert (await browser.get(f"/ateliers/{national_id}")).status_code == 404


def _proposal(**changes: str) -> dict[str, str]:
    when = to_paris(utcnow() + timedelta(days=10))
    fields = {
        "title": "Trouver ses premières clientes",
        "theme": "commercial",
        "description": "Méthodes simples.",
        "date": when.date().isoformat(),
        "time": "18:30",
        "duration": "90",
        "capacity": "12",
        "cohost": "",
        "format": "online",
    }
    fields.update(changes)
    return fields


async def test_join_link_is_never_a_dead_end(app, db):
    [louise] = await add_members(db, 1, prefix="louise", roles={"intervenante"})
    [amina, claire] = await add_members(db, 2)
    open_now = await add_workshop(db, louise, starts_in=timedelta(minutes=5), capacity=3, title="Ouvert")
    tomorrow = await add_workshop(db, louise, starts_in=timedelta(days=1, hours=2), title="Demain")
    async with await browser_for(app, db, amina) as browser:
        # Not registered, seats free: she is offered to register, and the way back to the workshop.
        page = await browser.get(f"/ateliers/{open_now.id}/rejoindre")
        assert page.status_code == 403
        assert f'action="/ateliers/{open_now.id}/inscription"' in page.text and "M'inscrire" in page.text
        assert f'href="/ateliers/{open_now.id}"' in page.text
        assert "Retour à l'accueil" not in page.text
        registered = await submit(
            browser, f"/ateliers/{open_now.id}/rejoindre", f"/ateliers/{open_now.id}/inscription"
        )
        assert "?msg=inscrite" in registered.headers["location"]
        assert "data-ticket" in (await browser.get(f"/ateliers/{open_now.id}/rejoindre")).text

        # Registered, too early: the day and the time, a countdown, the check of her devices.
        await submit(browser, f"/ateliers/{tomorrow.id}", f"/ateliers/{tomorrow.id}/inscription")
        early = await browser.get(f"/ateliers/{tomorrow.id}/rejoindre")
        words = words_of(early)
        opens = datetime_fr(tomorrow.starts_at - timedelta(minutes=15))
        assert f"La salle ouvre le {opens} (heure de Paris)" in words
        assert 'data-countdown-seconds="' in early.text and "js/countdown.js" in early.text
        assert "Vérifier ma caméra et mon micro" in words and 'id="prejoin"' in early.text
        assert f'href="/ateliers/{tomorrow.id}"' in early.text
        assert "M'inscrire" not in words  # she already is
    async with await browser_for(app, db, claire) as browser:
        # Not registered and early: no device check (no seat yet), but « M'inscrire ».
        early = await browser.get(f"/ateliers/{tomorrow.id}/rejoindre")
        assert "M'inscrire" in early.text and 'id="prejoin"' not in early.text


async def test_workshop_times_are_also_given_in_her_own_time_zone(app, db):
    [louise] = await add_members(db, 1, prefix="louise", roles={"intervenante"})
    [overseas, paris] = await add_members(db, 2)
    async with db.session() as session:
        (await session.get(Member, overseas.id)).timezone = "America/Martinique"
        await session.commit()
    # 17:00 UTC in December: 18h00 in Paris, 13h00 in Martinique.
    starts = (utcnow() + timedelta(days=40)).replace(
        month=12, day=10, hour=17, minute=0, second=0, microsecond=0
    )
    if starts < utcnow() + timedelta(days=2):
        starts = starts.replace(year=starts.year + 1)
    workshop = await add_workshop(db, louise, starts_at=starts, title="Compter en euros")
    async with await browser_for(app, db, overseas) as browser:
        page = words_of(await browser.get(f"/ateliers/{workshop.id}"))
        assert "à 18h00 (heure de Paris) soit 13h00 à l'heure de Martinique" in page
        assert "soit 13h00 à l'heure de Martinique" in words_of(
            await browser.get("/ateliers?coordination=toutes")
        )
        await submit(browser, f"/ateliers/{workshop.id}", f"/ateliers/{workshop.id}/inscription")
        ics = (await browser.get(f"/ateliers/{workshop.id}/agenda.ics")).text
    [confirmation] = await emails_to(db, overseas.email)
    assert (
        "à 18h00, heure de Paris, soit 13h00 à l'heure de Martinique, durée 90 minutes" in confirmation.body
    )
    assert "DTSTART;TZID=America/Martinique:" in ics and "T130000" in ics and "BEGIN:VTIMEZONE" in ics
    attached = attachments_of(confirmation)[0].content.decode()
    assert "DTSTART;TZID=America/Martinique:" in attached
    async with await browser_for(app, db, paris) as browser:
        page = words_of(await browser.get(f"/ateliers/{workshop.id}"))
        assert "Martinique" not in page and "soit" not in page.split("Durée")[0]
        ics = (await browser.get(f"/ateliers/{workshop.id}/agenda.ics")).text
        assert "DTSTART:" in ics and "TZID" not in ics


async def test_her_lists_of_workshops_also_give_her_own_time(app, db):
    [louise] = await add_members(db, 1, prefix="louise", roles={"intervenante"})
    [overseas, paris] = await add_members(db, 2)
    async with db.session() as session:
        (await session.get(Member, overseas.id)).timezone = "America/Martinique"
        (await session.get(Member, louise.id)).timezone = "Indian/Reunion"
        await session.commit()
    workshop = await add_workshop(db, louise, title="Compter en euros")
    martinique = timezones.also_there(workshop.starts_at, "America/Martinique")
    reunion = timezones.also_there(workshop.starts_at, "Indian/Reunion")
    assert "Martinique" in martinique and "Réunion" in reunion
    for person in (overseas, paris):
        await actions.register(db, app.state.settings, workshop.id, person.id, utcnow())
    async with await browser_for(app, db, overseas) as browser:
        home = words_of(await browser.get("/")).split("Mes prochains ateliers")[1]
        assert f"Compter en euros {datetime_fr(workshop.starts_at)} (soit {martinique})" in home
        mine = words_of(await browser.get("/ateliers")).split("Mes prochains ateliers")[1]
        assert f"{datetime_fr(workshop.starts_at)} (soit {martinique})" in mine
    async with await browser_for(app, db, louise) as browser:
        dashboard = words_of(await browser.get("/ateliers/mes-ateliers"))
        assert f"{datetime_fr(workshop.starts_at)} (soit {reunion})" in dashboard
        assert f"(soit {reunion})" in words_of(await browser.get(f"/ateliers/{workshop.id}/annuler"))
    async with await browser_for(app, db, paris) as browser:
        home = words_of(await browser.get("/")).split("Mes prochains ateliers")[1]
        assert "Compter en euros" in home and "soit" not in home.split("Tous les ateliers")[0]
