"""Offline speech recognition: one interface (:mod:`.base`), two engines."""
