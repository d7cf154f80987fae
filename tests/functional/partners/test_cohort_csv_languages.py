"""The cohort CSV opens in Norwegian Excel (";" and decimal commas) and in English Excel (",")."""

import csv
import io

import pytest

from ims_training.models import Role

from ...factories.certification import certificate
from ...factories.partners import add_attempt, make_partner, make_program, make_quiz


@pytest.fixture
def cohort(app, make_user, login_as):  # type: ignore[no-untyped-def]
    make_program()
    coordinator = login_as(Role.COORDINATOR)
    ase = make_user(Role.TRAINEE, name="Åse Bjørnstad")
    add_attempt(ase, make_quiz("quiz-foundations", "Foundations"), 82.5, passed=True)
    with app.test_request_context("/"):
        cert = certificate(ase, make_user(Role.ADMINISTRATOR))
    cert.status = "revoked"
    _p, own = make_partner(
        "IMS Norge", cohort="Kull 2025", coordinators=(coordinator,), members=(ase,)
    )
    return own


def _rows(response, delimiter: str) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=delimiter))


def test_norwegian_export_uses_semicolons_decimal_commas_and_words(client, cohort):
    client.post("/language", data={"lang": "nb", "next": "/"})
    rows = _rows(client.get(f"/partner/cohorts/{cohort.id}/export.csv"), ";")
    assert len(rows[0]) > 5 and rows[0][0] == "Navn"
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Beste resultat: Foundations (%)"] == "82,5"
    assert row["Sertifikatstatus"] == "tilbakekalt"


def test_english_export_uses_commas_and_either_can_be_chosen(client, cohort):
    rows = _rows(client.get(f"/partner/cohorts/{cohort.id}/export.csv"), ",")
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Best score: Foundations (%)"] == "82.5" and row["Certificate status"] == "revoked"
    chosen = _rows(client.get(f"/partner/cohorts/{cohort.id}/export.csv?sep=semicolon"), ";")
    assert len(chosen[0]) == len(rows[0]) and "82,5" in chosen[1]
