"""No serious or critical accessibility violation (axe-core, WCAG 2.1 A/AA) on the pages of every
role, in English and Norwegian. axe-core is vendored in tests/fixtures/axe (see its README)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import select

from ims_training.extensions import db
from ims_training.models import ClinicalCase, Cohort, PartnerCoordinator, PracticalSignoff, User

from .conftest import CHROMIUM_ARGS  # noqa: F401  (same browser as the other tests)

pytestmark = pytest.mark.browser

AXE = Path(
    os.environ.get("AXE_CORE_JS") or Path(__file__).resolve().parents[1] / "fixtures/axe/axe.min.js"
)
PASSWORD = "demo password for axe"
RUN = """async () => {
  const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
}"""


@pytest.fixture
def demo(runner, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    with_cases = db.session.scalar(select(ClinicalCase.user_id).limit(1))
    return {
        "cohort": db.session.scalar(
            select(Cohort.id)
            .join(PartnerCoordinator, PartnerCoordinator.partner_id == Cohort.partner_id)
            .join(User, User.id == PartnerCoordinator.user_id)
            .where(User.email == "coordinator@example.org")
            .limit(1)
        ),
        "case": db.session.scalar(select(ClinicalCase.id).limit(1)),
        "signoff": db.session.scalar(select(PracticalSignoff.id).limit(1)),
        "trainee": with_cases,
    }


def _pages(ids: dict) -> dict[str, list[str]]:  # type: ignore[type-arg]
    return {
        "": ["/", "/login", "/practitioners?name=sahin", "/verify"],
        "trainee@example.org": [
            "/dashboard",
            "/learn/course",
            "/learn/quizzes",
            "/learn/certification",
            "/learn/course/search?q=nerve",
        ],
        "instructor@example.org": [
            "/author/trainees",
            f"/author/trainees/{ids['trainee']}",
            f"/author/trainees/{ids['trainee']}/gradebook",
            f"/author/trainees/{ids['trainee']}/cases/batch",
            f"/author/records/case/{ids['case']}",
            f"/author/records/signoff/{ids['signoff']}",
            "/author/bank",
        ],
        "coordinator@example.org": ["/partner/", f"/partner/cohorts/{ids['cohort']}"],
        "admin@example.org": [
            "/dashboard",
            "/admin/audit",
            "/admin/licences?status=",
            "/admin/certificates",
        ],
    }


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_no_serious_or_critical_violation_on_any_role_s_pages(live_server, browser, demo, lang):  # type: ignore[no-untyped-def]
    assert AXE.is_file(), f"axe-core not found at {AXE}"
    script = AXE.read_text(encoding="utf-8")
    findings: list[str] = []
    for who, urls in _pages(demo).items():
        # bypass_csp: the portal's CSP rightly forbids injected scripts; axe is the test's, not the page's.
        context = browser.new_context(
            locale="nb-NO" if lang == "nb" else "en-GB",
            bypass_csp=True,
            viewport={"width": 1280, "height": 800},
        )
        page = context.new_page()
        try:
            page.goto(live_server + "/")
            page.get_by_role("button", name="Norsk" if lang == "nb" else "English").click()
            if who:
                page.goto(live_server + "/login")
                page.locator("input[name=email]").fill(who)
                page.locator("input[name=password]").fill(PASSWORD)
                page.locator("main input[type=submit]").click()
                page.wait_for_url(lambda url: "/login" not in url)
            for url in urls:
                response = page.goto(live_server + url)
                assert response is not None and response.status < 400, (
                    f"{who} {url}: {response and response.status}"
                )
                page.add_script_tag(content=script)
                for problem in page.evaluate(RUN):
                    findings.append(f"{lang} {who or 'anonymous'} {url}: {problem}")
        finally:
            context.close()
    assert not findings, "\n".join(findings)


def test_the_check_itself_finds_a_critical_violation(page):  # type: ignore[no-untyped-def]
    """A page with an unlabelled image must fail: proves axe runs and the filter keeps what matters."""
    page.set_content(
        '<!doctype html><html lang="en"><title>t</title><main><img src="x.png"></main></html>'
    )
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    assert any(problem.startswith("image-alt (critical)") for problem in page.evaluate(RUN))
