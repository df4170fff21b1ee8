"""Tests of balancing.selfcheck: the chapters' questions, their format and their markup."""

from __future__ import annotations

import re

import pytest

from balancing import selfcheck

GOOD_CHOICE = {
    "question": "Which?",
    "type": "multiple_choice",
    "answers": [
        {"answer": "A", "correct": True, "feedback": "Correct. Because."},
        {"answer": "B", "correct": False, "feedback": "Not quite. Because."},
    ],
}
GOOD_NUMBER = {
    "question": "How many?",
    "type": "numeric",
    "answers": [
        {"range": [0.2, 0.3], "correct": True, "feedback": "Correct."},
        {"value": 4, "correct": False, "feedback": "Not quite: inverted."},
    ],
    "default": "Not quite.",
}


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    light, dark = sorted((relative_luminance(one), relative_luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_helper_matches_known_ratios():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


# --- the chapters' files ------------------------------------------------------------------


def test_chapters_one_to_eight_have_self_checks():
    assert selfcheck.chapters() == ["01", "02", "03", "04", "05", "06", "07", "08"]


@pytest.mark.parametrize("chapter", selfcheck.chapters())
def test_each_chapter_has_three_to_five_checked_questions(chapter):
    questions = selfcheck.load(chapter)
    assert 3 <= len(questions) <= 5


@pytest.mark.parametrize("chapter", selfcheck.chapters())
def test_feedback_says_right_or_wrong_in_words_not_only_in_colour(chapter):
    for question in selfcheck.load(chapter):
        for answer in question["answers"]:
            if answer.get("type") == "default":
                assert answer["feedback"].startswith("Not quite."), question["question"]
            elif answer["correct"]:
                assert answer["feedback"].startswith("Correct."), question["question"]
            else:
                assert answer["feedback"].startswith("Not quite."), question["question"]


@pytest.mark.parametrize("chapter", selfcheck.chapters())
def test_questions_avoid_dollar_signs_that_jupyterquiz_would_read_as_math(chapter):
    for question in selfcheck.load(chapter):
        texts = [question["question"]] + [a.get("answer", "") for a in question["answers"]]
        texts += [a["feedback"] for a in question["answers"]]
        assert not any("$" in text for text in texts), question["question"]


def test_source_files_are_the_questions_labels_and_styles():
    names = [path.name for path in selfcheck.source_files("03")]
    assert names == ["chapter-03.yaml", "accessible.js", "accessible.css"]
    assert all(path.is_file() for path in selfcheck.source_files("03"))


def test_numeric_answers_come_in_jupyterquiz_format():
    (question,) = selfcheck.check_questions([GOOD_NUMBER], "t.yaml")
    assert question["answers"] == [
        {"correct": True, "type": "range", "range": [0.2, 0.3], "feedback": "Correct."},
        {"correct": False, "type": "value", "value": 4, "feedback": "Not quite: inverted."},
        {"type": "default", "feedback": "Not quite."},
    ]


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"type": "essay"}, r"t\.yaml, question 1: `type` must be one of"),
        ({"question": " "}, r"question 1: `question` must be non-empty text"),
        ({"answers": [GOOD_CHOICE["answers"][0]]}, r"`answers` must list"),
        (
            {"answers": [{**a, "correct": True} for a in GOOD_CHOICE["answers"]]},
            r"exactly one answer must be correct",
        ),
        (
            {"answers": [GOOD_CHOICE["answers"][0], {"answer": "B", "correct": False}]},
            r"question 1, answer 2: `feedback` must be non-empty text",
        ),
        (
            {"answers": [{"answer": "A", "correct": "yes", "feedback": "x"}] * 2},
            r"answer 1: `correct` must be true or false",
        ),
    ],
)
def test_a_bad_choice_question_is_named_with_its_field(change, message):
    with pytest.raises(selfcheck.SelfCheckError, match=message):
        selfcheck.check_questions([GOOD_CHOICE, {**GOOD_CHOICE, **change}][1:], "t.yaml")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"default": ""}, r"question 1: `default` must be non-empty text"),
        (
            {"answers": [{"range": [0.3, 0.2], "correct": True, "feedback": "x"}]},
            r"answer 1: `range` needs low < high",
        ),
        (
            {"answers": [{"value": 1, "range": [0, 2], "correct": True, "feedback": "x"}]},
            r"answer 1: a numeric answer has either `value` or `range`",
        ),
        (
            {"answers": [{"value": "one", "correct": True, "feedback": "x"}]},
            r"answer 1: expected a number, got 'one'",
        ),
        (
            {"answers": [{"value": 1, "correct": False, "feedback": "x"}]},
            r"at least one answer must be correct",
        ),
    ],
)
def test_a_bad_numeric_question_is_named_with_its_field(change, message):
    with pytest.raises(selfcheck.SelfCheckError, match=message):
        selfcheck.check_questions([{**GOOD_NUMBER, **change}], "t.yaml")


def test_a_file_must_hold_a_list_of_questions():
    with pytest.raises(selfcheck.SelfCheckError, match=r"t\.yaml: expected a non-empty list"):
        selfcheck.check_questions({"question": "x"}, "t.yaml")


def test_a_chapter_without_a_file_names_the_ones_that_have_one():
    with pytest.raises(selfcheck.SelfCheckError, match=r"no self-check for chapter 09.*01, 02"):
        selfcheck.load("09")


@pytest.mark.parametrize("chapter", ["2", "chapter-02", 2])
def test_a_chapter_is_named_by_two_digits(chapter):
    with pytest.raises(selfcheck.SelfCheckError, match="two digits"):
        selfcheck.source_path(chapter)


# --- the markup ----------------------------------------------------------------------------


def test_markup_holds_the_questions_jupyterquiz_and_the_labels():
    html, script = selfcheck.markup("08")
    assert html.startswith('<div id="selfCheck08"') and "</div><style>" in html
    assert "#selfCheck08 .MCButton:focus-within" in html  # accessible.css, scoped to this quiz
    assert "What is the squared error of this forecast?" in script  # the questions
    assert "class MCQuestion extends Question" in script  # jupyterquiz's own code
    assert script.rstrip().endswith('selfCheckLabels("selfCheck08");')


def test_page_html_wraps_the_script_for_a_page_without_a_kernel():
    page = selfcheck.page_html("01")
    assert re.search(r'<script type="text/javascript">\n.*selfCheckLabels', page, re.S)
    assert page.rstrip().endswith("</script>")


def quiz_colours(chapter: str) -> tuple[str, str]:
    """The quiz's own background and text colour, from its stylesheet."""
    html, _ = selfcheck.markup(chapter)
    rule = re.search(rf"#selfCheck{chapter} {{\s*background: (#\w+);\s*color: (#\w+);", html)
    return rule[1], rule[2]


def test_colours_give_text_enough_contrast():
    colours = selfcheck.COLOURS
    background, text = quiz_colours("02")
    assert contrast(text, background) >= 4.5
    # The question's dark band, and a choice or number once answered, under light text.
    light = colours["--jq-text-color"]
    for band in ("--jq-multiple-choice-bg", "--jq-numeric-bg"):
        assert contrast(light, colours[band]) >= 4.5
    for answered in ("--jq-correct-color", "--jq-incorrect-color"):
        assert contrast(light, colours[answered]) >= 4.5
    # Feedback (green or red) and the number's label, on the quiz's background.
    for on_quiz in ("--jq-correct-color", "--jq-incorrect-color", "--jq-numeric-input-label"):
        assert contrast(colours[on_quiz], background) >= 4.5
    # The choices' buttons and the number field: dark text on a light fill.
    assert contrast("#333333", colours["--jq-mc-button-bg"]) >= 4.5
    assert contrast("#101010", colours["--jq-numeric-input-bg"]) >= 4.5


def test_focus_and_the_number_field_stand_out_from_the_quiz_background():
    html, _ = selfcheck.markup("02")
    background = quiz_colours("02")[0]
    (outline,) = re.findall(r"outline: 3px solid (#\w+);", html)
    assert contrast(outline, background) >= 3  # WCAG 2.2: focus appearance
    (border,) = re.findall(r"\.Input-text {[^}]*border: 2px solid (#\w+);", html)
    assert contrast(border, background) >= 3  # WCAG 2.1: a field's boundary
