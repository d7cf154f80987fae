"""Certificates: issue, suspend, reinstate, revoke, renew, correct the name, expire.

Every change is one transaction (`write_transaction`) that records a CertificateEvent and an
audit event; a refused change raises ServiceError with a clear message and changes nothing.
"""

from __future__ import annotations

import base64
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ...database import write_transaction
from ...documents.credential import new_credential_id, nfc
from ...domain import certificates as rules
from ...domain.certificates import Action, Event, Status, TransitionError
from ...extensions import db
from ...models import Certificate, CertificateEvent, Program, User
from .. import ServiceError
from ..accounts.accounts import find_user_by_email
from ..audit.audit import record
from ..evidence.eligibility import eligibility_for, missing_requirements
from .certificate_documents import (
    check_printable,
    holder_profession,
    render_documents,
    sign_credential,
)
from .programs import program_by_key
from .renewal import renewal_basis

CODE_BYTES = 20  # 160 bits
CODE_RE = re.compile(r"^[A-Z2-7]{32}$")

# Keyed by Status, a StrEnum, so a certificate's stored status string finds its label too.
STATUS_LABELS: dict[str, LazyString] = {
    Status.ACTIVE: _l("active"),
    Status.EXPIRED: _l("expired"),
    Status.SUSPENDED: _l("suspended"),
    Status.REVOKED: _l("revoked"),
    Status.SUPERSEDED: _l("superseded"),
}
ACTION_LABELS = {
    Action.SUSPEND: _l("suspended"),
    Action.REINSTATE: _l("reinstated"),
    Action.REVOKE: _l("revoked"),
    Action.RENEW: _l("renewed"),
    Action.SUPERSEDE: _l("corrected"),
    Action.EXPIRE: _l("expired"),
}


def new_public_code() -> str:
    """160 random bits as base32 in groups of four, e.g. `K3ZQ-7D2M-...` (39 characters)."""
    raw = base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode("ascii")
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def normalise_code(text: str | None) -> str | None:
    """The canonical form of a typed or scanned code, or None if it cannot be one."""
    if not text or len(text) > 80:
        return None
    compact = re.sub(r"[\s-]", "", text).upper()
    if not CODE_RE.match(compact):
        return None
    return "-".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _event(
    cert: Certificate,
    event: Event,
    actor: User | None,
    from_status: str | None,
    reason: str | None = None,
    now: datetime | None = None,
    **details: object,
) -> None:
    action = Event(event).value
    db.session.add(
        CertificateEvent(
            certificate_id=cert.id,
            at=now or datetime.now(UTC),
            actor_id=actor.id if actor else None,
            action=action,
            from_status=from_status,
            to_status=cert.status,
            reason=reason,
            details=details,
        )
    )
    record(
        f"certificate.{action}",
        actor=actor,
        target_user=cert.holder,
        subject_type="certificate",
        subject_id=cert.id,
        reason=reason,
        code=cert.public_code,
        from_status=from_status,
        to_status=cert.status,
        **details,
    )


def _locked(cert_id: int) -> Certificate:
    cert = db.session.scalar(select(Certificate).where(Certificate.id == cert_id).with_for_update())
    if cert is None:
        raise ServiceError(_("There is no such certificate."))
    return cert


def _refusal(status: str, action: Action) -> ServiceError:
    label = STATUS_LABELS.get(Status(status), status)
    return ServiceError(
        _(
            "This certificate is %(status)s, so it cannot be %(action)s.",
            status=label,
            action=ACTION_LABELS[action],
        )
    )


def _transition(cert: Certificate, action: Action, reason: str | None = None) -> Status:
    try:
        return rules.transition(cert.status, action, reason)
    except TransitionError:
        if rules.TRANSITIONS[Status(cert.status)].get(action) is not None:
            raise ServiceError(
                _("Give a reason: it is recorded and shown in the history."), field="reason"
            ) from None
        raise _refusal(cert.status, action) from None


def _refuse_a_second_current(user: User, program: Program, other_than: int | None = None) -> None:
    """One current (active or suspended) certificate per holder and program; `other_than` is the
    certificate about to become current again (a renewal of an expired one)."""
    current = db.session.scalar(
        select(Certificate)
        .where(
            Certificate.user_id == user.id,
            Certificate.program_id == program.id,
            Certificate.status.in_([status.value for status in rules.CURRENT]),
            Certificate.id != (other_than or 0),
        )
        .limit(1)
    )
    if current is not None:
        raise ServiceError(
            _(
                "%(name)s already holds a current certificate (%(code)s). Renew it or "
                "correct it instead.",
                name=user.name,
                code=current.public_code,
            )
        )


def recipient(email: str, program_key: str) -> tuple[User, Program]:
    """Whom to certify in which program, as the issue form names them; refused at the e-mail field
    when there is no such account (or program)."""
    user, program = find_user_by_email(email), program_by_key(program_key)
    if user is None or program is None:
        raise ServiceError(_("No account has this e-mail address."), field="email")
    return user, program


@contextmanager
def _one_current(user: User, program: Program, other_than: int | None = None) -> Iterator[None]:
    """Give the database's refusal of a second current certificate the service's message.

    The check inside the write transaction is the friendly path. On PostgreSQL (READ COMMITTED) a
    concurrent issue can commit between that check and our INSERT; the partial unique index
    `uq_certificates_one_current` then refuses ours, and the check, asked again after the
    rollback, names the certificate that won. Any other integrity error is raised as it is.
    """
    try:
        yield
    except IntegrityError:
        _refuse_a_second_current(user, program, other_than)
        raise


def check_issuable(user: User, program: Program, now: datetime) -> None:
    """Raise (naming what is missing) unless `user` may be certified in `program` now; the
    confirmation page asks this first, and `issue` asks again."""
    check_printable(user.name.strip())
    report = eligibility_for(user, program, now)
    if not report.eligible:
        raise ServiceError(
            _(
                "%(name)s is not eligible yet. Missing: %(missing)s",
                name=user.name,
                missing="; ".join(missing_requirements(report)),
            )
        )
    _refuse_a_second_current(user, program)


def issue(user: User, program: Program, *, actor: User, now: datetime) -> Certificate:
    """Certify an eligible trainee; an ineligible one is refused with the missing requirements."""
    check_issuable(user, program, now)
    code, name, credential_id = new_public_code(), nfc(user.name.strip()), new_credential_id()
    issued_on = now.date()
    expires_on = rules.expiry_date(issued_on, program.validity_months)
    pdf, credential = render_documents(
        code=code,
        holder_name=name,
        program=program,
        issued_on=issued_on,
        expires_on=expires_on,
        profession=holder_profession(user.id),
        signatory=actor.name,
        holder_email=user.email,
        credential_id=credential_id,
    )
    with _one_current(user, program), write_transaction():
        if not eligibility_for(user, program, now).eligible:  # re-checked under the write lock
            raise ServiceError(_("%(name)s is not eligible any more.", name=user.name))
        _refuse_a_second_current(user, program)
        cert = Certificate(
            public_code=code,
            user_id=user.id,
            program_id=program.id,
            holder_name=name,
            issued_on=issued_on,
            expires_on=expires_on,
            status=Status.ACTIVE.value,
            status_changed_at=now,
            issued_by_id=actor.id,
            pdf=pdf,
            credential_jwt=credential,
            credential_id=credential_id,
            created_at=now,
        )
        cert.holder = user
        db.session.add(cert)
        db.session.flush()
        _event(
            cert,
            Event.ISSUED,
            actor,
            None,
            now=now,
            program=program.key,
            expires_on=expires_on.isoformat(),
        )
    return cert


def change_status(
    cert: Certificate,
    action: Action | str,
    *,
    actor: User | None,
    reason: str | None,
    now: datetime,
) -> Certificate:
    """Suspend, reinstate or revoke (suspend and revoke need a reason)."""
    act = Action(action)
    if act not in (Action.SUSPEND, Action.REINSTATE, Action.REVOKE):
        raise ServiceError(_("Unknown action."))
    with write_transaction():
        cert = _locked(cert.id)
        new = _transition(cert, act, reason)
        before = cert.status
        cleaned = (reason or "").strip() or None
        cert.status, cert.status_changed_at = new.value, now
        if act is Action.REVOKE:
            cert.revoked_at, cert.revocation_reason = now, cleaned
        _event(
            cert,
            {
                Action.SUSPEND: Event.SUSPENDED,
                Action.REINSTATE: Event.REINSTATED,
                Action.REVOKE: Event.REVOKED,
            }[act],
            actor,
            before,
            cleaned,
            now,
        )
    return cert


def renew(cert: Certificate, *, actor: User | None, now: datetime) -> Certificate:
    """Extend the expiry on approved CE hours or a passed recertification quiz since the last renewal.

    An expired certificate becomes active again, so it is refused while the holder has another
    current one in the program (issued after this one expired)."""
    with _one_current(cert.holder, cert.program, cert.id), write_transaction():
        cert = _locked(cert.id)
        _transition(cert, Action.RENEW)
        _refuse_a_second_current(cert.holder, cert.program, other_than=cert.id)
        basis = renewal_basis(cert, now)
        if basis is None:
            raise ServiceError(
                _(
                    "Nothing to renew on yet: the holder needs %(hours)s approved hours of "
                    "continuing education, or a passed recertification quiz, since the "
                    "last renewal.",
                    hours=f"{cert.program.renewal_hours:g}",
                )
            )
        before, old_expiry = cert.status, cert.expires_on
        new_expiry = rules.renewal_expiry(
            _start_of(old_expiry), now, cert.program.validity_months
        ).date()
        issuer = db.session.get(User, cert.issued_by_id)
        cert.credential_id = cert.credential_id or new_credential_id()
        cert.pdf, cert.credential_jwt = render_documents(
            code=cert.public_code,
            holder_name=cert.holder_name,
            program=cert.program,
            issued_on=cert.issued_on,
            expires_on=new_expiry,
            profession=holder_profession(cert.user_id),
            signatory=issuer.name if issuer else "",
            holder_email=cert.holder.email,
            credential_id=cert.credential_id,
        )
        cert.expires_on, cert.status, cert.status_changed_at = new_expiry, Status.ACTIVE.value, now
        _event(
            cert,
            Event.RENEWED,
            actor,
            before,
            None,
            now,
            basis=basis,
            old_expires_on=old_expiry.isoformat(),
            expires_on=new_expiry.isoformat(),
        )
    return cert


def check_new_name(new_name: str) -> None:
    """Raise unless `new_name` can be printed on a re-issued certificate (asked before confirming)."""
    name = nfc(" ".join((new_name or "").split()))
    if not name or len(name) > 200:
        raise ServiceError(
            _("Enter the name as it should be printed (at most 200 characters)."), field="name"
        )
    check_printable(name)


def correct_name(
    cert: Certificate, new_name: str, *, actor: User, reason: str | None, now: datetime
) -> Certificate:
    """Re-issue with the corrected name (new code, PDF and credential); the old one is superseded."""
    name = nfc(" ".join((new_name or "").split()))
    if not name or len(name) > 200:
        raise ServiceError(
            _("Enter the name as it should be printed (at most 200 characters)."), field="name"
        )
    check_printable(name)
    code = new_public_code()
    with write_transaction():
        old = _locked(cert.id)
        new_status = _transition(old, Action.SUPERSEDE)
        if name == old.holder_name:
            raise ServiceError(_("The name is unchanged."), field="name")
        credential_id = new_credential_id()
        pdf, credential = render_documents(
            code=code,
            holder_name=name,
            program=old.program,
            issued_on=old.issued_on,
            expires_on=old.expires_on,
            profession=holder_profession(old.user_id),
            signatory=actor.name,
            holder_email=old.holder.email,
            credential_id=credential_id,
        )
        before = old.status
        old.status, old.status_changed_at = new_status.value, now
        # The old one leaves the current set before its successor joins it: the partial unique
        # index (one current certificate per holder and program) is checked row by row.
        db.session.flush()
        fresh = Certificate(
            public_code=code,
            user_id=old.user_id,
            program_id=old.program_id,
            holder_name=name,
            issued_on=old.issued_on,
            expires_on=old.expires_on,
            status=before,
            status_changed_at=now,
            issued_by_id=actor.id,
            pdf=pdf,
            credential_jwt=credential,
            credential_id=credential_id,
            created_at=now,
        )
        db.session.add(fresh)
        db.session.flush()
        old.superseded_by_id = fresh.id
        cleaned = (reason or "").strip() or None
        _event(old, Event.SUPERSEDED, actor, before, cleaned, now, new_code=code, new_name=name)
        _event(
            fresh,
            Event.ISSUED,
            actor,
            None,
            cleaned,
            now,
            corrects=old.public_code,
            old_name=old.holder_name,
        )
    return fresh


def expire_lapsed(now: datetime) -> list[Certificate]:
    """Store `expired` on every active certificate past its expiry day; the ones changed."""
    changed = []
    with write_transaction():
        certs = db.session.scalars(
            select(Certificate)
            .where(Certificate.status == Status.ACTIVE.value, Certificate.expires_on < now.date())
            .with_for_update()
        ).all()
        for cert in certs:
            cert.status, cert.status_changed_at = Status.EXPIRED.value, now
            _event(
                cert,
                Event.EXPIRED,
                None,
                Status.ACTIVE.value,
                None,
                now,
                expires_on=cert.expires_on.isoformat(),
            )
            changed.append(cert)
    return changed


def resign_credentials() -> int:
    """Re-sign every certificate's credential with the current key and format (same dates, code).

    For credentials signed before RS256 / the OB 3.0 payload (issue 14); certificates without a
    credential id get one. Only the credential changes (the PDF stays as issued). One transaction.
    """
    count = 0
    with write_transaction():
        certs = db.session.scalars(
            select(Certificate).order_by(Certificate.id).with_for_update()
        ).all()
        for cert in certs:
            cert.credential_id = cert.credential_id or new_credential_id()
            cert.credential_jwt = sign_credential(
                code=cert.public_code,
                holder_name=cert.holder_name,
                program=cert.program,
                issued_on=cert.issued_on,
                expires_on=cert.expires_on,
                holder_email=cert.holder.email,
                credential_id=cert.credential_id,
            )
            record(
                "certificate.resigned",
                actor=None,
                target_user=cert.holder,
                subject_type="certificate",
                subject_id=cert.id,
            )
            count += 1
    return count
