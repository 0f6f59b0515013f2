"""The words that end a screening: the next step, why, whom to see, and the advice.

A screening ends with an outcome, or is cut short (the user stopped, or could not
answer); either way the safety advice (when to call for help) is said.
"""

from __future__ import annotations

from dataclasses import replace

from .model import Dialog
from .triage import Outcome, fill


def outcome_words(dialog: Dialog, outcome: Outcome, emergency_number: str) -> list[str]:
    """What is said for the outcome reached at the end of the questions."""
    words = [outcome.next_step, *outcome.reasons, _who(dialog, outcome)]
    words += [advice_words(dialog, a, emergency_number) for a in outcome.advice]
    if outcome.level != "emergency":
        words += [advice_words(dialog, a, emergency_number) for a in dialog.safety
                  if a not in outcome.advice]
    return [w for w in words if w]


def stopped_words(dialog: Dialog, partial: Outcome, emergency_number: str,
                  lead: list[str]) -> tuple[Outcome, list[str]]:
    """The outcome to record when the questions stop early (``partial``: what the answers so
    far reach), and what is said."""
    say = dialog.language.say
    words = [*lead, say["stopped"]]
    if partial.level == "self_care":
        # Unfinished questions can never mean "manage at home": record what was said.
        safety = dialog.safety
        partial = replace(partial, next_step=say["stopped_early"], reasons=(),
                          specialists=(), advice=safety, sources=tuple(dict.fromkeys(
                              s for a in safety for s in dialog.advice[a].sources)))
        words.append(say["stopped_early"])
    else:
        words += [partial.next_step, *partial.reasons, _who(dialog, partial)]
        if partial.level != "emergency":
            words.append(say["stopped_unasked"])
    words += [advice_words(dialog, a, emergency_number) for a in dialog.safety
              if a not in partial.advice]
    if partial.level == "self_care":
        words += [advice_words(dialog, a, emergency_number) for a in partial.advice]
    return partial, [w for w in words if w]


def emergency_words(dialog: Dialog, emergency_number: str) -> list[str]:
    """What the emergency outcome says, for a call for help heard after the end."""
    text = dialog.outcomes["emergency"]
    words = [fill(text.say, emergency_number),
             *(advice_words(dialog, a, emergency_number) for a in text.advice)]
    return [w for w in words if w]


def advice_words(dialog: Dialog, advice_id: str, emergency_number: str) -> str:
    return fill(dialog.advice[advice_id].say, emergency_number)


def _who(dialog: Dialog, outcome: Outcome) -> str:
    if not outcome.specialists:
        return ""
    names = list(outcome.specialists)
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
    return dialog.language.say["specialists"].replace("{specialists}", listed)
