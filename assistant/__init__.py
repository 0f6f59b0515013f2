"""BackTalk: an offline voice assistant that screens back pain."""

import os

__version__ = "0.1.0"

# onnxruntime (the voice detector and the speech embedding) has, since 1.2x on Linux, kept
# a device identifier and a queue of usage events in ~/.cache/Microsoft to send when a
# network is there. Health screening stays on this machine: set before it is ever loaded.
os.environ["ORT_DISABLE_TELEMETRY"] = "1"
