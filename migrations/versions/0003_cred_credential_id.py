"""certificates.credential_id: the Open Badges credential's urn:uuid id (issue 14)

Revision ID: 0003_cred
Revises: 0002
Create Date: 2026-12-01 14:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0003_cred'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('certificates') as batch_op:
        batch_op.add_column(sa.Column('credential_id', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint('uq_certificates_credential_id', ['credential_id'])


def downgrade():
    with op.batch_alter_table('certificates') as batch_op:
        batch_op.drop_constraint('uq_certificates_credential_id', type_='unique')
        batch_op.drop_column('credential_id')
