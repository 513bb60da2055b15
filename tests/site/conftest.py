"""Fixtures of the checks of the built website (``nox -s site``, after ``nox -s docs``).

The checks read ``_build/html`` (or ``$NNBOOK_SITE_DIR``). Without a build they fail, saying so:
a site check that skips would pass a broken publication.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sitecheck import GENERATED_PAGES, LANGS, SiteMissing, check_site, html_pages, site_dir

#: The id of the single parameter of the per-page checks when there is no build to list.
NO_BUILD = "<no build>"


def _listing() -> tuple[list[str], list[str]]:
    """(``en/x.html`` for every page of both languages, ``x.html`` for pages of either one)."""
    root = site_dir()
    try:
        check_site(root)
    except SiteMissing:
        return [NO_BUILD], [NO_BUILD]
    pages = {lang: html_pages(root, lang) for lang in LANGS}
    both = [f"{lang}/{p}" for lang in LANGS for p in pages[lang]]
    names = sorted(set(pages["en"]) | set(pages["zh"]))
    return both, names


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """``page``: every page of both languages; ``page_pair``: every page name of the book.

    ``source_pair`` is ``page_pair`` without the pages Sphinx makes without a source (index,
    search, module index).
    """
    wanted = {"page", "page_pair", "source_pair"} & set(metafunc.fixturenames)
    if not wanted:
        return
    both, names = _listing()
    if "page" in wanted:
        metafunc.parametrize("page", both)
    if "page_pair" in wanted:
        metafunc.parametrize("page_pair", names)
    if "source_pair" in wanted:
        metafunc.parametrize("source_pair", [n for n in names if n not in GENERATED_PAGES])


@pytest.fixture(scope="session")
def site() -> Path:
    """The root of the built site; fails (never skips) when there is none."""
    root = site_dir()
    try:
        check_site(root)
    except SiteMissing as exc:
        missing = str(exc)
    else:
        return root
    pytest.fail(missing, pytrace=False)
