"""storage partitions: mini program storage in the database (openmini.platform.storage_db)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 02:37:01.970185
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "storage_partitions",
        sa.Column("user", sa.String(length=128), nullable=False),
        sa.Column("appid", sa.String(length=64), nullable=False),
        sa.Column("used", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("user", "appid", name=op.f("pk_storage_partitions")),
    )
    op.create_table(
        "storage_entries",
        sa.Column("user", sa.String(length=128), nullable=False),
        sa.Column("appid", sa.String(length=64), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("value", sa.LargeBinary(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user", "appid"],
            ["storage_partitions.user", "storage_partitions.appid"],
            name=op.f("fk_storage_entries_user_storage_partitions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user", "appid", "key_hash", name=op.f("pk_storage_entries")),
    )


def downgrade() -> None:
    op.drop_table("storage_entries")
    op.drop_table("storage_partitions")
