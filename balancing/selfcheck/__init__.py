"""Self-checks: three to five questions per chapter, answered on the page with feedback.

Each chapter's questions, with their answers and feedback, live in
``balancing/selfcheck/chapter-NN.yaml`` (never in the prose). They are drawn by
jupyterquiz's JavaScript, which this module writes into the page together with
the questions, so they work on the book's static page with no kernel and no
network, and in a live notebook:

* a notebook calls :func:`show` in a cell tagged ``remove-input``;
* a MyST Markdown page (chapter 1) uses the book's ``{self-check}`` directive
  (``_ext/chapter_pages.py``), which writes the same markup with :func:`page_html`.

A question file is a YAML list. Each question has ``question`` (Markdown: links,
``$...$`` math), ``type`` and ``answers``:

``multiple_choice``
    Two or more answers, exactly one with ``correct: true``; each answer has
    ``answer`` and ``feedback`` (why it is right or wrong).
``numeric``
    Answers with either ``value`` (a number) or ``range`` (``[low, high]``,
    low included, high excluded), ``correct`` and ``feedback``; at least one
    is correct. ``default`` is the feedback for any other number.

Besides the questions, the page gets a few labels and styles that jupyterquiz
leaves out (``accessible.js``, ``accessible.css``): each group of choices is named
by its question, a number field by its question and a "press Enter" hint,
feedback is announced to screen readers, keyboard focus is visible, and the quiz
has its own light background, so that its colours keep their contrast in the
book's dark theme too.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

QUESTION_TYPES = ("multiple_choice", "numeric")
#: jupyterquiz's colour variables, chosen for contrast (WCAG AA): light text on the
#: question's dark band and on an answered choice; dark text, and the feedback's green
#: and red, on the quiz's white background (``accessible.css``).
COLOURS = {
    "--jq-multiple-choice-bg": "#392061",
    "--jq-mc-button-bg": "#fafafa",
    "--jq-mc-button-border": "#6b6b6b",
    "--jq-mc-button-inset-shadow": "#555555",
    "--jq-many-choice-bg": "#392061",
    "--jq-numeric-bg": "#392061",
    "--jq-numeric-input-bg": "#fafafa",
    "--jq-numeric-input-label": "#101010",
    "--jq-numeric-input-shadow": "#999999",
    "--jq-string-bg": "#392061",
    "--jq-incorrect-color": "#a4161a",
    "--jq-correct-color": "#146c2e",
    "--jq-text-color": "#fafafa",
    "--jq-link-color": "#c9dcff",
}
_CHAPTER = re.compile(r"^\d{2}$")


class SelfCheckError(ValueError):
    """A self-check file is missing or malformed; the message names the file and the field."""


def _package_file(name: str) -> Path:
    return Path(str(resources.files("balancing.selfcheck").joinpath(name)))


def source_path(chapter: str) -> Path:
    """Return the question file of a chapter.

    Parameters
    ----------
    chapter : str
        The chapter's two-digit number, e.g. ``"02"``.

    Returns
    -------
    Path
        ``balancing/selfcheck/chapter-NN.yaml`` (which may not exist).

    Raises
    ------
    SelfCheckError
        If ``chapter`` is not two digits.
    """
    if not isinstance(chapter, str) or not _CHAPTER.match(chapter):
        raise SelfCheckError(f"a chapter is named by two digits, e.g. '02'; got {chapter!r}")
    return _package_file(f"chapter-{chapter}.yaml")


def source_files(chapter: str) -> list[Path]:
    """Return every file a chapter's self-check is made from: its questions, labels and styles.

    Parameters
    ----------
    chapter : str
        The chapter's two-digit number, e.g. ``"02"``.

    Returns
    -------
    list of Path
        The question file, ``accessible.js`` and ``accessible.css``.
    """
    return [source_path(chapter), _package_file("accessible.js"), _package_file("accessible.css")]


def chapters() -> list[str]:
    """Return the two-digit numbers of the chapters that have a question file."""
    folder = _package_file("")
    return sorted(p.stem.removeprefix("chapter-") for p in folder.glob("chapter-??.yaml"))


def load(chapter: str) -> list[dict[str, Any]]:
    """Read and check a chapter's questions, in jupyterquiz's format.

    Parameters
    ----------
    chapter : str
        The chapter's two-digit number, e.g. ``"02"``.

    Returns
    -------
    list of dict
        The questions as jupyterquiz draws them (numeric answers get their
        ``type``; ``default`` becomes jupyterquiz's default answer).

    Raises
    ------
    SelfCheckError
        If the file is missing, is not YAML, or a question breaks the format
        described in the module's docstring.
    """
    path = source_path(chapter)
    if not path.is_file():
        raise SelfCheckError(
            f"no self-check for chapter {chapter}: expected {path} "
            f"(chapters with one: {', '.join(chapters()) or 'none'})"
        )
    try:
        questions = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise SelfCheckError(f"{path.name} is not valid YAML: {error}") from error
    return check_questions(questions, path.name)


def _text(item: dict[str, Any], key: str, where: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        raise SelfCheckError(f"{where}: `{key}` must be non-empty text, got {value!r}")
    return value.strip()


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SelfCheckError(f"{where}: expected a number, got {value!r}")
    return value


def _correct(answer: dict[str, Any], where: str) -> bool:
    if not isinstance(answer.get("correct"), bool):
        raise SelfCheckError(f"{where}: `correct` must be true or false")
    return answer["correct"]


def _choice(answer: Any, where: str) -> dict[str, Any]:
    if not isinstance(answer, dict):
        raise SelfCheckError(f"{where}: an answer is a mapping, got {answer!r}")
    return {
        "answer": _text(answer, "answer", where),
        "correct": _correct(answer, where),
        "feedback": _text(answer, "feedback", where),
    }


def _numeric_answer(answer: Any, where: str) -> dict[str, Any]:
    if not isinstance(answer, dict) or ("value" in answer) == ("range" in answer):
        raise SelfCheckError(f"{where}: a numeric answer has either `value` or `range`")
    checked: dict[str, Any] = {"correct": _correct(answer, where)}
    if "value" in answer:
        checked |= {"type": "value", "value": _number(answer["value"], where)}
    else:
        bounds = answer["range"]
        if not isinstance(bounds, list) or len(bounds) != 2:
            raise SelfCheckError(f"{where}: `range` is [low, high], got {bounds!r}")
        low, high = (_number(bound, where) for bound in bounds)
        if not low < high:
            raise SelfCheckError(f"{where}: `range` needs low < high, got {bounds!r}")
        checked |= {"type": "range", "range": [low, high]}
    return checked | {"feedback": _text(answer, "feedback", where)}


def check_questions(questions: Any, source: str) -> list[dict[str, Any]]:
    """Check questions in the file format and return them in jupyterquiz's format.

    Parameters
    ----------
    questions : Any
        The parsed YAML: a list of questions.
    source : str
        The file's name, for messages.

    Returns
    -------
    list of dict
        The questions as jupyterquiz draws them.

    Raises
    ------
    SelfCheckError
        If a question breaks the format (the message names the file, the
        question's number and the field).
    """
    if not isinstance(questions, list) or not questions:
        raise SelfCheckError(f"{source}: expected a non-empty list of questions")
    checked = []
    for number, question in enumerate(questions, start=1):
        where = f"{source}, question {number}"
        if not isinstance(question, dict):
            raise SelfCheckError(f"{where}: a question is a mapping, got {question!r}")
        kind = question.get("type")
        if kind not in QUESTION_TYPES:
            raise SelfCheckError(f"{where}: `type` must be one of {QUESTION_TYPES}, got {kind!r}")
        answers = question.get("answers")
        if not isinstance(answers, list) or len(answers) < (2 if kind == "multiple_choice" else 1):
            raise SelfCheckError(f"{where}: `answers` must list the possible answers")
        item: dict[str, Any] = {"question": _text(question, "question", where), "type": kind}
        if kind == "multiple_choice":
            item["answers"] = [_choice(a, f"{where}, answer {i}") for i, a in enumerate(answers, 1)]
            if sum(a["correct"] for a in item["answers"]) != 1:
                raise SelfCheckError(f"{where}: exactly one answer must be correct")
        else:
            item["answers"] = [
                _numeric_answer(a, f"{where}, answer {i}") for i, a in enumerate(answers, 1)
            ]
            if not any(a["correct"] for a in item["answers"]):
                raise SelfCheckError(f"{where}: at least one answer must be correct")
            default = _text(question, "default", where)
            item["answers"].append({"type": "default", "feedback": default})
        checked.append(item)
    return checked


def markup(chapter: str) -> tuple[str, str]:
    """Return the HTML and the JavaScript that draw a chapter's self-check.

    Parameters
    ----------
    chapter : str
        The chapter's two-digit number, e.g. ``"02"``.

    Returns
    -------
    tuple of str
        The container with its styles (HTML), and the script: jupyterquiz's code
        with the questions, then the labels of ``accessible.js``.
    """
    from jupyterquiz.dynamic.loader import load_questions_script
    from jupyterquiz.dynamic.renderer import build_script, build_styles, render_div

    questions = load(chapter)
    div_id = f"selfCheck{chapter}"  # also a JavaScript name in jupyterquiz's script
    container = render_div(
        div_id,
        shuffle_questions=False,
        shuffle_answers=False,
        preserve_responses=False,
        num=len(questions),
        max_width=700,
        border_radius=10,
        question_alignment="left",
    )
    accessible_css = _package_file("accessible.css").read_text(encoding="utf-8")
    styles = build_styles(div_id, COLOURS).replace(
        "</style>", accessible_css.replace("#CONTAINER", f"#{div_id}") + "</style>"
    )
    prefix, _, _ = load_questions_script(questions, div_id)
    script = build_script(prefix, True, "", div_id, True)
    accessible_js = _package_file("accessible.js").read_text(encoding="utf-8")
    labels = f"{accessible_js}selfCheckLabels({json.dumps(div_id)});\n"
    return f"{container}</div>{styles}", f"{script}\n{labels}"


def page_html(chapter: str) -> str:
    """Return a chapter's self-check as one piece of HTML, for a page without a kernel."""
    html, script = markup(chapter)
    return f'{html}\n<script type="text/javascript">\n{script}</script>\n'


def show(chapter: str) -> None:
    """Display a chapter's self-check in a notebook (the book shows the same output)."""
    from IPython.display import HTML, Javascript, display

    html, script = markup(chapter)
    display(HTML(html))
    display(Javascript(script))
