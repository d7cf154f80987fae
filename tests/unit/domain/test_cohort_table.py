"""Sorting and filtering the cohort table (no app)."""

from dataclasses import dataclass, field

from ims_training.domain.cohort_table import arrange


@dataclass
class R:
    name: str
    percent: int = 0
    requirements_met: int = 0
    requirements_total: int = 6
    certificate_status: str | None = None
    best_scores: dict[str, float] = field(default_factory=dict)


ROWS = [
    R("Åse", 50, 6, certificate_status="active", best_scores={"final": 90}),
    R("Øystein", 90, 2),
    R("anne", 10, 6, best_scores={"final": 70}),
    R("Zara", 30, 0),
]


def test_names_sort_in_norwegian_order():
    assert [r.name for r in arrange(ROWS)] == ["anne", "Zara", "Øystein", "Åse"]


def test_other_sorts_put_the_strongest_first_and_can_be_reversed():
    assert [r.name for r in arrange(ROWS, sort="final", final_key="final")][:2] == ["Åse", "anne"]
    assert [r.name for r in arrange(ROWS, sort="progress")][0] == "Øystein"
    assert [r.name for r in arrange(ROWS, sort="certificate")][0] == "Åse"
    assert [r.name for r in arrange(ROWS, sort="progress", descending=True)][0] == "anne"


def test_filters_by_state_and_by_name_with_accents_folded():
    assert [r.name for r in arrange(ROWS, show="certified")] == ["Åse"]
    assert [r.name for r in arrange(ROWS, show="requirements_met")] == ["anne", "Åse"]
    assert [r.name for r in arrange(ROWS, query="oy")] == ["Øystein"]
