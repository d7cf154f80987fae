from . import LOGGED_IN, Expect

EXPECTATIONS = {
    # Logged-in visitors are sent on to their dashboard from the entry pages.
    "auth.login": Expect(
        "/login", methods=("GET", "POST"), public=True, overrides={v: 302 for v in LOGGED_IN}
    ),
    "auth.register": Expect(
        "/register", methods=("GET", "POST"), public=True, overrides={v: 302 for v in LOGGED_IN}
    ),
    "auth.logout": Expect("/logout", methods=("POST",), public=True, ok_status=302),
    "auth.change_password": Expect("/account/password", methods=("GET", "POST"), allowed=LOGGED_IN),
    "auth.logout_other_sessions": Expect(
        "/account/sessions/logout-others", methods=("POST",), allowed=LOGGED_IN, ok_status=302
    ),
    "auth.forgot_password": Expect("/password/forgot", methods=("GET", "POST"), public=True),
    "auth.reset_password": Expect(
        "/password/reset/not-a-token", methods=("GET", "POST"), public=True
    ),
}
