"""results: a time series of indicator values beside the ToC (issue 13); graphs.results_public

Revision ID: b7d4e2a91c3f
Revises: 9a1c3e5b7d20
Create Date: 2027-01-05 10:00:00.000000

Results are append-only: a write adds a row, and the current value of (graph, indicator,
period) is the row with the highest id, found through the index on those four columns.
``results_public`` is added with a server default, so existing graphs keep their results
private (the opt-in is per graph, off by default).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d4e2a91c3f'
down_revision = '9a1c3e5b7d20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('graphs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('results_public', sa.Boolean(), server_default=sa.false(), nullable=False))

    op.create_table('results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('graph_id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.String(length=64), nullable=False),
    sa.Column('node_id', sa.String(length=64), nullable=False),
    sa.Column('period', sa.String(length=10), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('numerator', sa.Float(), nullable=True),
    sa.Column('denominator', sa.Float(), nullable=True),
    sa.Column('text_value', sa.String(length=500), nullable=True),
    sa.Column('categories', sa.JSON(), nullable=True),
    sa.Column('note', sa.Text(), server_default='', nullable=False),
    sa.Column('source', sa.String(length=2000), server_default='', nullable=False),
    sa.Column('reported_by', sa.Integer(), nullable=True),
    sa.Column('reported_by_name', sa.String(length=40), nullable=False),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['graph_id'], ['graphs.id'], name=op.f('fk_results_graph_id_graphs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reported_by'], ['users.id'], name=op.f('fk_results_reported_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_results'))
    )
    with op.batch_alter_table('results', schema=None) as batch_op:
        batch_op.create_index('ix_results_graph_indicator_period', ['graph_id', 'indicator_id', 'period', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_results_reported_by'), ['reported_by'], unique=False)


def downgrade():
    with op.batch_alter_table('results', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_results_reported_by'))
        batch_op.drop_index('ix_results_graph_indicator_period')

    op.drop_table('results')
    with op.batch_alter_table('graphs', schema=None) as batch_op:
        batch_op.drop_column('results_public')
