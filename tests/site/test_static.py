"""Checks of the built HTML as files: what the published folder holds, pages, links, what a
browser would load, alt texts and their language, the Chinese search index and the local
MathJax."""

from __future__ import annotations

import functools
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from sitecheck import (
    LANGS,
    MATHJAX,
    OTHER,
    SEARCH_EXPECTED,
    content,
    css_urls,
    glossary_terms,
    html_pages,
    is_inline,
    is_offsite,
    language_of_text,
    page_loads,
    pages_for_term,
    resolve,
    search_index,
    soup,
    urls,
)

#: Terms that Chinese search must find whatever the glossary holds.
KEY_TERMS_ZH = tuple(SEARCH_EXPECTED["zh"])
#: URL schemes that name no other host.
LOCAL_SCHEMES = frozenset({"", "data", "blob", "about", "javascript"})
#: Folders of build scratch that must not be in the published folder.
SCRATCH_DIRS = frozenset({"jupyter_execute", ".doctrees", ".jupyter_cache"})
#: Hidden names not reported as hidden files: Sphinx's record for incremental builds (which
#: the upload to GitHub Pages leaves out) and the scratch folders (reported as such).
HIDDEN_ALLOWED = frozenset({".buildinfo", ".buildinfo.bak"}) | SCRATCH_DIRS


def test_the_published_folder_holds_the_site_only(site: Path) -> None:
    """No build scratch in the published folder: executed notebooks, doctrees, the search
    dictionary. Besides the pages, only Sphinx's ``.buildinfo`` (left out of the upload) is a
    hidden file, and text files are only the licence notes of the theme's scripts."""
    found = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site)
        if path.is_dir() and path.name in SCRATCH_DIRS:
            found.append(f"{rel.as_posix()}/ (build scratch)")
        elif path.is_file() and path.suffix == ".txt" and "_static" not in rel.parts:
            found.append(f"{rel.as_posix()} (a text file outside _static)")
        elif path.name.startswith(".") and path.name not in HIDDEN_ALLOWED:
            found.append(f"{rel.as_posix()} (hidden)")
    assert not found, "the published folder holds more than the site:\n  " + "\n  ".join(found)


def test_same_pages_in_both_languages(site: Path) -> None:
    en, zh = set(html_pages(site, "en")), set(html_pages(site, "zh"))
    assert en, f"no pages in {site / 'en'}"
    assert en == zh, (
        f"the two languages have different pages: only in en: {sorted(en - zh)}; "
        f"only in zh: {sorted(zh - en)}"
    )


def test_language_switch(site: Path, page: str) -> None:
    """The switch of every page goes to the same page in the other language, which exists."""
    lang, _, name = page.partition("/")
    links = soup(site / page).select("a.nnbook-lang-link")
    assert len(links) == 1, f"{page}: {len(links)} language-switch links (a.nnbook-lang-link)"
    href = links[0].get("href", "")
    assert href and not is_offsite(href), f"{page}: language switch href {href!r}"
    target = resolve(site, page, href)
    assert target.is_file(), f"{page}: language switch {href!r} goes to missing {target}"
    expected = site / OTHER[lang] / name
    assert target == expected, (
        f"{page}: language switch {href!r} goes to "
        f"{target.relative_to(site).as_posix()}, not {OTHER[lang]}/{name}"
    )


def test_every_page_links_to_the_pdf_of_its_language(site: Path, page: str) -> None:
    """The sidebar of every page offers this edition as a PDF, which is in the site."""
    lang = page.partition("/")[0]
    links = soup(site / page).select(".nnbook-pdf-link a")
    assert len(links) == 1, f"{page}: {len(links)} PDF links (.nnbook-pdf-link a)"
    target = resolve(site, page, links[0]["href"])
    assert target == site / lang / f"nnbook-{lang}.pdf", f"{page}: the PDF link goes to {target}"
    assert target.is_file() and target.read_bytes()[:5] == b"%PDF-", f"{page}: no PDF at {target}"


def _offsite_loads(root: Path, page: str) -> list[str]:
    return [
        f"{load.where} {load.url}"
        for load in page_loads(soup(root / page))
        if is_offsite(load.url)
    ]


def test_nothing_loaded_from_other_hosts(site: Path, page: str) -> None:
    """No script, style sheet, icon, preload, image, frame, media or font comes from off-site."""
    offsite = _offsite_loads(site, page)
    assert not offsite, f"{page} loads from other hosts: " + "; ".join(offsite)


def test_local_loads_exist(site: Path, page: str) -> None:
    """Every local file a page loads is in the site."""
    missing = []
    for load in page_loads(soup(site / page)):
        if is_offsite(load.url) or is_inline(load.url) or load.where == "<form action>":
            continue
        if not urlsplit(load.url).path:
            continue
        target = resolve(site, page, load.url)
        if not target.is_file():
            missing.append(f"{load.where} {load.url}")
    assert not missing, f"{page} loads files that are not in the site: " + "; ".join(missing)


def _offsite_urls(root: Path, page: str) -> list[str]:
    return [
        f"{where} {url}"
        for where, url in urls(soup(root / page))
        if is_offsite(url) or urlsplit(url.strip()).scheme.lower() not in LOCAL_SCHEMES
    ]


def test_no_src_or_href_to_another_host(site: Path, page: str) -> None:
    """Not even a link a reader could follow goes to another host: the book names other
    sites (a licence, a paper) as text."""
    offsite = _offsite_urls(site, page)
    assert not offsite, f"{page} has src/href to other hosts: " + "; ".join(offsite)


@functools.cache
def _ids(path: Path) -> set[str]:
    doc = soup(path)
    return {t["id"] for t in doc.find_all(id=True)} | {
        t["name"] for t in doc.find_all("a", attrs={"name": True})
    }


def test_internal_links_resolve(site: Path, page: str) -> None:
    """Every link within the site goes to a file that exists, and to an id that the page has."""
    broken = []
    for a in soup(site / page).find_all("a", href=True):
        href = a["href"].strip()
        parts = urlsplit(href)
        if is_offsite(href) or parts.scheme:  # other sites, mailto:, javascript:
            continue
        try:
            target = resolve(site, page, href)
        except ValueError:
            broken.append(f"{href} (outside the site)")
            continue
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            broken.append(f"{href} (no such file)")
        elif parts.fragment and target.suffix == ".html":
            if unquote(parts.fragment) not in _ids(target):
                broken.append(f"{href} (no id {unquote(parts.fragment)!r} there)")
    assert not broken, f"{page} has broken links: " + "; ".join(dict.fromkeys(broken))


def test_images_have_alt_text(site: Path, page: str) -> None:
    missing = [
        img.get("src", "?")
        for img in soup(site / page).find_all("img")
        if not (img.get("alt") or "").strip()
    ]
    assert not missing, f"{page}: <img> without alt text: {missing}"


def test_alt_text_is_in_the_page_s_language(site: Path, page: str) -> None:
    """Figures and thumbnails are described in the reader's language: every alt text of a
    Chinese page holds Chinese characters, and no alt text of an English page does. An alt
    text without letters (the ``-`` of the module index's toggle) is in no language."""
    lang = page.partition("/")[0]
    wrong = []
    for img in soup(site / page).find_all("img"):
        alt = (img.get("alt") or "").strip()
        found = language_of_text(alt)
        if found is not None and found != lang:
            wrong.append(f"{img.get('src', '?')}: {alt!r}")
    assert not wrong, f"{page}: alt text not in {lang}: " + "; ".join(wrong)


def test_math_uses_local_mathjax(site: Path, page: str) -> None:
    """A page with math loads MathJax from its own ``_static/mathjax``, nothing else."""
    doc = soup(site / page)
    if not doc.select("span.math, div.math"):
        return
    lang = page.partition("/")[0]
    scripts = [s["src"] for s in doc.find_all("script", src=True) if "mathjax" in s["src"].lower()]
    assert len(scripts) == 1, f"{page} has math but loads MathJax as {scripts}"
    src = scripts[0]
    assert not is_offsite(src), f"{page} loads MathJax from another host: {src}"
    target = resolve(site, page, src)
    assert target == site / lang / MATHJAX, f"{page} loads MathJax from {src}, not {MATHJAX}"
    assert target.is_file(), f"{page}: {target} is missing"


def test_root_chooser(site: Path) -> None:
    """The root ``index.html`` offers both languages and loads nothing from elsewhere."""
    doc = soup(site / "index.html")
    links = {a["href"] for a in doc.find_all("a", href=True)}
    for lang in LANGS:
        assert f"{lang}/index.html" in links, f"index.html has no link to {lang}/index.html"
        assert (site / lang / "index.html").is_file()
    offsite = _offsite_urls(site, "index.html")
    assert not offsite, f"index.html has src/href to other hosts: {offsite}"
    assert not [img for img in doc.find_all("img") if not (img.get("alt") or "").strip()]


@pytest.mark.parametrize("lang", LANGS)
def test_css_loads_nothing_from_other_hosts(site: Path, lang: str) -> None:
    """The site's own style sheets fetch fonts and images only from the site."""
    static = site / lang / "_static"
    sheets = sorted(static.rglob("*.css"))
    assert sheets, f"no style sheets in {static}"
    bad, missing = [], []
    for sheet in sheets:
        rel = sheet.relative_to(site).as_posix()
        for url in css_urls(sheet.read_text(encoding="utf-8", errors="replace")):
            if is_offsite(url):
                bad.append(f"{rel}: {url}")
            elif not is_inline(url) and urlsplit(url).path:
                target = resolve(site, rel, url)
                if not target.is_file():
                    missing.append(f"{rel}: {url}")
    assert not bad, "style sheets load from other hosts: " + "; ".join(bad)
    assert not missing, "style sheets refer to missing files: " + "; ".join(missing)


def test_chinese_search_index_has_glossary_terms(site: Path) -> None:
    """Every Chinese glossary term is one word of the zh search index, so search finds it (a
    term with a space, such as "He 初始化", is a name and a word to the search, not one word)."""
    index = search_index(site / "zh" / "searchindex.js")
    terms = index["terms"]
    wanted = [row["zh"].strip() for row in glossary_terms() if " " not in row["zh"].strip()]
    assert wanted, "docs/terms.csv has no terms"
    missing = [t for t in (*KEY_TERMS_ZH, *wanted) if t not in terms]
    assert not missing, f"zh/searchindex.js has no entry for the glossary terms {missing}"


@pytest.mark.parametrize("term", KEY_TERMS_ZH)
def test_chinese_search_index_finds_the_right_pages(site: Path, term: str) -> None:
    """The zh search index lists `term` for the page it is about, and for every page whose text
    holds it, also inside a longer word (反向传播 in 误差反向传播法)."""
    index = search_index(site / "zh" / "searchindex.js")
    found = pages_for_term(index, term)
    expected = SEARCH_EXPECTED["zh"][term]
    assert set(expected) & found, (
        f"zh search for {term!r} finds none of {list(expected)}; it finds {sorted(found)}"
    )
    indexed = {name + ".html" for name in index["docnames"]}
    holding = [
        name
        for name in html_pages(site, "zh")
        if name in indexed and term in content(soup(site / "zh" / name)).get_text()
    ]
    missed = sorted(set(holding) - found)
    assert not missed, f"zh search for {term!r} misses pages whose text holds it: {missed}"
