"""Authorization matrix over every route the app exposes: a new route that forgets its access rule fails here.

Each route is reached by an anonymous visitor, a plain member and an admin. Routes are found in the app
itself, so the packages' routes are covered as they are added; each must appear in ACCESS below.
"""

from __future__ import annotations

import re

import pytest
from starlette.routing import Mount, Route

from tests.helpers import create_member, csrf_token, login

# path template -> who may GET it: "public", "member" (any logged-in member) or a set of roles.
# Paths that need a real object id answer 404 for made-up ids once access is granted; that is fine here:
# what matters is that nobody without the right gets anything but a redirect to login, 403 or 404.
ACCESS: dict[str, object] = {
    "/": "public",
    "/healthz": "public",
    "/readyz": "public",
    "/adhesion": "public",
    "/connexion": "public",
    "/deconnexion": "public",
    "/mot-de-passe-oublie": "public",
    "/reinitialiser/{token}": "public",
    "/adhesion/confirmer": "public",
    "/adhesion/confirmer/{token}": "public",
    "/connexion/lien": "public",
    "/connexion/lien/{token}": "public",
    "/compte": "member",
    "/compte/profil": "member",
    "/compte/mot-de-passe": "member",
    "/compte/donnees.json": "member",
    "/compte/supprimer": "member",
    "/admin": {"admin"},
    "/admin/membres/{member_id}/roles": {"admin"},
    "/admin/outbox": {"admin"},
    # Ateliers: the programme is public (it is how the network makes itself known); acting on it is not.
    "/ateliers": "public",
    "/ateliers/{workshop_id:int}": "public",
    "/ateliers/agenda/{token}.ics": "public",  # the secret token in the URL is the credential
    "/ateliers/presence": "public",  # the media node's report, signed with the node's secret
    "/ateliers/proposer": {"intervenante", "coordinatrice", "admin"},
    "/ateliers/mes-ateliers": "member",
    "/ateliers/agenda/nouveau": "member",
    "/ateliers/agenda/revoquer": "member",
    "/ateliers/{workshop_id:int}/inscription": "member",
    "/ateliers/{workshop_id:int}/desinscription": "member",
    "/ateliers/{workshop_id:int}/agenda.ics": "member",
    "/ateliers/{workshop_id:int}/modifier": {"intervenante", "coordinatrice", "admin"},
    "/ateliers/{workshop_id:int}/publier": {"coordinatrice", "admin"},
    "/ateliers/{workshop_id:int}/annuler": {"coordinatrice", "admin"},
    "/ateliers/{workshop_id:int}/rejoindre": "member",
    "/ateliers/{workshop_id:int}/ticket": "member",
    # MOOC: the catalogue, course outline, glossary and certificate check are public; learning needs an account.
    "/mooc": "public",
    "/mooc/certificat/{code}": "public",
    "/mooc/{course}": "public",
    "/mooc/{course}/glossaire": "public",
    "/mooc/{course}/fichiers/{path:path}": "public",
    "/mooc/{course}/inscription": "member",
    "/mooc/{course}/quiz/{quiz_id}": "member",
    "/mooc/{course}/calculateur/{calc_id}": "member",
    "/mooc/{course}/calculateur/{calc_id}/resultat": "member",
    "/mooc/{course}/certificat": "member",
    "/mooc/{course}/certificat.pdf": "member",
    "/mooc/{course}/dossier": "member",
    "/mooc/{course}/dossier.pdf": "member",
    "/mooc/{course}/statistiques": {"coordinatrice", "admin"},
    "/mooc/{course}/{module}/controle": "member",
    "/mooc/{course}/{module}/controle/commencer": "member",
    "/mooc/{course}/{module}/controle/reponses": "member",
    "/mooc/{course}/{module}/{lesson}": "member",
    "/mooc/{course}/{module}/{lesson}/termine": "member",
    # Coup de pouce: members only, moderation for coordinatrices and admins.
    "/membres/{member_id:int}": "member",
    "/coup-de-pouce/moderation": {"coordinatrice", "admin"},
    "/coup-de-pouce/{post_id:int}/moderer": {"coordinatrice", "admin"},
    "/coup-de-pouce/reponses/{answer_id:int}/moderer": {"coordinatrice", "admin"},
    "/coup-de-pouce/signalements/{report_id:int}/classer": {"coordinatrice", "admin"},
}
# Every other Coup de pouce route is for members (their own finer matrix is in tests/board).
PACKAGE_RULES: list[tuple[str, object]] = [("/coup-de-pouce", "member")]


def rule_for(path: str) -> object:
    if path in ACCESS:
        return ACCESS[path]
    for prefix, rule in PACKAGE_RULES:
        if path.startswith(prefix):
            return rule
    raise AssertionError(f"route {path} has no access rule in tests/shell/test_route_access.py")


def all_routes(app) -> list[tuple[str, set[str]]]:  # type: ignore[no-untyped-def]
    found = []
    for route in app.routes:
        if isinstance(route, Route):
            found.append((route.path, set(route.methods or ())))
        elif isinstance(route, Mount) and route.path != "/static":
            for sub in route.routes:
                if isinstance(sub, Route):
                    found.append((route.path + sub.path, set(sub.methods or ())))
    return found


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path).replace("1.ics", "x.ics")


def test_every_route_has_an_access_rule(app):
    for path, _methods in all_routes(app):
        rule_for(path)


@pytest.mark.parametrize("who", ["anonymous", "membre", "admin"])
async def test_nobody_gets_more_than_her_role_allows(app, client, db, who):
    if who != "anonymous":
        await create_member(db, f"{who}@exemple.fr", roles={who} - {"membre"})
        await login(client, f"{who}@exemple.fr")
    token = await csrf_token(client, "/connexion")
    roles = {"anonymous": set(), "membre": {"membre"}, "admin": {"membre", "admin"}}[who]
    for path, methods in all_routes(app):
        rule = rule_for(path)
        allowed = (
            rule == "public"
            or (rule == "member" and who != "anonymous")
            or (isinstance(rule, set) and bool(rule & roles))
        )
        if allowed or path == "/deconnexion":
            continue
        url = concrete(path)
        for method in sorted(methods - {"HEAD"}):
            if method == "GET":
                response = await client.get(url)
            else:
                response = await client.request(method, url, data={"csrf_token": token})
            if who == "anonymous":
                assert response.status_code in (303, 401, 403, 404), (method, path, response.status_code)
                if response.status_code == 303:
                    assert response.headers["location"].startswith("/connexion"), (method, path)
            else:
                assert response.status_code in (403, 404), (who, method, path, response.status_code)
