"""coordinations: today's free-text territories become coordinations, nothing lost

Every distinct territory that a member or a board post names (« Bretagne », « Outre-mer »…) becomes a
coordination (« Coordination Bretagne ») seated at its région's prefecture; members who named it get a
confirmed membership (they chose it, and until now nobody had to confirm), coordinatrices among them run
it, and posts get its coordination_id. The territory columns stay as they were (no longer read): nothing
is dropped, and a downgrade only removes what this revision added.

The seats are written here, not looked up: a migration must not depend on the geography being loaded.

Revision ID: coordinations_0003
Revises: coordinations_0002
Create Date: 2026-12-06 13:00:00
"""

import re
import unicodedata
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "coordinations_0003"
down_revision = "coordinations_0002"
branch_labels = None
depends_on = "learning_0004"

# Territory → (seat commune's INSEE code, latitude, longitude, département): the région's prefecture.
SEATS = {
    "Auvergne-Rhône-Alpes": ("69123", 45.7578, 4.8320, "69"),  # Lyon
    "Bourgogne-Franche-Comté": ("21231", 47.3220, 5.0415, "21"),  # Dijon
    "Bretagne": ("35238", 48.1113, -1.6800, "35"),  # Rennes
    "Centre-Val de Loire": ("45234", 47.9029, 1.9093, "45"),  # Orléans
    "Corse": ("2A004", 41.9192, 8.7386, "2A"),  # Ajaccio
    "Grand Est": ("67482", 48.5734, 7.7521, "67"),  # Strasbourg
    "Hauts-de-France": ("59350", 50.6292, 3.0573, "59"),  # Lille
    "Île-de-France": ("75056", 48.8566, 2.3522, "75"),  # Paris
    "Normandie": ("76540", 49.4432, 1.0999, "76"),  # Rouen
    "Nouvelle-Aquitaine": ("33063", 44.8378, -0.5792, "33"),  # Bordeaux
    "Occitanie": ("31555", 43.6047, 1.4442, "31"),  # Toulouse
    "Pays de la Loire": ("44109", 47.2184, -1.5536, "44"),  # Nantes
    "Provence-Alpes-Côte d'Azur": ("13055", 43.2965, 5.3698, "13"),  # Marseille
    # Overseas had one coordination: seated in the most populous overseas département's prefecture.
    "Outre-mer": ("97411", -20.8823, 55.4504, "974"),  # Saint-Denis (La Réunion)
}
# A territory outside the list (typed before the list was enforced) still gets its coordination, seated
# in Paris until an admin moves it: nothing is lost.
FALLBACK_SEAT = SEATS["Île-de-France"]

members = sa.table(
    "members",
    sa.column("id", sa.Integer),
    sa.column("territory", sa.String),
    sa.column("roles", sa.String),
)
posts = sa.table(
    "board_posts",
    sa.column("id", sa.Integer),
    sa.column("territory", sa.String),
    sa.column("coordination_id", sa.Integer),
)
coordinations = sa.table(
    "coordinations",
    sa.column("id", sa.Integer),
    sa.column("slug", sa.String),
    sa.column("name", sa.String),
    sa.column("seat_insee", sa.String),
    sa.column("lat", sa.Float),
    sa.column("lon", sa.Float),
    sa.column("departement", sa.String),
    sa.column("description", sa.Text),
    sa.column("contact_email", sa.String),
    sa.column("meeting_place", sa.Text),
    sa.column("created_at", sa.DateTime),
)
communes = sa.table(
    "coordination_communes", sa.column("coordination_id", sa.Integer), sa.column("insee", sa.String)
)
memberships = sa.table(
    "coordination_memberships",
    sa.column("member_id", sa.Integer),
    sa.column("coordination_id", sa.Integer),
    sa.column("status", sa.String),
    sa.column("listed", sa.Boolean),
    sa.column("requested_at", sa.DateTime),
    sa.column("confirmed_at", sa.DateTime),
)
leads = sa.table(
    "coordination_leads",
    sa.column("coordination_id", sa.Integer),
    sa.column("member_id", sa.Integer),
    sa.column("since", sa.DateTime),
)
MARK = "Créée depuis l'ancienne coordination régionale « {} »."


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:70] or "coordination"


def upgrade() -> None:
    bind = op.get_bind()
    now = datetime.now(UTC).replace(tzinfo=None)
    used = {t.strip() for (t,) in bind.execute(sa.select(members.c.territory).distinct()) if t and t.strip()}
    used |= {t.strip() for (t,) in bind.execute(sa.select(posts.c.territory).distinct()) if t and t.strip()}
    taken = {s for (s,) in bind.execute(sa.select(coordinations.c.slug))}
    ids: dict[str, int] = {}
    for territory in sorted(used):
        name = f"Coordination {territory}"[:120]
        existing = bind.execute(sa.select(coordinations.c.id).where(coordinations.c.name == name)).scalar()
        if existing is not None:
            ids[territory] = existing
            continue
        slug, n = _slug(name), 1
        while slug in taken:
            n += 1
            slug = f"{_slug(name)}-{n}"
        taken.add(slug)
        insee, lat, lon, departement = SEATS.get(territory, FALLBACK_SEAT)
        bind.execute(
            coordinations.insert().values(
                slug=slug,
                name=name,
                seat_insee=insee,
                lat=lat,
                lon=lon,
                departement=departement,
                description=MARK.format(territory),
                contact_email="",
                meeting_place="",
                created_at=now,
            )
        )
        ids[territory] = bind.execute(
            sa.select(coordinations.c.id).where(coordinations.c.slug == slug)
        ).scalar_one()
        bind.execute(communes.insert().values(coordination_id=ids[territory], insee=insee))

    rows = bind.execute(
        sa.select(members.c.id, members.c.territory, members.c.roles).where(members.c.territory.is_not(None))
    )
    for member_id, territory, roles in rows.all():
        coordination_id = ids.get((territory or "").strip())
        if coordination_id is None:
            continue
        has = bind.execute(
            sa.select(memberships.c.member_id).where(memberships.c.member_id == member_id)
        ).first()
        if has is None:
            bind.execute(
                memberships.insert().values(
                    member_id=member_id,
                    coordination_id=coordination_id,
                    status="confirmed",
                    listed=False,
                    requested_at=now,
                    confirmed_at=now,
                )
            )
        # A coordinatrice who named her région ran it: she runs its coordination.
        if "coordinatrice" in (roles or "").split(","):
            bind.execute(
                leads.insert().values(coordination_id=coordination_id, member_id=member_id, since=now)
            )

    for territory, coordination_id in ids.items():
        bind.execute(
            posts.update()
            .where(sa.func.trim(posts.c.territory) == territory, posts.c.coordination_id.is_(None))
            .values(coordination_id=coordination_id)
        )


def downgrade() -> None:
    bind = op.get_bind()
    made = [
        cid
        for (cid, description) in bind.execute(sa.select(coordinations.c.id, coordinations.c.description))
        if description.startswith("Créée depuis l'ancienne coordination régionale")
    ]
    if made:
        bind.execute(posts.update().where(posts.c.coordination_id.in_(made)).values(coordination_id=None))
        # Memberships, leads and communes go with their coordination (ON DELETE CASCADE), but SQLite
        # enforces cascades only when foreign keys are on: delete them explicitly.
        bind.execute(memberships.delete().where(memberships.c.coordination_id.in_(made)))
        bind.execute(leads.delete().where(leads.c.coordination_id.in_(made)))
        bind.execute(communes.delete().where(communes.c.coordination_id.in_(made)))
        bind.execute(coordinations.delete().where(coordinations.c.id.in_(made)))
