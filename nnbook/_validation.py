"""Small checks shared by the public modules.

Every public function that takes labels, a random source or a loss value funnels it through one
of these helpers, so that the same mistake always gets the same clear message.
"""

from __future__ import annotations

import math
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt

#: What every ``rng`` argument accepts: an int seed, a Generator, or None for fresh entropy.
RngLike: TypeAlias = int | np.random.Generator | None
#: A NumPy array of any floating type: float64 by default, float32 kept as float32.
FloatArray: TypeAlias = npt.NDArray[np.floating]


def as_rng(rng: RngLike) -> np.random.Generator:
    """Return a :class:`numpy.random.Generator` for an int seed, a Generator or ``None``.

    ``None`` gives a fresh unseeded generator; the book always passes a seed.
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or (isinstance(rng, int | np.integer) and not isinstance(rng, bool)):
        return np.random.default_rng(rng)
    raise TypeError(f"rng must be an int seed, a numpy.random.Generator or None, got {rng!r}")


def as_float_array(x: npt.ArrayLike, name: str = "x") -> FloatArray:
    """Return ``x`` as a floating-point array, keeping float32 as float32.

    Integer and boolean input is converted to float64; anything else that is not numeric
    raises a :class:`TypeError` naming the argument.
    """
    arr = np.asarray(x)
    # dtype.kind: "f" float, "i"/"u" signed/unsigned integer, "b" boolean. Cheaper than
    # np.issubdtype, and this runs for every layer of every forward pass.
    if arr.dtype.kind == "f":
        return arr
    if arr.dtype.kind in "iub":
        return arr.astype(np.float64)
    raise TypeError(f"{name} must be a numeric array, got dtype {arr.dtype}")


def label_indices(
    y: npt.NDArray[np.generic], t: npt.ArrayLike, name: str = "t"
) -> npt.NDArray[np.int64]:
    """Return class indices for labels ``t`` given scores or probabilities ``y``.

    ``t`` is either one-hot (same shape as ``y``) or integer class indices (shape of ``y``
    without its last axis). Anything else raises :class:`ValueError` naming both shapes; an
    index outside ``[0, n_classes)`` raises :class:`ValueError` naming the bad value.
    """
    t = np.asarray(t)
    n_classes = y.shape[-1]
    if t.shape == y.shape and y.ndim >= 1:
        if not (np.isin(t, (0, 1)).all() and np.all(t.sum(axis=-1) == 1)):
            raise ValueError(
                f"labels {name} have the shape of the scores {y.shape} but are not one-hot "
                "(every row needs exactly one 1 and zeros elsewhere)"
            )
        indices: npt.NDArray[np.int64] = np.argmax(t, axis=-1)
        return indices
    if t.shape == y.shape[:-1]:
        return class_indices(t, n_classes, name)
    raise ValueError(
        f"labels {name} of shape {t.shape} fit neither one-hot labels of shape {y.shape} "
        f"nor integer labels of shape {y.shape[:-1]}"
    )


def class_indices(t: npt.ArrayLike, n_classes: int, name: str = "t") -> npt.NDArray[np.int64]:
    """Return integer class labels `t` as int64 after checking that each is a class index.

    Integer and boolean labels are taken as they are, floats only if they hold whole numbers;
    anything else raises :class:`TypeError`. A label outside ``[0, n_classes)`` raises
    :class:`ValueError` naming the first such label and the argument `name`.
    """
    t = np.asarray(t)
    if t.dtype.kind not in "iub":
        if t.dtype.kind != "f" or (t.size and not np.all(np.mod(t, 1) == 0)):
            raise TypeError(
                f"labels {name} must hold whole numbers (class indices), got dtype {t.dtype}"
            )
        t = t.astype(np.int64)
    t = t.astype(np.int64, copy=False)
    if t.size and (t.min() < 0 or t.max() >= n_classes):
        bad = t[(t < 0) | (t >= n_classes)].flat[0]
        raise ValueError(
            f"label {int(bad)} in {name} is out of range for {n_classes} classes "
            f"(expected 0 … {n_classes - 1})"
        )
    return t


def paired_examples(
    x: npt.ArrayLike, t: npt.ArrayLike, what: str = "x and t"
) -> tuple[npt.NDArray[Any], npt.NDArray[Any]]:
    """Return inputs `x` and labels `t` as arrays, checking they hold as many examples.

    `what` names the pair in the message, e.g. ``"the training inputs and labels"``.
    """
    x, t = np.asarray(x), np.asarray(t)
    if x.ndim == 0 or t.ndim == 0:
        raise ValueError(f"{what} must be arrays of examples (at least one dimension)")
    if len(x) != len(t):
        raise ValueError(
            f"{what} must hold the same number of examples, got {len(x)} inputs but "
            f"{len(t)} labels"
        )
    return x, t


def check_finite_loss(loss: float, where: str) -> float:
    """Raise :class:`FloatingPointError` if ``loss`` is NaN or infinite; return it otherwise."""
    if not math.isfinite(loss):
        raise FloatingPointError(
            f"{where} gave a non-finite loss ({loss}); the learning rate may be too large "
            "or the input may contain NaN or inf"
        )
    return loss
