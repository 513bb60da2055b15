"""A language switch on every page that goes to the same page in the other language."""

from __future__ import annotations

import functools

from sphinx.application import Sphinx

from nnbook_sphinx.paths import DOCS, LANG_NAMES
from nnbook_sphinx.strings import translate


@functools.cache
def _source_pages(lang: str) -> frozenset[str]:
    """Page names that exist in the source tree of `lang` (generated pages counted as both)."""
    src = DOCS / lang
    return frozenset(
        p.relative_to(src).with_suffix("").as_posix()
        for p in src.rglob("*")
        if p.suffix in {".md", ".rst", ".ipynb"} and "_build" not in p.parts
    )


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    lang = app.config.nnbook_lang
    other = "zh" if lang == "en" else "en"
    depth = pagename.count("/")
    up = "../" * (depth + 1)
    generated = pagename.startswith(("gallery/", "gen_modules/", "_modules/")) or pagename in {
        "genindex",
        "search",
        "py-modindex",
    }
    target = pagename if generated or pagename in _source_pages(other) else "index"
    suffix = app.builder.get_target_uri(target) if hasattr(app.builder, "get_target_uri") else ""
    context["nnbook_lang"] = lang
    context["nnbook_other_lang"] = other
    context["nnbook_other_lang_name"] = LANG_NAMES[other]
    context["nnbook_other_url"] = f"{up}{other}/{suffix or target + '.html'}"
    # sphinx-book-theme builds this text from a catalog of its own that has no Chinese.
    context["theme_search_bar_text"] = translate("Search...", lang)


def setup(app: Sphinx) -> None:
    # After sphinx-book-theme's own html-page-context handler, whose search text we replace.
    app.connect("html-page-context", _page_context, priority=800)
