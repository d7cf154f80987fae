"""The real Moodle files: each question imports with its meaning or is reported by name and line."""

from pathlib import Path

from ims_training.bank import load_bank
from ims_training.bank.gift import read_gift
from ims_training.bank.moodle_common import html_to_markdown
from ims_training.bank.moodle_xml import read_moodle_xml

MOODLE = Path(__file__).parents[2] / "fixtures" / "moodle"


def _by_id(path: Path) -> tuple[dict[str, dict], list[str], list[str]]:
    result = load_bank([path], default_module="foundations")
    content = {q.id: q.model_dump(mode="json", exclude_none=True) for q in result.questions}
    return content, [str(p) for p in result.errors], [str(p) for p in result.warnings]


def test_gift_questions_import_or_are_reported() -> None:
    path = MOODLE / "questions.gift.txt"
    questions, errors, warnings = _by_id(path)
    # Moodle's fixture names two questions "2-08 TSL": they are not told apart by a counter
    # (ids would depend on the order of the file); the second is refused with both places named.
    assert errors == [
        f"{path}:2:1: not supported: essay question 'Q8' (not imported)",
        f"{path}:49:1: duplicate question id '2-08-tsl'; also defined at {path}:46",
    ]
    assert set(questions) == {
        "moodle-activities",
        "q2",
        "colours",
        "q5",
        "shortanswer",
        "q1",
        "2-08-tsl",
    }
    activities = questions["moodle-activities"]
    assert activities["stem"]["en"] == "Match the **activity** to the description."
    assert [p["match"]["en"] for p in activities["pairs"]] == [
        "Forum",
        "Choice",
        "Database",
        "Wiki",
    ]
    assert activities["distractors"] == [{"id": "d1", "text": {"en": "Chat"}}]
    assert [(o["text"]["en"], o["correct"]) for o in questions["q2"]["options"]] == [
        ("yellow", True),
        ("red", False),
        ("blue", False),
    ]
    assert questions["colours"]["type"] == "multiple_response"
    assert [o["text"]["en"] for o in questions["colours"]["options"] if o["correct"]] == [
        "yellow",
        "off-beige",
    ]
    assert questions["q5"]["answer"] == {"value": 3.0, "tolerance": 2.0}
    assert questions["shortanswer"]["accepted"] == ["Frog"]
    assert questions["q1"]["answer"] is False
    assert questions["q1"]["explanation"]["en"].startswith("This is, of course")
    assert questions["2-08-tsl"]["answer"] is True
    assert any("'colours': Moodle answer weights" in w for w in warnings)
    assert any("partial-credit answer 'Cat' (50%)" in w for w in warnings)
    assert any("no Norwegian (nb)" in w for w in warnings)


def test_gift_category_that_is_not_a_module_becomes_a_tag() -> None:
    questions, errors, _ = _by_id(MOODLE / "questions_in_category.gift.txt")
    assert errors == []
    assert set(questions) == {"moodle-activities", "greeting", "moodle-user", "moodle-acronym"}
    assert all(q["tags"] == ["Default for New Features"] for q in questions.values())
    assert questions["greeting"]["stem"]["en"].startswith("[Listen to this greeting:](http://")
    assert questions["moodle-user"]["accepted"] == ["Moodler"]
    assert questions["moodle-acronym"]["answer"] is True


def test_gift_category_naming_a_module_sets_the_module() -> None:
    text = "$CATEGORY: $course$/IMS/Safety\n\n::Sterile::Needles are single use.{T}\n"
    result = read_gift(text, "x.gift")
    assert result.items[0].data["module"] == "safety" and result.items[0].data["tags"] == []


def test_gift_without_any_module_is_reported() -> None:
    result = read_gift("::Q::Is it?{T}\n", "x.gift")
    assert "no module" in str(result.problems[0]) and not result.items


def test_gift_range_and_description_and_wildcard() -> None:
    text = "::R::Pick 1 to 5{#1..5}\n\n::D::Just text\n\n::W::Any?{=*}\n"
    result = read_gift(text, "x.gift", "clinical")
    assert result.items[0].data["answer"] == {"min": 1.0, "max": 5.0}
    messages = [str(p) for p in result.problems]
    assert "x.gift:3:1: not supported: description question 'D' (not imported)" in messages
    assert any("x.gift:5:1: not supported: wildcard answer" in m for m in messages)


def test_moodle_xml_nested_categories_and_essay() -> None:
    path = MOODLE / "nested_categories_with_questions.xml"
    questions, errors, _ = _by_id(path)
    assert errors == [
        f"{path}:55:1: not supported: essay question 'Kappa Essay Question' (not imported)"
    ]
    assert {k: (q["tags"], q["answer"]) for k, q in questions.items()} == {
        "iota-question": (["Iota"], True),
        "kappa-question": (["Kappa"], True),
        "lambda-question": (["Lambda"], True),
        "mu-question": (["Mu"], True),
    }
    assert questions["iota-question"]["stem"]["en"] == "Testing Iota Question"


def test_moodle_xml_category_export() -> None:
    questions, errors, _ = _by_id(MOODLE / "export_category.xml")
    assert errors == [] and questions["alpha-question"]["tags"] == ["Alpha"]


def test_moodle_xml_refuses_entities() -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE q [<!ENTITY a "aaaa">]><quiz>&a;</quiz>'
    try:
        read_moodle_xml(bomb, "bomb.xml")
    except Exception as exc:  # noqa: BLE001 - BankFileError expected
        assert "unsafe XML" in str(exc) or "XML error" in str(exc)
    else:
        raise AssertionError("entity declaration accepted")


def test_html_is_sanitised_to_markdown_safe_text() -> None:
    text = html_to_markdown("<p>Use <b>2*3</b> <script>alert(1)</script><img src=x onerror=y></p>")
    assert text == "Use **2\\*3**"
