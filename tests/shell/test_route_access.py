"""Who may do what, route by route, on the demo data: a route without its own rule here fails the tests.

Every route and method the app serves has an entry in ACCESS, found by its exact path template: there is
no catch-all, so a new route (or a new method on a route) fails `test_every_route_has_an_access_rule`
until someone writes down who may use it. Each entry holds one or more probes: a real URL (ids of the
demo's workshops, posts, answers, members, course, certificate… substituted) and, for each of the demo's
people, exactly what she gets. An allowed visit answers 200 or 303 to where the action leads; a refusal is
the status the rule states: the login page for a visitor (LOGIN), 403 for a member without the right, 404
where the app hides that the object exists.

The people are those of `entraide demo` (learning/demo.py), one per role, plus Fatou, the second
intervenante, for the rules that tell one intervenante's workshop from another's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import overload

import httpx
import pytest
from sqlalchemy import select
from starlette.applications import Starlette
from starlette.routing import BaseRoute, Mount, Route, compile_path

from courses import progress
from courses.models import CheckAttempt
from learning.board import services
from learning.board.models import Answer, Post, Report
from learning.db import Database, utcnow
from learning.demo import DEMO_PASSWORD, load_demo
from learning.models import Member
from learning.settings import Settings
from learning.tokens import CONFIRM, RESET, issue_one_time_token
from learning.tokens import LOGIN as LOGIN_LINK
from live import feeds
from live.media.tickets import sign_report
from live.models import Workshop
from tests.helpers import csrf_token, login

SAMPLE_CONTENT = Path(__file__).resolve().parent.parent / "fixtures" / "content"

ANONYMOUS = "visiteuse"
# Person -> her demo account (None: not logged in) and, for the reader, her roles.
PEOPLE: dict[str, str | None] = {
    ANONYMOUS: None,
    "amina": "amina@entraide.test",  # membre
    "louise": "intervenante@entraide.test",  # intervenante
    "fatou": "intervenante2@entraide.test",  # intervenante
    "nadia": "coordinatrice@entraide.test",  # coordinatrice
    "helene": "admin@entraide.test",  # admin
}
EVERYONE = tuple(PEOPLE)
MEMBERS = tuple(p for p in PEOPLE if p != ANONYMOUS)
SPEAKERS = ("louise", "fatou", "nadia", "helene")  # intervenante, coordinatrice, admin
MANAGERS = ("nadia", "helene")  # coordinatrice, admin
ADMINS = ("helene",)


@dataclass(frozen=True)
class See:
    """A 303 whose Location starts with `to` (placeholders filled like the probe's URL)."""

    to: str


LOGIN = See("/connexion?suite=")  # what a visitor gets where she must log in first

Outcome = int | See


def everyone(outcome: Outcome) -> dict[str, Outcome]:
    return dict.fromkeys(EVERYONE, outcome)


def members(outcome: Outcome) -> dict[str, Outcome]:
    """Any logged-in member; a visitor is sent to the login page."""
    return {ANONYMOUS: LOGIN, **dict.fromkeys(MEMBERS, outcome)}


def only(people: tuple[str, ...], outcome: Outcome, refused: Outcome = 403) -> dict[str, Outcome]:
    """`people` get `outcome`; the other members `refused`; a visitor is sent to the login page."""
    return {ANONYMOUS: LOGIN, **{p: outcome if p in people else refused for p in MEMBERS}}


@dataclass(frozen=True)
class Probe:
    url: str  # with {placeholders} for the demo's ids (see demo_objects)
    expect: dict[str, Outcome]
    data: Mapping[str, str | list[str]] = field(default_factory=dict)  # posted with the CSRF token
    json: dict[str, str] | None = None  # sent as JSON instead of a form (machine endpoints)


NEW_WORKSHOP = {
    "title": "Atelier de la matrice d'accès",
    "theme": "gestion",
    "description": "Vérifier qui peut faire quoi.",
    "date": "{in_three_weeks}",
    "time": "18:00",
    "duration": "60",
    "capacity": "20",
}
NEW_POST: dict[str, str | list[str]] = {
    "kind": "question",
    "title": "Une question de la matrice d'accès",
    "body": "Qui peut écrire ici ?",
    "themes": ["financement"],
    "scope": "reseau",
    "op": "publier",
}

ACCESS: dict[str, Probe | tuple[Probe, ...]] = {
    # Shell: home, health, sign-up, login, password reset.
    "GET /": Probe("/", everyone(200)),
    "GET /healthz": Probe("/healthz", everyone(200)),
    "GET /readyz": Probe("/readyz", everyone(200)),
    # A logged-in member has an account already: sign-up sends her to it.
    "GET /adhesion": Probe("/adhesion", members(See("/compte")) | {ANONYMOUS: 200}),
    "POST /adhesion": Probe(
        "/adhesion",
        members(See("/compte")) | {ANONYMOUS: 200},
        data={
            "name": "Nouvelle Membre",
            "email": "nouvelle@exemple.fr",
            "password": "un mot de passe solide",
        },
    ),
    "GET /adhesion/confirmer": Probe("/adhesion/confirmer", everyone(200)),
    "POST /adhesion/confirmer": Probe(
        "/adhesion/confirmer", everyone(200), data={"email": "nouvelle@exemple.fr"}
    ),
    # The e-mailed token is the credential: a real one works for whoever holds it, a made-up one for nobody.
    "GET /adhesion/confirmer/{token}": (
        Probe("/adhesion/confirmer/{confirm_token}", everyone(200)),
        Probe("/adhesion/confirmer/invente", everyone(400)),
    ),
    "POST /adhesion/confirmer/{token}": (
        Probe("/adhesion/confirmer/invente", everyone(400)),
        Probe("/adhesion/confirmer/{confirm_token}", everyone(See("/compte"))),
    ),
    "GET /connexion": Probe("/connexion", everyone(200)),
    "POST /connexion": Probe(
        "/connexion", everyone(See("/")), data={"email": "claire@entraide.test", "password": DEMO_PASSWORD}
    ),
    "GET /connexion/lien": Probe("/connexion/lien", everyone(200)),
    "POST /connexion/lien": Probe("/connexion/lien", everyone(200), data={"email": "julie@entraide.test"}),
    "GET /connexion/lien/{token}": (
        Probe("/connexion/lien/{login_token}", everyone(200)),
        Probe("/connexion/lien/invente", everyone(400)),
    ),
    "POST /connexion/lien/{token}": (
        Probe("/connexion/lien/invente", everyone(400)),
        Probe("/connexion/lien/{login_token}", everyone(See("/"))),
    ),
    "POST /deconnexion": Probe("/deconnexion", everyone(See("/"))),
    "GET /mot-de-passe-oublie": Probe("/mot-de-passe-oublie", everyone(200)),
    "POST /mot-de-passe-oublie": Probe(
        "/mot-de-passe-oublie", everyone(200), data={"email": "sophie@entraide.test"}
    ),
    "GET /reinitialiser/{token}": (
        Probe("/reinitialiser/{reset_token}", everyone(200)),
        Probe("/reinitialiser/invente", everyone(400)),
    ),
    "POST /reinitialiser/{token}": (
        Probe("/reinitialiser/invente", everyone(400), data={"password": "un nouveau mot de passe"}),
        Probe(
            "/reinitialiser/{reset_token}",
            everyone(See("/compte?mot-de-passe=1")),
            data={"password": "un nouveau mot de passe"},
        ),
    ),
    # « Mon compte »: her own, for every member.
    "GET /compte": Probe("/compte", members(200)),
    "POST /compte/profil": Probe(
        "/compte/profil", members(See("/compte?profil=1")), data={"name": "Nom Changé", "territory": ""}
    ),
    # The same password again, so that she can log in once more for the probes that follow.
    "POST /compte/mot-de-passe": Probe(
        "/compte/mot-de-passe",
        members(See("/compte?mot-de-passe=1")),
        data={"current_password": DEMO_PASSWORD, "new_password": DEMO_PASSWORD},
    ),
    "GET /compte/donnees.json": Probe("/compte/donnees.json", members(200)),
    "POST /compte/supprimer": Probe(
        "/compte/supprimer", members(200), data={"confirm_password": DEMO_PASSWORD}
    ),
    # Admin.
    "GET /admin": Probe("/admin", only(ADMINS, 200)),
    "POST /admin/membres/{member_id}/roles": Probe(
        "/admin/membres/{julie}/roles", only(ADMINS, See("/admin"))
    ),
    "GET /admin/outbox": Probe("/admin/outbox", only(ADMINS, 200)),
    # Ateliers: the programme is public (it is how the network makes itself known); acting on it is not.
    "GET /ateliers": Probe("/ateliers", everyone(200)),
    "GET /ateliers/{workshop_id:int}": (
        Probe("/ateliers/{workshop}", everyone(200)),
        # A proposal stays between its intervenante and the coordination: for anyone else it does not exist.
        Probe(
            "/ateliers/{fatou_proposal}",
            everyone(404) | {"fatou": 200, "nadia": 200, "helene": 200},
        ),
    ),
    # Calendar files of published workshops are as public as their page.
    "GET /ateliers/{workshop_id:int}/agenda.ics": Probe("/ateliers/{workshop}/agenda.ics", everyone(200)),
    # The secret token in the URL is the credential: Julie's feed opens for whoever has the link.
    "GET /ateliers/agenda/{token}.ics": (
        Probe("/ateliers/agenda/{julie_feed}.ics", everyone(200)),
        Probe("/ateliers/agenda/{forged_feed}.ics", everyone(404)),
    ),
    # The media node's report, signed with the site's secret: the signature is the credential.
    "POST /ateliers/presence": (
        Probe("/ateliers/presence", everyone(200), json={"token": "{attendance_report}"}),
        Probe("/ateliers/presence", everyone(400), json={"token": "pas-une-signature"}),
    ),
    "GET /ateliers/proposer": Probe("/ateliers/proposer", only(SPEAKERS, 200)),
    "POST /ateliers/proposer": Probe(
        "/ateliers/proposer", only(SPEAKERS, See("/ateliers/")), data=NEW_WORKSHOP
    ),
    "GET /ateliers/mes-ateliers": Probe("/ateliers/mes-ateliers", only(SPEAKERS, 200)),
    "POST /ateliers/agenda/nouveau": Probe("/ateliers/agenda/nouveau", members(See("/compte#agenda"))),
    "POST /ateliers/agenda/revoquer": Probe("/ateliers/agenda/revoquer", members(See("/compte#agenda"))),
    "POST /ateliers/{workshop_id:int}/inscription": Probe(
        "/ateliers/{workshop}/inscription", members(See("/ateliers/{workshop}?msg="))
    ),
    "POST /ateliers/{workshop_id:int}/desinscription": Probe(
        "/ateliers/{workshop}/desinscription", members(See("/ateliers/{workshop}?msg="))
    ),
    # Editing: the coordination any workshop; an intervenante only her own proposal. Louise's published
    # workshop is closed to both intervenantes (403); Fatou's proposal is Fatou's, and does not exist for
    # Louise (404).
    "GET /ateliers/{workshop_id:int}/modifier": (
        Probe("/ateliers/{louise_workshop}/modifier", only(MANAGERS, 200)),
        Probe("/ateliers/{fatou_proposal}/modifier", only(("fatou", *MANAGERS), 200, refused=404)),
    ),
    "POST /ateliers/{workshop_id:int}/modifier": (
        Probe(
            "/ateliers/{louise_workshop}/modifier",
            only(MANAGERS, See("/ateliers/{louise_workshop}?msg=modifie")),
            data=NEW_WORKSHOP | {"capacity": "15"},
        ),
        Probe(
            "/ateliers/{fatou_proposal}/modifier",
            only(("fatou", *MANAGERS), See("/ateliers/{fatou_proposal}?msg=modifie"), refused=404),
            data=NEW_WORKSHOP,
        ),
    ),
    "POST /ateliers/{workshop_id:int}/publier": Probe(
        "/ateliers/{fatou_proposal}/publier", only(MANAGERS, See("/ateliers/{fatou_proposal}?msg=publie"))
    ),
    "POST /ateliers/{workshop_id:int}/annuler": Probe(
        "/ateliers/{workshop_to_cancel}/annuler",
        only(MANAGERS, See("/ateliers/{workshop_to_cancel}?msg=annule")),
    ),
    # The room opens to its confirmed registrants (Amina) and its intervenante (Louise), whatever the
    # others' roles.
    "GET /ateliers/{workshop_id:int}/rejoindre": Probe(
        "/ateliers/{soon}/rejoindre", only(("amina", "louise"), 200)
    ),
    "POST /ateliers/{workshop_id:int}/rejoindre": Probe(
        "/ateliers/{soon}/rejoindre", only(("amina", "louise"), 200)
    ),
    # Asked by the room's script, which cannot follow a redirect to the login page: 403 for a visitor too.
    "POST /ateliers/{workshop_id:int}/ticket": Probe(
        "/ateliers/{soon}/ticket", only(("amina", "louise"), 200) | {ANONYMOUS: 403}
    ),
    # MOOC: the catalogue, course outline, glossary, files and certificate check are public; learning needs
    # an account. For these probes the others were enrolled too, and Amina finished the course.
    "GET /mooc": Probe("/mooc", everyone(200)),
    "GET /mooc/certificat/{code}": (
        Probe("/mooc/certificat/{certificate}", everyone(200)),
        Probe("/mooc/certificat/invente", everyone(404)),
    ),
    "GET /mooc/{course}": Probe("/mooc/{course}", everyone(200)),
    "GET /mooc/{course}/glossaire": Probe("/mooc/{course}/glossaire", everyone(200)),
    "GET /mooc/{course}/fichiers/{path:path}": Probe(
        "/mooc/{course}/fichiers/media/schema.svg", everyone(200)
    ),
    "POST /mooc/{course}/inscription": Probe("/mooc/{course}/inscription", members(See("/mooc/{course}/"))),
    "POST /mooc/{course}/quiz/{quiz_id}": Probe(
        "/mooc/{course}/quiz/ex-l1-q1", members(See("/mooc/{course}/bienvenue/premiers-pas#quiz-ex-l1-q1"))
    ),
    "POST /mooc/{course}/calculateur/{calc_id}": Probe(
        "/mooc/{course}/calculateur/ex-l2-pret",
        members(See("/mooc/{course}/bienvenue/exercices#calc-ex-l2-pret")),
    ),
    "GET /mooc/{course}/calculateur/{calc_id}/resultat": Probe(
        "/mooc/{course}/calculateur/ex-l2-pret/resultat", members(200)
    ),
    # Her own certificate: only Amina passed every check.
    "POST /mooc/{course}/certificat": Probe(
        "/mooc/{course}/certificat", only(("amina",), See("/mooc/{course}/certificat.pdf"))
    ),
    "GET /mooc/{course}/certificat.pdf": Probe(
        "/mooc/{course}/certificat.pdf", only(("amina",), 200, refused=404)
    ),
    "GET /mooc/{course}/dossier": Probe("/mooc/{course}/dossier", members(200)),
    "GET /mooc/{course}/dossier.pdf": Probe("/mooc/{course}/dossier.pdf", members(200)),
    "GET /mooc/{course}/statistiques": Probe("/mooc/{course}/statistiques", only(MANAGERS, 200)),
    "GET /mooc/{course}/{module}/controle": Probe("/mooc/{course}/bienvenue/controle", members(200)),
    # Amina passed this check already: no attempt left for her.
    "POST /mooc/{course}/{module}/controle/commencer": Probe(
        "/mooc/{course}/bienvenue/controle/commencer",
        members(See("/mooc/{course}/bienvenue/controle")) | {"amina": 403},
    ),
    "POST /mooc/{course}/{module}/controle/reponses": Probe(
        "/mooc/{course}/bienvenue/controle/reponses", members(See("/mooc/{course}/bienvenue/controle"))
    ),
    "GET /mooc/{course}/{module}/{lesson}": Probe("/mooc/{course}/bienvenue/premiers-pas", members(200)),
    "POST /mooc/{course}/{module}/{lesson}/termine": Probe(
        "/mooc/{course}/bienvenue/premiers-pas/termine", members(See("/mooc/{course}/bienvenue/exercices"))
    ),
    # Coup de pouce: members only; moderation for coordinatrices and admins.
    "GET /coup-de-pouce": Probe("/coup-de-pouce", members(200)),
    "GET /coup-de-pouce/nouveau": Probe("/coup-de-pouce/nouveau", members(200)),
    "POST /coup-de-pouce/nouveau": Probe(
        "/coup-de-pouce/nouveau", members(See("/coup-de-pouce/")), data=NEW_POST
    ),
    "POST /coup-de-pouce/apercu": Probe("/coup-de-pouce/apercu", members(200), data={"body": "**Gras**"}),
    "GET /coup-de-pouce/{post_id:int}": (
        Probe("/coup-de-pouce/{claire_post}", members(200)),
        # Sophie's post to her coordination (Occitanie): outside it, only moderators know it exists.
        Probe("/coup-de-pouce/{local_post}", only(MANAGERS, 200, refused=404)),
    ),
    # Her own post, for two hours; nobody else's, moderators included.
    "GET /coup-de-pouce/{post_id:int}/modifier": (
        Probe("/coup-de-pouce/{amina_post}/modifier", only(("amina",), 200)),
        Probe("/coup-de-pouce/{claire_post}/modifier", members(403)),
    ),
    "POST /coup-de-pouce/{post_id:int}/modifier": (
        Probe(
            "/coup-de-pouce/{amina_post}/modifier",
            only(("amina",), See("/coup-de-pouce/{amina_post}?modifie=1")),
            data=NEW_POST,
        ),
        Probe("/coup-de-pouce/{claire_post}/modifier", members(403), data=NEW_POST),
    ),
    "POST /coup-de-pouce/{post_id:int}/supprimer": (
        Probe("/coup-de-pouce/{claire_post}/supprimer", members(403)),
        Probe(
            "/coup-de-pouce/{amina_post_to_delete}/supprimer",
            only(("amina",), See("/coup-de-pouce?supprime=1")),
        ),
    ),
    "POST /coup-de-pouce/{post_id:int}/suivre": Probe(
        "/coup-de-pouce/{claire_post}/suivre",
        members(See("/coup-de-pouce/{claire_post}")),
        data={"follow": "1"},
    ),
    "POST /coup-de-pouce/{post_id:int}/repondre": Probe(
        "/coup-de-pouce/{claire_post}/repondre",
        members(See("/coup-de-pouce/{claire_post}?repondu=1")),
        data={"body": "Une réponse de la matrice d'accès.", "op": "publier"},
    ),
    "POST /coup-de-pouce/{post_id:int}/signaler": Probe(
        "/coup-de-pouce/{claire_post}/signaler",
        members(See("/coup-de-pouce/{claire_post}?signale=1")),
        data={"reason": "Pour voir."},
    ),
    "GET /coup-de-pouce/moderation": Probe("/coup-de-pouce/moderation", only(MANAGERS, 200)),
    "POST /coup-de-pouce/{post_id:int}/moderer": Probe(
        "/coup-de-pouce/{post_to_moderate}/moderer",
        only(MANAGERS, See("/coup-de-pouce/{post_to_moderate}")),
        data={"op": "verrouiller"},
    ),
    "POST /coup-de-pouce/reponses/{answer_id:int}/signaler": Probe(
        "/coup-de-pouce/reponses/{claire_answer}/signaler",
        members(See("/coup-de-pouce/{amina_post}?signale=1")),
        data={"reason": "Pour voir."},
    ),
    "POST /coup-de-pouce/reponses/{answer_id:int}/moderer": Probe(
        "/coup-de-pouce/reponses/{answer_to_moderate}/moderer",
        only(MANAGERS, See("/coup-de-pouce/{logo_post}#reponse-{answer_to_moderate}")),
        data={"op": "masquer"},
    ),
    "POST /coup-de-pouce/signalements/{report_id:int}/classer": Probe(
        "/coup-de-pouce/signalements/{report}/classer", only(MANAGERS, See("/coup-de-pouce/moderation"))
    ),
    # Her own answer, for two hours.
    "GET /coup-de-pouce/reponses/{answer_id:int}/modifier": Probe(
        "/coup-de-pouce/reponses/{amina_answer}/modifier", only(("amina",), 200)
    ),
    "POST /coup-de-pouce/reponses/{answer_id:int}/modifier": Probe(
        "/coup-de-pouce/reponses/{amina_answer}/modifier",
        only(("amina",), See("/coup-de-pouce/{claire_post}?modifie=1")),
        data={"body": "Réponse modifiée.", "op": "publier"},
    ),
    "POST /coup-de-pouce/reponses/{answer_id:int}/supprimer": Probe(
        "/coup-de-pouce/reponses/{amina_answer_to_delete}/supprimer",
        only(("amina",), See("/coup-de-pouce/{claire_post}?reponse-supprimee=1")),
    ),
    "POST /coup-de-pouce/reponses/{answer_id:int}/merci": Probe(
        "/coup-de-pouce/reponses/{claire_answer}/merci", members(See("/coup-de-pouce/{amina_post}"))
    ),
    # Only the author of the post marks the answer that solved it.
    "POST /coup-de-pouce/reponses/{answer_id:int}/resolu": Probe(
        "/coup-de-pouce/reponses/{claire_answer}/resolu", only(("amina",), See("/coup-de-pouce/{amina_post}"))
    ),
    "GET /membres/{member_id:int}": Probe("/membres/{claire}", members(200)),
    "POST /coup-de-pouce/preferences": Probe(
        "/coup-de-pouce/preferences",
        members(See("/membres/")),
        data={"skills": "Comptabilité", "digest": "1"},
    ),
    "GET /coup-de-pouce/notifications": Probe("/coup-de-pouce/notifications", members(200)),
    "POST /coup-de-pouce/notifications/lues": Probe(
        "/coup-de-pouce/notifications/lues", members(See("/coup-de-pouce/notifications"))
    ),
}
# These end the session (or the account) they are sent with: they come last, in this order, and the
# person logs in again after each but the last.
LAST = ("POST /compte/mot-de-passe", "POST /deconnexion", "POST /compte/supprimer")


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
        # Everyone of the matrix follows the course; Amina, further on since the demo, passes the last check.
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
        certificate = await progress.issue_certificate(session, amina.id, amina.name, course)
        tokens = {
            "confirm_token": issue_one_time_token(session, julie.id, CONFIRM, 3600),
            "login_token": issue_one_time_token(session, julie.id, LOGIN_LINK, 3600),
            "reset_token": issue_one_time_token(session, sophie.id, RESET, 3600),
        }
        await session.commit()
        soon = await workshop("Café des entrepreneuses : vos questions")
        ids = {
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
            "soon": soon,
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
