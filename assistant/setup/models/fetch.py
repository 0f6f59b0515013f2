"""Fetching from the model site over HTTP: one request, and a body streamed to a file with
progress and both digests, failing with a message that says what to do."""

from __future__ import annotations

import hashlib
import urllib.error
import urllib.request
from collections.abc import Callable
from http.client import HTTPException, HTTPResponse
from pathlib import Path
from typing import IO

from .catalogue import ModelError

CHUNK_SIZE = 64 * 1024

Progress = Callable[[int, int | None], None]


class NoNetwork(ModelError):
    """The model site cannot be reached (no connection, DNS failure, timeout)."""


class DownloadFailed(ModelError):
    """The site answered, but the transfer did not complete."""


def open_url(url: str, timeout: float, models_dir: Path, model_url: str) -> HTTPResponse:
    """The response to a GET of ``url``; ``models_dir`` and ``model_url`` only serve to say
    how to install the model by hand when the site cannot be reached."""
    request = urllib.request.Request(url, headers={"User-Agent": "BackTalk model downloader"})
    try:
        response: HTTPResponse = urllib.request.urlopen(request, timeout=timeout)
    except urllib.error.HTTPError as err:
        err.close()
        raise DownloadFailed(f"{url} answered HTTP {err.code} {err.reason}; check the model"
                             " name or URL, or try again later") from err
    except (OSError, HTTPException) as err:  # URLError, refused, DNS failure, timeout
        raise NoNetwork(
            f"cannot reach {url}: {getattr(err, 'reason', err)}. BackTalk works without vosk"
            " (Whisper, its default, and pocketsphinx come with it); to use vosk, download"
            f" {model_url} on a machine with internet, and unzip it into {models_dir}"
        ) from err
    except ValueError as err:
        raise ModelError(f"{url} is not a URL BackTalk can download: {err}") from err
    return response


def fetch(
    url: str, out: IO[bytes], progress: Progress | None, timeout: float, models_dir: Path
) -> dict[str, str]:
    """Write the body of ``url`` to ``out``; return its ``sha256`` and ``md5`` hex digests."""
    sha256, md5 = hashlib.sha256(), hashlib.md5(usedforsecurity=False)
    done = 0
    with open_url(url, timeout, models_dir, url) as response:
        length = response.headers.get("Content-Length", "")
        total = int(length) if length.isdigit() else None
        if progress:
            progress(0, total)
        while True:
            try:
                chunk = response.read(CHUNK_SIZE)
            except (OSError, HTTPException) as err:
                raise DownloadFailed(f"the connection to {url} broke after {done} bytes ({err});"
                                     " run the download again") from err
            if not chunk:
                break
            out.write(chunk)
            sha256.update(chunk)
            md5.update(chunk)
            done += len(chunk)
            if progress:
                progress(done, total)
    # http.client returns b"" rather than raising when the body ends early.
    if total is not None and done != total:
        raise DownloadFailed(f"the download of {url} stopped after {done} of {total} bytes;"
                             " nothing was installed, run it again")
    return {"sha256": sha256.hexdigest(), "md5": md5.hexdigest()}
