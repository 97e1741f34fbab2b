"""`alliance-sim play` driven through stdin, as a student at a terminal would play it."""

import signal
import subprocess
import sys
import time

from typer.testing import CliRunner

from alliance_sim.cli.app import app
from sim.engine.results import to_date
from sim.play.flow import hold_until_change, play_step
from sim.play.session import PlaySession

runner = CliRunner()


def test_a_full_game_with_a_wrong_key_ends_with_the_comparison():
    # a wrong key, a full word, a concession refused (no deal is possible yet), then keys
    keys = ["x", "hold", "c", *["h"] * 5, *["a", "h"] * 80]
    result = runner.invoke(app, ["play", "air_cover", "--as", "beijing", "--seed", "7"],
                           input="\n".join(keys) + "\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "Type h, c, a, o or u (or hold, concede, accept, offer, until); got 'x'" in text
    assert "You cannot concede now: no deal is possible this day." in text
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
    """The terminal plays exactly the PlaySession: accept when possible, else hold until
    something changes (at every prompt `a` is tried first and `u` follows when refused)."""
    game = PlaySession("pow_repatriation", "washington", 3)
    situation = game.situation()
    while situation is not None:
        if situation.issues[0].can_accept:
            _, situation = play_step(game, situation, {"pow_repatriation": "accept"})
        else:
            _, situation = hold_until_change(game, situation)
    table = game.results().table  # one replicate: one row per issue
    row = list(table["issue"]).index("pow_repatriation")
    label = game.scenario.issues["pow_repatriation"].label_of(table["outcome"][row])
    date = to_date(table["agreement_date"][row])
    expected = label if date is None else f"{label} on {date}"
    result = runner.invoke(app, ["play", "pow_repatriation", "--as", "washington", "--seed", "3"],
                           input="a\nu\n" * 40)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"You: {expected}." in " ".join(result.output.split())


def test_the_deadlock_is_narrated_and_u_holds_until_something_changes():
    """Issue 10, defect 7: POW play jumped from December 1951 to April 1953 with "nothing to
    decide" and never said who closed the zone. Now every month of the deadlock is told, with
    the engine's reason in words, and `u` passes it in a few presses, stopping at events."""
    # Seed 2: a world where Stalin comes to hold the deal back; the blame is shared, so in some
    # worlds (seed 3) Beijing holds it back throughout.
    result = runner.invoke(app, ["play", "pow_repatriation", "--as", "washington", "--seed", "2"],
                           input="u\n" * 40)  # fmt: skip
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "nothing to decide (zone closed" not in text
    assert "No deal possible. Communist side: Beijing (Mao) prefers fighting on" in text
    gains = "Moscow (Stalin) prefers fighting on to any terms the UN side accepts: it gains from"
    assert f"Communist side: {gains} a longer war" in text  # from his advice not to hurry
    for month in ("01 Jan 1952", "01 Jul 1952", "01 Jan 1953"):  # each month of it is told
        assert f"{month}: Still no deal possible, for the same reasons. Both sides held." in text
    assert "1953-03-05 Stalin dies" in text  # a hold stops at the event, shown with its date
    assert "The end" in text
    assert text.count("hold until something changes?") <= 12  # a 20-month game, few presses


def test_end_of_input_ends_cleanly():
    result = runner.invoke(app, ["play", "pow_repatriation", "--as", "washington"], input="")
    assert result.exit_code == 0
    assert "Game ended before the finish" in result.output
    assert "Traceback" not in result.output


def test_a_capital_without_a_seat_is_refused_with_the_choices():
    result = runner.invoke(app, ["play", "armistice_terms", "--as", "seoul"])
    assert result.exit_code == 2
    assert "choose beijing, washington, moscow, pyongyang" in result.output


def test_moscow_is_played_by_its_own_moves_to_the_end():
    """Switch the advice on (2), play a month, then hold until something changes to the end."""
    keys = "2\n\n" + "u\n" * 40
    result = runner.invoke(app, ["play", "pow_repatriation", "--as", "moscow"], input=keys)
    assert result.exit_code == 0, result.output
    assert "You are Moscow (Stalin), a member of the Communist side" in result.output
    assert "Advise the last step on the prisoners" in result.output
    assert "(given: it cannot be taken back)" in result.output
    assert "Beijing (Mao) held at" in result.output  # the side's leader bargains, not "you"
    assert "The end" in result.output and "Agents alone" in result.output


def test_ctrl_c_ends_with_130_and_no_traceback():
    process = subprocess.Popen(
        [sys.executable, "-c", "from alliance_sim.cli.app import app; app()", "play", "air_cover", "--as",
         "beijing"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    seen = ""
    while "until something changes?" not in " ".join(seen.split()) and time.monotonic() < deadline:
        seen += process.stdout.read(1)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert "Game ended before the finish" in out
    assert "Traceback" not in err


def test_a_campaign_says_in_one_line_what_can_be_played():
    """Issue 21 item 9: `play war_1950_53 --as beijing` ended in a traceback."""
    result = runner.invoke(app, ["play", "war_1950_53", "--as", "beijing"], input="")
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    message = " ".join(result.output.split())
    assert "war_1950_53 is a campaign, played one episode at a time" in message
    assert "`play air_cover --as beijing|moscow`" in message
    assert "`play talks_1951_53 --as beijing|washington|moscow|pyongyang`" in message


def test_the_seat_is_named_in_any_case():
    """Issue 21 item 9: `--as Beijing` was refused."""
    result = runner.invoke(app, ["play", "air_cover", "--as", "Beijing"], input="")
    assert result.exit_code == 0, result.output
    assert "You speak for Beijing." in result.output
    assert PlaySession("talks_1951_53", " PYONGYANG ").actor == "pyongyang"
