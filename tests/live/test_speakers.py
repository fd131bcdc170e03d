"""Issue 20 over HTTP on both databases: reprogramming (copies, series, the waitlist's notice), anonymous
feedback, handouts served only to registrants, the speaker page and the directory of speakers."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta

import httpx
import pytest
from sqlalchemy import select

from learning import email_kinds
from learning.db import utcnow
from learning.i18n import to_paris
from learning.models import EmailPreference
from live import handouts, jobs
from live.models import Registration, Workshop
from live.speaker_models import FeedbackAnswer, FeedbackReceipt, Handout
from tests.helpers import csrf_token, submit
from tests.live.helpers import add_members, add_workshop, browser_for, emails_to, registrations

pytestmark = pytest.mark.asyncio
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


async def _register(db, workshop, members, status="confirmed", attended=False):
    async with db.session() as session:
        for m in members:
            session.add(
                Registration(
                    workshop_id=workshop.id,
                    member_id=m.id,
                    status=status,
                    attended_at=utcnow() if attended else None,
                )
            )
        if status == "confirmed":
            row = await session.get(Workshop, workshop.id)
            row.taken += len(members)
        await session.commit()


async def _workshops(db):
    async with db.session() as session:
        return list(await session.scalars(select(Workshop).order_by(Workshop.id)))


def _next_month_first_tuesday() -> date:
    today = to_paris(utcnow()).date()
    first = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    return first + timedelta(days=(1 - first.weekday()) % 7)


# Reprogramming


async def test_an_intervenante_reprograms_her_past_workshop_as_a_proposal(app, db):
    (speaker,) = await add_members(db, 1, "intervenante", roles={"intervenante"})
    (cohost,) = await add_members(db, 1, "coanim", roles={"intervenante"})
    past = await add_workshop(db, speaker, starts_in=-timedelta(days=10), cohost=cohost, capacity=12)
    (someone,) = await add_members(db, 1)
    await _register(db, past, [someone], attended=True)
    browser = await browser_for(app, db, speaker)
    day = (to_paris(utcnow()) + timedelta(days=20)).date().isoformat()
    response = await submit(
        browser, f"/ateliers/{past.id}/reprogrammer", date=day, time="18:30", pattern="une-fois"
    )
    assert response.status_code == 303, response.text[:800]
    new_id = int(response.headers["location"].split("/")[2].split("?")[0])
    page = await browser.get(f"/ateliers/{new_id}")
    assert "Bien démarrer sur Instagram" in page.text and "Proposition en attente" in page.text
    copy = next(w for w in await _workshops(db) if w.id == new_id)
    assert (copy.title, copy.theme, copy.duration_min, copy.capacity) == (
        past.title,
        past.theme,
        past.duration_min,
        12,
    )
    assert (copy.host_id, copy.cohost_id, copy.status, copy.taken) == (speaker.id, cohost.id, "proposed", 0)
    assert to_paris(copy.starts_at).strftime("%Y-%m-%d %H:%M") == f"{day} 18:30"
    assert await registrations(db, new_id) == []


async def test_reprogramming_is_refused_to_other_members_and_bad_dates_are_explained(app, db):
    (speaker,) = await add_members(db, 1, "intervenante", roles={"intervenante"})
    (other,) = await add_members(db, 1, "autre", roles={"intervenante"})
    past = await add_workshop(db, speaker, starts_in=-timedelta(days=3))
    outsider = await browser_for(app, db, other)
    assert (await outsider.get(f"/ateliers/{past.id}/reprogrammer")).status_code == 403
    browser = await browser_for(app, db, speaker)
    yesterday = (to_paris(utcnow()) - timedelta(days=1)).date().isoformat()
    response = await submit(browser, f"/ateliers/{past.id}/reprogrammer", date=yesterday, time="18:00")
    assert response.status_code == 400
    assert "au moins 30 minutes" in response.text
    response = await submit(
        browser,
        f"/ateliers/{past.id}/reprogrammer",
        date="2027-02-30",
        time="18:00",
        pattern="chaque-semaine",
    )
    assert response.status_code == 400
    assert "jj/mm/aaaa" in response.text and "combien de dates" in response.text
    assert len(await _workshops(db)) == 1


async def test_a_series_of_first_tuesdays_makes_published_occurrences_with_their_own_registrations(app, db):
    (lead,) = await add_members(db, 1, "coordinatrice", roles={"coordinatrice"})
    (speaker,) = await add_members(db, 1, "intervenante", roles={"intervenante"})
    past = await add_workshop(db, speaker, starts_in=-timedelta(days=5))
    first = _next_month_first_tuesday()
    browser = await browser_for(app, db, lead)
    response = await submit(
        browser,
        f"/ateliers/{past.id}/reprogrammer",
        date=first.isoformat(),
        time="18:00",
        pattern="meme-jour-du-mois",
        count="3",
    )
    assert response.status_code == 303, response.text[:800]
    made = [w for w in await _workshops(db) if w.id != past.id]
    assert len(made) == 3
    days = [to_paris(w.starts_at).date() for w in made]
    assert all(d.weekday() == 1 and d.day <= 7 for d in days), days  # every first Tuesday
    assert len({(d.year, d.month) for d in days}) == 3
    assert all(w.status == "published" and w.host_id == speaker.id for w in made)
    (member,) = await add_members(db, 1)
    her = await browser_for(app, db, member)
    token = await csrf_token(her, f"/ateliers/{made[1].id}")
    await her.post(f"/ateliers/{made[1].id}/inscription", data={"csrf_token": token})
    assert [len(await registrations(db, w.id)) for w in made] == [0, 1, 0]
    assert "3 nouvelles dates" in (await browser.get(response.headers["location"])).text


async def test_the_waitlist_of_a_full_workshop_hears_of_the_new_dates_once(app, db, settings):
    (lead,) = await add_members(db, 1, "coordinatrice", roles={"coordinatrice"})
    (speaker,) = await add_members(db, 1, "intervenante", roles={"intervenante"})
    full = await add_workshop(db, speaker, starts_in=-timedelta(days=2), capacity=1)
    seated, waiting, quiet = await add_members(db, 3)
    await _register(db, full, [seated])
    await _register(db, full, [waiting, quiet], status="waitlisted")
    async with db.session() as session:
        await email_kinds.set_preference(session, quiet.id, email_kinds.WORKSHOP_NEW_DATES, enabled=False)
        await session.commit()
    browser = await browser_for(app, db, lead)
    day = (to_paris(utcnow()) + timedelta(days=14)).date().isoformat()
    response = await submit(
        browser,
        f"/ateliers/{full.id}/reprogrammer",
        date=day,
        time="18:00",
        pattern="chaque-semaine",
        count="2",
    )
    assert response.status_code == 303
    await jobs.run_once(db, settings)
    await jobs.run_once(db, settings)
    told = await emails_to(db, waiting.email)
    assert len(told) == 1, [e.subject for e in told]
    assert "Nouvelle date" in told[0].subject and told[0].body.count("/ateliers/") == 2
    assert await emails_to(db, quiet.email) == []
    assert await emails_to(db, seated.email) == []


async def test_a_proposed_copy_tells_the_waitlist_only_once_published(app, db, settings):
    (speaker,) = await add_members(db, 1, "intervenante", roles={"intervenante"})
    (lead,) = await add_members(db, 1, "coordinatrice", roles={"coordinatrice"})
    full = await add_workshop(db, speaker, starts_in=-timedelta(days=2), capacity=1)
    (waiting,) = await add_members(db, 1)
    await _register(db, full, [waiting], status="waitlisted")
    browser = await browser_for(app, db, speaker)
    day = (to_paris(utcnow()) + timedelta(days=9)).date().isoformat()
    response = await submit(browser, f"/ateliers/{full.id}/reprogrammer", date=day, time="10:00")
    new_id = int(response.headers["location"].split("/")[2].split("?")[0])
    await jobs.run_once(db, settings)
    assert await emails_to(db, waiting.email) == []
    coordination = await browser_for(app, db, lead)
    await submit(coordination, f"/ateliers/{new_id}", f"/ateliers/{new_id}/publier")
    await jobs.run_once(db, settings)
    assert len(await emails_to(db, waiting.email)) == 1


# Feedback


async def _answer(app, db, workshop, member, **fields):
    browser = await browser_for(app, db, member)
    return await submit(browser, f"/ateliers/{workshop.id}/avis", **fields)


async def test_feedback_is_anonymous_once_per_member_and_shown_from_three_answers(app, db):
    (speaker,) = await add_members(db, 1, "intervenante", roles={"intervenante"})
    past = await add_workshop(db, speaker, starts_in=-timedelta(days=1))
    present = await add_members(db, 3, "presente")
    (absent,) = await add_members(db, 1, "absente")
    await _register(db, past, present, attended=True)
    await _register(db, past, [absent])
    first = await _answer(
        app, db, past, present[0], useful="tres", deeper="La TVA", comment="Zèbre : très clair"
    )
    assert first.status_code == 303
    again = await _answer(app, db, past, present[0], useful="peu", comment="Deuxième avis")
    assert (
        "déjà donné votre avis"
        in (
            await (await browser_for(app, db, present[0])).get(
                again.headers.get("location", f"/ateliers/{past.id}/avis")
            )
        ).text
    )
    assert (await (await browser_for(app, db, absent)).get(f"/ateliers/{past.id}/avis")).status_code == 403
    speaker_browser = await browser_for(app, db, speaker)
    results = await speaker_browser.get(f"/ateliers/{past.id}/retours")
    assert "à partir de 3 avis" in results.text and "Zèbre" not in results.text
    bad = await _answer(app, db, past, present[1], useful="bof")
    assert bad.status_code == 400 and "trois réponses" in bad.text
    await _answer(app, db, past, present[1], useful="assez", comment="Abeille : un peu court")
    await _answer(app, db, past, present[2], useful="tres")
    results = await speaker_browser.get(f"/ateliers/{past.id}/retours")
    assert results.status_code == 200
    text = results.text
    assert "Zèbre : très clair" in text and "Abeille : un peu court" in text and "La TVA" in text
    assert "Deuxième avis" not in text
    assert text.index("Abeille") < text.index("Zèbre")  # sorted by text, not by arrival
    for member in present:
        assert member.name not in text
    async with db.session() as session:
        answers = list(await session.scalars(select(FeedbackAnswer)))
        receipts = list(await session.scalars(select(FeedbackReceipt)))
    assert len(answers) == 3 and len(receipts) == 3
    # Nothing in an answer names her or dates it.
    assert {c.name for c in FeedbackAnswer.__table__.columns} == {
        "id",
        "workshop_id",
        "useful",
        "deeper",
        "comment",
    }
    other_member = await browser_for(app, db, absent)
    assert (await other_member.get(f"/ateliers/{past.id}/retours")).status_code == 403


async def test_the_coordination_sees_figures_and_the_speaker_is_thanked_with_them(app, db, settings):
    (speaker,) = await add_members(db, 1, "intervenante", roles={"intervenante"})
    (lead,) = await add_members(db, 1, "coordinatrice", roles={"coordinatrice"})
    now = utcnow()
    past = await add_workshop(
        db, speaker, starts_at=(now - timedelta(hours=5)).replace(microsecond=0), duration_min=60
    )
    present = await add_members(db, 3, "presente")
    await _register(db, past, present, attended=True)
    async with db.session() as session:
        session.add(Handout(workshop_id=past.id, title="Le tableur", url="https://exemple.fr/tableur"))
        await session.commit()
    await jobs.run_once(db, settings, now)
    follow_up = await emails_to(db, present[0].email)
    assert len(follow_up) == 1
    assert (
        f"/ateliers/{past.id}/avis" in follow_up[0].body and "https://exemple.fr/tableur" in follow_up[0].body
    )
    assert await emails_to(db, speaker.email) == []
    for member, level in zip(present, ("tres", "tres", "peu"), strict=True):
        await _answer(app, db, past, member, useful=level, comment=f"Avis {level}")
    overview = await (await browser_for(app, db, lead)).get("/ateliers/retours")
    assert overview.status_code == 200 and past.title in overview.text and "Avis tres" not in overview.text
    assert (await (await browser_for(app, db, speaker)).get("/ateliers/retours")).status_code == 403
    await jobs.run_once(db, settings, now + timedelta(days=3))
    await jobs.run_once(db, settings, now + timedelta(days=4))
    (thanks,) = await emails_to(db, speaker.email)
    assert "Merci" in thanks.subject and "3 avis" in thanks.body and "Avis peu" in thanks.body
    assert len(await emails_to(db, present[0].email)) == 1


# Handouts


def _pptx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", "<p:presentation/>")
    return buffer.getvalue()


async def _upload(browser, workshop, filename, content, title="Mes diapositives"):
    token = await csrf_token(browser, f"/ateliers/{workshop.id}")
    return await browser.post(
        f"/ateliers/{workshop.id}/supports",
        data={"csrf_token": token, "title": title},
        files={"file": (filename, content, "application/octet-stream")},
    )


async def test_handouts_are_checked_stored_outside_static_and_served_only_to_registrants(app, db, settings):
    (speaker,) = await add_members(db, 1, "intervenante", roles={"intervenante"})
    workshop = await add_workshop(db, speaker, capacity=1)
    seated, waiting, stranger = await add_members(db, 3)
    await _register(db, workshop, [seated])
    await _register(db, workshop, [waiting], status="waitlisted")
    browser = await browser_for(app, db, speaker)
    assert (await _upload(browser, workshop, "virus.exe", b"MZ\x90\x00")).status_code == 400
    fake = await _upload(browser, workshop, "faux.pdf", b"<html>pas un pdf</html>")
    assert fake.status_code == 400 and "ne ressemble pas" in fake.text
    big = await _upload(browser, workshop, "gros.pdf", PDF + b"0" * handouts.MAX_SIZE)
    assert big.status_code == 413 and "10 Mo" in big.text
    assert (await _upload(browser, workshop, "slides.pptx", _pptx(), title="Diapos")).status_code == 303
    assert (await _upload(browser, workshop, "fiche.pdf", PDF, title="La fiche")).status_code == 303
    async with db.session() as session:
        stored = list(await session.scalars(select(Handout).order_by(Handout.id)))
    assert [h.filename for h in stored] == ["slides.pptx", "fiche.pdf"]
    path = handouts.path_of(settings, stored[1])
    assert path.read_bytes() == PDF and str(path).startswith(str(settings.data_dir))
    url = f"/ateliers/{workshop.id}/supports/{stored[1].id}"
    mine = await (await browser_for(app, db, seated)).get(url)
    assert mine.status_code == 200 and mine.content == PDF
    assert mine.headers["content-type"] == "application/pdf"
    assert "attachment" in mine.headers["content-disposition"]
    page = await (await browser_for(app, db, seated)).get(f"/ateliers/{workshop.id}")
    assert "La fiche" in page.text and url in page.text
    for other in (waiting, stranger):
        other_browser = await browser_for(app, db, other)
        assert (await other_browser.get(url)).status_code == 403
        other_page = await other_browser.get(f"/ateliers/{workshop.id}")
        assert url not in other_page.text and "réservés aux inscrites" in other_page.text
    assert (await visitor_get(app, url)).status_code == 303  # a visitor is sent to the login page
    stranger_upload = await _upload(await browser_for(app, db, stranger), workshop, "x.pdf", PDF)
    assert stranger_upload.status_code == 403
    assert (await visitor_get(app, f"/static/{path.name}")).status_code == 404
    bad_link = await submit(
        browser, f"/ateliers/{workshop.id}", f"/ateliers/{workshop.id}/supports", url="javascript:alert(1)"
    )
    assert bad_link.status_code == 400 and "https://" in bad_link.text
    removed = await submit(
        browser, f"/ateliers/{workshop.id}", f"/ateliers/{workshop.id}/supports/{stored[1].id}/retirer"
    )
    assert removed.status_code == 303 and not path.exists()
    assert (await (await browser_for(app, db, seated)).get(url)).status_code == 404


async def visitor_get(app, url: str) -> httpx.Response:
    """What a visitor (nobody signed in) gets."""
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
        return await c.get(url)


async def test_handouts_and_feedback_are_erased_after_the_retention_period(app, db, settings):
    (speaker,) = await add_members(db, 1, "intervenante", roles={"intervenante"})
    old = await add_workshop(db, speaker, starts_in=-handouts.RETENTION - timedelta(days=2))
    recent = await add_workshop(db, speaker, starts_in=-timedelta(days=30))
    rows = []
    async with db.session() as session:
        for workshop in (old, recent):
            stored_name = handouts.store(settings, workshop.id, PDF)
            rows.append(
                Handout(
                    workshop_id=workshop.id,
                    title="f",
                    filename="f.pdf",
                    mimetype="application/pdf",
                    size=len(PDF),
                    stored_name=stored_name,
                )
            )
            session.add(FeedbackAnswer(workshop_id=workshop.id, useful="tres"))
        session.add_all(rows)
        await session.commit()
    report = await jobs.run_once(db, settings)
    assert report.purged == 1
    assert not handouts.path_of(settings, rows[0]).exists() and handouts.path_of(settings, rows[1]).exists()
    async with db.session() as session:
        assert [h.workshop_id for h in await session.scalars(select(Handout))] == [recent.id]
        assert [a.workshop_id for a in await session.scalars(select(FeedbackAnswer))] == [recent.id]
    privacy = await visitor_get(app, "/confidentialite")
    assert "effacés un an après" in privacy.text


# Her speaker page and the directory


async def test_the_speaker_page_and_the_opt_in_directory(app, db):
    (speaker,) = await add_members(db, 1, "intervenante", roles={"intervenante"})
    (shy,) = await add_members(db, 1, "discrete", roles={"intervenante"})
    (lead,) = await add_members(db, 1, "coordinatrice", roles={"coordinatrice"})
    (member,) = await add_members(db, 1)
    await add_workshop(db, speaker, title="Atelier à venir")
    past = await add_workshop(db, speaker, starts_in=-timedelta(days=4), title="Atelier passé")
    await _register(db, past, await add_members(db, 2, "venue"), attended=True)
    browser = await browser_for(app, db, speaker)
    page = await browser.get("/intervenantes/moi")
    assert page.status_code == 200
    assert "Atelier à venir" in page.text and "Atelier passé" in page.text
    assert f"/ateliers/{past.id}/reprogrammer" in page.text
    saved = await submit(
        browser,
        "/intervenantes/moi",
        "/intervenantes/moi/profil",
        listed="1",
        bio="Experte-comptable.",
        themes=["comptabilite", "financement", "inconnu"],
    )
    assert saved.status_code == 303
    await submit(
        await browser_for(app, db, shy),
        "/intervenantes/moi",
        "/intervenantes/moi/profil",
        bio="Pas encore.",
        themes=["comptabilite"],
    )
    coordination = await browser_for(app, db, lead)
    listed = await coordination.get("/intervenantes?theme=comptabilite")
    assert speaker.name in listed.text and shy.name not in listed.text
    assert speaker.name not in (await coordination.get("/intervenantes?theme=communication")).text
    profile = await coordination.get(f"/intervenantes/{speaker.id}")
    assert (
        "Experte-comptable." in profile.text
        and "Atelier passé" in profile.text
        and speaker.email not in profile.text
    )
    assert (await coordination.get(f"/intervenantes/{shy.id}")).status_code == 404
    assert (await (await browser_for(app, db, member)).get("/intervenantes")).status_code == 403
    assert (await (await browser_for(app, db, member)).get("/intervenantes/moi")).status_code == 403
    async with db.session() as session:
        assert await session.scalar(select(EmailPreference).limit(1)) is None


async def test_her_data_says_she_answered_but_not_what(app, db):
    (speaker,) = await add_members(db, 1, "intervenante", roles={"intervenante"})
    past = await add_workshop(db, speaker, starts_in=-timedelta(days=1), title="Atelier à commenter")
    (member,) = await add_members(db, 1)
    await _register(db, past, [member], attended=True)
    await _answer(app, db, past, member, useful="peu", comment="Trop rapide pour moi")
    exported = await (await browser_for(app, db, member)).get("/compte/donnees.json")
    assert exported.status_code == 200
    assert "Atelier à commenter" in exported.text and "Trop rapide" not in exported.text
    await submit(
        await browser_for(app, db, speaker), "/intervenantes/moi", "/intervenantes/moi/profil", bio="Bio"
    )
    assert (
        '"presentation": "Bio"'
        in (await (await browser_for(app, db, speaker)).get("/compte/donnees.json")).text
    )
