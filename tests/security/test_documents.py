"""Point 10: personal documents are never cached; the printed name always equals the verified one."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ims_training.documents.pdf import unprintable_characters
from ims_training.extensions import db
from ims_training.models import Certificate, Role
from ims_training.services import ServiceError
from ims_training.services.certification import certificates
from tests.factories import certification as cf

from ..conftest import PASSWORD


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Certificate))


def test_certificate_pdfs_and_verification_json_are_sent_with_no_store(
    app, client, make_user, auth
):
    admin, holder = make_user(Role.ADMINISTRATOR), make_user(Role.TRAINEE)
    cert = cf.certificate(holder, admin)
    auth.login(holder)
    mine = client.get(f"/learn/my-certificates/{cert.id}.pdf")
    assert mine.status_code == 200 and mine.mimetype == "application/pdf"
    assert mine.headers["Cache-Control"] == "no-store"
    page = client.get("/learn/my-certificates")  # where the credential (JWT) is offered
    assert (
        cert.credential_jwt in page.get_data(as_text=True)
        and page.headers["Cache-Control"] == "no-store"
    )
    auth.logout()
    auth.login(admin)
    theirs = client.get(f"/admin/certificates/{cert.id}.pdf")
    assert theirs.status_code == 200 and theirs.headers["Cache-Control"] == "no-store"
    public = client.get(f"/verify/{cert.public_code}.json")
    assert public.status_code == 200 and public.headers["Cache-Control"] == "no-store"


def test_static_files_keep_their_own_caching(client):
    assert client.get("/static/css/app.css").headers["Cache-Control"] != "no-store"


@pytest.mark.parametrize(
    ("name", "missing"),
    [
        ("Siri Sætre", []),
        ("Şükrü Ağaoğlu", []),
        ("Zoë O'Neil-Ødegård", []),
        ("王小明", ["王", "小", "明"]),
        ("Ольга Петрова", ["О", "л", "ь", "г", "а", "П", "е", "т", "р", "о", "в"]),
        ("Ana 😀", ["😀"]),
    ],
)
def test_characters_the_pdf_font_lacks_are_found(name, missing):
    assert unprintable_characters(name) == missing


def test_a_name_the_pdf_cannot_print_is_refused_at_issue_and_nothing_is_issued(
    app, client, make_user, auth
):
    admin = make_user(Role.ADMINISTRATOR)
    holder = make_user(Role.TRAINEE, name="王小明")
    program = cf.make_eligible(holder, admin)
    with pytest.raises(ServiceError, match="cannot print"):
        certificates.issue(holder, program, actor=admin, now=cf.NOW)
    auth.login(admin)
    page = client.post(
        "/admin/certificates/issue",
        data={"email": holder.email, "program": program.key},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "contains characters the certificate cannot print (王 小 明)" in page
    assert _count() == 0


def test_correcting_a_name_to_one_the_pdf_cannot_print_is_refused(app, client, make_user, auth):
    admin, holder = make_user(Role.ADMINISTRATOR), make_user(Role.TRAINEE, name="Olga Petrova")
    cert = cf.certificate(holder, admin)
    client.post("/login", data={"email": admin.email, "password": PASSWORD})
    page = client.post(
        f"/admin/certificates/{cert.id}/rename",
        data={"name": "Ольга Петрова", "reason": "spelling"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "cannot print" in page
    assert _count() == 1
    db.session.expire_all()
    assert db.session.get(Certificate, cert.id).holder_name == "Olga Petrova"
