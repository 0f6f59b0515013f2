"""How to answer: the hints said with a question asked again."""

from __future__ import annotations

from .model import Question


def answer_hint(say: dict[str, str], question: Question) -> str:
    """What kind of answer the question takes: yes or no, one of its choices, a number."""
    kind = question.finding.type
    if question.yes_no:
        return say["help_yes_no"]
    if kind == "choice":
        return say["help_choice"].replace("{choices}", ", ".join(question.phrases))
    return say["help_number"]


def range_hint(say: dict[str, str], question: Question) -> str:
    """The scale of a number question, for an answer outside it."""
    f = question.finding
    return say["out_of_range"].replace("{min}", f"{f.minimum:g}").replace(
        "{max}", f"{f.maximum:g}")
