"""Landing page, per-role dashboard, language switch and the health check."""

from flask import Blueprint

from ...security.access import guard_blueprint

bp = Blueprint("main", __name__)
guard_blueprint(bp)
