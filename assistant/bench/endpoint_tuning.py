"""Choosing the model detector's two settings on the ``tune`` half of the recordings.

The model's probabilities do not depend on the settings, so each noisy trial of
:mod:`.endpointing` is run through the model once and the endpointer is then replayed on
the stored probabilities for every pair of settings (speech probability, dB above the
background): a grid costs little more than one run.

Run: ``python -m assistant.bench.endpoint_tuning [--sample 80]`` (tune half only).
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

import numpy as np

from ..voice.endpoint import Capture, EndpointSettings, capture_answer
from ..voice.sound_check import PcmSource
from ..voice.vad import SpeechStream, load_model
from . import noise_mix
from .endpointing import SNRS, _found, usable_clips
from .split import SPEECH_DIR, TUNE, speaker_of

PROBABILITIES = (0.3, 0.4, 0.5, 0.6, 0.7)
ABOVE = (0.0, 3.0, 6.0, 9.0)


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
        return capture_answer(PcmSource(noise_mix.to_pcm(signal)), settings)
    finally:
        endpoint.load_model = real


def tune(speech_dir: Path, sample: int, seed: int = 7) -> list[tuple[float, float, int, int, int]]:
    """(probability, dB above background, found, false starts, trials) for the grid."""
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
            mixed = noise_mix.mix(stream, noise, snr)
            alone = noise_mix.fit(noise_mix.scaled_noise(stream, noise, snr),
                                  round(8.5 * noise_mix.RATE)).astype(np.float32)
            trials.append((mixed, _probs(mixed), alone, _probs(alone),
                           before + clip.start, before + clip.end))
    rows = []
    for prob, above in itertools.product(PROBABILITIES, ABOVE):
        settings = EndpointSettings(speech_probability=prob, above_background=above)
        found = false = 0
        for mixed, probs, alone, alone_probs, start, end in trials:
            found += _found(_replayed(mixed, probs, settings), start, end)
            false += _replayed(alone, alone_probs, settings).speech
        rows.append((prob, above, found, false, len(trials)))
    return rows


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.bench.endpoint_tuning",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--speech-dir", type=Path,
                        default=SPEECH_DIR)
    parser.add_argument("--sample", type=int, default=80)
    args = parser.parse_args(argv)
    print("| speech probability | dB above background | found | false starts | trials |")
    print("| --- | --- | --- | --- | --- |")
    for prob, above, found, false, n in tune(args.speech_dir, args.sample):
        print(f"| {prob} | {above} | {found} | {false} | {n} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
