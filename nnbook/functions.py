"""Activation functions and loss functions.

Every function here works on NumPy arrays of any shape, keeps the floating-point dtype of its
input (float32 stays float32), and never modifies its argument. Activations act element-wise
except :func:`softmax`, which normalises along the last axis.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from nnbook._validation import (
    FloatArray,
    as_float_array,
    checked,
    label_indices,
    non_empty,
    non_negative,
    probabilities,
)

__all__ = [
    "CE_DELTA",
    "cross_entropy_error",
    "elu",
    "hinge_loss",
    "identity",
    "leaky_relu",
    "mean_squared_error",
    "relu",
    "relu_grad",
    "sigmoid",
    "sigmoid_grad",
    "softmax",
    "softmax_loss",
    "step",
    "tanh",
]

#: Small constant added inside the logarithm of the cross-entropy so that log 0 never occurs.
CE_DELTA = 1e-7


# --------------------------------------------------------------------------- activations


def identity(x: npt.ArrayLike) -> FloatArray:
    """Return the input unchanged (the output activation of a regression network).

    Parameters
    ----------
    x : array_like
        Input values.

    Returns
    -------
    numpy.ndarray
        An array equal to `x` (integers become float64, as in every activation).

    Raises
    ------
    TypeError
        If `x` is not numeric.

    Examples
    --------
    >>> identity([1.0, -2.0])
    array([ 1., -2.])
    """
    return as_float_array(x)


def step(x: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """Step function: 1 where ``x > 0`` and 0 elsewhere.

    Its derivative is zero everywhere except at 0, which is why a network that uses it cannot
    learn by gradient descent.

    Parameters
    ----------
    x : array_like
        Input values.

    Returns
    -------
    numpy.ndarray
        Integer array (``int64``) of zeros and ones, the shape of `x`.

    Examples
    --------
    >>> step([-1.0, 0.0, 2.0])
    array([0, 0, 1])
    """
    return (np.asarray(x) > 0).astype(np.int64)


def sigmoid(x: npt.ArrayLike) -> FloatArray:
    """Logistic sigmoid, ``1 / (1 + exp(-x))``.

    Computed in a form that never overflows: for negative ``x`` it uses
    ``exp(x) / (1 + exp(x))``, so large ``|x|`` gives 0 or 1 without a warning.

    Parameters
    ----------
    x : array_like
        Input values.

    Returns
    -------
    numpy.ndarray
        Values in ``[0, 1]``, same shape and floating dtype as `x`.

    Raises
    ------
    TypeError
        If `x` is not numeric, e.g. an array of strings.

    Notes
    -----
    .. math:: \\sigma(x) = \\frac{1}{1 + e^{-x}}

    Examples
    --------
    >>> sigmoid([-1.0, 0.0, 1.0]).round(4)
    array([0.2689, 0.5   , 0.7311])
    >>> sigmoid([-1000.0, 1000.0])
    array([0., 1.])
    """
    x = as_float_array(x)
    e = np.exp(-np.abs(x))  # in (0, 1]: never overflows
    r = 1.0 / (1.0 + e)  # σ(|x|); and σ(−|x|) = e / (1 + e) = e · r
    return np.where(x >= 0, r, e * r)


def sigmoid_grad(x: npt.ArrayLike) -> FloatArray:
    """Derivative of :func:`sigmoid`, ``σ(x) (1 − σ(x))``.

    Parameters
    ----------
    x : array_like
        Points at which to evaluate the derivative (the *input* of the sigmoid).

    Returns
    -------
    numpy.ndarray
        The derivative, same shape as `x`; at most 0.25, reached at ``x = 0``.

    Raises
    ------
    TypeError
        For input that is not numeric, as :func:`sigmoid`.

    Examples
    --------
    >>> sigmoid_grad([0.0, 2.0]).round(4)
    array([0.25 , 0.105])
    """
    s = sigmoid(x)
    return s * (1.0 - s)


def relu(x: npt.ArrayLike) -> FloatArray:
    """Rectified linear unit, ``max(0, x)``.

    Parameters
    ----------
    x : array_like
        Input values.

    Returns
    -------
    numpy.ndarray
        ``x`` where positive, 0 elsewhere.

    Raises
    ------
    TypeError
        If `x` holds no numbers (a string or object array).

    Examples
    --------
    >>> relu([-2.0, 0.0, 3.0])
    array([0., 0., 3.])
    """
    out: FloatArray = np.maximum(as_float_array(x), 0)  # float32 stays float32
    return out


def relu_grad(x: npt.ArrayLike) -> FloatArray:
    """Derivative of :func:`relu`: 1 where ``x > 0``, else 0 (0 is taken at ``x = 0``).

    Parameters
    ----------
    x : array_like
        Points at which to evaluate the derivative.

    Returns
    -------
    numpy.ndarray
        Zeros and ones in the floating dtype of `x`.

    Raises
    ------
    TypeError
        For a non-numeric `x`.

    Examples
    --------
    >>> relu_grad([-2.0, 0.0, 3.0])
    array([0., 0., 1.])
    """
    x = as_float_array(x)
    return (x > 0).astype(x.dtype)


def tanh(x: npt.ArrayLike) -> FloatArray:
    """Hyperbolic tangent, an S-shaped activation centred on 0 with values in ``(-1, 1)``.

    Parameters
    ----------
    x : array_like
        Input values.

    Returns
    -------
    numpy.ndarray
        ``tanh(x)``, same shape and dtype as `x`.

    Raises
    ------
    TypeError
        If the dtype of `x` is not a number type: booleans and integers are converted to float64,
        anything else is refused.

    Examples
    --------
    >>> tanh([0.0, 1.0]).round(4)
    array([0.    , 0.7616])
    """
    return np.tanh(as_float_array(x))


@checked(alpha=non_negative)
def leaky_relu(x: npt.ArrayLike, alpha: float = 0.01) -> FloatArray:
    """Leaky ReLU: ``x`` where positive, ``alpha * x`` elsewhere.

    Parameters
    ----------
    x : array_like
        Input values.
    alpha : float, default 0.01
        Slope for negative inputs.

    Returns
    -------
    numpy.ndarray
        Same shape and dtype as `x`.

    Raises
    ------
    TypeError
        If `x` cannot be read as numbers.
    ValueError
        If `alpha` is not a finite number >= 0.

    Examples
    --------
    >>> leaky_relu([-2.0, 3.0], alpha=0.1)
    array([-0.2,  3. ])
    """
    x = as_float_array(x)
    return np.where(x > 0, x, alpha * x).astype(x.dtype, copy=False)


@checked(alpha=non_negative)
def elu(x: npt.ArrayLike, alpha: float = 1.0) -> FloatArray:
    """Exponential linear unit: ``x`` where positive, ``alpha * (exp(x) − 1)`` elsewhere.

    Parameters
    ----------
    x : array_like
        Input values.
    alpha : float, default 1.0
        Value that the output approaches as ``x → −∞`` is ``−alpha``.

    Returns
    -------
    numpy.ndarray
        Same shape and dtype as `x`.

    Raises
    ------
    TypeError
        When `x` is not numeric.
    ValueError
        If `alpha` is not a finite number >= 0.

    Examples
    --------
    >>> elu([-1.0, 0.0, 2.0]).round(4)
    array([-0.6321,  0.    ,  2.    ])
    """
    x = as_float_array(x)
    # expm1 of min(x, 0) avoids overflow warnings for large positive x in the unused branch.
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0))).astype(x.dtype, copy=False)


def softmax(x: npt.ArrayLike) -> FloatArray:
    """Softmax along the last axis, turning scores into probabilities.

    The maximum of each row is subtracted before exponentiating; softmax is unchanged by
    such a shift, and it keeps ``exp`` from overflowing.

    Parameters
    ----------
    x : array_like
        Scores, shape ``(n_classes,)`` or ``(batch, n_classes)`` (any leading axes).

    Returns
    -------
    numpy.ndarray
        Probabilities of the same shape; each row sums to 1.

    Raises
    ------
    TypeError
        If the scores are not numeric.

    Notes
    -----
    .. math:: y_k = \\frac{e^{a_k - C}}{\\sum_i e^{a_i - C}},\\qquad C = \\max_i a_i

    Examples
    --------
    >>> softmax([0.3, 2.9, 4.0]).round(4)
    array([0.0182, 0.2452, 0.7366])
    >>> p = softmax([1010.0, 1000.0, 990.0])  # exp(1010) alone would overflow
    >>> bool(np.isfinite(p).all()), round(float(p.sum()), 12)
    (True, 1.0)
    """
    x = as_float_array(x)
    with np.errstate(over="ignore"):  # a row spanning ±1e308 overflows to -inf: exp gives 0
        shifted = x - np.max(x, axis=-1, keepdims=True)
    e: FloatArray = np.exp(shifted)
    total: FloatArray = np.sum(e, axis=-1, keepdims=True)
    return e / total


# --------------------------------------------------------------------------- losses


def _as_batch(y: npt.ArrayLike, t: npt.ArrayLike) -> tuple[FloatArray, npt.NDArray[Any]]:
    """Return ``y`` as a 2-D float array and ``t`` reshaped to match (1-D ``y`` is one sample)."""
    y = as_float_array(y, "y")
    t = np.asarray(t)
    if y.ndim == 1:
        y = y.reshape(1, -1)
        t = t.reshape(1, -1) if t.ndim == 1 and t.size == y.size else t.reshape(1)
    if y.ndim != 2:
        raise ValueError(
            f"y must be 1-D (one sample) or 2-D (batch, classes), got shape {y.shape}"
        )
    return y, t


def mean_squared_error(y: npt.ArrayLike, t: npt.ArrayLike) -> float:
    """Sum-of-squares error ``E = ½ Σ (y − t)²``, averaged over the batch.

    Parameters
    ----------
    y : array_like
        Network output, shape ``(n,)`` for one sample or ``(batch, n)``.
    t : array_like
        Targets of the same shape as `y` (for classification: one-hot labels).

    Returns
    -------
    float
        The error of one sample, or the mean error per sample of a batch.

    Raises
    ------
    ValueError
        If `y` and `t` differ in shape, have more than two axes, or hold no sample.

    Examples
    --------
    >>> t = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
    >>> y = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]
    >>> round(mean_squared_error(y, t), 4)
    0.0975
    """
    y = as_float_array(y, "y")
    t = as_float_array(t, "t")
    if y.shape != t.shape:
        raise ValueError(f"y and t must have the same shape, got {y.shape} and {t.shape}")
    if y.ndim not in (1, 2):
        raise ValueError(
            f"y must be 1-D (one sample) or 2-D (batch, outputs), got shape {y.shape}"
        )
    non_empty(y)
    batch = y.shape[0] if y.ndim == 2 else 1
    return float(0.5 * np.sum((y - t) ** 2) / batch)


def cross_entropy_error(y: npt.ArrayLike, t: npt.ArrayLike) -> float:
    """Cross-entropy error ``E = −Σ t log(y + δ)``, averaged over the batch.

    Parameters
    ----------
    y : array_like
        Predicted probabilities (for instance the output of :func:`softmax`), shape
        ``(n_classes,)`` or ``(batch, n_classes)``.
    t : array_like
        Labels: one-hot (same shape as `y`) or integer class indices (shape ``()`` or
        ``(batch,)``).

    Returns
    -------
    float
        Mean cross-entropy per sample. It is never negative.

    Raises
    ------
    ValueError
        If `y` holds values outside ``[0, 1]`` (scores instead of probabilities) or no sample,
        or if the labels fit neither layout or a class index is out of range.

    Notes
    -----
    .. math:: E = -\\frac{1}{N}\\sum_n \\sum_k t_{nk} \\log (y_{nk} + \\delta)

    With one-hot labels only the predicted probability of the correct class contributes. The
    small constant :data:`CE_DELTA` (``δ = 1e-7``) keeps ``log 0 = −∞`` out of the result.

    Examples
    --------
    >>> t = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
    >>> y = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]
    >>> cross_entropy_error(y, t)
    0.510825457099338
    >>> round(cross_entropy_error([[0.1, 0.9], [0.8, 0.2]], [1, 0]), 6)  # integer labels
    0.164252
    """
    y, t = _as_batch(y, t)
    idx = label_indices(probabilities(y), t)
    picked = y[np.arange(y.shape[0]), idx]
    # −log(p + δ) dips just below 0 for p ≈ 1; clip it so that the error is never negative.
    per_sample = np.maximum(-np.log(picked + CE_DELTA), 0.0)
    return float(np.sum(per_sample) / y.shape[0])


def softmax_loss(x: npt.ArrayLike, t: npt.ArrayLike) -> float:
    """Cross-entropy of the softmax of scores ``x``: the loss of a softmax classifier.

    Parameters
    ----------
    x : array_like
        Raw scores, shape ``(n_classes,)`` or ``(batch, n_classes)``.
    t : array_like
        One-hot or integer labels, as for :func:`cross_entropy_error`.

    Returns
    -------
    float
        ``cross_entropy_error(softmax(x), t)``.

    Raises
    ------
    ValueError
        If `x` has more than two axes, or the labels fit neither the one-hot nor the integer
        layout, or a class index is outside ``0 … n_classes - 1``.

    Examples
    --------
    >>> round(softmax_loss([3.2, 5.1, -1.7], 0), 4)
    2.0404
    """
    return cross_entropy_error(softmax(x), t)


def _hinge_margins(s: FloatArray, idx: npt.NDArray[np.int64], margin: float) -> FloatArray:
    """The terms ``max(0, s_j − s_y + Δ)`` of the hinge loss, 0 in the column of the true class.

    The one place the margins are computed: :func:`hinge_loss` adds them up, and the layer
    :class:`~nnbook.layers.HingeLoss` also takes its gradient from where they are positive.

    Parameters
    ----------
    s : numpy.ndarray
        Scores, shape ``(N, classes)``.
    idx : numpy.ndarray
        The true class of every sample, shape ``(N,)``.
    margin : float
        The margin ``Δ``.

    Returns
    -------
    numpy.ndarray
        Shape ``(N, classes)``.

    Examples
    --------
    >>> _hinge_margins(np.array([[3.2, 5.1, -1.7]]), np.array([0]), 1.0).round(6)
    array([[0. , 2.9, 0. ]])
    """
    rows = np.arange(s.shape[0])
    margins = np.maximum(0.0, s - s[rows, idx][:, None] + margin)
    margins[rows, idx] = 0.0
    return margins


def hinge_loss(
    scores: npt.ArrayLike, t: npt.ArrayLike, margin: float = 1.0, reduce: bool = True
) -> float | FloatArray:
    """Multiclass SVM (hinge) loss ``L = Σ_{j≠y} max(0, s_j − s_y + Δ)``.

    Parameters
    ----------
    scores : array_like
        Class scores, shape ``(n_classes,)`` or ``(batch, n_classes)``.
    t : array_like
        Integer class indices (or one-hot labels) of the correct classes.
    margin : float, default 1.0
        The margin ``Δ`` by which the correct score should beat every other score.
    reduce : bool, default True
        If True return the mean loss over the batch; if False return one loss per sample.

    Returns
    -------
    float or numpy.ndarray
        Mean loss, or an array of per-sample losses when ``reduce=False``.

    Raises
    ------
    ValueError
        If the labels do not fit the scores or a class index is out of range.

    Examples
    --------
    The three-image example: cat, car and frog scored by a linear classifier.

    >>> scores = [[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]]
    >>> hinge_loss(scores, [0, 1, 2], reduce=False).round(6)
    array([ 2.9,  0. , 12.9])
    >>> round(hinge_loss(scores, [0, 1, 2]), 6)
    5.266667
    """
    s, t = _as_batch(scores, t)
    per_sample: FloatArray = _hinge_margins(s, label_indices(s, t), margin).sum(axis=1)
    if reduce:
        return float(per_sample.mean())
    return per_sample
