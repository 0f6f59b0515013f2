"""Noise: answers the recognizer cannot make out, again and again.

With a television or other voices in the room every answer may be rejected. The person
is told it is noisy (they can do something about it), and after a bounded number of such
turns the questions stop with the safety advice instead of going round and round.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assistant.asr.base import Heard
from assistant.dialog.conversation import (
    CROWDED_AGAIN,
    CROWDED_TURNS,
    NOISE_LIMIT,
    NOISY_TURNS,
    Conversation,
)
from assistant.dialog.model import Dialog
from assistant.dialog.moves import NOISE_WINDOW

NOISE = Path(__file__).resolve().parents[2] / "shared" / "data" / "speech" / "commands" / "_noise_"


def started(dialog: Dialog) -> Conversation:
    conversation = Conversation(dialog)
    conversation.start()
    return conversation


def test_noise_is_named_after_two_answers_not_made_out(dialog: Dialog) -> None:
    conversation = started(dialog)
    noisy = dialog.language.say["noisy"]
    said = [conversation.hear("", unclear=True).says for _ in range(NOISY_TURNS + 3)]
    assert [noisy in says for says in said] == [False, True, False, False, True]
    assert not conversation.done


def test_answers_made_out_only_among_other_voices_say_why_they_are_checked(
        dialog: Dialog) -> None:
    # Among other voices every "no" to an alarm sign is checked ("Is that right?"), and a
    # screening takes twice as long: the person is told why, and what would help.
    voices = dialog.language.say["other_voices"]
    conversation = started(dialog)
    said = [conversation.hear(word, 0.6, among_voices=True).says
            for word in ("no", "yes", "no", "yes", "no")]
    assert [voices in says for says in said] == [False, False, True, False, False]
    assert said[2][1:] and voices == said[2][0]  # first, then the question as usual
    # Said again only after ten more such answers.
    conversation = started(dialog)
    flags = [voices in conversation.hear("no" if turn % 2 == 0 else "yes", 0.6,
                                         among_voices=True).says
             for turn in range(CROWDED_TURNS + CROWDED_AGAIN)]
    assert not conversation.done
    assert [t for t, flag in enumerate(flags) if flag] == [
        CROWDED_TURNS - 1, CROWDED_TURNS + CROWDED_AGAIN - 1]


def test_an_answer_heard_whole_or_typed_starts_the_count_again(dialog: Dialog) -> None:
    voices = dialog.language.say["other_voices"]
    conversation = started(dialog)
    turns = [("no", True), ("yes", True), ("no", False), ("yes", True), ("no", True)]
    said = [conversation.hear(word, 0.6, among_voices=crowded).says for word, crowded in turns]
    assert not any(voices in says for says in said)
    assert all(voices not in conversation.hear(word).says for word in ("no", "yes", "no"))


def test_the_questions_stop_with_the_safety_advice_after_the_limit(dialog: Dialog) -> None:
    conversation = started(dialog)
    for _ in range(NOISE_LIMIT - 1):
        conversation.hear("", unclear=True)
        assert not conversation.done
    reply = conversation.hear("", unclear=True)
    assert conversation.done and conversation.state == "stopped"
    assert reply.says[0] == dialog.language.say["too_noisy"]
    text = " ".join(reply.says)
    for advice in dialog.safety:
        assert dialog.advice[advice].say.replace("{emergency_number}", "112") in text
    # Signs that could not be made out are unknown: never "look after it at home".
    assert conversation.outcome is not None and conversation.outcome.level != "self_care"


def test_noise_mixed_with_silence_still_stops(dialog: Dialog) -> None:
    # Noise is sometimes found to be speech and sometimes not: both are no answer, so the
    # count goes on across them rather than starting again at each silence.
    conversation = started(dialog)
    replies = [conversation.hear("", unclear=turn % 2 == 0) for turn in range(NOISE_LIMIT)]
    assert conversation.done and conversation.state == "stopped"
    assert replies[-1].says[0] == dialog.language.say["too_noisy"]


def test_an_answer_made_out_now_and_then_does_not_keep_the_questions_going(
        dialog: Dialog) -> None:
    # Other voices in the room: now and then one of them is heard as an answer, between
    # runs of answers not made out (a held-out spoken screening in babble: "no", then
    # three not made out, "yes", four, ...). A count of turns in a row never got there.
    conversation = started(dialog)
    replies = []
    for turn in range(2 * NOISE_WINDOW):
        replies.append(conversation.hear("no" if turn % 4 == 0 else "", unclear=turn % 4 != 0))
        if conversation.done:
            break
    assert conversation.state == "stopped"
    assert replies[-1].says[0] == dialog.language.say["too_noisy"]


def test_a_person_made_out_half_the_time_is_not_stopped_as_noise(dialog: Dialog) -> None:
    conversation = started(dialog)
    for turn in range(3 * NOISE_WINDOW):
        reply = conversation.hear("no" if turn % 2 else "", unclear=not turn % 2)
        assert dialog.language.say["too_noisy"] not in reply.says
        if conversation.done:
            break
    assert conversation.state != "stopped"


@pytest.mark.parametrize(("heard", "unclear"), [
    (Heard("", 0.0, {"speech_seconds": 0.8, "rejected": True}), True),
    # Speech in which the recognizer found no words at all is not silence either.
    (Heard("", 0.0, {"speech_seconds": 0.8, "rejected": False}), True),
    (Heard("", 0.0, {"speech_seconds": 0.0, "endpoint": "no_speech"}), False),
    (Heard(""), False),  # typed: an empty line
    (Heard("no", 0.9, {"speech_seconds": 0.5, "rejected": False}), False),
])
def test_what_counts_as_speech_not_made_out(heard: Heard, unclear: bool) -> None:
    assert heard.unclear is unclear


@pytest.mark.parametrize(("heard", "among"), [
    (Heard("no", 0.6, {"speech_seconds": 6.0, "nearest_voice": 0.5}), True),
    # The nearest voice tried, but nothing made out there either: other voices all the same.
    (Heard("", 0.0, {"speech_seconds": 6.0, "nearest_voice": 0.5, "rejected": True}), True),
    # Nothing stood out to try: one voice, or noise that is no voice.
    (Heard("", 0.0, {"speech_seconds": 6.0, "rejected": True}), False),
    (Heard("no", 0.95, {"speech_seconds": 0.5}), False),  # made out whole
    (Heard("no"), False),  # typed
])
def test_what_counts_as_made_out_among_other_voices(heard: Heard, among: bool) -> None:
    assert heard.among_voices is among


def test_a_group_lost_among_other_voices_is_asked_once_more_whole(dialog: Dialog) -> None:
    # Among other voices, a group's answer not made out is lost to the voices, not to its
    # words: asked sign by sign, each "no" (made out at 0.6 there) is confirmed, two answers
    # a sign; the group once more takes two in all when its "no" is made out.
    conversation = started(dialog)
    group = conversation.question
    assert group is not None and group.members
    again = conversation.hear("", unclear=True, among_voices=True)
    assert conversation.state == group.id and not conversation.findings
    assert again.says[0] == dialog.language.say["over_voices"] and group.ask in again.says
    # Once only: lost again, its signs are asked one by one, as in a quiet room at once.
    split = conversation.hear("", unclear=True, among_voices=True)
    assert dialog.language.say["one_at_a_time"] in split.says
    assert conversation.state in group.members
    quiet = started(dialog)
    assert dialog.language.say["one_at_a_time"] in quiet.hear("", unclear=True).says
    assert quiet.state in group.members


def test_voices_heard_round_the_last_answers_count_for_a_group_lost_now(
        dialog: Dialog) -> None:
    # Other voices do not always stand out round an answer lost among them: heard round
    # one of the last answers, they are taken to be there still.
    conversation = started(dialog)
    first = conversation.question
    assert first is not None
    conversation.hear("no", 0.6, among_voices=True)
    conversation.hear("yes", 0.6, among_voices=True)  # "Is that right?": yes
    group = conversation.question
    assert group is not None and group.members and group.id != first.id
    again = conversation.hear("", unclear=True)
    assert again.says[0] == dialog.language.say["over_voices"]
    assert conversation.state == group.id
    # Typed answers (no voices) since: the old voices no longer count.
    conversation = started(dialog)
    conversation.hear("no", 0.6, among_voices=True)
    for word in ("yes", "no", "no"):  # "Is that right?", then two groups
        conversation.hear(word)
    group = conversation.question
    assert group is not None and group.members
    assert dialog.language.say["one_at_a_time"] in conversation.hear("", unclear=True).says


def test_a_group_asked_again_among_voices_still_takes_nothing_unsure_as_no(
        dialog: Dialog) -> None:
    conversation = started(dialog)
    group = conversation.question
    assert group is not None
    conversation.hear("", unclear=True, among_voices=True)
    confirm = conversation.hear("no", 0.6, among_voices=True)
    assert conversation.pending is not None and "right?" in confirm.text
    assert not conversation.findings
    conversation.hear("yes", 0.6, among_voices=True)
    assert all(conversation.findings.get(m) == "no" for m in group.members)
    # "I don't know" among voices is the person's own answer: sign by sign, as always.
    other = started(dialog)
    other.hear("I don't know", 0.9, among_voices=True)
    assert other.state in group.members


def test_silence_is_not_noise(dialog: Dialog) -> None:
    # Silence has its own rule (two questions with nothing heard stop the questions); it is
    # never called noise.
    conversation = started(dialog)
    replies = [conversation.hear("") for _ in range(4)]
    assert all(dialog.language.say["noisy"] not in r.says for r in replies)


OTHER_VOICES = ("bed", "bird", "cat", "dog", "house", "marvin", "sheila", "tree", "wow", "happy")
"""Words no question accepts, from many speakers: other voices in the room."""


def voice_run(tmp_path: Path, run_cli: Any, clips: list[Path]) -> str:
    answers = tmp_path / "answers"
    answers.mkdir()
    for number, clip in enumerate(clips):
        (answers / f"{number:03d}.wav").write_bytes(clip.read_bytes())
    done = run_cli("--data-dir", str(tmp_path / "data"), "--asr", "pocketsphinx",
                   "--input-wav-dir", str(answers), "--speak-to", str(tmp_path / "said"),
                   timeout=600)
    assert done.returncode == 0, done.stderr
    return " ".join(done.stdout.split())


@pytest.mark.skipif(not NOISE.is_dir(), reason="needs ../shared/data/speech")
def test_other_voices_through_the_voice_loop_stop_with_the_safety_advice(
        dialog: Dialog, tmp_path: Path, run_cli: Any) -> None:
    """Real recordings of other words as every answer, rejected by pocketsphinx through the
    real loop: named as noise, then the questions stop, well before the clips run out."""
    clips = [c for word in OTHER_VOICES for c in sorted((NOISE.parent / word).glob("*.wav"))[:4]]
    out = voice_run(tmp_path, run_cli, clips)
    say = dialog.language.say
    assert " ".join(say["noisy"].split()) in out
    assert " ".join(say["too_noisy"].split()) in out
    assert "see a doctor today" in out and "call 112 at once" in out


@pytest.mark.skipif(not NOISE.is_dir(), reason="needs ../shared/data/speech")
def test_background_noise_through_the_voice_loop_ends_safely(tmp_path: Path,
                                                             run_cli: Any) -> None:
    """The noise recordings (taps, machines, hum) as every answer: sometimes no speech is
    found, sometimes speech that is not made out; the questions stop all the same."""
    out = voice_run(tmp_path, run_cli, sorted(NOISE.glob("*.wav"))[:40])
    assert "stop the questions here" in out
    assert "see a doctor today" in out and "look after this at home" not in out
