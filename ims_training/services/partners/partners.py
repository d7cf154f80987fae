"""Training partners, their coordinators, cohorts and members; every change is audited."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any, Literal, overload

from flask_babel import gettext as _
from sqlalchemy import bindparam, func, select

from ...database import read_rows, write_transaction
from ...extensions import db
from ...models import Cohort, CohortMember, Partner, PartnerCoordinator, Role, User
from ...models.partners import PARTNER_KINDS as PARTNER_KINDS  # the CLI's --kind choices
from .. import ServiceError
from ..accounts import accounts
from ..audit.audit import record

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})


def slugify(name: str) -> str:
    ascii_name = (
        unicodedata.normalize("NFKD", name.translate(_FOLD)).encode("ascii", "ignore").decode()
    )
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:64]


def _user_by_email(email: str, field: str) -> User:
    user = accounts.find_user_by_email(email)
    if user is None:
        raise ServiceError(_("No account has this e-mail address."), field=field)
    return user


def create_partner(name: str, kind: str, *, actor: User | None) -> Partner:
    name = name.strip()
    slug = slugify(name)
    if not slug:
        raise ServiceError(_("Enter the organisation's name."), field="name")
    if kind not in PARTNER_KINDS:
        raise ServiceError(_("Choose a kind of organisation."), field="kind")
    if db.session.scalar(select(Partner.id).where(Partner.slug == slug)) is not None:
        raise ServiceError(_("A partner with this name already exists."), field="name")
    with write_transaction():
        partner = Partner(slug=slug, name=name, kind=kind)
        db.session.add(partner)
        db.session.flush()
        record(
            "partner.created",
            actor=actor,
            subject_type="partner",
            subject_id=partner.id,
            name=name,
            kind=kind,
        )
    return partner


def add_coordinator(partner: Partner, email: str, *, actor: User | None) -> User:
    """Make an account a coordinator of the partner, granting the coordinator role if needed."""
    user = _user_by_email(email, "email")
    if db.session.get(PartnerCoordinator, (partner.id, user.id)) is not None:
        raise ServiceError(_("This account already coordinates this partner."), field="email")
    if not user.has_role(Role.COORDINATOR):
        accounts.set_roles(user, {Role.COORDINATOR}, set(), actor=actor)
    with write_transaction():
        db.session.add(PartnerCoordinator(partner_id=partner.id, user_id=user.id))
        record(
            "partner.coordinator_added",
            actor=actor,
            target_user=user,
            subject_type="partner",
            subject_id=partner.id,
            partner=partner.name,
        )
    return user


def remove_coordinator(partner: Partner, user: User, *, actor: User | None) -> None:
    link = db.session.get(PartnerCoordinator, (partner.id, user.id))
    if link is None:
        raise ServiceError(_("This account does not coordinate this partner."))
    with write_transaction():
        db.session.delete(link)
        record(
            "partner.coordinator_removed",
            actor=actor,
            target_user=user,
            subject_type="partner",
            subject_id=partner.id,
            partner=partner.name,
        )


def create_cohort(
    partner: Partner,
    name: str,
    starts_on: date | None,
    *,
    actor: User | None,
    program_id: int | None = None,
) -> Cohort:
    name = name.strip()
    if not name:
        raise ServiceError(_("Enter the cohort's name."), field="name")
    exists = select(Cohort.id).where(Cohort.partner_id == partner.id, Cohort.name == name)
    if db.session.scalar(exists) is not None:
        raise ServiceError(_("This partner already has a cohort with this name."), field="name")
    with write_transaction():
        cohort = Cohort(
            partner_id=partner.id, name=name, starts_on=starts_on, program_id=program_id
        )
        db.session.add(cohort)
        db.session.flush()
        record(
            "cohort.created",
            actor=actor,
            subject_type="cohort",
            subject_id=cohort.id,
            partner=partner.name,
            name=name,
        )
    return cohort


def add_member(cohort: Cohort, email: str, *, actor: User | None) -> User:
    user = _user_by_email(email, "email")
    if not user.has_role(Role.TRAINEE):
        raise ServiceError(_("Only trainees can be members of a cohort."), field="email")
    if db.session.get(CohortMember, (cohort.id, user.id)) is not None:
        raise ServiceError(_("This trainee is already a member of the cohort."), field="email")
    with write_transaction():
        db.session.add(CohortMember(cohort_id=cohort.id, user_id=user.id))
        record(
            "cohort.member_added",
            actor=actor,
            target_user=user,
            subject_type="cohort",
            subject_id=cohort.id,
            cohort=cohort.name,
        )
    return user


def remove_member(cohort: Cohort, user: User, *, actor: User | None) -> None:
    member = db.session.get(CohortMember, (cohort.id, user.id))
    if member is None:
        raise ServiceError(_("This trainee is not a member of the cohort."))
    with write_transaction():
        db.session.delete(member)
        record(
            "cohort.member_removed",
            actor=actor,
            target_user=user,
            subject_type="cohort",
            subject_id=cohort.id,
            cohort=cohort.name,
        )


# Reading -------------------------------------------------------------------------------------


@overload
def get(kind: Literal["partner"], ident: int) -> Partner | None: ...
@overload
def get(kind: Literal["cohort"], ident: int) -> Cohort | None: ...
@overload
def get(kind: Literal["user"], ident: int) -> User | None: ...
def get(kind: str, ident: int) -> Partner | Cohort | User | None:
    """Load a partner, cohort or user by id (administrators' pages), None when there is none."""
    match kind:
        case "partner":
            return db.session.get(Partner, ident)
        case "cohort":
            return db.session.get(Cohort, ident)
        case "user":
            return db.session.get(User, ident)
    raise KeyError(kind)


def all_partners() -> list[tuple[Partner, int, int]]:
    """Every partner with its number of cohorts and coordinators."""
    cohorts = (
        select(Cohort.partner_id, func.count().label("n")).group_by(Cohort.partner_id).subquery()
    )
    coords = (
        select(PartnerCoordinator.partner_id, func.count().label("n"))
        .group_by(PartnerCoordinator.partner_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Partner, func.coalesce(cohorts.c.n, 0), func.coalesce(coords.c.n, 0))
        .outerjoin(cohorts, cohorts.c.partner_id == Partner.id)
        .outerjoin(coords, coords.c.partner_id == Partner.id)
        .order_by(Partner.name)
    )
    return list(rows)


def coordinators_of(partner: Partner) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(PartnerCoordinator, PartnerCoordinator.user_id == User.id)
            .where(PartnerCoordinator.partner_id == partner.id)
            .order_by(User.name)
        ).unique()
    )


def member_counts(cohort_ids: list[int]) -> dict[int, int]:
    rows = db.session.execute(
        select(CohortMember.cohort_id, func.count())
        .where(CohortMember.cohort_id.in_(cohort_ids))
        .group_by(CohortMember.cohort_id)
    )
    return {cid: n for cid, n in rows}


def members_of(cohort: Cohort) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(CohortMember, CohortMember.user_id == User.id)
            .where(CohortMember.cohort_id == cohort.id)
            .order_by(User.name)
        ).unique()
    )


def coordinated_cohorts(user: User) -> list[Cohort]:
    """The cohorts of every partner this coordinator works for, and no others."""
    return list(
        db.session.scalars(
            select(Cohort)
            .join(PartnerCoordinator, PartnerCoordinator.partner_id == Cohort.partner_id)
            .where(PartnerCoordinator.user_id == user.id)
            .order_by(Cohort.name)
        )
    )


_USERS, _MEMBERS, _COHORTS, _COORDINATORS = (
    User.__table__,
    CohortMember.__table__,
    Cohort.__table__,
    PartnerCoordinator.__table__,
)
# Members' count and the sum of their page versions; named columns, so `read_rows` runs it on the
# driver, without SQLAlchemy's execution machinery (it is read on every cache hit).
_MEMBERS_VERSION = select(
    func.count().label("members"),
    func.coalesce(func.sum(_USERS.c.page_version), 0).label("versions"),
)
_COHORT_MEMBERS = _MEMBERS_VERSION.select_from(
    _MEMBERS.join(_USERS, _USERS.c.id == _MEMBERS.c.user_id)
).where(_MEMBERS.c.cohort_id == bindparam("cohort_id"))
_COORDINATED_MEMBERS = _MEMBERS_VERSION.select_from(
    _COORDINATORS.join(_COHORTS, _COHORTS.c.partner_id == _COORDINATORS.c.partner_id)
    .join(_MEMBERS, _MEMBERS.c.cohort_id == _COHORTS.c.id)
    .join(_USERS, _USERS.c.id == _MEMBERS.c.user_id)
).where(_COORDINATORS.c.user_id == bindparam("coordinator"))


def _members_version(statement: Any, params: dict[str, int]) -> tuple[int, int]:
    members, versions = read_rows(statement, params)[0]
    return int(members), int(versions)


def cohort_members_version(cohort_id: int) -> tuple[int, int]:
    """How many members the cohort has and the sum of their `page_version`s. What the cohort page
    shows of its members' private data (progress, attempts, the account) changes only with their
    versions, which only ever grow: with the member set fixed (joining or leaving bumps the shared
    generation), the pair changes exactly when one of them does. One plain query."""
    return _members_version(_COHORT_MEMBERS, {"cohort_id": cohort_id})


def coordinated_members_version(user_id: int) -> tuple[int, int]:
    """The same pair over every membership of the coordinator's cohorts (their dashboard shows
    the members' course progress); a change of the coordinator's partners bumps the shared
    generation. One plain query."""
    return _members_version(_COORDINATED_MEMBERS, {"coordinator": user_id})


def coordinated_cohort(user: User, cohort_id: int) -> Cohort | None:
    """The cohort if this coordinator works for its partner, else None (the page answers 404)."""
    return db.session.scalar(
        select(Cohort)
        .join(PartnerCoordinator, PartnerCoordinator.partner_id == Cohort.partner_id)
        .where(PartnerCoordinator.user_id == user.id, Cohort.id == cohort_id)
    )


def cohort_member(cohort: Cohort, user_id: int) -> User | None:
    """The trainee if they are a member of this cohort, else None."""
    return db.session.scalar(
        select(User)
        .join(CohortMember, CohortMember.user_id == User.id)
        .where(CohortMember.cohort_id == cohort.id, User.id == user_id)
    )


def partner_by_name(slug_or_name: str) -> Partner | None:
    return db.session.scalar(select(Partner).where(Partner.slug == slugify(slug_or_name)))


def cohort_by_name(partner: Partner, name: str) -> Cohort | None:
    return db.session.scalar(
        select(Cohort).where(Cohort.partner_id == partner.id, Cohort.name == name.strip())
    )
