"""The coverage property of ``backtalk check``: what a path never asks.

Each test breaks a copy of the real flow the way the vignettes found it broken (a sign
asked on one branch only, a sign the articles name that no path asks, a misheard "where"
that skips the heart questions, a level cut placed too early, a rule's scope without its
source) and shows the check failing with the finding and a shortest path that misses it.
The real flow passes (test_check_cli.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.dialog.loader import load_dialog
from assistant.dialog.paths import check_paths
from assistant.dialog.reader import DialogInvalid

Edit = Callable[[Path, str, str], str]

HEART_NEXT = ("      - {article: 004_159567c9729f6f9c.txt, heading: \"When Should You Be "
              "Concerned?\"}\n    next: pain_kind\n")


def gaps_of(folder: Path) -> dict[str, str]:
    report = check_paths(load_dialog(folder))
    assert not report.ok
    found = {}
    for line in report.gaps:
        finding = line.split("'")[1]
        found[finding] = line
    return found


def steps(line: str) -> list[str]:
    return line.split("never asked on: ", 1)[1].split(" -> ")


def add_place_question(copy: Path, edit: Edit, heart_for: str) -> None:
    """Ask 'where' right after the heart group and send only ``heart_for`` places on to the
    heart-pain questions, as the old flow did."""
    edit(copy / "questions.yaml", HEART_NEXT, HEART_NEXT.replace(
        "next: pain_kind", f'''next: where

  - id: where
    finding: location
    ask: Where on your back is the pain? Upper, middle, or lower?
    reask: Is the pain high up, in the middle, or low down on your back?
    source: {{article: 002_b1bbf1f53952834f.txt, heading: "Localization of pain and its causes"}}
    next:
      - {{if: "{heart_for}", goto: pain_kind}}
      - {{goto: pain_course}}'''))


def test_a_sign_asked_on_one_branch_only_is_caught(dialog_copy: Path, edit: Edit) -> None:
    # Heart pain felt low in the back (000, 002): asked only for upper and middle back pain.
    add_place_question(dialog_copy, edit, "location in [upper, middle]")
    gaps = gaps_of(dialog_copy)
    for sign in ("pain_to_arm_or_jaw", "tearing_pain", "worse_when_breathing"):
        assert sign in gaps, gaps
        path = steps(gaps[sign])
        # The shortest path: the heart group, the place, the next groups, and no more.
        assert "where=lower" in path, path
        assert "could have made it" in path[-1]
    # Emergency signs missed on the way to a lower outcome are named with their rule.
    assert "rule 'tearing_pain' could have made it emergency" in gaps["tearing_pain"]


def test_a_misheard_place_that_skips_alarm_questions_is_caught(dialog_copy: Path,
                                                               edit: Edit) -> None:
    # "upper" misheard as "low": only the heart group for upper back pain is asked.
    add_place_question(dialog_copy, edit, "location == upper")
    gaps = gaps_of(dialog_copy)
    assert {"pain_to_arm_or_jaw", "tearing_pain"} <= set(gaps)
    assert any(step in steps(gaps["tearing_pain"]) for step in ("where=lower", "where=middle"))


def test_a_sign_no_path_asks_is_caught(dialog_copy: Path, edit: Edit) -> None:
    # The articles name trouble passing urine (000, 002); a flow that never reaches its
    # question leaves it unasked on every path.
    edit(dialog_copy / "questions.yaml", "    next: urine\n", "    next: kidney_signs\n")
    gaps = gaps_of(dialog_copy)
    assert {"bladder_problems", "blood_in_urine", "painful_urination"} <= set(gaps)
    assert steps(gaps["bladder_problems"])[-1].split(",")[0] in ("self_care", "soon")


def test_a_level_cut_too_early_is_caught(dialog_copy: Path, edit: Edit) -> None:
    # "Nothing after this can make it an emergency", said one group too early: the spinal
    # infection signs after a fever are skipped once the fever makes it urgent.
    edit(dialog_copy / "questions.yaml",
         '      - {if: "fever or unknown(fever)", goto: infection}\n',
         '      - {if: "level >= urgent", goto: finish}\n'
         '      - {if: "fever or unknown(fever)", goto: infection}\n')
    gaps = gaps_of(dialog_copy)
    assert {"everything_hurts", "weakness"} <= set(gaps)
    assert "urgent, 'everything_hurts' was never asked" in gaps["everything_hurts"]
    assert "spinal_infection_signs" in gaps["everything_hurts"]


def test_a_sign_asked_only_in_context_needs_a_sourced_scope(dialog_copy: Path,
                                                            edit: Edit) -> None:
    # The headache alarm signals are asked only with a headache; the rule's sourced scope
    # says so. Without the scope, every path without a headache misses them.
    edit(dialog_copy / "rules.yaml", '''    scope:
      if: headache
      source: {article: 001_e2abd9c330d6a3e1.txt, heading: "When should you see a doctor?"}
''', "")
    gaps = gaps_of(dialog_copy)
    assert {"headache_sudden_severe", "rash", "vision_problems"} <= set(gaps)


def test_a_scope_without_a_source_is_refused(dialog_copy: Path, edit: Edit) -> None:
    scoped = "      source: {article: 001_e2abd9c330d6a3e1.txt, heading: " \
        '"When should you see a doctor?"}\n    level: urgent'
    edit(dialog_copy / "rules.yaml", scoped, "    level: urgent")
    with pytest.raises(DialogInvalid) as caught:
        load_dialog(dialog_copy)
    assert any("'scope' needs 'if'" in str(p) and "'source'" in str(p)
               for p in caught.value.problems)


def test_a_scope_the_path_rules_out_needs_no_question(dialog_copy: Path, edit: Edit) -> None:
    # Erection problems are named for men (002): a flow that skips the question for women
    # satisfies the property, one that skips it for everyone does not.
    rest = ("      - {if: headache, goto: headache_onset}\n      - {goto: before}\n\n"
            "  - finding: kidney_area")
    edit(dialog_copy / "questions.yaml",
         '      - {if: "sex != female", goto: erectile_dysfunction}\n' + rest,
         '      - {if: "sex == male", goto: erectile_dysfunction}\n' + rest)
    gaps = gaps_of(dialog_copy)
    assert list(gaps) == ["erectile_dysfunction"], gaps


def test_the_real_flow_asks_every_alarm_sign_it_could_need(dialog_copy: Path) -> None:
    report = check_paths(load_dialog(dialog_copy))
    assert report.ok and report.gaps == []


def test_the_gap_path_really_misses_the_sign(dialog_copy: Path, edit: Edit) -> None:
    """The path printed is a real path: answering as it says never asks the sign."""
    from assistant.dialog.conversation import Conversation

    add_place_question(dialog_copy, edit, "location in [upper, middle]")
    dialog = load_dialog(dialog_copy)
    line = gaps_of(dialog_copy)["tearing_pain"]
    assert "unknown" in line  # the shortest path goes through an unsure answer
    answers = [step.split("=", 1)[1] for step in steps(line)[:-1]]
    conversation = Conversation(dialog)
    conversation.start()
    said = {"yes": "yes", "no": "no", "unknown": "I don't know"}
    for answer in answers:
        state = conversation.state
        conversation.hear(said.get(answer, answer))
        if conversation.state == state:  # "I don't know" to an alarm sign is asked again
            conversation.hear(said.get(answer, answer))
    assert conversation.done
    assert "tearing_pain" not in conversation.findings
    assert "tearing_pain" not in conversation.questions_asked
