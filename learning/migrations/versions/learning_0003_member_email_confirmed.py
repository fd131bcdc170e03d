"""members.email_confirmed_at: sign-up confirms the address by e-mail

Revision ID: learning_0003
Revises: learning_0002
Create Date: 2026-12-02 10:00:00

Every member who exists before this revision is taken as confirmed (her address was accepted
under the old rules, and the demo members are fictitious): the backfill copies her sign-up time.
"""

import sqlalchemy as sa
from alembic import op

revision = "learning_0003"
down_revision = "learning_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email_confirmed_at", sa.DateTime(), nullable=True))
    op.execute("UPDATE members SET email_confirmed_at = created_at WHERE email_confirmed_at IS NULL")


def downgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("email_confirmed_at")
