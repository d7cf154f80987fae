"""Point 4: nothing tells a visitor whether an e-mail has an account (answers or timing)."""

from __future__ import annotations

import statistics
import time

from ims_training.services.accounts import accounts

from ..conftest import PASSWORD

GOOD = {
    "name": "Kari Nordmann",
    "password": "tre blå fjell over fjorden",
    "confirm": "tre blå fjell over fjorden",
}


def _median_seconds(fn, runs: int = 7) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def test_login_for_an_unknown_email_costs_what_a_wrong_password_costs(app, make_user):
    # Production's scrypt cost is higher than the suite's; use a cost where a mismatch would show.
    app.config["PASSWORD_HASH_METHOD"] = "scrypt:16384:8:1"
    user = make_user()
    wrong = _median_seconds(lambda: accounts.authenticate(user.email, "wrong password here"))
    unknown = _median_seconds(
        lambda: accounts.authenticate("nobody@example.org", "wrong password here")
    )
    assert accounts.authenticate(user.email, PASSWORD) is not None
    assert max(wrong, unknown) / min(wrong, unknown) < 3, (wrong, unknown)


def test_registration_answers_the_same_for_a_known_and_a_new_email(app, client, make_user):
    make_user(email="known@example.org")
    known = client.post(
        "/register", data=GOOD | {"email": "known@example.org"}, follow_redirects=True
    )
    new = client.post(
        "/register", data=GOOD | {"email": "newbie@example.org"}, follow_redirects=True
    )
    assert known.status_code == new.status_code == 200
    assert known.get_data(as_text=True).replace("known@", "X@") == new.get_data(
        as_text=True
    ).replace("newbie@", "X@")
    told = {m.to: m.body for m in app.extensions["mailer"].sent}
    assert (
        "already has one" in told["known@example.org"]
        and "account is ready" in told["newbie@example.org"]
    )
    assert (
        accounts.authenticate("known@example.org", PASSWORD) is not None
    )  # the owner's account is untouched


def test_registration_timing_does_not_tell_known_from_new_emails(app, client, make_user):
    app.config["PASSWORD_HASH_METHOD"] = "scrypt:16384:8:1"
    make_user(email="known@example.org")
    counter = iter(range(100))
    new = _median_seconds(
        lambda: accounts.register(f"n{next(counter)}@example.org", "N", GOOD["password"]), 5
    )
    known = _median_seconds(
        lambda: accounts.register("known@example.org", "N", GOOD["password"]), 5
    )
    assert max(new, known) / min(new, known) < 3, (new, known)


def test_password_reset_answers_the_same_for_a_known_and_an_unknown_email(app, client, make_user):
    make_user(email="known@example.org")
    known = client.post(
        "/password/forgot", data={"email": "known@example.org"}, follow_redirects=True
    )
    unknown = client.post(
        "/password/forgot", data={"email": "unknown@example.org"}, follow_redirects=True
    )
    assert known.status_code == unknown.status_code == 200
    assert known.get_data(as_text=True) == unknown.get_data(as_text=True)
    assert [m.to for m in app.extensions["mailer"].sent] == ["known@example.org"]
