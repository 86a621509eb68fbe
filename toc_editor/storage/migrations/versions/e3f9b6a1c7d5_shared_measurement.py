"""shared measurement (issue 14): indicator_reports; graphs.share_results, aggregate_k

Revision ID: e3f9b6a1c7d5
Revises: c5e8a3f1d2b4
Create Date: 2027-01-12 10:00:00.000000

``indicator_reports`` mirrors the ``reports_to`` of the indicators at each graph's
default-branch head (like ``node_links``); a framework reads its members through it,
by (target_graph, shared_id). Graphs made before it could not hold a ``reports_to`` (the
field did not exist), so there is nothing to copy here; ``toc-editor init-db`` indexes
any graph that holds one while the table is empty (``services.reports_to``).
``share_results`` ("none", "maintainers" or "members") and ``aggregate_k`` (1-100) get
server defaults: existing graphs share nothing, and frameworks hide figures from fewer
than 5 members.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e3f9b6a1c7d5'
down_revision = 'c5e8a3f1d2b4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('graphs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('share_results', sa.String(length=12), server_default='none', nullable=False))
        batch_op.add_column(sa.Column('aggregate_k', sa.Integer(), server_default='5', nullable=False))

    op.create_table('indicator_reports',
    sa.Column('graph_id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.String(length=64), nullable=False),
    sa.Column('node_id', sa.String(length=64), nullable=False),
    sa.Column('target', sa.String(length=200), nullable=False),
    sa.Column('target_graph', sa.String(length=130), nullable=False),
    sa.Column('shared_id', sa.String(length=64), nullable=False),
    sa.Column('unit', sa.String(length=300), server_default='{}', nullable=False),
    sa.ForeignKeyConstraint(['graph_id'], ['graphs.id'], name=op.f('fk_indicator_reports_graph_id_graphs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('graph_id', 'indicator_id', name=op.f('pk_indicator_reports'))
    )
    with op.batch_alter_table('indicator_reports', schema=None) as batch_op:
        batch_op.create_index('ix_indicator_reports_target', ['target_graph', 'shared_id'], unique=False)


def downgrade():
    with op.batch_alter_table('indicator_reports', schema=None) as batch_op:
        batch_op.drop_index('ix_indicator_reports_target')

    op.drop_table('indicator_reports')
    with op.batch_alter_table('graphs', schema=None) as batch_op:
        batch_op.drop_column('aggregate_k')
        batch_op.drop_column('share_results')
