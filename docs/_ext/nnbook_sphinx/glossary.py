"""The ``glossary-table`` directive, which renders ``docs/terms.csv``."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from sphinx.application import Sphinx

from nnbook_sphinx.paths import TERMS
from nnbook_sphinx.strings import translate

#: The columns of the table after the two languages: the Chinese terms of the two books a
#: Chinese reader is most likely to know, shown where they differ from the book's.
REFERENCE_COLUMNS = ("saitoh", "d2l")


def read_terms(path: Path = TERMS) -> list[dict[str, str]]:
    """Rows of the glossary: ``en``, the chosen ``zh``, the terms of the Chinese edition of
    Saitoh's book (``saitoh``) and of 《动手学深度学习》 (``d2l``) where they differ, and the
    variants the term lint rejects (``avoid``)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [row for row in csv.DictReader(fh) if row.get("en", "").strip()]
    for row in rows:
        if not row.get("zh", "").strip():
            raise ValueError(f"{path}: term {row['en']!r} has no Chinese form")
    return rows


class GlossaryTable(Directive):
    """``.. glossary-table::`` — the terms of the book as a table: English, Chinese, and the
    Chinese terms of Saitoh's book and of 《动手学深度学习》 where they differ.

    The order of the first two columns follows the page language: the reader's language first.
    """

    has_content = False
    option_spec: ClassVar[dict] = {"class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        env = self.state.document.settings.env
        env.note_dependency(str(TERMS))
        lang = env.config.nnbook_lang
        rows = sorted(read_terms(), key=lambda r: r["en"].lower())
        cols = (("en", "zh") if lang == "en" else ("zh", "en")) + REFERENCE_COLUMNS
        # Column headers: each column's language or book, in the page's language.
        headers = {
            "en": translate("English", lang),
            "zh": translate("Chinese", lang),
            "saitoh": translate("Saitoh, Chinese edition", lang),
            "d2l": translate("Dive into Deep Learning, Chinese edition", lang),
        }
        table = nodes.table(classes=["glossary-table"])
        group = nodes.tgroup(cols=len(cols))
        table += group
        for _ in cols:
            group += nodes.colspec(colwidth=1)
        thead = nodes.thead()
        group += thead
        head = nodes.row()
        for col in cols:
            head += nodes.entry("", nodes.paragraph(text=headers[col]))
        thead += head
        tbody = nodes.tbody()
        group += tbody
        for term in rows:
            row = nodes.row(ids=[nodes.make_id("term-" + term["en"])])
            for col in cols:
                row += nodes.entry("", nodes.paragraph(text=(term.get(col) or "").strip()))
            tbody += row
        return [table]


def setup(app: Sphinx) -> None:
    app.add_directive("glossary-table", GlossaryTable)
