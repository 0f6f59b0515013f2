"""The sound server's echo canceller, so that a call for help is heard while BackTalk speaks.

PulseAudio, and PipeWire's PulseAudio server, have one: ``module-echo-cancel`` with
WebRTC's canceller takes what is played to its sink out of what its source records.
BackTalk loads it over the system's default microphone and speaker, or over the server's
own devices for those named to BackTalk (:mod:`.sound_server`), when it starts and unloads
it when it ends. Its speech then goes to the canceller's sink and what it hears
comes from the canceller's source: ``PULSE_SINK`` and ``PULSE_SOURCE`` name them for ALSA's
``pulse`` device, in this process (the microphone) and in ``aplay`` (the speaker).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from dataclasses import dataclass

from .sound_server import NoServerDevice, pactl, sink_for, source_for

log = logging.getLogger(__name__)

SOURCE = "backtalk_mic_echo_cancelled"
"""The canceller's source: the microphone with BackTalk's own voice taken out."""
SINK = "backtalk_speaker"
"""The canceller's sink: what BackTalk says goes through it to the speaker."""
DEVICE = "pulse"
"""The ALSA device both sides use, so that the two names above are followed."""
PROCESSING = "noise_suppression=0 analog_gain_control=0 digital_gain_control=0 " \
    "high_pass_filter=0 extended_filter=1"
"""Only the echo is taken out: answers reach the recognizer as the microphone recorded them,
as every recognition figure was measured (WebRTC's noise suppression and gain control
would otherwise change a quiet voice, and analog gain control the microphone's own level).
The extended filter (PipeWire's default, not PulseAudio's) follows an echo that comes
later than the server reckons (a speaker that keeps sound of its own, as TVs over HDMI
and some USB and Bluetooth speakers do): 150 ms late in a virtual room,
PulseAudio's canceller left BackTalk's voice 1-4 dB down without it, 20-30 dB with it."""
PIPEWIRE_PROCESSING = "webrtc.noise_suppression=false webrtc.gain_control=false " \
    "webrtc.high_pass_filter=false"
"""The same for PipeWire's canceller, which names its switches otherwise and ignores
PulseAudio's names: left to itself it suppresses noise at its highest level and filters
out low tones (its webrtc module's defaults), so a quiet voice would reach the recognizer
changed. PulseAudio refuses names it does not know, so each server gets its own."""
_MASTER = re.compile(r"\b(source_master|sink_master)=(\S+)")


class EchoCancelUnavailable(Exception):
    """No echo canceller could be set up; the message says why."""


@dataclass
class EchoCancel:
    """An echo canceller in the sound server, loaded by (or for) BackTalk."""

    module: str
    """The sound server's number for the loaded module, to unload it."""
    microphone: int | str | None = None
    speaker: str | None = None
    """The devices as named to BackTalk (None: the system's), to load it again over them."""
    sink_master: str | None = None
    """The server's sink for a speaker named to BackTalk, which it plays through."""

    def environment(self) -> dict[str, str]:
        """What makes ALSA's pulse device record from and play through the canceller."""
        return {"PULSE_SOURCE": SOURCE, "PULSE_SINK": SINK}

    def use(self) -> None:
        """Record and play through the canceller from now on (this process and the players
        it starts)."""
        os.environ.update(self.environment())

    def close(self, keep_speaker: bool = False) -> None:
        """Unload the canceller and go back to the system's own devices; with
        ``keep_speaker``, speech played through the sound server still goes to the speaker
        named to BackTalk."""
        for name in self.environment():
            os.environ.pop(name, None)
        if keep_speaker and self.sink_master is not None:
            os.environ["PULSE_SINK"] = self.sink_master
        module, self.module = self.module, ""
        if not module:
            return  # closed already
        done = pactl("unload-module", module)
        if done.returncode != 0:
            log.warning("could not unload the echo canceller (module %s): %s", module,
                        done.stderr.strip())


def start_echo_cancel(microphone: int | str | None, speaker: str | None) -> EchoCancel:
    """Load the echo canceller over the microphone and speaker (None: the system's; named
    ones as the sound server knows them), or take the one a BackTalk that ended without
    unloading it left over the same devices; EchoCancelUnavailable says why not."""
    if shutil.which("pactl") is None:
        raise EchoCancelUnavailable("pactl is not installed (sudo apt-get install "
                                    "pulseaudio-utils)")
    info = pactl("info")
    if info.returncode != 0:
        said = (info.stderr.strip() or "pactl info failed").splitlines()[0]
        raise EchoCancelUnavailable(f"no PulseAudio or PipeWire sound server answers ({said})")
    try:
        masters = {"source_master": source_for(microphone, leave_out=(SOURCE,)),
                   "sink_master": sink_for(speaker, leave_out=(SINK,))}
    except NoServerDevice as exc:
        raise EchoCancelUnavailable(str(exc)) from exc
    wanted = {key: value for key, value in masters.items() if value is not None}
    number = None
    left = _ours(pactl("list", "short", "modules").stdout)
    if left is not None and dict(_MASTER.findall(left[1])) == wanted:
        number = left[0]
        log.info("using the echo canceller left loaded (module %s)", number)
    elif left is not None:
        pactl("unload-module", left[0])  # left over other devices than those named now
    if number is None:
        loaded = pactl("load-module", "module-echo-cancel", "aec_method=webrtc",
                       f"source_name={SOURCE}", f"sink_name={SINK}",
                       f'aec_args="{processing_for(info.stdout)}"',
                       *(f"{key}={value}" for key, value in wanted.items()))
        if loaded.returncode != 0 or not loaded.stdout.strip().isdigit():
            raise EchoCancelUnavailable("the sound server would not load its echo canceller "
                                        f"(module-echo-cancel): {loaded.stderr.strip()}")
        number = loaded.stdout.strip()
        log.info("echo canceller loaded (module %s) over %s", number,
                 ", ".join(wanted.values()) or "the default devices")
    return EchoCancel(number, microphone, speaker, masters["sink_master"])


def processing_for(server_info: str) -> str:
    """The canceller's switches (all but the echo canceller off) in the words of the sound
    server ``pactl info`` describes: PipeWire's pulse server says "PulseAudio (on PipeWire
    ...)"."""
    named = next((line for line in server_info.splitlines()
                  if line.strip().lower().startswith("server name:")), "")
    return PIPEWIRE_PROCESSING if "pipewire" in named.lower() else PROCESSING


def _ours(modules: str) -> tuple[str, str] | None:
    """The number and arguments of a module-echo-cancel making our source, in ``pactl list
    short modules``."""
    for line in modules.splitlines():
        fields = line.split("\t")
        if len(fields) >= 3 and fields[1] == "module-echo-cancel" \
                and f"source_name={SOURCE}" in fields[2]:
            return fields[0], fields[2]
    return None

