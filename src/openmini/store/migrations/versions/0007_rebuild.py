"""rebuild: the openmini version each version's package was built with

Revision ID: 0007_rebuild
Revises: 0006_rate_limits
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0007_rebuild"
down_revision: str | None = "0006_rate_limits"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # Packages stored before this column have no recorded compiler: NULL until `openmini rebuild`.
    with op.batch_alter_table("versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("compiler_version", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("versions", schema=None) as batch_op:
        batch_op.drop_column("compiler_version")
