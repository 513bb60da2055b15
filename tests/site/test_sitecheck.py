"""The helpers of the site checks, on small hand-written pages: a check that cannot fail is no
check. These need no build."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sitecheck import (
    css_urls,
    first_difference,
    inventory_anchors,
    is_offsite,
    language_of_text,
    normalise_tex,
    page_loads,
    pages_for_term,
    resolve,
    search_index,
    structure,
    urls,
)

PAGE = """<html><body><nav><section id="nav">ignored</section></nav>
<article class="bd-article">
<section id="intro"><h1>{title}</h1>
<p>{prose} <span class="math notranslate">\\(x^2\\)</span></p>
<div class="math notranslate" id="equation-loss"><span class="eqno">(1)<a href="#e">#</a></span>
\\[L = \\frac{{1}}{{2}}\\sum (y - t)^2 \\quad \\text{{{word}}}\\]</div>
<div class="cell"><div class="highlight"><pre>x = 1</pre></div></div>
<figure id="id3"><img alt="{alt}" src="_images/a.png"></figure>
<section id="{sub}"><h2>{subtitle}</h2><div class="highlight"><pre>y</pre></div></section>
</section></article></body></html>"""

EN = {
    "title": "Loss",
    "prose": "The loss is",
    "word": "for all samples",
    "alt": "a curve",
    "sub": "details",
    "subtitle": "Details",
}
ZH = {
    "title": "损失",
    "prose": "损失是",
    "word": "对所有样本",
    "alt": "曲线",
    "sub": "id1",
    "subtitle": "细节",
}


def _items(html: str, anchors: frozenset[str] = frozenset({"intro"})):
    return structure(BeautifulSoup(html, "html.parser"), set(anchors))


def test_pages_that_differ_in_prose_only_match() -> None:
    en, zh = _items(PAGE.format(**EN)), _items(PAGE.format(**ZH))
    assert first_difference(en, zh) is None
    kinds = [i.kind for i in en]
    assert kinds == [
        "section",
        "label",
        "label",
        "display equation",
        "code cell",
        "code block",
        "figure",
        "img",
        "section",
        "code block",
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('<div class="cell"><div class="highlight"><pre>x = 1</pre></div></div>', "", "code cell"),
        ("(y - t)^2", "(y - t)^3", "display equation"),
        ('id="equation-loss"', 'id="equation-other"', "label #equation-loss"),
        ('<section id="{sub}"><h2>{subtitle}</h2>', "<div><h2>{subtitle}</h2>", "section"),
        ('<figure id="id3"><img alt="{alt}" src="_images/a.png"></figure>', "", "figure"),
    ],
)
def test_a_structural_difference_is_reported(old: str, new: str, expected: str) -> None:
    assert old in PAGE
    en = _items(PAGE.format(**EN))
    zh = _items(PAGE.replace(old, new, 1).format(**ZH))
    diff = first_difference(en, zh)
    assert diff is not None
    assert expected in diff


def test_labels_not_in_the_inventory_are_not_compared() -> None:
    en = _items(PAGE.format(**EN), frozenset({"intro", "details"}))
    zh = _items(PAGE.format(**ZH), frozenset({"intro"}))
    diff = first_difference(en, zh)
    assert diff is not None and "#details" in diff
    assert first_difference(_items(PAGE.format(**EN)), _items(PAGE.format(**ZH))) is None


def test_normalise_tex() -> None:
    assert normalise_tex("\\[ a + b \\]") == "a+b"
    assert normalise_tex("\\(a\\)") == "a"
    assert normalise_tex("x \\text{ if } y") == normalise_tex("x \\text{若} y")
    assert normalise_tex("x \\text{a{b}c} y") == "x\\text{…}y"
    assert normalise_tex("a") != normalise_tex("b")


@pytest.mark.parametrize(
    ("url", "offsite"),
    [
        ("https://cdn.example.org/x.js", True),
        ("http://example.org", True),
        ("//fonts.example.org/f.css", True),
        ("HTTPS://EXAMPLE.ORG", True),
        ("_static/x.js", False),
        ("../en/index.html", False),
        ("#section", False),
        ("mailto:someone@example.org", False),
        ("data:image/png;base64,AAAA", False),
    ],
)
def test_is_offsite(url: str, offsite: bool) -> None:
    assert is_offsite(url) is offsite


def test_page_loads_finds_what_a_browser_fetches() -> None:
    doc = BeautifulSoup(
        """<html><head>
        <link rel="stylesheet" href="https://cdn.example.org/a.css">
        <link rel="preload" as="font" href="//fonts.example.org/f.woff2">
        <script src="_static/local.js"></script>
        <style>@font-face { src: url('https://fonts.example.org/x.woff2') }</style>
        </head><body>
        <img alt="x" src="a.png" srcset="b.png 2x, https://img.example.org/c.png 3x">
        <div style="background: url(https://img.example.org/bg.png)"></div>
        <iframe src="https://video.example.org/embed"></iframe>
        <a href="https://example.org/read-me">a link is not a load</a>
        </body></html>""",
        "html.parser",
    )
    offsite = sorted(load.url for load in page_loads(doc) if is_offsite(load.url))
    assert offsite == [
        "//fonts.example.org/f.woff2",
        "https://cdn.example.org/a.css",
        "https://fonts.example.org/x.woff2",
        "https://img.example.org/bg.png",
        "https://img.example.org/c.png",
        "https://video.example.org/embed",
    ]


def test_urls_finds_links_and_loads() -> None:
    doc = BeautifulSoup(
        """<html><body>
        <a href="https://creativecommons.org/licenses/by-sa/4.0/">licence</a>
        <a href="preface.html#top">preface</a>
        <img alt="x" src="a.png" srcset="b.png 2x">
        <form action="search.html"></form>
        <div data="not a url"></div>
        <object data="//example.org/x.svg"></object>
        </body></html>""",
        "html.parser",
    )
    assert sorted(url for _, url in urls(doc)) == [
        "//example.org/x.svg",
        "a.png",
        "b.png",
        "https://creativecommons.org/licenses/by-sa/4.0/",
        "preface.html#top",
        "search.html",
    ]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("损失函数的图像", "zh"),
        ("ReLU 的导数", "zh"),
        ("Loss of the network", "en"),
        ("ReLU", "en"),
        ("-", None),
        ("→ 1.0", None),
        ("", None),
    ],
)
def test_language_of_text(text: str, lang: str | None) -> None:
    assert language_of_text(text) == lang


def test_pages_for_term_reads_text_and_title_terms() -> None:
    index = {
        "docnames": ["index", "loss-functions", "chain-rule"],
        "terms": {"交叉熵": [1], "反向传播": 2},
        "titleterms": {"交叉熵": [0]},
    }
    assert pages_for_term(index, "交叉熵") == {"index.html", "loss-functions.html"}
    assert pages_for_term(index, "反向传播") == {"chain-rule.html"}
    assert pages_for_term(index, "梯度") == set()


def test_css_urls() -> None:
    css = """/* url(https://commented.example.org/x) */
    @import "other.css";
    @font-face { src: url("fonts/a.woff2") format("woff2"), url(fonts/b.woff); }
    .x { background: url( 'img/c.png' ) }"""
    assert css_urls(css) == ["other.css", "fonts/a.woff2", "fonts/b.woff", "img/c.png"]


def test_resolve(tmp_path: Path) -> None:
    assert resolve(tmp_path, "zh/api/x.html", "../../en/api/x.html#top") == (
        tmp_path / "en" / "api" / "x.html"
    )
    assert resolve(tmp_path, "en/a.html", "_static/m.js?v=1") == tmp_path / "en/_static/m.js"
    assert resolve(tmp_path, "en/a.html", "#here") == tmp_path / "en" / "a.html"
    with pytest.raises(ValueError, match="leaves the site"):
        resolve(tmp_path, "en/a.html", "../../etc/passwd")


def test_inventory_and_search_index(tmp_path: Path) -> None:
    body = "\n".join(
        [
            "preface std:label -1 preface.html#$ Preface",
            "index std:doc -1 index.html Home",
            "nnbook.functions.relu py:function 1 api/functions.html#$ -",
            "genindex std:label -1 genindex.html Index",
        ]
    )
    header = (
        b"# Sphinx inventory version 2\n# Project: p\n# Version: \n"
        b"# The remainder of this file is compressed using zlib.\n"
    )
    inv = tmp_path / "objects.inv"
    inv.write_bytes(header + zlib.compress(body.encode()))
    assert inventory_anchors(inv) == {
        "preface.html": {"preface"},
        "api/functions.html": {"nnbook.functions.relu"},
    }
    js = tmp_path / "searchindex.js"
    js.write_text('Search.setIndex({"terms":{"梯度":[0]}})', encoding="utf-8")
    assert search_index(js)["terms"] == {"梯度": [0]}
