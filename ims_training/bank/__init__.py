"""The question-bank format: schema, safe YAML loading, Moodle readers, validation and export."""

from ..file_checks import Problem
from .problems import BankFileError
from .schema import QUESTION_ADAPTER, Question, Quiz
from .validate import BankLoadResult, canonical_content, content_hash, load_bank

__all__ = [
    "QUESTION_ADAPTER",
    "BankFileError",
    "BankLoadResult",
    "Problem",
    "Question",
    "Quiz",
    "canonical_content",
    "content_hash",
    "load_bank",
]
