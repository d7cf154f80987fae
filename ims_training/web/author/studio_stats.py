"""Item analysis pages: per quiz and per question, inline SVG charts with the same data as tables, CSV."""

from __future__ import annotations

from flask import render_template, request
from flask.typing import ResponseReturnValue

from ...domain.histogram import bar_chart
from ...services.bank import studio_stats
from ...services.csv_export import csv_bytes
from ...services.quizzes.attempts import current_definition
from ..downloads import csv_download
from . import bp
from .quizzes import quiz_or_404


@bp.route("/studio/quizzes/<key>/statistics")
def studio_statistics(key: str) -> ResponseReturnValue:
    quiz = quiz_or_404(key)
    analysis = studio_stats.analyse(quiz)
    return render_template(
        "author/studio/statistics.html",
        quiz=quiz,
        title=current_definition(quiz).get("title"),
        analysis=analysis,
        bars=bar_chart(list(analysis.scores.histogram)),
    )


@bp.route("/studio/quizzes/<key>/statistics.csv")
def studio_statistics_csv(key: str) -> ResponseReturnValue:
    quiz = quiz_or_404(key)
    analysis = studio_stats.analyse(quiz)
    if request.args.get("table") == "scores":
        return csv_download(
            csv_bytes(studio_stats.SCORES_HEADER, studio_stats.score_csv_rows(analysis)),
            f"scores-{quiz.key}.csv",
        )
    return csv_download(
        csv_bytes(studio_stats.CSV_HEADER, studio_stats.csv_rows(analysis)),
        f"item-analysis-{quiz.key}.csv",
    )
