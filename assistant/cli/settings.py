"""``backtalk config`` and ``backtalk devices``: the settings in force and where each comes
from, and the microphones and speakers there are to choose from."""

from __future__ import annotations

import argparse
import sys

from .common import EXIT_UNAVAILABLE, UserError, run_settings


def cmd_config(args: argparse.Namespace) -> int:
    from ..setup.config import ConfigError, config_dir, describe, write_template

    if args.init:
        try:
            path = write_template(config_dir())
        except ConfigError as exc:
            raise UserError(str(exc)) from exc
        print(f"wrote {path}: every setting is there, commented out with its default; "
              "remove the '#' in front of a setting to change it.")
        return 0
    print(describe(run_settings(args)))
    return 0


def cmd_devices(args: argparse.Namespace) -> int:
    from ..voice.audio import AudioError, list_devices

    try:
        devices = list_devices()
    except AudioError as exc:
        raise UserError(str(exc)) from exc
    if not devices:
        print("backtalk: no audio devices found. Is the USB microphone plugged in? See "
              "'arecord -l'; 'backtalk chat' works without them.", file=sys.stderr)
        return EXIT_UNAVAILABLE
    print(f"{'#':>3}  {'in':>3} {'out':>3}  {'rate':>6}  name")
    for d in devices:
        mark = (" (default input)" if d.is_default_input else "") + \
            (" (default output)" if d.is_default_output else "")
        print(f"{d.index:>3}  {d.max_input_channels:>3} {d.max_output_channels:>3}  "
              f"{d.default_samplerate:>6.0f}  {d.name}{mark}")
    print("Choose the microphone with --device NUMBER or --device 'part of its name'.")
    _server_devices()
    lacking = [what for what, found in (
        ("microphone", any(d.max_input_channels > 0 for d in devices)),
        ("speaker", any(d.max_output_channels > 0 for d in devices))) if not found]
    if lacking:
        print(f"backtalk: no {' and no '.join(lacking)} found: BackTalk cannot screen by "
              "voice here. Plug it in (USB), then run 'backtalk devices' again; 'backtalk "
              "chat' works without them.", file=sys.stderr)
        return EXIT_UNAVAILABLE
    return 0


def _server_devices() -> None:
    """The sound server's microphones and speakers, where one runs: a microphone named by
    part of one of these names is the one BackTalk listens through while it speaks."""
    import shutil

    from ..voice.echo_cancel import SINK, SOURCE
    from ..voice.sound_server import NoServerDevice, server_devices

    if shutil.which("pactl") is None:
        return
    try:
        sources = server_devices("sources", leave_out=(SOURCE,))
        sinks = server_devices("sinks", leave_out=(SINK,))
    except NoServerDevice:
        return  # no sound server: the list above is all there is
    print("\nThe sound server's microphones and speakers (named to BackTalk, these are the "
          "ones it also hears a call for help through while it speaks):")
    for device in sources:
        card = "" if device.card is None else f"  (card {device.card})"
        print(f"  microphone: {device.description or device.name}{card}")
    for device in sinks:
        card = "" if device.card is None else \
            f"  (--speaker plughw:{device.card},{device.device or 0})"
        print(f"  speaker: {device.description or device.name}{card}")
