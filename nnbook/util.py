"""Small helpers the book's experiments share."""

from __future__ import annotations

from collections.abc import Callable
from types import CodeType
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["cached", "smooth_curve"]


def smooth_curve(values: npt.ArrayLike, window: int = 11) -> npt.NDArray[np.float64]:
    """Centred moving average, to see the trend in a noisy mini-batch loss curve.

    Each point becomes the mean of the `window` points centred on it; near the ends, where
    fewer neighbours exist, the mean is taken over the ones that do, so the curve keeps its
    length and is not pulled towards zero at the edges.

    Parameters
    ----------
    values : array_like
        A 1-D sequence, e.g. the loss at every iteration.
    window : int, default 11
        Odd number of points to average.

    Returns
    -------
    numpy.ndarray
        Float array of the same length as `values`.

    Raises
    ------
    ValueError
        If `values` is not 1-D or `window` is not a positive odd integer.

    Examples
    --------
    >>> smooth_curve([0, 0, 3, 0, 0], window=3)
    array([0., 1., 1., 1., 0.])
    """
    y = np.asarray(values, dtype=np.float64)
    if y.ndim != 1:
        raise ValueError(f"values must be 1-D, got shape {y.shape}")
    if int(window) != window or window < 1 or window % 2 == 0:
        raise ValueError(f"window must be a positive odd integer, got {window}")
    half = int(window) // 2
    csum = np.concatenate(([0.0], np.cumsum(y)))
    idx = np.arange(len(y))
    lo = np.maximum(idx - half, 0)
    hi = np.minimum(idx + half + 1, len(y))
    smooth: npt.NDArray[np.float64] = (csum[hi] - csum[lo]) / (hi - lo)
    return smooth


_CACHE_ENV = "NNBOOK_CACHE"


def _library_fingerprint() -> str:
    """SHA-256 over the source of every nnbook module: changes whenever the library does."""
    import hashlib
    from pathlib import Path

    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _code_fingerprint(code: CodeType) -> str:
    """Text that changes whenever a compiled function's instructions or constants change.

    Built from the bytecode rather than the source, so it is the same for a function defined in
    a script and the identical function defined in a notebook cell (line numbers and file names
    do not enter it).
    """
    parts = [code.co_code.hex(), repr(code.co_names)]
    for const in code.co_consts:
        parts.append(_code_fingerprint(const) if hasattr(const, "co_code") else repr(const))
    return "|".join(parts)


def cached(name: str, compute: Callable[..., Any], **params: Any) -> Any:
    """Return ``compute(**params)``, reusing a stored result when the book is being built.

    The book is built once per language, and an expensive experiment (training a network on
    MNIST, say) should run once, not twice. When the environment variable ``NNBOOK_CACHE``
    names a directory (the book build sets it), the result is pickled there under a key made
    of `name`, `params`, the compiled code of `compute` and a fingerprint of the library's
    source, so it is recomputed whenever any of them changes. Without ``NNBOOK_CACHE`` — a
    script run by hand — it simply computes.

    Parameters
    ----------
    name : str
        Name of the experiment, e.g. ``"two_layer_net_training"``.
    compute : callable
        Function computing the result from the keyword arguments `params`; it must be
        deterministic (seeded).
    **params
        Keyword arguments for `compute`; their ``repr`` is part of the key.

    Returns
    -------
    object
        What `compute` returned.

    Examples
    --------
    >>> cached("square", lambda x: x * x, x=3)
    9
    """
    import hashlib
    import os
    import pickle
    import tempfile
    from pathlib import Path

    directory = os.environ.get(_CACHE_ENV)
    if not directory:
        return compute(**params)
    code = getattr(compute, "__code__", None)
    code_text = _code_fingerprint(code) if code is not None else repr(compute)
    key_text = f"{name}|{sorted(params.items())!r}|{code_text}|{_library_fingerprint()}"
    key = hashlib.sha256(key_text.encode()).hexdigest()[:20]
    path = Path(directory) / f"{name}-{key}.pkl"
    if path.is_file():
        with path.open("rb") as fh:
            return pickle.load(fh)
    result = compute(**params)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return result
