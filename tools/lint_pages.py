"""Lint the book's MyST pages: code cells through ruff, and the two languages against each other.

Run by ``nox -s lint``. For every page under ``docs/en`` and ``docs/zh`` it checks that

- the page exists in the other language too;
- both versions have the same labels (``(name)=``), code cells, figures and listings of library
  code (``nnbook-code``), in the same order; code cells are compared as programs, modulo
  comments and the text of string literals, since a Chinese page comments and labels its output
  in Chinese;
- in the Chinese code cells, at least :data:`CHINESE_SHARE` of the comments and printed labels
  that are words (not names from the code) are Chinese;
- every code cell passes ``ruff check`` and ``ruff format --check`` (the cells of a page are
  checked together, as the one program they form);
- a figure from the gallery is shown by its stable name, ``gallery/<folder>/images/<name>.png``
  with ``:name: fig-<name>``, never by sphinx-gallery's numbered file name (see
  ``docs/_ext/nnbook_sphinx/figures.py``).

Exits non-zero with one line per problem.
"""

from __future__ import annotations

import ast
import io
import re
import subprocess
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
LANGS = ("en", "zh")
GENERATED = ("gallery", "gen_modules")

CELL_RE = re.compile(r"^```\{code-cell\}[^\n]*\n(?P<body>.*?)^```\s*$", re.M | re.S)
LABEL_RE = re.compile(r"^\((?P<label>[\w.:-]+)\)=\s*$", re.M)
FIGURE_RE = re.compile(r"^```\{figure\}\s*(?P<src>\S+)", re.M)
#: A listing of library code, with its options: both languages show the same code.
LIBRARY_CODE_RE = re.compile(r"^```\{nnbook-code\}[ \t]*(?P<target>[^\n]*\n(?::[^\n]*\n)*)", re.M)
OPTION_RE = re.compile(r"^(:[\w-]+:.*|---)\s*$")
#: A figure directive with its options, for the gallery-figure naming rule.
FIGURE_BLOCK_RE = re.compile(r"^```\{figure\}\s*(?P<src>\S+)\n(?P<options>(?::[^\n]*\n)*)", re.M)
GALLERY_IMAGE_RE = re.compile(r"gallery/\w+/images/(?P<file>[^/]+)")
#: The share of Chinese among the comments and printed labels of the Chinese code cells.
CHINESE_SHARE = 0.95
CJK_RE = re.compile(r"[\u3400-\u9fff]")
#: An English word: three letters or more, not part of a dotted or underscored name from the code.
WORD_RE = re.compile(r"(?<![\w.])[A-Za-z]{3,}(?![\w.(\[])")


def pages(lang: str) -> set[str]:
    """Page paths (relative, with suffix) of one language's source tree."""
    base = DOCS / lang
    return {
        p.relative_to(base).as_posix()
        for p in base.rglob("*")
        if p.suffix in {".md", ".rst"} and p.relative_to(base).parts[0] not in GENERATED
    }


def cell_code(body: str) -> str:
    """The code of a cell without its leading ``:option:`` lines or YAML block."""
    lines = body.splitlines()
    while lines and OPTION_RE.match(lines[0]):
        lines.pop(0)
    return "\n".join(lines)


class _BlankStrings(ast.NodeTransformer):
    """Empty every string literal, except the format specifications of f-strings."""

    def visit_Constant(self, node: ast.Constant) -> ast.Constant:
        return ast.Constant("") if isinstance(node.value, str) else node

    def visit_FormattedValue(self, node: ast.FormattedValue) -> ast.FormattedValue:
        node.value = self.visit(node.value)
        return node


def program(code: str) -> str:
    """A cell's code as a program: its syntax tree without comments, with strings blanked."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return code
    return ast.dump(_BlankStrings().visit(tree))


def _printed_labels(tree: ast.AST) -> list[str]:
    """The literal text that ``print`` calls show."""
    labels = []
    for call in ast.walk(tree):
        if isinstance(call, ast.Call) and getattr(call.func, "id", None) == "print":
            for arg in call.args:
                parts = arg.values if isinstance(arg, ast.JoinedStr) else [arg]
                labels += [p.value for p in parts if isinstance(p, ast.Constant)]
    return [label for label in labels if isinstance(label, str)]


def texts_of_code(code: str) -> list[str]:
    """The comments and printed labels of a cell that are words, not names from the code."""
    tokens = tokenize.generate_tokens(io.StringIO(code).readline)
    try:
        comments = [tok.string for tok in tokens if tok.type == tokenize.COMMENT]
        labels = _printed_labels(ast.parse(code))
    except (SyntaxError, tokenize.TokenError):
        return []
    return [text for text in comments + labels if CJK_RE.search(text) or WORD_RE.search(text)]


def structure(text: str) -> dict[str, list[str]]:
    return {
        "labels": LABEL_RE.findall(text),
        "code cells": [program(cell_code(m["body"])) for m in CELL_RE.finditer(text)],
        "figures": FIGURE_RE.findall(text),
        "library code": [" ".join(m["target"].split()) for m in LIBRARY_CODE_RE.finditer(text)],
    }


def ruff(code: str, name: str) -> list[str]:
    problems = []
    # As in notebooks, a later cell may import what it needs: E402 does not apply.
    for args in (
        ["check", "--quiet", "--extend-ignore", "E402"],
        ["format", "--check", "--quiet"],
    ):
        cmd = ["ruff", *args, "--stdin-filename", f"{name}.py", "-"]
        proc = subprocess.run(cmd, input=code, capture_output=True, text=True, cwd=ROOT)
        if proc.returncode != 0:
            detail = (proc.stdout + proc.stderr).strip() or "would be reformatted"
            problems.append(f"{name}: ruff {args[0]}: {detail}")
    return problems


def gallery_figure_problems(text: str, where: str) -> list[str]:
    """Gallery figures not shown by their stable name (``images/<name>.png``, ``fig-<name>``)."""
    problems = []
    for m in FIGURE_BLOCK_RE.finditer(text):
        image = GALLERY_IMAGE_RE.fullmatch(m["src"])
        if image is None:
            continue
        label = re.search(r"^:name:\s*(\S+)", m["options"], re.M)
        expected = f"fig-{image['file'].removesuffix('.png')}"
        if image["file"].startswith("sphx_glr_"):
            problems.append(f"{where}: {m['src']} is a numbered file; show the figure by its name")
        elif label is None or label[1] != expected:
            problems.append(f"{where}: the figure {m['src']} needs ':name: {expected}'")
    return problems


def code_cells(text: str) -> list[str]:
    return [cell_code(m["body"]).strip() for m in CELL_RE.finditer(text)]


def main() -> int:
    problems: list[str] = []
    chinese, english = 0, []
    by_lang = {lang: pages(lang) for lang in LANGS}
    for lang, other in (("en", "zh"), ("zh", "en")):
        for page in sorted(by_lang[lang] - by_lang[other]):
            problems.append(f"docs/{lang}/{page}: no docs/{other}/{page}")
    for page in sorted(by_lang["en"] & by_lang["zh"]):
        texts = {lang: (DOCS / lang / page).read_text(encoding="utf-8") for lang in LANGS}
        shapes = {lang: structure(texts[lang]) for lang in LANGS}
        for key in shapes["en"]:
            if shapes["en"][key] != shapes["zh"][key]:
                problems.append(
                    f"docs/{{en,zh}}/{page}: {key} differ between the languages: "
                    f"{shapes['en'][key]!r} vs {shapes['zh'][key]!r}"[:400]
                )
        for lang in LANGS:
            problems.extend(gallery_figure_problems(texts[lang], f"docs/{lang}/{page}"))
        for lang in LANGS:
            # Two blank lines between cells, as between top-level definitions in a module.
            code = "\n\n\n".join(code_cells(texts[lang]))
            if code:
                problems.extend(ruff(code + "\n", f"docs/{lang}/{page}"))
        for cell in code_cells(texts["zh"]):
            for piece in texts_of_code(cell):
                if CJK_RE.search(piece):
                    chinese += 1
                else:
                    english.append(f"docs/zh/{page}: {piece.strip()!r}")
    total = chinese + len(english)
    if total and chinese / total < CHINESE_SHARE:
        problems.append(
            f"docs/zh: {chinese} of {total} comments and printed labels in code cells are "
            f"Chinese ({chinese / total:.1%}, at least {CHINESE_SHARE:.0%} wanted); in English:"
        )
        problems.extend(f"  {line}" for line in english)
    for problem in problems:
        print(problem)
    print(f"lint_pages: {len(by_lang['en'])} pages per language, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
