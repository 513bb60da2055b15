"""``nnbook-code``: a page shows the library's own code, read from its source at build time.

Where a chapter teaches a concept it writes, right after the concept's equation::

    ```{nnbook-code} nnbook.layers.Affine
    :members: forward backward
    ```

The directive finds the object in its module's source by its qualified name (nothing is
imported), and shows its lines as they are, less the docstrings (of the object and of the
methods in it) and less the ``typing.overload`` stubs: the reader sees exactly the code that
runs, so book and library cannot disagree. ``:members:`` narrows a class to the methods named
(its other statements stay). The caption names the object and links to its place on the
highlighted module page that ``sphinx.ext.viewcode`` writes. The page records the module file as
a dependency: an edit of the library re-reads the page (and re-executes nothing).
"""

from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.ext.viewcode import OUTPUT_DIRNAME, viewcode_anchor
from sphinx.util.docutils import SphinxDirective

from nnbook_sphinx.paths import ROOT

Definition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


@dataclass(frozen=True)
class LibraryCode:
    """The code of one object of the library as a page shows it."""

    module: str  # dotted module name, e.g. "nnbook.layers"
    qualname: str  # name inside the module, e.g. "Affine.forward"
    path: Path  # the module's file
    code: str  # the object's source without docstrings, dedented

    @property
    def anchor(self) -> str:
        """The name viewcode marks on the module page: the longest public prefix of qualname.

        viewcode marks only what the API reference documents, which leaves out private
        methods and ``__init__``; their code is shown on the page of their class.
        """
        parts = []
        for part in self.qualname.split("."):
            if part.startswith("_"):
                break
            parts.append(part)
        return ".".join(parts)


def _module_of(target: str, root: Path = ROOT) -> tuple[str, str, Path]:
    """Split `target` into (module, qualified name, file): the longest prefix that is a file."""
    parts = target.split(".")
    for i in range(len(parts) - 1, 0, -1):
        base = root.joinpath(*parts[:i])
        for path in (base.with_suffix(".py"), base / "__init__.py"):
            if path.is_file():
                return ".".join(parts[:i]), ".".join(parts[i:]), path
    raise LookupError(f"{target!r} names no object in a module under {root}")


def _is_overload(node: ast.AST) -> bool:
    decorators = getattr(node, "decorator_list", [])
    return any(
        (isinstance(d, ast.Name) and d.id == "overload")
        or (isinstance(d, ast.Attribute) and d.attr == "overload")
        for d in decorators
    )


def _definitions(body: list[ast.stmt]) -> list[Definition]:
    return [
        n
        for n in body
        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        and not _is_overload(n)
    ]


def _find(tree: ast.Module, qualname: str) -> Definition:
    node: ast.Module | Definition = tree
    for part in qualname.split("."):
        found = [d for d in _definitions(node.body) if d.name == part]
        if not found:
            raise LookupError(f"no definition {part!r} on the way to {qualname!r}")
        node = found[0]
    assert not isinstance(node, ast.Module)
    return node


def _first_line(node: ast.stmt) -> int:
    decorators = getattr(node, "decorator_list", [])
    return min([node.lineno, *(d.lineno for d in decorators)])


def _docstring(node: Definition) -> ast.Expr | None:
    first = node.body[0] if node.body else None
    if (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    ):
        return first
    return None


def _dropped_lines(node: Definition, members: list[str] | None, lines: list[str]) -> set[int]:
    """Line numbers (1-based) of `node` that the page leaves out."""
    dropped: set[int] = set()
    if isinstance(node, ast.ClassDef) and members is not None:
        unknown = set(members) - {d.name for d in _definitions(node.body)}
        if unknown:
            raise LookupError(f"class {node.name} defines no {', '.join(sorted(unknown))}")
    for sub in ast.walk(node):
        if not isinstance(sub, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        doc = _docstring(sub)
        if doc is not None:
            dropped.update(range(doc.lineno, doc.end_lineno + 1))
    if isinstance(node, ast.ClassDef):
        for child in node.body:
            hidden = _is_overload(child) or (
                members is not None
                and isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
                and child.name not in members
            )
            if hidden:
                start = _first_line(child)
                # A comment right above a hidden definition is about it: it goes too.
                while start > 1 and lines[start - 2].strip().startswith("#"):
                    start -= 1
                dropped.update(range(start, child.end_lineno + 1))
    return dropped


def library_code(target: str, members: list[str] | None = None, root: Path = ROOT) -> LibraryCode:
    """The source of `target` (``module.Qual.name``) without docstrings, as the page shows it.

    With `members`, a class keeps only the methods named (and its other statements).
    """
    module, qualname, path = _module_of(target, root)
    source = path.read_text(encoding="utf-8")
    node = _find(ast.parse(source), qualname)
    lines = source.splitlines()
    dropped = _dropped_lines(node, members, lines)
    kept = [
        lines[i - 1] for i in range(_first_line(node), node.end_lineno + 1) if i not in dropped
    ]
    code = textwrap.dedent("\n".join(kept))
    # Where a docstring or a method went, leave at most one blank line, and none right after a
    # ``def`` or ``class`` line.
    code = re.sub(r"\n\s*\n(\s*\n)+", "\n\n", code)
    code = re.sub(r"(^|\n)([ \t]*(?:async def|def|class) [^\n]*:)\n\s*\n", r"\1\2\n", code)
    return LibraryCode(module, qualname, path, code.strip("\n"))


class NnbookCode(SphinxDirective):
    """``.. nnbook-code:: nnbook.module.Object`` — the object's code, from the library's source."""

    required_arguments = 1
    has_content = False
    option_spec: ClassVar[dict] = {"members": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        target = self.arguments[0]
        members = self.options.get("members")
        if members is not None:
            members = members.replace(",", " ").split()
        try:
            shown = library_code(target, members)
        except (LookupError, OSError, SyntaxError) as exc:
            raise self.error(f"nnbook-code: {exc}") from exc
        self.env.note_dependency(str(shown.path))

        literal = nodes.literal_block(shown.code, shown.code, language="python")
        self.set_source_info(literal)
        caption = nodes.caption("", "")
        caption += nodes.literal(target, target)
        caption += nodes.Text(" ")
        # Becomes a link to the highlighted module page (HTML) or nothing (other builders).
        caption += viewcode_anchor(
            reftarget=f"{OUTPUT_DIRNAME}/{shown.module.replace('.', '/')}",
            refid=shown.anchor,
            refdoc=self.env.docname,
        )
        container = nodes.container(
            "", caption, literal, classes=["literal-block-wrapper", "nnbook-code"],
            literal_block=True,
        )  # fmt: skip
        self.set_source_info(container)
        # A stable id for links to the listing: "code-nnbook-layers-affine-forward-backward".
        container["ids"].append(nodes.make_id(" ".join(["code", target, *(members or [])])))
        self.add_name(container)
        return [container]


def setup(app: Sphinx) -> None:
    app.setup_extension("sphinx.ext.viewcode")
    app.add_directive("nnbook-code", NnbookCode)
