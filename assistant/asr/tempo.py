"""Changing how fast a take is said, pitch kept: sox's ``tempo`` effect (WSOLA).

sox is already one of the Debian packages BackTalk installs. Rubber Band's Python
packages are GPL, and the small time-stretch packages on PyPI ship no ARM build or are
no longer maintained, so the tool is called rather than a library imported.
"""

from __future__ import annotations

import subprocess

RAW = ("-t", "raw", "-r", "16000", "-e", "signed", "-b", "16", "-c", "1")
"""16 kHz mono s16le in and out."""


class TempoUnavailable(OSError):
    """sox is missing or failed on this audio."""


def at_tempo(pcm: bytes, factor: float) -> bytes:
    """``pcm`` (16 kHz mono s16le) said ``factor`` times as fast: 0.6 is slower, 1.6
    faster. Raises :class:`TempoUnavailable` without a working sox."""
    # -R: sox dithers what it writes with a new random seed each run unless told to
    # repeat, and the same answer must be heard the same way every time.
    try:
        done = subprocess.run(["sox", "-R", *RAW, "-", *RAW, "-", "tempo", "-s", str(factor)],
                              input=pcm, capture_output=True, check=True, timeout=10)
    except (OSError, subprocess.SubprocessError) as exc:
        raise TempoUnavailable(f"sox could not change the tempo ({exc}); install sox") \
            from exc
    return done.stdout
