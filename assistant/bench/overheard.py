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

Every line counts once, per kind, with a 95% interval. ``drama_call`` lines (a television
character calling for help in a real person's words) cannot be told from a real call by
their words and are counted apart.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml

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


def by_words(lines: Sequence[tuple[str, str]], told: Callable[[str], bool]) -> list[str]:
    return ["emergency" if told(text) else "" for _, text in lines]


def by_voice(lines: Sequence[tuple[str, str]], told: Callable[[str], bool],
             calls: Sequence[str], voice: str, show: Callable[[str], None]) -> list[str]:
    """What each line, said by espeak-ng in ``voice``, woke: "phrase", "call",
    "emergency" (in Whisper's own words) or ""."""
    from ..asr.whisper_engine import WhisperRecognizer
    from ..voice.channel import VoiceChannel, WavDirAnswers
    from ..voice.endpoint import EndpointSettings
    from ..voice.tts import Speaker
    from ..voice.wake import WakePhrase

    recognizer = WhisperRecognizer()
    wake = WakePhrase(PHRASE, recognizer, calls)
    woke = []
    with tempfile.TemporaryDirectory(prefix="backtalk-overheard-") as tmp:
        folder = Path(tmp)
        for n, (_, text) in enumerate(lines):
            subprocess.run(["espeak-ng", "-v", voice, "-s", str(SPEED), "-w",
                            str(folder / f"{n:04d}.wav"), text], check=True,
                           capture_output=True, timeout=60)
        settings = EndpointSettings()
        channel = VoiceChannel(Speaker(), recognizer, WavDirAnswers(folder, settings),
                               settings)
        for kind, text in lines:
            heard = channel.listen(wake.grammar(), unheard_words=False)
            what = ""
            if heard is not None and heard.text and wake.is_call(heard.text, heard.confidence):
                what = "call"
            elif heard is not None and told(heard.said):
                what = "emergency"
            elif heard is not None and heard.text and wake.matches(heard.text,
                                                                   heard.confidence):
                what = "phrase"
            woke.append(what)
            if bool(what) != (kind == EMERGENCY_KIND):
                said = heard.said if heard is not None else None
                show(f"    {kind}: {text!r} -> {what or 'nothing'} (Whisper: {said!r})")
    return woke


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--file", type=Path, default=FILE)
    parser.add_argument("--voices", default="en-us",
                        help="espeak-ng voices, comma-separated (default: en-us)")
    parser.add_argument("--no-voice", action="store_true", help="the words only")
    args = parser.parse_args(argv)
    from ..dialog.loader import load_dialog
    from ..dialog.matcher import Matcher
    from ..dialog.overheard import EmergencyOverheard, first_question
    from ..dialog.reader import default_dialogs_dir

    dialog = load_dialog(default_dialogs_dir())
    matcher = Matcher(dialog.language)
    told = EmergencyOverheard(matcher, first_question(dialog, "112"))
    lines = load_lines(args.file)
    words = by_words(lines, told)
    print(f"{len(lines)} lines of {args.file.name}, as words (a perfect transcription):")
    for (kind, text), what in zip(lines, words, strict=True):
        if bool(what) != (kind == EMERGENCY_KIND):
            print(f"    {kind}: {text!r} -> {what or 'nothing'}")
    print("\n".join(tally(lines, words)))
    if args.no_voice:
        return
    for voice in args.voices.split(","):
        print(f"said by espeak-ng {voice} at {SPEED} words a minute, heard by Whisper while "
              f"waiting for {PHRASE!r}:", flush=True)
        woke = by_voice(lines, told, matcher.emergency_grammar(), voice,
                        lambda line: print(line, flush=True))
        print("\n".join(tally(lines, woke)), flush=True)


if __name__ == "__main__":
    main()
