"""workshops use the shell's themes (learning.themes) and remember when they were announced

Revision ID: live_0004
Revises: live_0003
Create Date: 2026-12-06 15:00:00

Three of live's theme keys had no equal in the one list of themes: they are rewritten to the theme they
became (learning.themes.OLD_KEYS, copied here so that this revision never changes). `announced_at` is the
subscriptions job's claim on a published workshop; every workshop already there counts as announced, so
that nobody gets e-mails about the whole past programme at once.
"""

import sqlalchemy as sa
from alembic import op

revision = "live_0004"
down_revision = "live_0003"
branch_labels = None
depends_on = None

OLD_KEYS = {
    "reseaux-sociaux": "communication",
    "developpement-personnel": "equilibre",
    "gestion": "comptabilite",
}


def upgrade() -> None:
    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.add_column(sa.Column("announced_at", sa.DateTime(), nullable=True))
    op.execute("UPDATE workshops SET announced_at = CURRENT_TIMESTAMP")
    for old, new in OLD_KEYS.items():
        op.execute(
            sa.text("UPDATE workshops SET theme = :new WHERE theme = :old").bindparams(old=old, new=new)
        )


def downgrade() -> None:
    for old, new in OLD_KEYS.items():
        op.execute(
            sa.text("UPDATE workshops SET theme = :old WHERE theme = :new").bindparams(old=old, new=new)
        )
    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.drop_column("announced_at")
