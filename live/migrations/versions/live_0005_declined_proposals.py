"""a proposal can be declined, with the coordination's reason

Revision ID: live_0005
Revises: live_0004
Create Date: 2026-12-06 18:00:00

`declined`: a coordinatrice did not publish the proposal; `decline_reason` is what she told the intervenante
(also e-mailed to her). A declined proposal stays between its intervenante and the coordination, like a
proposal.
"""

import sqlalchemy as sa
from alembic import op

revision = "live_0005"
down_revision = "live_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.add_column(sa.Column("decline_reason", sa.Text(), server_default="", nullable=False))
        batch_op.drop_constraint(batch_op.f("ck_workshops_status_known"), type_="check")
        batch_op.create_check_constraint(
            "status_known", "status IN ('proposed', 'published', 'cancelled', 'declined')"
        )


def downgrade() -> None:
    # A declined proposal goes back to the queue: the older schema has no other place for it.
    op.execute("UPDATE workshops SET status = 'proposed' WHERE status = 'declined'")
    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_workshops_status_known"), type_="check")
        batch_op.create_check_constraint("status_known", "status IN ('proposed', 'published', 'cancelled')")
        batch_op.drop_column("decline_reason")
