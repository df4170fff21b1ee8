"""The printed round sheets and Control's reveals, rendered by the package."""

from balancing.rounds import load_presets, load_rounds
from balancing.rounds.sheets import (
    actual_path_sheet,
    preset_runs_sheet,
    reveal_sheet,
    round_sheet,
    state_record_sheet,
)

from support.citations import cited_keys

ROUNDS = load_rounds()


def test_every_sheet_is_one_printable_block():
    sheets = [state_record_sheet(ROUNDS), *(round_sheet(r, ROUNDS) for r in ROUNDS)]
    sheets += [reveal_sheet(r, ROUNDS) for r in ROUNDS]
    for sheet in sheets:
        assert sheet.startswith(":::{div} rp-sheet\n") and sheet.endswith("\n:::")
        assert sheet.count(":::") == 2


def test_a_round_sheet_cites_the_brief_and_shows_when_options_are_open_not_their_effects():
    talks = ROUNDS.round("talks")
    sheet = round_sheet(talks, ROUNDS)
    assert "**Round 2 of 8 · 7 March 2022** · team:" in sheet
    assert set(cited_keys(sheet)) == set(talks.sources)
    assert "[hurriyet2022lavrov]" not in sheet
    assert "| A | **Host the foreign ministers, then the delegations.**" in sheet
    assert "| Relations with Moscow ≥ 0; Relations with Kyiv ≥ 0 |" in sheet
    assert "| C | **Keep channels open without hosting.** " in sheet and "| always |" in sheet
    assert "+2" not in sheet, "students' sheets must not show effects"
    assert talks.reveal[:40] not in sheet, "students' sheets must not show the reveal"


def test_an_earlier_choice_is_named_on_the_sheet():
    sheet = round_sheet(ROUNDS.round("grain_end"), ROUNDS)
    assert "Ankara chose “Sign, host the coordination centre and inspect” in round 4" in sheet


def test_the_reveal_sheet_cites_what_happened_and_marks_the_actual_option():
    straits = ROUNDS.round("straits")
    sheet = reveal_sheet(straits, ROUNDS)
    assert set(straits.reveal_sources) <= set(cited_keys(sheet))
    assert "| B | Apply Article 19 to both belligerents (actual) |" in sheet
    assert "Relations with Moscow -2" in sheet
    assert "**Legal note.** Peacetime (Articles 10-18)" in sheet


def test_the_actual_path_sheet_ends_where_the_readme_says():
    sheet = actual_path_sheet(ROUNDS)
    # balancing/rounds/README.md, last row of "Ankara's actual path".
    assert (
        "| 8. Talks in Istanbul again | A: Host the talks as proposed "
        "| 0 | +3 | +2 | +3 | -1 | +3 |" in sheet
    )


def test_the_preset_runs_sheet_is_labelled_and_cites_the_schools():
    sheet = preset_runs_sheet(ROUNDS, load_presets())
    assert "The model's own runs, not students'" in sheet
    assert "myopic" in sheet
    assert {"akturk2015", "onis2009", "kutlay2021", "kirisci2009"} <= set(cited_keys(sheet))
    assert "| round | Ankara did | Equal weights | Westernist | Eurasianist |" in sheet
    assert "| 1. The Straits in the first days of the war | B |" in sheet
