"""SQLAlchemy models, one module per aggregate. Import from here: `from ims_training.models import User`."""

from .accounts import PasswordResetToken, Role, User, UserRole, UserSession
from .attempts import Accommodation, Attempt, AttemptAnswer
from .audit import AuditEvent
from .bank import Question, QuestionVersion, Quiz, QuizVersion
from .certification import (
    Certificate,
    CertificateEvent,
    ClinicalCase,
    ContinuingEducation,
    PracticalSignoff,
    ProfessionalLicence,
    Program,
    RegisterListing,
)
from .course import CourseModule, Lesson, LessonProgress, LessonTranslation
from .page_cache import PageCacheGeneration
from .partners import Cohort, CohortMember, Partner, PartnerCoordinator
from .studio import StudioRevision

__all__ = [
    "Accommodation",
    "Attempt",
    "AttemptAnswer",
    "AuditEvent",
    "Certificate",
    "CertificateEvent",
    "ClinicalCase",
    "Cohort",
    "CohortMember",
    "ContinuingEducation",
    "CourseModule",
    "Lesson",
    "LessonProgress",
    "LessonTranslation",
    "PageCacheGeneration",
    "Partner",
    "PartnerCoordinator",
    "PasswordResetToken",
    "PracticalSignoff",
    "ProfessionalLicence",
    "Program",
    "Question",
    "QuestionVersion",
    "Quiz",
    "QuizVersion",
    "RegisterListing",
    "Role",
    "StudioRevision",
    "User",
    "UserRole",
    "UserSession",
]
