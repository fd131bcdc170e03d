"""Creating and editing a coordination: reading its form (seat, territory, coordinatrices) with French errors,
and writing it. Writes take an open session and let the caller commit."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from sqlalchemy import delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import FormData

from learning import forms
from learning.i18n import _
from learning.models import Member

from . import directory, geography
from .geography import Place
from .models import Commune, Coordination, CoordinationCommune, CoordinationLead
from .travel import Point, crow_flies_km

MAX_TERRITORY = 3000  # communes: a large urban area, well beyond any town's economic area
MAX_RADIUS_KM = 60
# Paths next to /admin/coordinations/{slug}: a coordination named so would be unreachable.
RESERVED_SLUGS = {"nouvelle"}
CHUNKS = re.compile(r"[\n,;]+")
CODE = re.compile(r"^\s*(\d{5}|2[AB]\d{3})\b\s*(.*)$", re.IGNORECASE)


@dataclass
class Values:
    """The form as typed, redisplayed as is when something is wrong."""

    name: str = ""
    seat: str = ""
    seat_insee: str = ""
    communes: str = ""
    radius_km: str = ""
    leads: str = ""
    contact_email: str = ""
    description: str = ""
    meeting_place: str = ""

    @classmethod
    def of(cls, form: FormData) -> Values:
        def field(name: str, max_length: int) -> str:
            return _visible(forms.text(form, name, max_length=max_length))

        return cls(
            name=forms.display_name(form, "name", max_length=120),
            seat=field("seat", 100),
            seat_insee=field("seat_insee", 5),
            communes=field("communes", 60_000),
            radius_km=field("radius_km", 10),
            leads=field("leads", 5000),
            contact_email=forms.normalise_email(field("contact_email", 254)),
            description=field("description", 5000),
            meeting_place=field("meeting_place", 1000),
        )


def _visible(text: str) -> str:
    """Without control characters (PostgreSQL refuses NUL in text), line breaks and tabs kept."""
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc").strip()


@dataclass
class Checked:
    """What the form resolved to; `errors` empty when it may be saved."""

    errors: dict[str, str] = field(default_factory=dict)
    seat: Commune | None = None
    seat_choices: list[Place] = field(default_factory=list)
    territory: list[str] = field(default_factory=list)  # INSEE codes
    leads: list[Member] = field(default_factory=list)


async def territory_text(session: AsyncSession, coordination_id: int) -> str:
    """The territory as the form shows it: « INSEE Nom », one per line (read back exactly, see parse)."""
    names = (
        select(Commune.insee, func.min(Commune.name).label("name"))
        .where(
            Commune.insee.in_(
                select(CoordinationCommune.insee).where(
                    CoordinationCommune.coordination_id == coordination_id
                )
            )
        )
        .group_by(Commune.insee)
        .order_by(Commune.insee)
    )
    return "\n".join(f"{insee} {name}" for insee, name in await session.execute(names))


async def parse_territory(session: AsyncSession, text: str) -> tuple[list[str], str | None]:
    """INSEE codes from « code » or « code Nom » items (lines, commas or semicolons). A code alone is a
    postal code (all the communes sharing it) when one exists, else an INSEE code; a name after it picks
    the commune among both. Returns (codes, French error or None)."""
    found: dict[str, None] = {}
    for chunk in CHUNKS.split(text):
        if not chunk.strip():
            continue
        match = CODE.match(chunk)
        if match is None:
            return [], _("« %(item)s » n'est ni un code postal ni un code INSEE.") % {
                "item": chunk.strip()[:40]
            }
        code, name = match.group(1).upper(), geography.name_key(match.group(2))
        rows = list(
            await session.execute(
                select(Commune.insee, Commune.postal_code, Commune.name_key).where(
                    or_(Commune.insee == code, Commune.postal_code == code), Commune.kind != "COMD"
                )
            )
        )
        if name:
            picked = {r.insee for r in rows if r.name_key == name and r.insee == code} or {
                r.insee for r in rows if r.name_key == name
            }
        else:
            picked = {r.insee for r in rows if r.postal_code == code} or {
                r.insee for r in rows if r.insee == code
            }
        if not picked:
            return [], _("Aucune commune ne correspond à « %(item)s ».") % {"item": chunk.strip()[:60]}
        found.update(dict.fromkeys(sorted(picked)))
    return list(found), None


async def communes_within(session: AsyncSession, seat: Commune, km: float) -> list[str]:
    """INSEE codes of the communes whose centre lies within `km` of the seat's, nearest first."""
    assert seat.lat is not None and seat.lon is not None
    box = km / 80  # degrees, generous at every latitude of France
    rows = await session.execute(
        select(Commune.insee, Commune.lat, Commune.lon).where(
            Commune.kind.in_(("COM", "ARM")),
            Commune.lat.between(seat.lat - box, seat.lat + box),
            Commune.lon.between(seat.lon - 2 * box, seat.lon + 2 * box),
        )
    )
    origin = Point(seat.lat, seat.lon)
    near: dict[str, float] = {}
    for insee, lat, lon in rows:
        if lat is None or lon is None:
            continue
        distance = crow_flies_km(origin, Point(lat, lon))
        if distance <= km:
            near[insee] = min(distance, near.get(insee, distance))
    return sorted(near, key=near.__getitem__)


async def _seat_candidates(session: AsyncSession, typed: str) -> list[Place]:
    """The communes `typed` may name: « 29800 Landerneau » (as the edit form shows a seat), a postal or
    INSEE code, or a name (communes named exactly so first)."""
    match = CODE.match(typed)
    if match and match.group(2).strip():
        places = await geography.find_places(session, match.group(1), limit=50)
        named = [p for p in places if geography.name_key(p.name) == geography.name_key(match.group(2))]
        places = named or places
    else:
        places = await geography.find_places(session, typed, limit=20)
        exact = [p for p in places if geography.name_key(p.name) == geography.name_key(typed)]
        places = exact + places if exact else places
    return list({p.insee: p for p in places}.values())


async def resolve_seat(session: AsyncSession, typed: str, chosen: str) -> tuple[Commune | None, list[Place]]:
    """The seat `typed` names, or the one chosen among them on the previous answer: (commune, choices).
    A choice that is not among what is typed now is stale (the seat was changed since): it is ignored."""
    candidates = await _seat_candidates(session, typed)
    picked = [p for p in candidates if p.insee == chosen.upper()] if chosen else []
    if not picked:
        exact = [p for p in candidates if geography.name_key(p.name) == geography.name_key(typed)]
        picked = exact if len(exact) == 1 else candidates if len(candidates) == 1 else []
    if picked:
        return await directory.seat_commune(session, picked[0].insee), []
    return None, candidates


async def members_by_email(session: AsyncSession, text: str) -> tuple[list[Member], list[str]]:
    """The members named by e-mail (spaces, commas or lines between them), and the addresses unknown."""
    emails = list(dict.fromkeys(forms.normalise_email(e) for e in re.split(r"[\s,;]+", text) if e.strip()))
    found = {m.email: m for m in await session.scalars(select(Member).where(Member.email.in_(emails)))}
    return [found[e] for e in emails if e in found], [e for e in emails if e not in found]


async def check(
    session: AsyncSession,
    values: Values,
    *,
    identity: bool,
    leads: bool,
    require_territory_seat: Commune | None = None,
) -> Checked:
    """Validates the form. `identity`: name and seat are part of it (admins); `leads`: so are the
    coordinatrices. `require_territory_seat`: the seat when it is not in the form (a coordinatrice's
    edit), for the radius helper and to keep the seat in the territory."""
    checked = Checked()
    errors = checked.errors
    if identity:
        if not values.name:
            errors["name"] = _("Indiquez le nom de la coordination.")
        if not values.seat:
            errors["seat"] = _("Indiquez la commune siège : son code postal ou son nom.")
        else:
            checked.seat, checked.seat_choices = await resolve_seat(session, values.seat, values.seat_insee)
            if checked.seat is None and checked.seat_choices:
                errors["seat"] = _(
                    "Plusieurs communes correspondent : choisissez la commune siège ci-dessous."
                )
            elif checked.seat is None:
                errors["seat"] = _("Aucune commune ne correspond à « %(seat)s ».") % {"seat": values.seat}
    else:
        checked.seat = require_territory_seat
    if values.contact_email and (problem := forms.email_problem(values.contact_email)):
        errors["contact_email"] = problem
    territory, problem = await parse_territory(session, values.communes)
    if problem:
        errors["communes"] = problem
    radius: float | None = None
    if values.radius_km:
        try:
            radius = float(values.radius_km.replace(",", "."))
        except ValueError:
            radius = None
        if radius is None or not 0 < radius <= MAX_RADIUS_KM:
            errors["radius_km"] = _("Indiquez une distance entre 1 et %(max)s km.") % {"max": MAX_RADIUS_KM}
            radius = None
    if checked.seat is not None:
        around = await communes_within(session, checked.seat, radius) if radius else []
        territory = list(dict.fromkeys([checked.seat.insee, *territory, *around]))
    if len(territory) > MAX_TERRITORY:
        errors["communes"] = _("Un territoire compte au plus %(max)s communes.") % {"max": MAX_TERRITORY}
    checked.territory = territory
    if leads:
        checked.leads, unknown = await members_by_email(session, values.leads)
        if unknown:
            errors["leads"] = _("Aucune membre n'a cette adresse : %(emails)s.") % {
                "emails": ", ".join(unknown)
            }
    return checked


async def unique_slug(session: AsyncSession, name: str, *, exclude_id: int | None = None) -> str:
    # « Coordination de Brest » lives at /coordinations/brest, as the demo's do.
    base = re.sub(r"^coordinations?-(?:de-la-|de-l-|de-|du-|des-|d-)?(?=.)", "", directory.slugify(name))[:72]
    slug, suffix = base, 1
    if base in RESERVED_SLUGS:
        suffix, slug = 2, f"{base}-2"
    while True:
        taken = await session.scalar(
            select(Coordination.id).where(Coordination.slug == slug, Coordination.id != (exclude_id or 0))
        )
        if taken is None:
            return slug
        suffix += 1
        slug = f"{base}-{suffix}"


async def save(
    session: AsyncSession,
    coordination: Coordination,
    values: Values,
    checked: Checked,
    *,
    identity: bool,
    leads: bool,
) -> None:
    """Writes a checked form onto `coordination` (added to the session when new)."""
    if identity:
        assert checked.seat is not None
        if coordination.id is None:  # a renamed coordination keeps its address: links to it stay valid
            coordination.slug = await unique_slug(session, values.name)
        coordination.name = values.name
        directory.place_seat(coordination, checked.seat)
    coordination.contact_email = values.contact_email
    coordination.description = values.description
    coordination.meeting_place = values.meeting_place
    session.add(coordination)
    await session.flush()
    await session.execute(
        delete(CoordinationCommune).where(CoordinationCommune.coordination_id == coordination.id)
    )
    session.add_all(
        CoordinationCommune(coordination_id=coordination.id, insee=code) for code in checked.territory
    )
    if leads:
        wanted = {m.id for m in checked.leads}
        current = set(
            await session.scalars(
                select(CoordinationLead.member_id).where(CoordinationLead.coordination_id == coordination.id)
            )
        )
        if current - wanted:
            await session.execute(
                delete(CoordinationLead).where(
                    CoordinationLead.coordination_id == coordination.id,
                    CoordinationLead.member_id.in_(current - wanted),
                )
            )
        for member in checked.leads:
            if member.id not in current:
                session.add(CoordinationLead(coordination_id=coordination.id, member_id=member.id))
            if "coordinatrice" not in member.roles:
                member.set_roles({*member.roles, "coordinatrice"})
