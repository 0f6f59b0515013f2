"""Most of an emergency, told in a person's own words: "Do you need an ambulance now?"

Emergencies are recognised by concepts said together ("my chest", "tight", "just now");
people often tell all but one of them ("he's gone clammy and keeps rubbing his chest").
Then BackTalk asks whether they need an ambulance now: yes, or no answer twice, is the
emergency; no goes back to the questions and is not asked again. Each reply here is a
phrasing of our own, as a caregiver or an older person would say it, not one of the
corpus's (tests/corpus/independent14.yaml measures those).
"""

from __future__ import annotations

import pytest

from assistant.dialog.conversation import Conversation
from assistant.dialog.matcher import EMERGENCY, Matcher
from assistant.dialog.model import Dialog


def meaning(dialog: Dialog, key: str, text: str) -> tuple[str, bool]:
    question = next(q for q in dialog.questions.values() if q.finding.key == key)
    got = Matcher(dialog.language).interpret(question, text)
    return got.kind, got.nearly


@pytest.mark.parametrize(("key", "text"), [
    ("cold_sweat", "he's gone all clammy and he keeps rubbing his chest"),
    ("pain_spreading", "it's gone right into my chest just now"),
    ("shortness_of_breath", "she's had a whole lot of her sleeping pills, I found the packet "
                            "empty"),
    ("heavy_lifting_or_exercise", "he fell off the stepladder and he can't feel his legs"),
    ("nausea_vomiting", "she's bleeding from down below, it's pouring"),
    ("days", "I don't know the days, it's crushing me right now"),
    # To a group whose sign asks about the chest: what its signs ask about is asked, but
    # for a place and for how bad it is (the group of the medicine and the sudden pain
    # asks about medicine taken, below).
    ("heart", "It feels like an elephant sitting on my chest."),
])
def test_most_of_an_emergency_asks_for_the_ambulance(dialog: Dialog, key: str,
                                                     text: str) -> None:
    assert meaning(dialog, key, text) == (EMERGENCY, True)


@pytest.mark.parametrize(("key", "text"), [
    # What the question asks about, told: an answer, not most of an emergency.
    ("head_or_neck_injury", "I fell and banged my head on the shelf on Sunday"),
    ("pain_not_relieved", "I took my tablets this morning and they didn't touch it"),
    ("daily_activities_affected", "the tablets make me drowsy so I can't do much"),
    ("cold_sweat", "I sweat a lot at night, it's the menopause"),
    ("severity", "seven, it's a heavy pressure low down in my back"),
    # Said to be well, told of years ago, or feared.
    ("chest_pain", "no, my chest is fine, I sweat because it's so hot in here"),
    ("cold_sweat", "years ago my chest was tight and I was sweating, before the bypass"),
    ("weakness", "I'm scared of my chest getting tight and sweaty like my brother's did"),
])
def test_a_part_of_one_that_is_no_emergency_is_not_asked(dialog: Dialog, key: str,
                                                         text: str) -> None:
    kind, nearly = meaning(dialog, key, text)
    assert not nearly and kind != EMERGENCY


@pytest.mark.parametrize(("key", "text"), [
    # Something happening, beyond what the question asks, with another part of one.
    ("head_or_neck_injury", "he's come off the garage roof, it was a few minutes ago, "
                            "and he's lying there holding his neck"),
    ("headache_new_pattern", "it's a new one, it came on a minute ago and I feel dizzy"),
    ("severity", "ten... my chest... can't stand up"),
    ("recent_poisoning", "my grandson has been playing with my tablets"),
    # Two parts of one emergency, even two places: a heart attack's chest and arm.
    ("pain_spreading", "yes, round into my chest and down into my arm"),
])
def test_two_parts_told_apart_ask_for_the_ambulance(dialog: Dialog, key: str,
                                                    text: str) -> None:
    assert meaning(dialog, key, text) == (EMERGENCY, True)


@pytest.mark.parametrize(("key", "text"), [
    # Only what the question asks about, however many parts: an answer.
    ("head_or_neck_injury", "I had a tumble in the garden and banged my head on the wall"),
    ("sudden_severe_pain", "all at once, like being hit with a hammer"),
    ("pain_not_relieved", "I took my heart tablets and the paracetamol, nothing helped"),
    # Two places with nothing happening, an amount, or one phrase in two concepts.
    ("previous_stroke", "I can't lift my arm above my head since that one"),
    ("days", "twenty one days now"),
    ("weight_loss", "yes, a lot, I've lost a stone"),
    ("everything_hurts", "yes, I feel like I've been hit by a bus, head to toe"),
])
def test_two_parts_that_tell_no_more_than_the_question_are_not_asked(
        dialog: Dialog, key: str, text: str) -> None:
    kind, nearly = meaning(dialog, key, text)
    assert not nearly and kind != EMERGENCY


@pytest.mark.parametrize(("key", "text"), [
    ("cold_sweat", "he's grey, sweating and clutching his chest"),
    ("head_or_neck_injury", "he hit his head on the kerb and now he's being sick"),
])
def test_a_whole_emergency_is_not_asked_as_nearly_one(dialog: Dialog, key: str,
                                                      text: str) -> None:
    assert meaning(dialog, key, text) == (EMERGENCY, False)


TOLD = "my husband's gone all clammy and keeps rubbing his chest"


def conversation(dialog: Dialog, *said: str | None) -> tuple[Conversation, list[str]]:
    talk = Conversation(dialog)
    talk.start()
    says: list[str] = []
    for text in said:
        says = talk.hear(text).says
    return talk, says


def test_yes_to_the_ambulance_question_is_the_emergency(dialog: Dialog) -> None:
    talk, says = conversation(dialog, TOLD)
    assert says == [dialog.language.say["confirm_nearly"]]
    talk, says = conversation(dialog, TOLD, "yes please")
    assert talk.summary()["outcome"] == "emergency"
    assert any("ambulance" in s for s in says)


def test_no_answer_twice_is_taken_as_the_emergency(dialog: Dialog) -> None:
    talk, says = conversation(dialog, TOLD, None)
    assert talk.summary()["outcome"] is None  # one silence is not yet an answer
    assert dialog.language.say["confirm_nearly"] in says
    talk, says = conversation(dialog, TOLD, None, None)
    assert talk.summary()["outcome"] == "emergency"
    assert says[0] == dialog.language.say["taken_as_ambulance"]


def test_no_goes_on_with_the_questions_and_is_not_asked_again(dialog: Dialog) -> None:
    talk, says = conversation(dialog, TOLD, "no, he's alright, it's his indigestion")
    assert talk.summary()["outcome"] is None
    assert not any("ambulance" in s for s in says)
    says = talk.hear(TOLD).says  # the same story, told again
    assert dialog.language.say["confirm_nearly"] not in says
    # A whole emergency still counts: checked, then called (told in more than eight words,
    # it is asked as a need, not said back: tests/test_twenty_fourth_round.py).
    says = talk.hear("now he's grey and sweating and says his chest is crushing").says
    assert says[0] == dialog.language.say["confirm_nearly"]
    talk.hear("yes")
    assert talk.summary()["outcome"] == "emergency"


@pytest.mark.parametrize(("key", "text"), [
    # A long lie after a fall; legs gone with the bladder; a pulsing lump in the belly;
    # black stools with faintness; fumes; a small child and an adult's medicine.
    ("worse_after_sleep", "she's been lying on the floor all night and can't get up"),
    ("groin_numbness", "his legs have given way and he's wet himself"),
    ("pain_spreading", "there's a pulsing lump in my belly and it's agony"),
    ("nausea_vomiting", "my poo's been black as tar and I'm dizzy when I stand"),
    ("headache", "the boiler's been acting up and we're all so sleepy"),
    ("recent_poisoning", "the toddler got into my handbag and swallowed some of my pills"),
    # A faint told at the next question (a heart sign, 000): it was taken for that
    # question's yes, and the screening ended at home care.
    ("tearing_pain", "No wait, actually yes, I did faint, in the bathroom this morning."),
])
def test_emergencies_told_in_everyday_words(dialog: Dialog, key: str, text: str) -> None:
    assert meaning(dialog, key, text) == (EMERGENCY, False)


@pytest.mark.parametrize(("key", "text"), [
    ("pain_not_relieved", "I took my heart tablets this morning, they did nothing"),
    ("tearing_pain", "no, I'd call 999 if it was ever like that"),
    ("cold_sweat", "a cold sweat when I think of the dentist, but not right now"),
    # Played through the chat (2026-12-05): a temperature taken is no medicine taken; a
    # daughter asking her mother; "help" the question's own word.
    ("fever", "No fever. I took his temperature this morning, thirty-six point eight."),
    ("chest_pain", "I am answering for my mother. Mummy, any chest pain? She says no."),
    ("pain_not_relieved", "Tablets... bit... help."),
    # A list denied by one "no" (a third round: "No stroke or heart attack" was read as a
    # heart attack told, and the ambulance called).
    ("recent_heart_attack", "Yes, the angioplasty on Monday, like I said. No stroke or heart "
                            "attack."),
    # A later round: the "now" of "I told you twice now" is of the talk, not of the sign.
    ("blood_in_urine", "Yes, it's pink, like weak tea with blood in it. I told you twice now."),
    # A pregnant woman was sent an ambulance (tests/played/play17 p01): the baby she carries
    # is no child who swallowed medicine; medicine she does not want to take is not taken;
    # a group asks about what each of its signs asks ("took one paracetamol").
    ("pain_course", "I haven't really taken anything because of the baby, just a paracetamol "
                    "once. It isn't spreading, it came on gradually"),
    ("pain_course", "I only took one paracetamol and it helped a little. I don't want to take "
                    "more because of the baby"),
    # Why a procedure was done is told of the past (tests/played/play19 p06: the ambulance).
    ("recent_heart_attack", "No, no heart attack. The stent was for chest tightness on "
                            "walking."),
])
def test_alarming_words_that_are_no_emergency(dialog: Dialog, key: str, text: str) -> None:
    assert meaning(dialog, key, text)[0] != EMERGENCY


@pytest.mark.parametrize("reply", ["An ambulance? Good heavens, no.", "Ambulance? No, no.",
                                   "Need an ambulance? No, I'm fine, dear.",
                                   "What? No! I don't need an ambulance.",
                                   "No, he doesn't need an ambulance! I said he's got no fever.",
                                   # A need turned down: a woman with pink urine, played
                                   # through the chat (tests/played/play7), was sent one.
                                   "No, I don't reckon I need an ambulance, I just wanna know "
                                   "if I oughta see a doctor.",
                                   "I don't think he needs an ambulance"])
def test_the_question_said_back_then_no_is_no(dialog: Dialog, reply: str) -> None:
    # "An ambulance?" repeats our question; the answer after it is no (a woman hard of
    # hearing, played through the chat, was sent the ambulance for it).
    talk, says = conversation(dialog, TOLD, reply)
    assert talk.summary()["outcome"] is None
    assert not any("ambulance" in s for s in says)


@pytest.mark.parametrize("reply", [
    "I don't know if I need an ambulance",  # doubt: taken as the emergency
    "No I don't need an ambulance but my chest is crushing me",  # one told besides
    "I'm not sure whether she needs an ambulance"])
def test_a_need_doubted_or_an_emergency_besides_is_the_emergency(dialog: Dialog,
                                                                 reply: str) -> None:
    talk, _ = conversation(dialog, TOLD, reply)
    assert talk.summary()["outcome"] == "emergency"


@pytest.mark.parametrize("reply", ["An ambulance? Yes!", "ambulance? yes please, quick"])
def test_the_question_said_back_then_yes_is_the_emergency(dialog: Dialog,
                                                          reply: str) -> None:
    talk, _ = conversation(dialog, TOLD, reply)
    assert talk.summary()["outcome"] == "emergency"


@pytest.mark.parametrize("text", ["I need help. Too many things at once, I don't follow.",
                                  "help me, I don't understand the question"])
def test_a_plea_for_help_with_the_question_asks_for_the_ambulance_first(dialog: Dialog,
                                                                       text: str) -> None:
    # Help with the question, or an emergency: asked, silence taken as the emergency
    # (test_no_answer_twice_is_taken_as_the_emergency).
    assert meaning(dialog, "fever", text) == (EMERGENCY, True)


@pytest.mark.parametrize("text", ["Help! Help!", "help me", "I need help, call an ambulance, "
                                  "I don't understand what's happening",
                                  "help, I can't breathe, I don't understand"])
def test_a_call_for_help_is_not_made_a_question(dialog: Dialog, text: str) -> None:
    assert meaning(dialog, "fever", text) == (EMERGENCY, False)


def test_a_warning_sign_told_is_not_called_asking_for_help(dialog: Dialog) -> None:
    # A daughter told of a faint; "You asked for help" was said before the ambulance.
    talk = Conversation(dialog)
    talk.start()
    says = talk.hear("She did pass out on Sunday, she went grey and slumped in her chair").says
    assert says[-1] == dialog.language.say["confirm_nearly"]
    says = talk.hear("Yes, that's right").says
    assert says[0] == dialog.language.say["emergency_told"]
    talk = Conversation(dialog)
    talk.start()
    assert talk.hear("help me").says[0] == dialog.language.say["emergency_heard"]


@pytest.mark.parametrize(("text", "checked"), [
    # A list of denials of what the question asks (tests/played/play19 p08 was sent an
    # ambulance at once for "You asked for help"): checked, silence taken as the call.
    ("Not breathing, not arm. Is strong but not all the time, when I move it shoot down "
     "the right leg.", True),
    ("he's not breathing", False), ("not breathing", False)])
def test_not_breathing_in_a_list_of_denials_is_checked(dialog: Dialog, text: str,
                                                        checked: bool) -> None:
    question = dialog.questions["pain_kind"]
    got = Matcher(dialog.language).interpret(question, text)
    assert got.kind == EMERGENCY and got.symptom == checked


@pytest.mark.parametrize(("text", "said"), [
    ("tight in front too maybe. I can't get my breath", "emergency_told"),
    ("help me", "emergency_heard"), ("please call an ambulance", "emergency_heard")])
def test_a_state_told_is_not_called_asking_for_help(dialog: Dialog, text: str, said: str
                                                     ) -> None:
    # tests/played/play18 p02 heard "You asked for help" for her breathlessness.
    talk = Conversation(dialog)
    talk.start()
    reply = talk.hear(text)
    assert reply.says[0] == dialog.language.say[said]



@pytest.mark.parametrize(("key", "text"), [
    ("sudden_severe_pain", "Came on all at once, the worst I've ever known. Should I ring "
                           "999?"),
    ("shortness_of_breath", "Should we be calling an ambulance, do you think?"),
    ("fever", "Shall I phone 112? She's burning up and not making much sense."),
    ("days", "I don't know, love. Do I ring 999?")])
def test_asking_whether_to_call_now_asks_for_the_ambulance(dialog: Dialog, key: str,
                                                           text: str) -> None:
    """Unsure whether they need one, they are asked (or, a call said whole, it is one):
    "should I ring 999?" was no answer and no call, so the question came again as if
    nothing had been said (independent34, 2026-12-06)."""
    assert meaning(dialog, key, text)[0] == EMERGENCY


@pytest.mark.parametrize(("key", "text"), [
    ("pain_worsening", "Not really. Should I ring 999 if it does get worse?"),
    ("chest_pain", "No. But when should I call an ambulance, in case it comes?"),
    ("fever", "Should I phone the surgery tomorrow?"),
    ("severity", "About a five. Should I take another tablet?")])
def test_asking_what_to_do_another_time_is_no_call(dialog: Dialog, key: str,
                                                   text: str) -> None:
    kind, _ = meaning(dialog, key, text)
    assert kind != EMERGENCY


def test_asked_whether_to_call_then_no_goes_on(dialog: Dialog) -> None:
    talk, says = conversation(dialog, "should I ring 999?")
    assert says == [dialog.language.say["confirm_nearly"]]
    talk, says = conversation(dialog, "should I ring 999?", "no, I'm alright really")
    assert talk.summary()["outcome"] is None and talk.question is not None


def test_asking_whether_to_call_overheard_is_no_call(dialog: Dialog) -> None:
    """Talk overheard asks it of a story as often ("should I ring 999, Doctor?" on the
    television): only an answer to a question asks for the ambulance."""
    matcher = Matcher(dialog.language)
    assert matcher.interpret(None, "Should I ring 999?", telegraphic=True).kind != EMERGENCY
    assert matcher.interpret(None, "Should I ring 999?").kind == EMERGENCY
