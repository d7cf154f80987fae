"""The worked examples in question_bank/README.md are valid, complete bank and quiz files."""

import re
from pathlib import Path

from ims_training.bank import load_bank

README = Path(__file__).parents[3] / "question_bank" / "README.md"


def test_readme_examples_validate_without_problems(tmp_path: Path) -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
    files = [b for b in blocks if b.startswith(("module:", "quizzes:"))]
    for index, block in enumerate(files):
        (tmp_path / f"example-{index}.yaml").write_text(block, encoding="utf-8")
    result = load_bank([tmp_path])
    assert [str(p) for p in result.errors + result.warnings] == []
    assert {q.type for q in result.questions} == {
        "single_choice",
        "multiple_response",
        "true_false",
        "matching",
        "ordering",
        "numeric",
        "short_text",
    }
    assert {q.id for q in result.quizzes} == {"quiz-foundations", "quiz-final"}
