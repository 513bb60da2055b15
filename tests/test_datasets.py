"""Tests for nnbook.datasets.

Three groups:

* the real MNIST files in the directory named by ``NNBOOK_DATA`` (skipped when it is unset);
* the download machinery, against mirrors served by ``http.server`` on 127.0.0.1. These tests
  replace the module's file table by tiny IDX files made up here, so that they run in
  milliseconds; they test downloading, verifying and caching, not the MNIST content;
* the shuffle, split and one-hot helpers.

No test writes into the ``NNBOOK_DATA`` directory or touches the network beyond 127.0.0.1.
"""

from __future__ import annotations

import gzip
import hashlib
import http.server
import os
import shutil
import socket
import struct
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnbook import _mnist_store, datasets
from nnbook.datasets import (
    IDXFormatError,
    MNISTFile,
    MNISTUnavailableError,
    download_mnist,
    load_mnist,
    mnist_data_dir,
    shuffle_dataset,
    to_one_hot,
    train_validation_split,
)

REAL_DATA = os.environ.get("NNBOOK_DATA", "")
REAL_FILES = dict(datasets.MNIST_FILES)
FILENAMES = sorted(spec.filename for spec in REAL_FILES.values())
TRAIN_PIXEL_MEAN = 33.318421449829934
TRAIN_PIXEL_STD = 78.56748998339798

needs_real_mnist = pytest.mark.skipif(
    not REAL_DATA,
    reason="NNBOOK_DATA is not set; point it at a directory holding the four MNIST .gz files "
    "(CI uses /work/shared/datasets/mnist) to run the tests on the real data",
)


def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens, so connecting is refused at once."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def must_not_be_called(*args, **kwargs):
    pytest.fail(f"called with {args} {kwargs}")


def cache_files(cache_home: Path) -> list[Path]:
    return sorted((cache_home / "nnbook" / "mnist").glob("mnist-parsed-*.npz"))


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch, tmp_path):
    """Give every test its own user cache, no NNBOOK_DATA, no proxies and no real mirrors.

    The default mirrors point at a closed local port, so a test that forgot to name a mirror
    fails fast instead of downloading from the internet.
    """
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.setenv("NNBOOK_MNIST_MIRRORS", closed_port_url())
    monkeypatch.delenv("NNBOOK_DATA", raising=False)
    for proxy in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(proxy, raising=False)
        monkeypatch.delenv(proxy.upper(), raising=False)
    return tmp_path / "user-cache"


# ---------------------------------------------------------------------------------------------
# Real MNIST
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shared_cache_home(tmp_path_factory):
    """One user cache for the real-data tests, so the 55 MB are parsed only once."""
    return tmp_path_factory.mktemp("shared-user-cache")


@pytest.fixture
def real_mnist_dir(monkeypatch, shared_cache_home) -> Path:
    if not REAL_DATA:
        pytest.skip("NNBOOK_DATA is not set")
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared_cache_home))
    return Path(REAL_DATA)


@pytest.fixture(scope="module")
def mnist_default(shared_cache_home):
    """``load_mnist()`` with default arguments, loaded once for the module."""
    if not REAL_DATA:
        pytest.skip("NNBOOK_DATA is not set")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(shared_cache_home))
        patch.setenv("NNBOOK_MNIST_MIRRORS", closed_port_url())
        return load_mnist(data_dir=REAL_DATA)


@needs_real_mnist
def test_default_load_gives_flat_float64_images_in_unit_interval_and_int64_labels(
    mnist_default,
):
    (x_train, t_train), (x_test, t_test) = mnist_default
    assert x_train.shape == (60000, 784)
    assert x_test.shape == (10000, 784)
    assert t_train.shape == (60000,)
    assert t_test.shape == (10000,)
    assert x_train.dtype == x_test.dtype == np.float64
    assert t_train.dtype == t_test.dtype == np.int64
    for x in (x_train, x_test):
        assert x.min() == 0.0
        assert x.max() == 1.0


@needs_real_mnist
def test_labels_are_digits_with_every_class_present_and_counts_summing_to_split_size(
    mnist_default,
):
    (_, t_train), (_, t_test) = mnist_default
    for labels, size in ((t_train, 60000), (t_test, 10000)):
        assert labels.min() == 0
        assert labels.max() == 9
        counts = np.bincount(labels, minlength=10)
        assert len(counts) == 10
        assert counts.sum() == size
        assert np.all(counts > 0.08 * size)  # every digit is roughly a tenth of the data
    assert t_train[:5].tolist() == [5, 0, 4, 1, 9]  # the well-known first training labels


@needs_real_mnist
def test_raw_training_pixels_are_uint8_with_the_published_mean_and_std(real_mnist_dir):
    (x_train, _), (x_test, _) = load_mnist(normalize=False, data_dir=real_mnist_dir)
    assert x_train.dtype == x_test.dtype == np.uint8
    assert x_train.min() == 0
    assert x_train.max() == 255
    assert np.isclose(x_train.mean(dtype=np.float64), TRAIN_PIXEL_MEAN)
    assert np.isclose(x_train.std(dtype=np.float64), TRAIN_PIXEL_STD)


@needs_real_mnist
def test_normalised_pixels_are_raw_pixels_divided_by_255(mnist_default):
    (x_train, _), _ = mnist_default
    assert np.isclose(x_train.mean() * 255, TRAIN_PIXEL_MEAN)
    assert np.isclose(x_train.std() * 255, TRAIN_PIXEL_STD)


@needs_real_mnist
def test_float32_dtype_applies_to_images_and_one_hot_labels(real_mnist_dir, mnist_default):
    (x_train, t_train), (x_test, t_test) = load_mnist(
        one_hot_label=True, dtype=np.float32, data_dir=real_mnist_dir
    )
    assert x_train.dtype == x_test.dtype == np.float32
    assert t_train.dtype == t_test.dtype == np.float32
    assert x_train.max() == np.float32(1.0)
    np.testing.assert_allclose(x_test, mnist_default[1][0], rtol=1e-6)


@needs_real_mnist
def test_unflattened_images_have_a_channel_axis_and_the_same_pixels(real_mnist_dir, mnist_default):
    (x_train, _), (x_test, _) = load_mnist(flatten=False, data_dir=real_mnist_dir)
    assert x_train.shape == (60000, 1, 28, 28)
    assert x_test.shape == (10000, 1, 28, 28)
    np.testing.assert_array_equal(x_test.reshape(10000, 784), mnist_default[1][0])


@needs_real_mnist
def test_one_hot_rows_sum_to_one_and_point_at_the_integer_label(real_mnist_dir, mnist_default):
    (_, t_train), (_, t_test) = load_mnist(one_hot_label=True, data_dir=real_mnist_dir)
    assert t_train.shape == (60000, 10)
    assert t_test.shape == (10000, 10)
    assert t_train.dtype == np.float64
    np.testing.assert_array_equal(t_train.sum(axis=1), 1.0)
    assert set(np.unique(t_train).tolist()) == {0.0, 1.0}
    np.testing.assert_array_equal(t_train.argmax(axis=1), mnist_default[0][1])
    np.testing.assert_array_equal(t_test.argmax(axis=1), mnist_default[1][1])


@needs_real_mnist
def test_second_load_reads_the_parsed_cache_even_with_the_gz_files_hidden(
    tmp_path, monkeypatch, isolated_environment
):
    data_dir = tmp_path / "mnist"
    data_dir.mkdir()
    for name in FILENAMES:
        shutil.copy(Path(REAL_DATA) / name, data_dir / name)

    assert cache_files(isolated_environment) == []
    (x_first, t_first), _ = load_mnist(normalize=False, data_dir=data_dir)
    assert len(cache_files(isolated_environment)) == 1

    hidden = tmp_path / "hidden"
    hidden.mkdir()
    for name in FILENAMES:
        (data_dir / name).rename(hidden / name)
    # Neither decompressing nor hashing may happen on the second load.
    monkeypatch.setattr(_mnist_store, "read_verified", must_not_be_called)

    (x_second, t_second), _ = load_mnist(normalize=False, data_dir=data_dir)
    np.testing.assert_array_equal(x_second, x_first)
    np.testing.assert_array_equal(t_second, t_first)
    # Without the cache the missing files really are needed (and cannot be downloaded here).
    with pytest.raises(MNISTUnavailableError):
        load_mnist(normalize=False, data_dir=data_dir, cache=False)


@needs_real_mnist
def test_loading_from_the_shared_copy_writes_nothing_into_its_directory(isolated_environment):
    shared = Path(REAL_DATA)

    def snapshot():
        return sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in shared.iterdir())

    before = snapshot()
    _, (x_test, t_test) = load_mnist(normalize=False, data_dir=shared)
    assert snapshot() == before
    assert x_test.shape == (10000, 784)
    assert t_test.shape == (10000,)
    assert len(cache_files(isolated_environment)) == 1  # the cache went to the user cache


# ---------------------------------------------------------------------------------------------
# Tiny stand-in files and local mirrors for the download machinery
# ---------------------------------------------------------------------------------------------


def idx_images(images: np.ndarray, magic: int = 2051) -> bytes:
    n, rows, cols = images.shape
    return struct.pack(">IIII", magic, n, rows, cols) + images.astype(np.uint8).tobytes()


def idx_labels(labels: np.ndarray, magic: int = 2049) -> bytes:
    return struct.pack(">II", magic, len(labels)) + labels.astype(np.uint8).tobytes()


def tiny_arrays(seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {
        "train_images": rng.integers(0, 256, size=(6, 28, 28), dtype=np.uint8),
        "train_labels": rng.integers(0, 10, size=6, dtype=np.uint8),
        "test_images": rng.integers(0, 256, size=(3, 28, 28), dtype=np.uint8),
        "test_labels": rng.integers(0, 10, size=3, dtype=np.uint8),
    }


def idx_contents(arrays: dict[str, np.ndarray]) -> dict[str, bytes]:
    return {
        part: idx_images(array) if array.ndim == 3 else idx_labels(array)
        for part, array in arrays.items()
    }


def gzipped(contents: dict[str, bytes]) -> dict[str, bytes]:
    """Map part → raw IDX content to file name → gzip-compressed bytes."""
    return {
        REAL_FILES[part].filename: gzip.compress(content, mtime=0)
        for part, content in contents.items()
    }


def install_file_table(monkeypatch, contents: dict[str, bytes]) -> None:
    """Make the module expect exactly these decompressed contents for its four files."""
    table = {
        part: MNISTFile(REAL_FILES[part].filename, sha256(content), len(content), spec.magic)
        for part, content in contents.items()
        for spec in [REAL_FILES[part]]
    }
    monkeypatch.setattr(datasets, "MNIST_FILES", table)


@dataclass
class Tiny:
    arrays: dict[str, np.ndarray]  # part → uint8 array
    raw: dict[str, bytes]  # part → decompressed IDX content
    gz: dict[str, bytes]  # file name → gzip file

    def write_to(self, directory: Path) -> Path:
        directory.mkdir(parents=True, exist_ok=True)
        for name, body in self.gz.items():
            (directory / name).write_bytes(body)
        return directory


@pytest.fixture
def tiny(monkeypatch) -> Tiny:
    """Six training and three test images that the module's file table now expects."""
    arrays = tiny_arrays(seed=0)
    raw = idx_contents(arrays)
    install_file_table(monkeypatch, raw)
    return Tiny(arrays, raw, gzipped(raw))


@pytest.fixture
def impostor() -> Tiny:
    """Well-formed files with the right names but other content than the table expects."""
    arrays = tiny_arrays(seed=1)
    raw = idx_contents(arrays)
    return Tiny(arrays, raw, gzipped(raw))


class MirrorServer(http.server.HTTPServer):
    """Serves the files of one directory; can cut every body short to mimic a dropped link."""

    def __init__(self, root: Path, cut_short: bool):
        self.root = root
        self.cut_short = cut_short
        self.requests: list[str] = []
        super().__init__(("127.0.0.1", 0), MirrorHandler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"


class MirrorHandler(http.server.BaseHTTPRequestHandler):
    server: MirrorServer

    def do_GET(self):
        self.server.requests.append(self.path)
        path = self.server.root / self.path.lstrip("/")
        if not path.is_file():
            self.send_error(404, "Not Found")
            return
        body = path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/gzip")
        self.send_header("Content-Length", str(len(body)))  # always the full length
        self.end_headers()
        self.wfile.write(body[: len(body) // 2] if self.server.cut_short else body)

    def log_message(self, format, *args):  # keep the test output quiet
        pass


@pytest.fixture
def start_mirror(tmp_path):
    """Start local mirrors serving given files; all are shut down after the test."""
    running: list[tuple[MirrorServer, threading.Thread]] = []

    def start(files: dict[str, bytes], *, cut_short: bool = False) -> MirrorServer:
        root = tmp_path / f"mirror-{len(running)}"
        root.mkdir()
        for name, body in files.items():
            (root / name).write_bytes(body)
        server = MirrorServer(root, cut_short)
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        thread.start()
        running.append((server, thread))
        return server

    yield start
    for server, thread in running:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def decompressed(path: Path) -> bytes:
    return gzip.decompress(path.read_bytes())


def assert_holds_exactly_the_tiny_files(directory: Path, tiny: Tiny) -> None:
    assert sorted(p.name for p in directory.iterdir()) == FILENAMES  # nothing partial or extra
    for part, content in tiny.raw.items():
        assert decompressed(directory / REAL_FILES[part].filename) == content


def test_download_fetches_and_verifies_all_four_files_from_a_mirror(tiny, start_mirror, tmp_path):
    mirror = start_mirror(tiny.gz)
    data_dir = tmp_path / "new" / "mnist"  # created on demand

    assert download_mnist(data_dir, mirrors=[mirror.url]) == data_dir

    assert_holds_exactly_the_tiny_files(data_dir, tiny)
    assert sorted(mirror.requests) == sorted("/" + name for name in FILENAMES)
    (x_train, t_train), (x_test, t_test) = load_mnist(
        normalize=False, flatten=False, data_dir=data_dir
    )
    np.testing.assert_array_equal(x_train[:, 0], tiny.arrays["train_images"])
    np.testing.assert_array_equal(t_train, tiny.arrays["train_labels"])
    np.testing.assert_array_equal(x_test[:, 0], tiny.arrays["test_images"])
    np.testing.assert_array_equal(t_test, tiny.arrays["test_labels"])


def test_download_of_complete_directory_requests_nothing(tiny, start_mirror, tmp_path):
    data_dir = tiny.write_to(tmp_path / "mnist")
    mirror = start_mirror(tiny.gz)
    download_mnist(data_dir, mirrors=[mirror.url])
    assert mirror.requests == []


@pytest.mark.parametrize("first_mirror", ["connection refused", "404 not found"])
def test_download_moves_on_to_the_next_mirror_when_one_fails(
    first_mirror, tiny, start_mirror, tmp_path
):
    if first_mirror == "connection refused":
        broken_url = closed_port_url()
    else:
        broken = start_mirror({})  # serves nothing: every request gets a 404
        broken_url = broken.url
    good = start_mirror(tiny.gz)
    data_dir = tmp_path / "mnist"

    download_mnist(data_dir, mirrors=[broken_url, good.url])

    assert_holds_exactly_the_tiny_files(data_dir, tiny)
    assert len(good.requests) == 4
    if first_mirror == "404 not found":
        assert len(broken.requests) == 4  # it was asked first, every time


def test_wrong_content_on_every_mirror_raises_and_leaves_no_file_behind(
    tiny, impostor, start_mirror, tmp_path
):
    mirrors = [start_mirror(impostor.gz).url, start_mirror(impostor.gz).url]
    data_dir = tmp_path / "mnist"

    with pytest.raises(MNISTUnavailableError) as caught:
        download_mnist(data_dir, mirrors=mirrors)

    message = str(caught.value)
    spec = datasets.MNIST_FILES["train_images"]
    assert str(data_dir) in message
    for url in mirrors:
        assert url + spec.filename in message
    assert spec.sha256 in message  # the expected digest
    assert sha256(impostor.raw["train_images"]) in message  # and the one received
    assert list(data_dir.iterdir()) == []  # no download, no temporary file


@pytest.mark.parametrize("damage", ["body shorter than Content-Length", "gzip stream cut off"])
def test_truncated_transfer_is_rejected_and_the_next_mirror_is_used(
    damage, tiny, start_mirror, tmp_path
):
    if damage == "body shorter than Content-Length":
        truncated = start_mirror(tiny.gz, cut_short=True)
        expected_reason = r"transfer truncated: received \d+ of \d+ bytes"
    else:
        truncated = start_mirror({name: body[: len(body) // 2] for name, body in tiny.gz.items()})
        expected_reason = r"it is not a complete gzip file \(Compressed file ended"
    data_dir = tmp_path / "mnist"

    with pytest.raises(MNISTUnavailableError, match=expected_reason):
        download_mnist(data_dir, mirrors=[truncated.url])
    assert list(data_dir.iterdir()) == []

    good = start_mirror(tiny.gz)
    download_mnist(data_dir, mirrors=[truncated.url, good.url])
    assert_holds_exactly_the_tiny_files(data_dir, tiny)


def test_without_network_the_error_names_directory_every_mirror_and_the_fix(
    tiny, monkeypatch, tmp_path
):
    mirrors = [closed_port_url(), closed_port_url()]
    monkeypatch.setenv("NNBOOK_MNIST_MIRRORS", ", ".join(mirrors))
    data_dir = tmp_path / "mnist"

    with pytest.raises(MNISTUnavailableError) as caught:
        load_mnist(data_dir=data_dir)

    assert isinstance(caught.value, OSError)
    message = str(caught.value)
    assert str(data_dir) in message
    for url in mirrors:
        assert f"{url}{datasets.MNIST_FILES['train_images'].filename}: connection refused" in (
            message
        )
    assert "NNBOOK_DATA" in message
    assert "network" in message
    assert list(data_dir.iterdir()) == []


def test_a_mirror_that_never_answers_times_out_and_the_next_is_used(tiny, start_mirror, tmp_path):
    good = start_mirror(tiny.gz)
    data_dir = tmp_path / "mnist"
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # accepts connections in the kernel, but never replies
        silent_url = f"http://127.0.0.1:{silent.getsockname()[1]}/"
        download_mnist(data_dir, mirrors=[silent_url, good.url], timeout=0.2)
    assert_holds_exactly_the_tiny_files(data_dir, tiny)


def test_empty_mirror_list_raises_a_clear_error(tiny, tmp_path):
    with pytest.raises(MNISTUnavailableError, match="No download mirrors"):
        download_mnist(tmp_path / "mnist", mirrors=[])


@pytest.mark.parametrize("bad_timeout", [0, -1.0, float("inf"), float("nan")])
def test_download_rejects_a_timeout_that_is_not_positive_and_finite(bad_timeout, tmp_path):
    with pytest.raises(ValueError, match="timeout"):
        download_mnist(tmp_path, timeout=bad_timeout)


@pytest.mark.parametrize("bad_timeout", [0, float("nan"), "30", None])
def test_load_rejects_a_bad_timeout_before_reading_anything(bad_timeout, monkeypatch):
    monkeypatch.setattr(datasets, "_load_raw", must_not_be_called)
    with pytest.raises(ValueError, match="timeout"):
        load_mnist(timeout=bad_timeout)


def test_load_passes_its_timeout_to_the_download(tiny, monkeypatch, tmp_path):
    data_dir = tiny.write_to(tmp_path / "mnist")
    (data_dir / REAL_FILES["test_labels"].filename).unlink()
    seen = []

    def no_mirror_answers(spec, directory, mirrors, timeout):
        seen.append(timeout)
        return None, []

    monkeypatch.setattr(_mnist_store, "_download", no_mirror_answers)
    with pytest.raises(MNISTUnavailableError):
        load_mnist(data_dir=data_dir, cache=False, timeout=2.5)
    assert seen == [2.5]


CORRUPTIONS = {
    "not gzip at all": lambda good, other: b"this is not a gzip file",
    "truncated gzip": lambda good, other: good[: len(good) - 40],
    "valid gzip of other content": lambda good, other: other,
}


@pytest.mark.parametrize("corruption", sorted(CORRUPTIONS))
def test_corrupt_existing_file_is_detected_and_replaced(
    corruption, tiny, impostor, start_mirror, monkeypatch, tmp_path
):
    data_dir = tiny.write_to(tmp_path / "mnist")
    name = datasets.MNIST_FILES["train_images"].filename
    (data_dir / name).write_bytes(CORRUPTIONS[corruption](tiny.gz[name], impostor.gz[name]))
    mirror = start_mirror(tiny.gz)
    monkeypatch.setenv("NNBOOK_MNIST_MIRRORS", mirror.url)

    (x_train, _), _ = load_mnist(normalize=False, flatten=False, data_dir=data_dir)

    np.testing.assert_array_equal(x_train[:, 0], tiny.arrays["train_images"])
    assert mirror.requests == ["/" + name]  # only the corrupt file was fetched again
    assert_holds_exactly_the_tiny_files(data_dir, tiny)


def refuse_to_write(directory, filename):
    raise _mnist_store.NotWritableError("PermissionError: [Errno 30] Read-only file system")


def test_corrupt_file_in_unwritable_directory_raises_naming_file_and_both_digests(
    tiny, impostor, monkeypatch, tmp_path
):
    data_dir = tiny.write_to(tmp_path / "mnist")
    name = datasets.MNIST_FILES["test_labels"].filename
    (data_dir / name).write_bytes(impostor.gz[name])
    # Tests may run as root, for whom permission bits do not stop writes: simulate the
    # read-only directory at the one place the module creates files in it.
    monkeypatch.setattr(_mnist_store, "new_temp_file", refuse_to_write)

    with pytest.raises(MNISTUnavailableError) as caught:
        load_mnist(data_dir=data_dir)

    message = str(caught.value)
    assert str(data_dir / name) in message
    assert "not writable" in message
    assert datasets.MNIST_FILES["test_labels"].sha256 in message
    assert sha256(impostor.raw["test_labels"]) in message
    assert (data_dir / name).read_bytes() == impostor.gz[name]  # left as it was


def test_missing_file_in_unwritable_directory_raises_a_clear_error(tiny, monkeypatch, tmp_path):
    data_dir = tiny.write_to(tmp_path / "mnist")
    name = datasets.MNIST_FILES["train_labels"].filename
    (data_dir / name).unlink()
    monkeypatch.setattr(_mnist_store, "new_temp_file", refuse_to_write)

    with pytest.raises(MNISTUnavailableError) as caught:
        load_mnist(data_dir=data_dir)
    assert "is missing from the data directory" in str(caught.value)
    assert str(data_dir) in str(caught.value)
    assert name in str(caught.value)


def test_every_missing_file_is_named_in_one_error(tiny, tmp_path):
    data_dir = tiny.write_to(tmp_path / "mnist")
    gone = [datasets.MNIST_FILES[part].filename for part in ("train_labels", "test_images")]
    for name in gone:
        (data_dir / name).unlink()
    with pytest.raises(MNISTUnavailableError) as caught:
        download_mnist(data_dir, mirrors=[])
    head = str(caught.value).splitlines()[0]
    assert head == f"2 of the 4 MNIST files are unavailable: {gone[0]}, {gone[1]}."


def test_a_directory_in_place_of_a_file_is_named_and_no_mirror_is_blamed(
    tiny, start_mirror, tmp_path
):
    data_dir = tiny.write_to(tmp_path / "mnist")
    name = datasets.MNIST_FILES["test_labels"].filename
    (data_dir / name).unlink()
    (data_dir / name).mkdir()
    mirror = start_mirror(tiny.gz)
    with pytest.raises(MNISTUnavailableError) as caught:
        download_mnist(data_dir, mirrors=[mirror.url])
    message = str(caught.value)
    assert f"{data_dir / name} is a directory, where the MNIST file {name} should be" in message
    assert "mirror failed" not in message
    assert mirror.requests == []


def test_a_data_directory_that_is_a_file_is_reported_as_such(monkeypatch, tmp_path):
    not_a_dir = tmp_path / "mnist.tar"
    not_a_dir.write_bytes(b"not a directory")
    monkeypatch.setenv("NNBOOK_DATA", str(not_a_dir))
    with pytest.raises(MNISTUnavailableError, match="is a file, not a directory") as caught:
        load_mnist()
    assert str(not_a_dir) in str(caught.value)
    assert not_a_dir.read_bytes() == b"not a directory"


def test_stale_partial_downloads_are_removed_on_the_next_load_but_fresh_ones_kept(tiny, tmp_path):
    data_dir = tiny.write_to(tmp_path / "mnist")
    name = datasets.MNIST_FILES["train_images"].filename
    stale, fresh = data_dir / f".{name}.killed.part", data_dir / f".{name}.running.part"
    stale.write_bytes(b"half a download")
    fresh.write_bytes(b"a download in progress")
    old = time.time() - 2 * _mnist_store.STALE_PART_SECONDS
    os.utime(stale, (old, old))
    load_mnist(data_dir=data_dir)
    assert not stale.exists()
    assert fresh.exists()


def test_loading_works_when_the_user_cache_cannot_be_written(tiny, monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory would have to be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    data_dir = tiny.write_to(tmp_path / "mnist")

    first = load_mnist(normalize=False, data_dir=data_dir)
    second = load_mnist(normalize=False, data_dir=data_dir)

    np.testing.assert_array_equal(first[0][0], second[0][0])
    assert blocker.read_text().startswith("a file")


@pytest.mark.parametrize("damage", ["garbage bytes", "a lone .npy array"])
def test_damaged_cache_is_ignored_and_rebuilt(damage, tiny, isolated_environment, tmp_path):
    data_dir = tiny.write_to(tmp_path / "mnist")
    load_mnist(data_dir=data_dir)
    [cache] = cache_files(isolated_environment)
    if damage == "garbage bytes":
        cache.write_bytes(b"PK\x03\x04 not really a zip archive")
    else:
        with open(cache, "wb") as file:
            np.save(file, np.zeros(3))

    (x_train, _), _ = load_mnist(normalize=False, flatten=False, data_dir=data_dir)

    np.testing.assert_array_equal(x_train[:, 0], tiny.arrays["train_images"])
    with np.load(cache) as rebuilt:
        np.testing.assert_array_equal(rebuilt["train_images"], tiny.arrays["train_images"])


def test_cache_made_for_other_checksums_is_never_used(tiny, isolated_environment, tmp_path):
    data_dir = tiny.write_to(tmp_path / "mnist")
    load_mnist(data_dir=data_dir)
    [cache] = cache_files(isolated_environment)
    stale = {part: np.zeros_like(array) for part, array in tiny.arrays.items()}
    np.savez(cache, key=np.array("a key for other data"), **stale)

    (x_train, t_train), _ = load_mnist(normalize=False, flatten=False, data_dir=data_dir)

    np.testing.assert_array_equal(x_train[:, 0], tiny.arrays["train_images"])
    np.testing.assert_array_equal(t_train, tiny.arrays["train_labels"])


def test_idx_file_with_the_wrong_magic_number_raises_naming_the_file(monkeypatch, tmp_path):
    arrays = tiny_arrays(seed=0)
    raw = idx_contents(arrays)
    raw["train_labels"] = idx_labels(arrays["train_labels"], magic=2051)
    install_file_table(monkeypatch, raw)  # the checksums match: only the format is wrong
    data_dir = Tiny(arrays, raw, gzipped(raw)).write_to(tmp_path / "mnist")

    with pytest.raises(IDXFormatError, match=r"train-labels-idx1-ubyte\.gz: magic number 2051"):
        load_mnist(data_dir=data_dir)


def test_idx_dimensions_that_disagree_with_the_file_size_raise_naming_the_file(
    monkeypatch, tmp_path
):
    arrays = tiny_arrays(seed=0)
    raw = idx_contents(arrays)
    raw["test_images"] = raw["test_images"][:-28]  # one pixel row short of three images
    install_file_table(monkeypatch, raw)
    data_dir = Tiny(arrays, raw, gzipped(raw)).write_to(tmp_path / "mnist")

    with pytest.raises(IDXFormatError, match=r"t10k-images-idx3-ubyte\.gz: the header gives"):
        load_mnist(data_dir=data_dir)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"dtype": np.int32}, ValueError),  # normalising needs a float dtype
        ({"normalize": False, "dtype": np.int8}, ValueError),  # cannot hold 255
        ({"normalize": False, "dtype": np.bool_}, ValueError),
        ({"normalize": 1}, TypeError),
        ({"flatten": "yes"}, TypeError),
        ({"one_hot_label": None}, TypeError),
        ({"data_dir": ""}, ValueError),
    ],
)
def test_bad_arguments_raise_before_any_data_is_read(kwargs, error, monkeypatch):
    monkeypatch.setattr(datasets, "_load_raw", must_not_be_called)
    with pytest.raises(error):
        load_mnist(**kwargs)


def test_other_dtypes_are_honoured_for_images_and_one_hot_labels(tiny, tmp_path):
    data_dir = tiny.write_to(tmp_path / "mnist")
    (x, t), _ = load_mnist(normalize=False, one_hot_label=True, dtype=np.int16, data_dir=data_dir)
    assert x.dtype == np.int16
    assert t.dtype == np.float64  # one-hot labels stay float when the images are integers
    np.testing.assert_array_equal(x, tiny.arrays["train_images"].reshape(6, 784))
    (x, t), _ = load_mnist(one_hot_label=True, dtype=np.float32, data_dir=data_dir)
    assert x.dtype == t.dtype == np.float32
    np.testing.assert_allclose(x * 255, tiny.arrays["train_images"].reshape(6, 784), rtol=1e-6)


def test_data_dir_comes_from_argument_then_nnbook_data_then_user_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert mnist_data_dir() == tmp_path / "xdg" / "nnbook" / "mnist"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/paths/are/ignored")
    assert mnist_data_dir() == Path.home() / ".cache" / "nnbook" / "mnist"
    monkeypatch.setenv("NNBOOK_DATA", str(tmp_path / "from-env"))
    assert mnist_data_dir() == tmp_path / "from-env"
    assert mnist_data_dir(tmp_path / "explicit") == tmp_path / "explicit"


def test_load_uses_nnbook_data_when_no_data_dir_is_given(tiny, monkeypatch, tmp_path):
    data_dir = tiny.write_to(tmp_path / "from-env")
    monkeypatch.setenv("NNBOOK_DATA", str(data_dir))
    _, (_, t_test) = load_mnist(cache=False)
    np.testing.assert_array_equal(t_test, tiny.arrays["test_labels"])


# ---------------------------------------------------------------------------------------------
# Shuffling, splitting, one-hot
# ---------------------------------------------------------------------------------------------


def test_shuffle_dataset_applies_one_permutation_to_inputs_and_labels():
    x = np.arange(50).reshape(25, 2)
    t = np.arange(25)
    x_shuffled, t_shuffled = shuffle_dataset(x, t, rng=3)
    np.testing.assert_array_equal(x_shuffled, x[t_shuffled])  # pairs stay together
    assert sorted(t_shuffled.tolist()) == list(range(25))
    assert not np.array_equal(t_shuffled, t)


def test_shuffle_dataset_is_reproducible_with_a_seed_and_leaves_inputs_alone():
    x = np.arange(100.0)
    t = np.arange(100)
    first = shuffle_dataset(x, t, rng=7)
    second = shuffle_dataset(x, t, rng=np.random.default_rng(7))
    np.testing.assert_array_equal(first[0], second[0])
    np.testing.assert_array_equal(first[1], second[1])
    np.testing.assert_array_equal(x, np.arange(100.0))
    assert not np.array_equal(shuffle_dataset(x, t, rng=8)[1], first[1])


def test_shuffle_dataset_rejects_inputs_and_labels_of_different_lengths():
    with pytest.raises(ValueError, match="same number of examples, got 4 inputs but 3 labels"):
        shuffle_dataset(np.zeros((4, 2)), np.zeros(3))


def test_train_validation_split_sizes_and_pairing():
    x = np.arange(200).reshape(100, 2)
    t = np.arange(100)
    (x_train, t_train), (x_val, t_val) = train_validation_split(x, t, 0.25, rng=0)
    assert len(x_train) == len(t_train) == 75
    assert len(x_val) == len(t_val) == 25
    assert sorted(np.concatenate([t_train, t_val]).tolist()) == list(range(100))
    np.testing.assert_array_equal(x_train, x[t_train])
    np.testing.assert_array_equal(x_val, x[t_val])
    assert not np.array_equal(t_val, np.arange(25))  # shuffled, not the first quarter


def test_train_validation_split_is_reproducible_with_a_seed():
    x, t = np.arange(30.0), np.arange(30)
    first = train_validation_split(x, t, rng=11)
    second = train_validation_split(x, t, rng=11)
    for a, b in zip(first, second, strict=True):
        np.testing.assert_array_equal(a[1], b[1])


@pytest.mark.parametrize(
    ("fraction", "error", "pattern"),
    [
        (0.0, ValueError, "between 0 and 1"),
        (1.0, ValueError, "between 0 and 1"),
        (-0.1, ValueError, "between 0 and 1"),
        (1.5, ValueError, "between 0 and 1"),
        (float("nan"), ValueError, "between 0 and 1"),
        (0.01, ValueError, "gives 0 validation"),  # 0.01 of 10 rounds to none
        (0.99, ValueError, "0 training"),  # 0.99 of 10 rounds to all
        (True, TypeError, "must be a number"),
        ("0.2", TypeError, "must be a number"),
    ],
)
def test_train_validation_split_rejects_fractions_that_leave_a_part_empty(
    fraction, error, pattern
):
    with pytest.raises(error, match=pattern):
        train_validation_split(np.zeros((10, 3)), np.zeros(10), fraction)


def test_train_validation_split_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="same number of examples"):
        train_validation_split(np.zeros((10, 3)), np.zeros(9))


# The autouse fixture is irrelevant to this pure property; it only needs to exist once.
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    n=st.integers(min_value=2, max_value=300),
    fraction=st.floats(min_value=0.001, max_value=0.999),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
)
def test_train_validation_split_is_a_partition_of_the_examples(n, fraction, seed):
    n_val = round(fraction * n)
    t = np.arange(n)
    if n_val in (0, n):
        with pytest.raises(ValueError):
            train_validation_split(t, t, fraction, rng=seed)
        return
    (x_train, t_train), (x_val, t_val) = train_validation_split(t, t, fraction, rng=seed)
    assert len(t_val) == n_val
    np.testing.assert_array_equal(x_train, t_train)
    np.testing.assert_array_equal(x_val, t_val)
    np.testing.assert_array_equal(np.sort(np.concatenate([t_train, t_val])), t)


def test_to_one_hot_puts_a_single_one_at_each_label():
    one_hot = to_one_hot(np.array([[3, 0], [9, 3]]), dtype=np.float32)
    assert one_hot.shape == (2, 2, 10)
    assert one_hot.dtype == np.float32
    np.testing.assert_array_equal(one_hot.sum(axis=-1), 1)
    np.testing.assert_array_equal(one_hot.argmax(axis=-1), [[3, 0], [9, 3]])
    np.testing.assert_array_equal(to_one_hot([1.0, 0.0], n_classes=2), [[0, 1], [1, 0]])


def test_to_one_hot_with_many_classes_needs_no_square_matrix():
    # An n × n identity matrix of 200 000 classes would take 320 GB of float64.
    one_hot = to_one_hot([199_999, 0], n_classes=200_000)
    assert one_hot.shape == (2, 200_000)
    assert one_hot[0, 199_999] == one_hot[1, 0] == 1
    assert one_hot.sum() == 2


@pytest.mark.parametrize(
    ("labels", "n_classes", "error", "pattern"),
    [
        ([0, 10], 10, ValueError, "label 10 in labels is out of range for 10 classes"),
        ([-1], 10, ValueError, "label -1 in labels is out of range"),
        ([0.5], 10, TypeError, "whole numbers"),
        (["a"], 10, TypeError, "whole numbers"),
        ([0], 0, ValueError, "at least 1"),
        ([0], 2.0, TypeError, "must be an int"),
    ],
)
def test_to_one_hot_rejects_bad_labels_and_class_counts(labels, n_classes, error, pattern):
    with pytest.raises(error, match=pattern):
        to_one_hot(labels, n_classes=n_classes)
