"""Replies of the fourteenth round of blind play (tests/played/play26, people with aphasia
and their carers; play27, older people who answer with stories) that were misread, each
beside a phrasing of our own of the same kind."""

from __future__ import annotations

import pytest
from test_named_signs import meaning
from test_twelfth_round import at

from assistant.dialog.conversation import Conversation
from assistant.dialog.matcher import ANSWER, COMMAND, Matcher
from assistant.dialog.model import STOPPED, Dialog
from assistant.dialog.passing import InPassing
from assistant.dialog.signs import own_questions
from assistant.dialog.triage import triage


def heard(dialog: Dialog, state: str, reply: str) -> tuple[dict[str, object], str]:
    """The findings and the words said back after ``reply`` at ``state``."""
    talk = at(dialog, state)
    said = talk.hear(reply)
    return dict(talk.model.findings), said.text


def _asked_to_stop(dialog: Dialog) -> Conversation:
    talk = at(dialog, "pain_kind")
    assert "stop" in talk.hear("stop").text
    return talk


@pytest.mark.parametrize("reply", ["Stop? No, no, carry on, love, I've come this far.",
                                   "no, keep going", "please carry on", "No! Go on."])
def test_asked_to_go_on_the_questions_go_on(dialog: Dialog, reply: str) -> None:
    talk = _asked_to_stop(dialog)
    talk.hear(reply)
    assert talk.state == "pain_kind"


@pytest.mark.parametrize("reply", ["yes", "stop", "yes please, I don't want to carry on"])
def test_asked_to_stop_they_stop(dialog: Dialog, reply: str) -> None:
    talk = _asked_to_stop(dialog)
    talk.hear(reply)
    assert talk.state == STOPPED


@pytest.mark.parametrize(("key", "text"), [
    ("pain_not_relieved", "The tablets help the back well enough, I suppose."),
    ("pain_not_relieved", "the pills work well enough"),
    ("leg_numbness_or_weakness",
     "No, the legs are fine. Though, if you'll pardon me, the bedroom department has "
     "packed up this last month."),
    ("leg_numbness_or_weakness", "no, legs are fine, excuse me, just a bit stiff"),
])
def test_words_inside_an_answer_are_no_command(dialog: Dialog, key: str, text: str) -> None:
    assert meaning(dialog, key, text)[0] != COMMAND


@pytest.mark.parametrize(("text", "command"), [("pardon me", "repeat"),
                                               ("excuse me?", "repeat"),
                                               ("that's enough", "stop")])
def test_the_commands_said_alone_still_are(dialog: Dialog, text: str, command: str) -> None:
    assert meaning(dialog, "chest_pain", text) == (COMMAND, command)


@pytest.mark.parametrize("reply", [
    "stroke yes, 4 years ago. no heart attack, no heart procedure",
    "yes. stroke. husband here: stroke 2 years ago, no heart attack, no heart procedure",
    "yes, a stroke last spring. No heart attack, and no stent.",
])
def test_signs_denied_beside_a_sign_named_are_not_asked(dialog: Dialog, reply: str) -> None:
    findings, text = heard(dialog, "history", reply)
    assert (findings.get("previous_stroke"), findings.get("recent_heart_attack")) == \
        ("yes", "no")
    assert "heart attack" not in text


def test_a_shared_word_denies_the_sign_named_most(dialog: Dialog) -> None:
    # "heart" is a word of the heart attack and of the procedure on the heart: "no heart
    # attack" says nothing of the procedure, which is still asked.
    talk = at(dialog, "history")
    said = talk.hear("stroke yes. no heart attack")
    assert talk.model.findings.get("recent_heart_attack") == "no"
    assert "recent_angioplasty" not in talk.model.findings
    assert "angioplasty" in said.text


@pytest.mark.parametrize("reply", ["well no", "well, no, none of that"])
def test_a_filler_names_no_sign(dialog: Dialog, reply: str) -> None:
    # "Do you have a headache as well?": "well" is no word of the headache.
    talk = at(dialog, "general")
    talk.hear(reply)
    assert talk.model.findings.get("headache") == "no"


@pytest.mark.parametrize(("key", "text", "value"), [
    ("everything_hurts", "all hurts", "yes"),
    ("everything_hurts", "she says it all hurts", "yes"),
    ("recent_angioplasty", "yes. balloon. i said. eight day", "yes"),
    ("recent_angioplasty", "they did the balloon last week", "yes"),
    ("recent_angioplasty", "no balloon", "no"),
    ("erectile_dysfunction", "the bedroom department has packed up this last month", "yes"),
    ("erectile_dysfunction", "a bit of trouble in the bedroom, yes", "yes"),
    ("worse_after_sleep", "No, dear, it's no worse in the mornings. Worse of an evening.",
     "no"),
    ("worse_after_sleep", "not worse in the morning, worse of a night", "no"),
    ("chest_pain", "No. Not as such.", "no"),
])
def test_replies_of_the_fourteenth_round(dialog: Dialog, key: str, text: str,
                                         value: str) -> None:
    assert meaning(dialog, key, text) == (ANSWER, value)


def test_a_no_said_with_not_as_such_alone_is_checked(dialog: Dialog) -> None:
    question = next(q for q in dialog.questions.values()
                    if q.finding.key == "chest_pain" and not q.members)
    got = Matcher(dialog.language).interpret(question, "not as such")
    assert (got.kind, got.value, got.confirm) == (ANSWER, "no", True)


@pytest.mark.parametrize("text", ["That was my wife Joan, she had a faint last year",
                                  "not me, it was my brother, he fainted at the wedding"])
def test_a_sign_put_on_someone_else_is_no_yes(dialog: Dialog, text: str) -> None:
    assert meaning(dialog, "fainting", text) != (ANSWER, "yes")


@pytest.mark.parametrize(("state", "text", "key"), [
    ("heart", "Daughter typing for mum. She says all. all hurts. Not chest no", "everything_hurts"),
    ("fainting", "no faint. sweat lot. sick tummy", "cold_sweat"),
    ("fainting", "no, never fainted, but I was all clammy", "cold_sweat"),
    ("nerves", "No, the legs are fine and nothing's numb down there. Though, if you'll "
               "pardon me, the bedroom department has packed up.", "erectile_dysfunction"),
])
def test_signs_told_in_passing(dialog: Dialog, state: str, text: str, key: str) -> None:
    question = next(q for q in dialog.questions.values()
                    if q.id == state or q.finding.key == state and not q.members)
    passing = InPassing(dialog.language, Matcher(dialog.language), own_questions(dialog))
    assert key in passing.told(question, text)


@pytest.mark.parametrize(("key", "text", "value"), [
    ("leg_cramps", "No, I don't get cramps, not really.", "no"),
    ("headache", "I don't get headaches", "no"),
    ("chest_pain", "No. Not a twinge.", "no"),
    ("pain_to_arm_or_jaw", "It doesn't go down my arm or up my jaw.", "no"),
    ("pain_to_arm_or_jaw", "not down my arm", "no"),
    ("leg_numbness_or_weakness", "my legs have gone all cotton wool and pins these last few "
                                 "days", "yes"),
    ("pain_not_relieved", "he hasn't taken anything", "no"),
])
def test_more_replies_of_the_fourteenth_round(dialog: Dialog, key: str, text: str,
                                              value: str) -> None:
    assert meaning(dialog, key, text) == (ANSWER, value)


def test_where_a_pain_goes_is_no_pain_that_does_not_stop(dialog: Dialog) -> None:
    # "a strong, cutting pain that does not stop": "it doesn't go" is one, "it doesn't go
    # down my arm" says where it goes.
    assert meaning(dialog, "tearing_pain", "it just doesn't go") == (ANSWER, "yes")
    assert meaning(dialog, "tearing_pain", "It doesn't go down my arm") != (ANSWER, "yes")


def test_a_time_counted_back_with_now_is_no_emergency(dialog: Dialog) -> None:
    reply = ("I take a paracetamol at bedtime and it eases it, dear. It came on gradual, "
             "after the funeral, a month or more ago now. It's not going anywhere else.")
    assert meaning(dialog, "pain_not_relieved", reply)[0] != "emergency"
    talk = at(dialog, "pain_course")
    assert "ambulance" not in talk.hear(reply).text


@pytest.mark.parametrize("reply", [
    "No, dear, none of those. It's a dull, bursting sort of ache right across the bottom of "
    "my back, there when I'm sat still, moving doesn't change it.",
    "No, it's not any of those. It's a dull, nagging sort of ache, round the side, like a "
    "toothache in the back.",
    "none of them, it's just a stiff old back",
])
def test_every_sign_turned_down_at_once_is_not_asked_one_by_one(dialog: Dialog,
                                                               reply: str) -> None:
    # Checked ("I heard no to all of them. Is that right?") when the rest was not made
    # out; a plain no ("none of them, it's just a stiff old back") is taken.
    talk = at(dialog, "pain_kind")
    if "no to all of them" in talk.hear(reply).text:
        talk.hear("yes")
    assert all(talk.model.findings.get(k) == "no"
               for k in ("worse_when_breathing", "pain_to_arm_or_jaw", "tearing_pain"))


def test_nothing_like_that_after_one_sign_named_is_said_of_it(dialog: Dialog) -> None:
    talk = at(dialog, "general")
    talk.hear("Poisoning? No, nothing like that, I've not eaten anything bad.")
    assert "fever" not in talk.model.findings


def test_a_sign_told_beside_none_of_those_is_still_asked(dialog: Dialog) -> None:
    talk = at(dialog, "pain_kind")
    talk.hear("No, none of those, but it's there all the time, it never stops")
    assert "tearing_pain" not in talk.model.findings


@pytest.mark.parametrize("reply", ["No, love, breathing doesn't make it worse.",
                                   "that's right, breathing doesn't make it any worse"])
def test_a_no_said_again_in_the_signs_words_confirms_it(dialog: Dialog, reply: str) -> None:
    talk = at(dialog, "pain_kind")
    talk.hear("I'm not sure")
    while talk.state != "worse_when_breathing":
        talk.hear("no")
    assert "I heard no" in talk.hear("I don't think so").text
    talk.hear(reply)
    assert talk.model.findings.get("worse_when_breathing") == "no"


@pytest.mark.parametrize("reply", [
    "Not really, dear. My chest is alright and I'm breathing alright. It's my back, low down "
    "right across, ever since the do.",
    "Chest is fine but I did come over all funny on the stairs yesterday",
])
def test_a_sign_said_to_be_well_is_not_asked_again(dialog: Dialog, reply: str) -> None:
    findings, text = heard(dialog, "heart", reply)
    assert findings.get("chest_pain") == "no" and "chest" not in text


@pytest.mark.parametrize(("findings", "kept"), [
    ({"previous_stroke": "yes", "stress": "yes"}, "stress_exercise"),
    ({"days": 10, "worse_after_sleep": "yes"}, "firm_mattress"),
    ({"days": 10, "heavy_lifting_or_exercise": "yes"}, "limit_heavy_work"),
])
def test_an_appointment_soon_keeps_the_advice_for_the_cause(dialog: Dialog, findings: dict,
                                                             kept: str) -> None:
    # The tester of play27 p03 (a month's tension after a funeral, soon for pain over a
    # week) heard nothing of 000 "Back pain after stress".
    outcome = triage(dialog, findings)
    assert outcome.level == "soon"
    assert kept in outcome.advice


def test_advice_to_wait_and_see_is_not_given_with_an_appointment(dialog: Dialog) -> None:
    # "If it is not better in three or four days, make an appointment" says less than
    # "make an appointment in the next few days".
    assert "not_better_in_days" in triage(
        dialog, {"heavy_lifting_or_exercise": "yes", "days": 2}).advice
    soon = triage(dialog, {"heavy_lifting_or_exercise": "yes", "days": 2,
                           "previous_stroke": "yes"})
    assert soon.level == "soon" and "not_better_in_days" not in soon.advice
