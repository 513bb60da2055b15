"""Task runner: ``nox`` runs the tests, the linters and the docstring examples.

Sessions share one uv-backed virtual environment per Python version and reuse it, so a second
run only re-runs the checks. ``NNBOOK_DATA`` must name a directory holding the MNIST files for
the tests on real data (``.ci/run`` points it at ``../shared/datasets/mnist``).
"""

from __future__ import annotations

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_venv = "yes"
nox.options.sessions = ["tests", "lint", "doctest"]

PYTHON = "3.11"


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the pytest suite (pass ``-- -m "not slow"`` to skip the long MNIST runs)."""
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON)
def doctest(session: nox.Session) -> None:
    """Run every Examples section of the library's docstrings."""
    session.install("-e", ".[test]")
    session.run(
        "pytest", "--doctest-modules", "nnbook", "-p", "no:cacheprovider", *session.posargs
    )


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Check style and formatting with ruff (``ruff format`` fixes what ``--check`` reports)."""
    session.install("ruff==0.17.6")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
