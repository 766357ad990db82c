"""feedback and conversations

The feedback table as assistant/feedback.py created it with plain sqlite3 before this store: a file
written then is adopted as it is (the table is created only where it is missing).

Revision ID: 0001
Revises:
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if not sa.inspect(op.get_bind()).has_table("feedback"):
        op.create_table(
            "feedback",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("created", sa.String(32), nullable=False),
            sa.Column("rating", sa.Integer, sa.CheckConstraint("rating IN (-1, 1)", name="feedback_rating"),
                      nullable=False),
            sa.Column("question", sa.Text, nullable=False),
            sa.Column("answer_summary", sa.Text, nullable=False),
            sa.Column("comment", sa.Text, nullable=False, server_default=""),
        )
    op.create_table(
        "conversations",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("owner", sa.String(64), nullable=False, server_default=""),
        sa.Column("state", sa.JSON, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated", sa.DateTime, nullable=False),
    )
    op.create_index("ix_conversations_updated", "conversations", ["updated"])


def downgrade() -> None:
    op.drop_index("ix_conversations_updated", "conversations")
    op.drop_table("conversations")
    op.drop_table("feedback")
