"""Interface strings: the project's catalog ``locale/zh_CN/LC_MESSAGES/sphinx.po``."""

from __future__ import annotations

import functools
from pathlib import Path

from nnbook_sphinx.paths import CATALOG, SPHINX_LANGUAGE


@functools.cache
def catalog(lang: str) -> dict[str, str]:
    """The translated interface strings of `lang` (msgid → msgstr) from the project's catalog.

    The same ``sphinx.po`` that Sphinx compiles and uses for the theme's strings; English has
    none (the msgids are English).
    """
    if lang == "en":
        return {}
    from babel.messages.pofile import read_po

    path = Path(str(CATALOG).format(language=SPHINX_LANGUAGE[lang]))
    with path.open("rb") as fh:
        messages = read_po(fh, locale=SPHINX_LANGUAGE[lang])
    return {m.id: m.string for m in messages if m.id and m.string and not m.fuzzy}


def translate(msgid: str, lang: str) -> str:
    """`msgid` in `lang`, from the project's catalog; a string it lacks is an error."""
    if lang == "en":
        return msgid
    try:
        return catalog(lang)[msgid]
    except KeyError:
        path = str(CATALOG).format(language=SPHINX_LANGUAGE[lang])
        raise KeyError(f"{path} has no translation of {msgid!r}") from None
