"""Getting the MNIST files onto the disk and keeping a parsed copy: the machinery behind
:func:`nnbook.datasets.load_mnist`.

Nothing here knows what is *in* the files; :mod:`nnbook.datasets` owns the table of files and
their checksums, the IDX reader and the shapes, and hands this module what it needs. This module
only

- finds the per-user cache directory and the mirrors to try,
- checks a file against its expected decompressed SHA-256 and length,
- downloads a missing or corrupt file from the mirrors in turn, into a temporary file that is
  renamed into place only once verified (so no partial file is ever left behind), and
- reads and writes the ``.npz`` cache of the parsed arrays, atomically.

Every way this can fail ends in one :class:`MNISTUnavailableError` whose message names the
directory, each mirror tried with its reason, and how to fix the problem.
"""

from __future__ import annotations

import gzip
import hashlib
import http.client
import os
import socket
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import numpy as np

if TYPE_CHECKING:
    from nnbook.datasets import MNISTFile

DATA_DIR_ENV = "NNBOOK_DATA"
MIRRORS_ENV = "NNBOOK_MNIST_MIRRORS"
DEFAULT_TIMEOUT = 30.0  # seconds of silence from a server before giving up on it

_CACHE_FORMAT = 1  # bump when the layout of the parsed-cache file changes
_CHUNK_BYTES = 1 << 20
_USER_AGENT = "nnbook-datasets/1 (Python urllib)"


class MNISTUnavailableError(OSError):
    """The MNIST files could not be found, verified or downloaded.

    Raised by :func:`~nnbook.datasets.load_mnist` and :func:`~nnbook.datasets.download_mnist`.
    The message names the data directory, every mirror tried and why it failed, and how to fix
    the problem. It is an :class:`OSError`, so ``except OSError`` catches it too.

    Examples
    --------
    An empty directory and no mirrors to download from:

    >>> import tempfile
    >>> from nnbook.datasets import download_mnist
    >>> with tempfile.TemporaryDirectory() as empty:
    ...     try:
    ...         download_mnist(empty, mirrors=[])
    ...     except MNISTUnavailableError as exc:
    ...         print(str(exc).splitlines()[2])
    No download mirrors are configured (mirrors=[] or an empty NNBOOK_MNIST_MIRRORS).
    """


class CorruptFileError(Exception):
    """A file whose content is not what the checksum table promises."""


class TransferError(Exception):
    """A download that ended early or sent far more than expected."""


class NotWritableError(Exception):
    """The data directory cannot be created or written to."""


# ---------------------------------------------------------------------------------------------
# Where to look
# ---------------------------------------------------------------------------------------------


def user_cache_dir() -> Path:
    """Return ``$XDG_CACHE_HOME/nnbook/mnist``, or ``~/.cache/nnbook/mnist``.

    The XDG base-directory rules say a relative ``XDG_CACHE_HOME`` is to be ignored.
    """
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "nnbook" / "mnist"


def mirror_list(mirrors: Sequence[str] | str | None, default: Sequence[str]) -> list[str]:
    """Return the mirrors to try: the argument, else ``NNBOOK_MNIST_MIRRORS``, else ``default``."""
    if mirrors is None:
        mirrors = os.environ.get(MIRRORS_ENV, "").strip() or default
    if isinstance(mirrors, str):
        mirrors = mirrors.split(",")
    return [mirror.strip() for mirror in mirrors if mirror.strip()]


# ---------------------------------------------------------------------------------------------
# Checking a file against the table
# ---------------------------------------------------------------------------------------------


def read_verified(path: Path, spec: MNISTFile) -> bytes:
    """Decompress ``path`` and return its content if it matches ``spec``.

    Raises ``CorruptFileError`` saying what is wrong otherwise. At most ``spec.size + 1``
    bytes are decompressed, so a wrong file cannot fill the memory.
    """
    with open(path, "rb") as raw:
        try:
            with gzip.GzipFile(fileobj=raw, mode="rb") as unzipped:
                content = unzipped.read(spec.size + 1)
        except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
            reason = str(exc) or type(exc).__name__
            raise CorruptFileError(
                f"it is not a complete gzip file ({reason}); expected decompressed SHA-256 "
                f"{spec.sha256}"
            ) from None
    digest = hashlib.sha256(content).hexdigest()
    if len(content) != spec.size:
        amount = f"more than {spec.size}" if len(content) > spec.size else str(len(content))
        raise CorruptFileError(
            f"it decompresses to {amount} bytes instead of {spec.size} "
            f"(SHA-256 {digest}, expected {spec.sha256})"
        )
    if digest != spec.sha256:
        raise CorruptFileError(
            f"the SHA-256 of its decompressed content is {digest}, expected {spec.sha256}"
        )
    return content


# ---------------------------------------------------------------------------------------------
# Downloading
# ---------------------------------------------------------------------------------------------


def _mirror_url(mirror: str, filename: str) -> str:
    return mirror.rstrip("/") + "/" + filename


def _describe(exc: BaseException, timeout: float) -> str:
    """Turn a network exception into a short reason for the error message."""
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP error {exc.code} ({exc.reason})"
    if isinstance(exc, urllib.error.URLError):
        reason = exc.reason
        if isinstance(reason, BaseException):
            return _describe(reason, timeout)
        return str(reason)
    if isinstance(exc, TimeoutError):
        return f"no answer within the {timeout:g} s timeout"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, socket.gaierror):
        return f"cannot look up the host name ({exc.strerror})"
    if isinstance(exc, http.client.IncompleteRead):
        return f"transfer truncated: {exc}"
    if isinstance(exc, (CorruptFileError, TransferError)):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def _fetch(url: str, out: BinaryIO, limit: int, timeout: float) -> None:
    """Copy the body at ``url`` into the open binary file ``out``.

    Raises ``TransferError`` if the body is shorter than its announced ``Content-Length`` (a cut
    connection) or longer than ``limit`` bytes.
    """
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        announced = response.headers.get("Content-Length", "")
        expected = int(announced) if announced.strip().isdigit() else None
        received = 0
        while chunk := response.read(_CHUNK_BYTES):
            received += len(chunk)
            if received > limit:
                raise TransferError(f"the server sent more than {limit} bytes")
            out.write(chunk)
    if expected is not None and received != expected:
        raise TransferError(f"transfer truncated: received {received} of {expected} bytes")


def new_temp_file(directory: Path, filename: str) -> Path:
    """Create the data directory if needed and an empty temporary file inside it."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{filename}.", suffix=".part", dir=directory)
    except OSError as exc:
        raise NotWritableError(f"{type(exc).__name__}: {exc}") from exc
    os.close(handle)
    return Path(name)


def _download(
    spec: MNISTFile, directory: Path, mirrors: list[str], timeout: float
) -> tuple[bytes | None, list[tuple[str, str]]]:
    """Try each mirror in turn; return the verified content and the failures seen.

    The body goes into a temporary file next to its final place. Only once its decompressed
    content has the right length and checksum is it renamed over ``directory/spec.filename``,
    an atomic step: readers see either the old file or the complete new one. Whatever happens,
    the temporary file is removed. The content is ``None`` if every mirror failed.
    """
    temp = new_temp_file(directory, spec.filename)
    # No gzip stream of `size` bytes is much longer than `size`; refuse anything far bigger.
    limit = spec.size + spec.size // 64 + 4096
    failures: list[tuple[str, str]] = []
    try:
        for mirror in mirrors:
            url = _mirror_url(mirror, spec.filename)
            try:
                with open(temp, "wb") as out:
                    _fetch(url, out, limit, timeout)
                    out.flush()
                    os.fsync(out.fileno())
                content = read_verified(temp, spec)
            except urllib.error.HTTPError as exc:
                exc.close()  # an HTTPError holds the open response
                failures.append((url, _describe(exc, timeout)))
            except (
                OSError,
                http.client.HTTPException,
                ValueError,
                CorruptFileError,
                TransferError,
            ) as exc:
                failures.append((url, _describe(exc, timeout)))
            else:
                os.chmod(temp, 0o644)
                os.replace(temp, directory / spec.filename)
                return content, failures
    finally:
        temp.unlink(missing_ok=True)
    return None, failures


def _how_to_fix(files: Mapping[str, MNISTFile]) -> str:
    return (
        "To fix this, either connect to the network and try again (the environment variable "
        f"{MIRRORS_ENV} can name other mirrors, comma separated), or set the environment "
        f"variable {DATA_DIR_ENV} (or pass data_dir=...) to a directory that already holds the "
        "four MNIST files: " + ", ".join(spec.filename for spec in files.values()) + "."
    )


def _obtain(spec: MNISTFile, directory: Path, mirrors: list[str], timeout: float) -> bytes:
    """Return the verified decompressed content of one file, downloading it if necessary.

    Raises :class:`MNISTUnavailableError` saying what is wrong with this one file.
    """
    path = directory / spec.filename
    problem = None
    if path.is_dir():
        raise MNISTUnavailableError(
            f"{path} is a directory, where the MNIST file {spec.filename} should be. "
            "Remove or rename it."
        )
    if path.is_file():
        try:
            return read_verified(path, spec)
        except CorruptFileError as exc:
            problem = str(exc)

    try:
        content, failures = _download(spec, directory, mirrors, timeout)
    except NotWritableError as exc:
        if problem is not None:
            raise MNISTUnavailableError(
                f"The MNIST file {path} is corrupt: {problem}. It cannot be replaced because "
                f"the data directory {directory} is not writable ({exc}). Replace the file with "
                f"a good copy, or point {DATA_DIR_ENV} at another directory."
            ) from None
        raise MNISTUnavailableError(
            f"The MNIST file {spec.filename} is missing from the data directory {directory}, "
            f"and it cannot be downloaded there because the directory is not writable ({exc})."
        ) from None
    if content is not None:
        return content

    lines = [f"Could not get the MNIST file {spec.filename} into the data directory {directory}."]
    if problem is not None:
        lines.append(f"The copy already there is corrupt: {problem}.")
    if failures:
        lines.append("Every mirror failed (tried in this order):")
        lines.extend(f"  - {url}: {reason}" for url, reason in failures)
    else:
        lines.append(f"No download mirrors are configured (mirrors=[] or an empty {MIRRORS_ENV}).")
    raise MNISTUnavailableError("\n".join(lines))


#: A temporary download older than this is a leftover of a process that was killed.
STALE_PART_SECONDS = 3600.0


def remove_stale_parts(files: Mapping[str, MNISTFile], directory: Path) -> None:
    """Delete the temporary files (``.<name>.*.part``) that killed downloads left behind.

    Only those older than :data:`STALE_PART_SECONDS`: a younger one may belong to a download
    that another process is making right now.
    """
    now = time.time()
    for spec in files.values():
        for part in directory.glob(f".{spec.filename}.*.part"):
            try:
                if now - part.stat().st_mtime > STALE_PART_SECONDS:
                    part.unlink()
            except OSError:
                pass  # gone already, or not ours to remove: the download does not need it


def verified_contents(
    files: Mapping[str, MNISTFile], directory: Path, mirrors: list[str], timeout: float
) -> dict[str, bytes]:
    """Return the decompressed content of every file in ``files``, downloading what is missing.

    A file already in ``directory`` is used if it matches its checksum; a missing or corrupt one
    is downloaded from ``mirrors`` in turn. Raises :class:`MNISTUnavailableError` naming every
    file that cannot be obtained, and why, if any cannot; or if ``directory`` is a file.
    """
    if directory.exists() and not directory.is_dir():
        raise MNISTUnavailableError(
            f"The MNIST data directory {directory} is a file, not a directory. Point "
            f"{DATA_DIR_ENV} (or data_dir=...) at the directory that holds the MNIST files."
        )
    if directory.is_dir():
        remove_stale_parts(files, directory)
    contents, problems = {}, []
    for part, spec in files.items():
        try:
            contents[part] = _obtain(spec, directory, mirrors, timeout)
        except MNISTUnavailableError as exc:
            problems.append((spec.filename, str(exc)))
    if problems:
        names = ", ".join(name for name, _ in problems)
        head = f"{len(problems)} of the {len(files)} MNIST files are unavailable: {names}."
        raise MNISTUnavailableError(
            "\n".join([head, *(problem for _, problem in problems), _how_to_fix(files)])
        )
    return contents


# ---------------------------------------------------------------------------------------------
# The parsed cache
# ---------------------------------------------------------------------------------------------


def _cache_key(files: Mapping[str, MNISTFile]) -> str:
    """A digest of the expected checksums: it changes whenever the expected data change."""
    digest = hashlib.sha256(f"nnbook-mnist-parsed-v{_CACHE_FORMAT}".encode())
    for part in sorted(files):
        spec = files[part]
        digest.update(f"|{part}:{spec.filename}:{spec.sha256}:{spec.size}".encode())
    return digest.hexdigest()


def _cache_path(key: str) -> Path | None:
    try:
        return user_cache_dir() / f"mnist-parsed-{key[:16]}.npz"
    except RuntimeError:  # no home directory to be found
        return None


def load_cached(
    files: Mapping[str, MNISTFile], shapes: Mapping[str, tuple[int, ...]]
) -> dict[str, np.ndarray] | None:
    """Return the cached uint8 arrays of ``files``, or ``None`` if the cache is missing, stale,
    damaged or holds arrays of other shapes than ``shapes``."""
    key = _cache_key(files)
    path = _cache_path(key)
    if path is None:
        return None
    try:
        # Open the file ourselves: np.load leaves its own handle open when the file is damaged.
        with open(path, "rb") as file:
            saved = np.load(file, allow_pickle=False)
            if not isinstance(saved, np.lib.npyio.NpzFile):  # a lone .npy array, say
                return None
            with saved:
                if str(saved["key"]) != key:
                    return None
                arrays = {part: saved[part] for part in files}
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return None
    for part, array in arrays.items():
        if array.dtype != np.uint8 or array.shape != shapes[part]:
            return None
    return arrays


def save_cached(files: Mapping[str, MNISTFile], arrays: Mapping[str, np.ndarray]) -> None:
    """Write the cache atomically; if it cannot be written, quietly do without it."""
    key = _cache_key(files)
    path = _cache_path(key)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=".mnist-parsed-", suffix=".part", dir=path.parent)
    except OSError:
        return
    temp = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            # numpy's stub cannot tell these names from its own keyword allow_pickle.
            np.savez(out, key=np.array(key), **arrays)  # type: ignore[arg-type]
        os.replace(temp, path)
    except OSError:
        pass
    finally:
        temp.unlink(missing_ok=True)
