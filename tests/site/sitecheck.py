"""Reading the built website: where it is, its pages, their HTML, links and inventories.

Shared by the checks of ``tests/site``; nothing here needs a browser. The site is the output of
``nox -s docs``: ``<site>/en`` and ``<site>/zh`` plus the language chooser ``<site>/index.html``.
``NNBOOK_SITE_DIR`` names another built site to check.
"""

from __future__ import annotations

import csv
import functools
import json
import os
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, Tag

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("en", "zh")
OTHER = {"en": "zh", "zh": "en"}
#: Output folders of a language tree that hold no pages of the book.
NON_PAGE_DIRS = frozenset({"_static", "_sources", "_images", "_downloads"})
#: Pages Sphinx writes itself, with no source of their own.
GENERATED_PAGES = frozenset({"genindex.html", "search.html", "py-modindex.html"})
MATHJAX = "_static/mathjax/tex-chtml.js"
#: What searching for a word must find, per language: the word, and the pages (by name in the
#: language tree) of which at least one must be among the results.
SEARCH_EXPECTED = {
    "zh": {
        "梯度": ("numerical-differentiation.html", "gradient-descent.html"),
        "损失函数": ("loss-functions.html",),
        "交叉熵": ("loss-functions.html",),
        # Part II, backpropagation; several write 误差反向传播法, which must be found too.
        "反向传播": (
            "computational-graphs.html",
            "chain-rule.html",
            "simple-layers.html",
            "affine-softmax-layers.html",
            "backprop-network.html",
        ),
    },
    "en": {"gradient": ("numerical-differentiation.html", "gradient-descent.html")},
}


class SiteMissing(RuntimeError):
    """The built site is not where the checks look for it."""


def site_dir() -> Path:
    """The built site: ``$NNBOOK_SITE_DIR`` or ``_build/html`` of the repository."""
    env = os.environ.get("NNBOOK_SITE_DIR")
    return Path(env).resolve() if env else ROOT / "_build" / "html"


def check_site(root: Path) -> None:
    """Raise :class:`SiteMissing`, saying what to do, unless `root` holds a built site."""
    needed = [root / "index.html"] + [root / lang / "index.html" for lang in LANGS]
    missing = [str(p) for p in needed if not p.is_file()]
    if missing:
        raise SiteMissing(
            f"no built site in {root} (missing: {', '.join(missing)}). Build the book first "
            "with `nox -s docs` (or point NNBOOK_SITE_DIR at a built site)."
        )


def html_pages(root: Path, lang: str) -> list[str]:
    """Paths, relative to the language tree, of its HTML pages (``api/layers.html``, …)."""
    tree = root / lang
    return sorted(
        p.relative_to(tree).as_posix()
        for p in tree.rglob("*.html")
        if p.relative_to(tree).parts[0] not in NON_PAGE_DIRS
    )


@functools.cache
def soup(path: Path) -> BeautifulSoup:
    """The parsed HTML of `path` (cached: pages are read by several checks)."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


# --------------------------------------------------------------------------- URLs


def is_offsite(url: str) -> bool:
    """Whether `url` names another host: any scheme with a host, or a ``//host`` URL."""
    url = url.strip()
    if url.startswith("//"):
        return True
    parts = urlsplit(url)
    return bool(parts.netloc) or parts.scheme in {"http", "https", "ftp", "ws", "wss"}


#: Elements and attributes that hold a URL: what a browser follows or fetches.
URL_ATTRS = ("href", "src", "srcset", "action", "data", "poster", "xlink:href", "formaction")


def urls(doc: BeautifulSoup) -> Iterator[tuple[str, str]]:
    """Every ``(<tag attr>, url)`` of a page, links and loads alike."""
    for tag in doc.find_all(True):
        for attr in URL_ATTRS:
            value = tag.get(attr)
            if not value or (attr == "data" and tag.name != "object"):
                continue
            if attr == "srcset":
                values = [c.strip().split()[0] for c in value.split(",") if c.strip()]
            else:
                values = [value]
            for url in values:
                yield f"<{tag.name} {attr}>", url


def is_inline(url: str) -> bool:
    """Whether `url` carries its content itself (``data:``, ``blob:``, ``about:blank``)."""
    return urlsplit(url.strip()).scheme in {"data", "blob", "about"}


def resolve(root: Path, page: str, url: str) -> Path:
    """The file that the relative `url`, written in `page` (relative to `root`), points to."""
    path = unquote(urlsplit(url.strip()).path)
    if not path:
        return root / page
    joined = PurePosixPath(page).parent / path
    parts: list[str] = []
    for part in joined.parts:
        if part == "..":
            if not parts:
                raise ValueError(f"{url!r} in {page} leaves the site")
            parts.pop()
        elif part not in {".", ""}:
            parts.append(part)
    return root.joinpath(*parts)


_CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.I)


def css_urls(css: str) -> list[str]:
    """Every ``url(...)`` and ``@import "..."`` target of a style sheet."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return [m.group(2) if m.group(2) is not None else m.group(4) for m in _CSS_URL.finditer(css)]


@dataclass(frozen=True)
class Load:
    """Something a browser fetches while it shows a page: where it is written, and its URL."""

    where: str
    url: str


#: Elements and attributes whose URL the browser fetches (``<link>`` of any ``rel``: a
#: preload, icon or stylesheet is fetched, and none of the others has any reason to be off-site).
_LOADING_ATTRS = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "source": ("src", "srcset"),
    "track": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
    "form": ("action",),
}


def page_loads(doc: BeautifulSoup) -> Iterator[Load]:
    """What a browser would fetch for the page `doc`, from its markup and inline styles."""
    for name, attrs in _LOADING_ATTRS.items():
        for tag in doc.find_all(name):
            for attr in attrs:
                value = tag.get(attr)
                if not value:
                    continue
                urls = (
                    [c.strip().split()[0] for c in value.split(",") if c.strip()]
                    if attr == "srcset"
                    else [value]
                )
                for url in urls:
                    yield Load(f"<{name} {attr}>", url)
    for tag in doc.find_all("style"):
        for url in css_urls(tag.get_text()):
            yield Load("<style>", url)
    for tag in doc.find_all(style=True):
        for url in css_urls(tag["style"]):
            yield Load(f"<{tag.name} style>", url)


# --------------------------------------------------------------------------- language

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LETTER = re.compile(r"[^\W\d_]")


def has_cjk(text: str) -> bool:
    """Whether `text` holds a Chinese character (CJK unified ideographs)."""
    return bool(_CJK.search(text))


def language_of_text(text: str) -> str | None:
    """``"zh"`` for text with Chinese characters, ``"en"`` for text with letters but none of
    them, None for text without letters (``-``, ``→``), which is in no language."""
    if has_cjk(text):
        return "zh"
    return "en" if _LETTER.search(text) else None


# --------------------------------------------------------------------------- search index


def search_index(path: Path) -> dict:
    """The JSON object of a Sphinx ``searchindex.js`` (``Search.setIndex({...})``)."""
    text = path.read_text(encoding="utf-8").strip()
    prefix = "Search.setIndex("
    if not (text.startswith(prefix) and text.endswith(")")):
        raise ValueError(f"{path} is not a Sphinx search index")
    return json.loads(text[len(prefix) : -1])


def pages_for_term(index: dict, term: str) -> set[str]:
    """Pages (``name.html``, in the language tree) that the search index lists for `term`,
    in their text or in a title."""
    names = index["docnames"]
    found: set[str] = set()
    for table in ("terms", "titleterms"):
        docs = index.get(table, {}).get(term, [])
        for i in [docs] if isinstance(docs, int) else docs:
            found.add(names[i] + ".html")
    return found


def glossary_terms(path: Path = ROOT / "docs" / "terms.csv") -> list[dict[str, str]]:
    """Rows of the book's glossary (columns ``en`` and ``zh``)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [row for row in csv.DictReader(fh) if (row.get("en") or "").strip()]


# --------------------------------------------------------------------------- inventory


def inventory_anchors(path: Path) -> dict[str, set[str]]:
    """Anchors of the labelled objects in a Sphinx ``objects.inv``, by page.

    These are the ids that cross-references point to: explicit labels (``(name)=``,
    ``.. _name:``), API objects, numbered equations. Section ids made from a title are not in
    it: they differ between the languages by nature.
    """
    data = path.read_bytes()
    lines = data.split(b"\n", 4)
    if len(lines) < 5 or not lines[0].startswith(b"# Sphinx inventory version 2"):
        raise ValueError(f"{path} is not a Sphinx inventory (version 2)")
    text = zlib.decompress(lines[4]).decode("utf-8")
    entry = re.compile(r"(.+?)\s+(\S+)\s+(-?\d+)\s+?(\S*)\s+(.*)")
    anchors: dict[str, set[str]] = {}
    for line in text.splitlines():
        m = entry.match(line.rstrip())
        if not m:
            continue
        name, role, _, uri = m.group(1), m.group(2), m.group(3), m.group(4)
        if role == "std:doc":
            continue
        if uri.endswith("$"):
            uri = uri[:-1] + name
        page, _, anchor = uri.partition("#")
        if anchor:
            anchors.setdefault(page, set()).add(anchor)
    return anchors


# --------------------------------------------------------------------------- page structure


@dataclass(frozen=True)
class Item:
    """One structural element of a page: its kind, what must match, and where it is."""

    kind: str
    key: str
    where: str

    def __str__(self) -> str:
        what = f"{self.kind} {self.key}" if self.key else self.kind
        return f"{what} (in {self.where})"


def content(doc: BeautifulSoup) -> Tag:
    """The article of a page: what its source made, without the theme's navigation."""
    return doc.select_one("article.bd-article") or doc.select_one("main") or doc.body or doc


_TEXT_CMD = re.compile(r"\\(?:text|textrm|textsf|textit|textbf|mbox|operatorname\*?)\s*\{")


def normalise_tex(tex: str) -> str:
    r"""TeX of an equation for comparison: no delimiters, no spaces, no ``\text{}`` prose."""
    tex = tex.strip()
    for left, right in (("\\[", "\\]"), ("\\(", "\\)"), ("$$", "$$")):
        if tex.startswith(left) and tex.endswith(right):
            tex = tex[len(left) : -len(right)]
    out, i = [], 0
    while m := _TEXT_CMD.search(tex, i):
        out.append(tex[i : m.end()])
        depth, j = 1, m.end()
        while j < len(tex) and depth:
            depth += {"{": 1, "}": -1}.get(tex[j], 0)
            j += 1
        out.append("…}")
        i = j
    out.append(tex[i:])
    return re.sub(r"\s+", "", "".join(out))


def structure(doc: BeautifulSoup, anchors: set[str]) -> list[Item]:
    """The sequence of sections, labels, equations, code and figures of a page, in order.

    `anchors` are the page's labelled ids (:func:`inventory_anchors`); with the ids of numbered
    equations (``equation-<label>``) they are the only ids compared.
    """
    items: list[Item] = []
    where = ["top of page"]
    for tag in content(doc).find_all(True):
        classes = set(tag.get("class") or ())
        if tag.name == "section":
            depth = len(tag.find_parents("section")) + 1
            heading = tag.find(re.compile(r"^h[1-6]$"))
            title = heading.get_text(" ", strip=True).rstrip("#").strip() if heading else ""
            where.append(f"section {title!r} #{tag.get('id', '')}")
            items.append(Item("section", f"level {depth}", where[-1]))
        ident = tag.get("id")
        if ident and (ident in anchors or ident.startswith("equation-")):
            items.append(Item("label", f"#{ident}", where[-1]))
        # Inline math belongs to the prose, whose word order differs between the languages;
        # display equations are structure.
        if "math" in classes and tag.name == "div":
            # The TeX itself, without the equation number and its link.
            tex = "".join(tag.find_all(string=True, recursive=False))
            items.append(Item("display equation", normalise_tex(tex), where[-1]))
        if tag.name == "div" and "cell" in classes:
            items.append(Item("code cell", "", where[-1]))
        if tag.name == "div" and "highlight" in classes:
            items.append(Item("code block", "", where[-1]))
        if tag.name in {"figure", "img"}:
            items.append(Item(tag.name, "", where[-1]))
    return items


def first_difference(en: list[Item], zh: list[Item]) -> str | None:
    """Describe where two page structures first differ, or return None if they match."""
    for i, (a, b) in enumerate(zip(en, zh, strict=False)):
        if (a.kind, a.key) != (b.kind, b.key):
            return f"item {i + 1} differs:\n  en: {a}\n  zh: {b}"
    if len(en) != len(zh):
        longer, lang = (en, "en") if len(en) > len(zh) else (zh, "zh")
        extra = longer[min(len(en), len(zh))]
        return (
            f"en has {len(en)} items, zh has {len(zh)}; "
            f"first one only in {lang}: item {min(len(en), len(zh)) + 1}: {extra}"
        )
    return None


def counts(items: list[Item]) -> str:
    """``kind: n`` for each kind of item, to summarise a page's structure."""
    tally: dict[str, int] = {}
    for item in items:
        tally[item.kind] = tally.get(item.kind, 0) + 1
    return ", ".join(f"{k}: {v}" for k, v in sorted(tally.items()))
