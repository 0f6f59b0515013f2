"""How fast and how loud BackTalk speaks, changed by "slower", "faster", "louder", "quieter".

The conversation changes it when it hears one of those commands; the voice channel reads
it before each prompt; the command line saves it so the choice is kept for next time.
"""

from __future__ import annotations

from dataclasses import dataclass

RATE_STEP = 20
"""Words per minute per "slower"/"faster": a change a listener notices at once."""
SLOWEST, FASTEST = 80, 220
"""espeak-ng goes no slower than 80; above 220 few listeners of this age group follow."""
VOLUME_STEP = 0.25
QUIETEST, LOUDEST = 0.25, 2.0
"""espeak-ng's amplitude goes to twice its normal level; its limiter keeps that from
clipping (measured: peak 0.80 at 1.0, 1.00 at 1.5 and 2.0; loudness 0.096, 0.143, 0.181
RMS), so "louder" can still help when the normal level is too soft."""

COMMANDS = ("slower", "faster", "louder", "quieter")


@dataclass
class Pace:
    """Speaking rate (words per minute) and volume (1 is espeak-ng's normal level)."""

    rate: int = 140
    volume: float = 1.0
    changed: bool = False
    """Set when a command changed it, so the caller knows to save it."""

    def change(self, command: str) -> bool:
        """Apply one command; False when it is already at the limit (nothing changes)."""
        rate, volume = self.rate, self.volume
        if command == "slower":
            rate = int(_step(rate, -RATE_STEP, SLOWEST))
        elif command == "faster":
            rate = int(_step(rate, RATE_STEP, FASTEST))
        elif command == "louder":
            volume = _step(volume, VOLUME_STEP, LOUDEST)
        elif command == "quieter":
            volume = _step(volume, -VOLUME_STEP, QUIETEST)
        else:
            raise ValueError(f"not a pace command: {command}")
        if (rate, volume) == (self.rate, self.volume):
            return False
        self.rate, self.volume, self.changed = rate, volume, True
        return True


def _step(value: float, step: float, limit: float) -> float:
    """One step towards ``limit``, never past it; a value already beyond it (set in the
    config file) stays where it is rather than jumping the other way."""
    if (limit - value) * step <= 0:
        return value
    moved = round(value + step, 2)
    return min(moved, limit) if step > 0 else max(moved, limit)
