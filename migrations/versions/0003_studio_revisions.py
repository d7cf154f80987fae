"""studio revisions: web edits of questions and quizzes under review

Revision ID: 0003_studio
Revises: 0003_sec
Create Date: 2026-12-01 14:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0003_studio'
down_revision = '0003_sec'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'studio_revisions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('key', sa.String(length=120), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('base_version_id', sa.Integer(), nullable=True),
        sa.Column('content', sa.JSON(), nullable=False),
        sa.Column('content_hash', sa.String(length=64), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('submitted_at', sa.DateTime(), nullable=True),
        sa.Column('reviewer_id', sa.Integer(), nullable=True),
        sa.Column('reviewed_at', sa.DateTime(), nullable=True),
        sa.Column('review_note', sa.Text(), nullable=True),
        sa.Column('published_by_id', sa.Integer(), nullable=True),
        sa.Column('published_at', sa.DateTime(), nullable=True),
        sa.Column('published_version_id', sa.Integer(), nullable=True),
        sa.Column('exported_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['author_id'], ['users.id'], name='fk_studio_revisions_author_id_users'),
        sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name='fk_studio_revisions_reviewer_id_users'),
        sa.ForeignKeyConstraint(['published_by_id'], ['users.id'],
                                name='fk_studio_revisions_published_by_id_users'),
        sa.PrimaryKeyConstraint('id', name='pk_studio_revisions'),
        sa.UniqueConstraint('kind', 'key', 'number', name='uq_studio_revisions_number'),
    )
    op.create_index('ix_studio_revisions_key', 'studio_revisions', ['key'], unique=False)
    op.create_index('ix_studio_revisions_status', 'studio_revisions', ['status'], unique=False)


def downgrade():
    op.drop_index('ix_studio_revisions_status', table_name='studio_revisions')
    op.drop_index('ix_studio_revisions_key', table_name='studio_revisions')
    op.drop_table('studio_revisions')
