"""Horizontal access: every id-taking route, every actor, on objects that belong to someone.

The role matrix (tests/functional/access/) has one user per role, so it shows who may open a
kind of page. This matrix has two of each kind that owns things (two trainees, a certificate
holder, coordinators of two partners) so it shows that nobody reaches another's object: the owner
gets the page, another actor who passes the blueprint's guard gets 404 (the object "does not
exist" for them), anyone else 403, anonymous visitors the log-in page. Every refused POST is
checked against the whole database: nothing changed. The world is built once for the module.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from ims_training.bank.validate import content_hash
from ims_training.extensions import db, limiter
from ims_training.models import (
    Accommodation,
    Certificate,
    ClinicalCase,
    ContinuingEducation,
    PracticalSignoff,
    ProfessionalLicence,
    Role,
    StudioRevision,
    User,
)
from ims_training.services.accounts import accounts
from ims_training.services.bank import bank_upload
from ims_training.services.certification.certificates import new_public_code
from ims_training.services.certification.programs import ensure_default_program
from ims_training.services.quizzes import attempts
from tests.factories.partners import make_partner
from tests.factories.quizzes import import_marker_bank
from tests.functional.access.studio import CONTENT as STUDIO_CONTENT

from ..conftest import PASSWORD, _truncate_all, make_test_app

ROLES = {
    "trainee_a": Role.TRAINEE,
    "trainee_b": Role.TRAINEE,
    "holder": Role.TRAINEE,
    "instructor": Role.INSTRUCTOR,
    "coord_a": Role.COORDINATOR,
    "coord_b": Role.COORDINATOR,
    "admin": Role.ADMINISTRATOR,
}
ACTORS = ("anonymous", *ROLES)
GUARD = {  # the roles each blueprint lets in (ims_training/web/*/__init__.py)
    "learn": {Role.TRAINEE, Role.INSTRUCTOR, Role.ADMINISTRATOR},
    "author": {Role.INSTRUCTOR, Role.ADMINISTRATOR},
    "admin": {Role.ADMINISTRATOR},
    "partner": {Role.COORDINATOR},
}
STAFF = {"instructor", "admin"}


@dataclass
class World:
    app: Flask
    ids: dict[str, Any]
    clients: dict[str, FlaskClient] = field(default_factory=dict)


@pytest.fixture(scope="module")
def world(_migrated: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    tmp = tmp_path_factory.mktemp("horizontal")
    app = make_test_app(
        _migrated, SIGNING_KEY_PATH=str(tmp / "key.pem"), BANK_UPLOAD_DIR=str(tmp / "uploads")
    )
    with app.app_context():
        limiter.reset()
        users: dict[str, User] = {
            name: accounts.create_user(
                f"h-{name}@example.org", f"H {name}", PASSWORD, (role,), check_policy=False
            )
            for name, role in ROLES.items()
        }
        program, _ = ensure_default_program()
        quiz = import_marker_bank(tmp / "bank", attempts_allowed=5)
        done = attempts.start_attempt(users["trainee_a"], quiz)
        attempts.submit_attempt(users["trainee_a"], done.id)
        open_ = attempts.start_attempt(users["trainee_a"], quiz)
        _partner_a, cohort_a = make_partner(
            "Partner A", coordinators=(users["coord_a"],), members=(users["trainee_a"],)
        )
        partner_b, cohort_b = make_partner(
            "Partner B", coordinators=(users["coord_b"],), members=(users["trainee_b"],)
        )
        holder = users["holder"]
        cert = Certificate(
            public_code=new_public_code(),
            user_id=holder.id,
            program_id=program.id,
            holder_name=holder.name,
            issued_on=date(2026, 1, 1),
            expires_on=date(2099, 1, 1),
            status="active",
            status_changed_at=datetime.now(UTC),
            issued_by_id=users["admin"].id,
            pdf=b"%PDF-1.4 horizontal",
            credential_jwt="x.y.z",
        )
        entry = ContinuingEducation(
            user_id=holder.id,
            completed_on=date(2026, 1, 2),
            hours=2,
            description="course",
            status="pending",
        )
        licence = ProfessionalLicence(
            user_id=users["trainee_a"].id, profession="Physio", licence_number="1", country="NO"
        )
        studio_content = {**STUDIO_CONTENT, "id": "h-studio-q"}
        revision = StudioRevision(
            kind="question",
            key="h-studio-q",
            number=1,
            content=studio_content,
            content_hash=content_hash(studio_content),
            status="draft",
            note="",
            author_id=users["instructor"].id,
        )
        signoff = PracticalSignoff(
            user_id=users["trainee_a"].id,
            program_id=program.id,
            assessed_on=date(2026, 1, 3),
            assessment_key="cervical-paraspinals",
            assessor_id=users["instructor"].id,
            region="C5",
        )
        case = ClinicalCase(
            user_id=users["trainee_a"].id,
            program_id=program.id,
            seen_on=date(2026, 1, 3),
            hours=1,
            summary="L5",
            supervisor_id=users["instructor"].id,
        )
        accommodation = Accommodation(
            user_id=users["trainee_a"].id,
            time_multiplier=1.5,
            extra_attempts=0,
            reason="x",
            granted_by_id=users["instructor"].id,
        )
        db.session.add_all([cert, entry, licence, signoff, case, accommodation, revision])
        db.session.commit()
        upload = FileStorage(io.BytesIO(b"questions: []\n"), filename="mine.yaml")
        token = bank_upload.stage_upload(upload, users["instructor"])
        ids = {
            "open": open_.id,
            "done": done.id,
            "cert": cert.id,
            "ce": entry.id,
            "licence": licence.id,
            "revision": revision.id,
            "signoff": signoff.id,
            "case": case.id,
            "accommodation": accommodation.id,
            "cohort_a": cohort_a.id,
            "cohort_b": cohort_b.id,
            "partner_b": partner_b.id,
            "token": token,
            **{f"user_{name}": user.id for name, user in users.items()},
        }
        w = World(app, ids)
        for actor in ACTORS:
            client = app.test_client()
            if actor != "anonymous":
                assert (
                    client.post(
                        "/login", data={"email": f"h-{actor}@example.org", "password": PASSWORD}
                    ).status_code
                    == 302
                )
            w.clients[actor] = client
        yield w
        _truncate_all()
        db.session.remove()


@dataclass(frozen=True)
class Case:
    """One id-taking URL: who owns what it points at (they pass), by method."""

    endpoint: str
    url: str  # formatted with the world's ids
    owners: frozenset[str]
    method: str = "GET"
    data: dict[str, Any] = field(default_factory=dict)


def _case(
    endpoint: str, url: str, owners: set[str] | str, method: str = "GET", **data: Any
) -> Case:
    return Case(
        endpoint, url, frozenset({owners} if isinstance(owners, str) else owners), method, data
    )


ADMIN_POSTS = [
    (
        "admin.certificate_status",
        "/admin/certificates/{cert}/status",
        {"action": "suspend", "reason": "x"},
    ),
    ("admin.certificate_renew", "/admin/certificates/{cert}/renew", {}),
    (
        "admin.certificate_rename",
        "/admin/certificates/{cert}/rename",
        {"name": "Someone Else", "reason": "x"},
    ),
    ("admin.review_ce", "/admin/continuing-education/{ce}", {"decision": "approve"}),
    ("admin.check_licence", "/admin/licences/{licence}/check", {"decision": "verified"}),
    (
        "admin.withdraw_licence",
        "/admin/licences/{licence}/withdraw",
        {"reason": "duplicate submission"},
    ),
    (
        "admin.add_coordinator",
        "/admin/partners/{partner_b}/coordinators",
        {"email": "h-coord_a@example.org"},
    ),
    (
        "admin.remove_coordinator",
        "/admin/partners/{partner_b}/coordinators/{user_coord_b}/remove",
        {},
    ),
    ("admin.create_cohort", "/admin/partners/{partner_b}/cohorts", {"name": "Stolen"}),
    ("admin.add_member", "/admin/cohorts/{cohort_b}/members", {"email": "h-trainee_a@example.org"}),
    ("admin.remove_member", "/admin/cohorts/{cohort_b}/members/{user_trainee_b}/remove", {}),
    ("admin.user_roles", "/admin/users/{user_trainee_a}/roles", {"roles": ["administrator"]}),
    ("admin.user_status", "/admin/users/{user_trainee_a}/status", {"enabled": "0", "reason": "x"}),
]
CASES = [
    # a trainee's own attempts and certificate: nobody else's, not even staff's (they use /author)
    _case("learn.attempt", "/learn/attempts/{open}", "trainee_a"),
    _case("learn.attempt_summary", "/learn/attempts/{open}/summary", "trainee_a"),
    _case("learn.attempt_result", "/learn/attempts/{done}/result", "trainee_a"),
    _case(
        "learn.attempt_save", "/learn/attempts/{open}", "trainee_a", "POST", slot="0", goto="stay"
    ),
    _case(
        "learn.attempt_autosave", "/learn/attempts/{open}/answers", "trainee_a", "POST", slot="0"
    ),
    _case("learn.attempt_submit", "/learn/attempts/{open}/submit", "trainee_a", "POST"),
    _case("learn.certificate_pdf", "/learn/my-certificates/{cert}.pdf", "holder"),
    # a coordinator sees their own partner's cohorts and members only
    _case("partner.cohort", "/partner/cohorts/{cohort_a}", "coord_a"),
    _case("partner.cohort", "/partner/cohorts/{cohort_b}", "coord_b"),
    _case("partner.cohort_csv", "/partner/cohorts/{cohort_a}/export.csv", "coord_a"),
    _case("partner.member", "/partner/cohorts/{cohort_a}/trainees/{user_trainee_a}", "coord_a"),
    _case(
        "partner.member", "/partner/cohorts/{cohort_a}/trainees/{user_trainee_b}", set()
    ),  # not a member
    _case("partner.member", "/partner/cohorts/{cohort_b}/trainees/{user_trainee_a}", set()),
    # an instructor's staged upload is theirs alone
    _case("author.bank_upload_import", "/author/bank/upload/{token}/import", "instructor", "POST"),
    # staff-wide pages: every instructor and administrator, nobody else
    _case("author.attempt_detail", "/author/attempts/{done}", STAFF),
    _case("author.trainee_detail", "/author/trainees/{user_trainee_a}", STAFF),
    _case(
        "author.record_signoff",
        "/author/trainees/{user_trainee_a}/signoffs",
        STAFF,
        "POST",
        assessment_key="cervical-paraspinals",
        assessed_on="2024-05-01",
        region="C5-C6",
    ),
    _case(
        "author.record_case",
        "/author/trainees/{user_trainee_a}/cases",
        STAFF,
        "POST",
        seen_on="2024-05-01",
        hours="1",
        summary="x",
    ),
    # the studio's review actions: any instructor or administrator (the workflow itself refuses
    # approving one's own change), nobody else
    *[
        _case(
            f"author.studio_{action}",
            f"/author/studio/revisions/{{revision}}/{action}",
            STAFF,
            "POST",
        )
        for action in ("submit", "approve", "reject", "publish")
    ],
    _case("author.trainee_gradebook", "/author/trainees/{user_trainee_a}/gradebook", STAFF),
    _case("author.record_cases", "/author/trainees/{user_trainee_a}/cases/batch", STAFF),
    _case(
        "author.record_cases",
        "/author/trainees/{user_trainee_a}/cases/batch",
        STAFF,
        "POST",
        **{"cases-0-seen_on": "2024-05-01", "cases-0-hours": "1", "cases-0-summary": "x"},
    ),
    _case("author.record_edit", "/author/records/signoff/{signoff}", STAFF),
    _case("author.record_edit", "/author/records/accommodation/{accommodation}", STAFF),
    _case(
        "author.record_save",
        "/author/records/case/{case}/edit",
        STAFF,
        "POST",
        seen_on="2024-05-02",
        hours="2",
        summary="y",
        reason="changed it",
    ),
    _case(
        "author.record_withdraw",
        "/author/records/case/{case}/withdraw",
        STAFF,
        "POST",
        **{"withdraw-reason": "withdrawn here"},
    ),
    # administrators' pages
    _case("admin.certificate_detail", "/admin/certificates/{cert}", "admin"),
    _case("admin.certificate_pdf", "/admin/certificates/{cert}.pdf", "admin"),
    _case("admin.partner_detail", "/admin/partners/{partner_b}", "admin"),
    _case("admin.cohort_detail", "/admin/cohorts/{cohort_b}", "admin"),
    _case("admin.user_detail", "/admin/users/{user_trainee_a}", "admin"),
    *[_case(ep, url, "admin", "POST", **data) for ep, url, data in ADMIN_POSTS],
]


def test_every_id_taking_route_is_in_this_matrix(world):
    taking_ids = {
        r.endpoint
        for r in world.app.url_map.iter_rules()
        if "<int:" in r.rule or r.endpoint == "author.bank_upload_import"
    }
    assert taking_ids == {c.endpoint for c in CASES}


def _expected(case: Case, actor: str) -> int | str:
    if actor == "anonymous":
        return "login"
    if ROLES[actor] not in GUARD[case.endpoint.split(".")[0]]:
        return 403
    return "ok" if actor in case.owners else 404


def _database() -> dict[str, list[tuple]]:
    with db.engine.connect() as conn:
        return {
            t.name: sorted(map(tuple, conn.execute(select(t)).all()), key=repr)
            for t in db.metadata.sorted_tables
        }


@pytest.mark.parametrize("case", CASES, ids=[f"{c.method}-{c.url}" for c in CASES])
def test_nobody_reaches_another_actors_object(world, case):
    url = case.url.format(**world.ids)
    before = _database() if case.method == "POST" else None
    wrong = {}
    for actor in ACTORS:
        wanted = _expected(case, actor)
        if wanted == "ok" and case.method == "POST":
            continue  # the owner's own write is the feature's test, not this matrix's
        response = world.clients[actor].open(url, method=case.method, data=case.data or None)
        got, location = response.status_code, response.headers.get("Location", "")
        if wanted == "login":
            ok = got == 302 and "/login" in location
        elif wanted == "ok":
            ok = got == 200
        else:
            ok = got == wanted
        if not ok:
            wrong[actor] = (wanted, got, location)
    assert wrong == {}
    if before is not None:
        assert _database() == before, "a refused POST changed the database"
