"""partners: the directory of support structures and the départements they cover

Revision ID: partners_0001
Revises:
Create Date: 2026-12-06 15:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "partners_0001"
down_revision = None
branch_labels = ("partners",)
depends_on = "learning_0001"


def upgrade() -> None:
    op.create_table(
        "partner_structures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("offers", sa.String(length=120), nullable=False),
        sa.Column("national", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("insee", sa.String(length=5), nullable=True),
        sa.Column("commune_name", sa.String(length=120), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("website", sa.String(length=300), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("archived_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["members.id"],
            name=op.f("fk_partner_structures_updated_by_id_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_structures")),
    )
    op.create_index("ix_partner_structures_kind", "partner_structures", ["kind"])
    op.create_table(
        "partner_departements",
        sa.Column("structure_id", sa.Integer(), nullable=False),
        sa.Column("departement", sa.String(length=3), nullable=False),
        sa.ForeignKeyConstraint(
            ["structure_id"],
            ["partner_structures.id"],
            name=op.f("fk_partner_departements_structure_id_partner_structures"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("structure_id", "departement", name=op.f("pk_partner_departements")),
    )
    op.create_index(op.f("ix_partner_departements_departement"), "partner_departements", ["departement"])


def downgrade() -> None:
    op.drop_index(op.f("ix_partner_departements_departement"), table_name="partner_departements")
    op.drop_table("partner_departements")
    op.drop_index("ix_partner_structures_kind", table_name="partner_structures")
    op.drop_table("partner_structures")
