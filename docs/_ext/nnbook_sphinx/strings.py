"""Interface strings: the project's catalog ``locale/zh_CN/LC_MESSAGES/sphinx.po``."""

from __future__ import annotations

import functools
import os
import tempfile
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


def compile_catalogs(locale_dir: Path) -> Path:
    """Compile the project's catalogs into `locale_dir` (a build folder) and return it.

    Sphinx would compile ``sphinx.po`` into a ``sphinx.mo`` beside it, inside the source tree,
    so that every build changed the sources it was built from. Here the ``.mo`` goes to
    ``<locale_dir>/<language>/LC_MESSAGES/sphinx.mo`` instead, rewritten (atomically) only when
    the ``.po`` is newer; the configuration points ``locale_dirs`` at `locale_dir`.
    """
    try:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po
    except ImportError:  # no Sphinx (which needs Babel) to read a catalog: nothing to compile
        return locale_dir

    for language in SPHINX_LANGUAGE.values():
        source = Path(str(CATALOG).format(language=language))
        if not source.is_file():
            continue
        target = locale_dir / language / "LC_MESSAGES" / "sphinx.mo"
        if target.is_file() and target.stat().st_mtime >= source.stat().st_mtime:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with source.open("rb") as fh:
            messages = read_po(fh, locale=language)
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=".sphinx.", suffix=".part")
        try:
            with os.fdopen(handle, "wb") as out:
                write_mo(out, messages)
            os.replace(name, target)
        finally:
            Path(name).unlink(missing_ok=True)
    return locale_dir
