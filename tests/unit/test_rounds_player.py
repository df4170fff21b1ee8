"""The live player, driven from code: set weights, choose, record, check reveal, state and log."""

import ipywidgets as w

from balancing.rounds import read_log
from balancing.rounds.player import RoundsPlayer


def play(player, choice, reason, **weights):
    for name, value in weights.items():
        player.weights[name].value = value
    player.choice.value = choice
    player.reason.value = reason
    player.record_button.click()


def test_recording_applies_the_choice_logs_it_and_reveals_it_collapsed(tmp_path):
    path = tmp_path / "team-a.csv"
    player = RoundsPlayer("Team A", path)
    assert player.panels == [] and player.reveals.value == ""
    assert [value for _, value in player.choice.options] == [
        "peacetime_rules",
        "article19_all",
        "close_to_russia",
    ]
    assert player.choice.value is None, "no option is preselected"
    play(player, "close_to_russia", "Kyiv asked for it", kyiv=3.0, moscow=0.5)
    # The state is carried forward: moscow 1 - 2 = -1 (rounds.yaml effects).
    assert player.game.state["moscow"] == -1
    assert "<td style='text-align:right'>-1</td>" in player.state_table.value
    # The reveal comes after recording, in one collapsed panel.
    [reveal] = player.panels
    assert reveal.startswith("<details><summary><b>Round 1: The Straits")
    assert "<details open" not in player.reveals.value
    assert player.reveals.value == reveal
    assert "officially a" in reveal and "hurriyet2022montreux" in reveal
    assert "What Ankara did</b> (the closest option): B. Apply Article 19" in reveal
    # The model under the team's weights (moscow 0.5, kyiv 3, others 1), by hand:
    # peacetime_rules 0.5 - 6 - 1 - 1 = -7.5; article19_all 3 + 1 + 1 + 1 = 6;
    # close_to_russia 6 + 1 - 1 - 1 - 1 = 4. So the model would have chosen B.
    model_part = reveal.split("model's pick under your weights</b>")[1]
    assert model_part.split("</p>")[0].endswith("B. Apply Article 19 to both belligerents")
    # The next round shows only the open options and why the other is closed.
    assert player.game.current.id == "talks"
    assert [value for _, value in player.choice.options] == ["join_isolation", "quiet_channels"]
    assert "Closed to your team: it needs Relations with Moscow ≥ 0 (it is -1)" in (
        player.options_table.value
    )
    assert player.reason.value == "", "the reason box is cleared for the next round"
    log = read_log(path)
    assert list(log["choice"]) == ["close_to_russia"]
    assert log["weight_kyiv"][0] == 3.0 and log["weight_moscow"][0] == 0.5
    assert log["reason"][0] == "Kyiv asked for it"


def test_nothing_is_recorded_without_a_choice_or_a_reason(tmp_path):
    path = tmp_path / "team.csv"
    player = RoundsPlayer("Team B", path)
    player.record_button.click()
    assert "Choose one of the open options first" in player.message.value
    player.choice.value = "article19_all"
    player.record_button.click()
    assert "Write your reason in one line" in player.message.value
    assert player.game.current.id == "straits" and not path.exists()
    assert player.panels == []


def test_a_preset_sets_the_weights_that_are_recorded(tmp_path):
    player = RoundsPlayer("Team C", tmp_path / "c.csv")
    player.preset.value = "westernist"
    assert player.current_weights()["washington"] == 3.0
    assert player.current_weights()["moscow"] == 0.5
    play(player, "article19_all", "With the allies, within the convention")
    assert player.log()["weight_washington"].tolist() == [3.0]


def test_a_game_resumes_from_the_teams_file_and_ends_disabled(tmp_path):
    path = tmp_path / "team-d.csv"
    player = RoundsPlayer("Team D", path, play=["straits", "talks"])
    play(player, "article19_all", "Even-handed")
    again = RoundsPlayer("Team D", path, play=["straits", "talks"])
    assert "Resumed from" in again.message.value
    assert again.game.current.id == "talks"
    assert len(again.panels) == 1
    play(again, "host_talks", "Both sides trust us")
    assert again.game.finished
    assert again.record_button.disabled and again.choice.disabled
    assert "All 2 rounds played" in again.header.value
    assert list(read_log(path)["round"]) == ["straits", "talks"]


def test_every_control_has_a_visible_label(tmp_path):
    player = RoundsPlayer("Team E")
    controls = [player.choice, player.preset, player.reason, *player.weights.values()]
    for control in controls:
        assert control.description.strip(), control
    assert all(isinstance(c, w.BoundedFloatText) for c in player.weights.values())
    assert all((c.min, c.max) == (0.0, 3.0) for c in player.weights.values())
    assert player.record_button.description == "Record our choice"
    assert {s.description for s in player.weights.values()} == {
        "Weight: Relations with Moscow",
        "Weight: Relations with Washington",
        "Weight: Relations with Kyiv",
        "Weight: Relations with Brussels (the EU)",
        "Weight: Economy",
        "Weight: Credibility as a mediator",
    }
