"""Administrators: users and their roles."""

from flask import Blueprint

from ...models import Role
from ...security.access import guard_blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
guard_blueprint(bp, Role.ADMINISTRATOR)
