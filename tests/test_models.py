"""The vosk model downloader, against a real HTTP server on 127.0.0.1 serving real zips."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import random
import socket
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from assistant.setup.models import (
    CATALOGUE,
    DEFAULT_MODEL,
    MARKER,
    ChecksumMismatch,
    ChecksumUnavailable,
    DownloadFailed,
    ModelError,
    NoNetwork,
    NotAModel,
    UnsafeArchive,
    catalogue,
    default_models_dir,
    download_model,
    find_vosk_model,
    list_models,
    verify_model,
)

TIMEOUT = 5  # every request in these tests is bounded by this
_bytes = random.Random(7).randbytes
MODEL_FILES = {
    "am/final.mdl": _bytes(200_000),
    "conf/model.conf": b"--sample-frequency=16000\n",
    "graph/HCLr.fst": _bytes(60_000),
    "graph/Gr.fst": _bytes(40_000),
    "README": b"A fake vosk model for the downloader's tests.\n",
}


def make_zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    # Stored, not deflated: the zip stays a few hundred KB, so progress is reported often.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def model_zip(top: str = "vosk-model-test") -> bytes:
    return make_zip({f"{top}/{name}": data for name, data in MODEL_FILES.items()})


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Site:
    """What the fake model site serves, and which paths were asked for."""

    url: str = ""
    files: dict[str, bytes] = field(default_factory=dict)
    # path -> Content-Length to announce when only part of the body is sent
    truncated: dict[str, int] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)


@pytest.fixture
def site() -> Iterator[Site]:
    served = Site()

    class Handler(BaseHTTPRequestHandler):
        timeout = TIMEOUT

        def do_GET(self) -> None:
            served.requests.append(self.path)
            body = served.files.get(self.path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(served.truncated.get(self.path, len(body))))
            self.end_headers()
            # The client may give up part way, as in the interrupted-download test.
            with contextlib.suppress(ConnectionError):
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    served.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()
        thread.join(TIMEOUT)


@pytest.fixture
def models_dir(tmp_path: Path) -> Path:
    return tmp_path / "models"


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """The default search folders moved into tmp_path, and no $VOSK_MODEL_PATH."""
    project, user = tmp_path / "project-models", tmp_path / "user-models"
    monkeypatch.setattr(catalogue, "PROJECT_MODELS_DIR", project)
    monkeypatch.setattr(catalogue, "user_models_dir", lambda: user)
    monkeypatch.delenv("VOSK_MODEL_PATH", raising=False)
    return project, user


def entries(folder: Path) -> list[str]:
    """Everything in a folder, temporaries included (they start with a dot)."""
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def fake_model(folder: Path, *, grammar: bool = True) -> Path:
    for name, data in MODEL_FILES.items():
        if grammar or not name.startswith("graph/"):
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data[:100])
    return folder


def test_download_unpacks_verifies_and_records_the_model(site: Site, models_dir: Path) -> None:
    data = model_zip()
    site.files["/vosk-model-test.zip"] = data
    calls: list[tuple[int, int | None]] = []

    path = download_model("vosk-model-test", models_dir, sha256=sha256(data), base_url=site.url,
                          timeout=TIMEOUT, progress=lambda done, total: calls.append((done, total)))

    assert path == models_dir / "vosk-model-test"
    for name, content in MODEL_FILES.items():
        assert (path / name).read_bytes() == content
    assert len(calls) > 3 and calls[-1] == (len(data), len(data))
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    marker = json.loads((path / MARKER).read_text())
    assert marker["sha256"] == sha256(data) and marker["verified"] is True
    assert marker["url"] == f"{site.url}/vosk-model-test.zip" and marker["date"]
    assert entries(models_dir) == ["vosk-model-test"]  # no temporaries left
    assert verify_model(path) == []
    [installed] = list_models([models_dir])
    assert (installed.name, installed.path, installed.verified) == ("vosk-model-test", path, True)
    assert installed.size > 300_000 and installed.problems == ()
    assert installed.checked_against == "SHA-256 given by the user"
    assert site.requests == ["/vosk-model-test.zip"]


def test_a_name_off_the_catalogue_is_checked_against_the_published_md5(
    site: Site, models_dir: Path
) -> None:
    data = model_zip()
    site.files["/vosk-model-test.zip"] = data
    listing = [{"name": "other", "md5": "0" * 32},
               {"name": "vosk-model-test", "md5": hashlib.md5(data).hexdigest()}]
    site.files["/model-list.json"] = json.dumps(listing).encode()

    path = download_model("vosk-model-test", models_dir, base_url=site.url, timeout=TIMEOUT)

    assert site.requests == ["/model-list.json", "/vosk-model-test.zip"]
    marker = json.loads((path / MARKER).read_text())
    assert marker["verified"] is True and marker["checked_against"].startswith("MD5 published")

    listing[1]["md5"] = "f" * 32
    site.files["/model-list.json"] = json.dumps(listing).encode()
    with pytest.raises(ChecksumMismatch, match="f" * 32):
        download_model("vosk-model-test", models_dir, base_url=site.url, force=True)
    assert entries(models_dir) == ["vosk-model-test"]


def test_the_catalogue_pin_is_enforced(site: Site, models_dir: Path) -> None:
    site.files[f"/{DEFAULT_MODEL}.zip"] = model_zip(DEFAULT_MODEL)
    with pytest.raises(ChecksumMismatch) as caught:
        download_model(DEFAULT_MODEL, models_dir, base_url=site.url, timeout=TIMEOUT)
    assert caught.value.expected == CATALOGUE[DEFAULT_MODEL].sha256
    assert entries(models_dir) == []


def test_a_wrong_checksum_leaves_nothing_behind(site: Site, models_dir: Path) -> None:
    data = model_zip()
    site.files["/vosk-model-test.zip"] = data
    fake_model(models_dir / "vosk-model-other")
    with pytest.raises(ChecksumMismatch) as caught:
        download_model("vosk-model-test", models_dir, sha256="ab" * 32, base_url=site.url,
                       timeout=TIMEOUT)
    message = str(caught.value)
    assert "ab" * 32 in message and sha256(data) in message
    assert entries(models_dir) == ["vosk-model-other"]


def test_without_a_checksum_it_refuses_before_downloading(site: Site, models_dir: Path) -> None:
    url = f"{site.url}/vosk-model-test.zip"
    site.files["/vosk-model-test.zip"] = model_zip()
    with pytest.raises(ChecksumUnavailable, match="--sha256 HEX"):
        download_model(url, models_dir, timeout=TIMEOUT)
    assert site.requests == [] and entries(models_dir) == []

    path = download_model(url, models_dir, timeout=TIMEOUT, allow_unverified=True)
    assert json.loads((path / MARKER).read_text())["verified"] is False
    assert [m.verified for m in list_models([models_dir])] == [False]


def test_a_truncated_transfer_fails_and_leaves_nothing(site: Site, models_dir: Path) -> None:
    data = model_zip()
    site.files["/vosk-model-test.zip"] = data[: len(data) // 2]
    site.truncated["/vosk-model-test.zip"] = len(data)
    with pytest.raises(DownloadFailed, match=f"stopped after {len(data) // 2} of {len(data)}"):
        download_model("vosk-model-test", models_dir, sha256=sha256(data), base_url=site.url,
                       timeout=TIMEOUT)
    assert not models_dir.exists()  # not even the folder it had to create


def test_an_http_error_is_a_failed_download(site: Site, models_dir: Path) -> None:
    with pytest.raises(DownloadFailed, match="HTTP 404"):
        download_model("vosk-model-test", models_dir, sha256="ab" * 32, base_url=site.url,
                       timeout=TIMEOUT)
    assert entries(models_dir) == []


def test_no_server_means_no_network(models_dir: Path) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago, with nobody listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(NoNetwork) as caught:
        download_model("vosk-model-test", models_dir, sha256="ab" * 32,
                       base_url=f"http://127.0.0.1:{port}", timeout=TIMEOUT)
    message = str(caught.value)
    assert message.startswith(f"cannot reach http://127.0.0.1:{port}/vosk-model-test.zip: ")
    assert "BackTalk works without vosk" in message and str(models_dir) in message
    assert isinstance(caught.value, ModelError) and entries(models_dir) == []


@pytest.mark.parametrize(
    "files",
    [
        {"vosk-model-test/README": b"no model here"},
        {"one/am/final.mdl": b"x", "two/conf/model.conf": b"x"},
        {"am/final.mdl": b"x", "conf/model.conf": b"x"},  # no top-level folder
    ],
)
def test_a_zip_without_a_model_is_refused(
    site: Site, models_dir: Path, files: dict[str, bytes]
) -> None:
    data = make_zip(files)
    site.files["/vosk-model-test.zip"] = data
    with pytest.raises(NotAModel):
        download_model("vosk-model-test", models_dir, sha256=sha256(data), base_url=site.url,
                       timeout=TIMEOUT)
    assert entries(models_dir) == []


def test_garbage_is_not_a_model(site: Site, models_dir: Path) -> None:
    site.files["/vosk-model-test.zip"] = b"<html>not found</html>"
    with pytest.raises(NotAModel, match="not a valid zip"):
        download_model("vosk-model-test", models_dir, sha256=sha256(b"<html>not found</html>"),
                       base_url=site.url, timeout=TIMEOUT)
    assert entries(models_dir) == []


@pytest.mark.parametrize("evil", ["../evil", "vosk-model-test/../../evil", "/tmp/evil"])
def test_paths_leaving_the_folder_are_refused(
    site: Site, tmp_path: Path, models_dir: Path, evil: str
) -> None:
    files = {f"vosk-model-test/{name}": data for name, data in MODEL_FILES.items()}
    data = make_zip({**files, evil: b"gotcha"})
    site.files["/vosk-model-test.zip"] = data
    with pytest.raises(UnsafeArchive, match="refusing"):
        download_model("vosk-model-test", models_dir, sha256=sha256(data), base_url=site.url,
                       timeout=TIMEOUT)
    assert entries(models_dir) == [] and not (tmp_path / "evil").exists()


def test_an_installed_model_is_not_downloaded_again_unless_forced(
    site: Site, models_dir: Path
) -> None:
    data = model_zip()
    site.files["/vosk-model-test.zip"] = data
    fetch = functools.partial(download_model, "vosk-model-test", models_dir,
                              sha256=sha256(data), base_url=site.url, timeout=TIMEOUT)
    path = fetch()
    (path / "stale").write_text("from before")

    assert fetch() == path
    assert len(site.requests) == 1 and (path / "stale").exists()

    again = fetch(force=True)
    assert again == path and len(site.requests) == 2
    assert not (path / "stale").exists() and verify_model(path) == []
    assert entries(models_dir) == ["vosk-model-test"]


@pytest.mark.parametrize("interruption", [KeyboardInterrupt, RuntimeError])
def test_an_interrupted_download_leaves_nothing(
    site: Site, models_dir: Path, interruption: type[BaseException]
) -> None:
    data = model_zip()
    site.files["/vosk-model-test.zip"] = data

    def progress(done: int, total: int | None) -> None:
        if done > 100_000:  # part way through, as when Ctrl-C is pressed during the bar
            raise interruption()

    with pytest.raises(interruption):
        download_model("vosk-model-test", models_dir, sha256=sha256(data), base_url=site.url,
                       timeout=TIMEOUT, progress=progress)
    assert not models_dir.exists()


def test_find_honours_vosk_model_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated: tuple[Path, Path]
) -> None:
    project, _ = isolated
    chosen = fake_model(tmp_path / "anywhere" / "my-model")
    fake_model(project / DEFAULT_MODEL)
    monkeypatch.setenv("VOSK_MODEL_PATH", str(chosen))
    assert find_vosk_model() == chosen

    monkeypatch.setenv("VOSK_MODEL_PATH", str(tmp_path / "nothing-here"))
    assert find_vosk_model() == project / DEFAULT_MODEL


def test_find_looks_in_project_then_user_folder(isolated: tuple[Path, Path]) -> None:
    project, user = isolated
    assert find_vosk_model() is None
    fake_model(user / "vosk-model-small-en-in-0.4")
    assert find_vosk_model() == user / "vosk-model-small-en-in-0.4"
    fake_model(project / "model")
    assert find_vosk_model() == project / "model"


def test_find_prefers_english_vosk_models_within_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "models"
    fake_model(folder / ".backtalk-abc123" / "new" / "vosk-model-small-en-us-0.15")
    fake_model(folder / ".backtalk-half-done")
    fake_model(folder / "vosk-model-small-ko-0.22")
    (folder / "vosk-model-small-en-us-0.15" / "am").mkdir(parents=True)  # incomplete
    assert find_vosk_model([folder]) is None

    fake_model(folder / "model")
    assert find_vosk_model([folder]) == folder / "model"
    fake_model(folder / "vosk-model-en-us-0.22", grammar=False)
    assert find_vosk_model([folder]) == folder / "vosk-model-en-us-0.22"
    fake_model(folder / "vosk-model-small-en-in-0.4")  # runtime grammars beat a bigger model
    assert find_vosk_model([folder]) == folder / "vosk-model-small-en-in-0.4"
    fake_model(folder / DEFAULT_MODEL)
    assert find_vosk_model([folder]) == folder / DEFAULT_MODEL


def test_verify_names_what_is_missing(tmp_path: Path) -> None:
    model = fake_model(tmp_path / "vosk-model-big", grammar=False)
    [problem] = verify_model(model)
    assert "graph/HCLr.fst and graph/Gr.fst missing" in problem
    assert "runtime grammars" in problem and "won't work" in problem

    (model / "am" / "final.mdl").unlink()
    assert any(p.startswith("am/final.mdl is missing") for p in verify_model(model))
    assert "is not a folder" in verify_model(tmp_path / "absent")[0]


def test_verify_notices_a_file_changed_after_download(site: Site, models_dir: Path) -> None:
    data = model_zip()
    site.files["/vosk-model-test.zip"] = data
    path = download_model("vosk-model-test", models_dir, sha256=sha256(data), base_url=site.url,
                          timeout=TIMEOUT)
    (path / "graph" / "HCLr.fst").write_bytes(b"truncated")
    (path / "README").unlink()
    problems = verify_model(path)
    assert len(problems) == 2
    assert any(p.startswith("graph/HCLr.fst differs") for p in problems)
    assert any(p.startswith("README differs") for p in problems)


def test_list_models_reports_hand_installed_and_broken_models(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated: tuple[Path, Path]
) -> None:
    project, _ = isolated
    fake_model(project / DEFAULT_MODEL)
    (project / "vosk-model-broken").mkdir()
    (project / "notes").mkdir()  # not a model: left out
    elsewhere = fake_model(tmp_path / "elsewhere")
    monkeypatch.setenv("VOSK_MODEL_PATH", str(elsewhere))
    listed = {m.name: m for m in list_models()}
    assert sorted(listed) == sorted(["elsewhere", DEFAULT_MODEL, "vosk-model-broken"])
    assert listed[DEFAULT_MODEL].verified is False and listed[DEFAULT_MODEL].problems == ()
    assert len(listed["vosk-model-broken"].problems) == 3


def test_default_models_dir(tmp_path: Path, isolated: tuple[Path, Path]) -> None:
    project, user = isolated
    assert default_models_dir() == user  # the project folder does not exist
    project.mkdir()
    assert default_models_dir() == project


def test_the_project_models_folder_is_the_repositorys() -> None:
    # The folder the README and .gitignore name, wherever in the package this code sits.
    repository = Path(__file__).resolve().parents[1]
    assert repository / "models" == catalogue.PROJECT_MODELS_DIR


def test_bad_names_and_checksums_are_refused(models_dir: Path) -> None:
    with pytest.raises(ModelError, match="not a model name"):
        download_model("../escape", models_dir)
    with pytest.raises(ModelError, match="64 hexadecimal digits"):
        download_model("vosk-model-test", models_dir, sha256="abc")
    with pytest.raises(ModelError, match=r"does not name a \.zip"):
        download_model("https://example.invalid/model.tar.gz", models_dir)


def test_the_catalogue_holds_small_verifiable_models() -> None:
    assert DEFAULT_MODEL in CATALOGUE
    for name, info in CATALOGUE.items():
        assert info.name == name and "-small-" in name
        assert info.url == f"https://alphacephei.com/vosk/models/{name}.zip"
        assert info.size is not None and info.size < 60_000_000
        assert info.sha256 is not None or info.checksum_url is not None
        assert info.sha256 is None or len(info.sha256) == 64


def test_a_name_backtalk_does_not_know_is_answered_with_the_one_meant() -> None:
    # "models download vosk-small" sent a caregiver to a zip that does not exist.
    from assistant.cli.models import _unknown_name

    said = _unknown_name("vosk-small")
    assert "did you mean vosk-model-small-en-us-0.15?" in said
    assert "models list --available" in said
    assert _unknown_name("vosk-model-small-en-us-0.15") == ""
    assert _unknown_name("https://example.org/model.zip") == ""
