"""Chinese one-line summaries for the Chinese API reference, from ``docs/api_zh.csv``.

The docstrings of nnbook are in English, and the API pages of both editions show them. In the
Chinese edition every documented object also gets a one-line summary in Chinese, placed above
its English docstring. The summaries live in one table, ``docs/api_zh.csv`` (columns ``name``,
the dotted name autodoc documents, and ``zh``), so they are written once and can be checked: a
documented object without a summary is a build warning (an error under ``-W``), and
``tests/test_api_summaries.py`` checks that every name in the table is still a public object.
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging

from nnbook_sphinx.paths import DOCS

SUMMARIES = DOCS / "api_zh.csv"
#: The kinds of object autodoc documents that get a summary. (Attributes are listed in the
#: "Attributes" section of their class's docstring, one of its English details.)
KINDS = frozenset({"module", "class", "exception", "function", "method", "property", "data"})

logger = logging.getLogger(__name__)


@functools.cache
def read_summaries(path: Path = SUMMARIES) -> dict[str, str]:
    """The Chinese summaries by dotted name."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    summaries = {}
    for row in rows:
        name, text = (row.get("name") or "").strip(), (row.get("zh") or "").strip()
        if not name or not text:
            raise ValueError(f"{path}: a row without a name or a summary: {row}")
        if name in summaries:
            raise ValueError(f"{path}: {name} has two summaries")
        summaries[name] = text
    return summaries


def add_summary(
    app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    """``autodoc-process-docstring``: put the Chinese summary above the English docstring."""
    if app.config.nnbook_lang != "zh" or what not in KINDS:
        return
    app.env.note_dependency(str(SUMMARIES))
    summary = read_summaries().get(name)
    if summary is not None:
        lines[:0] = [".. container:: api-summary-zh", "", f"   {summary}", ""]


def check_summaries(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: warn about every object the page documents without a summary.

    (autodoc also processes the docstrings of members it then leaves out, such as names a
    module imports, so the check looks at what the page shows.)
    """
    if app.config.nnbook_lang != "zh":
        return
    for signature in doctree.findall(addnodes.desc_signature):
        objtype = signature.parent.get("objtype")
        name = ".".join(filter(None, (signature.get("module"), signature.get("fullname"))))
        if signature.parent.get("domain") == "py" and objtype in KINDS:
            if name not in read_summaries():
                logger.warning(
                    "%s has no Chinese summary in %s", name, SUMMARIES.relative_to(DOCS.parent),
                    type="nnbook", subtype="api-summary", location=signature,
                )  # fmt: skip


def setup(app: Sphinx) -> None:
    app.connect("autodoc-process-docstring", add_summary)
    app.connect("doctree-read", check_summaries)
