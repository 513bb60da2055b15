"""Chinese search that works: a jieba user dictionary made from the glossary, and a fix for
the ``ChineseStemmer`` that Sphinx 9.0/9.1 reference but never define (sphinx-doc/sphinx#14229)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.search.zh import SearchChinese

from nnbook_sphinx.glossary import read_terms
from nnbook_sphinx.paths import BUILD

#: Words Chinese search must find wherever they occur, also inside a longer term (the
#: glossary's terms are added to these): 反向传播 in 误差反向传播法, 损失函数 in 交叉熵损失函数.
SEARCH_TERMS_ZH = ("梯度", "损失函数", "交叉熵", "反向传播")


def search_terms_zh() -> list[str]:
    """The words of the jieba user dictionary: the glossary's Chinese terms and
    :data:`SEARCH_TERMS_ZH`."""
    words = {t["zh"].strip() for t in read_terms()} | set(SEARCH_TERMS_ZH)
    return sorted(w for w in words if w and " " not in w)


def _write_jieba_dict(path: Path = BUILD / "search" / "jieba_userdict_zh.txt") -> str:
    """Write the jieba user dictionary (outside the HTML output); return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # A high frequency makes jieba keep each term as one word rather than cut it up.
    text = "".join(f"{w} 100000 n\n" for w in search_terms_zh())
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        # Written whole or not at all: another build may be reading it.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    return str(path)


class SearchChineseFixed(SearchChinese):
    """Chinese search that works on Sphinx 9.0/9.1 and finds the book's terms inside longer
    words.

    Sphinx 9.0 and 9.1 ship ``english-stemmer.js`` for Chinese but emit
    ``window.Stemmer = ChineseStemmer``, which is undefined, so search fails in the browser
    (sphinx-doc/sphinx#14229, fixed in 9.2, which needs Python ≥ 3.12). Naming the language
    after the stemmer it really uses makes the generated line ``EnglishStemmer``.

    jieba's search mode adds only the two- and three-character pieces of a long word to the
    index, so a page that writes 误差反向传播法 would not be found by 反向传播, and a query is
    looked up as one whole word. Every term of the user dictionary that occurs inside a longer
    word is therefore indexed as well.
    """

    language_name = "English"

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        self._terms = tuple(t for t in search_terms_zh() if len(t) > 1)
        self._inside: dict[str, list[str]] = {}

    def terms_inside(self, word: str) -> list[str]:
        """The dictionary terms that occur in `word` and are shorter than it."""
        found = self._inside.get(word)
        if found is None:
            found = [t for t in self._terms if len(t) < len(word) and t in word]
            self._inside[word] = found
        return found

    def split(self, input: str) -> list[str]:
        words = super().split(input)
        return words + [t for w in words if len(w) > 2 for t in self.terms_inside(w)]


def _use_jieba_dict(app: Sphinx, config) -> None:
    if config.nnbook_lang == "zh":
        config.html_search_options = {"dict": _write_jieba_dict()}


def setup(app: Sphinx) -> None:
    app.add_search_language(SearchChineseFixed)
    app.connect("config-inited", _use_jieba_dict)
