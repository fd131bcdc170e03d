"""Who may do what, route by route: the rules that tests/shell/test_route_access.py checks on the demo data.

Every route and method the app serves has an entry in ACCESS, found by its exact path template: there is
no catch-all, so a new route (or a new method on a route) fails `test_every_route_has_an_access_rule`
until someone writes down here who may use it. Each entry holds one or more probes: a URL with `{names}`
of demo objects (substituted with real ids by the test) and, for each of the demo's people, exactly what she
gets: 200, a redirection to where the action leads (See), the login page for a visitor (LOGIN), 403 for a
member without the right, 404 where the app hides that the object exists.

The people are those of `entraide demo` (learning/demo.py), one per role, plus Fatou, the second
intervenante, for the rules that tell one intervenante's workshop from another's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from learning.demo import DEMO_PASSWORD

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
    "theme": "comptabilite",
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
NEW_STRUCTURE: dict[str, str | list[str]] = {
    "name": "Pépinière de la matrice d'accès",
    "kind": "pepiniere",
    "offers": ["hebergement"],
    "departements": "31",
}

ACCESS: dict[str, Probe | tuple[Probe, ...]] = {
    # Shell: home, health, sign-up, login, password reset.
    "GET /": Probe("/", everyone(200)),
    "GET /favicon.ico": Probe("/favicon.ico", everyone(200)),
    "GET /healthz": Probe("/healthz", everyone(200)),
    "GET /readyz": Probe("/readyz", everyone(200)),
    # By address, not by person: the matrix's requests come from 127.0.0.1, which ENTRAIDE_METRICS_ALLOW lets in
    # (tests/shell/test_metrics.py checks a refused address).
    "GET /metrics": Probe("/metrics", everyone(200)),
    # A logged-in member has an account already: sign-up sends her to it.
    "GET /adhesion": Probe("/adhesion", members(See("/compte")) | {ANONYMOUS: 200}),
    "POST /adhesion": Probe(
        "/adhesion",
        members(See("/compte")) | {ANONYMOUS: 200},
        data={
            "name": "Nouvelle Membre",
            "email": "nouvelle@exemple.fr",
            "password": "un mot de passe solide",
            "charte": "oui",
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
    # Its pages: the shell's, then one per package's section (AccountSection).
    "GET /compte/profil": Probe("/compte/profil", members(200)),
    "GET /compte/securite": Probe("/compte/securite", members(200)),
    "GET /compte/fuseau-horaire": Probe("/compte/fuseau-horaire", members(200)),
    "GET /compte/donnees": Probe("/compte/donnees", members(200)),
    "GET /compte/mooc": Probe("/compte/mooc", members(200)),
    "GET /compte/agenda": Probe("/compte/agenda", members(200)),
    "GET /compte/coup-de-pouce": Probe("/compte/coup-de-pouce", members(200)),
    "GET /compte/coordination": Probe("/compte/coordination", members(200)),
    "GET /compte/adhesion": Probe("/compte/adhesion", members(200)),
    "POST /compte/profil": Probe(
        "/compte/profil", members(See("/compte/profil?profil=1")), data={"name": "Nom Changé"}
    ),
    # The same password again, so that she can log in once more for the probes that follow.
    "POST /compte/mot-de-passe": Probe(
        "/compte/mot-de-passe",
        members(See("/compte/securite?mot-de-passe=1")),
        data={"current_password": DEMO_PASSWORD, "new_password": DEMO_PASSWORD},
    ),
    # Every other session ends; this one gets a fresh token (run among the last).
    "POST /compte/sessions": Probe("/compte/sessions", members(See("/compte/securite?sessions=1"))),
    "POST /compte/fuseau-horaire": Probe(
        "/compte/fuseau-horaire",
        members(See("/compte/fuseau-horaire?fuseau=1")),
        data={"timezone": "America/Martinique"},
    ),
    "GET /compte/donnees.json": Probe("/compte/donnees.json", members(200)),
    "GET /compte/e-mails": Probe("/compte/e-mails", members(200)),
    "GET /compte/e-mails/themes": Probe("/compte/e-mails/themes", members(200)),
    "POST /compte/e-mails": Probe(
        "/compte/e-mails", members(See("/compte/e-mails?enregistre=1")), data={"board_digest": "1"}
    ),
    # Nobody's address bounces in the demo: the form changes nothing and comes back to « Mes e-mails ».
    "POST /compte/e-mails/adresse-retablie": Probe(
        "/compte/e-mails/adresse-retablie", members(See("/compte/e-mails?retablie=1"))
    ),
    "POST /compte/e-mails/themes": Probe(
        "/compte/e-mails/themes",
        members(See("/compte/e-mails/themes?themes=1")),
        data={"theme": ["financement"]},
    ),
    # The signed link is the credential, without login: a genuine one works for whoever holds it.
    "GET /e-mails/desabonnement": (
        Probe("/e-mails/desabonnement?t={unsubscribe_token}", everyone(200)),
        Probe("/e-mails/desabonnement?t=invente", everyone(400)),
    ),
    "POST /e-mails/desabonnement": (
        Probe("/e-mails/desabonnement?t=invente", everyone(400)),
        Probe("/e-mails/desabonnement?t={unsubscribe_token}", everyone(200)),
    ),
    "POST /compte/supprimer": Probe(
        "/compte/supprimer", members(200), data={"confirm_password": DEMO_PASSWORD}
    ),
    # Admin.
    "GET /admin": Probe("/admin", only(ADMINS, 200)),
    "POST /admin/membres/{member_id}/roles": Probe(
        "/admin/membres/{julie}/roles", only(ADMINS, See("/admin"))
    ),
    "GET /admin/outbox": Probe("/admin/outbox", only(ADMINS, 200)),
    "GET /admin/temoignages": Probe("/admin/temoignages", only(ADMINS, 200)),
    "POST /admin/temoignages": Probe(
        "/admin/temoignages",
        only(ADMINS, See("/admin/temoignages?msg=ajoute")),
        data={"quote": "Merci", "author": "Julie, Nantes", "consent": "e-mail", "consented": "oui"},
    ),
    "POST /admin/temoignages/{testimonial_id:int}/retirer": Probe(
        "/admin/temoignages/{testimonial}/retirer", only(ADMINS, See("/admin/temoignages?msg=retire"))
    ),
    # Membership (learning/members): the charter and the legal pages are public, accepting it is a member's
    # act; the association's membership records and the contact messages are the admins'.
    "GET /charte": Probe("/charte", everyone(200)),
    "POST /charte/accepter": Probe("/charte/accepter", members(See("/charte?acceptee=1"))),
    "GET /cgu": Probe("/cgu", everyone(200)),
    "GET /confidentialite": Probe("/confidentialite", everyone(200)),
    "GET /mentions-legales": Probe("/mentions-legales", everyone(200)),
    "GET /contact": Probe("/contact", everyone(200)),
    "POST /contact": Probe(
        "/contact",
        everyone(See("/contact/envoye")),
        data={
            "name": "Une Visiteuse",
            "email": "visiteuse@exemple.fr",
            "subject": "autre",
            "body": "Bonjour",
        },
    ),
    "GET /contact/envoye": Probe("/contact/envoye", everyone(200)),
    "GET /admin/contact": Probe("/admin/contact", only(ADMINS, 200)),
    "GET /admin/adhesions": Probe("/admin/adhesions?filtre=echues&q=claire", only(ADMINS, 200)),
    "GET /admin/adhesions.csv": Probe("/admin/adhesions.csv", only(ADMINS, 200)),
    "POST /admin/adhesions/paiement": Probe(
        "/admin/adhesions/paiement",
        only(ADMINS, See("/admin/adhesions?enregistre={julie}")),
        data={"member_id": "{julie}", "paid_on": ""},
    ),
    # Coordinations: finding one is public; admins create, edit and delete them; a coordination's
    # coordinatrices (Nadia runs Toulouse's) edit its details, no one else's.
    "GET /coordinations": Probe("/coordinations?q=31000", everyone(200)),
    "GET /coordinations/proches.json": Probe("/coordinations/proches.json?q=31000", everyone(200)),
    "GET /admin/coordinations": Probe("/admin/coordinations", only(ADMINS, 200)),
    "GET /admin/coordinations/nouvelle": Probe("/admin/coordinations/nouvelle", only(ADMINS, 200)),
    "POST /admin/coordinations/nouvelle": Probe(
        "/admin/coordinations/nouvelle",
        only(ADMINS, See("/admin/coordinations?creee=1")),
        data={"name": "Coordination de la matrice", "seat": "46102", "communes": "", "description": "Test"},
    ),
    "GET /admin/coordinations/{slug}": Probe("/admin/coordinations/figeac", only(ADMINS, 200)),
    "POST /admin/coordinations/{slug}": Probe(
        "/admin/coordinations/figeac",
        only(ADMINS, See("/admin/coordinations?modifiee=1")),
        data={"name": "Coordination de Figeac", "seat": "46100 Figeac", "communes": "46102"},
    ),
    "GET /admin/coordinations/{slug}/supprimer": Probe(
        "/admin/coordinations/ambert/supprimer", only(ADMINS, 200)
    ),
    "POST /admin/coordinations/{slug}/supprimer": Probe(
        "/admin/coordinations/ambert/supprimer", only(ADMINS, See("/admin/coordinations?supprimee=1"))
    ),
    "GET /coordinations/{slug}/modifier": (
        Probe("/coordinations/toulouse/modifier", only(("nadia", "helene"), 200)),
        Probe("/coordinations/figeac/modifier", only(ADMINS, 200)),
    ),
    "POST /coordinations/{slug}/modifier": Probe(
        "/coordinations/toulouse/modifier",
        only(("nadia", "helene"), See("/coordinations/toulouse?modifiee=1")),
        data={"description": "Chaque premier mardi.", "communes": "31555"},
    ),
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
    "POST /ateliers/agenda/nouveau": Probe("/ateliers/agenda/nouveau", members(See("/compte/agenda"))),
    "POST /ateliers/agenda/revoquer": Probe("/ateliers/agenda/revoquer", members(See("/compte/agenda"))),
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
    "GET /ateliers/{workshop_id:int}/annuler": Probe(
        "/ateliers/{workshop_to_cancel}/annuler", only(("louise", *MANAGERS), 200)
    ),
    "POST /ateliers/{workshop_id:int}/annuler": Probe(
        "/ateliers/{workshop_to_cancel}/annuler",
        only(("louise", *MANAGERS), See("/ateliers/{workshop_to_cancel}?msg=annule")),
        data={"confirme": "oui"},
    ),
    "GET /ateliers/propositions": Probe("/ateliers/propositions", only(MANAGERS, 200)),
    # Declining a proposal: the form asking why, then the decision. A proposal is hidden from members (404).
    "GET /ateliers/{workshop_id:int}/refuser": Probe(
        "/ateliers/{proposal_to_decline}/refuser", only(MANAGERS, 200)
    ),
    "POST /ateliers/{workshop_id:int}/refuser": Probe(
        "/ateliers/{proposal_to_decline}/refuser",
        only(MANAGERS, See("/ateliers/{proposal_to_decline}?msg=refuse")),
        data={"reason": "Pour voir."},
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
    # Invited outside speakers (live.views_guests): her intervenante and the coordinatrices invite and revoke.
    "GET /ateliers/{workshop_id:int}/intervenantes-invitees": Probe(
        "/ateliers/{soon}/intervenantes-invitees", only(("louise", *MANAGERS), 200)
    ),
    "POST /ateliers/{workshop_id:int}/intervenantes-invitees": Probe(
        "/ateliers/{soon}/intervenantes-invitees",
        only(("louise", *MANAGERS), See("/ateliers/{soon}/intervenantes-invitees?envoye=1")),
        data={"name": "Intervenant Extérieur", "email": "exterieur@exemple.fr", "role": "cohost"},
    ),
    "POST /ateliers/{workshop_id:int}/intervenantes-invitees/{guest_id:int}/annuler": Probe(
        "/ateliers/{soon}/intervenantes-invitees/{guest_to_revoke}/annuler",
        only(("louise", *MANAGERS), See("/ateliers/{soon}/intervenantes-invitees?annulee=1")),
    ),
    # The guest's personal link is the credential: it works for whoever holds it, a made-up one for nobody.
    "GET /ateliers/invitation/{token}": (
        Probe("/ateliers/invitation/{guest_token}", everyone(200)),
        Probe("/ateliers/invitation/invente", everyone(404)),
    ),
    "GET /ateliers/invitation/{token}/rejoindre": Probe(
        "/ateliers/invitation/{guest_token}/rejoindre", everyone(200)
    ),
    "POST /ateliers/invitation/{token}/rejoindre": (
        Probe("/ateliers/invitation/{guest_token}/rejoindre", everyone(200)),
        Probe("/ateliers/invitation/invente/rejoindre", everyone(404)),
    ),
    "POST /ateliers/invitation/{token}/ticket": Probe(
        "/ateliers/invitation/{guest_token}/ticket", everyone(200)
    ),
    "GET /ateliers/invitation/{token}/agenda.ics": Probe(
        "/ateliers/invitation/{guest_token}/agenda.ics", everyone(200)
    ),
    # « Tester ma salle »: the workshop's hosts only (a guest through her link's cookie, tested in tests/live).
    "GET /ateliers/{workshop_id:int}/repetition": Probe(
        "/ateliers/{soon}/repetition", everyone(403) | {"louise": See("/ateliers/{soon}/repetition?salle=")}
    ),
    "POST /ateliers/{workshop_id:int}/repetition/ticket": Probe(
        "/ateliers/{soon}/repetition/ticket?salle=0123456789ab", everyone(403) | {"louise": 200}
    ),
    # In person, the roll call: its intervenante (Nadia hosts Toulouse's meetings), the coordinatrices of its
    # coordination (Nadia again) and admins; nobody else, whatever her roles.
    "GET /ateliers/{workshop_id:int}/appel": Probe(
        "/ateliers/{past_meeting}/appel", only(("nadia", "helene"), 200)
    ),
    "POST /ateliers/{workshop_id:int}/appel": Probe(
        "/ateliers/{past_meeting}/appel",
        only(("nadia", "helene"), See("/ateliers/{past_meeting}/appel?msg=enregistre")),
        data={"present": "{past_meeting_registration}"},
    ),
    # Issue 20 (live/views_speakers.py): reprogramming, feedback and handouts belong to a workshop's
    # intervenantes and the coordination; the feedback form to its present participants (Amina came to the
    # past demo workshop); its files to its registrants; the directory of speakers to the coordination.
    "GET /ateliers/retours": Probe("/ateliers/retours", only(MANAGERS, 200)),
    "GET /ateliers/{workshop_id:int}/reprogrammer": Probe(
        "/ateliers/{past_workshop}/reprogrammer", only(("louise", *MANAGERS), 200)
    ),
    "POST /ateliers/{workshop_id:int}/reprogrammer": Probe(
        "/ateliers/{past_workshop}/reprogrammer",
        only(("louise", *MANAGERS), See("/ateliers/")),
        data={"date": "{in_three_weeks}", "time": "18:00", "pattern": "une-fois"},
    ),
    "GET /ateliers/{workshop_id:int}/avis": Probe("/ateliers/{past_workshop}/avis", only(("amina",), 200)),
    "POST /ateliers/{workshop_id:int}/avis": Probe(
        "/ateliers/{past_workshop}/avis",
        only(("amina",), See("/ateliers/{past_workshop}/avis?merci=1")),
        data={"useful": "tres", "comment": "Merci !"},
    ),
    "GET /ateliers/{workshop_id:int}/retours": Probe(
        "/ateliers/{past_workshop}/retours", only(("louise", *MANAGERS), 200)
    ),
    "POST /ateliers/{workshop_id:int}/supports": Probe(
        "/ateliers/{past_workshop}/supports",
        only(("louise", *MANAGERS), See("/ateliers/{past_workshop}?msg=support-ajoute")),
        data={"title": "Le lien de la matrice", "url": "https://exemple.fr/diapos"},
    ),
    "GET /ateliers/{workshop_id:int}/supports/{handout_id:int}": Probe(
        "/ateliers/{past_workshop}/supports/{demo_handout}", only(("amina", "louise", *MANAGERS), 200)
    ),
    # A made-up handout: refused to whoever may not remove one, unknown to who may.
    "POST /ateliers/{workshop_id:int}/supports/{handout_id:int}/retirer": Probe(
        "/ateliers/{past_workshop}/supports/999999/retirer", only(("louise", *MANAGERS), 404)
    ),
    "GET /intervenantes": Probe("/intervenantes", only(MANAGERS, 200)),
    "GET /intervenantes/moi": Probe("/intervenantes/moi", only(SPEAKERS, 200)),
    "POST /intervenantes/moi/profil": Probe(
        "/intervenantes/moi/profil",
        only(SPEAKERS, See("/intervenantes/moi?profil=1")),
        data={"listed": "1", "bio": "Une présentation.", "themes": ["financement"]},
    ),
    # Louise chose to be listed (demo): any member may read her speaker profile; Claire has none.
    "GET /intervenantes/{member_id:int}": (
        Probe("/intervenantes/{louise_speaker}", members(200)),
        Probe("/intervenantes/{claire}", members(404)),
    ),
    # A coordination's page is public (the network makes itself known locally); its listed members show
    # to signed-in members only (tests/coordinations/test_page.py).
    "GET /coordinations/{slug}": (
        Probe("/coordinations/toulouse", everyone(200)),
        Probe("/coordinations/nulle-part", everyone(404)),
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
    "GET /mooc/{course}/boite-a-outils": Probe("/mooc/{course}/boite-a-outils", members(200)),
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
    # A question under a lesson needs the lesson page's signed fields: without them, a clear 400.
    "POST /coup-de-pouce/lecon": Probe(
        "/coup-de-pouce/lecon", members(400), data={"question_title": "Une question sans leçon ?"}
    ),
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
    "POST /coup-de-pouce/preferences": Probe(
        "/coup-de-pouce/preferences", members(See("/compte/coup-de-pouce")), data={"digest": "1"}
    ),
    # « Qui peut m'aider ? » and profiles (learning/members): any member; the skills list is the admins'.
    "GET /membres": Probe("/membres?q=compta&competence={skill_comptabilite}&distance=50", members(200)),
    "GET /membres/{member_id:int}": Probe("/membres/{claire}", members(200)),
    "GET /membres/mon-profil": Probe("/membres/mon-profil", members(200)),
    "POST /membres/mon-profil": Probe(
        "/membres/mon-profil",
        members(See("/membres/")),
        data={"listed": "1", "project": "Un projet", "sector": "commerce", "skill": "{skill_comptabilite}"},
    ),
    "GET /admin/competences": Probe("/admin/competences", only(ADMINS, 200)),
    "POST /admin/competences/{skill_id:int}/fusionner": Probe(
        "/admin/competences/{free_skill}/fusionner",
        only(ADMINS, See("/admin/competences")),
        data={"into": "{skill_comptabilite}"},
    ),
    "POST /admin/competences/{skill_id:int}/ajouter": Probe(
        "/admin/competences/{free_skill_to_promote}/ajouter", only(ADMINS, See("/admin/competences"))
    ),
    "GET /coup-de-pouce/notifications": Probe("/coup-de-pouce/notifications", members(200)),
    "POST /coup-de-pouce/notifications/lues": Probe(
        "/coup-de-pouce/notifications/lues", members(See("/coup-de-pouce/notifications"))
    ),
    # Her coordination: every member chooses her own; joining from a coordination's page.
    "POST /compte/coordination": Probe(
        "/compte/coordination",
        members(See("/compte/coordination?coordination=liste")),
        data={"op": "liste", "listed": "1"},
    ),
    "POST /coordinations/{slug}/rejoindre": Probe(
        "/coordinations/figeac/rejoindre", members(See("/coordinations/figeac?demande="))
    ),
    # A coordination's desk: its coordinatrices (Nadia runs Toulouse's) and admins; not Nadia's role alone.
    "GET /coordinations/{slug}/espace": (
        Probe("/coordinations/toulouse/espace", only(MANAGERS, 200)),
        Probe("/coordinations/figeac/espace", only(ADMINS, 200)),
    ),
    "POST /coordinations/{slug}/espace/bienvenue": Probe(
        "/coordinations/toulouse/espace/bienvenue",
        only(MANAGERS, See("/coordinations/toulouse/espace?bienvenue=1")),
        data={"member_id": "{toulouse_pending}"},
    ),
    "POST /coordinations/{slug}/espace/refuser": Probe(
        "/coordinations/toulouse/espace/refuser",
        only(MANAGERS, See("/coordinations/toulouse/espace?refus=1")),
        data={"member_id": "{toulouse_candidate}", "message": "Vous habitez plus près de Figeac."},
    ),
    "POST /coordinations/{slug}/espace/ecrire": Probe(
        "/coordinations/toulouse/espace/ecrire",
        only(MANAGERS, See("/coordinations/toulouse/espace?envoyes=")),
        data={"subject": "Rencontre de juin", "body": "Rendez-vous mardi à la mairie."},
    ),
    # Volunteering: anyone reads what it is; members apply; admins decide (the demo's Julie and Claire wait).
    "GET /benevolat": Probe("/benevolat", everyone(200)),
    "POST /benevolat": Probe(
        "/benevolat",
        members(See("/benevolat?envoye=1")),
        data={"commune": "35000", "availability": "Le samedi", "offers": ["atelier"]},
    ),
    "GET /admin/benevoles": Probe("/admin/benevoles", only(ADMINS, 200)),
    "POST /admin/benevoles/{application_id:int}/accepter": Probe(
        "/admin/benevoles/{julie_application}/accepter", only(ADMINS, See("/admin/benevoles?fait=accepte"))
    ),
    "POST /admin/benevoles/{application_id:int}/refuser": Probe(
        "/admin/benevoles/{claire_application}/refuser",
        only(ADMINS, See("/admin/benevoles?fait=refuse")),
        data={"decision_message": "Pas ce trimestre."},
    ),
    # The national view and the reports for funders: admins; a coordination's report also its coordinatrices
    # (Nadia runs Toulouse's, not Rennes's).
    "GET /admin/reseau": Probe("/admin/reseau", only(ADMINS, 200)),
    "GET /admin/bilan": Probe("/admin/bilan", only(ADMINS, 200)),
    "GET /admin/bilan.csv": Probe("/admin/bilan.csv", only(ADMINS, 200)),
    "GET /coordinations/{slug}/bilan": (
        Probe("/coordinations/toulouse/bilan", only(MANAGERS, 200)),
        Probe("/coordinations/rennes/bilan", only(ADMINS, 200)),
    ),
    "GET /coordinations/{slug}/bilan.csv": (
        Probe("/coordinations/toulouse/bilan.csv", only(MANAGERS, 200)),
        Probe("/coordinations/rennes/bilan.csv", only(ADMINS, 200)),
    ),
    # « Mon écosystème »: public; kept by the admins (all) and the coordinatrices (their départements': Nadia
    # runs Toulouse's, in the 31); national networks by the admins only.
    "GET /ecosysteme": (
        Probe("/ecosysteme", everyone(200)),
        Probe("/ecosysteme?departement=31&offre=financement", everyone(200)),
    ),
    "GET /ecosysteme/gerer": Probe("/ecosysteme/gerer", only(MANAGERS, 200)),
    "GET /ecosysteme/nouvelle": Probe("/ecosysteme/nouvelle", only(MANAGERS, 200)),
    "POST /ecosysteme/nouvelle": Probe(
        "/ecosysteme/nouvelle",
        only(MANAGERS, See("/ecosysteme/gerer?ajoutee=1")),
        data=NEW_STRUCTURE,
    ),
    "GET /ecosysteme/{structure_id:int}/modifier": (
        Probe("/ecosysteme/{partner_toulouse}/modifier", only(MANAGERS, 200)),
        Probe("/ecosysteme/{partner_national}/modifier", only(ADMINS, 200)),
    ),
    "POST /ecosysteme/{structure_id:int}/modifier": Probe(
        "/ecosysteme/{partner_toulouse}/modifier",
        only(MANAGERS, See("/ecosysteme/gerer?modifiee=1")),
        data=NEW_STRUCTURE,
    ),
    "POST /ecosysteme/{structure_id:int}/archiver": Probe(
        "/ecosysteme/{partner_toulouse}/archiver", only(MANAGERS, See("/ecosysteme/gerer?archivee=1"))
    ),
    # Private messages: a conversation is read by its two members and nobody else, moderators included,
    # unless one of them reported a message in it (then managers read it through that open report).
    "GET /messages": Probe("/messages", members(200)),
    "POST /messages/avis": Probe(
        "/messages/avis", members(See("/messages?avis=1")), data={"notify": "quotidien"}
    ),
    "GET /messages/nouveau/{member_id:int}": Probe("/messages/nouveau/{claire}", members(200)),
    "POST /messages/nouveau/{member_id:int}": Probe(
        "/messages/nouveau/{claire}",
        members(See("/messages/")),
        data={"body": "Bonjour Claire, un message de la matrice d'accès."},
    ),
    "GET /messages/{conversation_id:int}": Probe(
        "/messages/{amina_claire_conversation}", only(("amina",), 200, refused=404)
    ),
    "POST /messages/{conversation_id:int}/repondre": Probe(
        "/messages/{amina_claire_conversation}/repondre",
        only(("amina",), See("/messages/{amina_claire_conversation}?envoye=1"), refused=404),
        data={"body": "Merci Claire !"},
    ),
    "POST /messages/message/{message_id:int}/signaler": Probe(
        "/messages/message/{claire_message_to_amina}/signaler",
        only(("amina",), See("/messages/{amina_claire_conversation}?signale=1"), refused=404),
        data={"reason": "Un signalement de la matrice d'accès."},
    ),
    "POST /messages/bloquer/{member_id:int}": Probe(
        "/messages/bloquer/{julie}", members(See("/messages?bloquee=1"))
    ),
    "POST /messages/debloquer/{member_id:int}": Probe(
        "/messages/debloquer/{julie}", members(See("/messages?debloquee=1"))
    ),
    "GET /messages/signalements": Probe("/messages/signalements", only(MANAGERS, 200)),
    "GET /messages/signalements/{report_id:int}": Probe(
        "/messages/signalements/{message_report}", only(MANAGERS, 200)
    ),
    "POST /messages/signalements/{report_id:int}/traiter": Probe(
        "/messages/signalements/{message_report}/traiter",
        only(MANAGERS, See("/messages/signalements?traite=1")),
        data={"op": "classe"},
    ),
}
# These end the session (or the account) they are sent with: they come last, in this order, and the
# person logs in again after each but the last.
LAST = ("POST /compte/mot-de-passe", "POST /compte/sessions", "POST /deconnexion", "POST /compte/supprimer")
