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

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from nnbook._validation import (
    FloatArray,
    RngLike,
    array_shape,
    as_rng,
    at_least_one,
    checked,
    float_dtype,
    positive,
)

__all__ = ["gaussian", "he", "init_std", "init_weight", "layer_activations", "xavier"]

_ALIASES = {"he": "he", "relu": "he", "xavier": "xavier", "sigmoid": "xavier", "tanh": "xavier"}


def _init_method(method: object, name: str) -> str | float:
    """The check of a `method` argument: ``"he"`` or ``"xavier"`` (aliases resolved), or a
    positive standard deviation."""
    if isinstance(method, str):
        if method.lower() not in _ALIASES:
            raise ValueError(
                f"unknown weight initialization {method!r}; choose one of "
                f"{', '.join(sorted(_ALIASES))} or a positive standard deviation"
            )
        return _ALIASES[method.lower()]
    return positive(method, f"{name} (a standard deviation)")


@checked(method=_init_method, n_in=at_least_one)
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
    if method == "he":
        return float(np.sqrt(2.0 / n_in))  # Var(w) = 2 / n
    if method == "xavier":
        return float(1.0 / np.sqrt(n_in))  # Var(w) = 1 / n
    return float(method)  # a number is the standard deviation itself


def init_weight(
    n_in: int,
    n_out: int,
    method: str | float = "he",
    rng: RngLike = None,
    dtype: npt.DTypeLike = np.float64,
) -> FloatArray:
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


@checked(shape=array_shape, std=positive, dtype=float_dtype)
def gaussian(
    shape: int | tuple[int, ...],
    std: float = 0.01,
    rng: RngLike = None,
    dtype: npt.DTypeLike = np.float64,
) -> FloatArray:
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

    Raises
    ------
    TypeError
        If `dtype` is not a floating-point type.
    ValueError
        If `shape` is not a shape or `std` not a positive finite number.

    Examples
    --------
    >>> gaussian((2, 3), std=0.01, rng=0).shape
    (2, 3)
    """
    weights: FloatArray = (std * as_rng(rng).standard_normal(shape)).astype(dtype, copy=False)
    return weights


def xavier(
    n_in: int, n_out: int, rng: RngLike = None, dtype: npt.DTypeLike = np.float64
) -> FloatArray:
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


def he(
    n_in: int, n_out: int, rng: RngLike = None, dtype: npt.DTypeLike = np.float64
) -> FloatArray:
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


def layer_activations(
    x: npt.ArrayLike,
    method: str | float,
    activation: str = "sigmoid",
    n_layers: int = 5,
    rng: RngLike = None,
) -> list[FloatArray]:
    """Outputs of every layer of a stack of fully connected layers at initialization.

    Each layer has as many units as `x` has columns, no bias, weights drawn with
    :func:`init_weight` and the activation applied to ``z_prev @ W``. Histograms of the
    result show whether a weight scale keeps the signal alive through the layers.

    Parameters
    ----------
    x : array_like
        Input batch, shape ``(N, width)``.
    method : str or float
        Weight scale, as for :func:`init_std` (``"xavier"``, ``"he"`` or a standard deviation).
    activation : {"sigmoid", "relu", "tanh"}, default "sigmoid"
    n_layers : int, default 5
        Number of layers.
    rng : int, numpy.random.Generator or None
        Seed or generator for all weight matrices (drawn layer by layer).

    Returns
    -------
    list of numpy.ndarray
        `n_layers` arrays of shape ``(N, width)``: the activations of layer 1, 2, …

    Raises
    ------
    ValueError
        For an unknown activation, a `x` that is not 2-D, or as :func:`init_std`.

    Examples
    --------
    >>> x = np.random.default_rng(0).standard_normal((1000, 100))
    >>> outputs = layer_activations(x, "he", activation="relu", rng=1)
    >>> len(outputs), outputs[-1].shape
    (5, (1000, 100))
    >>> [round(float(np.sqrt(np.mean(z**2))), 1) for z in outputs]  # He keeps the scale
    [1.0, 0.9, 0.9, 0.9, 0.9]
    """
    from nnbook import functions

    activations: dict[str, Callable[[npt.ArrayLike], FloatArray]] = {
        "sigmoid": functions.sigmoid,
        "relu": functions.relu,
        "tanh": functions.tanh,
    }
    if activation not in activations:
        raise ValueError(
            f"unknown activation {activation!r}; choose one of {', '.join(activations)}"
        )
    z: FloatArray = np.asarray(x, dtype=np.float64)
    if z.ndim != 2:
        raise ValueError(f"x must be a batch of shape (N, width), got shape {z.shape}")
    if int(n_layers) != n_layers or n_layers < 1:
        raise ValueError(f"n_layers must be a positive integer, got {n_layers}")
    generator = as_rng(rng)
    outputs = []
    for _ in range(int(n_layers)):
        W = init_weight(z.shape[1], z.shape[1], method, rng=generator)
        z = activations[activation](z @ W)
        outputs.append(z)
    return outputs
