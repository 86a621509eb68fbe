"""shared derived-data cache: blobs and claims (issue 10, item 8)

Revision ID: f4c10c4667ce
Revises: d48f479c54a2
Create Date: 2026-12-10 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f4c10c4667ce'
down_revision = 'd48f479c54a2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('derived_blobs',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('last_used', sa.Float(), nullable=False),
    sa.Column('body', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_derived_blobs'))
    )
    with op.batch_alter_table('derived_blobs', schema=None) as batch_op:
        batch_op.create_index('ix_derived_blobs_last_used', ['last_used', 'size', 'key'], unique=False)

    op.create_table('derived_claims',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('owner', sa.String(length=32), nullable=False),
    sa.Column('expires', sa.Float(), nullable=False),
    sa.Column('failure', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_derived_claims'))
    )


def downgrade():
    op.drop_table('derived_claims')
    with op.batch_alter_table('derived_blobs', schema=None) as batch_op:
        batch_op.drop_index('ix_derived_blobs_last_used')

    op.drop_table('derived_blobs')
