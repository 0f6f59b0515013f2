"""Grouped questions and facts known beforehand, in a real conversation with the real flow.

A group asks two or three signs at once ("Are you short of breath, or faint, or is there
pain or pressure in your chest?"). No answers them all; yes, unsure or an unclear answer
asks them one by one (the most dangerous first); "yes, after lifting" answers the signs
that can be named. Facts from the config file are never asked.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.dialog.conversation import Conversation
from assistant.dialog.loader import load_dialog
from assistant.dialog.model import Dialog, Question
from assistant.setup.config import ConfigError, resolve
from assistant.setup.person import known_findings

NOTHING_BEFORE = {"previous_stroke": "no", "recent_angioplasty": "no",
                  "recent_heart_attack": "no"}
YES_NO_SIGNS = ["previous_stroke", "recent_angioplasty", "recent_heart_attack", "fever",
                "headache", "pain_worsening", "recurring", "stress", "weight_loss",
                "leg_cramps", "nausea_vomiting", "cold_sweat", "rash"]
"""Facts a caregiver may set beforehand, or answers given on the way, in several groups."""
TO_BEFORE = ["no"] * 8
"""With NOTHING_BEFORE known: heart, pain kind, pain course, general, nerves, urine, kidney
signs and erections, then the "before" group (stress, lifting, sleep)."""


def talk(dialog: Dialog, *answers: str, known: dict[str, str] | None = None) -> Conversation:
    conversation = Conversation(dialog, known=known)
    conversation.start()
    for answer in answers:
        conversation.hear(answer)
    return conversation


def test_no_to_a_group_answers_every_sign_in_it(dialog: Dialog) -> None:
    conversation = Conversation(dialog)
    assert "chest" in conversation.start().text
    reply = conversation.hear("no")
    assert reply.recorded == {"shortness_of_breath": "no", "fainting": "no", "chest_pain": "no"}
    assert conversation.state == "pain_kind"
    assert conversation.questions_asked == ["heart", "pain_kind"]


def test_yes_to_a_group_asks_the_most_dangerous_sign_first(dialog: Dialog) -> None:
    conversation = talk(dialog)
    reply = conversation.hear("yes")
    assert conversation.state == "chest_pain"
    assert reply.says[0] == dialog.language.say["one_at_a_time"]
    assert reply.says[-1] == dialog.questions["chest_pain"].ask
    assert reply.recorded == {}


def test_a_sign_confirmed_by_its_group_calls_the_ambulance_at_once(dialog: Dialog) -> None:
    conversation = talk(dialog, "yes")
    reply = conversation.hear("yes")
    # Yes to the group and yes to chest pain: heard twice, not asked a third time.
    assert conversation.state == "emergency"
    assert "ambulance" in reply.text


def test_the_same_sign_asked_alone_is_confirmed_first(dialog: Dialog) -> None:
    conversation = talk(dialog, "yes", "no", "no")
    assert conversation.state == "shortness_of_breath"
    conversation.hear("I don't know")  # asked again: it matters
    conversation.hear("I don't know")
    assert conversation.findings["shortness_of_breath"] == "unknown"
    assert conversation.state == "pain_kind"


@pytest.mark.parametrize(("said", "lead"), [("banana bread", "not_understood"),
                                            ("", "no_answer_heard"),
                                            ("I don't know", None)])
def test_an_unclear_answer_to_a_group_asks_each_sign(dialog: Dialog, said: str,
                                                     lead: str | None) -> None:
    conversation = talk(dialog)
    reply = conversation.hear(said)
    # The simpler way to ask three signs is one at a time, not the same words again.
    assert conversation.state == "chest_pain"
    if lead:
        assert reply.says[0] == dialog.language.say[lead]
    assert dialog.language.say["one_at_a_time"] in reply.says
    assert conversation.findings == {}


def test_naming_a_sign_answers_the_signs_that_have_names(dialog: Dialog) -> None:
    conversation = talk(dialog, *TO_BEFORE, known=NOTHING_BEFORE)
    assert conversation.state == "before"
    reply = conversation.hear("yes, after lifting a heavy box")
    assert reply.recorded == {"heavy_lifting_or_exercise": "yes", "stress": "no",
                              "worse_after_sleep": "no"}
    assert conversation.state == "days"


def test_naming_two_signs_answers_both(dialog: Dialog) -> None:
    conversation = talk(dialog, *TO_BEFORE, known=NOTHING_BEFORE)
    reply = conversation.hear("yes, it's worse when I wake up, and I've been so stressed")
    assert reply.recorded == {"heavy_lifting_or_exercise": "no", "stress": "yes",
                              "worse_after_sleep": "yes"}


def test_naming_the_only_sign_without_yes_is_enough(dialog: Dialog) -> None:
    conversation = talk(dialog, *TO_BEFORE, known=NOTHING_BEFORE)
    conversation.hear("the stress at work")
    assert conversation.findings["stress"] == "yes"
    assert conversation.findings["heavy_lifting_or_exercise"] == "no"


@pytest.mark.parametrize("said", ["Yes, the lifting did it. No stress though.",
                                  "yes after lifting, I'm not stressed"])
def test_a_sign_named_to_deny_it_is_not_named_yes(dialog: Dialog, said: str) -> None:
    conversation = talk(dialog, *TO_BEFORE, known=NOTHING_BEFORE)
    conversation.hear(said)
    assert conversation.findings.get("stress") != "yes"


def test_no_headache_beside_a_fever_is_no_headache(dialog: Dialog) -> None:
    # "Fever, yes. No headache." recorded a headache (a patient played through the chat).
    conversation = talk(dialog, *["no"] * 3, known=NOTHING_BEFORE)
    assert conversation.state == "general"
    conversation.hear("Fever and chills, yes. No headache, no poisoning.")
    assert conversation.findings.get("headache") != "yes"


def test_a_sign_only_asked_about_is_not_named(dialog: Dialog) -> None:
    conversation = talk(dialog, *["no"] * 3, known=NOTHING_BEFORE)
    conversation.hear("Headache means in my head? No, nothing like that.")
    assert conversation.findings.get("headache") != "yes"


@pytest.mark.parametrize("said", ["arm no, jaw no", "arm... no. ... all... hurts. hot... shivery"])
def test_a_no_to_the_arm_and_jaw_says_nothing_of_the_other_signs(dialog: Dialog,
                                                                  said: str) -> None:
    # Recorded all three pain signs absent, breathing-in pain (an alarm) among them: "arm"
    # and "jaw" were too short to name their sign (played through the chat, 2026-12-05).
    conversation = talk(dialog, "no")
    assert conversation.state == "pain_kind"
    conversation.hear(said)
    assert conversation.findings.get("worse_when_breathing") != "no"
    assert conversation.findings.get("tearing_pain") != "no"


def test_no_with_a_name_is_asked_one_by_one(dialog: Dialog) -> None:
    conversation = talk(dialog, *TO_BEFORE, known=NOTHING_BEFORE)
    conversation.hear("no, just the lifting")
    # Which sign the no is about is not clear: none is recorded as no; the lifting, told
    # in a clause of its own, is a yes.
    assert conversation.findings["heavy_lifting_or_exercise"] == "yes"
    assert "stress" not in conversation.findings
    assert conversation.state == "worse_after_sleep"


def test_alarm_signs_in_a_group_are_asked_even_when_another_is_named(dialog: Dialog) -> None:
    conversation = talk(dialog, "no", "no", "no")
    assert conversation.state == "history"
    conversation.hear("yes, I had a stroke")
    # A stroke named; a heart attack is an alarm sign and is never assumed absent, nor is
    # an angioplasty, whose yes opens questions of its own ("Stroke... yes" from a man with
    # a stent put in five days before: tests/played/play22 p10).
    assert conversation.findings["previous_stroke"] == "yes"
    assert "recent_angioplasty" not in conversation.findings
    assert conversation.state == "recent_heart_attack"
    conversation.hear("no")
    assert conversation.state == "recent_angioplasty"


def test_going_back_undoes_a_whole_group(dialog: Dialog) -> None:
    conversation = talk(dialog, "no")
    assert conversation.state == "pain_kind"
    reply = conversation.hear("go back")
    assert conversation.state == "heart"
    assert conversation.findings == {}
    assert dialog.questions["heart"].ask in reply.text


def test_known_facts_are_not_asked(dialog: Dialog) -> None:
    conversation = talk(dialog, "no", "no", "no", known=NOTHING_BEFORE)
    assert "history" not in conversation.questions_asked
    assert conversation.state == "general"
    # Going back passes over the question that was not asked, and keeps the facts.
    conversation.hear("go back")
    assert conversation.state == "pain_course"
    assert conversation.findings["previous_stroke"] == "no"


def test_a_group_with_one_fact_known_asks_the_others_one_by_one(dialog: Dialog) -> None:
    conversation = talk(dialog, "no", "no", "no", known={"previous_stroke": "yes"})
    assert "history" not in conversation.questions_asked
    assert conversation.state == "recent_heart_attack"
    conversation.hear("no")
    assert conversation.state == "recent_angioplasty"


def test_a_group_with_one_sign_left_asks_that_sign_alone(dialog: Dialog) -> None:
    # Stroke and heart attack known: "Have you ever had a stroke or a heart attack, or ..."
    # would ask again what the caregiver set; the angioplasty is asked on its own.
    conversation = talk(dialog, "no", "no", "no",
                        known={"previous_stroke": "no", "recent_heart_attack": "no"})
    assert "history" not in conversation.questions_asked
    assert conversation.state == "recent_angioplasty"
    reply = conversation.hear("no")
    assert reply.recorded == {"recent_angioplasty": "no"}
    assert conversation.findings["previous_stroke"] == "no"


def test_a_group_with_two_signs_left_is_still_one_question(dialog: Dialog) -> None:
    conversation = talk(dialog, "no", "no", "no", known={"previous_stroke": "no"})
    assert conversation.state == "history"
    reply = conversation.hear("no")
    assert reply.recorded == {"recent_angioplasty": "no", "recent_heart_attack": "no"}


def test_after_angioplasty_worse_and_severity_are_not_asked_again(dialog: Dialog) -> None:
    # 004 asks after angioplasty whether the pain is getting worse and how bad it is; the
    # later "keeps coming back, getting worse or very strong?" would ask both again.
    answers = ["no", "no", "no", "yes, angioplasty", "no", "no", "no", "4", "no", "no", "no",
               "no", "no", "no", "2"]
    conversation = talk(dialog, *answers)
    asked = dialog.questions[conversation.state]
    assert conversation.findings["pain_worsening"] == "no"
    assert conversation.findings["severity"] == 4
    assert not asked.members and asked.finding.key == "recurring"
    assert "worse" not in asked.ask and "strong" not in asked.ask


@given(known=st.dictionaries(st.sampled_from(YES_NO_SIGNS), st.just("no"), max_size=12),
       answers=st.lists(st.sampled_from(["no", "yes", "I don't know"]), max_size=40))
@settings(max_examples=60, deadline=None)
def test_no_group_asks_again_what_leaves_one_sign_open(dialog: Dialog, known: dict[str, str],
                                                       answers: list[str]) -> None:
    """Whatever was set beforehand and answered on the way, a grouped question is put only
    while two or more of its signs are still open."""
    conversation = Conversation(dialog, known=known)
    conversation.start()
    for answer in answers:
        if conversation.done:
            break
        question = dialog.questions.get(conversation.state)
        if question is not None and question.members:
            still_open = [m for m in question.members if m not in conversation.findings]
            assert len(still_open) >= 2, (question.id, still_open)
        conversation.hear(answer)


def test_a_woman_is_not_asked_about_erections(dialog: Dialog) -> None:
    def asked(known: dict[str, str]) -> list[str]:
        conversation = talk(dialog, known=known)
        while not conversation.done:
            conversation.hear("2" if conversation.state == "days" else "no")
        return conversation.questions_asked

    assert "erectile_dysfunction" not in asked({**NOTHING_BEFORE, "sex": "female",
                                                 "woman_over_50": "no"})
    assert "erectile_dysfunction" in asked({**NOTHING_BEFORE, "sex": "male"})
    assert "erectile_dysfunction" in asked(NOTHING_BEFORE)  # not said: asked


def test_person_table_of_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(
        'rate = 130\n[person]\nsex = "female"\nage = 72\nstroke = true\nheart_attack = false\n',
        encoding="utf-8")
    settings = resolve({}, tmp_path, environ={})
    assert settings["rate"] == 130
    assert known_findings(settings.person) == {
        "sex": "female", "woman_over_50": "yes", "previous_stroke": "yes",
        "recent_heart_attack": "no"}


@pytest.mark.parametrize(("line", "words"), [
    ('sex = "woman"', ["sex", "female or male"]),
    ("age = -3", ["age", "whole number"]),
    ('stroke = "yes"', ["stroke", "true"]),
    ("stroek = true", ["unknown setting 'stroek'", "stroke"]),
])
def test_a_wrong_person_setting_says_what_is_allowed(tmp_path: Path, line: str,
                                                     words: list[str]) -> None:
    (tmp_path / "config.toml").write_text(f"[person]\n{line}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        resolve({}, tmp_path, environ={})
    message = str(caught.value)
    assert "config.toml" in message
    for word in words:
        assert word in message


def test_an_unsure_no_to_a_group_that_is_not_confirmed_asks_each_sign(dialog: Dialog) -> None:
    conversation = talk(dialog)
    reply = conversation.hear("no", confidence=0.2)
    assert reply.says == [dialog.language.say["confirm_none"]]
    reply = conversation.hear("no")
    assert conversation.state == "chest_pain"
    assert reply.says[-1] == dialog.questions["chest_pain"].ask
    assert conversation.findings == {}


def test_going_back_to_a_group_undoes_its_yes(dialog: Dialog) -> None:
    conversation = talk(dialog, "yes", "no", "go back", "go back")
    assert conversation.state == "heart"
    conversation.hear("I'm not sure")
    reply = conversation.hear("yes")
    # Only "not sure" to the group this time: a yes to chest pain is confirmed first.
    assert conversation.state == "chest_pain"
    assert "is that right" in reply.text.lower()


def test_a_question_not_said_is_not_counted(dialog: Dialog) -> None:
    conversation = talk(dialog, *[""] * 7)
    assert conversation.state == "stopped"
    assert conversation.questions_asked == ["heart", "chest_pain", "fainting"]


@pytest.mark.parametrize(("said", "sign"), [
    ("no chest pain", "chest_pain"),
    ("I have no shortness of breath at all", "shortness_of_breath"),
    ("no, I never fainted", "fainting")])
def test_a_no_about_one_sign_is_not_a_no_to_the_group(dialog: Dialog, said: str,
                                                      sign: str) -> None:
    conversation = talk(dialog)
    conversation.hear(said)
    # The other signs of the group were not answered: each is asked. The one denied by
    # name, as its own question reads the denial, is not asked again.
    assert conversation.findings == {sign: "no"}
    asked = []
    while conversation.question is not None and conversation.question.id != "pain_kind":
        asked.append(conversation.question.finding.key)
        conversation.hear("no")
    assert sorted(asked) == sorted({"chest_pain", "fainting", "shortness_of_breath"} - {sign})


@pytest.mark.parametrize("said", ["no", "No, none of those.", "nope, nothing like that"])
def test_a_plain_no_answers_the_whole_group(dialog: Dialog, said: str) -> None:
    conversation = talk(dialog)
    conversation.hear(said)
    assert conversation.state == "pain_kind"


@pytest.mark.parametrize("said", ["No chest pain, not short of breath, never fainted.",
                                  "chest... no. not short of breath. never fainted",
                                  # A form of the sign's word: "breathing" for "breath".
                                  "My breathing's fine, no chest pains, no fainting"])
def test_each_sign_denied_by_name_answers_the_whole_group(dialog: Dialog, said: str) -> None:
    conversation = talk(dialog)
    reply = conversation.hear(said)
    assert reply.recorded == {"shortness_of_breath": "no", "fainting": "no", "chest_pain": "no"}
    assert conversation.state == "pain_kind"


def test_each_sign_named_then_denied_is_a_no_to_the_group_checked_first(dialog: Dialog
                                                                       ) -> None:
    conversation = talk(dialog)
    reply = conversation.hear("chest... no. short of breath... no. faint... no")
    assert reply.recorded == {} and conversation.state == "heart"
    assert conversation.pending is not None and conversation.pending.meaning.value == "no"
    reply = conversation.hear("yes")
    assert reply.recorded == {"shortness_of_breath": "no", "fainting": "no", "chest_pain": "no"}
    assert conversation.state == "pain_kind"


@pytest.mark.parametrize("said", ["No chest pain, no trouble breathing, faint... yes",
                                  "No chest pain, not short of breath, I feel faint",
                                  "No chest pain, no trouble breathing, maybe a bit dizzy",
                                  "No chest pain, no trouble breathing",
                                  "No chest pain, breathing's fine, fainting... sometimes",
                                  "Breathing's fine, chest is fine, I get faint spells"])
def test_a_sign_not_denied_keeps_the_group_open(dialog: Dialog, said: str) -> None:
    conversation = talk(dialog)
    conversation.hear(said)
    assert conversation.findings.get("fainting") != "no"
    assert conversation.state in ("chest_pain", "fainting", "shortness_of_breath", "emergency",
                                  "heart")


GROUPS = sorted(q for q, question in load_dialog(Path(__file__).resolve().parents[1] /
                                                 "dialogs").questions.items()
                if len(question.members) >= 2 and q != "pattern")


@settings(max_examples=60, deadline=None)
@given(group=st.sampled_from(GROUPS), left=st.integers(0, 2),
       said_of_it=st.sampled_from(["", "{w}... maybe", "bit of {w}", "{w}, yes", "{w}?",
                                   "not sure about {w}", "{w} sometimes"]))
def test_a_sign_the_reply_does_not_deny_is_never_recorded_absent(
        dialog: Dialog, group: str, left: int, said_of_it: str) -> None:
    """Every other sign of a group denied by its own words, and one not (unsaid, unsure,
    present): that one is never recorded as absent."""
    from test_group_replies import at_group  # a conversation standing at the group

    question = dialog.questions[group]
    kept = question.members[left % len(question.members)]
    clauses = [f"no {_word_of(dialog, question, key)}" for key in question.members
               if key != kept]
    if said_of_it:
        clauses.append(said_of_it.format(w=_word_of(dialog, question, kept)))
    conversation = at_group(dialog, group)
    conversation.hear(", ".join(clauses))
    assert conversation.findings.get(kept) != "no", (clauses, conversation.findings)
    pending = conversation.pending
    assert not (pending is not None and conversation.state == group and
                pending.meaning.value == "no"), clauses


def _word_of(dialog: Dialog, group: Question, key: str) -> str:
    """The longest word of what the sign is about that no other sign of its group is
    about ("breath", "fainted"; "sudden" of the headache's three)."""
    def said(k: str) -> list[str]:
        return dialog.findings[k].about.replace(",", " ").split()
    others = {w for k in group.members if k != key for w in said(k)}
    others |= set(dialog.language.negations)
    return max((w for w in said(key) if w not in others), key=len)


def test_a_named_alarm_sign_at_a_group_is_recorded(dialog: Dialog) -> None:
    conversation = talk(dialog, "no", "no", "no")
    assert conversation.state == "history"
    reply = conversation.hear("yes, I had a heart attack")
    if conversation.state != "emergency":  # a named symptom is confirmed first
        reply = conversation.hear("yes")
    assert conversation.state == "emergency"
    assert conversation.findings.get("recent_heart_attack") == "yes"
    assert "heart attack" in reply.text


@pytest.mark.parametrize(("group_answer", "state", "said", "key"), [
    ("yes", "previous_stroke", "yes, I had a stroke", "previous_stroke"),
    ("I don't know", "recurring", "yes, it keeps coming back", "recurring"),
])
def test_a_sign_asked_alone_and_named_in_its_answer_is_a_yes(
        dialog: Dialog, group_answer: str, state: str, said: str, key: str) -> None:
    # A group's sign asked on its own ("Have you had a stroke?") answered with its own
    # name ("yes, I had a stroke") is a plain yes, which the rules read; it once went in
    # as the group's naming of signs, which no rule reads as yes.
    if state == "previous_stroke":
        conversation = talk(dialog, "no", "no", "no", group_answer)
    else:
        conversation = talk(dialog, *TO_BEFORE, "no", "3", group_answer, known=NOTHING_BEFORE)
    for _ in range(3):  # the group's other signs, asked first, are no
        if conversation.state == state:
            break
        conversation.hear("no")
    assert conversation.state == state
    reply = conversation.hear(said)
    assert reply.recorded == {key: "yes"}
    assert conversation.findings[key] == "yes"
