"""Small helpers the book's experiments share."""

from __future__ import annotations

from collections.abc import Callable
from types import CodeType
from typing import Any

import numpy as np
import numpy.typing as npt

from nnbook._validation import checked, function, text

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
    for plain data, the name for a module (what of a module is used enters on its own)."""
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
            # __slotnames__ is a cache that pickling an instance adds to its class.
            if name in {
                "__doc__", "__dict__", "__weakref__", "__module__", "__qualname__",
                "__slotnames__",
            }:  # fmt: skip
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


def _names(code: CodeType) -> set[str]:
    """Every global or attribute name that a function's code (nested functions included) uses."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, CodeType):
            names |= _names(const)
    return names


def _definitions_used(compute: Callable[..., Any]) -> dict[str, Any]:
    """What `compute` runs besides itself, by qualified name: the functions, classes and data
    of nnbook (and of `compute`'s own module, a script or a notebook) that it refers to, and in
    turn what those refer to; a class with all its methods and bases, a module whole."""
    import __future__

    import inspect
    import types

    home = getattr(compute, "__module__", None)

    def ours(value: Any) -> bool:
        if isinstance(value, types.ModuleType):
            module: Any = value.__name__
        else:
            module = getattr(value, "__module__", None)
        return isinstance(module, str) and (module.split(".")[0] == "nnbook" or module == home)

    found: dict[str, Any] = {}

    def use(key: str, value: Any) -> None:
        if key not in found:
            found[key] = value
            pending.append((key, value))

    pending: list[tuple[str, Any]] = [("<experiment>", compute)]
    while pending:
        where, value = pending.pop()
        if inspect.isfunction(value):
            for func in dict.fromkeys((value, inspect.unwrap(value))):
                for name in _names(func.__code__) & set(func.__globals__):
                    used = func.__globals__[name]
                    if name.startswith("__") or isinstance(used, __future__._Feature):
                        continue
                    if ours(used) or not (callable(used) or isinstance(used, types.ModuleType)):
                        use(_qualified(used, f"{func.__module__}.{name}"), used)
                for i, cell in enumerate(func.__closure__ or ()):
                    held = cell.cell_contents if _filled(cell) else None
                    if callable(held) and ours(held):
                        use(f"{where}.<cell {i}>", held)
        elif isinstance(value, type):
            # Members by where they are found: functions that dataclasses generate share one
            # __qualname__ across classes.
            here = f"{value.__module__}.{value.__qualname__}"
            members = [
                *vars(value).items(),
                *((f"<base {i}>", b) for i, b in enumerate(value.__bases__)),
            ]
            for attr, member in members:
                if isinstance(member, staticmethod | classmethod):
                    member = member.__func__
                parts = (member.fget, member.fset) if isinstance(member, property) else (member,)
                for i, part in enumerate(parts):
                    if (inspect.isfunction(part) or isinstance(part, type)) and ours(part):
                        use(f"{here}.{attr}" + (f".{i}" if i else ""), part)
        elif isinstance(value, types.ModuleType):
            for name, member in vars(value).items():
                if name.startswith("__") or isinstance(member, types.ModuleType):
                    continue
                if ours(member) or not callable(member):
                    use(f"{value.__name__}.{name}", member)
        elif isinstance(value, dict | list | tuple):
            for item in value.values() if isinstance(value, dict) else value:
                if (inspect.isfunction(item) or isinstance(item, type)) and ours(item):
                    use(f"{item.__module__}.{item.__qualname__}", item)
    return found


def _qualified(value: Any, fallback: str) -> str:
    """The name a function, class or module is defined under; `fallback` for data."""
    name = getattr(value, "__qualname__", None) or getattr(value, "__name__", None)
    module = getattr(value, "__module__", None)
    if (isinstance(name, str) and callable(value)) or hasattr(value, "__path__"):
        return f"{module}.{name}" if module else str(name)
    return fallback


def _filled(cell: Any) -> bool:
    """Whether a closure cell holds a value yet (an empty one raises on reading)."""
    try:
        cell.cell_contents  # noqa: B018
    except ValueError:
        return False
    return True


@checked(compute=function)
def experiment_fingerprint(compute: Callable[..., Any]) -> str:
    """SHA-256 of the code an experiment runs: `compute`, and the functions, classes and data
    of nnbook it refers to, directly or through them.

    Docstrings and comments do not enter it, nor does any code the experiment never reaches
    (another experiment, the plotting code): editing them retrains nothing.
    """
    import hashlib

    digest = hashlib.sha256(_object_fingerprint(compute, set()).encode())
    for name, value in sorted(_definitions_used(compute).items()):
        digest.update(name.encode())
        digest.update(_object_fingerprint(value, set()).encode())
    return digest.hexdigest()


@checked(name=text, compute=function)
def cached(name: str, compute: Callable[..., Any], **params: Any) -> Any:
    """Return ``compute(**params)``, reusing a stored result when the book is being built.

    The book is built once per language, and an expensive experiment (training a network on
    MNIST, say) should run once, not twice. When the environment variable ``NNBOOK_CACHE``
    names a directory (the book build sets it), the result is pickled there under a key made
    of `name`, `params` and :func:`experiment_fingerprint`, the code that `compute` runs (its
    own and that of the nnbook definitions it reaches, docstrings and comments left out), so it is
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
