"""Task runner: ``nox`` builds the book, runs the tests, the linters and the docstring examples.

Sessions reuse uv-backed virtual environments, so a second run only re-runs the checks.
``NNBOOK_DATA`` names a directory holding the MNIST files (``.ci/run`` points it at
``../shared/datasets/mnist``); without it the loader downloads them into the user cache.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_venv = "yes"
# `nox` alone runs everything CI runs: the tests, the checks, and the book with its site checks.
nox.options.sessions = ["lint", "tests", "doctest", "docs", "site", "reproducible"]

PYTHON = "3.11"
ROOT = Path(__file__).parent
BUILD = ROOT / "_build"
HTML = BUILD / "html"
LANGS = ("en", "zh")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the pytest suite (pass ``-- -m "not slow"`` to skip the long MNIST runs)."""
    session.install("-e", ".[test]")
    session.run("pytest", "--ignore=tests/site", *session.posargs)


@nox.session(python=PYTHON)
def doctest(session: nox.Session) -> None:
    """Run every Examples section of the library's docstrings."""
    session.install("-e", ".[test]")
    session.run(
        "pytest", "--doctest-modules", "nnbook", "-p", "no:cacheprovider", *session.posargs
    )


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Ruff on code, gallery scripts and the pages' code cells; the two languages in step."""
    session.install("ruff==0.17.6")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("python", "tools/lint_pages.py")


def _sphinx(session: nox.Session, lang: str, *extra: str) -> None:
    session.run(
        "python", "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n",
        str(ROOT / "docs" / lang), str(HTML / lang), *extra,
    )  # fmt: skip


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the book in both languages into ``_build/html`` (``-- clean`` starts afresh).

    Warnings are errors. Open ``_build/html/index.html``, or pass ``-- serve`` to serve the
    build on http://127.0.0.1:8000/.
    """
    session.install("-e", ".[docs]")
    if "clean" in session.posargs:
        shutil.rmtree(BUILD, ignore_errors=True)
        for lang in LANGS:
            for generated in ("gallery", "gen_modules"):
                shutil.rmtree(ROOT / "docs" / lang / generated, ignore_errors=True)
    start = time.perf_counter()
    for lang in LANGS:
        _sphinx(session, lang)
    session.log(f"book built in {time.perf_counter() - start:.1f} s: {HTML / 'index.html'}")
    if "serve" in session.posargs:
        session.run("python", "-m", "http.server", "8000", "--bind", "127.0.0.1",
                    "--directory", str(HTML))  # fmt: skip


@nox.session(name="docs-live", python=PYTHON)
def docs_live(session: nox.Session) -> None:
    """Rebuild one language on every change and reload the browser (``-- zh`` for Chinese)."""
    session.install("-e", ".[docs]", "sphinx-autobuild")
    lang = "zh" if "zh" in session.posargs else "en"
    session.run(
        "sphinx-autobuild", str(ROOT / "docs" / lang), str(HTML / lang),
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
def reproducible(session: nox.Session) -> None:
    """Build the book twice from clean (in temporary copies) and compare every figure byte for
    byte; differing figures are kept in ``_build/reproducible-diff``. Slow: two full builds."""
    session.install("-e", ".[docs]")
    session.run("python", "tests/site/check_reproducible.py", *session.posargs)
