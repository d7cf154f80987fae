"""invariants in the database: allowed statuses and kinds, one current certificate, normalised e-mails

Revision ID: 0004_invariants
Revises: 0003_studio
Create Date: 2026-12-03 10:00:00

Upgrading first reads everything it is about to constrain and refuses, naming the table and the
rows, when a row breaks a new rule (nothing is changed then); it never guesses a fix. The value
lists are written out here, as they were at this revision: the models build theirs from the
code's enums, and tests/integration/test_migrations.py checks that both agree.

Downgrading drops the constraints and the index. E-mail addresses stay normalised (lower-case,
no surrounding spaces): the code before this revision compared them lower-cased anyway.
"""
from collections import defaultdict

from alembic import op
import sqlalchemy as sa


revision = '0004_invariants'
down_revision = '0003_studio'
branch_labels = None
depends_on = None

CERTIFICATE_STATUSES = ('active', 'expired', 'suspended', 'revoked', 'superseded')
ALLOWED = {
    'user_roles': {'role': ('trainee', 'instructor', 'administrator', 'coordinator')},
    'professional_licences': {'status': ('pending', 'verified', 'rejected', 'withdrawn')},
    'certificates': {'status': CERTIFICATE_STATUSES},
    'certificate_events': {
        'action': ('issued', 'renewed', 'suspended', 'reinstated', 'revoked', 'superseded', 'expired'),
        'from_status': CERTIFICATE_STATUSES,
        'to_status': CERTIFICATE_STATUSES,
    },
    'continuing_education': {'status': ('pending', 'approved', 'rejected')},
    'attempts': {'status': ('in_progress', 'submitted'), 'closed_by': ('trainee', 'deadline')},
    'quizzes': {'kind': ('module', 'final', 'recertification')},
    'question_versions': {
        'type': ('single_choice', 'multiple_response', 'true_false', 'matching', 'ordering', 'numeric',
                 'short_text'),
        'difficulty': ('easy', 'medium', 'hard'),
    },
    'lessons': {'status': ('published', 'draft', 'retired')},
    'partners': {'kind': ('school', 'association', 'clinic')},
    'studio_revisions': {
        'kind': ('question', 'quiz'),
        'status': ('draft', 'in_review', 'approved', 'published', 'rejected', 'superseded'),
    },
}
ROW_KEY = {'user_roles': 'user_id'}  # how a refusal names a row (its id, else this column)
CURRENT = ('active', 'suspended')  # the statuses of a holder's current certificate
ONE_CURRENT = 'uq_certificates_one_current'
SHOWN = 10  # rows named per problem; the count says how many more


def _in(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _listed(items):
    items = list(items)
    more = f" and {len(items) - SHOWN} more" if len(items) > SHOWN else ""
    return ", ".join(items[:SHOWN]) + more


def _bad_values(bind):
    problems = []
    for table, columns in ALLOWED.items():
        key = ROW_KEY.get(table, 'id')
        for column, values in columns.items():
            t = sa.table(table, sa.column(key), sa.column(column))
            rows = bind.execute(sa.select(t.c[key], t.c[column])
                                .where(t.c[column].is_not(None), t.c[column].not_in(values))
                                .order_by(t.c[key])).all()
            if rows:
                problems.append(
                    f"{table}.{column}: {len(rows)} row(s) hold a value outside {', '.join(values)}: "
                    + _listed(f"{key} {row[0]} ({row[1]!r})" for row in rows))
    return problems


def _second_current_certificates(bind):
    t = sa.table('certificates', sa.column('id'), sa.column('user_id'), sa.column('program_id'),
                 sa.column('public_code'), sa.column('status'))
    held = defaultdict(list)
    for row in bind.execute(sa.select(t.c.id, t.c.user_id, t.c.program_id, t.c.public_code)
                            .where(t.c.status.in_(CURRENT)).order_by(t.c.id)):
        held[(row.user_id, row.program_id)].append(f"id {row.id} ({row.public_code})")
    return [f"certificates: user_id {user_id} holds {len(certs)} current (active or suspended) "
            f"certificates in program_id {program_id}: {_listed(certs)}; revoke all but one"
            for (user_id, program_id), certs in sorted(held.items()) if len(certs) > 1]


def _emails(bind):
    t = sa.table('users', sa.column('id'), sa.column('email'))
    return t, bind.execute(sa.select(t.c.id, t.c.email).order_by(t.c.id)).all()


def _normalised(email):
    return email.strip().lower()  # models.accounts.normalise_email at this revision


def _colliding_emails(rows):
    owners = defaultdict(list)
    for row in rows:
        owners[_normalised(row.email)].append(f"id {row.id} ({row.email!r})")
    return [f"users.email: {_listed(ids)} are one address once lower-cased ({email!r}); "
            f"change or remove all but one"
            for email, ids in sorted(owners.items()) if len(ids) > 1]


def upgrade():
    bind = op.get_bind()
    users, emails = _emails(bind)
    problems = _bad_values(bind) + _second_current_certificates(bind) + _colliding_emails(emails)
    if problems:
        raise RuntimeError("0004_invariants: nothing was changed; fix these rows, then upgrade again:\n  "
                           + "\n  ".join(problems))
    for row in emails:
        if _normalised(row.email) != row.email:
            bind.execute(users.update().where(users.c.id == row.id).values(email=_normalised(row.email)))
    for table, columns in ALLOWED.items():
        with op.batch_alter_table(table) as batch_op:
            for column, values in columns.items():
                batch_op.create_check_constraint(batch_op.f(f'ck_{table}_{column}'), _in(column, values))
    where = sa.text(_in('status', CURRENT))
    op.create_index(ONE_CURRENT, 'certificates', ['user_id', 'program_id'], unique=True,
                    sqlite_where=where, postgresql_where=where)


def downgrade():
    op.drop_index(ONE_CURRENT, table_name='certificates')
    for table, columns in ALLOWED.items():
        with op.batch_alter_table(table) as batch_op:
            for column in columns:
                batch_op.drop_constraint(batch_op.f(f'ck_{table}_{column}'), type_='check')
