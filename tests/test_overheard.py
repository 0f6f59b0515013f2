"""What BackTalk overhears while it waits (or after the outcome): an emergency in the
room starts a screening with its check; the news, an advert or a neighbour's story about
an ambulance does not.

The lines of tests/overheard.yaml and overheard2.yaml were written by two people who never
read the program (each 250 of talk that is no emergency in the room now, 80 of someone
needing an ambulance now), overheard_broken.yaml by a third (160 emergencies told in
broken, halting or understated speech, 160 lines in the same words that are none); the
reading was then tuned on them, so their floors only keep what was reached. The figures
that were not tuned on are in the README (``python -m assistant.bench.overheard``).
"""

from __future__ import annotations

import pytest

from assistant.bench.overheard import EMERGENCY_KIND, FILE, UNTELLABLE, by_words, load_lines
from assistant.dialog.loader import load_dialog
from assistant.dialog.matcher import EMERGENCY, Matcher
from assistant.dialog.overheard import EmergencyOverheard, first_question
from assistant.dialog.reader import default_dialogs_dir

TUNED = {"overheard.yaml": (71, 9), "overheard2.yaml": (55, 11),
         "overheard_broken.yaml": (141, 13)}
"""Per file, as tuned: emergencies heard from their words (of 80; of 160 in the broken
speech of overheard_broken.yaml), and other talk taken for one (of 235, a television
character's calls for help apart; of 160)."""


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_dialog(default_dialogs_dir()).language)


@pytest.fixture(scope="module")
def told(matcher: Matcher) -> EmergencyOverheard:
    return EmergencyOverheard(matcher, first_question(load_dialog(default_dialogs_dir()),
                                                      "112"))


@pytest.mark.parametrize("said", [
    "Tonight we ride along with the crew of an air ambulance.",
    "The ambulance took four hours to get to her, can you believe that?",
    "Paramedics are spending whole shifts outside emergency departments.",
    "My mum waited all night for an ambulance, and nobody said sorry.",
])
def test_the_services_named_in_talk_are_no_call(told: EmergencyOverheard,
                                                matcher: Matcher, said: str) -> None:
    assert not told(said)
    # Said to BackTalk in a reply, the same words are a call for help.
    assert matcher.interpret(told.first, said).kind == EMERGENCY


@pytest.mark.parametrize("said", [
    "Get me an ambulance, quick.", "I need an ambulance.", "Call for an ambulance!",
    "Somebody ring the paramedics, he's gone down.",
    "My chest is crushing and I'm all sweaty.", "Her face has dropped and she can't speak.",
])
def test_a_call_or_an_emergency_told_is_heard(told: EmergencyOverheard, said: str) -> None:
    assert told(said)


@pytest.mark.parametrize("said", ["", "   ", "Good morning.", "Where are my glasses?"])
def test_everyday_talk_wakes_nothing(told: EmergencyOverheard, said: str) -> None:
    assert not told(said)


@pytest.mark.parametrize("said", [
    "When Granny had her heart attack, she thought it was indigestion.",
    "Every few minutes someone in this country has a stroke.",
    "My brother's wife had a seizure at work, they're still doing tests.",
    "Today on the show: the heart attack signs women miss.",
])
def test_an_emergency_named_in_talk_is_none_here(told: EmergencyOverheard,
                                                 said: str) -> None:
    assert not told(said)


@pytest.mark.parametrize("said", [
    "I think I'm having a heart attack.", "Oh God, he's having a stroke.",
    "I think she's just had a stroke.", "It's a heart attack, I know it is.",
    "Chest pain, right now, really bad.",
])
def test_an_emergency_named_as_happening_is_heard(told: EmergencyOverheard,
                                                  said: str) -> None:
    assert told(said)


@pytest.mark.parametrize("name", sorted(TUNED))
def test_the_written_lines_keep_their_tuned_figures(told: EmergencyOverheard,
                                                    name: str) -> None:
    lines = load_lines(FILE.with_name(name))
    woke = by_words(lines, told)
    heard = sum(bool(w) for (k, _), w in zip(lines, woke, strict=True) if k == EMERGENCY_KIND)
    taken = [text for (k, text), w in zip(lines, woke, strict=True)
             if w and k not in (EMERGENCY_KIND, UNTELLABLE)]
    least_heard, most_taken = TUNED[name]
    assert heard >= least_heard
    assert len(taken) <= most_taken, taken


@pytest.mark.parametrize("said", [
    "I've taken my tablets.", "Have you taken your pills, Dad?",
    "I took two paracetamol for my back.", "The nurse took blood this morning.",
    "The man on the telly is clutching his chest.",
])
def test_medicines_taken_and_care_in_talk_are_none(told: EmergencyOverheard,
                                                   said: str) -> None:
    assert not told(said)


@pytest.mark.parametrize("said", [
    "He's taken the whole packet of his pills.", "It's an emergency!",
    "This is an emergency, she's swallowed her whole blister pack.",
])
def test_too_much_medicine_or_an_emergency_said_to_be_one_is_heard(
        told: EmergencyOverheard, said: str) -> None:
    assert told(said)
