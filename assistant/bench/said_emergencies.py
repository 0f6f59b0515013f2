"""How often Whisper's free transcription of other words and noise is taken for an
emergency (``Utterance.said``, read for an emergency only and checked with the person).

Run ``python -m assistant.bench.said_emergencies [--per-word N] [--noise M]``: the first
N clips (shuffled with a fixed seed) of every word of ``../shared/data/speech/commands``
and its noise clips (all, or the first M) are heard in turn on a yes/no, a side and a
number question; the reply counts when its transcription, read as a reply to that
question, is an emergency.
"""

from __future__ import annotations

import argparse
import random

from .interval import shown
from .split import SPEECH_DIR

QUESTIONS = ("fever", "side", "severity")
NOISE_DIR = "_noise_"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-word", type=int, default=15)
    parser.add_argument("--noise", type=int, default=None)
    args = parser.parse_args(argv)
    from ..asr.whisper_engine import WhisperRecognizer
    from ..dialog.loader import load_dialog
    from ..dialog.matcher import EMERGENCY, Matcher
    from ..dialog.reader import default_dialogs_dir
    from ..voice.audio import read_wav

    dialog = load_dialog(default_dialogs_dir())
    matcher = Matcher(dialog.language)
    questions = [q for q in dialog.questions.values() if q.finding.key in QUESTIONS]
    clips = []
    for folder in sorted(p for p in (SPEECH_DIR / "commands").iterdir() if p.is_dir()):
        files = sorted(folder.glob("*.wav"))
        random.Random(1).shuffle(files)
        clips += files[:args.noise] if folder.name == NOISE_DIR else files[:args.per_word]
    recognizer = WhisperRecognizer()
    written = taken = 0
    for n, clip in enumerate(clips):
        question = questions[n % len(questions)]
        said = recognizer.recognize(read_wav(clip), matcher.grammar(question)).said
        written += bool(said)
        if said and matcher.interpret(question, said).kind == EMERGENCY:
            taken += 1
            print(f"  {clip.parent.name}/{clip.name} on {question.id}: {said!r}")
    print(f"{len(clips)} clips, {written} with a transcription; taken for an emergency: "
          f"{shown(taken, len(clips))}")


if __name__ == "__main__":
    main()
