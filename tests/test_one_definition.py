"""One definition of everything: no function is written out in two files of the repository.

A function that a page, a gallery script and a test all need lives once (in the library, where
the page shows it with ``nnbook-code``) and is imported by the others. The two languages of a
page count as two files, so a page's code cells define no function of four or more statements
at all. This test finds any two files that do define the same body.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Generated or third-party trees that are not the project's sources.
SKIPPED = {".git", ".nox", "_build", "gallery", "gen_modules", ".venv", "node_modules"}
CELL_RE = re.compile(r"^```\{code-cell\}[^\n]*\n(?P<body>.*?)^```\s*$", re.M | re.S)
#: Bodies shorter than this many statements (nested ones counted) may repeat.
MIN_STATEMENTS = 4


def sources() -> dict[Path, str]:
    """Every Python file, and the code cells of every page, by path."""
    found = {}
    for path in ROOT.rglob("*.py"):
        if not SKIPPED & set(path.relative_to(ROOT).parts):
            found[path] = path.read_text(encoding="utf-8")
    for page in ROOT.glob("docs/*/*.md"):
        cells = (m["body"] for m in CELL_RE.finditer(page.read_text(encoding="utf-8")))
        code = "\n".join(
            "\n".join(line for line in cell.splitlines() if not line.startswith(":"))
            for cell in cells
        )
        found[page] = code
    return found


def function_bodies(code: str) -> list[tuple[str, str]]:
    """(name, body without docstring as ``ast.dump``) of every function of enough statements."""
    bodies = []
    for node in ast.walk(ast.parse(code)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        body = node.body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            body = body[1:]
        statements = sum(isinstance(n, ast.stmt) for b in body for n in ast.walk(b))
        if statements >= MIN_STATEMENTS:
            bodies.append((node.name, ast.dump(ast.Module(body=body, type_ignores=[]))))
    return bodies


def test_no_function_body_is_defined_in_two_files():
    places = defaultdict(set)
    for path, code in sources().items():
        for name, body in function_bodies(code):
            places[body].add(f"{path.relative_to(ROOT)}:{name}")
    twice = [
        sorted(where)
        for where in places.values()
        if len({place.rsplit(":", 1)[0] for place in where}) > 1
    ]
    assert not twice, f"functions written out in more than one file: {twice}"


def test_the_check_finds_a_function_written_twice():
    code = "def f(x):\n    a = x\n    b = a\n    c = b\n    return c\n"
    ((name, body),) = function_bodies(code)
    assert name == "f"
    assert function_bodies(code.replace("def f", "def g"))[0][1] == body
