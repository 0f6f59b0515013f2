"""Response latency and conversation time of the voice loop, from spoken scripts.

Each scripted conversation's answers are spoken by espeak-ng (through pyttsx3) into WAV
files, then the real voice loop runs on them: :class:`~assistant.voice.channel.VoiceChannel` with
:class:`~assistant.voice.channel.WavDirAnswers`, the recognizer, the conversation, the session
record, and the prompts written as WAV files. The channel reports where each answer's
time went (:class:`~assistant.voice.channel.TurnTiming`), so the figures are those of the product's
own code path, not of a re-enactment.

A reply's latency, from the end of the user's speech to the first sound of the reply, is
the endpoint wait (the silence that ends an answer: audio time, which a WAV file passes in
no wall time, so it is reported as heard) followed by what comes after it:

- ``recognize``: from the endpointer's decision until the recognizer's result is ready;
- ``dialogue``: understanding the answer, choosing the reply, writing the session record;
- ``tts_first_audio``: until the first sentence of the reply is synthesised and could play.

``beyond_endpoint`` is their sum, turn by turn: what a person waits beyond the silence.

To run it in a process of its own (e.g. under ``taskset -c 0``)::

    python -m assistant.bench.timing --work-dir DIR [--engine pocketsphinx]
        [--dialogs DIR] --scripts dialogs/scripts/46_voice_lifting_self_care.yaml ...

It prints the result as one JSON object (``--json``, the default; ``--indent N`` for people).
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from ..dialog.model import Dialog

STAGES = ("endpoint_wait", "recognize", "dialogue", "tts_first_audio", "beyond_endpoint")
ANSWER_VOICE = "en-us"
"""espeak-ng voice of the spoken answers: the one the end-to-end test hears right."""
ANSWER_RATE = 140
SYNTHETIC_REJECTION = "off (synthetic answers)"
"""Rejection was tuned on people; espeak-ng's voice scores far below them against the
garbage loop, so the synthetic answers are recognised with rejection off."""


class ScriptProblem(ValueError):
    """A script that cannot be spoken (no turns, or an answer that is not text)."""


def script_answers(path: Path) -> tuple[str, list[str]]:
    """(emergency number, the answers in order) of a scripted conversation; "" is silence."""
    from ..dialog import yamlfile

    data = yamlfile.load(path)
    turns = data.get("turns") if isinstance(data, dict) else None
    if not isinstance(turns, list):
        raise ScriptProblem(f"{path}: no list of turns")
    answers: list[str] = []
    for turn in turns:
        if not isinstance(turn, dict) or "user" not in turn:
            continue  # the opening, or "action: end" (input ending is the files running out)
        said = turn["user"]
        # YAML reads a bare yes/no as a boolean and a bare number as a number.
        answers.append("yes" if said is True else "no" if said is False
                       else "" if said is None else str(said))
    return str(data.get("emergency_number", "112")), answers


def percentiles(values: list[float]) -> dict[str, float]:
    """p50, p95 (linear between the nearest turns) and max, in seconds."""
    if not values:
        return {"p50": 0.0, "p95": 0.0, "max": 0.0}
    p50, p95 = np.percentile(np.asarray(values, dtype=float), [50, 95])
    return {"p50": round(float(p50), 4), "p95": round(float(p95), 4),
            "max": round(max(values), 4)}


def speak_answers(speaker: Any, answers: list[str], folder: Path) -> float:
    """One WAV per answer in ``folder``; returns the seconds of answer audio."""
    from ..voice.audio import RATE, write_wav
    from ..voice.tts import wav_duration

    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.wav"):
        old.unlink()
    total = 0.0
    for number, answer in enumerate(answers):
        path = folder / f"{number:03d}.wav"
        if answer:
            speaker.save([answer], path)
        else:
            write_wav(path, bytes(RATE * 2))  # a second of silence: no answer
        total += wav_duration(path)
    return total


def _typed_outcome(dialog: Dialog, number: str, answers: list[str]) -> str | None:
    """The outcome the same answers reach when typed: whether the spoken run was heard
    right enough to time the intended conversation."""
    from ..dialog.simulate import replay

    outcome: str | None = replay(dialog, answers, number)["outcome"]
    return outcome


def _recognizer(engine: str) -> tuple[Any, str]:
    from ..asr.select import make_recognizer

    recognizer, _notice = make_recognizer(engine)
    if hasattr(recognizer, "rejection_margin"):
        recognizer.rejection_margin = -math.inf
        return recognizer, SYNTHETIC_REJECTION
    return recognizer, f"as built ({recognizer.name} has no rejection margin to turn off)"


def _run_conversation(dialog: Dialog, engine: str, number: str, answers_dir: Path,
                      folder: Path) -> tuple[dict[str, Any], list[Any], str]:
    """One conversation through the real voice loop; (its facts, its turn timings,
    the rejection in force)."""
    from ..dialog.conversation import Conversation
    from ..records.record import SessionRecord
    from ..session import run
    from ..setup.pace import Pace
    from ..voice.channel import TurnTiming, VoiceChannel, WavDirAnswers
    from ..voice.endpoint import EndpointSettings
    from ..voice.tts import Speaker, TtsSettings

    # A recognizer of its own per conversation, as each `backtalk` process has: its first
    # grammars are built during the conversation and belong in its timings.
    recognizer, rejection = _recognizer(engine)
    settings = TtsSettings()
    pace = Pace(settings.rate, settings.volume)
    endpoint = EndpointSettings()
    prompts = folder / "prompts"
    prompts.mkdir(parents=True, exist_ok=True)
    for old in prompts.glob("*.wav"):
        old.unlink()
    timings: list[TurnTiming] = []
    heard: list[str] = []
    channel = VoiceChannel(Speaker(settings), recognizer, WavDirAnswers(answers_dir, endpoint),
                           endpoint, prompts, pace=pace, on_timing=timings.append,
                           show=lambda who, text: heard.append(text) if who == "heard" else None)
    conversation = Conversation(dialog, number, pace=pace)
    record = SessionRecord.create(folder / "data")
    started = time.perf_counter()
    try:
        summary = run(conversation, channel, record,
                      {"mode": "voice", "asr": recognizer.name, "input": str(answers_dir),
                       "benchmark": "latency"})
    finally:
        record.close()
    seconds = time.perf_counter() - started
    return ({"seconds": seconds, "summary": summary, "heard": heard,
             "prompts": sorted(prompts.glob("*.wav"))},
            timings, rejection)


def _turn(timing: Any) -> dict[str, float]:
    return {"endpoint_wait": round(timing.endpoint_wait, 4),
            "recognize": round(timing.recognize, 4),
            "dialogue": round(timing.dialogue, 4),
            "tts_first_audio": round(timing.tts_first_audio, 4),
            "beyond_endpoint": round(timing.beyond_endpoint, 4)}


def measure_latency(dialog: Dialog, scripts: list[Path], *, engine: str = "pocketsphinx",
                    work_dir: Path) -> dict[str, Any]:
    """Reply latency by stage (p50, p95, max over every answered turn) and each scripted
    conversation's wall time, questions and outcome, driven from spoken answer files.

    Turns where nobody spoke (an answer of silence) wait for the no-answer timeout, not
    for an endpoint: they are counted as ``silent_turns`` and kept out of the stages.
    """
    from ..voice.channel import ECHO_TAIL
    from ..voice.endpoint import EndpointSettings
    from ..voice.tts import Speaker, TtsSettings, wav_duration

    if not scripts:
        raise ScriptProblem("no scripts to speak")
    work_dir.mkdir(parents=True, exist_ok=True)
    answerer = Speaker(TtsSettings(rate=ANSWER_RATE, voice=ANSWER_VOICE))
    spoken: list[tuple[Path, str, list[str], float]] = []
    # Every answer is spoken before any conversation runs, so no timing includes it.
    for index, script in enumerate(scripts):
        number, answers = script_answers(script)
        if not answers:
            raise ScriptProblem(f"{script}: no answers to speak")
        folder = work_dir / f"{index:02d}_{script.stem}"
        audio = speak_answers(answerer, answers, folder / "answers")
        spoken.append((folder, number, answers, audio))
    conversations: list[dict[str, Any]] = []
    all_turns: list[dict[str, float]] = []
    rejection = ""
    for script, (folder, number, answers, audio) in zip(scripts, spoken, strict=True):
        facts, timings, rejection = _run_conversation(dialog, engine, number,
                                                      folder / "answers", folder)
        turns = [_turn(t) for t in timings if t.speech]
        all_turns += turns
        summary = facts["summary"]
        prompt_audio = sum(wav_duration(p) for p in facts["prompts"])
        # Live, each answer waits for its endpoint, and listening starts only after the
        # echo tail that follows each prompt.
        waits = sum(t.endpoint_wait + ECHO_TAIL for t in timings)
        beyond = sum(t["beyond_endpoint"] for t in turns)
        conversations.append({
            "script": script.stem,
            "questions": summary["questions_asked"],
            "answers": len(answers),
            "turns": len(turns),
            "silent_turns": sum(1 for t in timings if not t.speech),
            "seconds": round(facts["seconds"], 3),
            "audio_seconds": round(audio, 2),
            "prompt_audio_seconds": round(prompt_audio, 2),
            # What the conversation would take live for someone who answers at once.
            "live_seconds_estimate": round(prompt_audio + audio + waits + beyond, 1),
            "outcome": summary["outcome"],
            "typed_outcome": _typed_outcome(dialog, number, answers),
            "heard": facts["heard"],
            "turn_timings": turns,
        })
    return {
        "engine": engine,
        "turns": len(all_turns),
        "rejection": rejection,
        "end_silence": EndpointSettings().end_silence,
        "stages": {stage: percentiles([t[stage] for t in all_turns]) for stage in STAGES},
        "conversations": conversations,
        "peak_rss_mb": round(_peak_rss_mb(), 1),
        "notes": ("endpoint_wait is audio time (the WAV answers pass it instantly); the "
                  "other stages are wall time of the real voice loop (time.perf_counter); "
                  "tts_first_audio ends when the reply's first sentence is synthesised; "
                  "live_seconds_estimate = prompt audio + answer audio + endpoint waits + "
                  "the echo tail after each prompt + time beyond the endpoint; "
                  "peak_rss_mb is this whole benchmark process."),
    }


def _peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m assistant.bench.timing",
        description="Reply latency and conversation time of the voice loop, from scripted "
                    "conversations spoken by espeak-ng; prints one JSON object.")
    parser.add_argument("--scripts", type=Path, nargs="+", required=True, metavar="YAML")
    parser.add_argument("--engine", default="pocketsphinx", choices=("pocketsphinx", "vosk"))
    parser.add_argument("--dialogs", type=Path, metavar="DIR",
                        help="dialogue files (default: the bundled dialogs/)")
    parser.add_argument("--work-dir", type=Path, required=True, metavar="DIR")
    parser.add_argument("--json", action="store_true",
                        help="print JSON (the only output there is; kept for clarity)")
    parser.add_argument("--indent", type=int, default=None)
    args = parser.parse_args(argv)
    from ..dialog.loader import load_dialog
    from ..dialog.reader import default_dialogs_dir

    dialog = load_dialog(args.dialogs or default_dialogs_dir(), True)
    result = measure_latency(dialog, args.scripts, engine=args.engine, work_dir=args.work_dir)
    print(json.dumps(result, indent=args.indent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
