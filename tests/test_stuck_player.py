"""The watch on a player that stops taking sound (a hung sound server; the real one is
frozen in test_sound_server_hangs.py): here a real process that reads nothing is the
player, and one that reads everything is a working one."""

from __future__ import annotations

import subprocess
import time

from assistant.voice.stuck_player import StuckPlayer

RATE = 100_000  # bytes handed over stand for little sound, so the tests are short


def test_a_player_that_takes_nothing_is_ended() -> None:
    player = subprocess.Popen(["sleep", "60"], stdin=subprocess.PIPE)
    assert player.stdin is not None
    watch = StuckPlayer(player, RATE, after=1.0)
    started = time.monotonic()
    try:
        piece = bytes(1 << 20)  # far more than a pipe holds: the write blocks
        watch.given(len(piece))
        try:
            player.stdin.write(piece)
            player.stdin.flush()
        except BrokenPipeError:
            pass  # what BackTalk's writer meets once the player is ended
        player.wait(30)
    finally:
        watch.close()
        if player.poll() is None:
            player.kill()
            player.wait()
    assert watch.stuck
    # Not before the sound given should have been played, plus the second allowed.
    assert time.monotonic() - started >= len(piece) / (2 * RATE) + 1.0


def test_a_player_is_not_ended_while_the_next_sentence_is_made() -> None:
    player = subprocess.Popen(["cat"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    assert player.stdin is not None
    watch = StuckPlayer(player, RATE, after=0.5)
    try:
        watch.given(1000)
        player.stdin.write(bytes(1000))
        player.stdin.flush()
        watch.making()
        time.sleep(2.0)  # a slow machine making a long sentence
        assert player.poll() is None and not watch.stuck
        watch.given(1000)
        player.stdin.write(bytes(1000))
        player.stdin.close()
        assert player.wait(30) == 0
    finally:
        watch.close()
        if player.poll() is None:
            player.kill()
            player.wait()
    assert not watch.stuck
