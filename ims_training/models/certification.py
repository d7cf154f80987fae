"""Certification: programs (requirements as data), evidence, and the certificates issued."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.certificates import CURRENT, Event, Status
from ..extensions import Model
from .accounts import User
from .types import UTCDateTime, one_of, sql_in, utcnow

LICENCE_STATUSES = ("pending", "verified", "rejected", "withdrawn")
CE_STATUSES = ("pending", "approved", "rejected")  # continuing-education hours under review


class Program(Model):
    __tablename__ = "programs"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[dict[str, str]] = mapped_column(JSON)
    # e.g. {"quizzes": [...], "practical_assessments": [...], "clinical": {"cases": 10},
    #       "licence_required": true}; read by ims_training.domain.eligibility
    requirements: Mapped[dict[str, Any]] = mapped_column(JSON)
    validity_months: Mapped[int] = mapped_column(Integer, default=24)
    renewal_hours: Mapped[float] = mapped_column(Float, default=10)  # CE hours that renew
    is_active: Mapped[bool] = mapped_column(default=True)


class ProfessionalLicence(Model):
    __tablename__ = "professional_licences"
    __table_args__ = (one_of("status", LICENCE_STATUSES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    profession: Mapped[str] = mapped_column(String(120))
    licence_number: Mapped[str] = mapped_column(String(64))
    country: Mapped[str] = mapped_column(String(2))  # ISO 3166-1 alpha-2
    status: Mapped[str] = mapped_column(String(16), default="pending")
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PracticalSignoff(Model):
    __tablename__ = "practical_signoffs"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    assessment_key: Mapped[str] = mapped_column(String(64))
    assessed_on: Mapped[date] = mapped_column(Date)
    assessor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    region: Mapped[str] = mapped_column(String(120))
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ClinicalCase(Model):
    __tablename__ = "clinical_cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    seen_on: Mapped[date] = mapped_column(Date)
    hours: Mapped[float] = mapped_column(Float, default=1.0)
    summary: Mapped[str] = mapped_column(Text)  # no patient identifiers
    supervisor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Certificate(Model):
    """An issued certificate; at most one current (active or suspended) per holder and program.

    That rule is the partial unique index `uq_certificates_one_current`, so two administrators
    issuing at the same moment cannot both succeed (PostgreSQL's READ COMMITTED lets both pass the
    service's check). It reads the stored status only: an active certificate past its expiry date
    still counts until `certificates expire` stores `expired` (`domain.certificates.CURRENT`).
    """

    __tablename__ = "certificates"
    __table_args__ = (
        one_of("status", Status),
        Index(
            "uq_certificates_one_current",
            "user_id",
            "program_id",
            unique=True,
            sqlite_where=text(sql_in("status", CURRENT)),
            postgresql_where=text(sql_in("status", CURRENT)),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_code: Mapped[str] = mapped_column(String(40), unique=True)  # unguessable
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    holder_name: Mapped[str] = mapped_column(String(200))  # frozen at issue
    issued_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="active", index=True)
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revocation_reason: Mapped[str | None] = mapped_column(Text)
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id"))
    issued_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary)  # frozen at issue
    credential_jwt: Mapped[str | None] = mapped_column(Text)
    # The Open Badges credential's id (urn:uuid:...), kept across renewals; NULL before 0003_cred.
    credential_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    holder: Mapped[User] = relationship(foreign_keys=[user_id])
    program: Mapped[Program] = relationship()
    events: Mapped[list[CertificateEvent]] = relationship(
        back_populates="certificate", order_by="CertificateEvent.at"
    )


class CertificateEvent(Model):
    """The certificate's own history: issued, renewed, suspended, reinstated, revoked, ..."""

    __tablename__ = "certificate_events"
    __table_args__ = (
        one_of("action", Event),
        one_of("from_status", Status),
        one_of("to_status", Status),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificates.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str | None] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    certificate: Mapped[Certificate] = relationship(back_populates="events")


class ContinuingEducation(Model):
    __tablename__ = "continuing_education"
    __table_args__ = (one_of("status", CE_STATUSES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    certificate_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id"))
    completed_on: Mapped[date] = mapped_column(Date)
    hours: Mapped[float] = mapped_column(Float)
    description: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class RegisterListing(Model):
    """Opt-in entry in the public register; shows only the fields the holder chose."""

    __tablename__ = "register_listings"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    opted_in: Mapped[bool] = mapped_column(default=False)
    display_name: Mapped[str] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(120))
    profession: Mapped[str | None] = mapped_column(String(120))
    show_city: Mapped[bool] = mapped_column(default=False)
    show_profession: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
