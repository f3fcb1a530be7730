"""console: platform limits, request counts (health page), review screenshots

Revision ID: 0003_console
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003_console"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "request_counts",
        sa.Column("process", sa.String(length=32), nullable=False),
        sa.Column("minute", sa.Integer(), nullable=False),
        sa.Column("requests", sa.Integer(), nullable=False),
        sa.Column("errors", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("process", "minute", name=op.f("pk_request_counts")),
    )
    op.create_table(
        "platform_limits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("max_main_package", sa.Integer(), nullable=False),
        sa.Column("max_subpackage", sa.Integer(), nullable=False),
        sa.Column("max_total_package", sa.Integer(), nullable=False),
        sa.Column("allowed_apis", sa.JSON(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["users.id"], name=op.f("fk_platform_limits_updated_by_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_platform_limits")),
    )
    op.create_table(
        "version_screenshots",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("blob_key", sa.String(length=200), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"], ["versions.id"], name=op.f("fk_version_screenshots_version_id_versions"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("version_id", name=op.f("pk_version_screenshots")),
    )


def downgrade() -> None:
    op.drop_table("version_screenshots")
    op.drop_table("platform_limits")
    op.drop_table("request_counts")
