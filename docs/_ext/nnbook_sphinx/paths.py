"""Where the book's files are, and its two languages."""

from __future__ import annotations

from pathlib import Path

DOCS = Path(__file__).resolve().parents[2]
ROOT = DOCS.parent
BUILD = ROOT / "_build"
GALLERIES = ROOT / "galleries"
TERMS = DOCS / "terms.csv"
#: Sphinx ``language`` of each of the book's languages.
SPHINX_LANGUAGE = {"en": "en", "zh": "zh_CN"}
#: The project's catalog of interface strings, by Sphinx language.
CATALOG = ROOT / "locale" / "{language}" / "LC_MESSAGES" / "sphinx.po"
LANG_NAMES = {"en": "English", "zh": "中文"}
BILINGUAL_SEP = " ‖ "
