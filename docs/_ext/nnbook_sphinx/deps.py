"""Which nnbook code a gallery script or notebook page runs, so that it re-runs when that changes.

sphinx-gallery re-runs a script only when the script's own md5 changes, and myst-nb's cache
(jupyter-cache) re-executes a page only when its code cells change. Both miss a change in the
nnbook code the page runs. Here every script and notebook page gets a fingerprint of the nnbook
modules it imports (found with :mod:`ast`, together with everything those modules import in
turn); when the fingerprint changes, the stored result is dropped and the script or page runs
again. A page that imports nothing of nnbook never re-runs for a change in the library.

Plain Python (no Sphinx), so that the tests can check it on their own.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path

LIBRARY = Path(__file__).resolve().parents[3] / "nnbook"


def _imported_nnbook_modules(code: str, package: str = "nnbook") -> set[str]:
    """Names of the nnbook modules that `code` imports (``nnbook`` alone for the package).

    ``import nnbook`` counts as every module, since its submodules load on attribute access.
    """
    try:
        tree = ast.parse(code)
    except SyntaxError:  # a cell with IPython syntax: be safe and depend on everything
        return {"*"}
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "nnbook":
                    found.add("*")
                elif alias.name.startswith("nnbook."):
                    found.add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:  # relative import inside the package
                module = f"{package}.{module}" if module else package
            if module == "nnbook":
                for alias in node.names:
                    found.add("*" if alias.name == "*" else f"nnbook.{alias.name}")
            elif module.startswith("nnbook."):
                found.add(module)
    return found


def _module_file(name: str, library: Path) -> Path | None:
    """The source file of nnbook module `name`, or None (e.g. a function imported by name)."""
    parts = name.split(".")[1:]
    path = library.joinpath(*parts)
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def library_dependencies(code: str, library: Path = LIBRARY) -> list[Path]:
    """Every nnbook source file that running `code` imports, directly or through the library.

    The package's ``__init__.py`` is always included: every import of a submodule runs it.
    """
    names = _imported_nnbook_modules(code)
    if not names:
        return []
    every_file = sorted(library.rglob("*.py"))
    files = {library / "__init__.py"}
    todo = list(names)
    while todo:
        name = todo.pop()
        if name == "*":
            return every_file
        path = _module_file(name, library)
        if path is None or path in files:  # None: `from nnbook.x import f`, f a function
            continue
        files.add(path)
        package = ".".join(["nnbook", *path.relative_to(library).parent.parts])
        todo.extend(_imported_nnbook_modules(path.read_text(encoding="utf-8"), package))
    return sorted(files)


def library_fingerprint(code: str, library: Path = LIBRARY) -> str:
    """SHA-256 over the nnbook files `code` depends on ("" if it imports nothing of nnbook)."""
    files = library_dependencies(code, library)
    if not files:
        return ""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(library).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _gallery_files(examples: Path, gallery: Path):
    """For each script: its source, and the md5 and fingerprint files beside its copy."""
    for script in sorted(examples.rglob("plot_*.py")):
        target = gallery / script.relative_to(examples)
        yield (
            script,
            target.with_name(target.name + ".md5"),
            target.with_name(target.name + ".nnbook"),
        )


def gallery_scripts_to_rerun(examples: Path, gallery: Path, library: Path = LIBRARY) -> list[Path]:
    """Drop the stored md5 of every gallery script whose nnbook dependencies changed.

    `examples` holds the scripts (``galleries``), `gallery` the pages sphinx-gallery generated
    from them (``docs/<lang>/gallery``). Beside each copied script sphinx-gallery keeps
    ``<name>.py.md5`` when the script ran; :func:`record_gallery_fingerprints` adds
    ``<name>.py.nnbook``, the fingerprint of the library code it imported. Removing the md5 is
    what makes sphinx-gallery run the script again. Call this before sphinx-gallery runs;
    returns the scripts whose md5 was removed.
    """
    rerun = []
    for script, md5, stamp in _gallery_files(examples, gallery):
        if not md5.is_file():  # sphinx-gallery runs it anyway
            continue
        fingerprint = library_fingerprint(script.read_text(encoding="utf-8"), library)
        if not stamp.is_file() or stamp.read_text(encoding="utf-8") != fingerprint:
            md5.unlink()
            rerun.append(script)
    return rerun


def record_gallery_fingerprints(examples: Path, gallery: Path, library: Path = LIBRARY) -> None:
    """After sphinx-gallery: store the fingerprint of every script that has a current run.

    A script that failed has no md5 and gets no fingerprint, so it runs again next time.
    """
    for script, md5, stamp in _gallery_files(examples, gallery):
        if md5.is_file():
            fingerprint = library_fingerprint(script.read_text(encoding="utf-8"), library)
            stamp.write_text(fingerprint, encoding="utf-8")
        else:
            stamp.unlink(missing_ok=True)


_IMAGE_RE = re.compile(r"sphx_glr_(?P<stem>.+)_(?:\d{3}|thumb)\.\w+")


def stale_gallery_outputs(examples: Path, gallery: Path) -> list[Path]:
    """What sphinx-gallery generated for scripts that no longer exist.

    sphinx-gallery writes a page, a copy, a notebook, images and records for every script in
    `examples` (``galleries``) into `gallery` (``docs/<lang>/gallery``), and never removes
    them: after a script is renamed or deleted, its old page stays in the source tree, and the
    next build reads it (and fails on its stale references). Returns those files, and whole
    folders of a chapter gallery that is gone; the build deletes them before sphinx-gallery runs.
    """
    if not gallery.is_dir():
        return []
    stale: list[Path] = []
    for folder in sorted(p for p in gallery.iterdir() if p.is_dir()):
        if not (examples / folder.name).is_dir():
            if folder.name != "images":  # sphinx-gallery's own images of the gallery index
                stale.append(folder)
            continue
        scripts = {script.stem for script in (examples / folder.name).glob("plot_*.py")}
        for path in sorted(folder.rglob("*")):
            if not path.is_file():
                continue
            image = _IMAGE_RE.fullmatch(path.name)
            stem = image["stem"] if image else path.name.split(".")[0]
            if stem.startswith("plot_") and stem not in scripts:
                stale.append(path)
    return stale


_CELL_RE = re.compile(r"^```\{code-cell\}[^\n]*\n(?P<body>.*?)^```\s*$", re.M | re.S)


def page_code(text: str) -> str:
    """The code cells of a MyST notebook page, one program (IPython magics left out)."""
    cells = []
    for m in _CELL_RE.finditer(text):
        lines = [
            line for line in m["body"].splitlines() if not re.match(r"\s*(:[\w-]+:|---|%|!)", line)
        ]
        cells.append("\n".join(lines))
    return "\n\n".join(cells)


def pages_to_reexecute(
    pages: dict[str, Path],
    fingerprints: Path,
    library: Path = LIBRARY,
    drop: Callable[[list[str]], None] | None = None,
) -> list[str]:
    """Names of the notebook `pages` (name → source) whose nnbook dependencies changed.

    The fingerprints of the last build are kept in the file `fingerprints`, which this updates
    after calling ``drop(names)`` to discard the stored outputs of those pages (so that a
    failure there leaves the old fingerprints, and the pages are still re-executed next time).
    A page without a stored fingerprint counts as changed: nothing says its stored outputs
    were made with the current library.
    """
    try:
        known = json.loads(fingerprints.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    changed = []
    for name, path in sorted(pages.items()):
        code = page_code(path.read_text(encoding="utf-8"))
        if not code:
            continue
        fingerprint = library_fingerprint(code, library)
        if known.get(name) != fingerprint:
            changed.append(name)
            known[name] = fingerprint
    if changed and drop is not None:
        drop(changed)
    fingerprints.parent.mkdir(parents=True, exist_ok=True)
    fingerprints.write_text(json.dumps(known, indent=1, sort_keys=True), encoding="utf-8")
    return changed
