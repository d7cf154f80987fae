"""The bank's name for a file that cannot be read at all (see `file_checks.UnreadableFile`)."""

from __future__ import annotations

from ..file_checks import UnreadableFile

# what every bank reader raises and its callers catch, under the name they and the tests know
BankFileError = UnreadableFile

__all__ = ["BankFileError"]
