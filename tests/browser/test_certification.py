"""An administrator certifies a trainee, the public checks it, and a revocation shows at once."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from ims_training.models import Role
from tests.factories.certification import make_eligible

from ..conftest import PASSWORD
from .conftest import log_in

pytestmark = pytest.mark.browser


def test_admin_issues_public_verifies_admin_revokes_public_sees_revoked(
    live_server, page, browser, make_user
):
    admin = make_user(Role.ADMINISTRATOR, email="ada@example.org")
    trainee = make_user(Role.TRAINEE, email="sule@example.org", name="Şule Ødegård")
    make_eligible(trainee, admin, now=datetime.now(UTC))

    log_in(page, live_server, admin.email, PASSWORD)
    page.get_by_role("link", name="Certificates").click()
    page.get_by_role("link", name="Issue a certificate by e-mail").click()
    page.get_by_label("Trainee's e-mail").fill(trainee.email)
    page.get_by_role("button", name="Issue certificate").click()
    expect(page.get_by_role("heading", name="Issue a certificate to Şule Ødegård?")).to_be_visible()
    page.get_by_role("button", name="Issue the certificate").click()
    expect(page.get_by_text("Certificate issued to Şule Ødegård.")).to_be_visible()
    code = page.locator(".cert-code a").inner_text().strip()

    visitor = browser.new_context(locale="en-GB").new_page()
    visitor.goto(live_server + "/verify")
    visitor.get_by_label("Certificate code").fill(code.lower().replace("-", " "))
    visitor.get_by_role("button", name="Check").click()
    expect(visitor.get_by_text("This certificate is valid.")).to_be_visible()
    expect(visitor.get_by_text("Şule Ødegård")).to_be_visible()

    page.locator("#revoke-reason").fill("Licence withdrawn by the regulator")
    page.get_by_role("button", name="Revoke…").click()
    expect(page.get_by_text("Revoking is permanent")).to_be_visible()
    page.get_by_role("button", name="Revoke the certificate").click()
    expect(page.get_by_text("The certificate is now revoked.")).to_be_visible()
    expect(page.locator("#revoke-reason")).to_have_count(0)  # no empty reason box left behind

    visitor.reload()
    expect(
        visitor.get_by_text("This certificate has been revoked and is not valid.")
    ).to_be_visible()
    expect(visitor.locator(".cert-status")).to_have_text(
        re.compile(r"^\s*revoked\s*$", re.IGNORECASE)
    )
    expect(visitor.get_by_text("Revoked on")).to_be_visible()
    visitor.context.close()


def test_holder_shares_the_badge_page_copy_button_and_baked_download(
    live_server, browser, make_user
):
    from tests.factories.certification import certificate

    admin = make_user(Role.ADMINISTRATOR, email="ada2@example.org")
    holder = make_user(Role.TRAINEE, email="ase@example.org", name="Åse Ødegård")
    cert = certificate(holder, admin, now=datetime.now(UTC))

    context = browser.new_context(locale="en-GB")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    visitor = context.new_page()
    visitor.goto(f"{live_server}/badges/{cert.public_code}")
    expect(visitor.get_by_text("This certificate is valid.")).to_be_visible()
    image = visitor.locator("img.badge-image")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    linkedin = visitor.get_by_role("link", name="Add to LinkedIn profile")
    assert linkedin.get_attribute("href").startswith("https://www.linkedin.com/profile/add?")
    visitor.get_by_text("Digital credential (Open Badges 3.0)").click()
    visitor.get_by_role("button", name="Copy the credential").click()
    expect(visitor.get_by_role("button", name="Copied")).to_be_visible()
    assert visitor.evaluate("navigator.clipboard.readText()") == cert.credential_jwt
    with visitor.expect_download() as download:
        visitor.get_by_role("link", name="Download the badge (with the credential inside)").click()
    baked = open(download.value.path(), "rb").read()
    assert cert.credential_jwt.encode() in baked
    context.close()
