"""geography: communes with postal codes, départements, régions

Revision ID: coordinations_0001
Revises:
Create Date: 2026-12-06 11:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "coordinations_0001"
down_revision = None
branch_labels = ("coordinations",)
depends_on = "learning_0001"


def upgrade() -> None:
    op.create_table(
        "geo_communes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("insee", sa.String(length=5), nullable=False),
        sa.Column("postal_code", sa.String(length=5), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("name_key", sa.String(length=120), nullable=False),
        sa.Column("departement", sa.String(length=3), nullable=False),
        sa.Column("region", sa.String(length=2), nullable=False),
        sa.Column("kind", sa.String(length=4), nullable=False),
        sa.Column("parent_insee", sa.String(length=5), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_geo_communes")),
    )
    op.create_index("ix_geo_communes_postal_code", "geo_communes", ["postal_code"])
    op.create_index("ix_geo_communes_insee", "geo_communes", ["insee"])
    op.create_index("ix_geo_communes_name_key", "geo_communes", ["name_key"])
    op.create_index("ix_geo_communes_lat_lon", "geo_communes", ["lat", "lon"])
    op.create_table(
        "geo_departements",
        sa.Column("code", sa.String(length=3), nullable=False),
        sa.Column("region", sa.String(length=2), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_geo_departements")),
    )
    op.create_table(
        "geo_regions",
        sa.Column("code", sa.String(length=2), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_geo_regions")),
    )


def downgrade() -> None:
    op.drop_table("geo_regions")
    op.drop_table("geo_departements")
    op.drop_table("geo_communes")
