"""Take the book home: every chapter page offers itself as a notebook and as its MyST source,
each notebook runs top to bottom in a fresh environment that has only nnbook, and the archive
of examples holds every gallery script with its notebook.

Two quick chapters run here (one per language); ``nox -s notebooks`` runs them all
(``NNBOOK_ALL_NOTEBOOKS=1``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from sitecheck import resolve, soup

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("en", "zh")
#: Chapters that train nothing on MNIST: quick enough for every CI run.
QUICK = (("en", "chain-rule"), ("zh", "simple-layers"))


def chapters(lang: str) -> list[str]:
    return sorted(
        p.stem
        for p in (ROOT / "docs" / lang).glob("*.md")
        if "```{code-cell}" in p.read_text(encoding="utf-8")
    )


@pytest.mark.parametrize("lang", LANGS)
def test_every_chapter_page_links_to_its_notebook_and_source(site: Path, lang: str) -> None:
    for chapter in chapters(lang):
        page = f"{lang}/{chapter}.html"
        links = [a["href"] for a in soup(site / page).select(".nnbook-downloads a")]
        targets = [resolve(site, page, href) for href in links]
        folder = site / lang / "_notebooks"
        assert targets == [folder / f"{chapter}.ipynb", folder / f"{chapter}.md"], page
        source = (ROOT / "docs" / lang / f"{chapter}.md").read_text(encoding="utf-8")
        assert targets[1].read_text(encoding="utf-8") == source


@pytest.mark.parametrize("lang", LANGS)
def test_notebooks_hold_the_page_code_and_text_jupyter_renders(site: Path, lang: str) -> None:
    myst = re.compile(r"\{[\w:]+\}`|^\s*:::|^\s*```\{|^\([\w.:-]+\)=", re.M)
    for chapter in chapters(lang):
        notebook = json.loads((site / lang / "_notebooks" / f"{chapter}.ipynb").read_text())
        assert notebook["nbformat"] == 4
        code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
        text = "\n".join(
            "".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"
        )
        assert code, chapter
        assert not myst.search(text), (
            f"{chapter}: MyST left in the notebook: {myst.search(text)[0]}"
        )
        assert "glue(" not in "".join("".join(c["source"]) for c in code), chapter
        for cell in notebook["cells"]:
            for name in re.findall(r"\(attachment:([^)]+)\)", "".join(cell["source"])):
                assert name in cell.get("attachments", {}), f"{chapter}: {name} not attached"


@pytest.mark.parametrize("lang", LANGS)
def test_the_archive_holds_every_gallery_script_and_its_notebook(site: Path, lang: str) -> None:
    archive = site / lang / f"nnbook-examples-{lang}.zip"
    with zipfile.ZipFile(archive) as zf:
        names = set(zf.namelist())
        scripts = sorted((ROOT / "galleries").rglob("plot_*.py"))
        assert scripts
        for script in scripts:
            rel = script.relative_to(ROOT / "galleries").as_posix()
            assert f"nnbook-examples-{lang}/{rel}" in names
            assert zf.read(f"nnbook-examples-{lang}/{rel}") == script.read_bytes()
            notebook = json.loads(zf.read(f"nnbook-examples-{lang}/{rel[:-3]}.ipynb"))
            text = "".join("".join(c["source"]) for c in notebook["cells"])
            assert ".. only::" not in text, f"{rel}: both languages in the notebook"
    index = soup(site / lang / "gallery" / "index.html")
    assert any(
        resolve(site, f"{lang}/gallery/index.html", a["href"]) == archive
        for a in index.find_all("a", href=True)
    ), "the gallery index does not link to the archive"


# --------------------------------------------------------------------------- running them


@pytest.fixture(scope="session")
def fresh_python(tmp_path_factory) -> Path:
    """A new virtual environment with nnbook (and its plot extra) and a kernel, nothing else.

    Installed offline from uv's cache, which the book's own sessions have filled: a test
    reaches no network."""
    uv = shutil.which("uv")
    if uv is None:
        pytest.fail("uv is needed to make a fresh environment (pip install uv)")
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    subprocess.run([uv, "venv", "-q", "-p", sys.executable, str(venv)], check=True)
    python = venv / "bin" / "python"
    # The package as a reader gets it, built from a copy: building in the clone would leave
    # build/ and egg-info folders beside the sources.
    package = venv.parent / "nnbook"
    shutil.copytree(
        ROOT / "nnbook", package / "nnbook", ignore=shutil.ignore_patterns("__pycache__")
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, package / name)
    install = [uv, "pip", "install", "-q", "--offline", "--python", str(python)]
    subprocess.run([*install, f"{package}[plot]", "ipykernel"], check=True)
    return python


def run_notebook(path: Path, python: Path, cwd: Path, monkeypatch) -> dict:
    """Execute the notebook at `path` with a kernel of the interpreter `python`."""
    from nbclient import NotebookClient
    from nbformat import reads

    # A kernel spec of the fresh environment, found through JUPYTER_PATH.
    spec = cwd / "jupyter" / "kernels" / "fresh"
    spec.mkdir(parents=True)
    argv = [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    kernel = {"argv": argv, "display_name": "fresh nnbook", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(kernel))
    monkeypatch.setenv("JUPYTER_PATH", str(cwd / "jupyter"))
    monkeypatch.delenv("NNBOOK_CACHE", raising=False)  # nothing from the book's runs
    notebook = reads(path.read_text(encoding="utf-8"), as_version=4)
    client = NotebookClient(
        notebook, kernel_name="fresh", timeout=1800, resources={"metadata": {"path": str(cwd)}}
    )
    client.execute()
    return notebook


def selected() -> list[tuple[str, str]]:
    if os.environ.get("NNBOOK_ALL_NOTEBOOKS"):
        return [(lang, chapter) for lang in LANGS for chapter in chapters(lang)]
    return list(QUICK)


@pytest.mark.parametrize(("lang", "chapter"), selected())
def test_a_chapter_notebook_runs_top_to_bottom_with_nothing_but_nnbook(
    site: Path, fresh_python: Path, tmp_path: Path, monkeypatch, lang: str, chapter: str
) -> None:
    path = site / lang / "_notebooks" / f"{chapter}.ipynb"
    ran = run_notebook(path, fresh_python, tmp_path, monkeypatch)
    errors = [o for c in ran.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors
    printed = "".join(
        o.get("text", "")
        for c in ran.cells
        for o in c.get("outputs", [])
        if o.output_type == "stream"
    )
    assert printed, f"{chapter}: the notebook printed nothing"
    # The page's own results: what the page shows its cells printed, line for line.
    shown = soup(site / lang / f"{chapter}.html").select("div.cell_output div.output.stream pre")
    expected = "".join(pre.get_text() for pre in shown)
    assert expected
    assert printed.strip() == expected.strip()
