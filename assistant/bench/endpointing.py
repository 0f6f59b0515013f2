"""Endpointing in noise: are an answer's start and end found, old energy detector vs model?

Each trial is a Speech Commands word (one speaker's clip of yes, no, left, ...) placed in
a longer stream (1-2 s before, the end silence and 2 s after) with white, pink or babble
noise (other speakers) mixed over the whole stream at 20, 10 or 5 dB SNR, read by the real
endpointer (:func:`~assistant.voice.endpoint.capture_answer`). Counted, per detector:

- ``found``: the start within ``START_TOLERANCE`` of the word's true start and the end
  from ``EARLY_END`` before to ``LATE_END`` after its true end (among other voices, the
  nearest voice's, when the answer ended with it);
- ``missed``: no answer heard at all;
- ``false_starts``: the same noise alone, at the same level, for the no-answer timeout:
  any answer heard in it; ``voice_in_noise``: the wait ended there as if a nearest voice
  had answered among other voices (:func:`~assistant.voice.endpoint.capture_answer`);
- the same with the word 30 and 40 dB quieter (a weak voice, a microphone far away or
  turned down) over a microphone's hiss, false starts in that hiss alone;
- ``slow``: two clips of one speaker with a 1.5 s pause between them and the slow-speech
  end silence (2.5 s): heard as one answer (start of the first, end of the second);
- CPU seconds per second of audio read.

The true start and end are where the clean clip is within 25 dB of its loudest 10 ms;
clips whose own background is within 40 dB of the speech, or whose word touches the clip's
edge, are left out (their true bounds cannot be read). Clips come from one half of the
speaker split (:mod:`.split`): tune on ``tune``, report ``held-out``.

Run: ``python -m assistant.bench.endpointing [--half held-out] [--sample 120]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from ..voice.audio import FRAME_BYTES, RATE
from ..voice.endpoint import Capture, EndpointSettings, capture_answer
from ..voice.sound_check import PcmSource
from . import noise_mix
from .interval import wilson
from .split import HELD_OUT, SPEECH_DIR, belongs, speaker_of

WORDS = ("yes", "no", "left", "right", "up", "down", "stop", "go", "on", "off")
SNRS = (20.0, 10.0, 5.0)
QUIETER = (30.0, 40.0)
"""dB by which the word is made quieter in the quiet conditions."""
HISS = "hiss"
START_TOLERANCE = 0.15
EARLY_END = 0.15
LATE_END = 0.4
SLOW_PAUSE = 1.5
SLOW_END_SILENCE = 2.5
"""The ``slow-speech`` preset's end silence."""
REFERENCE_BELOW_PEAK = 25.0
CLEAN_FLOOR = 40.0
DETECTORS = ("energy", "model")


@dataclass(frozen=True)
class Clip:
    path: Path
    audio: np.ndarray
    start: float
    end: float


def usable_clips(speech_dir: Path, half: str, words: tuple[str, ...] = WORDS) -> list[Clip]:
    """The clips of ``half`` whose true start and end can be read off the clean audio."""
    clips = []
    for word in words:
        for path in sorted((speech_dir / "commands" / word).glob("*_nohash_*.wav")):
            if not belongs(path, half):
                continue
            audio = noise_mix.read_clip(path)
            powers = noise_mix.frame_powers(audio)
            if len(audio) < RATE * 0.9 or powers.max() <= 0 or \
                    np.percentile(powers, 10) > powers.max() * 10 ** (-CLEAN_FLOOR / 10):
                continue
            start, end = noise_mix.active_bounds(audio, REFERENCE_BELOW_PEAK)
            if start > 0.02 and end < len(audio) / RATE - 0.02:
                clips.append(Clip(path, audio, float(start), float(end)))
    return clips


def _capture(stream: np.ndarray, settings: EndpointSettings) -> tuple[Capture, float]:
    began = time.process_time()
    capture = capture_answer(PcmSource(noise_mix.to_pcm(stream)), settings)
    return capture, time.process_time() - began


def _found(capture: Capture, start: float, end: float) -> bool:
    if not capture.speech or capture.started_after is None:
        return False
    # Among other voices the answer is the nearest voice, not all the speech heard.
    heard_start, heard_end = capture.voice or (
        capture.started_after, capture.started_after + capture.speech_seconds)
    return bool(abs(heard_start - start) <= START_TOLERANCE
                and end - EARLY_END <= heard_end <= end + LATE_END)


class _Cell:
    def __init__(self) -> None:
        self.counts = {"found": 0, "missed": 0, "false_starts": 0, "voice_in_noise": 0,
                       "slow": 0}
        self.trials = {"answers": 0, "noise_alone": 0, "slow": 0}
        self.cpu = self.audio = 0.0

    def timed(self, capture: Capture, cpu: float) -> Capture:
        self.cpu += cpu
        self.audio += capture.heard_seconds
        return capture

    def result(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, n in (("found", "answers"), ("missed", "answers"),
                       ("false_starts", "noise_alone"), ("voice_in_noise", "noise_alone"),
                       ("slow", "slow")):
            k, total = self.counts[key], self.trials[n]
            low, high = wilson(k, total)
            out[key] = {"k": k, "n": total, "rate": round(k / total, 4) if total else None,
                        "ci95": [round(low, 4), round(high, 4)]}
        out["cpu_per_audio_second"] = round(self.cpu / self.audio, 5) if self.audio else None
        return out


def measure(speech_dir: Path, half: str = HELD_OUT, sample: int = 120, seed: int = 12,
            kinds: tuple[str, ...] = noise_mix.NOISE_KINDS, snrs: tuple[float, ...] = SNRS,
            detectors: tuple[str, ...] = DETECTORS, speech_probability: float | None = None,
            above_background: float | None = None, max_lift: float | None = None,
            among_voices: bool = True) -> dict[str, Any]:
    """Per noise kind and SNR (and clean), per detector: the counts of the module doc."""
    clips = usable_clips(speech_dir, half)
    rng = np.random.default_rng(seed)
    chosen = [clips[i] for i in sorted(rng.choice(len(clips), min(sample, len(clips)),
                                                  replace=False))]
    base = EndpointSettings()
    probability = base.speech_probability if speech_probability is None else speech_probability
    above = base.above_background if above_background is None else above_background
    lift = base.max_lift if max_lift is None else max_lift
    settings = {name: EndpointSettings(detector=name, speech_probability=probability,
                                       above_background=above, max_lift=lift,
                                       among_voices=among_voices)
                for name in detectors}
    slow = {name: replace(settings[name], end_silence=SLOW_END_SILENCE) for name in detectors}
    by_speaker: dict[str, list[Clip]] = {}
    for clip in clips:
        by_speaker.setdefault(speaker_of(clip.path), []).append(clip)
    cells: dict[str, dict[str, _Cell]] = {}
    # (label, noise: None, "hiss" or a kind of noise_mix, its SNR, dB the word is lowered)
    conditions: list[tuple[str, str | None, float, float]] = [("clean", None, 0.0, 0.0)]
    conditions += [(f"{kind} {snr:g} dB", kind, snr, 0.0) for kind in kinds for snr in snrs]
    # Last, so that the noise conditions draw the same noise as before they were added.
    conditions += [(f"{db:g} dB quieter", HISS, 0.0, db) for db in QUIETER]
    for label, kind, snr, lowered in conditions:
        cells[label] = {name: _Cell() for name in detectors}
        trial_rng = np.random.default_rng([seed, len(cells)])
        gain = np.float32(10 ** (-lowered / 20))
        for clip in chosen:
            speaker = speaker_of(clip.path)
            before = float(trial_rng.uniform(1.0, 2.0))
            stream = noise_mix.place(clip.audio * gain, before, base.end_silence + 2.0)
            partner = by_speaker[speaker][int(trial_rng.integers(len(by_speaker[speaker])))]
            pair = np.concatenate([noise_mix.place(clip.audio * gain, before, SLOW_PAUSE),
                                   noise_mix.place(partner.audio * gain, 0.0,
                                                   SLOW_END_SILENCE + 2)])
            alone_n = round((base.no_answer_timeout + 0.5) * RATE)
            if kind is None:
                noisy, noisy_pair, alone = stream, pair, None
            elif kind == HISS:
                noisy = stream + noise_mix.hiss(len(stream), trial_rng)
                noisy_pair = pair + noise_mix.hiss(len(pair), trial_rng)
                alone = noise_mix.hiss(alone_n, trial_rng)
            else:
                noise = noise_mix.make_noise(kind, len(pair), trial_rng, speech_dir, speaker)
                noisy = noise_mix.mix(stream, noise, snr)
                noisy_pair = noise_mix.mix(pair, noise, snr)
                level = noise_mix.scaled_noise(stream, noise, snr)
                alone = noise_mix.fit(level, alone_n).astype(np.float32)
            pair_end = before + len(clip.audio) / RATE + SLOW_PAUSE + partner.end
            for name in detectors:
                cell = cells[label][name]
                capture = cell.timed(*_capture(noisy, settings[name]))
                cell.trials["answers"] += 1
                cell.counts["found"] += _found(capture, before + clip.start, before + clip.end)
                cell.counts["missed"] += not capture.speech
                capture = cell.timed(*_capture(noisy_pair, slow[name]))
                cell.trials["slow"] += 1
                cell.counts["slow"] += _found(capture, before + clip.start, pair_end)
                if alone is not None:
                    capture = cell.timed(*_capture(alone, settings[name]))
                    cell.trials["noise_alone"] += 1
                    cell.counts["false_starts"] += capture.speech
                    cell.counts["voice_in_noise"] += capture.voice is not None
    first = capture_answer(PcmSource(bytes(FRAME_BYTES)), EndpointSettings())
    return {"half": half, "clips": len(chosen), "usable_clips_in_half": len(clips),
            "seed": seed, "model_in_use": first.detector,
            "speech_probability": probability, "above_background": above, "max_lift": lift,
            "tolerance": {"start_seconds": START_TOLERANCE, "end_early_seconds": EARLY_END,
                          "end_late_seconds": LATE_END},
            "cells": {label: {name: cell.result() for name, cell in by_name.items()}
                      for label, by_name in cells.items()}}


def _pct(entry: dict[str, Any]) -> str:
    if not entry["n"]:
        return "-"
    low, high = entry["ci95"]
    return (f"{entry['k']}/{entry['n']} {100 * entry['rate']:.0f}% "
            f"[{100 * low:.0f}-{100 * high:.0f}]")


def markdown(result: dict[str, Any]) -> str:
    """The table: one row per condition and detector."""
    rows = ["| condition | detector | start+end found | missed | false starts (noise alone) "
            "| a nearest voice ended in the noise alone "
            "| slow speaker, 1.5 s pause: one answer | CPU s / audio s |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for label, by_name in result["cells"].items():
        for name, cell in by_name.items():
            rows.append(f"| {label} | {name} | {_pct(cell['found'])} | {_pct(cell['missed'])} "
                        f"| {_pct(cell['false_starts'])} | {_pct(cell['voice_in_noise'])} "
                        f"| {_pct(cell['slow'])} | {cell['cpu_per_audio_second']} |")
    return "\n".join(rows) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.bench.endpointing",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--speech-dir", type=Path,
                        default=SPEECH_DIR)
    parser.add_argument("--half", default=HELD_OUT, choices=("tune", HELD_OUT, "all"))
    parser.add_argument("--sample", type=int, default=120, help="clips per condition")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--speech-probability", type=float, nargs="*", default=[None],
                        help="the model's thresholds to try (tuning: --half tune)")
    parser.add_argument("--max-lift", type=float, nargs="*", default=[None], metavar="DB",
                        help="the most a quiet room's audio is raised for the model, each "
                             "value measured (tuning: --half tune; default: the settings')")
    parser.add_argument("--no-voice-over", dest="voice_over", action="store_false",
                        help="answers among other voices end only at a pause or at "
                        "max_answer, as before the nearest voice ended them (to compare)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    results = []
    tried = [(t, lift) for t in args.speech_probability for lift in args.max_lift]
    for threshold, lift in tried:
        detectors = DETECTORS if len(tried) == 1 else ("model",)
        result = measure(args.speech_dir, args.half, args.sample, args.seed,
                         detectors=detectors, speech_probability=threshold, max_lift=lift,
                         among_voices=args.voice_over)
        results.append(result)
        print(f"## {args.half}: {result['clips']} clips, model threshold "
              f"{result['speech_probability']}, lift up to {result['max_lift']:g} dB, "
              f"detector in use: {result['model_in_use']}\n")
        print(markdown(result))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
