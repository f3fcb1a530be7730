"""identity: pairwise openids and unionids, session keys, login and phone codes, phone numbers, access tokens

Revision ID: 0004_identity
Revises: 0003_console
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004_identity"
down_revision: str | None = "0003_console"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "access_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("app_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("nonce", sa.String(length=64), nullable=True),
        sa.Column("forced", sa.Boolean(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["app_id"], ["apps.id"], name=op.f("fk_access_tokens_app_id_apps"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_tokens")),
        sa.UniqueConstraint("token_sha256", name=op.f("uq_access_tokens_token_sha256")),
    )
    with op.batch_alter_table("access_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_access_tokens_app_id"), ["app_id"], unique=False)

    op.create_table(
        "identity_app_users",
        sa.Column("end_user_id", sa.String(length=32), nullable=False),
        sa.Column("app_id", sa.Integer(), nullable=False),
        sa.Column("openid", sa.String(length=28), nullable=False),
        sa.Column("session_key", sa.String(length=24), nullable=True),
        sa.Column("session_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["app_id"], ["apps.id"], name=op.f("fk_identity_app_users_app_id_apps"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["end_user_id"],
            ["end_users.id"],
            name=op.f("fk_identity_app_users_end_user_id_end_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("end_user_id", "app_id", name=op.f("pk_identity_app_users")),
        sa.UniqueConstraint("openid", name=op.f("uq_identity_app_users_openid")),
    )
    with op.batch_alter_table("identity_app_users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_identity_app_users_app_id"), ["app_id"], unique=False)

    op.create_table(
        "identity_codes",
        sa.Column("code_sha256", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.String(length=8), nullable=False),
        sa.Column("end_user_id", sa.String(length=32), nullable=False),
        sa.Column("app_id", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("country_code", sa.String(length=4), nullable=True),
        sa.Column("phone_number", sa.String(length=15), nullable=True),
        sa.ForeignKeyConstraint(
            ["app_id"], ["apps.id"], name=op.f("fk_identity_codes_app_id_apps"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["end_user_id"], ["end_users.id"], name=op.f("fk_identity_codes_end_user_id_end_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("code_sha256", name=op.f("pk_identity_codes")),
    )
    with op.batch_alter_table("identity_codes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_identity_codes_expires_at"), ["expires_at"], unique=False)

    op.create_table(
        "identity_phone_numbers",
        sa.Column("end_user_id", sa.String(length=32), nullable=False),
        sa.Column("country_code", sa.String(length=4), nullable=False),
        sa.Column("number", sa.String(length=15), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["end_user_id"],
            ["end_users.id"],
            name=op.f("fk_identity_phone_numbers_end_user_id_end_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("end_user_id", name=op.f("pk_identity_phone_numbers")),
    )
    op.create_table(
        "identity_unionids",
        sa.Column("end_user_id", sa.String(length=32), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("unionid", sa.String(length=28), nullable=False),
        sa.ForeignKeyConstraint(
            ["end_user_id"],
            ["end_users.id"],
            name=op.f("fk_identity_unionids_end_user_id_end_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_identity_unionids_org_id_organisations"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("end_user_id", "org_id", name=op.f("pk_identity_unionids")),
        sa.UniqueConstraint("unionid", name=op.f("uq_identity_unionids_unionid")),
    )


def downgrade() -> None:
    op.drop_table("identity_unionids")
    op.drop_table("identity_phone_numbers")
    with op.batch_alter_table("identity_codes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_identity_codes_expires_at"))

    op.drop_table("identity_codes")
    with op.batch_alter_table("identity_app_users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_identity_app_users_app_id"))

    op.drop_table("identity_app_users")
    with op.batch_alter_table("access_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_access_tokens_app_id"))

    op.drop_table("access_tokens")
