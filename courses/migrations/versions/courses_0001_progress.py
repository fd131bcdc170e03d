"""courses: enrolments, progress, attempts, calculators, certificates

Revision ID: courses_0001
Revises:
Create Date: 2026-11-28 10:30:04.250125
"""

import sqlalchemy as sa
from alembic import op

revision = "courses_0001"
down_revision = None
branch_labels = ("courses",)
depends_on = "learning_0001"


def upgrade() -> None:
    op.create_table(
        "course_calculator_inputs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("course", sa.String(length=80), nullable=False),
        sa.Column("calculator", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_course_calculator_inputs_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course_calculator_inputs")),
        sa.UniqueConstraint(
            "member_id", "course", "calculator", name="uq_course_calculator_inputs_member_calc"
        ),
    )
    op.create_table(
        "course_certificates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("course", sa.String(length=80), nullable=False),
        sa.Column("course_title", sa.String(length=200), nullable=False),
        sa.Column("learner_name", sa.String(length=120), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_course_certificates_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course_certificates")),
        sa.UniqueConstraint("code", name=op.f("uq_course_certificates_code")),
        sa.UniqueConstraint("member_id", "course", name="uq_course_certificates_member_course"),
    )
    with op.batch_alter_table("course_certificates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_course_certificates_member_id"), ["member_id"], unique=False)

    op.create_table(
        "course_check_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("course", sa.String(length=80), nullable=False),
        sa.Column("module", sa.String(length=120), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.CheckConstraint("number >= 1", name=op.f("ck_course_check_attempts_number_positive")),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_course_check_attempts_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course_check_attempts")),
        sa.UniqueConstraint(
            "member_id", "course", "module", "number", name="uq_course_check_attempts_number"
        ),
    )
    with op.batch_alter_table("course_check_attempts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_course_check_attempts_member_id"), ["member_id"], unique=False)

    op.create_table(
        "course_enrolments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("course", sa.String(length=80), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(), nullable=False),
        sa.Column("last_lesson", sa.String(length=200), nullable=True),
        sa.Column("last_seen_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_course_enrolments_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course_enrolments")),
        sa.UniqueConstraint("member_id", "course", name="uq_course_enrolments_member_course"),
    )
    with op.batch_alter_table("course_enrolments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_course_enrolments_member_id"), ["member_id"], unique=False)

    op.create_table(
        "course_lesson_progress",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("course", sa.String(length=80), nullable=False),
        sa.Column("lesson", sa.String(length=200), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("completed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_course_lesson_progress_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course_lesson_progress")),
        sa.UniqueConstraint("member_id", "course", "lesson", name="uq_course_lesson_progress_member_lesson"),
    )
    with op.batch_alter_table("course_lesson_progress", schema=None) as batch_op:
        batch_op.create_index("ix_course_lesson_progress_course_lesson", ["course", "lesson"], unique=False)

    op.create_table(
        "course_quiz_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("course", sa.String(length=80), nullable=False),
        sa.Column("quiz_id", sa.String(length=120), nullable=False),
        sa.Column("check_attempt_id", sa.Integer(), nullable=True),
        sa.Column("answer", sa.JSON(), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["check_attempt_id"],
            ["course_check_attempts.id"],
            name=op.f("fk_course_quiz_attempts_check_attempt_id_course_check_attempts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_course_quiz_attempts_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course_quiz_attempts")),
    )
    with op.batch_alter_table("course_quiz_attempts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_course_quiz_attempts_check_attempt_id"), ["check_attempt_id"], unique=False
        )
        batch_op.create_index(
            "ix_course_quiz_attempts_member", ["member_id", "course", "quiz_id"], unique=False
        )
        batch_op.create_index("ix_course_quiz_attempts_quiz", ["course", "quiz_id"], unique=False)


def downgrade() -> None:
    for table in (
        "course_quiz_attempts",
        "course_lesson_progress",
        "course_enrolments",
        "course_check_attempts",
        "course_certificates",
        "course_calculator_inputs",
    ):
        op.drop_table(table)
