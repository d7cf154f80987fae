"""The trainee's checklist and licence; instructors' sign-offs and cases, with bad input refused."""

from datetime import date, timedelta

from sqlalchemy import func, select

from ims_training.extensions import db
from ims_training.models import ClinicalCase, PracticalSignoff, ProfessionalLicence, Role

from ...conftest import AuthActions
from ...factories.partners import make_program


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_trainee_sees_the_checklist_with_a_progress_bar(app, client, login_as):
    make_program()
    login_as(Role.TRAINEE)
    page = client.get("/learn/certification").get_data(as_text=True)
    assert "0 of 6 requirements met" in page
    assert '<progress max="100" value="0' in page
    assert "Practical assessment: Cervical paraspinals" in page and "Awaiting sign-off" in page


def test_trainee_submits_a_licence_and_sees_it_waiting(app, client, login_as):
    make_program()
    login_as(Role.TRAINEE)
    response = client.post(
        "/learn/certification/licence",
        data={"profession": "Fysioterapeut", "licence_number": "HPR 123", "country": "no"},
    )
    assert response.status_code == 302
    page = client.get("/learn/certification").get_data(as_text=True)
    assert "Waiting for a check" in page and "HPR 123" in page


def test_a_malformed_country_code_is_refused_at_the_field(app, client, login_as):
    login_as(Role.TRAINEE)
    response = client.post(
        "/learn/certification/licence",
        data={"profession": "Fysioterapeut", "licence_number": "1", "country": "Q1"},
    )
    assert response.status_code == 422
    assert 'id="country-error"' in response.get_data(as_text=True)
    assert "two-letter ISO country code" in response.get_data(as_text=True)
    assert _count(ProfessionalLicence) == 0


def test_instructor_signs_off_and_the_trainee_sees_the_checklist_update(
    app, client, make_user, login_as
):
    make_program()
    trainee = make_user(Role.TRAINEE)
    instructor = login_as(Role.INSTRUCTOR)
    listing = client.get("/author/trainees?q=" + trainee.email).get_data(as_text=True)
    assert trainee.name in listing
    response = client.post(
        f"/author/trainees/{trainee.id}/signoffs",
        data={
            "assessment_key": "cervical-paraspinals",
            "assessed_on": date.today().isoformat(),
            "region": "C5-C6 paraspinals",
            "notes": "Good depth control",
        },
    )
    assert response.status_code == 302
    detail = client.get(f"/author/trainees/{trainee.id}").get_data(as_text=True)
    assert "C5-C6 paraspinals" in detail and instructor.name in detail
    AuthActions(client).logout()
    AuthActions(client).login(trainee)
    page = client.get("/learn/certification").get_data(as_text=True)
    assert "1 of 6 requirements met" in page and "Signed off" in page and "met on" in page


def test_instructor_records_a_clinical_case(app, client, make_user, login_as):
    make_program()
    trainee = make_user(Role.TRAINEE)
    instructor = login_as(Role.INSTRUCTOR)
    response = client.post(
        f"/author/trainees/{trainee.id}/cases",
        data={
            "seen_on": "2024-03-01",
            "hours": "1.5",
            "summary": "L5 radiculopathy",
            "supervisor_id": instructor.id,
        },
    )
    assert response.status_code == 302
    assert _count(ClinicalCase) == 1


def test_an_instructor_cannot_sign_off_themselves(app, client, login_as):
    make_program()
    me = login_as(Role.INSTRUCTOR, Role.TRAINEE)
    response = client.post(
        f"/author/trainees/{me.id}/signoffs",
        data={
            "assessment_key": "cervical-paraspinals",
            "assessed_on": "2024-05-01",
            "region": "C5",
        },
    )
    assert response.status_code == 422
    assert "You cannot sign off your own training" in response.get_data(as_text=True)
    assert _count(PracticalSignoff) == 0


def _signoff_error(client, trainee, field, **data):  # type: ignore[no-untyped-def]
    form = {"assessment_key": "cervical-paraspinals", "assessed_on": "2024-05-01", "region": "C5"}
    form.update(data)
    response = client.post(f"/author/trainees/{trainee.id}/signoffs", data=form)
    assert response.status_code == 422
    return response.get_data(as_text=True).split(f'id="{field}-error">')[1].split("</p>")[0]


def test_bad_sign_off_input_is_explained_at_the_field_and_nothing_is_saved(
    app, client, make_user, login_as
):
    make_program()
    trainee = make_user(Role.TRAINEE)
    login_as(Role.INSTRUCTOR)
    future = (date.today() + timedelta(days=3)).isoformat()
    assert "cannot be in the future" in _signoff_error(
        client, trainee, "assessed_on", assessed_on=future
    )
    assert "practical assessments" in _signoff_error(
        client, trainee, "assessment_key", assessment_key="knee"
    )
    assert _signoff_error(client, trainee, "assessed_on", assessed_on="not a date")
    assert _count(PracticalSignoff) == 0


def test_negative_hours_are_refused_at_the_field(app, client, make_user, login_as):
    make_program()
    trainee = make_user(Role.TRAINEE)
    instructor = login_as(Role.INSTRUCTOR)
    response = client.post(
        f"/author/trainees/{trainee.id}/cases",
        data={
            "seen_on": "2024-03-01",
            "hours": "-2",
            "summary": "L5",
            "supervisor_id": instructor.id,
        },
    )
    assert response.status_code == 422
    assert 'id="hours-error"' in response.get_data(as_text=True)
    assert _count(ClinicalCase) == 0


def test_instructor_pages_404_for_accounts_that_are_not_trainees(app, client, make_user, login_as):
    make_program()
    admin = make_user(Role.ADMINISTRATOR)
    login_as(Role.INSTRUCTOR)
    assert client.get(f"/author/trainees/{admin.id}").status_code == 404
    assert client.post(f"/author/trainees/{admin.id}/signoffs", data={}).status_code == 404


def test_trainee_dashboard_panel_summarises_the_checklist(app, client, login_as):
    make_program()
    login_as(Role.TRAINEE)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "0 of 6 requirements met" in page and "/learn/certification" in page
