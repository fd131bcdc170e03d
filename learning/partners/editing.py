"""Adding and editing a structure: reading its form with French errors, and writing it. Writes take an open
session and let the caller commit."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import FormData

from learning import forms
from learning.coordinations import geography
from learning.coordinations.models import Commune, Departement
from learning.db import utcnow
from learning.i18n import _, number_fr
from learning.models import Member

from .models import KINDS, OFFERS, Structure, StructureDepartement
from .permissions import Keeper

DEPARTEMENT = re.compile(r"^(\d{2}|2[AB]|97\d)$")
SEPARATORS = re.compile(r"[\s,;]+")
CODE_AND_NAME = re.compile(r"^\s*(\d{5})\s*(.*)$")
PHONE = re.compile(r"^[0-9+().\s-]{6,30}$")
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*\.[^\s]+$", re.IGNORECASE)
MAX_DEPARTEMENTS = 30
MAX_DESCRIPTION = 1000


@dataclass
class Values:
    """The form as typed, redisplayed as is when something is wrong."""

    name: str = ""
    kind: str = ""
    offers: list[str] = field(default_factory=list)
    national: bool = False
    departements: str = ""
    commune: str = ""
    address: str = ""
    website: str = ""
    phone: str = ""
    email: str = ""
    description: str = ""

    @classmethod
    def of(cls, form: FormData) -> Values:
        def text(name: str, max_length: int) -> str:
            return _visible(forms.text(form, name, max_length=max_length))

        return cls(
            name=forms.display_name(form, "name", max_length=160),
            kind=text("kind", 30),
            offers=[o for o in form.getlist("offers") if isinstance(o, str) and o in OFFERS],
            national=forms.text(form, "national", max_length=5) == "1",
            departements=text("departements", 300),
            commune=text("commune", 120),
            address=text("address", 300),
            website=text("website", 300),
            phone=text("phone", 30),
            email=forms.normalise_email(text("email", 254)),
            description=text("description", 10 * MAX_DESCRIPTION),
        )

    @classmethod
    def from_structure(cls, structure: Structure, departements: list[str]) -> Values:
        commune = f"{structure.insee} {structure.commune_name}" if structure.insee else ""
        return cls(
            name=structure.name,
            kind=structure.kind,
            offers=list(structure.offers),
            national=structure.national,
            departements=", ".join(departements),
            commune=commune,
            address=structure.address,
            website=structure.website,
            phone=structure.phone,
            email=structure.email,
            description=structure.description,
        )


def _visible(text: str) -> str:
    """Without control characters (PostgreSQL refuses NUL in text), line breaks kept."""
    return "".join(c for c in text if c in "\n" or unicodedata.category(c) != "Cc").strip()


@dataclass
class Checked:
    errors: dict[str, str] = field(default_factory=dict)
    departements: list[str] = field(default_factory=list)
    commune: Commune | None = None
    website: str = ""


async def _commune(session: AsyncSession, text: str) -> Commune | None:
    """« 31000 Toulouse », « 31555 Toulouse » (as the form shows it back), « 31000 » or « Toulouse »: the
    most populous match with coordinates."""
    stmt = select(Commune).where(Commune.lat.is_not(None), Commune.kind != "COMD")
    match = CODE_AND_NAME.match(text)
    if match:
        code, name = match.group(1), geography.name_key(match.group(2))
        stmt = stmt.where((Commune.insee == code) | (Commune.postal_code == code))
        if name:
            stmt = stmt.where(Commune.name_key == name)
    else:
        key = geography.name_key(text)
        if not key:
            return None
        stmt = stmt.where(Commune.name_key == key)
    return await session.scalar(stmt.order_by(Commune.population.desc()).limit(1))


async def _known_departements(session: AsyncSession) -> set[str]:
    return set(await session.scalars(select(Departement.code)))


async def check(session: AsyncSession, values: Values, keeper: Keeper) -> Checked:
    checked = Checked()
    errors = checked.errors
    if not values.name:
        errors["name"] = _("Indiquez le nom de la structure.")
    if values.kind not in KINDS:
        errors["kind"] = _("Choisissez le type de structure.")
    if not values.offers:
        errors["offers"] = _("Cochez au moins ce que la structure propose.")
    if values.national and not keeper.everything:
        errors["national"] = _("Seule l'équipe nationale peut ajouter une structure nationale.")

    if values.commune:
        checked.commune = await _commune(session, values.commune)
        if checked.commune is None:
            errors["commune"] = _(
                "Aucune commune ne correspond à « %(text)s » : indiquez son code postal et son nom."
            ) % {"text": values.commune[:60]}

    codes = [c.upper() for c in SEPARATORS.split(values.departements) if c]
    codes = list(dict.fromkeys(("0" + c) if c.isdigit() and len(c) == 1 else c for c in codes))
    known = await _known_departements(session)
    wrong = [c for c in codes if not DEPARTEMENT.match(c) or (known and c not in known)]
    if len(codes) > MAX_DEPARTEMENTS:
        errors["departements"] = _(
            "Pas plus de %(max)s départements : cochez « nationale » pour la France entière."
        ) % {"max": MAX_DEPARTEMENTS}
    elif wrong:
        errors["departements"] = _(
            "« %(code)s » n'est pas un numéro de département (exemples : 31, 2A, 974)."
        ) % {"code": wrong[0][:10]}
    if not codes and checked.commune is not None:
        codes = [checked.commune.departement]  # the commune's, when none is written
    if not codes and not values.national and "departements" not in errors:
        errors["departements"] = _("Indiquez au moins un département couvert (exemple : 31).")
    if codes and not keeper.everything and "departements" not in errors:
        foreign = [c for c in codes if c not in keeper.departements]
        if foreign:
            errors["departements"] = _(
                "Vous tenez l'annuaire de vos départements seulement (%(mine)s) : pas du %(code)s."
            ) % {"mine": ", ".join(sorted(keeper.departements)), "code": foreign[0]}
    checked.departements = codes

    website = values.website
    if website and not website.lower().startswith(("http://", "https://")):
        website = "https://" + website
    if website and not URL.match(website):
        errors["website"] = _(
            "Cette adresse de site ne semble pas valide (exemple : https://www.exemple.fr)."
        )
    checked.website = website
    if values.phone and not PHONE.match(values.phone):
        errors["phone"] = _("Ce numéro de téléphone ne semble pas valide (exemple : 05 61 00 00 00).")
    if len(values.description) > MAX_DESCRIPTION:
        errors["description"] = _(
            "La présentation fait %(n)s caractères : %(max)s au plus, raccourcissez-la."
        ) % {"n": number_fr(len(values.description)), "max": number_fr(MAX_DESCRIPTION)}
    if values.email:
        problem = forms.email_problem(values.email)
        if problem:
            errors["email"] = _(problem)
    return checked


async def departements_of(session: AsyncSession, structure_id: int) -> list[str]:
    return list(
        await session.scalars(
            select(StructureDepartement.departement)
            .where(StructureDepartement.structure_id == structure_id)
            .order_by(StructureDepartement.departement)
        )
    )


async def save(
    session: AsyncSession, structure: Structure, values: Values, checked: Checked, author: Member
) -> None:
    structure.name = values.name
    structure.kind = values.kind
    structure.offers_csv = ",".join(o for o in OFFERS if o in values.offers)
    structure.national = values.national
    commune = checked.commune
    structure.insee = commune.insee if commune else None
    structure.commune_name = commune.name if commune else ""
    structure.lat = commune.lat if commune else None
    structure.lon = commune.lon if commune else None
    structure.address = values.address
    structure.website = checked.website
    structure.phone = values.phone
    structure.email = values.email
    structure.description = values.description
    structure.updated_at = utcnow()
    structure.updated_by_id = author.id
    if structure.id is None:
        session.add(structure)
        await session.flush()
    await session.execute(
        delete(StructureDepartement).where(StructureDepartement.structure_id == structure.id)
    )
    session.add_all(
        StructureDepartement(structure_id=structure.id, departement=c) for c in checked.departements
    )
