"""An onnxruntime session on one thread, for the small models run beside a recognizer (the
Silero voice-activity model, the speech embedding of the personal templates)."""

from __future__ import annotations

from typing import Any


def one_thread_session(model: bytes, *, give_back_memory: bool = False) -> Any:
    """A session on the verified bytes of ``model``. Raises ImportError without
    onnxruntime, and onnxruntime's own (unexported) errors for a model it cannot load.
    ``give_back_memory``: no arena and no memory plan, so that what a long input needed is
    returned rather than kept for the next one."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    # One thread: these models take milliseconds, and the recognizer needs the other core.
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 4
    if give_back_memory:
        options.enable_cpu_mem_arena = False
        options.enable_mem_pattern = False
    return onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])
