"""Read and run the code of a chapter page and of its gallery scripts, to check what they state.

A page reads the results of its gallery scripts through :func:`nnbook.util.cached`, which finds a
stored result only when the experiment's name, settings and code are the same. These helpers let
a chapter test check exactly that: the page defines the same experiment functions as the scripts
and asks only for experiments that the scripts run, so that building the page never trains a
network of its own and its numbers are those of the figures.

:func:`page_glue` runs a page's code cells and returns the numbers they glue into the prose, so
that a chapter test asserts what the page itself computes: an edit of a page's inputs that
changes a number its prose states fails the test, not only a change of the library.
"""

from __future__ import annotations

import ast
import contextlib
import io
import re
import sys
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CELL_RE = re.compile(r"^```\{code-cell\}[^\n]*\n(?P<body>.*?)^```\s*$", re.M | re.S)


def page_code(lang: str, page: str) -> str:
    """The code cells of ``docs/<lang>/<page>`` joined into one module (cell options removed)."""
    text = (ROOT / "docs" / lang / page).read_text(encoding="utf-8")
    code = "\n".join(m["body"] for m in CELL_RE.finditer(text))
    return "\n".join(line for line in code.splitlines() if not line.startswith(":"))


def page_glue(lang: str, page: str) -> dict[str, object]:
    """Run the code cells of ``docs/<lang>/<page>`` and return what they glue, by name.

    The cells run in order in one namespace, as the build's kernel runs them, with
    ``myst_nb.glue`` replaced by a recorder; printed output is discarded. The values are the
    objects passed to ``glue``, before any ``{glue:text}`` format is applied.
    """
    glued: dict[str, object] = {}

    def glue(name: str, variable: object, display: bool = True) -> None:
        if name in glued:
            raise ValueError(f"{lang}/{page} glues {name!r} twice")
        glued[name] = variable

    recorder = types.ModuleType("myst_nb")
    recorder.glue = glue
    path = ROOT / "docs" / lang / page
    code = compile(page_code(lang, page), str(path), "exec")
    saved = sys.modules.get("myst_nb")
    sys.modules["myst_nb"] = recorder
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(code, {"__name__": "__main__"})
    finally:
        if saved is None:
            del sys.modules["myst_nb"]
        else:
            sys.modules["myst_nb"] = saved
    return glued


def script_code(folder: str, name: str) -> str:
    """The source of ``galleries/<folder>/<name>``."""
    return (ROOT / "galleries" / folder / name).read_text(encoding="utf-8")


def function_dump(code: str, name: str) -> str:
    """``ast.dump`` of the module-level function `name` defined in `code`, without its
    docstring (which a Chinese page writes in Chinese)."""
    (function,) = [
        node
        for node in ast.parse(code).body
        if isinstance(node, ast.FunctionDef) and node.name == name
    ]
    body = function.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        function.body = body[1:]
    return ast.dump(function)


def _literal_dicts(tree: ast.Module) -> dict[str, dict]:
    """Module-level ``name = {...}`` assignments whose values are literals."""
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and isinstance(node.value, ast.Dict):
                try:
                    found[target.id] = ast.literal_eval(node.value)
                except ValueError:
                    pass
    return found


def _keywords(node: ast.AST, dicts: dict[str, dict]) -> dict:
    """Keyword arguments of a call or entries of a dict display; unknown values by their source."""
    pairs = []
    if isinstance(node, ast.Call):
        pairs = [(kw.arg, kw.value) for kw in node.keywords]
    elif isinstance(node, ast.Dict):
        pairs = [
            (None if k is None else ast.literal_eval(k), v)
            for k, v in zip(node.keys, node.values, strict=True)
        ]
    result = {}
    for key, value in pairs:
        if key is None:  # ** unpacking
            if isinstance(value, ast.Name) and value.id in dicts:
                result.update(dicts[value.id])
            else:
                result.update(_keywords(value, dicts))
            continue
        try:
            result[key] = ast.literal_eval(value)
        except ValueError:
            result[key] = ast.unparse(value)
    return result


def cached_calls(code: str) -> set[tuple]:
    """Every ``cached("name", function, **settings)`` call in `code`, as a hashable tuple.

    Settings given as literals, or through ``**name`` of a module-level dict literal, appear with
    their values; settings computed at run time appear as their source text (``"seed"``).
    """
    tree = ast.parse(code)
    dicts = _literal_dicts(tree)
    calls = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "cached":
            name = ast.literal_eval(node.args[0])
            function = ast.unparse(node.args[1])
            settings = _keywords(node, dicts)
            calls.add((name, function, tuple(sorted((k, repr(v)) for k, v in settings.items()))))
    return calls


def cached_call(code: str, name: str) -> str:
    """``ast.dump`` of the one ``cached(name, ...)`` call in `code`: its function and settings."""
    (call,) = [
        node
        for node in ast.walk(ast.parse(code))
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "cached"
        and isinstance(node.args[0], ast.Constant)
        and node.args[0].value == name
    ]
    return ast.dump(call)
