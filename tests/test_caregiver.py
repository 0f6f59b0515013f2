"""The caregiver's summary: written next to the record, and made from the record alone."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.asr.base import Heard
from assistant.dialog import yamlfile
from assistant.dialog.conversation import Conversation
from assistant.dialog.loader import load_dialog
from assistant.dialog.model import Dialog
from assistant.dialog.simulate import replay
from assistant.records.caregiver import render_summary, summary_path, write_summary
from assistant.records.record import SessionRecord, read_record
from assistant.session import run

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "dialogs" / "scripts"

# Stand-in for input ending (Ctrl-D): listen() returns None.
END = None


@pytest.fixture(scope="module")
def dialog() -> Dialog:
    return load_dialog(ROOT / "dialogs")


class Scripted:
    """A channel that answers from a list; with ``confirm``, it says yes to "Is that right?"
    without using up an answer (answers may be asked to be confirmed)."""

    def __init__(self, answers: list[str | None], confirm: bool = True) -> None:
        self.answers = list(answers)
        self.confirm = confirm
        self.said: list[str] = []

    def say(self, sentences: list[str]) -> None:
        self.said += sentences

    def listen(self, grammar: list[str]) -> Heard | None:
        if self.confirm and self.said and self.said[-1].rstrip().endswith("Is that right?"):
            return Heard("yes")
        if not self.answers:
            return None
        answer = self.answers.pop(0)
        return None if answer is None else Heard(answer)


def converse(dialog: Dialog, folder: Path, answers: list[str | None], confirm: bool = True,
             **details: Any) -> Path:
    """Run a real screening with these answers; return the record's path."""
    record = SessionRecord(folder / "sessions" / "20261121-140500-4242.jsonl")
    try:
        run(Conversation(dialog, "911"), Scripted(answers, confirm), record,
            {"mode": "text", **details})
    finally:
        record.close()
    return record.path


def script_answers(name: str) -> list[str | None]:
    """The user's words of a scripted conversation (``action: end`` is input ending)."""
    turns = yaml.safe_load((SCRIPTS / name).read_text(encoding="utf-8"))["turns"]
    answers: list[str | None] = []
    for turn in turns[1:]:
        if "user" in turn:
            answers.append("" if turn["user"] is None else yamlfile.as_word(turn["user"]))
        elif turn.get("action") == "end":
            answers.append(END)
    return answers


def answer_lines(text: str) -> list[str]:
    """The answers section of a summary."""
    section = text.split("ANSWERS, IN THE ORDER ASKED\n")[1]
    return section.split("\n\n")[0].splitlines()[1:]


SELF_CARE = "27_lower_back_all_clear_self_care.yaml"


def no_to_groups(dialog: Dialog, *groups: str) -> list[str]:
    """The summary lines of groups answered "no", in the order their signs are recorded."""
    return [f"- {dialog.findings[key].about}: "
            f"{dialog.questions[group].sign_value(key, 'no')}"
            for group in groups for key in dialog.questions[group].members]


# -- where it goes ------------------------------------------------------------------------------
def test_summary_is_written_next_to_the_record_atomically(dialog: Dialog, tmp_path: Path) -> None:
    record = converse(dialog, tmp_path, script_answers(SELF_CARE))
    assert summary_path(record) == record.parent / "20261121-140500-4242.txt"
    summary_path(record).write_text("BackTalk screening summary\nan older one", encoding="utf-8")

    written = write_summary(record, dialog)

    assert written == summary_path(record)
    assert written.read_text(encoding="utf-8").startswith("BackTalk screening summary\n=")
    # Only the record and its summary: no temporary file is left behind.
    assert sorted(p.name for p in record.parent.iterdir()) == [record.name, written.name]


# -- a complete screening -----------------------------------------------------------------------
def test_self_care_run(dialog: Dialog, tmp_path: Path) -> None:
    record = converse(dialog, tmp_path, script_answers(SELF_CARE))
    text = write_summary(record, dialog).read_text(encoding="utf-8")

    assert "BackTalk is not a doctor. This is a screening, not a diagnosis." in text
    assert "Can be looked after at home for now." in text
    assert "Next step: You can look after this at home for now." in text
    assert "Run as:   typed (text chat)" in text
    assert re.search(r"Started:  \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d\n", text)
    assert re.search(r"Ended:    \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d \(after \d+ seconds?\)",
                     text)
    answers = answer_lines(text)
    # A "no" to a group answers each of its signs: each is listed on its own line.
    assert answers[:3] == no_to_groups(dialog, "heart")
    assert "- pain or pressure in the chest: no" in answers
    assert "- numbness around the groin: no" in answers
    assert "- new problems with erections: no" in answers
    assert "- how many days the pain has lasted: 2 days" in answers
    # "Is it very strong, seven or more out of ten?" answered no, in the pattern group.
    assert f"- {dialog.findings['severity'].about}: less than 7" in answers
    assert answers[-len(dialog.questions["pattern"].members):] == no_to_groups(dialog, "pattern")
    # Every answer once, and nothing the plain screening does not ask (the place, the side).
    assert len(answers) == len(replay(dialog, script_answers(SELF_CARE))["findings"])
    assert not any(line.startswith(("- where on the back", "- which side")) for line in answers)
    assert "ALARM SIGN" not in text
    assert "Walking and swimming are good" in text
    assert "If you get chest pain, trouble breathing, or you faint, call 911 at once." in (
        " ".join(text.split()))
    assert "carry the same weight in each hand" in text
    assert '001_e2abd9c330d6a3e1.txt: "Cause 1. Spinal infections"' in text
    assert "Emergency number: 911" in text
    assert text.rstrip().endswith(f"Full record: {record}")
    assert all(len(line) <= 80 for line in text.splitlines()[:-1])


# -- emergencies ----------------------------------------------------------------------------------
def test_yes_to_chest_pain_is_an_emergency_with_the_number(dialog: Dialog,
                                                            tmp_path: Path) -> None:
    # Yes to the heart group, then yes to chest pain (asked first, on its own).
    record = converse(dialog, tmp_path, ["yes", "yes"])
    text = write_summary(record, dialog).read_text(encoding="utf-8")

    assert "Emergency: call an ambulance now (911)." in text
    assert "Next step: Please call an ambulance now. The number is 911." in text
    assert "Why: Back pain with these signs can come from the heart." in text
    assert answer_lines(text) == ["- pain or pressure in the chest: yes  ** ALARM SIGN"]
    assert "do not start new medicines on your own" in text
    assert '"Back pain after heart attack"' in text
    assert "112" not in text.replace(str(record), "")


def test_asking_for_an_ambulance_is_shown_in_the_users_words(dialog: Dialog,
                                                             tmp_path: Path) -> None:
    record = converse(dialog, tmp_path, ["no", "call an ambulance"])
    text = write_summary(record, dialog).read_text(encoding="utf-8")

    assert "Emergency: call an ambulance now (911)." in text
    assert 'Emergency words heard: "call an ambulance"' in text
    assert "- pain or pressure in the chest: no" in answer_lines(text)


# -- stopped, unknown ---------------------------------------------------------------------------
def test_input_ending_early_never_says_home_care(dialog: Dialog, tmp_path: Path) -> None:
    record = converse(dialog, tmp_path, ["no", "no", "no", END])
    text = write_summary(record, dialog).read_text(encoding="utf-8")

    assert "Stopped before the end of the questions: the input ended (no more answers)." \
        in text
    assert "I could not ask every question" in text
    assert "at home" not in text.lower()
    assert "Level so far" not in text
    assert answer_lines(text) == no_to_groups(dialog, "heart", "pain_kind", "pain_course")
    assert "- pain or pressure in the chest: no" in answer_lines(text)
    assert "call 911 at once" in text
    assert "Advice given".upper() in text


def test_stop_after_fever_keeps_the_level_so_far(dialog: Dialog, tmp_path: Path) -> None:
    record = converse(dialog, tmp_path, script_answers("33_stop_after_fever.yaml"))
    text = write_summary(record, dialog).read_text(encoding="utf-8")

    assert "Stopped before the end of the questions: the person asked to stop." in text
    assert "Level so far: See a doctor today." in text
    assert "Fever with back pain can point to an infection" in text
    assert "Who to see: a general practitioner" in text
    assert "- fever or chills: yes  ** ALARM SIGN" in answer_lines(text)


def test_unknown_alarm_sign_is_not_known_and_marked(dialog: Dialog, tmp_path: Path) -> None:
    record = converse(dialog, tmp_path, script_answers("36_dont_know_alarm_sign_urgent.yaml"))
    text = write_summary(record, dialog).read_text(encoding="utf-8")

    assert "See a doctor today." in text
    answers = answer_lines(text)
    unknown = answers.index("- pain spreading to other parts of the body: not known")
    assert answers[unknown + 1] == "  ** ALARM SIGN (not ruled out)"
    assert sum("ALARM SIGN" in line for line in answers) == 1  # the others were answered no


def test_unknown_non_alarm_answer_is_not_known_without_a_mark(dialog: Dialog,
                                                              tmp_path: Path) -> None:
    record = converse(dialog, tmp_path, script_answers("38_silence_three_times.yaml"))
    text = write_summary(record, dialog).read_text(encoding="utf-8")

    assert f"- {dialog.findings['severity'].about}: not known" in answer_lines(text)
    assert "ALARM" not in text


# -- from a record cut short ----------------------------------------------------------------------
def test_record_cut_short_still_gives_the_answers_so_far(dialog: Dialog, tmp_path: Path) -> None:
    record = converse(dialog, tmp_path, script_answers(SELF_CARE))
    lines = record.read_text(encoding="utf-8").splitlines(keepends=True)
    assert json.loads(lines[-1])["event"] == "summary"
    # Killed while writing the last turn: no summary, and half a line at the end.
    lines = [line for line in lines if json.loads(line)["event"] != "summary"]
    record.write_text("".join(lines[:-1]) + lines[-1][: len(lines[-1]) // 2], encoding="utf-8")

    text = write_summary(record, dialog).read_text(encoding="utf-8")

    assert "The conversation ended before it finished; these are the answers" in text
    assert "Last recorded:" in text and "Ended:" not in text
    answers = answer_lines(text)
    assert answers[:3] == no_to_groups(dialog, "heart")
    assert "- how many days the pain has lasted: 2 days" in answers
    assert "- a headache as well: no" in answers
    recurring = f"- {dialog.findings['recurring'].about}: no"
    assert recurring not in answers  # that turn was cut off
    assert "at home" not in text.lower()
    # The question left unanswered: the pattern group.
    assert " ".join(dialog.questions["pattern"].ask.split()) in " ".join(text.split())
    assert "Emergency number: 911" in text


def test_record_cut_inside_a_character(dialog: Dialog, tmp_path: Path) -> None:
    record = converse(dialog, tmp_path, ["no", "no", "no", END])
    kept = [line for line in record.read_bytes().splitlines(keepends=True)
            if json.loads(line)["event"] != "summary"]
    record.write_bytes(b"".join(kept) + '{"event": "turn", "heard": "caf\u00e9'.encode()[:-1])

    text = write_summary(record, dialog).read_text(encoding="utf-8")

    assert "ended before it finished" in text
    assert answer_lines(text)[:3] == no_to_groups(dialog, "heart")


def test_record_with_only_the_start_and_prompt(dialog: Dialog, tmp_path: Path) -> None:
    record = converse(dialog, tmp_path, [])
    events = read_record(record)[:2]
    assert [e["event"] for e in events] == ["start", "prompt"]

    text = render_summary(events, dialog)

    assert "ended before it finished" in text
    assert "No answers were recorded." in text
    assert "pain or pressure in your chest" in text


def test_go_back_is_undone_when_rebuilding_from_turns(dialog: Dialog, tmp_path: Path) -> None:
    record = converse(dialog, tmp_path, script_answers("29_go_back_command.yaml"))
    events = read_record(record)
    cut = [e for e in events if e["event"] != "summary"]

    answers = answer_lines(render_summary(cut, dialog))

    # The pain_kind group's "no" was undone, then its signs answered one by one; the "no"
    # to the arm or jaw was undone and answered yes.
    arm = f"- {dialog.findings['pain_to_arm_or_jaw'].about}"
    assert f"{arm}: yes  ** ALARM SIGN" in answers
    assert f"{arm}: no" not in answers
    assert not any(line.startswith("- breathing in makes it worse") for line in answers)
    assert answers == answer_lines(render_summary(events, dialog))


def test_answers_undone_by_go_back_are_left_out(dialog: Dialog, tmp_path: Path) -> None:
    # Two groups answered no, then back over both: the heart group is answered again one
    # sign at a time (chest pain no), and the pain group no longer belongs to this screening.
    answers = ["no", "no", "go back", "go back", "not sure", "no", END]
    record = converse(dialog, tmp_path, answers)
    events = read_record(record)
    cut = [e for e in events if e["event"] != "summary"]

    rebuilt = answer_lines(render_summary(cut, dialog))

    assert rebuilt == ["- pain or pressure in the chest: no"]
    assert not any("left arm or the jaw" in line for line in rebuilt)
    assert rebuilt == answer_lines(render_summary(events, dialog))


@pytest.mark.parametrize("script", sorted(p.name for p in SCRIPTS.glob("*.yaml")))
def test_answers_from_turns_match_the_summary(dialog: Dialog, tmp_path: Path,
                                              script: str) -> None:
    # Replayed exactly as written (no automatic confirmation: some scripts test it).
    record = converse(dialog, tmp_path, script_answers(script), confirm=False)
    events = read_record(record)
    cut = [e for e in events if e["event"] != "summary"]

    assert answer_lines(render_summary(cut, dialog)) == answer_lines(
        render_summary(events, dialog))


# -- the header ---------------------------------------------------------------------------------
def test_times_duration_and_voice_mode(dialog: Dialog) -> None:
    events = [
        {"event": "start", "time": "2026-11-21T14:05:00+01:00", "mode": "voice",
         "emergency_number": "112"},
        {"event": "prompt", "time": "2026-11-21T14:05:01+01:00", "says": ["Hello."]},
        {"event": "turn", "time": "2026-11-21T14:09:10+01:00", "recorded": {"days": 12.0},
         "understood_as": "answer", "value": 12.0, "state_before": "days", "state": "x",
         "says": ["Next."]},
    ]
    text = render_summary(events, dialog)

    assert "Started:  21 November 2026, 14:05\n" in text
    assert "Last recorded: 21 November 2026, 14:09 (after 4 minutes 10 seconds)" in text
    assert "Run as:   spoken (microphone and speaker)" in text
    assert answer_lines(text) == ["- how many days the pain has lasted: 12 days"]
    assert "Full record" not in text


def test_facts_from_the_config_file_are_listed_apart_from_answers(dialog: Dialog,
                                                                  tmp_path: Path) -> None:
    # Found by a newcomer (2026-12-03): "sex: female" and "has had a stroke: yes" were
    # listed under "Answers, in the order asked", though nobody was asked.
    record = SessionRecord(tmp_path / "sessions" / "20261203-120000-4242.jsonl")
    try:
        conversation = Conversation(dialog, "911", known={"sex": "female",
                                                          "previous_stroke": "yes"})
        run(conversation, Scripted(["no", "stop", "yes"]), record, {"mode": "text"})
    finally:
        record.close()
    text = write_summary(record.path, dialog).read_text(encoding="utf-8")
    asked = answer_lines(text)
    assert "- has had a stroke: yes" not in asked and "- sex: female" not in asked
    assert "- pain or pressure in the chest: no" in asked
    apart = text.split("FROM THE CONFIG FILE (NOT ASKED)")[1].split("\n\n")[0]
    assert "- has had a stroke: yes" in apart and "- sex: female" in apart


@pytest.mark.parametrize(("answers", "words"), [
    # A yes to chest pain, checked, is an answer (listed as one), no word of an emergency:
    # "Emergency words heard: "yes", "yes"" read as if the person had called for help
    # (tests/played/play40).
    (["yes", "yes", "yes"], None),
    (["I've got a crushing pain in my chest right now", "yes"],
     'Emergency words heard: "I\'ve got a crushing pain in my chest right now"'),
    # Told after a no, it is still words of an emergency (tests/played/play43 p07).
    (["No. I'm having a heart attack, help", "yes"],
     'Emergency words heard: "No. I\'m having a heart attack, help"'),
])
def test_emergency_words_are_the_persons_own_not_their_answers(
        dialog: Dialog, tmp_path: Path, answers: list[str | None], words: str | None) -> None:
    record = converse(dialog, tmp_path, answers)
    text = write_summary(record, dialog).read_text(encoding="utf-8")

    assert "Emergency: call an ambulance now" in text
    lines = [line for line in text.splitlines() if line.startswith("Emergency words heard")]
    assert lines == ([words] if words else [])
