"""What BackTalk overhears while it waits for its wake phrase: how often an emergency in
the room is heard, and how often other talk (television, radio, family, a phone call)
starts a screening.

Run ``python -m assistant.bench.overheard [--file YAML] [--voices en-us,en+f3]
[--no-voice]``. The lines of ``tests/overheard.yaml`` (written by someone who never read
the program: 250 of talk that is no emergency in the room now, 80 of someone who needs an
ambulance now) are read twice:

- **as words**: each line as a perfect recognizer would write it, read as the waiting
  path reads Whisper's transcription (:class:`~assistant.dialog.overheard.
  EmergencyOverheard`): the most the words alone can do;
- **by voice**: each line said by espeak-ng, heard as ``backtalk voice --asr whisper
  --wake`` hears it (the voice channel, the endpointer, Whisper on the wake grammar): the
  phrase, a call for help of the grammar, or an emergency in Whisper's own words.
  espeak-ng is not a person: this checks the path, it is no figure for people.

``--pieces`` says each line in pieces, one turn each, as if every pause in it (a full stop,
a question mark, "...") ended a turn, as the endpointer does to a person who stops between
words; the pieces are read as the wait reads them (:class:`~assistant.dialog.overheard.
Overhearing`), and the lines of other talk follow one another with no pause, the worst case for
them (and, printed apart, with a pause before every line). A line counts as heard when any
of its turns woke anything.

Every line counts once, per kind, with a 95% interval. ``drama_call`` lines (a television
character calling for help in a real person's words) cannot be told from a real call by
their words and are counted apart.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

from ..dialog.overheard import Overhearing
from .interval import shown

FILE = Path(__file__).resolve().parents[2] / "tests" / "overheard.yaml"
PHRASE = "okay back talk"
SPEED = 140
"""espeak-ng's words a minute."""
EMERGENCY_KIND = "emergency"
UNTELLABLE = "drama_call"


def load_lines(path: Path) -> list[tuple[str, str]]:
    """The (kind, text) lines of ``path``."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [(str(kind), str(text)) for kind, text in data["overheard"]]


def tally(lines: Sequence[tuple[str, str]], woke: Sequence[str]) -> list[str]:
    """Report lines: per kind how many woke anything (``woke[i]``: what line i woke, ""
    for nothing), then the totals with their intervals."""
    kinds: dict[str, list[str]] = defaultdict(list)
    for (kind, _), what in zip(lines, woke, strict=True):
        kinds[kind].append(what)
    out = []
    for kind, whats in sorted(kinds.items()):
        counted = Counter(w for w in whats if w)
        out.append(f"  {kind:18} {sum(counted.values()):3}/{len(whats):<3} "
                   + ", ".join(f"{w} {n}" for w, n in sorted(counted.items())))
    heard = [bool(w) for (k, _), w in zip(lines, woke, strict=True) if k == EMERGENCY_KIND]
    other = [bool(w) for (k, _), w in zip(lines, woke, strict=True)
             if k not in (EMERGENCY_KIND, UNTELLABLE)]
    drama = [bool(w) for (k, _), w in zip(lines, woke, strict=True) if k == UNTELLABLE]
    out.append(f"  emergencies heard: {shown(sum(heard), len(heard))}")
    out.append(f"  other talk taken for one (or the phrase): {shown(sum(other), len(other))}")
    if drama:
        out.append(f"  television calls for help taken: {shown(sum(drama), len(drama))}")
    return out


PAUSE = re.compile(r"(?<=[.?!])\s+|\.\.\.\s*|\u2026\s*")
"""Where a written line has a pause: after a sentence, at an ellipsis."""


def spoken_pieces(text: str, pieces: bool) -> list[str]:
    """The turns ``text`` is heard in: itself, or its pieces between pauses."""
    return [p.strip() for p in PAUSE.split(text) if p.strip()] if pieces else [text]


def by_words(lines: Sequence[tuple[str, str]], told: Callable[[str], bool],
             pieces: bool = False, join: bool = True, apart: bool = False) -> list[str]:
    """What each line woke, as a perfect transcription of each of its turns read as the
    wait reads them (``join``: with the pieces before). An emergency is told after a pause
    and followed by one (its pieces never go on with another line's); other talk goes on
    with no pause, unless ``apart`` (each line after a pause)."""
    overhearing = Overhearing(told)
    woke = []
    before = ""
    for kind, text in lines:
        what = ""
        for n, piece in enumerate(spoken_pieces(text, pieces)):
            pause = None if n == 0 and (apart or EMERGENCY_KIND in (kind, before)) else 0.0
            if join and overhearing.telling(piece, pause) is not None or \
                    not join and told(piece):
                what = "emergency"
        woke.append(what)
        before = kind
    return woke


def by_voice(lines: Sequence[tuple[str, str]], told: Callable[[str], bool],
             calls: Sequence[str], voice: str, show: Callable[[str], None],
             pieces: bool = False) -> list[str]:
    """What each line, said by espeak-ng in ``voice`` (whole or in pieces), woke:
    "phrase", "call", "emergency" (in Whisper's own words) or ""."""
    from ..asr.whisper_engine import WhisperRecognizer
    from ..voice.channel import VoiceChannel, WavDirAnswers
    from ..voice.endpoint import EndpointSettings
    from ..voice.tts import Speaker
    from ..voice.wake import WakePhrase

    recognizer = WhisperRecognizer()
    wake = WakePhrase(PHRASE, recognizer, calls)
    overhearing = Overhearing(told)
    woke = []
    with tempfile.TemporaryDirectory(prefix="backtalk-overheard-") as tmp:
        folder = Path(tmp)
        turns = [spoken_pieces(text, pieces) for _, text in lines]
        files = 0
        for said in turns:
            for piece in said:
                subprocess.run(["espeak-ng", "-v", voice, "-s", str(SPEED), "-w",
                                str(folder / f"{files:05d}.wav"), piece], check=True,
                               capture_output=True, timeout=60)
                files += 1
        settings = EndpointSettings()
        channel = VoiceChannel(Speaker(), recognizer, WavDirAnswers(folder, settings),
                               settings)
        for n, ((kind, text), said) in enumerate(zip(lines, turns, strict=True)):
            if n and n % 50 == 0:
                show(f"  ({n}/{len(lines)} lines heard)")
            what, whisper = "", []
            for _ in said:
                heard = channel.listen(wake.grammar(), unheard_words=False)
                if heard is None:
                    continue
                whisper.append(heard.said)
                telling = overhearing.telling(heard.said, heard.details.get("started_after"))
                what = what or _woke(heard, wake, telling is not None)
            woke.append(what)
            if bool(what) != (kind == EMERGENCY_KIND):
                show(f"    {kind}: {text!r} -> {what or 'nothing'} (Whisper: "
                     f"{' | '.join(whisper)!r})")
    return woke


def _woke(heard: Any, wake: Any, tells: bool) -> str:
    """What one turn woke, in the order the wait takes them (``tells``: its words, alone or
    after their pieces, tell an emergency)."""
    if heard.text and wake.is_call(heard.text, heard.confidence):
        return "call"
    if tells:
        return "emergency"
    if heard.text and wake.matches(heard.text, heard.confidence):
        return "phrase"
    return ""


def main(argv: list[str] | None = None) -> None:
    summary, _, details = __doc__.partition("\n\n")
    parser = argparse.ArgumentParser(
        description=" ".join(summary.split()), epilog=details,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--file", type=Path, default=FILE,
                        help="YAML of overheard lines, 'overheard: [[kind, text], ...]' "
                             "(default: tests/overheard.yaml)")
    parser.add_argument("--voices", default="en-us",
                        help="espeak-ng voices, comma-separated (default: en-us)")
    parser.add_argument("--no-voice", action="store_true", help="the words only")
    parser.add_argument("--pieces", action="store_true",
                        help="each line heard in pieces, a turn ending at every pause")
    args = parser.parse_args(argv)
    from ..dialog.loader import load_dialog
    from ..dialog.matcher import Matcher
    from ..dialog.overheard import EmergencyOverheard, first_question
    from ..dialog.reader import default_dialogs_dir

    dialog = load_dialog(default_dialogs_dir())
    matcher = Matcher(dialog.language)
    told = EmergencyOverheard(matcher, first_question(dialog, "112"))
    lines = load_lines(args.file)
    words = by_words(lines, told, args.pieces)
    print(f"{len(lines)} lines of {args.file.name}{' in pieces' if args.pieces else ''}, "
          "as words (a perfect transcription):")
    for (kind, text), what in zip(lines, words, strict=True):
        if bool(what) != (kind == EMERGENCY_KIND):
            print(f"    {kind}: {text!r} -> {what or 'nothing'}")
    print("\n".join(tally(lines, words)))
    if args.pieces:
        print("  each piece read alone:")
        print("\n".join(tally(lines, by_words(lines, told, True, join=False))[-3:]))
        print("  each line after a pause (other talk too):")
        print("\n".join(tally(lines, by_words(lines, told, True, apart=True))[-3:]))
    if args.no_voice:
        return
    for voice in args.voices.split(","):
        print(f"said by espeak-ng {voice} at {SPEED} words a minute, heard by Whisper while "
              f"waiting for {PHRASE!r}:", flush=True)
        woke = by_voice(lines, told, matcher.emergency_grammar(), voice,
                        lambda line: print(line, flush=True), args.pieces)
        print("\n".join(tally(lines, woke)), flush=True)


if __name__ == "__main__":
    main()
