"""Trainees learn here: course modules, lessons, quizzes and their certification checklist."""

from flask import Blueprint

from ...models import Role
from ...security.access import guard_blueprint

bp = Blueprint("learn", __name__, url_prefix="/learn")
# Instructors and administrators may open trainee pages to preview content.
guard_blueprint(bp, Role.TRAINEE, Role.INSTRUCTOR, Role.ADMINISTRATOR)
