"""node labels: the index explore searches the boxes of graphs with

Revision ID: 3b9e07c1d5a2
Revises: f4c10c4667ce
Create Date: 2026-12-14 10:00:00.000000

The rows of graphs that exist already are written by ``toc-editor init-db`` after the
upgrade (``services.explore.index_missing``): building them needs every graph's tree.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3b9e07c1d5a2'
down_revision = 'f4c10c4667ce'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('node_labels',
    sa.Column('graph_id', sa.Integer(), nullable=False),
    sa.Column('node_id', sa.String(length=64), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('folded', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['graph_id'], ['graphs.id'], name=op.f('fk_node_labels_graph_id_graphs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('graph_id', 'node_id', name=op.f('pk_node_labels'))
    )


def downgrade():
    op.drop_table('node_labels')
