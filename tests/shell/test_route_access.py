"""Who may do what, route by route, on the demo data: every route has its own rule (tests/shell/access_rules.py),
and each of the demo's people gets exactly what the rule says, on real objects (ids of the demo's workshops,
posts, answers, members, course, certificate… substituted into the probes)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import overload

import httpx
import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette
from starlette.routing import BaseRoute, Mount, Route, compile_path

from courses import progress
from courses.models import CheckAttempt
from learning import email_kinds
from learning.board import services
from learning.board.models import Answer, Post, Report
from learning.coordinations.models import Coordination, Membership, VolunteerApplication
from learning.db import Database, utcnow
from learning.demo import DEMO_PASSWORD, load_demo
from learning.members.messaging import conversation_between
from learning.members.models import Skill
from learning.members.models_messages import MessageReport, PrivateMessage
from learning.models import Member
from learning.models import Testimonial as QuoteRow  # « Test… » would be collected by pytest
from learning.partners.models import Structure
from learning.settings import Settings
from learning.tokens import CONFIRM, RESET, issue_one_time_token, new_token, token_hash
from learning.tokens import LOGIN as LOGIN_LINK
from live import feeds
from live.media.tickets import sign_report
from live.models import Registration, Workshop
from live.models_guests import GuestInvitation
from live.speaker_models import Handout
from tests.conftest import demo_database_url
from tests.helpers import csrf_token, login
from tests.shell.access_rules import ACCESS, EVERYONE, LAST, PEOPLE, Outcome, Probe, See

SAMPLE_CONTENT = Path(__file__).resolve().parent.parent / "fixtures" / "content"


def served_routes(routes: Sequence[BaseRoute], prefix: str = "") -> list[tuple[str, BaseRoute]]:
    """(`METHOD /path/template`, route) for every method of every route, mounted ones included."""
    found: list[tuple[str, BaseRoute]] = []
    for route in routes:
        if isinstance(route, Route):
            for method in sorted(route.methods or {"ANY"}):
                if method != "HEAD":  # answered with GET
                    found.append((f"{method} {prefix}{route.path}", route))
        elif isinstance(route, Mount) and route.routes:
            found += served_routes(route.routes, prefix + route.path)
        elif not (isinstance(route, Mount) and route.path == "/static"):
            found.append((f"{type(route).__name__} {prefix}{getattr(route, 'path', '?')}", route))
    return found


def route_serving(app: Starlette, method: str, path: str) -> str | None:
    """The ACCESS key of the route that answers `method path`: the first whose template matches."""
    for key, _route in served_routes(app.routes):
        key_method, template = key.split(" ", 1)
        if key_method == method and compile_path(template)[0].match(path):
            return key
    return None


def test_every_route_has_an_access_rule(app: Starlette) -> None:
    served = {key for key, _route in served_routes(app.routes)}
    assert sorted(served - ACCESS.keys()) == [], "routes without a rule in tests/shell/test_route_access.py"
    assert sorted(ACCESS.keys() - served) == [], "rules for routes the app no longer serves"
    for key, probes in ACCESS.items():
        for probe in probes if isinstance(probes, tuple) else (probes,):
            assert set(probe.expect) == set(PEOPLE), (key, probe.url)


async def demo_objects(app: Starlette, db: Database, settings: Settings) -> dict[str, str]:
    """`entraide demo`, plus what the probes need that the demo does not hold: posts and answers young
    enough to edit, a report, Julie's calendar feed, e-mailed tokens, a finished course and its certificate."""
    await load_demo(settings)
    course = app.state.courses.library.courses["cours-exemple"]
    async with db.session() as session:
        people = {m.email.split("@")[0]: m for m in await session.scalars(select(Member))}
        amina, claire, julie, sophie = (people[k] for k in ("amina", "claire", "julie", "sophie"))

        async def workshop(title: str) -> int:
            found = await session.scalar(select(Workshop.id).where(Workshop.title == title))
            assert found is not None, f"no demo workshop {title!r}"
            return found

        async def post(title: str) -> Post:
            found = await session.scalar(select(Post).where(Post.title == title))
            assert found is not None, f"no demo post {title!r}"
            return found

        def new_post(title: str) -> services.PostInput:
            return services.PostInput(kind="question", title=title, body="Qui ?", themes=[], scope="reseau")

        amina_post = await services.create_post(session, amina, new_post("Le message frais d'Amina"))
        to_delete = await services.create_post(session, amina, new_post("Un message qu'Amina retire"))
        claire_post = await services.create_post(session, claire, new_post("Le message frais de Claire"))
        await session.flush()
        claire_answer = await services.add_answer(session, claire, amina_post, "La réponse de Claire.")
        amina_answer = await services.add_answer(session, amina, claire_post, "La réponse d'Amina.")
        answer_to_delete = await services.add_answer(
            session, amina, claire_post, "Une réponse qu'elle retire."
        )
        logo = await post("Je crée votre logo contre un coup de main en comptabilité")
        await services.report(session, claire, logo, None, "Hors sujet ?")
        await feeds.create_or_renew(session, julie.id)
        # Everyone of the matrix follows the course; Amina, further on since the demo, passes the last check and
        # has read every lesson.
        for key in ("intervenante", "intervenante2", "coordinatrice", "admin"):
            await progress.enrol(session, people[key].id, course.slug)
        session.add(
            CheckAttempt(
                member_id=amina.id,
                course=course.slug,
                module="chiffres",
                number=1,
                questions=[q.id for q in course.module("chiffres").check.quizzes],
                submitted_at=utcnow(),
                score=1.0,
                passed=True,
            )
        )
        await session.flush()
        # The attestation also wants every lesson read.
        for lesson in course.lessons():
            await progress.complete_lesson(session, amina.id, lesson)
        await session.flush()
        certificate = await progress.issue_certificate(session, amina.id, amina.name, course)
        tokens = {
            "confirm_token": issue_one_time_token(session, julie.id, CONFIRM, 3600),
            "login_token": issue_one_time_token(session, julie.id, LOGIN_LINK, 3600),
            "reset_token": issue_one_time_token(session, sophie.id, RESET, 3600),
            "unsubscribe_token": email_kinds.unsubscribe_token(
                settings.secret_key, julie.id, "workshop_reminders"
            ),
        }
        # Two requests waiting at Toulouse's desk: one to welcome, one to refuse.
        toulouse = await session.scalar(select(Coordination).where(Coordination.slug == "toulouse"))
        assert toulouse is not None
        toulouse_pending = await session.scalar(
            select(Membership.member_id).where(
                Membership.coordination_id == toulouse.id, Membership.status == "pending"
            )
        )
        candidate = Member(email="candidate@exemple.fr", name="Candidate", password_hash="x", project="")
        session.add(candidate)
        await session.flush()
        session.add(Membership(member_id=candidate.id, coordination_id=toulouse.id, status="pending"))
        await session.commit()
        soon = await workshop("Café des entrepreneuses : vos questions")
        # A second proposal of Fatou's, for « refuser » (the demo's own one is published by the matrix).
        to_decline = Workshop(
            title="Une proposition à refuser",
            theme="communication",
            starts_at=utcnow() + timedelta(days=20),
            host_id=people["intervenante2"].id,
            status="proposed",
        )
        session.add(to_decline)
        await session.flush()
        to_decline_id = to_decline.id
        # Two outside speakers invited to it: one whose link is probed, one to revoke.
        guest_token = new_token()
        invited = GuestInvitation(
            workshop_id=soon,
            name="Invitée",
            email="invitee@exemple.fr",
            role="cohost",
            token_hash=token_hash(guest_token),
        )
        to_revoke = GuestInvitation(
            workshop_id=soon,
            name="Autre",
            email="autre@exemple.fr",
            role="host",
            token_hash=token_hash(new_token()),
        )
        session.add_all([invited, to_revoke])
        await session.commit()
        past_meeting = await session.scalar(
            select(Workshop.id).where(Workshop.format == "in_person", Workshop.starts_at < utcnow()).limit(1)
        )
        past_meeting_registration = await session.scalar(
            select(Registration.id).where(Registration.workshop_id == past_meeting).limit(1)
        )
        amina_claire = await conversation_between(session, amina.id, claire.id)
        assert amina_claire is not None, "no demo conversation between Amina and Claire"
        ids = {
            "amina_claire_conversation": amina_claire.id,
            "claire_message_to_amina": await session.scalar(
                select(func.max(PrivateMessage.id)).where(
                    PrivateMessage.conversation_id == amina_claire.id, PrivateMessage.author_id == claire.id
                )
            ),
            "message_report": await session.scalar(
                select(MessageReport.id).where(MessageReport.resolved_at.is_(None)).limit(1)
            ),
            "course": course.slug,
            "certificate": certificate.code,
            "claire": claire.id,
            "julie": julie.id,
            "julie_feed": feeds.feed_token(settings.secret_key, julie.id, 1),
            "forged_feed": feeds.feed_token("pas-le-secret-du-site-0123456789", julie.id, 1),
            "attendance_report": sign_report(
                settings.secret_key, str(soon), "attendance", member=str(amina.id)
            ),
            "workshop": await workshop("Le prêt d'honneur expliqué"),
            "louise_workshop": await workshop("Fixer ses prix sans se brader"),
            "fatou_proposal": await workshop("TikTok pour les artisanes"),
            "workshop_to_cancel": await workshop("Oser déléguer"),
            "proposal_to_decline": to_decline_id,
            "soon": soon,
            "guest_token": guest_token,
            "guest_to_revoke": to_revoke.id,
            "louise_speaker": people["intervenante"].id,
            "past_workshop": await workshop("Se lancer : les premières démarches"),
            "demo_handout": await session.scalar(
                select(Handout.id).where(Handout.stored_name != "").order_by(Handout.id).limit(1)
            ),
            "past_meeting": past_meeting,
            "past_meeting_registration": past_meeting_registration,
            "in_three_weeks": (utcnow() + timedelta(days=21)).date().isoformat(),
            "amina_post": amina_post.id,
            "amina_post_to_delete": to_delete.id,
            "claire_post": claire_post.id,
            "logo_post": logo.id,
            "local_post": (await post("Un local partagé pour cuisiner à Toulouse")).id,
            "post_to_moderate": (await post("Instagram ou newsletter pour une boutique de créatrices ?")).id,
            "claire_answer": claire_answer.id,
            "amina_answer": amina_answer.id,
            "amina_answer_to_delete": answer_to_delete.id,
            "answer_to_moderate": await session.scalar(
                select(Answer.id).where(Answer.post_id == logo.id).limit(1)
            ),
            "report": await session.scalar(select(Report.id).where(Report.post_id == logo.id)),
            "toulouse_pending": toulouse_pending,
            "toulouse_candidate": candidate.id,
            # Two of the demo's free skills (learning/members/demo.py): one to merge, one to promote.
            "free_skill": await session.scalar(select(Skill.id).where(Skill.key == "fiches produits")),
            "free_skill_to_promote": await session.scalar(
                select(Skill.id).where(Skill.key == "mise en page")
            ),
            "skill_comptabilite": await session.scalar(select(Skill.id).where(Skill.key == "comptabilite")),
            **{
                f"{who.email.split('@')[0]}_application": await session.scalar(
                    select(VolunteerApplication.id).where(VolunteerApplication.member_id == who.id)
                )
                for who in (julie, claire)
            },
            "partner_toulouse": await session.scalar(
                select(Structure.id).where(Structure.name == "CCI Toulouse Haute-Garonne")
            ),
            "partner_national": await session.scalar(select(Structure.id).where(Structure.name == "Adie")),
            "testimonial": await session.scalar(select(func.min(QuoteRow.id))),
            **tokens,
        }
    assert all(value is not None for value in ids.values()), ids
    return {name: str(value) for name, value in ids.items()}


def ordered_probes() -> list[tuple[str, Probe]]:
    """Reading first, then acting, then what ends the session: a probe never depends on a later one."""
    flat = [
        (key, probe)
        for key, probes in ACCESS.items()
        for probe in (probes if isinstance(probes, tuple) else (probes,))
    ]
    reads = [(k, p) for k, p in flat if k.startswith("GET ")]
    acts = [(k, p) for k, p in flat if not k.startswith("GET ") and k not in LAST]
    return reads + acts + sorted(((k, p) for k, p in flat if k in LAST), key=lambda kp: LAST.index(kp[0]))


@overload
def fill(value: str, ids: dict[str, str]) -> str: ...
@overload
def fill(value: list[str], ids: dict[str, str]) -> list[str]: ...
def fill(value: str | list[str], ids: dict[str, str]) -> str | list[str]:
    if isinstance(value, list):
        return [v.format(**ids) for v in value]
    return value.format(**ids)


def mismatch(expected: Outcome, response: httpx.Response, ids: dict[str, str]) -> bool:
    if isinstance(expected, See):
        return response.status_code != 303 or not response.headers["location"].startswith(
            fill(expected.to, ids)
        )
    return response.status_code != expected


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return demo_database_url(request, tmp_path, SAMPLE_CONTENT)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The sample course (it has media files to serve), so that every MOOC route has a real target."""
    return settings.with_(content_dir=SAMPLE_CONTENT)


@pytest.mark.parametrize("person", EVERYONE)
async def test_each_person_gets_exactly_what_the_rules_say(app, db, settings, person):
    ids = await demo_objects(app, db, settings)
    probes = ordered_probes()
    for key, probe in probes:
        method = key.split(" ", 1)[0]
        assert route_serving(app, method, fill(probe.url, ids).split("?")[0]) == key, (key, probe.url)

    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as browser:

        async def log_in() -> None:
            email = PEOPLE[person]
            if email is not None:
                await login(browser, email, DEMO_PASSWORD)

        await log_in()
        token = await csrf_token(browser, "/connexion")
        wrong = []
        for key, probe in probes:
            method, url = key.split(" ", 1)[0], fill(probe.url, ids)
            # A tab of her browser: what a response does to the cookies (a login link) stays in it.
            async with httpx.AsyncClient(
                transport=transport, base_url="http://testserver", cookies=browser.cookies
            ) as tab:
                if method == "GET":
                    response = await tab.get(url)
                elif probe.json is not None:
                    response = await tab.post(url, json={k: fill(v, ids) for k, v in probe.json.items()})
                else:
                    data = {"csrf_token": token, **{k: fill(v, ids) for k, v in probe.data.items()}}
                    response = await tab.request(method, url, data=data)
            expected = probe.expect[person]
            if mismatch(expected, response, ids):
                got = f"{response.status_code} {response.headers.get('location', '')}".strip()
                wrong.append(f"{method} {url}: expected {expected}, got {got}")
            if key in LAST[:-1]:
                await log_in()
    assert wrong == [], f"{person}:\n" + "\n".join(wrong)
