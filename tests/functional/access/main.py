from . import LOGGED_IN, Expect

EXPECTATIONS = {
    "main.landing": Expect("/", public=True),
    "main.healthz": Expect("/healthz", public=True),
    "main.dashboard": Expect("/dashboard", allowed=LOGGED_IN),
    "main.set_language": Expect(
        "/language", methods=("POST",), public=True, ok_status=302, data={"lang": "nb"}
    ),
    "static": Expect("/static/css/app.css", public=True),
}
