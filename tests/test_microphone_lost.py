"""A live microphone that stops for real: our own PulseAudio server with a null sink is
the device, and the server is stopped while BackTalk listens, as a USB microphone is
pulled out. BackTalk must say so (into ``--speak-to``, the sink being gone), give the
safety advice during a screening, keep the record, and exit with an error so that the
service is restarted, never end quietly as if the person had finished."""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from assistant.bench.pulse_room import PulseServer
from assistant.cli.microphone_back import MICROPHONE_BACK, MICROPHONE_GONE
from assistant.cli.voice_parts import HEARING_LOST
from assistant.dialog.model import Dialog
from assistant.voice.tts import Speaker, TtsSettings
from tests.test_faults import safety_advice
from tests.test_spoken_failures import spoken_like

ROOT = Path(__file__).resolve().parents[1]

# BackTalk, with the second answer file removed once the first has been opened: reading it
# then fails as a lost device would, while the wake phrase is awaited.
HIDE_SECOND_ANSWER = """
import sys
from pathlib import Path
from assistant.cli import main
from assistant.voice import channel

folder = Path(sys.argv[1])
opened = channel.WavDirAnswers.next_source

def next_source(self):
    source = opened(self)
    (folder / "002.wav").unlink(missing_ok=True)
    return source

channel.WavDirAnswers.next_source = next_source
sys.exit(main(sys.argv[2:]))
"""


def backtalk(data: Path, *args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "--data-dir", str(data), "voice",
         "--device", "pulse", "--asr", "pocketsphinx", "--rate", "140", *args],
        cwd=ROOT, env={**env, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, preexec_fn=_ctrl_c_heard)


def _ctrl_c_heard() -> None:
    """Ctrl-C (SIGINT) ends BackTalk as at a terminal, even when the tests themselves run
    as a background job, which ignores it and hands that on: Python then installs no
    handler and the child ignores SIGINT too (every test here that ends it hung)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def wait_for(found: object, what: str, process: subprocess.Popen[str],
             timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not (found() if callable(found) else found):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            out, err = process.communicate(timeout=30)
            pytest.fail(f"{what} never happened:\n{out}\n{err}")
        time.sleep(0.05)


# The microphone read in a process of its own, as BackTalk reads it (through the
# endpointer, which also tells a device that stops delivering): PortAudio set up by
# earlier tests in the same worker for other sound servers must not be what is measured
# (a full run once lost its worker here, never seen in 18 runs of this test alone).
READ_UNTIL_LOST = """
import sys, time
from assistant.voice.audio import AudioError, MicrophoneSource
from assistant.voice.endpoint import EndpointSettings, capture_answer
mic = MicrophoneSource(device="pulse")
if not any(mic.read(1.0) for _ in range(5)):
    sys.exit("the live device sends no sound")
print("listening", flush=True)
sys.stdin.readline()  # the server is stopped now
settings = EndpointSettings(detector="energy", no_answer_timeout=1.0)
deadline = time.monotonic() + 20  # it stops within the stall time, 5 s
try:
    while time.monotonic() < deadline:
        capture_answer(mic, settings)
except AudioError as exc:
    print(f"lost: {exc}", flush=True)
finally:
    mic.close()
print("closed" if not mic.left_open else "left open", flush=True)
"""


@pytest.mark.parametrize("server", ["stopped", "frozen"])
def test_reading_a_microphone_whose_server_stopped_raises(pulse: PulseServer,
                                                          server: str) -> None:
    # Frozen: the server keeps its connections and sends nothing, as a hung sound server
    # does; PortAudio then neither ends the stream nor can close it, and BackTalk must
    # still go on to say so. A full run once saw a stopped server leave the reader waiting
    # for ever (nothing read, nothing said).
    child = subprocess.Popen(
        [sys.executable, "-c", READ_UNTIL_LOST], cwd=ROOT, text=True,
        env={**os.environ, "PULSE_SERVER": pulse.address, "PYTHONPATH": str(ROOT)},
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdin is not None and child.stdout is not None
    try:
        assert child.stdout.readline().strip() == "listening", child.stderr
        with pulse.failing(server):
            child.stdin.write("go\n")
            child.stdin.flush()
            out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(30)
    assert child.returncode == 0, f"ended with {child.returncode}: {err}"
    # Stopped, PortAudio ends the stream at once; frozen, it delivers nothing more.
    assert "lost:" in out, out + err
    assert "stopped sending sound" in out or "no audio arrived" in out, out + err
    assert server != "frozen" or "left open" in out, out + err


class Lines:
    """A process's standard output read line by line in the background, so that a test
    can wait for a line with a deadline."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.seen: queue.Queue[str] = queue.Queue()
        self.text = ""
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.seen.put(line)

    def end(self, timeout: float = 60.0) -> tuple[int, str]:
        """Interrupt the process (Ctrl-C) and wait for it: its exit code and error output.
        (Not communicate(): the reader thread owns standard output.)"""
        self.process.send_signal(signal.SIGINT)
        try:
            code = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(30)
            raise
        assert self.process.stderr is not None
        return code, self.process.stderr.read()

    def wait_for(self, start: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.seen.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                self.process.kill()
                _, err = self.process.communicate(timeout=30)
                pytest.fail(f"never printed {start!r}:\n{self.text}\n{err}")
            self.text += line
            if line.startswith(start):
                return


def waiting(pulse: PulseServer, data: Path, prompts: Path
            ) -> tuple[subprocess.Popen[str], Lines]:
    """BackTalk started on ``pulse``'s microphone, once it waits for its wake phrase."""
    run = backtalk(data, "--wake", "hello back talk", "--speak-to", str(prompts),
                   env=pulse.client_env())
    out = Lines(run)
    out.wait_for("Waiting for")
    return run, out


def test_a_microphone_lost_while_waiting_for_the_wake_phrase_is_waited_for(
        pulse: PulseServer, tmp_path: Path) -> None:
    prompts = tmp_path / "prompts"
    run, out = waiting(pulse, tmp_path / "data", prompts)
    # Pulled out while in use. Stopped at once, while the recording was perhaps still being
    # set up, 1 run in 5 here left the reopening stuck (the cause was not found); that
    # case is handed to the service by microphone_back's time limit (tested below).
    time.sleep(1.0)
    pulse.stop()  # the microphone is pulled out
    wait_for(lambda: (prompts / "001.wav").exists(), "saying the microphone is gone", run)
    pulse.start()  # and plugged back in
    out.wait_for("The microphone works again.")
    out.wait_for("Waiting for")
    code, err = out.end()
    assert code == 0, out.text + err
    assert "Traceback" not in err and "stopped sending sound" in err
    assert "Trying the microphone again every 5 s" in err
    spoken_like(prompts / "001.wav", [*MICROPHONE_GONE, "If you need help now, call 112."])
    spoken_like(prompts / "002.wav", MICROPHONE_BACK)


def test_answer_files_failing_while_waiting_stop_with_it_said(tmp_path: Path) -> None:
    # Answer files that fail never come back, unlike a microphone: the run stops, saying why.
    answers, prompts = tmp_path / "answers", tmp_path / "prompts"
    answers.mkdir()
    Speaker(TtsSettings(rate=140)).save(["hello"], answers / "001.wav")
    Speaker(TtsSettings(rate=140)).save(["hello"], answers / "002.wav")
    run = subprocess.Popen(
        [sys.executable, "-c", HIDE_SECOND_ANSWER, str(answers), "--data-dir",
         str(tmp_path / "data"), "voice", "--asr", "pocketsphinx", "--wake", "hello back talk",
         "--input-wav-dir", str(answers), "--speak-to", str(prompts)],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    out, err = run.communicate(timeout=120)
    assert run.returncode == 2, out + err
    assert "Traceback" not in err and "also said aloud" in err and "Trying" not in err
    spoken_like(prompts / "problem.wav", [*HEARING_LOST, "If you need help now, call 112."])


@pytest.mark.parametrize("server", ["stopped", "frozen"])
def test_a_microphone_lost_mid_screening_gives_the_safety_advice(
        pulse: PulseServer, tmp_path: Path, dialog: Dialog, server: str) -> None:
    # Frozen, the server answers nothing: BackTalk once waited for ever to close the
    # microphone after giving the advice, so the service never started it afresh.
    prompts, data = tmp_path / "prompts", tmp_path / "data"
    run = backtalk(data, "--speak-to", str(prompts), env=pulse.client_env())
    wait_for(lambda: (prompts / "001.wav").exists(), "the first question", run)
    time.sleep(0.5)  # it is listening for the answer now
    with pulse.failing(server):
        out, err = run.communicate(timeout=60)
    lost = "stopped sending sound" if server == "stopped" else "no audio arrived"
    assert run.returncode == 2, out + err
    assert "Traceback" not in err and lost in err
    assert "given the safety advice" in err

    (record,) = (data / "sessions").glob("*.jsonl")
    assert os.stat(record).st_mode & 0o777 == 0o600
    events = [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]
    last = [e for e in events if e["event"] == "turn"][-1]
    assert last["interrupted"] and lost in last["cannot_hear"]
    assert events[-1]["event"] == "summary" and events[-1]["stopped"]
    # The caregiver's summary says why it stopped, not just that it did.
    assert events[-1]["stopped_because"].startswith("BackTalk could not hear any more")
    summary = record.with_suffix(".txt").read_text(encoding="utf-8")
    assert "Stopped before the end of the questions: BackTalk could not hear any more" \
        in " ".join(summary.split())
    said = " ".join(last["says"])
    assert all(advice in said for advice in safety_advice(dialog))
    hint = dialog.language.say["repeat_hint"]
    spoken_like(sorted(prompts.glob("*.wav"))[-1],
                [dialog.language.say["cannot_hear"], *(s for s in last["says"] if s != hint)])


def test_a_microphone_lost_mid_screening_with_a_wake_phrase_is_waited_for(
        pulse: PulseServer, tmp_path: Path, dialog: Dialog) -> None:
    prompts, data = tmp_path / "prompts", tmp_path / "data"
    wake = Speaker(TtsSettings(rate=140)).save(["hello back talk"], tmp_path / "wake.wav")
    run, out = waiting(pulse, data, prompts)
    time.sleep(0.5)
    assert pulse.play(wake).wait(10) == 0  # the person says the wake phrase
    wait_for(lambda: (prompts / "001.wav").exists(), "the first question", run)
    time.sleep(0.5)  # it is listening for the answer now
    pulse.stop()
    wait_for(lambda: (prompts / "003.wav").exists(), "the safety advice, then the wait", run)
    pulse.start()
    out.wait_for("The microphone works again.")
    out.wait_for("Waiting for")
    code, err = out.end()
    assert code == 0, out.text + err
    assert "given the safety advice" in err and "Trying the microphone again" in err

    (record,) = (data / "sessions").glob("*.jsonl")
    events = [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]
    last = [e for e in events if e["event"] == "turn"][-1]
    assert last["interrupted"] and "stopped sending sound" in last["cannot_hear"]
    hint = dialog.language.say["repeat_hint"]
    spoken_like(prompts / "002.wav",
                [dialog.language.say["cannot_hear"], *(s for s in last["says"] if s != hint)])
    spoken_like(prompts / "003.wav", [*MICROPHONE_GONE, "If you need help now, call 112."])
    spoken_like(prompts / "004.wav", MICROPHONE_BACK)


def test_with_a_wake_phrase_a_microphone_not_there_yet_is_waited_for(
        tmp_path: Path) -> None:
    if shutil.which("pulseaudio") is None:
        pytest.skip("pulseaudio is not installed; it provides the live input device")
    # At boot a USB microphone can appear after BackTalk starts: here the sound server
    # that provides the device starts only once BackTalk has said it cannot hear.
    server = PulseServer(tmp_path / "pulse")
    prompts = tmp_path / "prompts"
    run = backtalk(tmp_path / "data", "--wake", "hello back talk", "--speak-to",
                   str(prompts), env=server.client_env())
    try:
        out = Lines(run)
        wait_for(lambda: (prompts / "001.wav").exists(), "saying it cannot hear", run)
        server.start()
        out.wait_for("The microphone works again.")
        out.wait_for("Waiting for")
        code, err = out.end()
    finally:
        run.kill()
        server.stop()
    assert code == 0, out.text + err
    assert "Traceback" not in err and "Trying the microphone again every 5 s" in err
    spoken_like(prompts / "001.wav", [*MICROPHONE_GONE, "If you need help now, call 112."])
    spoken_like(prompts / "002.wav", MICROPHONE_BACK)


def test_without_a_wake_phrase_a_missing_microphone_stops_at_once(tmp_path: Path) -> None:
    # Run once by hand, nobody is waiting for a microphone to come: it says so and stops.
    prompts = tmp_path / "prompts"
    env = {**os.environ, "PULSE_SERVER": f"unix:{tmp_path / 'no-server'}"}
    run = backtalk(tmp_path / "data", "--speak-to", str(prompts), env=env)
    _, err = run.communicate(timeout=120)
    assert run.returncode == 2 and "Traceback" not in err and "Trying" not in err, err
    assert (prompts / "problem.wav").exists()


def test_a_sound_server_that_stops_answering_is_left_to_the_service(
        pulse: PulseServer, tmp_path: Path) -> None:
    # Frozen, not ended: the server keeps its connections but answers nothing, so opening
    # the microphone again would wait for ever. BackTalk stops instead (exit 2), for the
    # service to start it afresh.
    prompts = tmp_path / "prompts"
    run, out = waiting(pulse, tmp_path / "data", prompts)
    with pulse.frozen():
        code = run.wait(timeout=120)
    assert run.stderr is not None
    err = run.stderr.read()
    assert code == 2, out.text + err
    assert "Traceback" not in err and "the sound system did not answer" in err, err
    spoken_like(prompts / "001.wav", [*MICROPHONE_GONE, "If you need help now, call 112."])
