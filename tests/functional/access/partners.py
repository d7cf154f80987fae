"""Role matrix for certification evidence, partners, licences and the audit trail."""

from ims_training.extensions import db
from ims_training.models import ProfessionalLicence
from ims_training.services.certification.programs import ensure_default_program

from ...factories.partners import make_partner
from . import STAFF, Expect
from .setup import HOOKS

ADMIN = ("administrator",)
COORDINATOR = ("coordinator",)
LEARNERS = ("trainee", "instructor", "administrator")


def _world(world):  # type: ignore[no-untyped-def]
    """A program, a partner whose cohort holds the matrix trainee and is coordinated by the matrix
    coordinator, and a pending licence of the trainee."""
    ensure_default_program()  # the certification hook may have created it already
    trainee = world.users["trainee"]
    partner, cohort = make_partner(
        "Matrix partner", coordinators=(world.users["coordinator"],), members=(trainee,)
    )
    licence = ProfessionalLicence(
        user_id=trainee.id, profession="Physio", licence_number="1", country="NO"
    )
    db.session.add(licence)
    db.session.commit()
    world.extra.update(partner_id=partner.id, cohort_id=cohort.id, licence_id=licence.id)


HOOKS.append(_world)

SIGNOFF = {"assessment_key": "cervical-paraspinals", "assessed_on": "2024-05-01", "region": "C5-C6"}

EXPECTATIONS = {
    "learn.certification": Expect("/learn/certification", allowed=LEARNERS),
    "learn.submit_licence": Expect(
        "/learn/certification/licence",
        methods=("POST",),
        allowed=LEARNERS,
        data={"profession": "Physio", "licence_number": "12", "country": "NO"},
    ),
    "author.trainees": Expect("/author/trainees", allowed=STAFF),
    "author.trainee_detail": Expect(
        lambda w: f"/author/trainees/{w.users['trainee'].id}", allowed=STAFF
    ),
    "author.record_signoff": Expect(
        lambda w: f"/author/trainees/{w.users['trainee'].id}/signoffs",
        methods=("POST",),
        allowed=STAFF,
        data=SIGNOFF,
    ),
    "author.record_case": Expect(
        lambda w: f"/author/trainees/{w.users['trainee'].id}/cases",
        methods=("POST",),
        allowed=STAFF,
        data={"seen_on": "2024-05-01", "hours": "1", "summary": "L5"},
    ),
    "admin.licences_list": Expect("/admin/licences", allowed=ADMIN),
    "admin.check_licence": Expect(
        lambda w: f"/admin/licences/{w.extra['licence_id']}/check",
        methods=("POST",),
        allowed=ADMIN,
        data={"decision": "verify"},
    ),
    "admin.partners_list": Expect(
        "/admin/partners",
        methods=("GET", "POST"),
        allowed=ADMIN,
        data={"name": "New partner", "kind": "school"},
    ),
    "admin.partner_detail": Expect(
        lambda w: f"/admin/partners/{w.extra['partner_id']}", allowed=ADMIN
    ),
    "admin.add_coordinator": Expect(
        lambda w: f"/admin/partners/{w.extra['partner_id']}/coordinators",
        methods=("POST",),
        allowed=ADMIN,
        data={"email": "matrix-instructor@example.org"},
    ),
    "admin.remove_coordinator": Expect(
        lambda w: (
            f"/admin/partners/{w.extra['partner_id']}/coordinators/{w.users['coordinator'].id}/remove"
        ),
        methods=("POST",),
        allowed=ADMIN,
    ),
    "admin.create_cohort": Expect(
        lambda w: f"/admin/partners/{w.extra['partner_id']}/cohorts",
        methods=("POST",),
        allowed=ADMIN,
        data={"name": "Another cohort"},
    ),
    "admin.cohort_detail": Expect(
        lambda w: f"/admin/cohorts/{w.extra['cohort_id']}", allowed=ADMIN
    ),
    "admin.add_member": Expect(
        lambda w: f"/admin/cohorts/{w.extra['cohort_id']}/members",
        methods=("POST",),
        allowed=ADMIN,
        data={"email": "matrix-trainee@example.org"},
    ),
    "admin.remove_member": Expect(
        lambda w: f"/admin/cohorts/{w.extra['cohort_id']}/members/{w.users['trainee'].id}/remove",
        methods=("POST",),
        allowed=ADMIN,
    ),
    "admin.audit": Expect("/admin/audit", allowed=ADMIN),
    "admin.audit_csv": Expect("/admin/audit.csv", allowed=ADMIN),
    "partner.cohorts": Expect("/partner/", allowed=COORDINATOR),
    "partner.cohort": Expect(
        lambda w: f"/partner/cohorts/{w.extra['cohort_id']}", allowed=COORDINATOR
    ),
    "partner.cohort_csv": Expect(
        lambda w: f"/partner/cohorts/{w.extra['cohort_id']}/export.csv", allowed=COORDINATOR
    ),
    "partner.member": Expect(
        lambda w: f"/partner/cohorts/{w.extra['cohort_id']}/trainees/{w.users['trainee'].id}",
        allowed=COORDINATOR,
    ),
}


def _records(world):  # type: ignore[no-untyped-def]
    """A sign-off, a clinical case and an accommodation of the matrix trainee, for the correction pages."""
    from datetime import date

    from ims_training.models import Accommodation, ClinicalCase, PracticalSignoff

    program_id = ensure_default_program()[0].id
    trainee, instructor = world.users["trainee"], world.users["instructor"]
    rows = [
        PracticalSignoff(
            user_id=trainee.id,
            program_id=program_id,
            assessment_key="cervical-paraspinals",
            assessed_on=date(2024, 5, 1),
            assessor_id=instructor.id,
            region="C5",
        ),
        ClinicalCase(
            user_id=trainee.id,
            program_id=program_id,
            seen_on=date(2024, 5, 1),
            hours=1.0,
            summary="L5",
            supervisor_id=instructor.id,
        ),
        Accommodation(
            user_id=trainee.id,
            time_multiplier=1.5,
            extra_attempts=0,
            reason="Dyslexia",
            granted_by_id=instructor.id,
        ),
    ]
    db.session.add_all(rows)
    db.session.commit()
    world.extra.update(signoff_id=rows[0].id, case_id=rows[1].id, accommodation_id=rows[2].id)


HOOKS.append(_records)

EXPECTATIONS.update(
    {
        "author.record_edit": Expect(
            lambda w: f"/author/records/signoff/{w.extra['signoff_id']}", allowed=STAFF
        ),
        "author.record_save": Expect(
            lambda w: f"/author/records/case/{w.extra['case_id']}/edit",
            methods=("POST",),
            allowed=STAFF,
            data={
                "seen_on": "2024-05-02",
                "hours": "2",
                "summary": "L4",
                "reason": "typo in date",
                "version": "stale",
            },
        ),
        "author.record_withdraw": Expect(
            lambda w: f"/author/records/accommodation/{w.extra['accommodation_id']}/withdraw",
            methods=("POST",),
            allowed=STAFF,
            data={"withdraw-reason": "granted by mistake"},
        ),
        "author.record_cases": Expect(
            lambda w: f"/author/trainees/{w.users['trainee'].id}/cases/batch",
            methods=("GET", "POST"),
            allowed=STAFF,
            data={
                "supervisor_id": "0",
                "cases-0-seen_on": "2024-05-01",
                "cases-0-hours": "1",
                "cases-0-summary": "L5",
            },
        ),
        "author.trainee_gradebook": Expect(
            lambda w: f"/author/trainees/{w.users['trainee'].id}/gradebook", allowed=STAFF
        ),
        "admin.withdraw_licence": Expect(
            lambda w: f"/admin/licences/{w.extra['licence_id']}/withdraw",
            methods=("POST",),
            allowed=ADMIN,
            data={"reason": "duplicate submission"},
        ),
    }
)
