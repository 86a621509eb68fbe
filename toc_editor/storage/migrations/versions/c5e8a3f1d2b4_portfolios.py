"""portfolios (issue 14): portfolio members, and commit summaries for their listing

Revision ID: c5e8a3f1d2b4
Revises: b7d4e2a91c3f
Create Date: 2026-12-07 00:50:52.904897

One row per (portfolio organisation, member organisation), whatever its status: invited,
active, declined or left; a new invitation after a decline or a departure reuses the row.
The primary key keeps the pair unique; ``member_id`` is indexed for the invitations an
organisation received. Check constraints keep the status to the four words and an
organisation out of its own portfolio.

``commit_summaries`` keeps what the portfolio's listing needs of a commit's content (its
quality findings by severity, its indicators and their frequencies), made once per
commit and digest of the code that made it (``rules``); rows go with their commit.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c5e8a3f1d2b4'
down_revision = 'b7d4e2a91c3f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('portfolio_members',
    sa.Column('portfolio_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('note', sa.String(length=500), server_default='', nullable=False),
    sa.Column('invited_by', sa.Integer(), nullable=True),
    sa.Column('invited_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('invited', 'active', 'declined', 'left')", name=op.f('ck_portfolio_members_status')),
    sa.CheckConstraint('portfolio_id <> member_id', name=op.f('ck_portfolio_members_not_itself')),
    sa.ForeignKeyConstraint(['invited_by'], ['users.id'], name=op.f('fk_portfolio_members_invited_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['member_id'], ['orgs.id'], name=op.f('fk_portfolio_members_member_id_orgs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['portfolio_id'], ['orgs.id'], name=op.f('fk_portfolio_members_portfolio_id_orgs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('portfolio_id', 'member_id', name=op.f('pk_portfolio_members'))
    )
    with op.batch_alter_table('portfolio_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_portfolio_members_invited_by'), ['invited_by'], unique=False)
        batch_op.create_index(batch_op.f('ix_portfolio_members_member_id'), ['member_id'], unique=False)

    op.create_table('commit_summaries',
    sa.Column('commit_id', sa.String(length=40), nullable=False),
    sa.Column('rules', sa.String(length=16), nullable=False),
    sa.Column('errors', sa.Integer(), nullable=False),
    sa.Column('warnings', sa.Integer(), nullable=False),
    sa.Column('infos', sa.Integer(), nullable=False),
    sa.Column('indicators', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['commit_id'], ['commits.id'], name=op.f('fk_commit_summaries_commit_id_commits'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('commit_id', 'rules', name=op.f('pk_commit_summaries'))
    )


def downgrade():
    op.drop_table('commit_summaries')
    with op.batch_alter_table('portfolio_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_portfolio_members_member_id'))
        batch_op.drop_index(batch_op.f('ix_portfolio_members_invited_by'))

    op.drop_table('portfolio_members')
