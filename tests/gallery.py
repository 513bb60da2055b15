"""Run a gallery script the way the book build runs it, for tests of what its chapter states."""

from __future__ import annotations

import runpy
import warnings
from pathlib import Path

GALLERIES = Path(__file__).resolve().parents[1] / "galleries"


def run_gallery_script(folder: str, name: str) -> dict:
    """Run ``galleries/<folder>/<name>`` off-screen (Agg) and return its globals.

    Experiments wrapped in :func:`nnbook.util.cached` share their results with the book build
    when ``NNBOOK_CACHE`` is set, since the key is the same name, settings and code.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with warnings.catch_warnings():
        # show() has nothing to show on the Agg backend; it says so with a UserWarning.
        warnings.filterwarnings("ignore", message=".*non-interactive.*", category=UserWarning)
        namespace = runpy.run_path(str(GALLERIES / folder / name), run_name="__main__")
    plt.close("all")
    return namespace


def render(fig, name: str) -> Path:
    """Draw `fig` into ``<name>.png`` in the working directory, as the build saves a figure.

    Drawing is where a label whose glyphs the fonts lack fails (``nnbook.plotting`` turns
    matplotlib's missing-glyph warning into an error). Returns the path of the file.
    """
    path = Path(f"{name}.png")
    fig.savefig(path)
    return path
