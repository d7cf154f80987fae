"""page cache versions: users.page_version and the shared content generation

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 19:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users') as batch_op:
        batch_op.add_column(sa.Column('page_version', sa.Integer(), server_default='0', nullable=False))
    generations = op.create_table(
        'page_cache_generations',
        sa.Column('name', sa.String(length=32), nullable=False),
        sa.Column('value', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('name'),
    )
    op.bulk_insert(generations, [{'name': 'content', 'value': 0}])


def downgrade():
    op.drop_table('page_cache_generations')
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_column('page_version')
