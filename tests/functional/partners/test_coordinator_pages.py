"""Coordinators see their own cohorts (chart, table, CSV) and nothing of any other partner."""

import csv
import io
import re

import pytest

from ims_training.models import Role

from ...factories.partners import complete, make_lessons, make_partner, make_program


@pytest.fixture
def two_partners(app, make_user, login_as):  # type: ignore[no-untyped-def]
    make_program()
    lessons = make_lessons(5)
    kari = login_as(Role.COORDINATOR, name="Kari Koordinator")
    mine = make_user(Role.TRAINEE, name="Åse Bjørnstad")
    sly = make_user(Role.TRAINEE, name='=HYPERLINK("http://evil")')
    foreign = make_user(Role.TRAINEE, name="Hemmelig Hansen")
    complete(mine, lessons)
    _p, own = make_partner(
        "IMS Norge", cohort="Kull 2025", coordinators=(kari,), members=(mine, sly)
    )
    _q, other = make_partner(
        "Akupunkturforeningen",
        cohort="Hemmelig kull",
        coordinators=(make_user(Role.COORDINATOR),),
        members=(foreign,),
    )
    return {"own": own, "other": other, "mine": mine, "foreign": foreign, "kari": kari}


def test_the_cohort_list_shows_only_own_cohorts(client, two_partners):
    page = client.get("/partner/").get_data(as_text=True)
    assert "Kull 2025" in page and "Hemmelig kull" not in page


def test_the_cohort_page_has_an_accessible_chart_and_the_trainee_table(client, two_partners):
    response = client.get(f"/partner/cohorts/{two_partners['own'].id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<svg viewBox="0 0 600 260" role="img"' in page
    assert '<title id="chart-title">Members by course progress</title>' in page
    assert "The chart&#39;s data" in page or "The chart's data" in page
    assert "<rect" in page and "style=" not in page
    assert "Åse Bjørnstad" in page and "5 / 5 (100 %)" in page
    assert "Hemmelig Hansen" not in page


def test_csv_export_is_excel_friendly_and_formula_safe(client, two_partners):
    response = client.get(f"/partner/cohorts/{two_partners['own'].id}/export.csv")
    assert response.status_code == 200
    assert (
        response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    )
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    names = [r[0] for r in rows[1:]]
    assert "Åse Bjørnstad" in names
    assert '\'=HYPERLINK("http://evil")' in names
    assert "Hemmelig Hansen" not in response.data.decode("utf-8")


def test_the_member_page_shows_the_trainees_checklist(client, two_partners):
    page = client.get(
        f"/partner/cohorts/{two_partners['own'].id}/trainees/{two_partners['mine'].id}"
    )
    assert page.status_code == 200
    assert "Certification checklist" in page.get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    [
        "/partner/cohorts/{other}",
        "/partner/cohorts/{other}/export.csv",
        "/partner/cohorts/{other}/trainees/{foreign}",
        "/partner/cohorts/{own}/trainees/{foreign}",
        "/partner/cohorts/{other}/trainees/{mine}",
        "/partner/cohorts/999999",
        "/partner/cohorts/999999/export.csv",
        "/partner/cohorts/{own}/trainees/999999",
    ],
)
def test_another_partners_cohort_or_trainee_is_not_found(client, two_partners, path):
    ids = {k: v.id for k, v in two_partners.items()}
    response = client.get(path.format(**ids))
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert "Hemmelig" not in body and "Akupunkturforeningen" not in body


def test_a_coordinator_without_partners_sees_an_explanation(app, client, login_as):
    login_as(Role.COORDINATOR)
    assert "do not coordinate any cohort" in client.get("/partner/").get_data(as_text=True)
    assert "do not coordinate any cohort" in client.get("/dashboard").get_data(as_text=True)


def test_the_dashboard_shows_cohorts_with_member_counts_and_mean_progress(client, two_partners):
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Kull 2025" in page and "2 members" in page
    assert 'value="50" aria-label="Mean course progress of Kull 2025"' in page


def _without_csrf(page: str) -> str:
    return re.sub(r'(name="csrf_token"[^>]*value=")[^"]*', r"\1", page)


def test_the_cached_cohort_page_follows_its_members_and_its_coordinators_access(
    app, client, two_partners, make_user
):
    """The cohort page is cached (issue 13) on its members' versions and the shared generation:
    a member's progress, a member joining, a quiz result and losing access all show at once."""
    from ims_training.extensions import db
    from ims_training.models import CohortMember, PartnerCoordinator
    from ims_training.page_cache.pages import page_cache

    from ...factories.partners import add_attempt, make_quiz

    url = f"/partner/cohorts/{two_partners['own'].id}"
    first = client.get(url).get_data(as_text=True)
    # served again (by the page-cache layer, before Flask), unchanged but for the CSRF token
    layer_hits = page_cache().layer_hits
    assert _without_csrf(client.get(url).get_data(as_text=True)) == _without_csrf(first)
    assert page_cache().layer_hits == layer_hits + 1
    assert "0 / 5 (0 %)" in first  # sly has done nothing yet
    assert "91" not in first and "Nye Nordmann" not in first

    sly = next(
        m
        for m in db.session.scalars(db.select(CohortMember))
        if m.user_id != two_partners["mine"].id and m.cohort_id == two_partners["own"].id
    )
    from ims_training.models import Lesson

    from ...factories.partners import complete

    complete(
        db.session.get(type(two_partners["mine"]), sly.user_id),
        list(db.session.scalars(db.select(Lesson)))[:2],
    )
    assert "2 / 5 (40 %)" in client.get(url).get_data(as_text=True)

    quiz = make_quiz("quiz-foundations", "Foundations quiz")
    add_attempt(two_partners["mine"], quiz, 91, passed=True)
    assert "91" in client.get(url).get_data(as_text=True)

    newcomer = make_user(Role.TRAINEE, name="Nye Nordmann")
    db.session.add(CohortMember(cohort_id=two_partners["own"].id, user_id=newcomer.id))
    db.session.commit()
    assert "Nye Nordmann" in client.get(url).get_data(as_text=True)

    db.session.execute(
        db.delete(PartnerCoordinator).where(
            PartnerCoordinator.partner_id == two_partners["own"].partner_id
        )
    )
    db.session.commit()
    assert client.get(url).status_code == 404


def test_the_cached_dashboard_follows_the_coordinators_cohorts(
    app, client, two_partners, make_user
):
    """The coordinator's dashboard is cached (issue 13) on their cohorts' members' versions: a
    member's progress, a member joining and losing the partner all show at once; another
    partner's members never reach it."""
    from ims_training.extensions import db
    from ims_training.models import CohortMember, Lesson, PartnerCoordinator
    from ims_training.page_cache.pages import page_cache

    from ...factories.partners import complete

    first = client.get("/dashboard").get_data(as_text=True)
    layer_hits = page_cache().layer_hits
    assert _without_csrf(client.get("/dashboard").get_data(as_text=True)) == _without_csrf(first)
    assert page_cache().layer_hits == layer_hits + 1  # served before Flask
    assert "2 members" in first and 'value="50" aria-label' in first

    lessons = list(db.session.scalars(db.select(Lesson)))
    complete(two_partners["foreign"], lessons)  # another partner's member: same page
    hits = page_cache().layer_hits
    assert _without_csrf(client.get("/dashboard").get_data(as_text=True)) == _without_csrf(first)
    assert page_cache().layer_hits == hits + 1

    sly = next(
        m.user_id
        for m in db.session.scalars(db.select(CohortMember))
        if m.user_id != two_partners["mine"].id and m.cohort_id == two_partners["own"].id
    )
    complete(db.session.get(type(two_partners["mine"]), sly), lessons)
    assert 'value="100" aria-label="Mean course progress of Kull 2025"' in client.get(
        "/dashboard"
    ).get_data(as_text=True)

    newcomer = make_user(Role.TRAINEE, name="Nye Nordmann")
    db.session.add(CohortMember(cohort_id=two_partners["own"].id, user_id=newcomer.id))
    db.session.commit()
    assert "3 members" in client.get("/dashboard").get_data(as_text=True)

    db.session.execute(
        db.delete(PartnerCoordinator).where(
            PartnerCoordinator.partner_id == two_partners["own"].partner_id
        )
    )
    db.session.commit()
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Kull 2025" not in page and "do not coordinate any cohort" in page


def test_the_cached_cohort_csv_follows_its_members_and_its_coordinators_access(
    app, client, two_partners, make_user, login_as, auth
):
    """The CSV is cached on the cohort page's key (issue 13): a repeat download is served before
    Flask, as a download still, and a member's progress, a newcomer, another coordinator and a
    lost partner show at once."""
    from ims_training.extensions import db
    from ims_training.models import CohortMember, Lesson, PartnerCoordinator
    from ims_training.page_cache.pages import page_cache

    from ...factories.partners import complete

    url = f"/partner/cohorts/{two_partners['own'].id}/export.csv"
    first = client.get(url)
    layer_hits = page_cache().layer_hits
    again = client.get(url)
    assert page_cache().layer_hits == layer_hits + 1
    assert again.data == first.data
    assert again.headers["Content-Disposition"] == first.headers["Content-Disposition"]
    assert again.headers["Cache-Control"] == "no-store" and again.mimetype == "text/csv"

    def sly_row(response) -> list[str]:  # type: ignore[no-untyped-def]
        rows = csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";")
        return next(r for r in rows if "HYPERLINK" in r[0])

    before = sly_row(first)
    sly = db.session.get(
        type(two_partners["mine"]),
        next(
            m.user_id
            for m in db.session.scalars(db.select(CohortMember))
            if m.user_id != two_partners["mine"].id and m.cohort_id == two_partners["own"].id
        ),
    )
    complete(sly, list(db.session.scalars(db.select(Lesson)))[:2])
    assert sly_row(client.get(url)) != before  # the member's progress, at once

    newcomer = make_user(Role.TRAINEE, name="Nye Nordmann")
    db.session.add(CohortMember(cohort_id=two_partners["own"].id, user_id=newcomer.id))
    db.session.commit()
    assert "Nye Nordmann" in client.get(url).data.decode("utf-8-sig")

    # a coordinator of another partner is never handed this partner's cached file
    auth.logout()
    login_as(Role.COORDINATOR, name="Annen Koordinator")
    assert client.get(url).status_code == 404
    auth.logout()
    auth.login(two_partners["kari"])
    assert client.get(url).status_code == 200

    db.session.execute(
        db.delete(PartnerCoordinator).where(
            PartnerCoordinator.partner_id == two_partners["own"].partner_id
        )
    )
    db.session.commit()
    assert client.get(url).status_code == 404
