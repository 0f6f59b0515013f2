"""The sound server's own name for a microphone or speaker named to BackTalk.

A caregiver names the microphone as ``backtalk devices`` shows it (``--device USB``, or
its number) and the speaker as ALSA does (``--speaker plughw:1,0``). Where a PulseAudio
or PipeWire server runs, the same device is one of its sources or sinks, and the echo
canceller is loaded over that one (:mod:`.echo_cancel`), so that the device named is the
one BackTalk listens and speaks through, with its own voice taken out.

A microphone is found by part of the server's description or name ("USB PnP Sound Device
Mono"), else through the ALSA card in PortAudio's name for it ("... (hw:1,0)"); a speaker
by the ALSA card and device its name gives (``plughw:1,0``, ``hw:CARD=Device,DEV=0``,
``sysdefault:CARD=Headphones``). The server says which card each of its devices is
(``alsa.card``, or PipeWire's ``api.alsa.pcm.card``).
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

SYSTEM = (None, "", "pulse", "default")
"""Device settings that mean the system's own microphone or speaker (the server's
defaults)."""
CARDS = Path("/proc/asound/cards")
"""The kernel's list of sound cards: their numbers and the short names ALSA also takes."""
_CARD = re.compile(r"\b\w*:(?:CARD=)?([\w-]+)(?:,(?:DEV=)?(\d+))?")
_CARD_LINE = re.compile(r"^\s*(\d+)\s+\[(\S+?)\s*\]", re.MULTILINE)


class NoServerDevice(Exception):
    """The device named is not one of the sound server's; the message says which it has."""


@dataclass(frozen=True)
class ServerDevice:
    """A source or sink of the sound server."""

    name: str
    description: str
    card: int | None
    device: int | None


def pactl(*args: str) -> subprocess.CompletedProcess[str]:
    """``pactl`` run against the session's sound server; a failure to run it is an exit
    code of 1 with the reason as its error output."""
    try:
        return subprocess.run(["pactl", *args], capture_output=True, text=True, timeout=10,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return subprocess.CompletedProcess(["pactl", *args], 1, "", str(exc))


def server_devices(kind: str, leave_out: tuple[str, ...] = ()) -> list[ServerDevice]:
    """The server's ``sources`` or ``sinks``, without monitors (a speaker's sound is no
    microphone) and without those named in ``leave_out`` (the echo canceller's own)."""
    listed = pactl("-f", "json", "list", kind)
    try:
        found = json.loads(listed.stdout) if listed.returncode == 0 else None
    except json.JSONDecodeError:
        found = None
    if not isinstance(found, list):
        raise NoServerDevice(f"the sound server did not list its {kind} "
                             f"({listed.stderr.strip() or 'pactl -f json list failed'})")
    devices = []
    for entry in found:
        props = entry.get("properties") if isinstance(entry, dict) else None
        if not isinstance(props, dict):
            continue
        if props.get("device.class") == "monitor" or entry.get("name") in leave_out:
            continue
        devices.append(ServerDevice(
            str(entry.get("name", "")), str(entry.get("description", "")),
            _number(props.get("alsa.card", props.get("api.alsa.pcm.card"))),
            _number(props.get("alsa.device", props.get("api.alsa.pcm.device")))))
    return devices


def source_for(microphone: int | str | None, leave_out: tuple[str, ...] = ()) -> str | None:
    """The server's source for the microphone named to BackTalk (None: the default)."""
    if microphone in SYSTEM:
        return None
    sources = server_devices("sources", leave_out)
    if isinstance(microphone, int) or str(microphone).isdigit():
        name = _portaudio_name(int(microphone))
        if name is None:
            raise NoServerDevice(f"there is no microphone number {microphone} "
                                 "(see 'backtalk devices')")
        if name in SYSTEM:
            return None
        return _by_card(sources, card_of(name), f"microphone {name!r}")
    wanted = str(microphone).lower()
    found = [s for s in sources if wanted in s.description.lower() or wanted in s.name.lower()]
    found = [s for s in found if wanted in (s.description.lower(), s.name.lower())] or found
    if len(found) > 1:
        raise NoServerDevice(f"several of the sound server's microphones match {microphone!r}"
                             f" ({_listed(found)}): give more of one's name")
    if found:
        return found[0].name
    named = _portaudio_names(wanted)
    if not named:
        raise NoServerDevice(f"the sound server has no microphone matching {microphone!r} "
                             f"(it has {_listed(sources)})")
    return _by_card(sources, card_of(named[0]), f"microphone {named[0]!r}")


def sink_for(speaker: str | None, cards: Path = CARDS,
             leave_out: tuple[str, ...] = ()) -> str | None:
    """The server's sink for the speaker named to BackTalk as an ALSA device (None: the
    default)."""
    if speaker in SYSTEM:
        return None
    return _by_card(server_devices("sinks", leave_out), card_of(str(speaker), cards),
                    f"speaker {speaker!r}")


def card_of(alsa_name: str, cards: Path = CARDS) -> tuple[int, int] | None:
    """(card, device) an ALSA device name gives ("plughw:1,0", "hw:CARD=USB,DEV=0",
    "... (hw:2,0)"; the device 0 when it gives none); None when it names no card."""
    found = _CARD.search(alsa_name)
    if found is None:
        return None
    card, device = found.group(1), int(found.group(2) or 0)
    if card.isdigit():
        return int(card), device
    try:
        listed = cards.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    for number, short in _CARD_LINE.findall(listed):
        if short.lower() == card.lower():
            return int(number), device
    return None


def _by_card(devices: list[ServerDevice], card: tuple[int, int] | None, what: str) -> str:
    if card is None:
        raise NoServerDevice(f"the {what} names no sound card this machine has")
    found = [d for d in devices if d.card == card[0] and d.device in (card[1], None)]
    if not found:
        raise NoServerDevice(f"the sound server has no device for the {what} (card "
                             f"{card[0]}, device {card[1]}; it has {_listed(devices)})")
    return found[0].name


def _listed(devices: list[ServerDevice]) -> str:
    return ", ".join(f"{d.description or d.name!r}" for d in devices) or "none"


def _number(value: object) -> int | None:
    return int(value) if isinstance(value, (int, str)) and str(value).isdigit() else None


def _portaudio_name(index: int) -> str | None:
    return next((name for i, name in _portaudio_inputs() if i == index), None)


def _portaudio_names(part: str) -> list[str]:
    return [name for _, name in _portaudio_inputs() if part in name.lower()]


def _portaudio_inputs() -> list[tuple[int, str]]:
    from .audio import AudioError, list_devices

    try:
        return [(d.index, d.name) for d in list_devices() if d.max_input_channels > 0]
    except AudioError:
        return []
