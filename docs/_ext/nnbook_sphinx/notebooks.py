"""Take the book home: every chapter as a Jupyter notebook, and all examples in one archive.

- Every chapter page (a MyST notebook) is written as ``_notebooks/<page>.ipynb``, next to a copy
  of its MyST source ``_notebooks/<page>.md``, and the page's sidebar links to both. The
  notebook holds the page's cells as they are, and its text as Markdown that Jupyter renders:
  the book's roles become text (numbers from the build's run of the page, section titles,
  equation numbers, citations by author and year), listings of library code become code
  blocks, figures become attached images, solutions become ``<details>``. The glue calls that
  hand numbers to the page are left out, so the notebook needs nothing but ``nnbook`` (with
  ``[plot]``) and the MNIST data.
- The notebooks sphinx-gallery makes of the gallery scripts keep only the reader's language
  (the scripts carry both, in ``.. only:: lang_en`` / ``lang_zh`` blocks).
- ``nnbook-examples-<lang>.zip`` holds every gallery script and its notebook in that language;
  the gallery's index and README link to it.

All files are written byte for byte the same by two builds of the same sources.
"""

from __future__ import annotations

import ast
import base64
import functools
import json
import re
import textwrap
import zipfile
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from nnbook_sphinx.library_code import library_code
from nnbook_sphinx.paths import BUILD, DOCS, ROOT
from nnbook_sphinx.strings import translate

logger = logging.getLogger(__name__)

NOTEBOOKS = "_notebooks"
ARCHIVE = "nnbook-examples-{lang}.zip"
#: The fixed time stamp of every archive member, so that two builds make the same archive.
ZIP_TIME = (2026, 1, 1, 0, 0, 0)

CELL_RE = re.compile(r"^```\{code-cell\}[^\n]*\n(?P<body>.*?)^```[ \t]*$", re.M | re.S)
FRONT_MATTER_RE = re.compile(r"\A---\n.*?\n---\n", re.S)
LABEL_RE = re.compile(r"^\([\w.:-]+\)=[ \t]*\n", re.M)
ROLE_RE = re.compile(r"\{(?P<role>[\w:]+)\}`(?P<text>[^`]*)`")
LIBRARY_CODE_RE = re.compile(
    r"^```\{nnbook-code\}[ \t]*(?P<target>\S+)\n(?P<options>(?::[^\n]*\n)*)```[ \t]*$", re.M
)
FIGURE_RE = re.compile(
    r"^```\{figure\}[ \t]*(?P<src>\S+)\n(?P<options>(?::[^\n]*\n)*)\n?(?P<caption>.*?)^```[ \t]*$",
    re.M | re.S,
)
DROPDOWN_RE = re.compile(
    r"^(?P<indent>[ \t]*):::\{dropdown\}[ \t]*(?P<title>[^\n]*)\n(?P<body>.*?)"
    r"^(?P=indent):::[ \t]*$",
    re.M | re.S,
)
ADMONITION_RE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>:::|```)\{(?P<kind>note|warning|tip)\}[^\n]*\n(?P<body>.*?)"
    r"^(?P=indent)(?P=fence)[ \t]*$",
    re.M | re.S,
)
EQUATION_LABEL_RE = re.compile(r"^\$\$[ \t]*\((?P<label>[\w.:-]+)\)[ \t]*$", re.M)
ONLY_RE = re.compile(r"^\.\. only:: lang_(?P<lang>en|zh)\n\n(?P<body>(?:(?:   .*)?\n)+)", re.M)


# --------------------------------------------------------------------------- chapter pages


def is_chapter(app: Sphinx, docname: str) -> bool:
    """A page of the book that runs code: a MyST notebook outside the gallery and API pages."""
    path = Path(app.env.doc2path(docname))
    if path.suffix != ".md" or docname.split("/")[0] in ("gallery", "api"):
        return False
    return "```{code-cell}" in path.read_text(encoding="utf-8")


@functools.cache
def _bibliography(path: Path = DOCS / "references.bib") -> dict[str, tuple[str, str]]:
    """``key: (authors as cited, year)`` of the book's bibliography."""
    from pybtex.database import parse_file

    entries = {}
    for key, entry in parse_file(str(path)).entries.items():
        names = [p.last_names[0] if p.last_names else str(p) for p in entry.persons["author"]]
        names = [re.sub(r"[{}]", "", n) for n in names]
        if len(names) > 2:
            cited = f"{names[0]} et al."
        else:
            cited = " and ".join(names)
        entries[key] = (cited, entry.fields.get("year", ""))
    return entries


def _glue_values(lang: str, docname: str) -> dict[str, Any]:
    path = BUILD / "jupyter_execute" / lang / f"{docname}.glue.json"
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def _glue_text(values: dict[str, Any], text: str) -> str:
    name, _, spec = text.partition(":")
    output = values.get(name)
    if output is None:
        return text
    plain = output.get("data", {}).get("text/plain", "")
    try:
        value = ast.literal_eval(plain)
    except (ValueError, SyntaxError):
        return plain.strip("'\"")
    return format(value, spec) if spec else str(value)


class Converter:
    """MyST Markdown of one page → Markdown that Jupyter renders."""

    def __init__(self, app: Sphinx, docname: str) -> None:
        self.app, self.docname = app, docname
        self.lang = app.config.nnbook_lang
        self.glue = _glue_values(self.lang, docname)
        self.attachments: dict[str, dict[str, str]] = {}
        self.labels = app.env.domaindata["std"]["labels"]
        self.equations = app.env.domaindata["math"]["objects"]

    def role(self, m: re.Match) -> str:
        role, text = m["role"], m["text"]
        if role == "glue:text":
            return _glue_text(self.glue, text)
        if role == "ref":
            shown = re.fullmatch(r"(?P<text>.*?)\s*<(?P<label>[^>]+)>", text, re.S)
            if shown:
                return shown["text"]
            return self.labels.get(text, ("", "", text))[2] or text
        if role == "eq":
            number = self.equations.get(text, (None, None))[1]
            return f"({number})" if number else f"({text})"
        if role in ("cite:p", "cite:t"):
            cited = [_bibliography().get(key.strip(), (key, "")) for key in text.split(",")]
            if role == "cite:t":
                return "; ".join(f"{who} ({year})" for who, year in cited)
            return "(" + "; ".join(f"{who}, {year}" for who, year in cited) + ")"
        if role.startswith("py:"):
            target = text.split("<")[-1].rstrip(">").strip()
            shown = target.lstrip("~").split(".")[-1] if target.startswith("~") else target
            return f"`{shown}`"
        if role == "math":
            return f"${text}$"
        return text

    def library_listing(self, m: re.Match) -> str:
        members = re.search(r"^:members:\s*(.+)$", m["options"], re.M)
        names = members[1].replace(",", " ").split() if members else None
        code = library_code(m["target"], names).code.rstrip()
        where = f"# {m['target']} (nnbook/{m['target'].split('.')[1]}.py)"
        return f"```python\n{where}\n{code}\n```"

    def figure(self, m: re.Match) -> str:
        src = m["src"]
        image = DOCS / self.lang / src
        alt = re.search(r"^:alt:\s*(.+)$", m["options"], re.M)
        if not image.is_file():
            return m["caption"].strip()
        name = image.name
        self.attachments[name] = {"image/png": base64.b64encode(image.read_bytes()).decode()}
        caption = self.convert_text(m["caption"].strip())
        return f"![{alt[1] if alt else name}](attachment:{name})\n\n*{caption}*"

    def convert_text(self, text: str) -> str:
        text = ROLE_RE.sub(self.role, text)
        return text

    def markdown(self, text: str) -> str:
        text = LABEL_RE.sub("", text)
        text = LIBRARY_CODE_RE.sub(self.library_listing, text)
        text = FIGURE_RE.sub(self.figure, text)
        text = EQUATION_LABEL_RE.sub(self.equation_end, text)
        for _ in range(2):  # a dropdown may hold a note, or the other way round
            text = DROPDOWN_RE.sub(self.dropdown, text)
            text = ADMONITION_RE.sub(self.admonition, text)
        return self.convert_text(text).strip("\n")

    def equation_end(self, m: re.Match) -> str:
        number = self.equations.get(m["label"], (None, None))[1]
        return f"\\tag{{{number}}}\n$$" if number else "$$"

    def dropdown(self, m: re.Match) -> str:
        indent, body = m["indent"], textwrap.dedent(m["body"])
        inner = textwrap.indent(body.strip("\n"), indent)
        return (
            f"{indent}<details><summary>{m['title'].strip()}</summary>\n\n{inner}\n\n"
            f"{indent}</details>"
        )

    def admonition(self, m: re.Match) -> str:
        body = textwrap.dedent(m["body"]).strip("\n")
        return textwrap.indent(body, m["indent"] + "> ", lambda line: True)


def _is_glue(node: ast.stmt) -> bool:
    """A ``glue(...)`` call or the import of ``myst_nb``: what hands numbers to the page."""
    if isinstance(node, ast.ImportFrom):
        return node.module == "myst_nb"
    call = node.value if isinstance(node, ast.Expr) else None
    return isinstance(call, ast.Call) and getattr(call.func, "id", None) == "glue"


def _prune(statements: list[ast.stmt]) -> list[ast.stmt]:
    """`statements` without glue, and without the compound statements that only glued."""
    kept = []
    for node in statements:
        if _is_glue(node):
            continue
        if isinstance(getattr(node, "body", None), list):
            node.body = _prune(node.body)
            if not node.body:
                continue
            if isinstance(getattr(node, "orelse", None), list):
                node.orelse = _prune(node.orelse)
        kept.append(node)
    return kept


def _without_glue(code: str) -> str | None:
    """The cell's code without its glue, or None when nothing else is left."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return code
    before = ast.dump(tree)
    tree.body = _prune(tree.body)
    if not tree.body:
        return None
    return code if ast.dump(tree) == before else ast.unparse(tree)


def chapter_notebook(app: Sphinx, docname: str) -> dict[str, Any]:
    """The notebook of one chapter page, as an nbformat 4 dictionary."""
    source = Path(app.env.doc2path(docname)).read_text(encoding="utf-8")
    source = FRONT_MATTER_RE.sub("", source)
    converter = Converter(app, docname)
    cells = []
    position = 0
    lang = app.config.nnbook_lang
    page_url = f"{docname}.html"
    intro = translate(
        "This notebook is a chapter of the book, made from its page ({page}). Run it top to "
        "bottom after pip install nnbook[plot]; NNBOOK_DATA may name a folder of the MNIST files.",
        lang,
    ).format(page=page_url)
    cells.append(_cell("markdown", f"*{intro}*"))
    for m in CELL_RE.finditer(source):
        text = converter.markdown(source[position : m.start()])
        if text.strip():
            cells.append(_cell("markdown", text))
        options, code = _cell_options(m["body"])
        code = _without_glue(code) if "remove-cell" in options else code
        if code:
            cells.append(_cell("code", code))
        position = m.end()
    tail = converter.markdown(source[position:])
    if tail.strip():
        cells.append(_cell("markdown", tail))
    for cell in cells:  # attach each figure to the cell that shows it
        names = re.findall(r"\(attachment:([^)]+)\)", "".join(cell["source"]))
        if names:
            cell["attachments"] = {n: converter.attachments[n] for n in names}
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _cell_options(body: str) -> tuple[str, str]:
    lines = body.splitlines()
    options = []
    while lines and lines[0].startswith(":"):
        options.append(lines.pop(0))
    return "\n".join(options), "\n".join(lines).strip("\n")


def _cell(kind: str, text: str) -> dict[str, Any]:
    lines = text.splitlines(keepends=True)
    cell: dict[str, Any] = {"cell_type": kind, "metadata": {}, "source": lines}
    if kind == "code":
        cell |= {"execution_count": None, "outputs": []}
    return cell


def _dump(notebook: dict[str, Any]) -> str:
    for i, cell in enumerate(notebook["cells"]):
        cell["id"] = f"cell-{i}"
    return json.dumps(notebook, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


# --------------------------------------------------------------------------- gallery notebooks


def localise_notebook(text: str, lang: str) -> str:
    """A sphinx-gallery notebook with only `lang`'s ``.. only::`` blocks, dedented."""
    notebook = json.loads(text)
    for cell in notebook["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        source = "".join(cell["source"])

        def keep(m: re.Match) -> str:
            return textwrap.dedent(m["body"]) if m["lang"] == lang else ""

        localised = ONLY_RE.sub(keep, source + "\n").strip("\n")
        localised = re.sub(r"(?<=[\u3400-\u9fff])\n(?=[\u3400-\u9fff])", "", localised)
        cell["source"] = localised.splitlines(keepends=True)
    notebook["cells"] = [c for c in notebook["cells"] if "".join(c["source"]).strip()]
    return json.dumps(notebook, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def localise_gallery_notebooks(app: Sphinx) -> None:
    """``builder-inited``, after sphinx-gallery: its notebooks in the reader's language."""
    lang = app.config.nnbook_lang
    for path in sorted((DOCS / lang / "gallery").rglob("*.ipynb")):
        text = path.read_text(encoding="utf-8")
        localised = localise_notebook(text, lang)
        if localised != text:
            path.write_text(localised, encoding="utf-8")


def examples_archive(lang: str, destination: Path) -> list[str]:
    """Write the archive of all gallery scripts and their notebooks; return its members."""
    gallery = DOCS / lang / "gallery"
    root = f"nnbook-examples-{lang}"
    members = {}
    readme = translate(
        "The example scripts of How Neural Networks Learn, each as a Python script and as a "
        "notebook. Install the library with pip install nnbook[plot] (or pip install -e .[plot] "
        "in a clone), then run a script with python, or open its notebook in Jupyter. "
        "NNBOOK_DATA may name a folder that holds the four MNIST files.",
        lang,
    )
    members[f"{root}/README.txt"] = (readme + "\n").encode()
    for script in sorted((ROOT / "galleries").rglob("plot_*.py")):
        rel = script.relative_to(ROOT / "galleries")
        members[f"{root}/{rel.as_posix()}"] = script.read_bytes()
        notebook = gallery / rel.with_suffix(".ipynb")
        if notebook.is_file():
            members[f"{root}/{rel.with_suffix('.ipynb').as_posix()}"] = notebook.read_bytes()
    tmp = destination.with_suffix(".zip.part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, members[name])
    tmp.replace(destination)
    return sorted(members)


# --------------------------------------------------------------------------- the build


def write_downloads(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished`` (HTML): the chapter notebooks, their sources and the archive."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    folder = outdir / NOTEBOOKS
    folder.mkdir(parents=True, exist_ok=True)
    for docname in sorted(app.env.found_docs):
        if not is_chapter(app, docname):
            continue
        target = folder / f"{docname}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_if_changed(target, _dump(chapter_notebook(app, docname)))
        source = Path(app.env.doc2path(docname)).read_text(encoding="utf-8")
        _write_if_changed(folder / f"{docname}.md", source)
    examples_archive(app.config.nnbook_lang, outdir / ARCHIVE.format(lang=app.config.nnbook_lang))


def _write_if_changed(path: Path, text: str) -> None:
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        tmp = path.with_name(path.name + ".part")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)


def add_download_links(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    """``html-page-context``: the chapter's notebook and source, for the sidebar template."""
    if doctree is None or pagename not in app.env.found_docs or not is_chapter(app, pagename):
        return
    pathto = context["pathto"]
    context["nnbook_downloads"] = [
        (translate("Notebook (.ipynb)", app.config.nnbook_lang),
         pathto(f"{NOTEBOOKS}/{pagename}.ipynb", 1)),
        (translate("MyST source (.md)", app.config.nnbook_lang),
         pathto(f"{NOTEBOOKS}/{pagename}.md", 1)),
    ]  # fmt: skip


def setup(app: Sphinx) -> None:
    # After sphinx-gallery's own builder-inited handler, which writes the notebooks.
    app.connect("builder-inited", localise_gallery_notebooks, priority=900)
    app.connect("html-page-context", add_download_links)
    app.connect("build-finished", write_downloads)
