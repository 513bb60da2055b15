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


def read_terms(path: Path = TERMS) -> list[dict[str, str]]:
    """Rows of the glossary: ``en``, ``zh`` and a short ``note`` in each language."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [row for row in csv.DictReader(fh) if row.get("en", "").strip()]
    for row in rows:
        if not row.get("zh", "").strip():
            raise ValueError(f"{path}: term {row['en']!r} has no Chinese form")
    return rows


class GlossaryTable(Directive):
    """``.. glossary-table::`` — the terms of the book as a two-column table, zh ↔ en.

    The column order follows the page language: the reader's language first.
    """

    has_content = False
    option_spec: ClassVar[dict] = {"class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        env = self.state.document.settings.env
        env.note_dependency(str(TERMS))
        lang = env.config.nnbook_lang
        rows = sorted(read_terms(), key=lambda r: r["en"].lower())
        cols = ("en", "zh") if lang == "en" else ("zh", "en")
        # Column headers: the name of each column's language, in the page's language.
        headers = {"en": translate("English", lang), "zh": translate("Chinese", lang)}
        table = nodes.table(classes=["glossary-table"])
        group = nodes.tgroup(cols=2)
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
                row += nodes.entry("", nodes.paragraph(text=term[col].strip()))
            tbody += row
        return [table]


def setup(app: Sphinx) -> None:
    app.add_directive("glossary-table", GlossaryTable)
