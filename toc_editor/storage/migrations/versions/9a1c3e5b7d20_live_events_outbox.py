"""live events too large for NOTIFY (issue 12)

Revision ID: 9a1c3e5b7d20
Revises: 3b9e07c1d5a2
Create Date: 2026-12-20 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9a1c3e5b7d20'
down_revision = '3b9e07c1d5a2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('live_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created', sa.Float(), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_live_events'))
    )
    with op.batch_alter_table('live_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_live_events_created'), ['created'], unique=False)


def downgrade():
    with op.batch_alter_table('live_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_live_events_created'))

    op.drop_table('live_events')
