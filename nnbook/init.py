"""Weight initialization: how large the random starting weights of a layer should be.

Each initializer draws a weight matrix of shape ``(n_in, n_out)`` from a zero-mean Gaussian; they
differ only in the standard deviation:

==============  ====================  =============================================
name            standard deviation    suited to
==============  ====================  =============================================
a number σ      σ (e.g. 0.01)         the naive choice the book starts from
``"xavier"``    ``1 / √n_in``         sigmoid and tanh (alias ``"sigmoid"``)
``"he"``        ``√(2 / n_in)``       ReLU (alias ``"relu"``)
==============  ====================  =============================================
"""

from __future__ import annotations

import numpy as np

from nnbook._validation import RngLike, as_rng

__all__ = ["gaussian", "he", "init_std", "init_weight", "xavier"]

_ALIASES = {"he": "he", "relu": "he", "xavier": "xavier", "sigmoid": "xavier", "tanh": "xavier"}


def init_std(method: str | float, n_in: int) -> float:
    """Standard deviation that `method` gives to weights fed by `n_in` inputs.

    Parameters
    ----------
    method : str or float
        ``"he"``/``"relu"``, ``"xavier"``/``"sigmoid"``/``"tanh"``, or a positive number used
        as the standard deviation itself.
    n_in : int
        Number of inputs of the layer (the fan-in).

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If the name is unknown, a number is not positive, or `n_in` is not positive.

    Examples
    --------
    >>> init_std("he", 50) == np.sqrt(2 / 50), init_std("xavier", 100), init_std(0.01, 784)
    (np.True_, 0.1, 0.01)
    """
    if int(n_in) != n_in or n_in < 1:
        raise ValueError(f"n_in must be a positive integer, got {n_in}")
    if isinstance(method, str):
        kind = _ALIASES.get(method.lower())
        if kind is None:
            raise ValueError(
                f"unknown weight initialization {method!r}; choose one of "
                f"{', '.join(sorted(_ALIASES))} or a positive standard deviation"
            )
        return float(np.sqrt(2.0 / n_in)) if kind == "he" else float(1.0 / np.sqrt(n_in))
    if isinstance(method, bool) or not (
        isinstance(method, int | float | np.floating) and method > 0
    ):
        raise ValueError(f"a numeric weight init must be a positive std, got {method!r}")
    return float(method)


def init_weight(
    n_in: int, n_out: int, method: str | float = "he", rng: RngLike = None, dtype=np.float64
) -> np.ndarray:
    """Draw a weight matrix of shape ``(n_in, n_out)`` with the scale chosen by `method`.

    Parameters
    ----------
    n_in, n_out : int
        Number of inputs and outputs of the layer.
    method : str or float, default "he"
        See :func:`init_std`.
    rng : int, numpy.random.Generator or None
        Seed or generator for the draw.
    dtype : numpy dtype, default float64
        Floating-point type of the weights.

    Returns
    -------
    numpy.ndarray

    Raises
    ------
    ValueError
        As :func:`init_std`.

    Examples
    --------
    >>> W = init_weight(1000, 100, "xavier", rng=0)
    >>> W.shape, round(float(W.std()), 2)
    ((1000, 100), 0.03)
    """
    std = init_std(method, n_in)
    return gaussian((n_in, n_out), std, rng=rng, dtype=dtype)


def gaussian(shape, std: float = 0.01, rng: RngLike = None, dtype=np.float64) -> np.ndarray:
    """Zero-mean Gaussian array with a constant standard deviation `std`.

    Parameters
    ----------
    shape : int or tuple of int
        Shape of the result.
    std : float, default 0.01
        Standard deviation.
    rng : int, numpy.random.Generator or None
        Seed or generator.
    dtype : numpy dtype, default float64
        Floating-point type.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> gaussian((2, 3), std=0.01, rng=0).shape
    (2, 3)
    """
    return (std * as_rng(rng).standard_normal(shape)).astype(dtype, copy=False)


def xavier(n_in: int, n_out: int, rng: RngLike = None, dtype=np.float64) -> np.ndarray:
    """Xavier (Glorot) initialization, standard deviation ``1 / √n_in``.

    Parameters
    ----------
    n_in, n_out : int
        Fan-in and fan-out.
    rng : int, numpy.random.Generator or None
        Seed or generator.
    dtype : numpy dtype, default float64
        Floating-point type.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_in, n_out)``.

    Examples
    --------
    >>> round(float(xavier(400, 400, rng=1).std()), 2)
    0.05
    """
    return init_weight(n_in, n_out, "xavier", rng=rng, dtype=dtype)


def he(n_in: int, n_out: int, rng: RngLike = None, dtype=np.float64) -> np.ndarray:
    """He (Kaiming) initialization, standard deviation ``√(2 / n_in)``.

    Parameters
    ----------
    n_in, n_out : int
        Fan-in and fan-out.
    rng : int, numpy.random.Generator or None
        Seed or generator.
    dtype : numpy dtype, default float64
        Floating-point type.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_in, n_out)``.

    Examples
    --------
    >>> round(float(he(200, 400, rng=1).std()), 2)
    0.1
    """
    return init_weight(n_in, n_out, "he", rng=rng, dtype=dtype)
