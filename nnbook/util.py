"""Small helpers the book's experiments share."""

from __future__ import annotations

import numpy as np

__all__ = ["smooth_curve"]


def smooth_curve(values, window: int = 11) -> np.ndarray:
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
    return (csum[hi] - csum[lo]) / (hi - lo)
