"""`alliance-sim play` driven through stdin, as a student at a terminal would play it."""

import signal
import subprocess
import sys
import time

from typer.testing import CliRunner

from sim.cli import app
from sim.play import PlaySession
from sim.play_flow import has_choice, hold_until_choice

runner = CliRunner()


def test_a_full_game_with_a_wrong_key_ends_with_the_comparison():
    # a wrong key, a full word, a concession, then keys until the end
    keys = ["x", "hold", "c", *["h"] * 5, *["a"] * 80]
    result = runner.invoke(app, ["play", "air_cover", "--as", "beijing", "--seed", "7"],
                           input="\n".join(keys) + "\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "Type h, c or a (or hold, concede, accept); got 'x'" in text
    assert "US troops cross the 38th parallel" in text  # an event shown as it happens
    assert "Worth" in text and "In the zone" in text and "Your demand:" in text
    # issue 10, defect 6: before entry China is not at war; staying out is what it weighs
    assert "China stays out is worth" in text and "per day without a deal" in text
    assert "of war" not in text
    assert "The end" in text
    assert "You: Air defence of Chinese cities after entry on 1950-10-" in text
    assert "Agents alone (1,000 runs)" in text
    assert "History: Air defence of Chinese cities after entry on 1950-10-19." in text


def test_the_played_game_is_the_same_game_as_the_session():
    """The terminal plays exactly the PlaySession: holding to the first choice and accepting."""
    game = PlaySession("armistice_terms", "beijing", 3)
    _, situation = hold_until_choice(game)
    assert situation is not None and has_choice(situation)
    result = runner.invoke(app, ["play", "armistice_terms", "--as", "beijing", "--seed", "3"],
                           input="a\n" * 200)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Withdrawal dropped from the agenda" in result.output


def test_end_of_input_ends_cleanly():
    result = runner.invoke(app, ["play", "pow_repatriation", "--as", "washington"], input="")
    assert result.exit_code == 0
    assert "Game ended before the finish" in result.output
    assert "Traceback" not in result.output


def test_a_seat_that_does_not_lead_a_side_is_refused_with_the_choices():
    result = runner.invoke(app, ["play", "armistice_terms", "--as", "pyongyang"])
    assert result.exit_code == 2
    assert "choose beijing, washington" in result.output


def test_ctrl_c_ends_with_130_and_no_traceback():
    process = subprocess.Popen(
        [sys.executable, "-c", "from sim.cli import app; app()", "play", "air_cover", "--as",
         "beijing"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    seen = ""
    while "Soviet air cover for the Chinese troops:" not in seen and time.monotonic() < deadline:
        seen += process.stdout.read(1)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert "Game ended before the finish" in out
    assert "Traceback" not in err
