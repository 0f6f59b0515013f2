"""The virtual patients of ``tests/vignettes/`` again, answering in their own words.

``test_vignettes.py`` answers every question with the plain word ("yes", "5", "left").
People do not: they say "uh huh", "no... no", "can't say I have", "about a six", "down
low". Here each vignette is screened three times, every answer said in a different one of
the everyday ways below (written from how older people answer, not from the lexicon), and
the outcome must still be the level the articles call for. A confirmation ("Is that
right?") is agreed to in words too.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from test_vignettes import checked_findings, explain, read_vignette, vignette_names

from assistant.dialog.model import Dialog
from assistant.dialog.simulate import CONFIRM, simulate

YES = ["yes", "yeah", "uh huh", "yes... yes", "oh yes", "I do, yes", "yes dear", "mm hmm",
       "I'm afraid so", "I should say so", "um, yes", "yep", "aye, I think so, yes"]
NO = ["no", "nope", "no... no", "not really", "no, not at all", "can't say I have", "nah",
      "'fraid not", "heavens, no", "no dear", "er, no", "no, no", "I don't think so"]
DONT_KNOW = ["I don't know", "not sure", "no idea", "can't remember", "I couldn't say",
             "beats me", "hard to say", "I... don't... know"]
AGREE = ["yes", "that's right", "yes, that's it", "correct", "uh huh, right"]
PLACES = {"lower": ["lower", "low down", "the lower part", "down low", "lower back"],
          "upper": ["up top", "upper", "the top", "upper back", "high up"],
          "middle": ["in the middle", "middle", "the middle bit", "middle of my back"]}
SIDES = {"left": ["left", "on the left", "the left one", "left hand side"],
         "right": ["right", "on the right", "the right one", "right hand side"],
         "middle": ["in the middle", "the middle", "middle"],
         "both": ["both", "both sides", "both of them"]}
NUMBER_FORMS = ["{n}", "about {n}", "{n}... {n}", "a {n} I suppose", "oh, {n}"]
DAY_FORMS = ["{n} days", "about {n} days", "{n}... {n} days", "{n} days now"]
WORDS = {0: "zero", 1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six",
         7: "seven", 8: "eight", 9: "nine", 10: "ten", 12: "twelve", 14: "fourteen",
         20: "twenty", 21: "twenty one", 30: "thirty"}
SEEDS = (1, 2, 3)


def in_words(plain: str, asks: str, rng: random.Random) -> str:
    """``plain`` (what test_vignettes' patient says) as a person might say it."""
    if asks == CONFIRM:
        return rng.choice(AGREE)
    if plain == "yes":
        return rng.choice(YES)
    if plain == "no":
        return rng.choice(NO)
    if plain == "I don't know":
        return rng.choice(DONT_KNOW)
    if asks == "location" and plain in PLACES:
        return rng.choice(PLACES[plain])
    if asks == "side" and plain in SIDES:
        return rng.choice(SIDES[plain])
    try:
        number = float(plain)
    except ValueError:
        return plain  # a group's "yes, X and Y" is said as it is
    if number != int(number) or int(number) not in WORDS:
        return plain
    word = rng.choice([WORDS[int(number)], plain])
    forms = DAY_FORMS if asks == "days" else NUMBER_FORMS
    return rng.choice(forms).format(n=word)


def screen_in_words(dialog: Dialog, findings: dict[str, Any], seed: int
                    ) -> tuple[dict[str, Any], list[str]]:
    rng = random.Random(seed)
    result = simulate(dialog, findings, say=lambda plain, asks: in_words(plain, asks, rng))
    return result, [t["user"] for t in result["transcript"] if "user" in t]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", vignette_names())
def test_a_vignette_answered_in_everyday_words_gets_the_articles_level(
        dialog: Dialog, name: str, seed: int) -> None:
    findings = checked_findings(name, dialog)
    result, heard = screen_in_words(dialog, findings, seed)
    expected = read_vignette(name)["expect"]["level"]
    assert result["outcome"] == expected, \
        explain(name, result) + "\n  said: " + " | ".join(heard)
