"""How sure an answer made out among other voices may be taken.

Run ``python -m assistant.bench.among_voices --half tune`` (or ``held-out``).

An answer that Whisper could not make out as a whole is tried again in the nearest voice
(:mod:`assistant.voice.foreground`), and what it makes out there is given confidence
:data:`assistant.voice.channel.AMONG_VOICES` (0.6) at most. This measures whether that
cap is needed: Whisper's own confidence of those answers, against whether they were
right.

Every yes/no answer of the half is heard ``--draws`` times, each time 1-2 s into a
stretch of babble (four other speakers, never the answering one) 10 dB below it. Every
fourth recording of eight other words ("go", "down", "off", "on", "stop", "bed", "tree",
"four") is heard once the same way, for what should not be an answer at all. Each goes
through the endpointer and the channel's shortening, then Whisper on the fever question's
grammar, then the nearest voice when nothing was made out.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import numpy as np

from .noise_mix import make_noise, mix, place, read_clip, to_pcm
from .split import HELD_OUT, SPEECH_DIR, TUNE, half_of, speaker_of

OTHER_WORDS = ("go", "down", "off", "on", "stop", "bed", "tree", "four")
SNR_DB = 10.0
HIGH = 0.9
"""The confidence from which answers are taken without "Is that right?" where it matters."""


def clips(speech: Path, half: str, draws: int) -> list[Path]:
    """The yes/no answers ``draws`` times over, then the other words."""
    answers = [p for word in ("yes", "no")
               for p in sorted((speech / "commands" / word).glob("*.wav"))
               if half_of(p) == half]
    others = [p for word in OTHER_WORDS
              for p in sorted((speech / "commands" / word).glob("*.wav"))
              if half_of(p) == half][::4]
    return answers * draws + others


def measure(speech: Path, half: str, draws: int, seed: int = 11) -> Counter[str]:
    from ..asr.whisper_engine import WhisperRecognizer
    from ..dialog.loader import load_dialog
    from ..dialog.matcher import Matcher
    from ..dialog.reader import default_dialogs_dir
    from ..voice.channel import answer_in_nearest_voice, for_recognizer
    from ..voice.endpoint import EndpointSettings, capture_answer
    from ..voice.sound_check import PcmSource

    dialog = load_dialog(default_dialogs_dir())
    matcher = Matcher(dialog.language)
    question = dialog.questions["fever"]
    grammar = matcher.grammar(question)
    recognizer = WhisperRecognizer()
    rng = np.random.default_rng(seed)
    tally: Counter[str] = Counter()
    for path in clips(speech, half, draws):
        word = path.parent.name
        kind = "answers" if word in ("yes", "no") else "other words"
        tally[kind] += 1
        stream = place(read_clip(path), float(rng.uniform(1.0, 2.0)), 3.0)
        noise = make_noise("babble", len(stream), rng, speech, speaker_of(path))
        capture = capture_answer(PcmSource(to_pcm(mix(stream, noise, SNR_DB))),
                                 EndpointSettings())
        if not capture.speech:
            continue
        audio = for_recognizer(capture)
        stage, heard = "whole", recognizer.recognize(audio, grammar)
        if not heard.text:
            stage, nearest = "nearest voice", answer_in_nearest_voice(recognizer, audio,
                                                                      grammar)[0]
            if nearest is None:
                continue
            heard = nearest
        meaning = matcher.interpret(question, heard.text)
        if meaning.value not in ("yes", "no"):
            continue
        verdict = "right" if meaning.value == word else "wrong"
        tally[f"{kind}: {stage}, {verdict}"] += 1
        if heard.confidence >= HIGH:
            tally[f"{kind}: {stage}, {verdict}, at {HIGH} or more"] += 1
    return tally


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--half", choices=(TUNE, HELD_OUT), default=TUNE)
    parser.add_argument("--draws", type=int, default=3,
                        help="times each yes/no answer is heard, in other babble")
    parser.add_argument("--speech", type=Path, default=SPEECH_DIR, metavar="DIR")
    args = parser.parse_args(argv)
    tally = measure(args.speech, args.half, args.draws)
    print(f"{args.half} half, babble {SNR_DB:g} dB below; Whisper's own confidence "
          "(uncapped) of what was taken as yes or no:")
    for key in sorted(tally):
        print(f"  {key:<52} {tally[key]}")


if __name__ == "__main__":
    main()
