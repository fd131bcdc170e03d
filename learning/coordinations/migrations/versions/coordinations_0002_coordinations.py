"""coordinations: territories, coordinatrices, memberships, members' communes, volunteer applications

Revision ID: coordinations_0002
Revises: coordinations_0001
Create Date: 2026-12-06 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "coordinations_0002"
down_revision = "coordinations_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "coordinations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("seat_insee", sa.String(length=5), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("departement", sa.String(length=3), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("contact_email", sa.String(length=254), nullable=False),
        sa.Column("meeting_place", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coordinations")),
        sa.UniqueConstraint("slug", name=op.f("uq_coordinations_slug")),
    )
    op.create_table(
        "coordination_communes",
        sa.Column("coordination_id", sa.Integer(), nullable=False),
        sa.Column("insee", sa.String(length=5), nullable=False),
        sa.ForeignKeyConstraint(
            ["coordination_id"],
            ["coordinations.id"],
            name=op.f("fk_coordination_communes_coordination_id_coordinations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("coordination_id", "insee", name=op.f("pk_coordination_communes")),
    )
    op.create_index(op.f("ix_coordination_communes_insee"), "coordination_communes", ["insee"])
    op.create_table(
        "coordination_leads",
        sa.Column("coordination_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("since", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["coordination_id"],
            ["coordinations.id"],
            name=op.f("fk_coordination_leads_coordination_id_coordinations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_coordination_leads_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("coordination_id", "member_id", name=op.f("pk_coordination_leads")),
    )
    op.create_index(op.f("ix_coordination_leads_member_id"), "coordination_leads", ["member_id"])
    op.create_table(
        "coordination_memberships",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("coordination_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("listed", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'confirmed')", name=op.f("ck_coordination_memberships_status_known")
        ),
        sa.ForeignKeyConstraint(
            ["confirmed_by_id"],
            ["members.id"],
            name=op.f("fk_coordination_memberships_confirmed_by_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["coordination_id"],
            ["coordinations.id"],
            name=op.f("fk_coordination_memberships_coordination_id_coordinations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_coordination_memberships_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_coordination_memberships")),
    )
    op.create_index(
        "ix_coordination_memberships_coordination", "coordination_memberships", ["coordination_id", "status"]
    )
    op.create_table(
        "member_places",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("insee", sa.String(length=5), nullable=False),
        sa.Column("postal_code", sa.String(length=5), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_member_places_member_id_members"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_member_places")),
    )
    op.create_index(op.f("ix_member_places_insee"), "member_places", ["insee"])
    op.create_table(
        "volunteer_applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("insee", sa.String(length=5), nullable=True),
        sa.Column("availability", sa.Text(), nullable=False),
        sa.Column("offers", sa.String(length=120), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("coordination_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decision_message", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'accepted', 'declined')",
            name=op.f("ck_volunteer_applications_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["coordination_id"],
            ["coordinations.id"],
            name=op.f("fk_volunteer_applications_coordination_id_coordinations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["members.id"],
            name=op.f("fk_volunteer_applications_decided_by_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_volunteer_applications_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer_applications")),
    )
    op.create_index(op.f("ix_volunteer_applications_member_id"), "volunteer_applications", ["member_id"])
    op.create_index("ix_volunteer_applications_status", "volunteer_applications", ["status", "created_at"])


def downgrade() -> None:
    op.drop_table("volunteer_applications")
    op.drop_table("member_places")
    op.drop_table("coordination_memberships")
    op.drop_table("coordination_leads")
    op.drop_table("coordination_communes")
    op.drop_table("coordinations")
