"""The rounds file: in date order, every source resolves, and a bad file is refused by place.

Broken files are made by editing one line of the real ``rounds.yaml`` text, so each
test can find, independently of the loader, the line the message must name.
"""

import datetime as dt
from pathlib import Path

import pytest
import yaml

from balancing.data.bibliography import read_bibliography
from balancing.paths import repo_root
from balancing.rounds import RoundsFileError, load_rounds, rounds_file
from balancing.rounds.citations import keys_in, to_myst, to_plain

TEXT = rounds_file().read_text(encoding="utf-8")
RAW = yaml.safe_load(TEXT)
REPO_BIB = read_bibliography(repo_root() / "references.bib")


def line_of(text: str, needle: str, after: str = "") -> int:
    """1-based line of the first ``needle`` after the first ``after``."""
    start = text.index(after) if after else 0
    return text.count("\n", 0, text.index(needle, start)) + 1


def broken(tmp_path: Path, old: str, new: str, after: str = "") -> Path:
    start = TEXT.index(after) if after else 0
    at = TEXT.index(old, start)
    path = tmp_path / "rounds.yaml"
    path.write_text(TEXT[:at] + new + TEXT[at + len(old) :], encoding="utf-8")
    return path


def test_the_rounds_are_in_strict_date_order_with_unique_ids():
    dates = [r["date"] for r in RAW["rounds"]]
    assert len(dates) >= 6
    assert all(isinstance(d, dt.date) for d in dates)
    assert dates == sorted(dates) and len(set(dates)) == len(dates)
    ids = [r["id"] for r in RAW["rounds"]]
    assert len(set(ids)) == len(ids)
    rounds = load_rounds()
    assert [r.id for r in rounds] == ids
    assert [r.number for r in rounds] == list(range(1, len(ids) + 1))
    assert rounds.round("talks").date == dt.date(2022, 3, 7)


def test_every_brief_and_reveal_source_resolves_in_the_repository_bibliography():
    for item in RAW["rounds"]:
        for text_field, list_field in (("brief", "sources"), ("reveal", "reveal_sources")):
            cited = keys_in(item[text_field])
            assert set(cited) == set(item[list_field]), (item["id"], text_field)
            missing = [key for key in item[list_field] if key not in REPO_BIB]
            assert not missing, f"{item['id']}.{list_field}: {missing} not in references.bib"
        for option in item["options"]:
            assert all(key in REPO_BIB for key in keys_in(option["reason"])), option["id"]
        assert all(key in REPO_BIB for key in keys_in(item.get("legal_note", "")))


def test_markers_become_myst_citations_and_plain_brackets():
    text = "Moscow objected [a2022x, b_2] and later [c3]. A list [1, 2] is not a marker."
    assert keys_in(text) == ["a2022x", "b_2", "c3"]
    assert to_myst(text) == (
        "Moscow objected {cite:p}`a2022x,b_2` and later {cite:p}`c3`. "
        "A list [1, 2] is not a marker."
    )
    assert to_plain("x  [a, b]\n y") == "x [a; b] y"


def test_loading_twice_returns_the_same_checked_object():
    assert load_rounds() is load_rounds()


@pytest.mark.parametrize(
    ("old", "new", "after", "round_id", "field", "needle", "words"),
    [
        # Round 2 dated before round 1.
        (
            "date: 2022-03-07",
            "date: 2022-02-01",
            "",
            "talks",
            "date",
            "date: 2022-02-01",
            "rounds must be in date order",
        ),
        # Two rounds with one id.
        (
            "- id: nordic",
            "- id: talks",
            "",
            "talks",
            "id",
            "- id: talks\n    date: 2022-05-18",
            "used by an earlier round",
        ),
        # An effect on a variable that does not exist.
        (
            "effects: {mediation: 2, moscow: 1}",
            "effects: {mediation: 2, moscw: 1}",
            "",
            "talks",
            "options[0].effects.moscw",
            "effects: {mediation: 2, moscw: 1}",
            "unknown state variable 'moscw'",
        ),
        # A requirement on an unknown variable.
        (
            "requires: {washington: {min: 0}}",
            "requires: {washingtn: {min: 0}}",
            "- id: grain\n",
            "grain",
            "options[1].requires.washingtn",
            "washingtn",
            "unknown state variable",
        ),
        # A requirement on a round that comes later.
        (
            "earlier: {grain: [co_guarantor]}",
            "earlier: {banks: [let_banks_comply]}",
            "- id: grain_end",
            "grain_end",
            "options[0].requires.earlier.banks",
            "earlier: {banks:",
            "not an earlier round",
        ),
        # A requirement on an option that round does not have.
        (
            "earlier: {grain: [co_guarantor]}",
            "earlier: {grain: [co_sponsor]}",
            "- id: grain_end",
            "grain_end",
            "options[0].requires.earlier.grain[0]",
            "earlier: {grain: [co_sponsor]}",
            "'co_sponsor' is not an option of round 'grain'",
        ),
        # `actual` that is not an option.
        (
            "actual: host_talks",
            "actual: host_the_talks",
            "",
            "talks",
            "actual",
            "actual: host_the_talks",
            "is not one of the round's options",
        ),
        # A brief citing a key that is not in the bibliography (a typo).
        (
            "[hurriyet2022lavrov]",
            "[hurriyet2022lavrv]",
            "",
            "talks",
            "brief",
            "brief: >-\n      The war is in its second week",
            "did you mean hurriyet2022lavrov",
        ),
        # A source listed but not cited in the brief.
        (
            "sources: [straitstimes2022grain, brecorder2022abandon, montreux1936]",
            "sources: [straitstimes2022grain, brecorder2022abandon, montreux1936, pierini2022]",
            "",
            "grain",
            "sources",
            "sources: [straitstimes2022grain",
            "listed but not cited ['pierini2022']",
        ),
        # The actual path becomes unplayable: hosting needs more than Moscow's +1.
        (
            "requires: {moscow: {min: 0}, kyiv: {min: 0}}",
            "requires: {moscow: {min: 3}, kyiv: {min: 0}}",
            "",
            "talks",
            "actual",
            "actual: host_talks",
            "closed on the actual path",
        ),
        # A round without an option that is always open.
        (
            "effects: {kyiv: 1, washington: 1, brussels: 1, moscow: -1}",
            "requires: {economy: {min: 2}}\n"
            "        effects: {kyiv: 1, washington: 1, brussels: 1, moscow: -1}",
            "",
            "grain_end",
            "options",
            "- id: persuade_moscow",
            "every option has requirements",
        ),
        # A start value off the scale.
        (
            "start: 2\n",
            "start: 5\n",
            "kyiv:",
            None,
            "state.kyiv.start",
            "start: 5",
            "outside the scale -3..3",
        ),
        # A missing field.
        (
            "    question: What does Ankara do about warships",
            "    questions: What does Ankara do about warships",
            "",
            "straits",
            "(the round)",
            "- id: straits",
            "missing ['question']",
        ),
    ],
    ids=[
        "date-order",
        "duplicate-id",
        "effect-variable",
        "requires-variable",
        "earlier-round",
        "earlier-option",
        "actual",
        "unknown-key",
        "sources-mismatch",
        "actual-path",
        "stall",
        "state-scale",
        "missing-field",
    ],
)
def test_a_bad_file_is_refused_with_line_round_and_field(
    tmp_path, old, new, after, round_id, field, needle, words
):
    path = broken(tmp_path, old, new, after)
    with pytest.raises(RoundsFileError) as caught:
        load_rounds(path)
    error = caught.value
    text = path.read_text(encoding="utf-8")
    assert error.round_id == round_id
    assert error.field == field
    assert error.line == line_of(text, needle, after), str(error)
    assert words in str(error)
    assert str(error).startswith(f"{path}, line {error.line}: ")


def test_invalid_yaml_and_a_missing_file_are_named(tmp_path):
    path = tmp_path / "rounds.yaml"
    path.write_text("scale: {min: -3, max: 3\nstate: x\n", encoding="utf-8")
    with pytest.raises(RoundsFileError, match=r"line \d+: field '\(file\)': not valid YAML"):
        load_rounds(path)
    with pytest.raises(RoundsFileError, match="file not found"):
        load_rounds(tmp_path / "absent.yaml")
