"""How often the enrollment's take checks refuse real recordings, and how often the
likeness check catches something else said in place of a take.

``python -m assistant.bench.take_checks [--speech-dir DIR] [--half held-out|tune|all]``

- The level and edge checks (too quiet, clipped, cut off) on every clip of the shared
  recordings; their limits were set on these same clips, so the rate is what they were
  made to give, not a prediction.
- The likeness check (:func:`assistant.asr.templates.take_distance` against
  ``FAR_TAKE``, far from every take kept) on the speakers of ``--half`` (default the ones
  held out from tuning ``FAR_TAKE``): for each speaker and word with at least four takes,
  the first three that pass the other checks are kept; the others are genuine takes
  (refusing one is a needless re-ask), the speaker's takes of other words and the noise
  clips are what should be refused.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

from ..enroll.checks import FAR, default_likeness, refuse
from ..voice.audio import read_wav
from .interval import shown
from .split import HELD_OUT, SPEECH_DIR, TUNE, belongs, speaker_of

KEPT = 3


def _word(clip: Path) -> str:
    return clip.parent.name if clip.parent.parent.name == "commands" else clip.name[0]


def _clips(speech_dir: Path) -> list[Path]:
    words = sorted((speech_dir / "commands").glob("[!_]*/*.wav"))
    return words + sorted((speech_dir / "digits").glob("*.wav"))


def level_checks(clips: list[Path]) -> dict[str, Counter[str]]:
    """Source ("commands" or "digits") -> reason (None: kept) -> clips."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for clip in clips:
        counts[clip.parent.parent.name if _word(clip) == clip.parent.name else "digits"][
            str(refuse(read_wav(clip)))] += 1
    return counts


def likeness_check(clips: list[Path], noise: list[Path], half: str) -> dict[str, list[int]]:
    """What the check refused as far: [refused, tried] for genuine takes, other words of
    the same speaker, and noise."""
    likeness = default_likeness()
    if likeness is None:
        raise RuntimeError("the personal recognizer's take_distance is not installed")
    audio: dict[Path, bytes] = {}
    groups: dict[tuple[str, str], list[Path]] = defaultdict(list)
    for clip in clips:
        if not belongs(clip, half):
            continue
        pcm = read_wav(clip)
        if refuse(pcm) is None:
            audio[clip] = pcm
            groups[(speaker_of(clip), _word(clip))].append(clip)
    noises = [pcm for pcm in map(read_wav, noise) if refuse(pcm) is None]
    result = {"genuine": [0, 0], "other word": [0, 0], "noise": [0, 0]}

    def tally(kind: str, pcm: bytes, kept: list[bytes]) -> None:
        result[kind][0] += refuse(pcm, kept, likeness) == FAR
        result[kind][1] += 1

    for (speaker, word), takes in sorted(groups.items()):
        if len(takes) <= KEPT:
            continue
        kept = [audio[c] for c in takes[:KEPT]]
        for clip in takes[KEPT:]:
            tally("genuine", audio[clip], kept)
        for (other_speaker, other_word), others in groups.items():
            if other_speaker == speaker and other_word != word:
                for clip in others:
                    tally("other word", audio[clip], kept)
        for pcm in noises:
            tally("noise", pcm, kept)
    if likeness.unavailable:
        raise RuntimeError(likeness.unavailable)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.bench.take_checks")
    parser.add_argument("--speech-dir", type=Path,
                        default=SPEECH_DIR)
    parser.add_argument("--half", choices=(HELD_OUT, TUNE, "all"), default=HELD_OUT)
    args = parser.parse_args(argv)
    clips = _clips(args.speech_dir)
    print("| recordings | kept | too quiet | clipped | cut off |")
    print("| --- | --- | --- | --- | --- |")
    for source, counts in sorted(level_checks(clips).items()):
        n = sum(counts.values())
        cut = counts["cut_start"] + counts["cut_end"]
        print(f"| {source} | {shown(counts['None'], n)} | {shown(counts['quiet'], n)} | "
              f"{shown(counts['clipped'], n)} | {shown(cut, n)} |")
    noise = sorted((args.speech_dir / "commands" / "_noise_").glob("*.wav"))
    result = likeness_check(clips, noise, args.half)
    print(f"\nLikeness check, speakers: {args.half}, {KEPT} takes kept of each word")
    print("| in place of a take | refused as unlike the takes kept |")
    print("| --- | --- |")
    for kind, (refused, tried) in result.items():
        print(f"| {kind} | {shown(refused, tried)} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
