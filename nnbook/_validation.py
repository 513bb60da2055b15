"""The checks of the public boundary, written once for the whole library.

A function checks its arguments before its body runs, so that the body is the formula and
nothing else. Arguments that can be judged alone (a learning rate, a step size, a count) are
named in the decorator :func:`checked`, which the listing of the function on the book's pages
shows right above its signature::

    @checked(h=positive)
    def numerical_diff(f, x, h=1e-4): ...

Arguments whose check depends on other state (the labels against the scores, a layer's input
against its weights, a gradient against the last forward pass) go through one of the helpers
below in the first line of the body. Either way the same mistake always gets the same message,
which names the argument, what it got and what it accepts.
"""

from __future__ import annotations

import functools
import inspect
import math
from collections.abc import Callable, Mapping
from typing import Any, TypeAlias, TypeVar, overload

import numpy as np
import numpy.typing as npt

#: What every ``rng`` argument accepts: an int seed, a Generator, or None for fresh entropy.
RngLike: TypeAlias = int | np.random.Generator | None
#: A NumPy array of any floating type: float64 by default, float32 kept as float32.
FloatArray: TypeAlias = npt.NDArray[np.floating]
#: A check of one argument: takes the value and the argument's name, returns the value to use.
Check: TypeAlias = Callable[[Any, str], Any]
_F = TypeVar("_F", bound=Callable[..., Any])


# --------------------------------------------------------------------------- arguments alone


def checked(**checks: Check) -> Callable[[_F], _F]:
    """Decorate a function so that the named arguments pass their checks before it runs.

    Each check takes ``(value, name)`` and returns the value the function then receives (the
    same, or converted, e.g. to an int), or raises :class:`TypeError` or :class:`ValueError`
    naming the argument. Defaults are not checked: they are the library's own.

    Examples
    --------
    >>> @checked(lr=positive)
    ... def step(x, lr=0.1):
    ...     return x - lr
    >>> step(1.0, lr=0.5)
    0.5
    >>> step(1.0, lr=-1)
    Traceback (most recent call last):
        ...
    ValueError: lr must be a positive finite number, got -1
    """

    def decorate(func: _F) -> _F:
        signature = inspect.signature(func)
        unknown = set(checks) - set(signature.parameters)
        if unknown:
            raise TypeError(f"{func.__qualname__} has no argument {', '.join(sorted(unknown))}")

        @functools.wraps(func)
        def with_checks(*args: Any, **kwargs: Any) -> Any:
            bound = signature.bind(*args, **kwargs)
            for name, check in checks.items():
                if name in bound.arguments:
                    bound.arguments[name] = check(bound.arguments[name], name)
            return func(*bound.args, **bound.kwargs)

        return with_checks  # type: ignore[return-value]

    return decorate


def _is_real(value: object) -> bool:
    """A real number: int or float (NumPy's too), not a bool, a string or None."""
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(
        value, bool | np.bool_
    )


def positive(value: Any, name: str) -> float:
    """A finite number greater than 0 (a learning rate, a step size, a standard deviation)."""
    if not (_is_real(value) and math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return float(value)


def non_negative(value: Any, name: str) -> float:
    """A finite number of at least 0 (a weight decay, a minimum learning rate)."""
    if not (_is_real(value) and math.isfinite(value) and value >= 0):
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return float(value)


def fraction(value: Any, name: str) -> float:
    """A number in ``[0, 1)``: a decay factor, a momentum, a dropout ratio."""
    if not (_is_real(value) and 0 <= value < 1):
        raise ValueError(f"{name} must be a number in [0, 1), got {value!r}")
    return float(value)


def flag(value: Any, name: str) -> bool:
    """A bool (Python's or NumPy's), not a number or a string that would merely be truthy."""
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def count(value: Any, name: str, minimum: int = 0) -> int:
    """A whole number of at least `minimum` (steps, epochs, a batch size), returned as int."""
    if not (_is_real(value) and math.isfinite(value) and value == int(value) >= minimum):
        raise ValueError(f"{name} must be a whole number of at least {minimum}, got {value!r}")
    return int(value)


def at_least_one(value: Any, name: str) -> int:
    """A whole number of at least 1."""
    return count(value, name, minimum=1)


def optional(check: Check) -> Check:
    """`check`, or None passed through: for an argument whose None means "not given"."""

    def check_unless_none(value: Any, name: str) -> Any:
        return None if value is None else check(value, name)

    return check_unless_none


def text(value: Any, name: str) -> str:
    """A non-empty string (a name, a label)."""
    if not isinstance(value, str) or not value:
        raise TypeError(f"{name} must be a non-empty string, got {value!r}")
    return value


def function(value: Any, name: str) -> Any:
    """Something to call: a function, a method, a class."""
    if not callable(value):
        raise TypeError(f"{name} must be callable (a function), got {value!r}")
    return value


def iterable(value: Any, name: str) -> list[Any]:
    """The items of an iterable (a list, a tuple, a generator, dict values) as a list."""
    try:
        return list(value)
    except TypeError:
        raise TypeError(f"{name} must be an iterable, got {type(value).__name__}") from None


def real_or_array(value: Any, name: str) -> Any:
    """A real number, kept as it is, or a numeric array (as a float array)."""
    if _is_real(value):
        return value
    if isinstance(value, np.ndarray | list | tuple):
        return as_float_array(value, name)
    raise TypeError(f"{name} must be a number or a numeric array, got {value!r}")


def instance_of(cls: type) -> Check:
    """The check that a value is an instance of `cls`."""

    def check_instance(value: Any, name: str) -> Any:
        if not isinstance(value, cls):
            raise TypeError(f"{name} must be a {cls.__name__}, got {type(value).__name__}")
        return value

    return check_instance


def array_shape(value: Any, name: str) -> tuple[int, ...]:
    """The shape of an array: a whole number of at least 0, or a tuple of them."""
    dims = value if isinstance(value, tuple) else (value,)
    if not all(_is_real(d) and math.isfinite(d) and d == int(d) >= 0 for d in dims):
        raise ValueError(f"{name} must be a whole number >= 0 or a tuple of them, got {value!r}")
    return tuple(int(d) for d in dims)


def float_dtype(value: Any, name: str) -> np.dtype[np.floating]:
    """A floating-point NumPy dtype (float64, float32, ...)."""
    try:
        dtype: np.dtype[np.floating] = np.dtype(value)
    except TypeError:
        raise TypeError(f"{name} must be a floating-point dtype, got {value!r}") from None
    if dtype.kind != "f":
        raise TypeError(f"{name} must be a floating-point dtype, got {dtype}")
    return dtype


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
    non_empty(y)
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


def non_empty(y: npt.NDArray[np.generic], name: str = "y") -> None:
    """Raise :class:`ValueError` if the batch `y` holds no sample (or its samples no entry):
    the mean of a loss or an accuracy over nothing is undefined, not NaN."""
    if y.size == 0:
        raise ValueError(
            f"{name} of shape {y.shape} is empty: a loss or an accuracy needs at least one "
            "sample with at least one entry"
        )


def probabilities(y: FloatArray, name: str = "y") -> FloatArray:
    """Return `y` after checking that it holds probabilities, numbers in ``[0, 1]``.

    Scores passed where probabilities belong are the usual mistake: the message says to apply
    the softmax first.
    """
    low, high = (float(y.min()), float(y.max())) if y.size else (0.0, 0.0)
    if not (0.0 <= low and high <= 1.0):  # also False for NaN
        raise ValueError(
            f"{name} must hold probabilities in [0, 1], got values from {low!r} to {high!r}; "
            "scores need the softmax first (or use softmax_loss)"
        )
    return y


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


def rows_of_one_width(a: npt.ArrayLike, b: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Return `a` and `b` as float arrays after checking that they are rows of one width.

    Their shapes must be ``(M, D)`` and ``(N, D)``: examples of `D` features each.
    """
    a, b = as_float_array(a, "a"), as_float_array(b, "b")
    if a.ndim != 2 or b.ndim != 2 or a.shape[1] != b.shape[1]:
        raise ValueError(
            f"a and b must be rows of examples of one width, shapes (M, D) and (N, D), "
            f"got {a.shape} and {b.shape}"
        )
    return a, b


def at_most(value: int, limit: int, name: str, what: str) -> int:
    """Return the count `value` after checking that it is at most `limit` (`what` names it)."""
    if value > limit:
        raise ValueError(f"{name} can be at most {what} ({limit}), got {value}")
    return value


def same_length(a: list[Any], b: list[Any], names: str) -> None:
    """Raise :class:`ValueError` unless the lists `a` and `b` (called `names`) are equally long."""
    if len(a) != len(b):
        raise ValueError(f"{names} must be equally long, got {len(a)} and {len(b)}")


def fewer_than(value: int, limit: int, name: str, what: str) -> int:
    """Return the count `value` after checking that it is below `limit` (`what` names it)."""
    if value >= limit:
        raise ValueError(f"{name} must be fewer than {what} ({limit}), got {value}")
    return value


def check_finite_loss(loss: float, where: str) -> float:
    """Raise :class:`FloatingPointError` if ``loss`` is NaN or infinite; return it otherwise."""
    if not math.isfinite(loss):
        raise FloatingPointError(
            f"{where} gave a non-finite loss ({loss}); the learning rate may be too large "
            "or the input may contain NaN or inf"
        )
    return loss


# --------------------------------------------------------------------------- layers
# The two checks every layer runs at its boundary, each in one line of its forward or backward,
# so that the rest of the method is the formula. Both compare shapes only, never data, and cost
# nothing measurable next to the arithmetic.


def as_scores(layer: object, x: npt.ArrayLike) -> FloatArray:
    """Return `x` as a float array of scores of shape ``(N, classes)``, for a loss layer.

    Raises :class:`ValueError`, naming `layer`, for any other number of axes; :class:`TypeError`
    if `x` is not numeric.
    """
    x = as_float_array(x)
    if x.ndim != 2:
        raise ValueError(
            f"{type(layer).__name__} expects scores of shape (N, classes), got {x.shape}"
        )
    return x


def as_batch(layer: object, x: npt.ArrayLike, width: int) -> FloatArray:
    """Return `x` as a float batch of shape ``(N, width)``, flattening each sample if needed.

    Raises :class:`ValueError`, naming `layer`, if `x` has no batch axis or its samples do not
    hold `width` values; :class:`TypeError` if it is not numeric.
    """
    x = as_float_array(x)
    name = type(layer).__name__
    if x.ndim < 2:
        raise ValueError(
            f"{name} expects a batch of shape (N, {width}) or (N, ...), got shape "
            f"{x.shape} with no batch axis; for a single sample pass x.reshape(1, -1)"
        )
    if x.shape[0] == 0:
        raise ValueError(
            f"{name} got an empty batch, shape {x.shape}: it needs at least one sample"
        )
    batch = x.reshape(x.shape[0], -1) if x.ndim != 2 else x
    if batch.shape[1] != width:
        raise ValueError(
            f"{name} expects {width} input features per sample, got input of shape {x.shape}"
        )
    return batch


_T = TypeVar("_T")
_U = TypeVar("_U")


@overload
def check_backward(
    layer: object,
    dout: Any,
    stored: tuple[_T | None, _U | None],
    shape: tuple[int, ...] | None = None,
    trained: bool = True,
) -> tuple[_T, _U]: ...
@overload
def check_backward(
    layer: object,
    dout: Any,
    stored: _T | None,
    shape: tuple[int, ...] | None = None,
    trained: bool = True,
) -> _T: ...
def check_backward(
    layer: object,
    dout: Any,
    stored: Any,
    shape: tuple[int, ...] | None = None,
    trained: bool = True,
) -> Any:
    """Return what `layer`'s forward kept for backward, after checking that backward may run.

    `stored` is what forward keeps (None before the first forward), or a pair of such things.
    `dout` must have `shape`, the shape of the last output: by default that of `stored` (of
    the pair broadcast together), since NumPy would otherwise broadcast a gradient of another
    shape silently into a wrong result. `trained` says whether the last forward ran in training
    mode, without which there is nothing to differentiate (the batch statistics, the mask).
    """
    # This runs in every backward pass of every layer: plain comparisons only, no NumPy call
    # where an attribute will do.
    pair = type(stored) is tuple
    if stored is None or (pair and (stored[0] is None or stored[1] is None)):
        raise RuntimeError(f"{type(layer).__name__}.backward called before forward")
    if not trained:
        raise RuntimeError(
            f"{type(layer).__name__}.backward needs a forward pass in training mode, but the "
            "last one ran with train=False, which keeps nothing to differentiate; run "
            "forward(x, train=True) first"
        )
    if shape is None:
        shape = np.broadcast_shapes(*map(np.shape, stored)) if pair else stored.shape
    if type(dout) is np.ndarray:
        got = dout.shape
    else:  # a plain number (the 1.0 into the last layer) has no axes
        got = () if type(dout) in (float, int) else np.shape(dout)
    if got != shape:
        raise ValueError(
            f"{type(layer).__name__}.backward got dout of shape {got}, but the last forward "
            f"pass returned shape {shape}: dout is the gradient of the loss with respect to "
            "that output and must have its shape"
        )
    return stored


def shrink_factor(value: Any, name: str) -> float:
    """A number in ``(0, 1]``: what a learning-rate decay multiplies the rate by."""
    if not (_is_real(value) and 0 < value <= 1):
        raise ValueError(f"{name} must be a number in (0, 1], got {value!r}")
    return float(value)


def learning_rate(value: Any, name: str) -> Any:
    """A positive finite number, or a schedule: a callable from the iteration to a rate."""
    if callable(value):
        return value
    if not (_is_real(value) and math.isfinite(value) and value > 0):
        raise ValueError(
            f"{name} must be a positive finite number or a schedule (a callable from the "
            f"iteration to a rate), got {value!r}"
        )
    return float(value)


def gradients_for(
    params: Mapping[str, FloatArray], grads: Mapping[str, npt.ArrayLike]
) -> dict[str, FloatArray]:
    """The gradient of every parameter as an array, after checking them all.

    Each key of `params` needs a gradient in `grads` of the same shape, with no NaN or inf;
    other keys of `grads` are ignored. Checking all before returning means that an optimizer
    changes either every parameter or none.
    """
    checked_grads = {}
    for key, param in params.items():
        if key not in grads:
            raise KeyError(f"no gradient for parameter {key!r}; grads has {sorted(grads)}")
        grad = np.asarray(grads[key])
        if grad.shape != param.shape:
            raise ValueError(
                f"gradient for {key!r} has shape {grad.shape}, parameter has {param.shape}"
            )
        if not np.all(np.isfinite(grad)):
            raise ValueError(f"gradient for {key!r} contains NaN or inf")
        checked_grads[key] = grad
    return checked_grads


def float_ndarray(value: Any, name: str) -> FloatArray:
    """A NumPy array of a floating type, used as it is: a function that changes it in place
    (a numerical gradient nudging one entry at a time) must not work on a converted copy."""
    if not isinstance(value, np.ndarray) or value.dtype.kind != "f":
        got = type(value).__name__ + (
            f" of dtype {value.dtype}" if hasattr(value, "dtype") else ""
        )
        raise TypeError(
            f"{name} must be a floating-point numpy array to change in place, got {got}"
        )
    return value


def finite_float_arrays(value: Any, name: str) -> dict[str, FloatArray]:
    """A mapping of names to finite floating-point numpy arrays, used as they are (to be changed
    in place, as gradients are by clipping)."""
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a dict of numpy arrays, got {type(value).__name__}")
    arrays = {key: float_ndarray(array, f"{name}[{key!r}]") for key, array in value.items()}
    for key, array in arrays.items():
        if not np.all(np.isfinite(array)):
            raise ValueError(f"{name}[{key!r}] contains NaN or inf")
    return arrays
