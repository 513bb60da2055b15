"""The nearest-neighbour classifier of the first chapter: learning as remembering the examples.

A new image gets the label of the training image closest to it, pixel by pixel, or the most
common label among its `k` closest. There are no parameters to learn, which is what the book's
networks are then measured against.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from nnbook._validation import (
    FloatArray,
    at_least_one,
    checked,
    fewer_than,
    paired_examples,
    rows_of_one_width,
)
from nnbook.datasets import to_one_hot

__all__ = ["nearest_indices", "nearest_neighbour", "squared_distances", "vote"]


def squared_distances(a: npt.ArrayLike, b: npt.ArrayLike) -> FloatArray:
    """Squared Euclidean distances between every row of `a` and every row of `b`.

    Uses ``‖a − b‖² = ‖a‖² − 2 a·b + ‖b‖²``, so that the whole table is one matrix product.

    Parameters
    ----------
    a, b : array_like
        Shapes ``(M, D)`` and ``(N, D)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(M, N)``.

    Raises
    ------
    TypeError
        If `a` or `b` is not numeric.
    ValueError
        If they are not 2-D arrays of the same width.

    Examples
    --------
    >>> squared_distances([[0.0, 0.0], [1.0, 1.0]], [[3.0, 4.0]])
    array([[25.],
           [13.]])
    """
    a, b = rows_of_one_width(a, b)
    distances: FloatArray = (a**2).sum(axis=1)[:, None] - 2 * a @ b.T + (b**2).sum(axis=1)[None, :]
    return distances


def nearest_neighbour(
    x_fit: npt.ArrayLike, t_fit: npt.ArrayLike, x_query: npt.ArrayLike
) -> npt.NDArray[np.int64]:
    """The label of the nearest training example, for every row of `x_query`.

    Parameters
    ----------
    x_fit : array_like
        The remembered examples, one per row.
    t_fit : array_like
        Their integer labels.
    x_query : array_like
        The examples to classify.

    Returns
    -------
    numpy.ndarray
        One label per row of `x_query`.

    Raises
    ------
    ValueError
        If `x_fit` and `t_fit` hold different numbers of examples, or as
        :func:`squared_distances`.

    Examples
    --------
    >>> nearest_neighbour([[0.0], [10.0]], [3, 7], [[1.0], [8.0]])
    array([3, 7])
    """
    _, labels = paired_examples(x_fit, t_fit, "the examples x_fit and their labels t_fit")
    nearest: npt.NDArray[np.int64] = labels[np.argmin(squared_distances(x_query, x_fit), axis=1)]
    return nearest


@checked(k=at_least_one)
def nearest_indices(x_fit: npt.ArrayLike, x_query: npt.ArrayLike, k: int) -> npt.NDArray[np.intp]:
    """Indices of the `k` rows of `x_fit` nearest to each row of `x_query`, nearest first.

    Parameters
    ----------
    x_fit, x_query : array_like
        The remembered examples and the examples to classify, one per row.
    k : int
        How many neighbours; fewer than the rows of `x_fit`.

    Returns
    -------
    numpy.ndarray
        Shape ``(len(x_query), k)``.

    Raises
    ------
    ValueError
        If `k` is not a whole number of at least 1, or not fewer than the rows of `x_fit`.

    Examples
    --------
    >>> nearest_indices([[0.0], [10.0], [4.0]], [[3.0]], k=2)
    array([[2, 0]])
    """
    d2 = squared_distances(x_query, x_fit)
    fewer_than(k, d2.shape[1], "k", "the rows of x_fit")
    idx = np.argpartition(d2, k, axis=1)[:, :k]  # the k nearest, in no order
    order = np.argsort(np.take_along_axis(d2, idx, axis=1), axis=1)
    nearest_first: npt.NDArray[np.intp] = np.take_along_axis(idx, order, axis=1)
    return nearest_first


def vote(labels: npt.ArrayLike, n_classes: int = 10) -> npt.NDArray[np.intp]:
    """The most common label in every row of `labels` (a tie goes to the smaller label).

    Parameters
    ----------
    labels : array_like
        Integer labels, shape ``(N, k)``: the labels of each example's `k` neighbours.
    n_classes : int, default 10
        Number of classes.

    Returns
    -------
    numpy.ndarray
        Shape ``(N,)``.

    Examples
    --------
    >>> vote([[1, 7, 7], [2, 3, 4]])
    array([7, 2])
    """
    winners: npt.NDArray[np.intp] = to_one_hot(labels, n_classes).sum(axis=1).argmax(axis=1)
    return winners
