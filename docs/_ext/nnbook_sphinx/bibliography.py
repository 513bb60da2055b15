"""The bibliography's style: pybtex's ``plain``, with DOIs, arXiv ids and URLs as text.

The book links to no other site (``tests/site/test_static.py``): it names a paper's DOI or
arXiv id, which a reader can look up, instead of linking it.
"""

from __future__ import annotations

from pybtex.plugin import register_plugin
from pybtex.style.formatting.plain import Style as Plain
from pybtex.style.template import field, join, words
from sphinx.application import Sphinx

STYLE = "nnbook"


class Style(Plain):
    """``plain`` with the web references written out, not linked."""

    def format_url(self, e):
        return words["URL:", field("url", raw=True)]

    def format_eprint(self, e):
        return join["arXiv:", field("eprint", raw=True)]

    def format_doi(self, e):
        return join["doi:", field("doi", raw=True)]


def setup(app: Sphinx) -> None:
    register_plugin("pybtex.style.formatting", STYLE, Style)
