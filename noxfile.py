"""Task runner: ``nox`` builds the book, runs the tests, the linters and the docstring examples.

Sessions reuse uv-backed virtual environments, so a second run only re-runs the checks.
``NNBOOK_DATA`` names a directory holding the MNIST files (``.ci/run`` points it at
``../shared/datasets/mnist``); without it the loader downloads them into the user cache.
"""

from __future__ import annotations

import importlib.util
import shutil
import time
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_venv = "yes"
# `nox` alone runs everything CI runs: the tests, the checks, and the book with its site checks.
nox.options.sessions = ["lint", "tests", "doctest", "docs", "pdf", "site", "reproducible"]

PYTHON = "3.11"
ROOT = Path(__file__).parent
BUILD = ROOT / "_build"
HTML = BUILD / "html"
LATEX = BUILD / "latex"
#: Sphinx's pickled doctrees, per language: outside the HTML, which is published as it is.
DOCTREES = BUILD / "doctrees"
LANGS = ("en", "zh")
#: Experiments wrapped in ``nnbook.util.cached`` are stored here and shared by the tests and the
#: book build: the key holds the experiment's code, its settings and a fingerprint of the
#: library's source, so a stored result is only reused for exactly the same computation.
EXPERIMENTS = BUILD / "experiments"
#: One BLAS thread: on a small machine, threads for these small matrices cost more than they
#: bring, and a second process (the other half of a build, another session) makes them thrash.
ONE_THREAD = {name: "1" for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}
#: Written by ``nox -s docs`` after a build that started from nothing (see ``reproducible``).
CLEAN_BUILD_STAMP = BUILD / "clean-build.json"


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the pytest suite (pass ``-- -m "not slow"`` to skip the long MNIST runs)."""
    session.install("-e", ".[test]")
    env = {"NNBOOK_CACHE": str(EXPERIMENTS), **ONE_THREAD}
    session.run("pytest", "--ignore=tests/site", "--ignore=tests/pdf", *session.posargs, env=env)


@nox.session(python=PYTHON)
def doctest(session: nox.Session) -> None:
    """Run every Examples section of the library's docstrings and the prompt sessions on pages.

    A page shows a ``>>>`` session in a ``pycon`` block; pytest runs each page's blocks as one
    doctest and compares every output line, in both languages.
    """
    session.install("-e", ".[test]")
    pages = sorted(str(page.relative_to(ROOT)) for lang in LANGS for page in _pages(lang))
    session.run(
        "pytest",
        "--doctest-modules",
        "--doctest-glob=*.md",
        "nnbook",
        *pages,
        "-p",
        "no:cacheprovider",
        *session.posargs,
    )


def _pages(lang: str) -> list[Path]:
    """The book's MyST pages in one language (not the gallery's generated files)."""
    return sorted((ROOT / "docs" / lang).glob("*.md"))


#: The type checker and the NumPy whose stubs it reads, pinned so that the check gives the same
#: answer on every machine until someone moves the pins on purpose.
TYPECHECK = ("mypy==2.4.1", "numpy==2.4.6")


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Ruff on code, gallery scripts and the pages' code cells; mypy on the library (strict,
    configured in pyproject.toml); the two languages in step; the Chinese terms against the
    glossary."""
    session.install("ruff==0.17.6", *TYPECHECK)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.log("typecheck: mypy on nnbook/")
    session.run("mypy")
    session.run("python", "tools/lint_pages.py")
    session.run("python", "tools/lint_terms.py")


def _sphinx(session: nox.Session, lang: str, *extra: str) -> None:
    session.run(
        "python", "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n",
        "-d", str(DOCTREES / lang), str(ROOT / "docs" / lang), str(HTML / lang), *extra,
        env=ONE_THREAD,
    )  # fmt: skip


def _build_report():
    """The book build's report (``docs/_ext/nnbook_sphinx/build_report.py``), loaded by path:
    the package it sits in needs Sphinx, which nox's own environment does not have."""
    path = ROOT / "docs" / "_ext" / "nnbook_sphinx" / "build_report.py"
    spec = importlib.util.spec_from_file_location("nnbook_build_report", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the book in both languages into ``_build/html`` (``-- clean`` starts afresh).

    Warnings are errors. Prints the time of each phase of each language's build. Open
    ``_build/html/index.html``, or pass ``-- serve`` to serve the build on
    http://127.0.0.1:8000/.
    """
    session.install("-e", ".[docs]")
    if "clean" in session.posargs:
        shutil.rmtree(BUILD, ignore_errors=True)
        for lang in LANGS:
            for generated in ("gallery", "gen_modules"):
                shutil.rmtree(ROOT / "docs" / lang / generated, ignore_errors=True)
    CLEAN_BUILD_STAMP.unlink(missing_ok=True)
    report = _build_report()
    earlier = report.earlier_build(ROOT, HTML, DOCTREES, LANGS)
    cold = not earlier
    check = "tests/site/check_reproducible.py"
    if cold:
        sources = session.run("python", check, "--sources-fingerprint", silent=True).strip()
    experiments = report.StoredExperiments(EXPERIMENTS)
    start = time.perf_counter()
    for lang in LANGS:
        _sphinx(session, lang)
    elapsed = time.perf_counter() - start
    reused, computed = experiments.summary()
    kind = report.describe_build(earlier, reused, computed, len(experiments.before))
    session.log(
        f"book built in {elapsed:.1f} s: {kind}\n" + "\n".join(report.timing_rows(BUILD, LANGS))
    )
    session.log(f"open {HTML / 'index.html'}")
    if cold:
        # Lets the reproducible session use this build as one of its two clean builds.
        session.run("python", check, "--record-clean-build", sources)
    if "serve" in session.posargs:
        session.run("python", "-m", "http.server", "8000", "--bind", "127.0.0.1",
                    "--directory", str(HTML))  # fmt: skip


@nox.session(python=PYTHON)
def pdf(session: nox.Session) -> None:
    """Build the book as ``nnbook-en.pdf`` and ``nnbook-zh.pdf`` (Sphinx's LaTeX builder, XeLaTeX)
    and check them with ``tests/pdf``.

    The LaTeX builder reads the pages the HTML build executed (``_build/doctrees``) and its
    gallery figures, so ``nox -s docs`` first makes it fast; alone it builds them too. Each PDF
    is also copied into ``_build/html/<lang>/``, where every page of the book links to it. The
    Debian packages it needs are installed by ``.ci/run`` (texlive-xetex, texlive-lang-chinese,
    texlive-latex-extra, latexmk, fonts-noto-cjk, fonts-freefont-otf, fonts-dejavu-core).
    """
    session.install("-e", ".[docs,test]", "pypdf>=5")
    for lang in LANGS:
        session.run(
            "python", "-m", "sphinx", "-b", "latex", "-W", "--keep-going", "-n", "-q",
            "-d", str(DOCTREES / lang), str(ROOT / "docs" / lang), str(LATEX / lang),
            env=ONE_THREAD,
        )  # fmt: skip
        session.run(
            "make", "-C", str(LATEX / lang), "all-pdf",
            "LATEXMKOPTS=-interaction=nonstopmode -halt-on-error -quiet",
            external=True,
        )  # fmt: skip
        (HTML / lang).mkdir(parents=True, exist_ok=True)
        shutil.copy2(LATEX / lang / f"nnbook-{lang}.pdf", HTML / lang / f"nnbook-{lang}.pdf")
        session.log(f"built {HTML / lang / f'nnbook-{lang}.pdf'}")
    session.run("pytest", "tests/pdf", *session.posargs)


@nox.session(name="docs-live", python=PYTHON)
def docs_live(session: nox.Session) -> None:
    """Rebuild one language on every change and reload the browser (``-- zh`` for Chinese)."""
    session.install("-e", ".[docs]", "sphinx-autobuild")
    lang = "zh" if "zh" in session.posargs else "en"
    session.run(
        "sphinx-autobuild", "-d", str(DOCTREES / lang), str(ROOT / "docs" / lang),
        str(HTML / lang),
        "--watch", str(ROOT / "nnbook"), "--watch", str(ROOT / "galleries"),
        "--ignore", "*/gallery/*", "--ignore", "*/gen_modules/*", "--port", "8000",
    )  # fmt: skip


@nox.session(python=PYTHON)
def site(session: nox.Session) -> None:
    """Check the built site (run ``nox -s docs`` first): pages, links, parity, a real browser.

    Reads ``_build/html`` (or ``$NNBOOK_SITE_DIR``) and fails if there is no build. The browser
    checks drive Debian's Chromium (``apt-get install chromium fonts-noto-cjk``) and leave
    screenshots in ``_build/screenshots``.
    """
    session.install("-e", ".[site]")
    session.run("pytest", "tests/site", *session.posargs)


@nox.session(python=PYTHON)
def notebooks(session: nox.Session) -> None:
    """Run every chapter's notebook (``_build/html/<lang>/_notebooks``, made by ``nox -s docs``)
    top to bottom in a fresh environment that has only nnbook, and compare what it prints with
    the page. The site checks run two quick ones; this runs all of them (it trains on MNIST)."""
    session.install("-e", ".[site]")
    env = {"NNBOOK_ALL_NOTEBOOKS": "1", **ONE_THREAD}
    session.run("pytest", "tests/site/test_notebooks.py", "-k", "runs_top_to_bottom", env=env)


@nox.session(python=PYTHON)
def reproducible(session: nox.Session) -> None:
    """Check that two clean builds of the book make byte-identical figures.

    Builds from clean in a temporary copy. When ``nox -s docs`` has just made a cold build of
    exactly these sources with exactly these packages (and its figures are untouched since),
    that build is the other one; otherwise the check makes both (``-- --no-reuse`` forces
    that). Differing figures are kept in ``_build/reproducible-diff``.
    """
    session.install("-e", ".[docs]")
    session.run("python", "tests/site/check_reproducible.py", *session.posargs, env=ONE_THREAD)


@nox.session(python=PYTHON, venv_backend="virtualenv")
def bench(session: nox.Session) -> None:
    """Time the book's workloads in nnbook and PyTorch; write ``_build/bench/results.md``.

    Not part of ``nox``'s default sessions: a full run takes half an hour or more
    (``-- --quick``: a few minutes; ``-- --default-quick``: shortened workloads on the default
    number of threads only). It installs PyTorch 2.13.0 (CPU) with pip, in a virtualenv: uv
    would fetch a CUDA build instead. A full run also updates ``docs/_bench``, the table the
    book shows.
    """
    session.install("-e", ".", "threadpoolctl>=3.5", "torch==2.13.0")
    session.run("python", "-m", "benchmarks", *session.posargs)
