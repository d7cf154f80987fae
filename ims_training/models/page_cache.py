"""The shared version counter behind the page cache (see ims_training/page_cache/pages.py).

One row, `content`, counts every committed change that is not private to one user: course and
question-bank imports, programs, certificates (the public verification pages show them), partners.
A cached page is keyed by this value and by its viewer's `User.page_version`, so any such write
makes every worker's cached copies unreachable at once.
"""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model

CONTENT = "content"


class PageCacheGeneration(Model):
    __tablename__ = "page_cache_generations"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(default=0)
