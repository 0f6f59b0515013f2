"""Choosing the model detector's two settings on the ``tune`` half of the recordings.

The model's probabilities do not depend on the settings, so each noisy trial of
:mod:`.endpointing` is run through the model once and the endpointer is then replayed on
the stored probabilities for every pair of settings (speech probability, dB above the
background): a grid costs little more than one run.

``--clear`` tunes the two settings of a frame far louder than the background instead
(:data:`~assistant.voice.vad.CLEAR_PROBABILITY`, :data:`~assistant.voice.vad.CLEAR_ABOVE`):
for each pair, how many answer clips of the tune half (:func:`.clips.plan_trials`, after
the live lead of silence) are heard at all, how many noise clips are taken for speech, and
the answers found and false starts in white and pink noise as above.

Run: ``python -m assistant.bench.endpoint_tuning [--sample 80] [--clear]`` (tune half only).
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

import numpy as np

from ..voice.endpoint import Capture, EndpointSettings, capture_answer
from ..voice.vad import SpeechStream, load_model
from . import noise_mix
from .endpointing import SNRS, _found, _Memory, usable_clips
from .split import TUNE, speaker_of

PROBABILITIES = (0.3, 0.4, 0.5, 0.6, 0.7)
ABOVE = (0.0, 3.0, 6.0, 9.0)
CLEAR_PROBABILITIES = (0.05, 0.1, 0.15, 0.2, 0.3)
CLEAR_ABOVE = (15.0, 20.0, 25.0, 30.0)
OFF = (0.99, 1000.0)
"""A clear-frame pair that never fires: the row to compare with."""
TAIL = 3.0
"""Seconds of silence after each answer clip: more than the end silence."""


class _Replay:
    """Stands in for the model: hands back the probabilities it gave for this stream."""

    def __init__(self, probs: np.ndarray) -> None:
        self.probs, self.at = probs, 0

    def run(self, chunks: np.ndarray, h: np.ndarray, c: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        out = self.probs[self.at: self.at + len(chunks)]
        self.at += len(chunks)
        return out, h, c


def _probs(signal: np.ndarray) -> np.ndarray:
    stream = SpeechStream(load_model())
    return np.concatenate([stream.feed(signal), stream.finish()])


def _replayed(signal: np.ndarray, probs: np.ndarray, settings: EndpointSettings) -> Capture:
    from ..voice import endpoint

    real = endpoint.load_model
    endpoint.load_model = lambda _path=None: _Replay(probs)  # type: ignore[assignment,return-value]
    try:
        return capture_answer(_Memory(noise_mix.to_pcm(signal)), settings)
    finally:
        endpoint.load_model = real


def _mixed(speech_dir: Path, sample: int, seed: int, kinds: tuple[str, ...]) -> list[tuple]:
    """Noisy trials of the tune half: (signal, probabilities, noise alone, its
    probabilities, true start, true end)."""
    clips = usable_clips(speech_dir, TUNE)
    rng = np.random.default_rng(seed)
    chosen = [clips[i] for i in rng.choice(len(clips), min(sample, len(clips)), replace=False)]
    trials = []
    for kind, snr in itertools.product(noise_mix.NOISE_KINDS, SNRS):
        for clip in chosen:
            before = float(rng.uniform(1.0, 2.0))
            stream = noise_mix.place(clip.audio, before, 3.0)
            noise = noise_mix.make_noise(kind, len(stream), rng, speech_dir,
                                         speaker_of(clip.path))
            if kind not in kinds:
                continue  # drawn all the same, so that every kind gets the same noise
            mixed = noise_mix.mix(stream, noise, snr)
            alone = noise_mix.fit(noise_mix.scaled_noise(stream, noise, snr),
                                  round(8.5 * noise_mix.RATE)).astype(np.float32)
            trials.append((mixed, _probs(mixed), alone, _probs(alone),
                           before + clip.start, before + clip.end))
    return trials


def _noisy(trials: list[tuple], settings: EndpointSettings) -> tuple[int, int]:
    """(answers found, false starts) of :func:`_mixed`'s trials."""
    found = false = 0
    for mixed, probs, alone, alone_probs, start, end in trials:
        found += _found(_replayed(mixed, probs, settings), start, end)
        false += _replayed(alone, alone_probs, settings).speech
    return found, false


def tune(speech_dir: Path, sample: int, seed: int = 7) -> list[tuple[float, float, int, int, int]]:
    """(probability, dB above background, found, false starts, trials) for the grid."""
    trials = _mixed(speech_dir, sample, seed, noise_mix.NOISE_KINDS)
    rows = []
    for prob, above in itertools.product(PROBABILITIES, ABOVE):
        found, false = _noisy(trials, EndpointSettings(speech_probability=prob,
                                                       above_background=above))
        rows.append((prob, above, found, false, len(trials)))
    return rows


def tune_clear(speech_dir: Path, sample: int, seed: int = 7
               ) -> tuple[list[str], list[tuple[float, float, dict[str, int], int, int]], int]:
    """For each clear-frame pair (the first never fires): the answer clips heard per group
    and the noise clips taken for speech (keyed by group), answers found and false starts
    in white and pink noise; and the number of noisy trials. Also the groups' names with
    their clip counts."""
    from ..dialog.loader import load_dialog
    from ..dialog.matcher import Matcher
    from ..dialog.reader import default_dialogs_dir
    from ..voice.audio import read_wav
    from ..voice.channel import ANSWER_LEAD
    from .clips import NON_ANSWER, plan_trials

    dialog = load_dialog(default_dialogs_dir())
    plan = plan_trials(dialog, Matcher(dialog.language), speech_dir, half=TUNE)
    quiet = []
    for trial in plan.trials:
        if trial.group == NON_ANSWER:
            continue  # other words are speech to the detector as much as answers are
        pcm = np.frombuffer(read_wav(trial.clip), "<i2").astype(np.float32) / 32768.0
        signal = noise_mix.place(pcm, ANSWER_LEAD, TAIL).astype(np.float32)
        quiet.append((trial.group, signal, _probs(signal)))
    groups = sorted({g for g, _, _ in quiet})
    names = [f"{g} ({sum(q[0] == g for q in quiet)})" for g in groups]
    noisy = _mixed(speech_dir, sample, seed, ("white", "pink"))
    rows = []
    for prob, above in [OFF, *itertools.product(CLEAR_PROBABILITIES, CLEAR_ABOVE)]:
        settings = EndpointSettings(clear_probability=prob, clear_above=above)
        heard = dict.fromkeys(groups, 0)
        for group, signal, probs in quiet:
            heard[group] += _replayed(signal, probs, settings).speech
        rows.append((prob, above, heard, *_noisy(noisy, settings)))
    return names, rows, len(noisy)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.bench.endpoint_tuning",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--speech-dir", type=Path,
                        default=Path(__file__).resolve().parents[3] / "shared/data/speech")
    parser.add_argument("--sample", type=int, default=80)
    parser.add_argument("--clear", action="store_true",
                        help="tune the settings of a frame far louder than the background")
    args = parser.parse_args(argv)
    if args.clear:
        names, rows, n = tune_clear(args.speech_dir, args.sample)
        print(f"| clear probability | dB above background | heard: {' | '.join(names)} "
              f"| found in white or pink noise ({n}) | false starts |")
        print("| --- " * (len(names) + 4) + "|")
        for prob, above, heard, found, false in rows:
            shown = "off | off" if (prob, above) == OFF else f"{prob} | {above}"
            print(f"| {shown} | {' | '.join(str(v) for v in heard.values())} | {found} "
                  f"| {false} |")
        return 0
    print("| speech probability | dB above background | found | false starts | trials |")
    print("| --- | --- | --- | --- | --- |")
    for prob, above, found, false, n in tune(args.speech_dir, args.sample):
        print(f"| {prob} | {above} | {found} | {false} | {n} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
