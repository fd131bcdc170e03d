"""members.email_bounced_at / email_bounce_status: an address that bounces is no longer written to

Revision ID: learning_0009
Revises: learning_0007
Create Date: 2026-12-06 18:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "learning_0009"
down_revision = "learning_0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email_bounced_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("email_bounce_status", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("email_bounce_status")
        batch_op.drop_column("email_bounced_at")
