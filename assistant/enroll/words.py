"""What the enrollment session says: short sentences, one idea each, in plain words."""

from __future__ import annotations

from .checks import CLIPPED, CUT_END, CUT_START, FAR, NO_SPEECH, QUIET
from .mislabelled import answer_in

INTRO = [
    "Let's teach me how you say your answers.",
    "I will say an answer, and you say it after me, the way you usually do.",
    "I will ask for each one {times}.",
    "Say stop at any time to finish. What you have said is kept.",
]
INTRO_REDO = ["Let's record {phrase} again. Say it after me, {times}."]
FIRST = "Please say: {phrase}."
AGAIN = ("Again: {phrase}.", "Once more: {phrase}.", "One more time: {phrase}.")
SAY_STOP = "This time, saying stop only teaches me the word."
SAY_HELP = "This time I will only learn the words. If you really need help, say {call}."

REFUSED = {
    QUIET: "That was too quiet for me. Please say it a little louder, or come closer.",
    CLIPPED: "That was so loud that the sound broke up. Please say it a little softer, "
             "or move back a little.",
    CUT_START: "I missed the beginning. Please wait until I have finished, then say it.",
    CUT_END: "I missed the end. Please say it again, and I will wait until you finish.",
    FAR: "That sounded different from the other times. Please say it the way you "
         "usually do.",
    NO_SPEECH: "I did not hear a word.",
}
LIKE_ANOTHER = "That sounded like {other}."


def refused(reason: str) -> str:
    """What is said of a take refused for ``reason`` (:mod:`.checks`, :mod:`.mislabelled`)."""
    other = answer_in(reason)
    return REFUSED[reason] if other is None else LIKE_ANOTHER.format(other=other)


GIVE_UP = "Let's leave that one for now. We can try it another time."
NOT_HEARD = "I did not hear you."
SILENT_END = "I have not heard you for a while, so we will stop here. What you said is kept."

CONFIRM_HELP = "Do you need help now? Please say yes or no."
CONFIRM_STOP = "Do you want to stop now? Please say yes or no."
GOING_ON = "All right, let's go on."

REST = [
    "Well done. Let's rest for a moment.",
    "Say go on when you are ready, or stop to finish.",
]
REST_AGAIN = "Say go on when you are ready."
GO_ON = "go on"

REDO_KEPT = "Your earlier recordings of {phrase} are kept."
STOPPED = "We will stop here. What you said is kept. Thank you."
DONE = "That's all. Thank you. I have learnt how you say your answers."
PARTLY_DONE = "That's all for now. Thank you. Some answers are still to do another time."


def times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")
