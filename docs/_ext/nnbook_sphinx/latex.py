"""The PDF (Sphinx's LaTeX builder): the preface as an unnumbered chapter.

The LaTeX builder puts every page of the table of contents into one book and numbers its
chapters; the preface would be "Chapter 1" and every chapter number would be one off the
book's own count ("chapter 5" is the first network trained on MNIST). Around the preface this
post-transform switches LaTeX's section numbering off and back on, so the preface keeps its
entry in the table of contents without a number.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

#: Pages set as unnumbered chapters in the PDF.
UNNUMBERED = ("preface",)
NUMBERING_OFF = r"\edef\nnbooksecnumdepth{\arabic{secnumdepth}}\setcounter{secnumdepth}{-1}"
NUMBERING_ON = r"\setcounter{secnumdepth}{\nnbooksecnumdepth}"


class UnnumberedChapters(SphinxPostTransform):
    """Number no section of the pages in :data:`UNNUMBERED`, in the assembled LaTeX book."""

    default_priority = 900
    builders = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for start in list(self.document.findall(addnodes.start_of_file)):
            if start.get("docname") in UNNUMBERED:
                start.insert(0, nodes.raw("", NUMBERING_OFF + "\n", format="latex"))
                start.append(nodes.raw("", NUMBERING_ON + "\n", format="latex"))


def setup(app: Sphinx) -> None:
    app.add_post_transform(UnnumberedChapters)
