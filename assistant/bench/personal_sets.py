"""Who enrolls what in the personal-voice benchmark, and which clips test them.

Per speaker of ``../shared/data/speech`` (or one person's folder given with
``--enrollment``): the first :data:`TAKES` takes of each word they said at least
``TAKES + 1`` times are enrolled, the later takes are the answers to hear. The Free
Spoken Digit Dataset has ten takes of every digit for each of its three speakers; Speech
Commands has repeated takes (``<speaker>_nohash_<n>.wav``) of some words for some
speakers. A person's grammar is the words they enrolled.

False accepts: the person's own takes of words they did not enroll, words that no question
ever asks (:data:`NEVER_ASKED`) said by other speakers, and the noise clips; an answer
heard in any of them is a false accept. Few people's recordings hold words they did not
enroll, so :func:`left_out` makes more: each of a person's words in turn is left out of
their enrollment and its takes heard against the rest.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..dialog.grammar import Grammar
from ..setup.enrollment import EnrollmentStore
from ..voice.audio.recording import is_recording, read_recording
from .clips import DIGIT_WORDS, NOISE_FOLDER
from .recording_files import recordings_in
from .split import belongs, speaker_of

TAKES = 3
"""Takes of each word enrolled (the issue's three)."""
NEVER_ASKED = ("bed", "bird", "cat", "dog", "happy", "house", "marvin", "sheila", "tree",
               "wow", "alexa", "computer", "jarvis", "snowboy")
"""Speech Commands and wake-word folders no BackTalk question has as an answer."""


@dataclass
class Person:
    """One speaker's enrollment and the clips that test it."""

    speaker: str
    enroll: dict[str, list[Path]]
    """word -> the takes enrolled, oldest first."""
    tests: list[tuple[str, Path]] = field(default_factory=list)
    """(word, clip) answers to hear: later takes of enrolled words."""
    others: list[Path] = field(default_factory=list)
    """This speaker's clips of words not enrolled."""


def _take_number(clip: Path) -> int:
    tail = clip.stem.rsplit("_", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def _takes_by_speaker(speech_dir: Path) -> dict[str, dict[str, list[Path]]]:
    """speaker -> word -> clips in take order, over digits/ and commands/."""
    found: dict[str, dict[str, list[Path]]] = defaultdict(lambda: defaultdict(list))
    for clip in recordings_in(speech_dir / "digits"):
        digit = clip.name.split("_", 1)[0]
        if digit.isdigit() and int(digit) < len(DIGIT_WORDS):
            found[speaker_of(clip)][DIGIT_WORDS[int(digit)]].append(clip)
    commands = speech_dir / "commands"
    for folder in sorted(p for p in commands.iterdir() if p.is_dir()):
        if folder.name == NOISE_FOLDER or folder.name in NEVER_ASKED:
            continue
        for clip in recordings_in(folder, "*_nohash_*"):
            found[speaker_of(clip)][folder.name].append(clip)
    for words in found.values():
        for clips in words.values():
            clips.sort(key=_take_number)
    return found


def _person(speaker: str, words: dict[str, list[Path]], takes: int,
            sample: int | None) -> Person | None:
    enroll = {w: clips[:takes] for w, clips in words.items() if len(clips) > takes}
    if not enroll:
        return None
    person = Person(speaker, enroll)
    for word in sorted(enroll):
        person.tests += [(word, clip) for clip in words[word][takes:][:sample]]
    person.others = [clip for w, clips in sorted(words.items()) if w not in enroll
                     for clip in clips]
    return person


def enrolled(person: Person, root: Path) -> EnrollmentStore:
    """An enrollment store at ``root`` holding ``person``'s enrolled takes, as ``backtalk
    enroll --from`` keeps them."""
    store = EnrollmentStore(root)
    for word, clips in person.enroll.items():
        for clip in clips:
            store.add(word, read_recording(clip))
    return store


def left_out(person: Person) -> list[tuple[str, list[Path]]]:
    """(word, every take of it) for each word of a person who enrolled two or more: heard
    with that word left out of their enrollment, the takes are their own voice saying a
    word they did not enroll, next to words they did (the false accepts the tune half had
    too few of: 51 clips of unenrolled own words, against 381 this way)."""
    if len(person.enroll) < 2:
        return []
    return [(word, person.enroll[word] + [c for w, c in person.tests if w == word])
            for word in sorted(person.enroll)]


def guessed_words(dialogs: Path | None = None) -> frozenset[str]:
    """The phrases some question's grammar lets the person's own takes take on a close
    guess (:mod:`assistant.dialog.grammar`: the numbers and the places and sides), in the
    dialogue of ``dialogs`` (default: the bundled one)."""
    from ..dialog.loader import load_dialog
    from ..dialog.matcher import Matcher
    from ..dialog.reader import default_dialogs_dir

    dialog = load_dialog(dialogs or default_dialogs_dir())
    matcher = Matcher(dialog.language)
    return frozenset().union(*(matcher.grammar(q).guessable_by_templates
                               for q in dialog.questions.values()))


def person_grammar(words: list[str], guessed: frozenset[str]) -> Grammar:
    """A person's words as the grammar they are heard with: those in ``guessed`` may be
    taken by their takes on a close guess; none by Whisper (as before such guesses)."""
    return Grammar(words, (), [w for w in words if w in guessed])


def people_from_speech(speech_dir: Path, half: str, takes: int = TAKES,
                       sample: int | None = None) -> list[Person]:
    """Every speaker of ``half`` with a word said more than ``takes`` times."""
    people = []
    for speaker, words in sorted(_takes_by_speaker(speech_dir).items()):
        some_clip = next(iter(words.values()))[0]
        if not belongs(some_clip, half):
            continue
        person = _person(speaker, words, takes, sample)
        if person is not None:
            people.append(person)
    return people


def person_from_folder(folder: Path, takes: int = TAKES, sample: int | None = None
                       ) -> Person | None:
    """One person's recordings laid out for ``backtalk enroll --from`` in folders:
    ``folder/<phrase>/<take>``, one take per file (WAV or a phone's recording,
    :mod:`assistant.voice.audio.recording`); the folder name (slug or text) is the phrase,
    underscores read as spaces."""
    words = {sub.name.replace("_", " "): sorted(p for p in sub.iterdir() if is_recording(p))
             for sub in sorted(folder.iterdir()) if sub.is_dir()}
    return _person(folder.name, {w: c for w, c in words.items() if c}, takes, sample)


def person_named(speech_dir: Path, half: str, speaker: str) -> Person:
    """The one speaker of ``half`` named ``speaker`` (ValueError when there is none)."""
    (person,) = [p for p in people_from_speech(speech_dir, half) if p.speaker == speaker]
    return person


def false_accept_clips(speech_dir: Path, person: Person, half: str, count: int
                       ) -> tuple[list[Path], list[Path]]:
    """(words, noise) for one person: their own other words first, then never-asked words
    of other speakers of ``half``, ``count`` in all, spread over the words; and ``count``
    noise clips. The same clips for everyone of one half, so people compare."""
    never = []
    for word in NEVER_ASKED:
        clips = recordings_in(speech_dir / "commands" / word)
        never.append([c for c in clips if speaker_of(c) != person.speaker
                      and belongs(c, half)])
    spread = [group[i] for i in range(max((len(g) for g in never), default=0))
              for group in never if i < len(group)]
    words = (person.others + spread)[:count]
    noise = recordings_in(speech_dir / "commands" / NOISE_FOLDER)
    return words, [c for c in noise if belongs(c, half)][:count]
