"""An administrator certifies a trainee, the public checks it, and a revocation shows at once."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ims_training.models import Role
from tests.factories.certification import make_eligible

from ..conftest import PASSWORD
from .conftest import log_in

pytestmark = pytest.mark.browser


def test_admin_issues_public_verifies_admin_revokes_public_sees_revoked(live_server, page, browser, make_user):
    admin = make_user(Role.ADMINISTRATOR, email="ada@example.org")
    trainee = make_user(Role.TRAINEE, email="sule@example.org", name="Şule Ødegård")
    make_eligible(trainee, admin, now=datetime.now(UTC))

    log_in(page, live_server, admin.email, PASSWORD)
    page.get_by_role("link", name="Certificates").click()
    page.get_by_role("link", name="Issue a certificate").click()
    page.get_by_label("Trainee's e-mail").fill(trainee.email)
    page.get_by_role("button", name="Issue certificate").click()
    assert page.get_by_text("Certificate issued to Şule Ødegård.").is_visible()
    code = page.locator(".cert-code a").inner_text().strip()

    visitor = browser.new_context(locale="en-GB").new_page()
    visitor.goto(live_server + "/verify")
    visitor.get_by_label("Certificate code").fill(code.lower().replace("-", " "))
    visitor.get_by_role("button", name="Check").click()
    assert visitor.get_by_text("This certificate is valid.").is_visible()
    assert visitor.get_by_text("Şule Ødegård").is_visible()

    page.get_by_label("Reason").first.fill("Licence withdrawn by the regulator")
    page.get_by_role("button", name="Revoke").click()
    assert page.get_by_text("The certificate is now revoked.").is_visible()

    visitor.reload()
    assert visitor.get_by_text("This certificate has been revoked and is not valid.").is_visible()
    assert visitor.locator(".cert-status").inner_text().strip().lower() == "revoked"
    assert visitor.get_by_text("Revoked on").is_visible()
    visitor.context.close()
