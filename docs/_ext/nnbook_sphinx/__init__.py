"""The book's own Sphinx extension: what no package does for a bilingual, offline book.

One module per job, each with its own ``setup``:

- :mod:`~nnbook_sphinx.library_code`: the ``nnbook-code`` directive, which lists a library
  object's own source on a page, and viewcode's highlighted module pages;
- :mod:`~nnbook_sphinx.static`: MathJax served from the site itself, and the root
  ``index.html`` that sends readers to the language their browser prefers;
- :mod:`~nnbook_sphinx.search`: Chinese search that finds the book's terms;
- :mod:`~nnbook_sphinx.language_switch`: a switch to the same page in the other language;
- :mod:`~nnbook_sphinx.gallery_language`: the gallery pages in the reader's language, with
  sphinx-gallery's strings translated from the project's catalog
  (:mod:`~nnbook_sphinx.strings`);
- :mod:`~nnbook_sphinx.bibliography`: the bibliography's style, with DOIs and arXiv ids as
  text;
- :mod:`~nnbook_sphinx.glossary`: the ``glossary-table`` directive, from ``docs/terms.csv``;
- :mod:`~nnbook_sphinx.reruns` with :mod:`~nnbook_sphinx.deps`: gallery scripts and notebook
  pages re-run when the nnbook code they import changes;
- :mod:`~nnbook_sphinx.scratch`: the build's scratch files kept out of the published HTML;
- :mod:`~nnbook_sphinx.timing`: the time each phase of the build took;
- :mod:`~nnbook_sphinx.figures`: gallery figures saved under stable names for the pages;
- :mod:`~nnbook_sphinx.api_summaries`: a Chinese one-line summary above every docstring of the
  Chinese API reference, from ``docs/api_zh.csv``;
- :mod:`~nnbook_sphinx.latex`: the PDF's preface as an unnumbered chapter;
- :mod:`~nnbook_sphinx.notebooks`: every chapter as a notebook, the gallery's notebooks in the
  reader's language, and one archive of all examples.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["setup"]

#: The jobs, imported when Sphinx loads the extension: the configuration imports
#: :mod:`~nnbook_sphinx.paths` and :mod:`~nnbook_sphinx.strings`, which need no Sphinx.
JOBS = (
    "bibliography",
    "glossary",
    "search",
    "static",
    "scratch",
    "language_switch",
    "gallery_language",
    "reruns",
    "timing",
    "library_code",
    "api_summaries",
    "latex",
    "notebooks",
)


def setup(app: Sphinx) -> dict:
    app.add_config_value("nnbook_lang", "en", "env", types=[str])
    for job in JOBS:
        importlib.import_module(f"nnbook_sphinx.{job}").setup(app)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
