"""Loading MNIST, and shuffling and splitting a data set.

MNIST (Y. LeCun, C. Cortes and C. J. C. Burges) is the data set the book trains on: 60 000
training and 10 000 test images of handwritten digits, 28 × 28 grey pixels each, labelled 0 … 9.
:func:`load_mnist` returns it as NumPy arrays, laid out as in chapter 3 of *Deep Learning from
Scratch*::

    (x_train, t_train), (x_test, t_test) = load_mnist(normalize=True, flatten=True)

The data directory is, in this order of preference, the ``data_dir`` argument, the
``NNBOOK_DATA`` environment variable, and the per-user cache directory
``$XDG_CACHE_HOME/nnbook/mnist`` (by default ``~/.cache/nnbook/mnist``). It holds the four
original gzip-compressed IDX files listed in :data:`MNIST_FILES`. A missing file is downloaded
from the mirrors in :data:`MIRRORS` (or from the comma-separated list in the
``NNBOOK_MNIST_MIRRORS`` environment variable). Every file, downloaded or already there, is
checked against the SHA-256 digest and the length of its *decompressed* content, because the
gzip wrappers differ from mirror to mirror while the content does not; a corrupt file is never
used. After the first load the parsed arrays are kept in an ``.npz`` file in the per-user cache
directory, so later loads take a fraction of a second. The data directory itself is only written
to when a file is missing or corrupt, so a shared, read-only copy of MNIST works as it is.

This module holds what a reader of the book meets: the loader, the IDX format, the one-hot
encoding and the splits, then the table of files. Downloading, mirrors and the parsed cache are
the machinery of the private module ``nnbook._mnist_store``.
"""

from __future__ import annotations

import numbers
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from nnbook import _mnist_store as store
from nnbook._mnist_store import DATA_DIR_ENV, DEFAULT_TIMEOUT, MNISTUnavailableError
from nnbook._validation import (
    RngLike,
    as_rng,
    checked,
    class_indices,
    paired_examples,
    positive,
)

__all__ = [
    "MIRRORS",
    "MNIST_FILES",
    "IDXFormatError",
    "MNISTFile",
    "MNISTUnavailableError",
    "download_mnist",
    "load_mnist",
    "mnist_data_dir",
    "shuffle_dataset",
    "to_one_hot",
    "train_validation_split",
]

StrPath = str | os.PathLike[str]
Split = tuple[np.ndarray, np.ndarray]

IMAGE_SIDE = 28
N_CLASSES = 10
IMAGES_MAGIC = 2051  # 0x00000803: unsigned bytes, 3 dimensions (count, rows, columns)
LABELS_MAGIC = 2049  # 0x00000801: unsigned bytes, 1 dimension (count)


# ---------------------------------------------------------------------------------------------
# The loader
# ---------------------------------------------------------------------------------------------


def _check_flag(value: object, name: str) -> bool:
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def _pixel_dtype(normalize: bool, dtype: npt.DTypeLike | None) -> np.dtype:
    """Return the dtype of the returned images, refusing dtypes that cannot hold them."""
    if dtype is None:
        return np.dtype(np.float64 if normalize else np.uint8)
    chosen = np.dtype(dtype)
    if normalize and not np.issubdtype(chosen, np.floating):
        raise ValueError(
            f"normalize=True scales the pixels into [0, 1], which needs a floating dtype such "
            f"as np.float64 or np.float32, got dtype={chosen}; pass normalize=False to keep "
            "the pixel values 0 … 255"
        )
    numeric = np.issubdtype(chosen, np.floating) or np.issubdtype(chosen, np.integer)
    if not (numeric and np.can_cast(np.uint8, chosen)):
        raise ValueError(
            f"dtype={chosen} cannot hold pixel values 0 … 255; use np.uint8, a wider integer "
            "type or a floating type"
        )
    return chosen


@checked(timeout=positive)
def load_mnist(
    normalize: bool = True,
    flatten: bool = True,
    one_hot_label: bool = False,
    *,
    dtype: npt.DTypeLike | None = None,
    data_dir: StrPath | None = None,
    cache: bool = True,
    timeout: float = DEFAULT_TIMEOUT,
) -> tuple[Split, Split]:
    """Load MNIST as ``(x_train, t_train), (x_test, t_test)``.

    The first call may download the files (see :func:`download_mnist`) and verifies them; later
    calls read the parsed arrays from the cache in the per-user cache directory (see the module
    documentation), which takes a fraction of a second.

    Parameters
    ----------
    normalize : bool, default True
        Scale the pixels from 0 … 255 to floats in [0, 1] (``pixel / 255``). If False the raw
        values are kept, as ``uint8`` unless ``dtype`` says otherwise.
    flatten : bool, default True
        Return each image as a row of 784 pixels, shape ``(N, 784)``; if False, as an image with
        one channel, shape ``(N, 1, 28, 28)``.
    one_hot_label : bool, default False
        Return the labels one-hot encoded, shape ``(N, 10)``; if False, as class indices 0 … 9,
        shape ``(N,)``, dtype ``int64``.
    dtype : data-type, optional
        The dtype of the images: by default ``float64`` when normalising and ``uint8`` when not.
        With ``normalize=True`` it must be a floating type. One-hot labels get the same dtype
        when it is a floating type, and ``float64`` otherwise.
    data_dir : str or os.PathLike, optional
        The directory holding the four ``.gz`` files; see :func:`mnist_data_dir` for the default.
    cache : bool, default True
        Read and write the parsed cache. With False the ``.gz`` files are always decompressed
        and verified.
    timeout : float, default 30.0
        Seconds to wait for a download mirror to answer before trying the next one (only used
        when a file has to be downloaded).

    Returns
    -------
    (x_train, t_train), (x_test, t_test) : tuple of tuples of numpy.ndarray
        60 000 training and 10 000 test examples.

    Raises
    ------
    MNISTUnavailableError
        If the files are missing or corrupt and cannot be downloaded.
    IDXFormatError
        If a file that passed its checksum is nevertheless not the expected IDX file (this only
        happens when :data:`MNIST_FILES` has been changed).
    TypeError
        If a flag is not a bool.
    ValueError
        If ``dtype`` does not suit ``normalize`` (e.g. an integer type with ``normalize=True``),
        or ``timeout`` is not a positive, finite number.

    Examples
    --------
    >>> (x_train, t_train), (x_test, t_test) = load_mnist()
    >>> x_train.shape, x_train.dtype, t_train.shape, t_train.dtype
    ((60000, 784), dtype('float64'), (60000,), dtype('int64'))
    >>> x_test.shape, t_test.shape
    ((10000, 784), (10000,))
    >>> float(x_train.min()), float(x_train.max())
    (0.0, 1.0)
    >>> (x, t), _ = load_mnist(normalize=False, flatten=False, one_hot_label=True)
    >>> x.shape, x.dtype, t.shape
    ((60000, 1, 28, 28), dtype('uint8'), (60000, 10))
    >>> t[0]  # the first training image is a 5
    array([0., 0., 0., 0., 0., 1., 0., 0., 0., 0.])
    """
    normalize = _check_flag(normalize, "normalize")
    flatten = _check_flag(flatten, "flatten")
    one_hot_label = _check_flag(one_hot_label, "one_hot_label")
    cache = _check_flag(cache, "cache")
    pixel_dtype = _pixel_dtype(normalize, dtype)
    label_dtype = pixel_dtype if np.issubdtype(pixel_dtype, np.floating) else np.dtype(np.float64)

    directory = mnist_data_dir(data_dir)

    raw = _load_raw(directory, cache, timeout)

    def images(array: np.ndarray) -> np.ndarray:
        x = array.astype(pixel_dtype)  # always a fresh, writable copy
        if normalize:
            x /= 255
        if flatten:
            return x.reshape(len(x), IMAGE_SIDE * IMAGE_SIDE)
        return x.reshape(len(x), 1, IMAGE_SIDE, IMAGE_SIDE)

    def labels(array: np.ndarray) -> np.ndarray:
        if one_hot_label:
            return to_one_hot(array, N_CLASSES, dtype=label_dtype)
        return array.astype(np.int64)

    return (
        (images(raw["train_images"]), labels(raw["train_labels"])),
        (images(raw["test_images"]), labels(raw["test_labels"])),
    )


def _load_raw(directory: Path, cache: bool, timeout: float) -> dict[str, np.ndarray]:
    """Return the four parts of MNIST as uint8 arrays: images (N, 28, 28), labels (N,)."""
    shapes = {part: _expected_shape(spec) for part, spec in MNIST_FILES.items()}
    if cache and (arrays := store.load_cached(MNIST_FILES, shapes)) is not None:
        return arrays
    mirrors = store.mirror_list(None, MIRRORS)
    contents = store.verified_contents(MNIST_FILES, directory, mirrors, timeout)
    arrays = {part: _parse_idx(contents[part], MNIST_FILES[part]) for part in MNIST_FILES}
    _check_parsed(arrays)
    if cache:
        store.save_cached(MNIST_FILES, arrays)
    return arrays


def _expected_shape(spec: MNISTFile) -> tuple[int, ...]:
    if spec.magic == IMAGES_MAGIC:
        return ((spec.size - 16) // IMAGE_SIDE**2, IMAGE_SIDE, IMAGE_SIDE)
    return (spec.size - 8,)


# ---------------------------------------------------------------------------------------------
# The IDX format
# ---------------------------------------------------------------------------------------------


def _parse_idx(content: bytes, spec: MNISTFile) -> np.ndarray:
    """Turn the content of an IDX file into a uint8 array of the shape its header gives.

    An IDX file starts with a 4-byte big-endian magic number whose last byte is the number of
    dimensions, then one 4-byte big-endian size per dimension, then the values row by row.
    """
    name = spec.filename
    if len(content) < 4:
        raise IDXFormatError(f"{name}: {len(content)} bytes is too short for an IDX header")
    magic = int.from_bytes(content[:4], "big")
    if magic != spec.magic:
        kind = "images" if spec.magic == IMAGES_MAGIC else "labels"
        raise IDXFormatError(
            f"{name}: magic number {magic}, expected {spec.magic} (an IDX file of {kind})"
        )
    ndim = magic & 0xFF
    header_bytes = 4 + 4 * ndim
    if len(content) < header_bytes:
        raise IDXFormatError(f"{name}: the file ends inside its {header_bytes}-byte header")
    shape = tuple(int.from_bytes(content[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    expected = header_bytes + int(np.prod(shape))
    if len(content) != expected:
        raise IDXFormatError(
            f"{name}: the header gives dimensions {shape}, which need {expected} bytes, but the "
            f"file holds {len(content)} bytes"
        )
    return np.frombuffer(content, dtype=np.uint8, offset=header_bytes).reshape(shape)


def _check_parsed(arrays: dict[str, np.ndarray]) -> None:
    """Check that images are 28 × 28, labels are digits, and the counts agree."""
    for part in ("train", "test"):
        images, labels = arrays[f"{part}_images"], arrays[f"{part}_labels"]
        images_name = MNIST_FILES[f"{part}_images"].filename
        labels_name = MNIST_FILES[f"{part}_labels"].filename
        if images.shape[1:] != (IMAGE_SIDE, IMAGE_SIDE):
            raise IDXFormatError(
                f"{images_name}: images are {images.shape[1]} × {images.shape[2]} pixels, "
                f"expected {IMAGE_SIDE} × {IMAGE_SIDE}"
            )
        if len(images) != len(labels):
            raise IDXFormatError(
                f"{images_name} holds {len(images)} images but {labels_name} holds "
                f"{len(labels)} labels"
            )
        if labels.size and labels.max() >= N_CLASSES:
            raise IDXFormatError(
                f"{labels_name}: label {int(labels.max())} is not a digit 0 … {N_CLASSES - 1}"
            )


# ---------------------------------------------------------------------------------------------
# Labels and splits, for any data set
# ---------------------------------------------------------------------------------------------


def to_one_hot(
    labels: npt.ArrayLike, n_classes: int = N_CLASSES, dtype: npt.DTypeLike = np.float64
) -> npt.NDArray[Any]:
    """Encode class indices as one-hot vectors.

    Parameters
    ----------
    labels : array_like of int
        Class indices in ``0 … n_classes - 1``, of any shape. Floats are accepted if they hold
        whole numbers.
    n_classes : int, default 10
        Number of classes: the length of each one-hot vector.
    dtype : data-type, default numpy.float64
        The dtype of the result.

    Returns
    -------
    numpy.ndarray
        Shape ``labels.shape + (n_classes,)``: a 1 at each label's index, zeros elsewhere.

    Raises
    ------
    TypeError
        If the labels are not whole numbers or ``n_classes`` is not an int.
    ValueError
        If ``n_classes`` is less than 1 or a label is outside ``0 … n_classes - 1``.

    Examples
    --------
    >>> to_one_hot([2, 0, 1], n_classes=3)
    array([[0., 0., 1.],
           [1., 0., 0.],
           [0., 1., 0.]])
    >>> to_one_hot([3], n_classes=3)
    Traceback (most recent call last):
        ...
    ValueError: label 3 in labels is out of range for 3 classes (expected 0 … 2)
    """
    if isinstance(n_classes, bool) or not isinstance(n_classes, numbers.Integral):
        raise TypeError(f"n_classes must be an int, got {n_classes!r}")
    if n_classes < 1:
        raise ValueError(f"n_classes must be at least 1, got {n_classes}")
    t = class_indices(labels, int(n_classes), "labels")
    # Entry k of the one-hot vector of label t is 1 where t == k: no n × n identity needed.
    return (t[..., np.newaxis] == np.arange(n_classes)).astype(dtype)


def shuffle_dataset(x: npt.ArrayLike, t: npt.ArrayLike, rng: RngLike = None) -> Split:
    """Shuffle examples and their labels with one shared random permutation.

    Parameters
    ----------
    x : array_like
        Inputs, one example per entry along the first axis.
    t : array_like
        Labels (or any targets), one per example.
    rng : int, numpy.random.Generator or None, optional
        Seed or generator for the permutation.

    Returns
    -------
    x_shuffled, t_shuffled : numpy.ndarray
        Shuffled copies; the inputs are not modified, and ``t_shuffled[i]`` still belongs to
        ``x_shuffled[i]``.

    Raises
    ------
    ValueError
        If ``x`` and ``t`` hold different numbers of examples.

    Examples
    --------
    >>> x = np.array([[0, 0], [1, 1], [2, 2], [3, 3]])
    >>> t = np.array([0, 1, 2, 3])
    >>> xs, ts = shuffle_dataset(x, t, rng=0)
    >>> bool(np.all(xs[:, 0] == ts)), sorted(ts.tolist())
    (True, [0, 1, 2, 3])
    """
    x, t = paired_examples(x, t)
    order = as_rng(rng).permutation(len(x))
    return x[order], t[order]


def train_validation_split(
    x: npt.ArrayLike,
    t: npt.ArrayLike,
    validation_fraction: float = 0.2,
    rng: RngLike = None,
) -> tuple[Split, Split]:
    """Split a data set at random into a training part and a validation part.

    Parameters
    ----------
    x : array_like
        Inputs, one example per entry along the first axis.
    t : array_like
        Labels, one per example.
    validation_fraction : float, default 0.2
        Share of the examples that go to the validation part, strictly between 0 and 1. The
        number of validation examples is ``round(validation_fraction * len(x))``.
    rng : int, numpy.random.Generator or None, optional
        Seed or generator for the random assignment.

    Returns
    -------
    (x_train, t_train), (x_val, t_val) : tuple of tuples of numpy.ndarray
        Shuffled copies; every example lands in exactly one part.

    Raises
    ------
    TypeError
        If ``validation_fraction`` is not a real number.
    ValueError
        If ``x`` and ``t`` differ in length, the fraction is not in (0, 1), or it leaves one of
        the parts empty.

    Examples
    --------
    >>> x, t = np.arange(20).reshape(10, 2), np.arange(10)
    >>> (x_train, t_train), (x_val, t_val) = train_validation_split(x, t, 0.3, rng=0)
    >>> len(x_train), len(x_val)
    (7, 3)
    >>> sorted(t_train.tolist() + t_val.tolist()) == list(range(10))
    True
    """
    x, t = paired_examples(x, t)
    if isinstance(validation_fraction, bool) or not isinstance(validation_fraction, numbers.Real):
        raise TypeError(f"validation_fraction must be a number, got {validation_fraction!r}")
    fraction = float(validation_fraction)
    if not 0 < fraction < 1:  # also rejects NaN
        raise ValueError(f"validation_fraction must be between 0 and 1, got {fraction}")
    n = len(x)
    n_validation = round(fraction * n)
    if n_validation == 0 or n_validation == n:
        raise ValueError(
            f"validation_fraction={fraction} of {n} examples gives {n_validation} validation and "
            f"{n - n_validation} training examples; both parts need at least one"
        )
    order = as_rng(rng).permutation(n)
    validation, training = order[:n_validation], order[n_validation:]
    return (x[training], t[training]), (x[validation], t[validation])


# ---------------------------------------------------------------------------------------------
# The files, where they live, and getting them
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MNISTFile:
    """One of the four MNIST files and the fingerprint of its decompressed content.

    Attributes
    ----------
    filename : str
        Name of the gzip-compressed IDX file, e.g. ``"train-images-idx3-ubyte.gz"``.
    sha256 : str
        Hexadecimal SHA-256 digest of the *decompressed* content.
    size : int
        Length of the decompressed content in bytes.
    magic : int
        The IDX magic number the file starts with: 2051 for images, 2049 for labels.

    Examples
    --------
    >>> spec = MNIST_FILES["test_labels"]
    >>> spec.filename, spec.size, spec.magic  # 8 header bytes, then 10 000 labels
    ('t10k-labels-idx1-ubyte.gz', 10008, 2049)
    """

    filename: str
    sha256: str
    size: int
    magic: int


#: The four MNIST files, keyed by the part of the data set they hold.
MNIST_FILES: dict[str, MNISTFile] = {
    "train_images": MNISTFile(
        "train-images-idx3-ubyte.gz",
        "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        47_040_016,
        IMAGES_MAGIC,
    ),
    "train_labels": MNISTFile(
        "train-labels-idx1-ubyte.gz",
        "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        60_008,
        LABELS_MAGIC,
    ),
    "test_images": MNISTFile(
        "t10k-images-idx3-ubyte.gz",
        "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        7_840_016,
        IMAGES_MAGIC,
    ),
    "test_labels": MNISTFile(
        "t10k-labels-idx1-ubyte.gz",
        "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
        10_008,
        LABELS_MAGIC,
    ),
}


#: Public mirrors of the original MNIST files, tried in this order.
MIRRORS: tuple[str, ...] = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)


class IDXFormatError(ValueError):
    """A file is not a well-formed IDX file of the expected kind.

    A file only reaches the IDX parser after its checksum matched :data:`MNIST_FILES`, so this
    error means the table itself has been changed to describe other files. It is a
    :class:`ValueError`.

    Examples
    --------
    >>> try:
    ...     raise IDXFormatError("labels.gz: magic number 2051, expected 2049")
    ... except ValueError as exc:
    ...     print(type(exc).__name__, "-", exc)
    IDXFormatError - labels.gz: magic number 2051, expected 2049
    """


def mnist_data_dir(data_dir: StrPath | None = None) -> Path:
    """Return the directory that holds (or will hold) the MNIST files.

    Parameters
    ----------
    data_dir : str or os.PathLike, optional
        An explicit directory. If omitted, the ``NNBOOK_DATA`` environment variable is used, and
        if that is unset or empty, the per-user cache directory ``$XDG_CACHE_HOME/nnbook/mnist``
        (``~/.cache/nnbook/mnist`` when ``XDG_CACHE_HOME`` is unset).

    Returns
    -------
    pathlib.Path
        The directory, with ``~`` expanded. It need not exist yet.

    Raises
    ------
    ValueError
        If ``data_dir`` is an empty string.

    Examples
    --------
    >>> mnist_data_dir("~/data/mnist") == Path.home() / "data" / "mnist"
    True
    """
    if data_dir is not None:
        if os.fspath(data_dir) == "":
            raise ValueError("data_dir must name a directory, got an empty string")
        return Path(data_dir).expanduser()
    from_env = os.environ.get(DATA_DIR_ENV, "")
    if from_env:
        return Path(from_env).expanduser()
    return store.user_cache_dir()


@checked(timeout=positive)
def download_mnist(
    data_dir: StrPath | None = None,
    *,
    mirrors: Sequence[str] | str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Path:
    """Make sure the four MNIST files are in the data directory, downloading what is missing.

    Files already present are verified against :data:`MNIST_FILES` (SHA-256 and length of the
    decompressed content). A missing or corrupt file is downloaded from the mirrors in turn:
    when one fails (HTTP error, refused connection, timeout, cut transfer, wrong content) the
    next is tried. Each download is written to a temporary file and moved into place only once
    verified, so no partial or corrupt file is ever left behind.

    Parameters
    ----------
    data_dir : str or os.PathLike, optional
        Where the files go; see :func:`mnist_data_dir` for the default.
    mirrors : sequence of str or str, optional
        Base URLs to try in order (a single string is split on commas). Defaults to the
        ``NNBOOK_MNIST_MIRRORS`` environment variable (comma separated) if it is set, else
        :data:`MIRRORS`.
    timeout : float, default 30.0
        Seconds to wait for a server to answer before moving on to the next mirror.

    Returns
    -------
    pathlib.Path
        The data directory.

    Raises
    ------
    MNISTUnavailableError
        If a file cannot be obtained: every mirror failed, or the directory is not writable.
        The message names the directory, each mirror tried with its reason, and how to fix it.
    ValueError
        If ``timeout`` is not a positive, finite number.

    Examples
    --------
    With ``NNBOOK_DATA`` pointing at a complete copy, nothing is downloaded:

    >>> directory = download_mnist()
    >>> for path in sorted(directory.glob("*-ubyte.gz")):
    ...     print(path.name)
    t10k-images-idx3-ubyte.gz
    t10k-labels-idx1-ubyte.gz
    train-images-idx3-ubyte.gz
    train-labels-idx1-ubyte.gz
    """
    directory = mnist_data_dir(data_dir)
    store.verified_contents(MNIST_FILES, directory, store.mirror_list(mirrors, MIRRORS), timeout)
    return directory
