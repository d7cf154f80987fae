"""Pages for everyone, no login: certificate verification, the public register, JWKS."""

from flask import Blueprint

from ...security.access import guard_blueprint

bp = Blueprint("public", __name__)
guard_blueprint(bp, allow_anonymous=True)
