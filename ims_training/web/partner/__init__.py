"""Training partners' coordinators follow their own cohorts."""

from flask import Blueprint

from ...models import Role
from ...security.access import guard_blueprint

bp = Blueprint("partner", __name__, url_prefix="/partner")
guard_blueprint(bp, Role.COORDINATOR)
