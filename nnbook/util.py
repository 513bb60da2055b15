"""Small helpers the book's experiments share."""

from __future__ import annotations

from collections.abc import Callable
from types import CodeType
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["cached", "experiment_fingerprint", "smooth_curve"]


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


def _code_fingerprint(code: CodeType, doc: str | None = None) -> str:
    """Text that changes whenever a compiled function's instructions or constants change.

    Built from the bytecode rather than the source, so it is the same for a function defined in
    a script and the identical function defined in a notebook cell (line numbers, file names
    and comments do not enter it), and `doc`, the function's docstring, is left out: editing a
    docstring changes no result.
    """
    parts = [code.co_code.hex(), repr(code.co_names)]
    consts = list(code.co_consts)
    if doc is not None and consts and consts[0] == doc:
        consts = consts[1:]
    for const in consts:
        if isinstance(const, CodeType):
            # A nested function's docstring is its first constant (a lambda has none).
            first = const.co_consts[0] if const.co_consts else None
            nested_doc = first if isinstance(first, str) and const.co_name != "<lambda>" else None
            parts.append(_code_fingerprint(const, nested_doc))
        else:
            parts.append(repr(const))
    return "|".join(parts)


def _function_fingerprint(func: Any, seen: set[int]) -> str:
    """The bytecode of `func` and of the functions its closure holds (a decorator's wrapped
    function and checks), docstrings left out."""
    code = getattr(func, "__code__", None)
    if code is None:
        return repr(func)
    parts = [_code_fingerprint(code, getattr(func, "__doc__", None))]
    for cell in getattr(func, "__closure__", None) or ():
        try:
            value = cell.cell_contents
        except ValueError:  # a cell not yet filled
            continue
        if callable(value):  # code it calls; data it closes over may change as it runs
            parts.append(_object_fingerprint(value, seen))
    parts.append(repr(getattr(func, "__defaults__", None)))
    parts.append(repr(sorted((getattr(func, "__kwdefaults__", None) or {}).items())))
    return "(" + "|".join(parts) + ")"


def _object_fingerprint(value: Any, seen: set[int]) -> str:
    """What of `value` a computation can depend on: code for functions and classes, the value
    for plain data; a module of nnbook stands for all of its code."""
    import inspect
    import types

    if isinstance(value, types.ModuleType):
        return value.__name__
    if id(value) in seen:
        return "<seen>"
    if inspect.isfunction(value) or inspect.ismethod(value):
        seen.add(id(value))
        return _function_fingerprint(inspect.unwrap(value), seen) + _function_fingerprint(
            value, seen
        )
    if isinstance(value, type):
        seen.add(id(value))
        members = []
        for name, member in sorted(vars(value).items()):
            if name in {"__doc__", "__dict__", "__weakref__", "__module__", "__qualname__"}:
                continue
            if isinstance(member, staticmethod | classmethod):
                member = member.__func__
            if isinstance(member, property):
                member = (member.fget, member.fset)
            members.append(f"{name}={_object_fingerprint(member, seen)}")
        bases = ",".join(base.__qualname__ for base in value.__bases__)
        return f"class({bases}|{'|'.join(members)})"
    if isinstance(value, tuple | list):
        return "[" + ",".join(_object_fingerprint(v, seen) for v in value) + "]"
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda item: repr(item[0]))
        return "{" + ",".join(f"{k!r}:{_object_fingerprint(v, seen)}" for k, v in items) + "}"
    text = repr(value)
    # An object without a repr of its own shows its address, which differs from run to run.
    return type(value).__qualname__ if " at 0x" in text else text


def _modules_used(compute: Callable[..., Any]) -> list[Any]:
    """The nnbook modules that `compute` runs code of: the modules of the nnbook functions,
    classes and modules it refers to, and in turn the nnbook modules those refer to."""
    import sys
    import types

    def referenced(namespace: dict[str, Any]) -> set[str]:
        names = set()
        for value in namespace.values():
            module = value.__name__ if isinstance(value, types.ModuleType) else None
            module = module or getattr(value, "__module__", None)
            if isinstance(module, str) and module.split(".")[0] == "nnbook":
                names.add(module)
        return names

    own = getattr(compute, "__globals__", {})
    pending = referenced(own)
    owner = getattr(compute, "__module__", None)
    if isinstance(owner, str) and owner.split(".")[0] == "nnbook":
        pending.add(owner)
    done: set[str] = set()
    while pending:
        name = pending.pop()
        if name in done or name not in sys.modules:
            continue
        done.add(name)
        pending |= referenced(vars(sys.modules[name])) - done
    return [sys.modules[name] for name in sorted(done)]


def _module_fingerprint(module: Any) -> str:
    """The code and constants that `module` defines itself, docstrings and comments left out."""
    seen: set[int] = set()
    parts = []
    for name, value in sorted(vars(module).items()):
        if (
            name.startswith("__")
            or getattr(value, "__module__", module.__name__) != module.__name__
        ):
            continue  # dunders, and what the module imports (fingerprinted where it is defined)
        parts.append(f"{name}={_object_fingerprint(value, seen)}")
    return "|".join(parts)


def experiment_fingerprint(compute: Callable[..., Any]) -> str:
    """SHA-256 of the code an experiment runs: `compute` itself and the nnbook modules it uses.

    Docstrings and comments do not enter it, nor do the nnbook modules the experiment never
    reaches (the plotting code, say): editing them retrains nothing. Functions and data from
    outside nnbook enter by their bytecode and ``repr`` as `compute` refers to them.
    """
    import hashlib

    digest = hashlib.sha256(_object_fingerprint(compute, set()).encode())
    for module in _modules_used(compute):
        digest.update(module.__name__.encode())
        digest.update(_module_fingerprint(module).encode())
    return digest.hexdigest()


def cached(name: str, compute: Callable[..., Any], **params: Any) -> Any:
    """Return ``compute(**params)``, reusing a stored result when the book is being built.

    The book is built once per language, and an expensive experiment (training a network on
    MNIST, say) should run once, not twice. When the environment variable ``NNBOOK_CACHE``
    names a directory (the book build sets it), the result is pickled there under a key made
    of `name`, `params` and :func:`experiment_fingerprint`, the code that `compute` runs (its
    own and that of the nnbook modules it uses, docstrings and comments left out), so it is
    recomputed whenever any of them changes, and only then. Without ``NNBOOK_CACHE`` — a
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
    key_text = f"{name}|{sorted(params.items())!r}|{experiment_fingerprint(compute)}"
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
