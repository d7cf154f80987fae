"""Two people's requests, one after the other, each served as their own (issue 16, point 3: the
test client gives every request an app context of its own, as a WSGI server does, so nothing a
request leaves in `g` reaches the next one here either)."""

from __future__ import annotations

from ims_training.services.accounts import accounts

from ..conftest import AuthActions


def test_two_people_served_in_turn_each_see_their_own_dashboard_in_their_own_language(
    app, make_user
):
    nora, emma = make_user(name="Nora Norsk"), make_user(name="Emma English")
    accounts.set_locale(nora, "nb")
    accounts.set_locale(emma, "en")
    noras, emmas = app.test_client(), app.test_client()
    AuthActions(noras).login(nora)
    AuthActions(emmas).login(emma)
    for _ in range(2):
        page = noras.get("/dashboard").get_data(as_text=True)
        assert 'lang="nb"' in page and "Nora Norsk" in page and "Emma English" not in page
        page = emmas.get("/dashboard").get_data(as_text=True)
        assert 'lang="en"' in page and "Emma English" in page and "Nora Norsk" not in page
