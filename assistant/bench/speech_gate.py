"""How often the recognizers' speech check lets an answer through, per half of the speakers.

Run ``python -m assistant.bench.speech_gate [--speech DIR]``. Every recognizer first asks
whether a finished answer holds speech at all (:func:`assistant.asr.base.speech_present`):
an answer that fails the check is "nothing said", however clearly it was said. This
compares the voice-activity model, the energy check, and the two together (what is used),
on each clip as it
is (no endpointing): answers (yes/no, left/right/up/down, digits at 16 and 8 kHz) should
pass, the noise clips (``commands/_noise_``) should not. Counts per half of the speakers
(:mod:`.split`), with 95% Wilson intervals.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from ..asr.base import energy_rise_present, model_hears_speech, speech_present
from ..voice.audio.wav import read_wav
from .clips import CHOICE_WORDS, DIGIT_WORDS, NOISE_FOLDER
from .interval import shown
from .split import HELD_OUT, SPEECH_DIR, TUNE, half_of

GROUPS = {"yes/no": ("yes", "no"), "left/right/up/down": CHOICE_WORDS,
          "digits": DIGIT_WORDS, "noise": (NOISE_FOLDER,)}
CHECKS: dict[str, Callable[[bytes], bool]] = {
    "model": model_hears_speech, "energy": energy_rise_present, "either (used)": speech_present}


def clips(speech: Path) -> Iterator[tuple[str, Path]]:
    """(group, clip) for every clip the comparison reads."""
    for group, words in GROUPS.items():
        for word in words:
            for path in sorted((speech / "commands" / word).glob("*.wav")):
                yield group, path
    for path in sorted((speech / "digits").glob("*.wav")):
        yield "digits 8k", path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--speech", type=Path, default=SPEECH_DIR, metavar="DIR")
    args = parser.parse_args(argv)
    passed: Counter[tuple[str, str, str]] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    for group, path in clips(args.speech):
        audio = read_wav(path)
        half = half_of(path)
        total[group, half] += 1
        for name, check in CHECKS.items():
            passed[group, half, name] += check(audio)
    print("clips taken for speech (answers should be; noise should not)")
    print(f"{'group':<20} {'half':<9} " + " ".join(f"{n:<34}" for n in CHECKS))
    for group in [*GROUPS, "digits 8k"]:
        for half in (TUNE, HELD_OUT):
            n = total[group, half]
            if n:
                cells = " ".join(f"{shown(passed[group, half, c], n):<34}" for c in CHECKS)
                print(f"{group:<20} {half:<9} {cells}")


if __name__ == "__main__":
    main()
