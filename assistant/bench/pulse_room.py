"""A private PulseAudio server with a null sink: a real input device on a machine without a
sound card, for the tests and the benchmark of a call heard while speaking. What is played
to the sink comes back on its ``.monitor`` source, which PortAudio records through ALSA's
``pulse``/``default`` devices (libasound2-plugins).

The server runs in the foreground as our own child (``--daemonize=no``), so stopping it is
killing one known pid, and its runtime folder is private, so it never meets a user's server.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..voice.audio import list_devices

log = logging.getLogger(__name__)

SINK = "backtalk_test"


class PulseError(Exception):
    """The test PulseAudio server did not start or stop as it should."""


class PulseServer:
    """``pulseaudio`` with one null sink whose monitor is the default source."""

    def __init__(self, folder: Path, sink: str = SINK) -> None:
        self.folder = folder
        self.sink = sink
        self.socket = folder / "run" / "native"
        self.address = f"unix:{self.socket}"
        self.log_path = folder / "pulseaudio.log"
        self._process: subprocess.Popen[bytes] | None = None
        self._listener: subprocess.Popen[bytes] | None = None

    def client_env(self) -> dict[str, str]:
        """The environment for pactl, paplay and anything else that should use this server."""
        return {**os.environ, "PULSE_SERVER": self.address}

    def command(self) -> list[str]:
        # -n: no default.pa (it would look for sound cards); as root without --system,
        # pulseaudio only warns, and --use-pid-file=no keeps it from meeting other servers.
        return ["pulseaudio", "--daemonize=no", "-n", "--exit-idle-time=-1",
                "--use-pid-file=no", "--realtime=no", "--high-priority=no",
                "--log-target=stderr", "--log-level=notice",
                f"--load=module-native-protocol-unix socket={self.socket} auth-anonymous=1",
                f"--load=module-null-sink sink_name={self.sink}"]

    def start(self, timeout: float = 10.0) -> None:
        (self.folder / "run").mkdir(mode=0o700, parents=True, exist_ok=True)
        (self.folder / "home").mkdir(exist_ok=True)
        env = {**os.environ, "HOME": str(self.folder / "home"),
               "PULSE_RUNTIME_PATH": str(self.folder / "run"),
               "PULSE_STATE_PATH": str(self.folder / "state")}
        env.pop("PULSE_SERVER", None)
        with self.log_path.open("wb") as log_file:
            self._process = subprocess.Popen(self.command(), env=env, stdin=subprocess.DEVNULL,
                                             stdout=log_file, stderr=subprocess.STDOUT)
        deadline = self._answering(timeout)
        self.pactl("set-default-sink", self.sink)
        self.pactl("set-default-source", f"{self.sink}.monitor")
        # An idle null sink renders in 2 s blocks, so a new recording would get its first
        # audio only ~2 s after it opens. One low-latency listener keeps the blocks short and
        # the monitor delivering at once, as a real microphone does; it is in effect once
        # the listener itself gets audio.
        heard = self.folder / "listener.raw"
        with heard.open("wb") as sink_file:
            self._listener = subprocess.Popen(
                ["parec", f"--device={self.sink}.monitor", "--latency-msec=20", "--raw",
                 "--rate=8000", "--channels=1", "--format=s16le"],
                env=self.client_env(), stdout=sink_file, stderr=subprocess.DEVNULL)
        while heard.stat().st_size == 0:
            if self._listener.poll() is not None or time.monotonic() > deadline + 5:
                self.stop()
                raise PulseError("the monitor of the null sink delivered no audio")
            time.sleep(0.05)
        log.info("pulseaudio %d serving %s", self._process.pid, self.address)

    def _answering(self, timeout: float) -> float:
        """Wait for the server just started to answer; its deadline, or PulseError (and
        the server stopped) when it ended or did not answer in time."""
        deadline = time.monotonic() + timeout
        while self.pactl("info", check=False).returncode != 0:
            if self._process is None or self._process.poll() is not None \
                    or time.monotonic() > deadline:
                self.stop()
                raise PulseError(f"the sound server did not start: {self.log_path.read_text()}")
            time.sleep(0.05)
        return deadline

    def pactl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["pactl", *args], env=self.client_env(), capture_output=True,
                              text=True, timeout=10, check=check)

    @contextmanager
    def frozen(self) -> Iterator[None]:
        """The server frozen within the block (SIGSTOP), as a sound server that hangs: it
        keeps its connections and answers nothing. Thawed after."""
        if self._process is None:
            raise PulseError("the server is not running")
        pid = self._process.pid
        os.kill(pid, signal.SIGSTOP)
        try:
            yield
        finally:
            os.kill(pid, signal.SIGCONT)

    @contextmanager
    def failing(self, how: str) -> Iterator[None]:
        """The server "stopped" (for good, as a microphone pulled out) or "frozen" within
        the block (:meth:`frozen`)."""
        if how == "stopped":
            self.stop()
            yield
        elif how == "frozen":
            with self.frozen():
                yield
        else:
            raise ValueError(f"a server fails 'stopped' or 'frozen', not {how!r}")

    def play(self, wav: Path) -> subprocess.Popen[bytes]:
        """Start playing ``wav`` into the sink (so onto the monitor source)."""
        return subprocess.Popen(["paplay", f"--device={self.sink}", str(wav)],
                                env=self.client_env(), stderr=subprocess.PIPE)

    def leftovers(self) -> list[str]:
        """pulseaudio processes still running for this server's socket."""
        found = subprocess.run(["pgrep", "-a", "-f", f"pulseaudio.*{self.socket}"],
                               capture_output=True, text=True, check=False)
        return found.stdout.splitlines()

    def stop(self) -> None:
        for process in (self._listener, self._process):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(5)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(5)
        self._listener = self._process = None
        if self.leftovers():
            raise PulseError(f"pulseaudio still running after stop: {self.leftovers()}")


class PipeWireServer(PulseServer):
    """PipeWire with its PulseAudio server and its session manager (WirePlumber, which
    needs a D-Bus session bus: one of its own), in a private runtime folder, with the same
    null sink as :class:`PulseServer`: the sound server most desktops now run (Raspberry Pi
    OS among them), whose echo canceller takes other arguments."""

    PROGRAMS = ("dbus-run-session", "pipewire", "wireplumber", "pipewire-pulse")

    def __init__(self, folder: Path, sink: str = SINK) -> None:
        super().__init__(folder, sink)
        self.socket = folder / "run" / "pulse" / "native"
        self.address = f"unix:{self.socket}"

    def start(self, timeout: float = 15.0) -> None:
        run = self.folder / "run"
        run.mkdir(mode=0o700, parents=True, exist_ok=True)
        (self.folder / "home").mkdir(exist_ok=True)
        env = {**os.environ, "HOME": str(self.folder / "home"), "XDG_RUNTIME_DIR": str(run)}
        for name in ("PULSE_SERVER", "DBUS_SESSION_BUS_ADDRESS", "DISPLAY"):
            env.pop(name, None)
        # Each waits for the one before it to be listening; all in one process group.
        script = "pipewire & sleep 1; wireplumber & sleep 1; exec pipewire-pulse"
        with self.log_path.open("wb") as log_file:
            self._process = subprocess.Popen(
                ["dbus-run-session", "--", "sh", "-c", script], env=env,
                stdin=subprocess.DEVNULL, stdout=log_file, stderr=subprocess.STDOUT,
                start_new_session=True)
        self._answering(timeout)
        self.pactl("load-module", "module-null-sink", f"sink_name={self.sink}")
        self.pactl("set-default-sink", self.sink)
        self.pactl("set-default-source", f"{self.sink}.monitor")
        log.info("pipewire serving %s", self.address)

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            os.killpg(self._process.pid, signal.SIGTERM)
            try:
                self._process.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(self._process.pid, signal.SIGKILL)
                self._process.wait(5)
        self._process = None


@contextmanager
def heard_here(server: PulseServer) -> Iterator[PulseServer]:
    """``server`` started as this process's sound server (``PULSE_SERVER``, which ALSA's
    pulse plugin reads, and PortAudio's devices looked at again), then stopped and
    forgotten."""
    before = os.environ.get("PULSE_SERVER")
    os.environ["PULSE_SERVER"] = server.address
    try:
        server.start()
        list_devices(rescan=True)  # PortAudio lists devices only when it starts
        yield server
    finally:
        server.stop()
        if before is None:
            os.environ.pop("PULSE_SERVER", None)
        else:
            os.environ["PULSE_SERVER"] = before
        list_devices(rescan=True)


ROOM = "backtalk_test_room"


class EchoRoom:
    """A room on a test server: what is played to its speaker (the server's sink) comes
    back to its microphone (the room's monitor, made the default source) through a
    loopback, the echo of a loudspeaker; a person is played into the room itself."""

    def __init__(self, server: PulseServer, echo_db: float = 0.0,
                 echo_latency_ms: int = 40) -> None:
        self.server = server
        server.pactl("load-module", "module-null-sink", f"sink_name={ROOM}")
        server.pactl("load-module", "module-loopback", f"source={server.sink}.monitor",
                     f"sink={ROOM}", f"latency_msec={echo_latency_ms}")
        server.pactl("set-default-source", f"{ROOM}.monitor")
        for line in server.pactl("list", "short", "sink-inputs").stdout.splitlines():
            fields = line.split("\t")
            if len(fields) > 3 and fields[3] == "module-loopback.c":  # the echo
                server.pactl("set-sink-input-volume", fields[0], f"{10 ** (echo_db / 20):.4f}")

    def say(self, wav: Path, into: str = ROOM) -> subprocess.Popen[bytes]:
        """Start playing ``wav`` into the room (or the sink ``into``), as a person speaking
        in it."""
        return subprocess.Popen(["paplay", f"--device={into}", str(wav)],
                                env=self.server.client_env(), stderr=subprocess.PIPE)

    def modules(self) -> str:
        return self.server.pactl("list", "short", "modules").stdout
