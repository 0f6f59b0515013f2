"""Speech models: the vosk catalogue, a verified downloader, finding what is installed, and
the Whisper weights checked against pinned sums (:mod:`.whisper_weights`).

:mod:`.catalogue` holds the models BackTalk knows and where models live, :mod:`.fetch` the
HTTP transfer, :mod:`.download` the checked install, and :mod:`.installed` finding, listing
and verifying what is on this machine. What the rest of BackTalk uses is importable from here.
"""

from .catalogue import (
    CATALOGUE,
    DEFAULT_MODEL,
    MARKER,
    ModelError,
    ModelInfo,
    default_models_dir,
)
from .download import (
    ChecksumMismatch,
    ChecksumUnavailable,
    NotAModel,
    UnsafeArchive,
    download_model,
)
from .fetch import DownloadFailed, NoNetwork, Progress
from .installed import InstalledModel, find_vosk_model, list_models, verify_model
from .whisper_weights import WeightsMissing, WhisperWeights, verified_whisper_weights

__all__ = [
    "CATALOGUE", "DEFAULT_MODEL", "MARKER", "ChecksumMismatch", "ChecksumUnavailable",
    "DownloadFailed", "InstalledModel", "ModelError", "ModelInfo", "NoNetwork", "NotAModel",
    "Progress", "UnsafeArchive", "default_models_dir", "download_model", "find_vosk_model",
    "list_models", "verified_whisper_weights", "verify_model", "WeightsMissing",
    "WhisperWeights",
]
