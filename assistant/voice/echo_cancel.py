"""The sound server's echo canceller, so that a call for help is heard while BackTalk speaks.

PulseAudio, and PipeWire's PulseAudio server, have one: ``module-echo-cancel`` with
WebRTC's canceller takes what is played to its sink out of what its source records.
BackTalk loads it over the system's default microphone and speaker when it starts and
unloads it when it ends. Its speech then goes to the canceller's sink and what it hears
comes from the canceller's source: ``PULSE_SINK`` and ``PULSE_SOURCE`` name them for ALSA's
``pulse`` device, in this process (the microphone) and in ``aplay`` (the speaker).
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from dataclasses import dataclass

log = logging.getLogger(__name__)

SOURCE = "backtalk_mic_echo_cancelled"
"""The canceller's source: the microphone with BackTalk's own voice taken out."""
SINK = "backtalk_speaker"
"""The canceller's sink: what BackTalk says goes through it to the speaker."""
DEVICE = "pulse"
"""The ALSA device both sides use, so that the two names above are followed."""
PROCESSING = "noise_suppression=0 analog_gain_control=0 digital_gain_control=0 " \
    "high_pass_filter=0"
"""Only the echo is taken out: answers reach the recognizer as the microphone recorded them,
as every recognition figure was measured (WebRTC's noise suppression and gain control
would otherwise change a quiet voice, and analog gain control the microphone's own level)."""
SYSTEM = (None, "", "pulse", "default")
"""Device settings that mean the system's own microphone or speaker: only these go through
the sound server, where the canceller is."""


class EchoCancelUnavailable(Exception):
    """No echo canceller could be set up; the message says why."""


@dataclass
class EchoCancel:
    """An echo canceller in the sound server, loaded by (or for) BackTalk."""

    module: str
    """The sound server's number for the loaded module, to unload it."""

    def environment(self) -> dict[str, str]:
        """What makes ALSA's pulse device record from and play through the canceller."""
        return {"PULSE_SOURCE": SOURCE, "PULSE_SINK": SINK}

    def use(self) -> None:
        """Record and play through the canceller from now on (this process and the players
        it starts)."""
        os.environ.update(self.environment())

    def close(self) -> None:
        """Unload the canceller and go back to the system's own devices."""
        for name in self.environment():
            os.environ.pop(name, None)
        done = _pactl("unload-module", self.module)
        if done.returncode != 0:
            log.warning("could not unload the echo canceller (module %s): %s", self.module,
                        done.stderr.strip())


def start_echo_cancel(microphone: int | str | None, speaker: str | None) -> EchoCancel:
    """Load the echo canceller over the default microphone and speaker (or take the one a
    BackTalk that ended without unloading it left); EchoCancelUnavailable says why not."""
    if microphone not in SYSTEM or speaker not in SYSTEM:
        raise EchoCancelUnavailable(
            "the microphone or the speaker is set to a device of its own, which does not go "
            "through the sound server's echo canceller")
    if shutil.which("pactl") is None:
        raise EchoCancelUnavailable("pactl is not installed (sudo apt-get install "
                                    "pulseaudio-utils)")
    info = _pactl("info")
    if info.returncode != 0:
        raise EchoCancelUnavailable("no PulseAudio or PipeWire sound server answers "
                                    f"({info.stderr.strip() or 'pactl info failed'})")
    left = _ours(_pactl("list", "short", "modules").stdout)
    if left is not None:
        log.info("using the echo canceller left loaded (module %s)", left)
        return EchoCancel(left)
    loaded = _pactl("load-module", "module-echo-cancel", "aec_method=webrtc",
                    f"source_name={SOURCE}", f"sink_name={SINK}", f'aec_args="{PROCESSING}"')
    if loaded.returncode != 0 or not loaded.stdout.strip().isdigit():
        raise EchoCancelUnavailable("the sound server would not load its echo canceller "
                                    f"(module-echo-cancel): {loaded.stderr.strip()}")
    log.info("echo canceller loaded (module %s)", loaded.stdout.strip())
    return EchoCancel(loaded.stdout.strip())


def _ours(modules: str) -> str | None:
    """The number of a module-echo-cancel making our source, in ``pactl list short
    modules``."""
    for line in modules.splitlines():
        fields = line.split("\t")
        if len(fields) >= 3 and fields[1] == "module-echo-cancel" \
                and f"source_name={SOURCE}" in fields[2]:
            return fields[0]
    return None


def _pactl(*args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["pactl", *args], capture_output=True, text=True, timeout=10,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return subprocess.CompletedProcess(["pactl", *args], 1, "", str(exc))
