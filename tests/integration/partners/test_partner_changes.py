"""Administrators' partner changes: rules, and every change in the audit trail."""

import pytest
from sqlalchemy import select

from ims_training.extensions import db
from ims_training.models import AuditEvent, Role
from ims_training.services import ServiceError
from ims_training.services.partners import partners


def test_partner_cohort_coordinator_and_member_are_created_and_audited(app, make_user):
    admin = make_user(Role.ADMINISTRATOR)
    coordinator = make_user(Role.INSTRUCTOR, email="kari@example.org")
    trainee = make_user(Role.TRAINEE, email="tor@example.org")
    partner = partners.create_partner("Høyskolen Kristiania", "school", actor=admin)
    assert partner.slug == "hoyskolen-kristiania"
    cohort = partners.create_cohort(partner, "Kull 2025", None, actor=admin)
    partners.add_coordinator(partner, "KARI@example.org", actor=admin)
    partners.add_member(cohort, "tor@example.org", actor=admin)

    assert coordinator.has_role(Role.COORDINATOR)
    assert partners.coordinated_cohorts(coordinator) == [cohort]
    assert partners.members_of(cohort) == [trainee]
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.actor_id == admin.id).order_by(AuditEvent.id)
    ).all()
    assert actions[-5:] == [
        "partner.created",
        "cohort.created",
        "role.granted",
        "partner.coordinator_added",
        "cohort.member_added",
    ]


def test_duplicates_unknown_accounts_and_non_trainees_are_refused(app, make_user):
    admin = make_user(Role.ADMINISTRATOR, email="admin@example.org")
    partner = partners.create_partner("IMS Norge", "association", actor=admin)
    cohort = partners.create_cohort(partner, "Kull 1", None, actor=admin)
    with pytest.raises(ServiceError, match="already exists"):
        partners.create_partner("IMS  norge", "association", actor=admin)
    with pytest.raises(ServiceError, match="already has a cohort"):
        partners.create_cohort(partner, "Kull 1", None, actor=admin)
    with pytest.raises(ServiceError, match="No account"):
        partners.add_member(cohort, "ghost@example.org", actor=admin)
    with pytest.raises(ServiceError, match="Only trainees"):
        partners.add_member(cohort, "admin@example.org", actor=admin)


def test_a_coordinator_sees_only_their_own_partners_cohorts(app, make_user):
    kari, per = make_user(Role.COORDINATOR), make_user(Role.COORDINATOR)
    a = partners.create_partner("A", "school", actor=None)
    b = partners.create_partner("B", "school", actor=None)
    mine = partners.create_cohort(a, "Mine", None, actor=None)
    theirs = partners.create_cohort(b, "Theirs", None, actor=None)
    partners.add_coordinator(a, kari.email, actor=None)
    partners.add_coordinator(b, per.email, actor=None)
    assert partners.coordinated_cohorts(kari) == [mine]
    assert partners.coordinated_cohort(kari, theirs.id) is None
    assert partners.coordinated_cohort(kari, mine.id) == mine
