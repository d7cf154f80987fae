"""Point 5: `next` only ever leads to a path on this site; anything else goes to the dashboard."""

from __future__ import annotations

import pytest

from ims_training.extensions import limiter

from ..conftest import PASSWORD

# As an attacker writes them into a link (the query string is decoded by the server).
PAYLOADS = [
    "//evil.example",
    "/%09/evil.example",
    "/%2F/evil.example",
    "%2F%2Fevil.example",
    "\\\\evil.example",
    "/\\evil.example",
    "%5C%5Cevil.example",
    "https:evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "/%0d%0aSet-Cookie:%20a=b",
    "/%0aevil",
    "/%00",
    " //evil.example",
    "/" + "a" * 600,
    "",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_login_next_payloads_fall_back_to_the_dashboard(client, make_user, payload):
    user = make_user()
    response = client.post(
        f"/login?next={payload}", data={"email": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"
    limiter.reset()


def test_login_keeps_a_path_on_this_site_with_its_query(client, make_user):
    user = make_user()
    response = client.post(
        "/login?next=/learn/course%3Fa%3D1", data={"email": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/learn/course?a=1"


@pytest.mark.parametrize(
    "payload", ["//evil.example", "/\t/evil.example", "/\r\nX: y", "https:evil.example", "/\\evil"]
)
def test_language_switch_next_payloads_fall_back_to_the_landing_page(client, payload):
    response = client.post("/language", data={"lang": "nb", "next": payload})
    assert response.status_code == 302 and response.headers["Location"] == "/"
