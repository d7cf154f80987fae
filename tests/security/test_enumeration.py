"""Point 4: nothing tells a visitor whether an e-mail has an account (answers or timing)."""

from __future__ import annotations

import time

from ims_training.services.accounts import accounts

from ..conftest import PASSWORD

GOOD = {
    "name": "Kari Nordmann",
    "password": "tre blå fjell over fjorden",
    "confirm": "tre blå fjell over fjorden",
}


def _fastest_seconds(first, second, runs: int = 7) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """The fastest of `runs` timings of each, taken in turns: the fastest run is each path's own
    cost, and taking turns lets a busy machine slow both alike (a median moved with the load)."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for fn, kept in ((first, times[0]), (second, times[1])):
            start = time.perf_counter()
            fn()
            kept.append(time.perf_counter() - start)
    return min(times[0]), min(times[1])


def test_login_for_an_unknown_email_costs_what_a_wrong_password_costs(app, make_user):
    # Production's scrypt cost is higher than the suite's; use a cost where a mismatch would show.
    app.config["PASSWORD_HASH_METHOD"] = "scrypt:16384:8:1"
    user = make_user()
    wrong, unknown = _fastest_seconds(
        lambda: accounts.authenticate(user.email, "wrong password here"),
        lambda: accounts.authenticate("nobody@example.org", "wrong password here"),
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
    new, known = _fastest_seconds(
        lambda: accounts.register(f"n{next(counter)}@example.org", "N", GOOD["password"]),
        lambda: accounts.register("known@example.org", "N", GOOD["password"]),
        5,
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
