"""Numerical differentiation, numerical gradients and plain gradient descent.

These are the slow, obviously-correct tools of the book: they define what a derivative is, and
later they check the fast analytic gradients computed by backpropagation.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from nnbook._validation import (
    FloatArray,
    as_float_array,
    checked,
    count,
    float_ndarray,
    positive,
)

__all__ = [
    "forward_diff",
    "gradient_descent",
    "numerical_diff",
    "numerical_gradient",
    "relative_error",
]


@checked(h=positive)
def numerical_diff(f: Callable[[float], float], x: float, h: float = 1e-4) -> float:
    """Central-difference derivative ``(f(x + h) − f(x − h)) / 2h``.

    Parameters
    ----------
    f : callable
        A function of one real number.
    x : float
        The point at which to differentiate.
    h : float, default 1e-4
        Step size. Much smaller steps lose precision to rounding error (``h = 1e-50`` rounds
        ``x + h`` to ``x`` in float64); much larger steps add truncation error.

    Returns
    -------
    float
        Approximation of ``f'(x)``, with error of order ``h²``.

    Raises
    ------
    ValueError
        If `h` is not a positive finite number.

    Examples
    --------
    >>> f = lambda x: 0.01 * x**2 + 0.1 * x
    >>> round(numerical_diff(f, 5.0), 6), round(numerical_diff(f, 10.0), 6)
    (0.2, 0.3)
    """
    return float((f(x + h) - f(x - h)) / (2 * h))


@checked(h=positive)
def forward_diff(f: Callable[[float], float], x: float, h: float = 1e-4) -> float:
    """Forward-difference derivative ``(f(x + h) − f(x)) / h``, kept for teaching.

    Its truncation error is of order ``h`` rather than ``h²``: it measures the slope of a
    secant that starts at ``x`` instead of one centred on it. Compare with
    :func:`numerical_diff`.

    Parameters
    ----------
    f : callable
        A function of one real number.
    x : float
        The point at which to differentiate.
    h : float, default 1e-4
        Step size; must be positive.

    Returns
    -------
    float
        Approximation of ``f'(x)``.

    Raises
    ------
    ValueError
        If `h` is not a positive finite number.

    Examples
    --------
    >>> f = lambda x: x**2
    >>> round(forward_diff(f, 1.0, h=1e-2), 6)  # true value 2, bias h
    2.01
    >>> round(numerical_diff(f, 1.0, h=1e-2), 6)
    2.0
    """
    return float((f(x + h) - f(x)) / h)


@checked(x=float_ndarray, h=positive)
def numerical_gradient(
    f: Callable[[FloatArray], float], x: FloatArray, h: float = 1e-4
) -> FloatArray:
    """Gradient of a scalar function by central differences, one element of `x` at a time.

    `x` is perturbed **in place** (so that `f` may be a closure over the same array, as the
    weights of a network are), and every element is restored afterwards, also when `f` raises.

    Parameters
    ----------
    f : callable
        Function of the array `x` returning a scalar.
    x : numpy.ndarray
        Floating-point array of any shape; it holds its original values when the call returns.
    h : float, default 1e-4
        Step size of the central difference.

    Returns
    -------
    numpy.ndarray
        Array of the shape and dtype of `x` holding ``∂f/∂x``.

    Raises
    ------
    TypeError
        If `x` is not a floating-point NumPy array (an integer array cannot hold ``x + h``).
    ValueError
        If `h` is not a positive finite number.

    Examples
    --------
    >>> def f(x):
    ...     return np.sum(x**2)
    >>> numerical_gradient(f, np.array([3.0, 4.0])).round(6)
    array([6., 8.])
    >>> numerical_gradient(f, np.array([[0.0, 2.0], [3.0, 0.0]])).round(6)
    array([[0., 4.],
           [6., 0.]])
    """
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        original = x[idx]
        try:
            x[idx] = original + h
            f_plus = f(x)
            x[idx] = original - h
            f_minus = f(x)
        finally:
            x[idx] = original
        grad[idx] = (f_plus - f_minus) / (2 * h)
    return grad


@checked(lr=positive, step_num=count)
def gradient_descent(
    f: Callable[[FloatArray], float],
    init_x: npt.ArrayLike,
    lr: float = 0.01,
    step_num: int = 100,
    grad: Callable[[FloatArray], FloatArray] | None = None,
) -> tuple[FloatArray, FloatArray]:
    """Minimise `f` by repeating ``x ← x − lr · ∇f(x)``.

    Parameters
    ----------
    f : callable
        Scalar function of an array.
    init_x : array_like
        Starting point; it is copied, never modified.
    lr : float, default 0.01
        Learning rate ``η``, the size of each step relative to the gradient.
    step_num : int, default 100
        Number of steps.
    grad : callable, optional
        Function returning the gradient of `f`; by default :func:`numerical_gradient`.

    Returns
    -------
    x : numpy.ndarray
        The point reached after `step_num` steps.
    path : numpy.ndarray
        Shape ``(step_num + 1, *x.shape)``: the starting point followed by every step.

    Raises
    ------
    ValueError
        If `lr` is not a positive finite number or `step_num` not a whole number ≥ 0.

    Notes
    -----
    .. math:: x \\leftarrow x - \\eta \\frac{\\partial f}{\\partial x}

    Examples
    --------
    >>> x, path = gradient_descent(lambda x: x[0]**2 + x[1]**2, [-3.0, 4.0], lr=0.1)
    >>> np.abs(x).max() < 1e-8, path.shape
    (np.True_, (101, 2))
    """
    x = np.array(as_float_array(init_x, "init_x"), copy=True)
    gradient_of = grad if grad is not None else (lambda p: numerical_gradient(f, p))
    path = np.empty((step_num + 1, *x.shape), dtype=x.dtype)
    path[0] = x
    for i in range(step_num):
        x -= lr * gradient_of(x)
        path[i + 1] = x
    return x, path


def relative_error(a: npt.ArrayLike, b: npt.ArrayLike) -> float:
    """Relative error ``‖a − b‖ / (‖a‖ + ‖b‖)`` between two arrays, for gradient checks.

    Dividing by the size of the arrays makes the error comparable between gradients of very
    different magnitude: an absolute difference of ``1e-6`` is negligible for a gradient of size
    1 and fatal for one of size ``1e-6``.

    Parameters
    ----------
    a, b : array_like
        Arrays of the same shape, e.g. a backpropagated and a numerical gradient. Both are
        compared in float64.

    Returns
    -------
    float
        A number in ``[0, 1]``: 0 when the arrays are equal (also when both are all zeros),
        1 when one of them is zero and the other is not, or when ``b = −a``.

    Raises
    ------
    TypeError
        If `a` or `b` is not numeric (None, strings).
    ValueError
        If the shapes of `a` and `b` differ, or either holds NaN or inf.

    Notes
    -----
    .. math:: \\operatorname{rel}(a, b) = \\frac{\\lVert a - b \\rVert}
              {\\lVert a \\rVert + \\lVert b \\rVert}

    with the Euclidean norm over all elements. As a rule of thumb for float64 gradient checks
    (after the CS231n notes): below about ``1e-7`` the two gradients agree, around ``1e-4`` is
    suspicious, above ``1e-2`` the analytic gradient is almost certainly wrong.

    Examples
    --------
    >>> relative_error([1.0, 2.0], [1.0, 2.0])
    0.0
    >>> round(relative_error([1.0, 0.0], [1.0, 0.001]), 6)
    0.0005
    >>> relative_error(np.zeros(3), np.zeros(3))
    0.0
    """
    a, b = as_float_array(a, "a").astype(np.float64), as_float_array(b, "b").astype(np.float64)
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        raise ValueError("relative_error needs finite arrays, but a or b holds NaN or inf")
    if a.shape != b.shape:
        raise ValueError(f"relative_error needs arrays of one shape, got {a.shape} and {b.shape}")
    denominator = np.linalg.norm(a) + np.linalg.norm(b)
    if denominator == 0:
        return 0.0
    return float(np.linalg.norm(a - b) / denominator)
