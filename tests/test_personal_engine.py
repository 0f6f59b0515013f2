"""The personal recognizer on real recordings: one speaker's own takes heard against their
enrollment, other words and noise refused, a near-tie never taken for an answer."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from speech import synth

from assistant.asr.base import RecognizerError, Utterance
from assistant.asr.personal_engine import (
    GUESS_DISTANCE,
    MAX_DISTANCE,
    SURE,
    UNSURE,
    PersonalRecognizer,
)
from assistant.asr.select import make_recognizer
from assistant.asr.templates import FAR_TAKE, Encoder, TakeEncoder, dtw_distances, take_distance
from assistant.asr.whisper_engine import WhisperRecognizer
from assistant.bench.personal_sets import false_accept_clips, person_named
from assistant.bench.split import SPEECH_DIR
from assistant.dialog.grammar import Grammar
from assistant.setup.enrollment import EnrollmentStore
from assistant.voice.audio.wav import read_wav
from assistant.voice.wake import normalise

SPEECH = SPEECH_DIR
DIGITS = {"one": 1, "three": 3, "six": 6, "nine": 9}


def digit(word: str, take: int, speaker: str = "theo") -> bytes:
    return read_wav(SPEECH / "digits" / f"{DIGITS[word]}_{speaker}_{take}.wav")


@pytest.fixture(scope="module")
def whisper() -> WhisperRecognizer:
    return WhisperRecognizer()


@pytest.fixture(scope="module")
def takes(whisper: WhisperRecognizer) -> Encoder:
    """What the templates describe a take by: Whisper's rows and the speech embedding."""
    return TakeEncoder(whisper.encoder_frames)


@pytest.fixture(scope="module")
def theo(tmp_path_factory: pytest.TempPathFactory) -> EnrollmentStore:
    """Theo's first three takes of four digits (Free Spoken Digit Dataset, 8 kHz)."""
    store = EnrollmentStore(tmp_path_factory.mktemp("data") / "voice")
    for word in DIGITS:
        for take in range(3):
            store.add(word, digit(word, take))
    return store


def brute_force_dtw(query: np.ndarray, template: np.ndarray) -> float:
    cost = np.linalg.norm(query[:, None] - template[None], axis=2)
    total = np.full(cost.shape, np.inf)
    for i in range(len(query)):
        for j in range(len(template)):
            if i == j == 0:
                total[0, 0] = 2 * cost[0, 0]
                continue
            steps = [total[i - 1, j] + cost[i, j]] if i else []
            steps += [total[i, j - 1] + cost[i, j]] if j else []
            steps += [total[i - 1, j - 1] + 2 * cost[i, j]] if i and j else []
            total[i, j] = min(steps)
    return float(total[-1, -1] / (len(query) + len(template)))


def test_batched_dtw_is_the_textbook_one() -> None:
    rng = np.random.default_rng(7)
    query = rng.normal(size=(17, 5))
    templates = [rng.normal(size=(n, 5)) for n in (1, 6, 17, 30)]
    expected = [brute_force_dtw(query, t) for t in templates]
    assert np.allclose(dtw_distances(query, templates), expected)
    assert dtw_distances(query, [query])[0] == pytest.approx(0.0, abs=1e-6)


def test_later_takes_are_heard_surely(theo: EnrollmentStore, takes: Encoder) -> None:
    personal = PersonalRecognizer(theo, None, takes)
    grammar = [*DIGITS, "ten", "repeat"]  # "ten" and "repeat" were not enrolled
    heard = [(word, personal.recognize(digit(word, take), grammar))
             for word in DIGITS for take in (5, 7)]
    assert all(u.text in ("", word) for word, u in heard), [u.details for _, u in heard]
    # Most are heard, and sure enough to need no confirmation. Not all: theo's take 7 of
    # "one" is 0.48 from his takes, over its limit of 0.39 (1.4 times how far his takes
    # of it are from each other); the general recognizer would hear it.
    assert sum(1 for word, u in heard if u.text == word) >= 7, [u.details for _, u in heard]
    sure = [u for _, u in heard if u.confidence >= SURE]
    assert len(sure) >= 6, [u.details for _, u in heard]


def test_slowed_and_quieter_takes(theo: EnrollmentStore, takes: Encoder) -> None:
    from assistant.bench.personal import quieter, slowed

    personal = PersonalRecognizer(theo, None, takes)
    # 20 dB under a take the general recognizers' speech gate already refuses.
    assert personal.recognize(quieter(digit("three", 5)), list(DIGITS)).text == "three"
    assert personal.recognize(slowed(digit("nine", 7)), list(DIGITS)).text == "nine"


def test_other_words_and_noise_are_refused(theo: EnrollmentStore, takes: Encoder) -> None:
    personal = PersonalRecognizer(theo, None, takes)
    clips = [SPEECH / "digits" / f"{d}_theo_4.wav" for d in (0, 2, 5, 8)]  # not enrolled
    clips += sorted((SPEECH / "commands" / "bed").glob("*.wav"))[:3]
    clips += sorted((SPEECH / "commands" / "_noise_").glob("*.wav"))[:3]
    for clip in clips:
        heard = personal.match(read_wav(clip), list(DIGITS))
        assert heard.confidence < SURE, (clip.name, heard.details)
    taken = [c.name for c in clips if personal.match(read_wav(c), list(DIGITS)).text]
    assert len(taken) <= 1, taken


def test_a_near_tie_is_never_an_answer(tmp_path: Path, whisper: WhisperRecognizer,
                                       takes: Encoder) -> None:
    """The same takes enrolled under two phrases: the answer matches both equally."""
    store = EnrollmentStore(tmp_path / "voice")
    for take in range(3):
        store.add("three", digit("three", take))
        store.add("tree", digit("three", take))
    personal = PersonalRecognizer(store, whisper, takes)
    mine, given = personal.decide(digit("three", 6), ["three", "tree"])
    assert mine.text == "" and mine.details["ratio"] == pytest.approx(1.0)
    # Whisper, behind it, may name one; the templates disagree, so it is not sure.
    assert given.confidence < SURE


def test_take_distance_tells_a_stray_take(takes: Encoder) -> None:
    same = take_distance(digit("one", 0), digit("one", 1), takes)
    other = take_distance(digit("one", 0), digit("nine", 1, "jackson"), takes)
    assert same < FAR_TAKE < other


def test_auto_takes_the_enrollment_and_personal_needs_one(tmp_path: Path,
                                                          theo: EnrollmentStore) -> None:
    with pytest.raises(RecognizerError, match="backtalk enroll"):
        make_recognizer("personal", None, tmp_path)
    chosen, notice = make_recognizer("auto", None, theo.root.parent)
    assert chosen.name == "personal" and notice is None
    assert chosen.recognize(digit("three", 9), list(DIGITS)).text == "three"
    general, _ = make_recognizer("auto", None, tmp_path)
    assert general.name == "whisper"


def test_a_call_for_help_not_enrolled_is_still_heard(theo: EnrollmentStore,
                                                     whisper: WhisperRecognizer,
                                                     takes: Encoder) -> None:
    personal = PersonalRecognizer(theo, whisper, takes)
    heard = personal.recognize(synth("help me"), [*DIGITS, "help me", "repeat"])
    assert heard.text == "help me", heard.details


def test_a_phrase_both_recognizers_guess_is_an_unsure_answer(takes: Encoder,
                                                             tmp_path: Path) -> None:
    """Jackson's later "seven"s (tune half, 8 kHz): the templates and Whisper are each
    unsure of some, yet both guess "seven". Such an answer is given, but unsure (so it is
    confirmed where it matters), and nothing of his never-enrolled words or noise is.

    Whisper is made stricter than its own thresholds (a log-probability of -3 to accept
    rather than -5.1), so that it refuses the sevens it is least sure of, wherever they
    fall: with int8 arithmetic they came out at -4.8 to -5.0 on one processor and under
    -5.1 on another. Its best guess still reaches the agreement's floor (-6), and the
    stricter it is, the more of the other words and noise face the agreement. Its second
    hearing after his takes is set aside: it would confirm them first."""
    jackson = person_named(SPEECH, "tune", "jackson")
    store = EnrollmentStore(tmp_path / "voice")
    for word, clips in jackson.enroll.items():
        for clip in clips:
            store.add(word, read_wav(clip))
    whisper = WhisperRecognizer(min_logp=-3.0)
    whisper.hears_context = False  # type: ignore[misc]  # the agreement, not a second hearing
    personal = PersonalRecognizer(store, whisper, takes)
    grammar = sorted(jackson.enroll)
    sevens = [personal.recognize(read_wav(clip), grammar)
              for word, clip in jackson.tests if word == "seven"]
    agreed = [u for u in sevens if u.details.get("agreed")]
    assert agreed, [u.details for u in sevens]
    assert all(u.text == "seven" and u.confidence == UNSURE for u in agreed)
    words, noise = false_accept_clips(SPEECH, jackson, "tune", 20)
    for clip in words + noise:
        assert not personal.recognize(read_wav(clip), grammar).details.get("agreed"), clip


def test_an_own_word_left_out_of_the_enrollment_is_refused(theo: EnrollmentStore,
                                                           takes: Encoder) -> None:
    """Theo's own "three"s heard with "three" left out of his enrollment: his voice saying
    a word he did not enroll, the false accept the held-out speakers showed most."""
    personal = PersonalRecognizer(theo, None, takes)
    rest = personal.without("three")
    assert not rest.enrolled("three") and personal.enrolled("three")
    grammar = ["one", "six", "nine"]
    heard = [rest.match(digit("three", take), grammar) for take in range(10)]
    assert all(u.confidence < SURE for u in heard), [u.details for u in heard]
    assert sum(1 for u in heard if u.text) <= 1, [u.details for u in heard]
    # The enrollment it came from still hears them.
    assert personal.match(digit("three", 8), [*grammar, "three"]).text == "three"
    with pytest.raises(RecognizerError, match="only phrase"):
        rest.without("one").without("six").without("nine")


def test_a_slow_answer_is_also_heard_at_the_enrolled_pace(theo: EnrollmentStore,
                                                          takes: Encoder) -> None:
    """Theo's takes slowed to 0.6x are far longer than his enrolled ones, so they are also
    heard sped up, and come out nearer their phrase than heard only as said."""
    assert PersonalRecognizer(theo, None, takes).match(
        digit("three", 6), list(DIGITS)).details["length"] < 1.15  # his own pace
    from assistant.bench.personal import slowed

    personal = PersonalRecognizer(theo, None, takes)
    as_said = PersonalRecognizer(theo, None, takes)
    as_said.tempo_works = False
    for word, take in (("three", 6), ("six", 8), ("nine", 5)):
        slow = slowed(digit(word, take))
        quick, plain = personal.match(slow, list(DIGITS)), as_said.match(slow, list(DIGITS))
        assert quick.details["length"] > 1.15, quick.details
        assert quick.text == word and quick.details["distance"] < plain.details["distance"]


def test_without_sox_slow_answers_are_heard_as_said(theo: EnrollmentStore, takes: Encoder,
                                                    tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    from assistant.bench.personal import slowed

    slow = slowed(digit("three", 7))
    personal = PersonalRecognizer(theo, None, takes)
    monkeypatch.setenv("PATH", str(tmp_path))  # no sox on it
    with caplog.at_level("WARNING"):
        heard = personal.match(slow, list(DIGITS))
        personal.match(slow, list(DIGITS))
    assert heard.details["length"] > 1.15 and not personal.tempo_works
    assert [r.getMessage() for r in caplog.records
            if "heard as said" in r.getMessage()][:1] and \
        sum("heard as said" in r.getMessage() for r in caplog.records) == 1


class HearsNothing:
    """A general recognizer that makes nothing out (Whisper with a voice it does not know)."""

    name = "stand-in"

    def recognize(self, audio: bytes, phrases: Sequence[str]) -> Utterance:
        return Utterance("", 0.0, (), self.name, rejected=True)


def test_a_take_near_but_over_the_limits_is_a_close_guess(takes: Encoder,
                                                          tmp_path: Path) -> None:
    """Jackson's later "seven" and "five" (tune half, 8 kHz) are nearest their phrase but
    over its limits (0.59 and 0.60 from his takes, the limit 0.56); with nothing else made
    out, each is given as a close guess, under 0.5, on a number question (whose numbers the
    templates may guess) and on no plain grammar. A take nearer to a tie with another phrase
    and a noise clip are no guess."""
    jackson = person_named(SPEECH, "tune", "jackson")
    store = EnrollmentStore(tmp_path / "voice")
    for word, clips in jackson.enroll.items():
        for clip in clips:
            store.add(word, read_wav(clip))
    personal = PersonalRecognizer(store, HearsNothing(), takes)  # type: ignore[arg-type]
    digits = sorted(jackson.enroll)
    number = Grammar(digits, (), digits)  # as on a number question
    for word, name in (("seven", "7_jackson_9.wav"), ("five", "5_jackson_9.wav")):
        audio = read_wav(SPEECH / "digits" / name)
        mine, given = personal.decide(audio, number)
        assert mine.text == "" and mine.details["heard"] == word, mine.details
        assert MAX_DISTANCE < float(str(mine.details["distance"])) < GUESS_DISTANCE
        assert given.text == word and given.details.get("guess"), given.details
        assert 0 < given.confidence < 0.5
        assert personal.decide(audio, digits)[1].text == ""  # no guess on a plain grammar
    # "six" nearest, but nearly as near "five" (ratio about 0.95); noise nowhere near.
    for clip in (SPEECH / "digits" / "6_jackson_5.wav",
                 SPEECH / "commands" / "_noise_" / "noise1024_nohash_0.wav"):
        mine, given = personal.decide(read_wav(clip), number)
        assert mine.text == "" and not mine.details.get("close"), mine.details
        assert given.text == "" and not given.details.get("guess"), given.details


def test_a_stretch_far_longer_than_the_takes_is_left_to_whisper(theo: EnrollmentStore,
                                                                whisper: WhisperRecognizer,
                                                                takes: Encoder) -> None:
    """Four of theo's digits run together (as the listener while BackTalk speaks hears a
    2.5 s stretch) are over three times his takes' length: no take can line up with the
    whole, so the templates are not asked and Whisper's answer stands (and its own
    transcription, where a call said in a long stretch is found); his slowed take (1.7
    times) is still matched."""
    personal = PersonalRecognizer(theo, whisper, takes)
    run_together = b"".join(digit(word, 7) for word in DIGITS)
    mine, given = personal.decide(run_together, list(DIGITS))
    assert mine.details == {"far_longer": True} and mine.rejected
    assert given.details["general_text"] == given.text or not given.text
    from assistant.bench.personal import slowed

    assert "distance" in personal.decide(slowed(digit("six", 8)), list(DIGITS))[0].details
    call = synth("please listen to all of this before you answer. help me")
    mine, given = personal.decide(call, [*DIGITS, "help me"])
    # Whisper's own transcription holds the call whole, as the listener reads it (its
    # words normalised: Whisper once wrote ' ... answer "Help" me.').
    assert mine.details == {"far_longer": True} \
        and " help me " in f" {normalise(given.said)} ", given
