"""index attempt_answers.question_version_id: a question's graded answers without a table scan

Revision ID: 0005_answer_version_index
Revises: 0004_invariants
Create Date: 2026-12-01 19:40:00

The bank question page reads the item statistics of one question (every graded answer to any of
its versions) on every request for its cache key, and the regrade and the flagged-items list join
answers to versions the same way: without this index each of them scanned every answer ever given
(issue 13; `EXPLAIN QUERY PLAN` showed `SCAN attempt_answers`). PostgreSQL also uses it to check
the foreign key when a question version is deleted. A plain index: no data changes either way.
"""
from alembic import op


revision = '0005_answer_version_index'
down_revision = '0004_invariants'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_attempt_answers_question_version_id', 'attempt_answers', ['question_version_id']
    )


def downgrade():
    op.drop_index('ix_attempt_answers_question_version_id', table_name='attempt_answers')
