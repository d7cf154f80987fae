"""The coordinator's cohort table at 1280 px: key columns in view, sticky names, marks, sort, filter."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ims_training.models import Role
from ims_training.services.certification.programs import MODULE_QUIZZES, ensure_default_program

from ..conftest import PASSWORD
from ..factories.certification import passed_attempt
from ..factories.certification import quiz as make_quiz
from ..factories.partners import make_partner
from .conftest import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def cohort(make_user):  # type: ignore[no-untyped-def]
    ensure_default_program()
    for key in [*MODULE_QUIZZES, "quiz-final-exam"]:
        make_quiz(key, "A rather long quiz title: " + key.removeprefix("quiz-").replace("-", " "))
    coordinator = make_user(Role.COORDINATOR, email="koordinator@example.org")
    names = ["Åse Bjørnstad", "Øystein Ødegård", "Anne Aas", "Zara Zahl"]
    members = [make_user(Role.TRAINEE, name=n) for n in names]
    passed_attempt(members[0], "quiz-final-exam", passed=False)  # 30 %
    passed_attempt(members[2], "quiz-final-exam", passed=True)  # 80 %
    make_partner(
        "IMS Norge", cohort="Kull 2026", coordinators=(coordinator,), members=tuple(members)
    )
    return coordinator


def test_key_columns_are_in_view_and_names_stay_put(live_server, browser, cohort):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        log_in(page, live_server, cohort.email, PASSWORD)
        page.get_by_role("link", name="Cohorts").click()
        page.get_by_role("link", name="Kull 2026").click()
        table = page.locator("table.members")
        for name in (
            "Trainee",
            "Certification",
            "Requirements met",
            "A rather long quiz title: final exam",
        ):
            expect(table.get_by_role("columnheader", name=name)).to_be_in_viewport()
        # Pass and fail are told by a mark and words, not only by colour.
        expect(table.get_by_role("row", name="Anne Aas").locator("td.is-pass")).to_contain_text(
            "✓ 80 %"
        )
        expect(
            table.get_by_role("row", name="Åse Bjørnstad").locator("td.is-fail")
        ).to_contain_text("✗ 30 %")
        expect(
            table.get_by_role("row", name="Åse Bjørnstad").locator("td.is-fail")
        ).to_contain_text("not passed")

        name_cell = table.get_by_role("rowheader", name="Anne Aas")
        before = name_cell.bounding_box()
        page.locator(".table-wrap--sticky").evaluate("el => { el.scrollLeft = el.scrollWidth; }")
        expect(page.locator(".table-wrap--sticky")).not_to_have_js_property("scrollLeft", 0)
        after = name_cell.bounding_box()
        assert (
            before and after and abs(before["x"] - after["x"]) < 1
        )  # the name column did not move
        expect(name_cell).to_be_in_viewport()

        # Names in Norwegian order (Æ, Ø, Å last); sort by the final exam; filter by name.
        expect(table.locator("tbody th")).to_have_text(
            ["Anne Aas", "Zara Zahl", "Øystein Ødegård", "Åse Bjørnstad"]
        )
        table.get_by_role("link", name="A rather long quiz title: final exam").click()
        expect(table.locator("tbody th").first).to_have_text("Anne Aas")
        expect(
            table.get_by_role("columnheader", name="A rather long quiz title: final exam")
        ).to_have_attribute("aria-sort", "ascending")
        page.get_by_label("Name contains").fill("oystein")
        page.get_by_role("button", name="Filter").click()
        expect(table.locator("tbody th")).to_have_text(["Øystein Ødegård"])
    finally:
        context.close()
