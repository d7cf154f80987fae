"""Instructors author and review: the question bank, quiz attempts, sign-offs."""

from flask import Blueprint

from ...models import Role
from ...security.access import guard_blueprint

bp = Blueprint("author", __name__, url_prefix="/author")
guard_blueprint(bp, Role.INSTRUCTOR, Role.ADMINISTRATOR)
