"""Log in, log out, register, change and reset passwords."""

from flask import Blueprint

from ...security.access import guard_blueprint

bp = Blueprint("auth", __name__)
guard_blueprint(bp)  # logged-in users; the entry pages below are @public
