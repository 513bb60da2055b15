"""The PDF of each edition (``nox -s pdf``): every chapter, figure and solution of the HTML book,
in fonts that have every glyph, embedded.

These tests read ``_build/latex/<lang>``, which the ``pdf`` session builds just before running
them; they are not part of the ``tests`` session.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pypdf = pytest.importorskip("pypdf")

ROOT = Path(__file__).resolve().parents[2]
LATEX = ROOT / "_build" / "latex"
LANGS = ("en", "zh")
TOCTREE_RE = re.compile(r"^(`{3,})\{toctree\}\n(?P<body>.*?)^\1\s*$", re.M | re.S)
FIGURE_RE = re.compile(r"^```\{figure\}\s*gallery/\w+/images/(?P<name>[\w.-]+\.png)", re.M)
SOLUTION_RE = re.compile(r"^\s*:::\{dropdown\}", re.M)


def pdf_path(lang: str) -> Path:
    path = LATEX / lang / f"nnbook-{lang}.pdf"
    if not path.is_file():
        pytest.fail(f"{path} is missing: build it with `nox -s pdf`")
    return path


def book_pages(lang: str) -> list[str]:
    """The pages of the printed book: the toctrees of the index outside ``{only} html``."""
    text = (ROOT / "docs" / lang / "index.md").read_text(encoding="utf-8")
    text = re.sub(r"^````\{only\} html\n.*?^````\s*$", "", text, flags=re.M | re.S)
    pages = []
    for m in TOCTREE_RE.finditer(text):
        pages += [
            line.strip() for line in m["body"].splitlines() if line.strip() and line[0] != ":"
        ]
    return pages


def title(lang: str, page: str) -> str:
    text = (ROOT / "docs" / lang / f"{page}.md").read_text(encoding="utf-8")
    return re.search(r"^# (.+)$", text, re.M)[1]


def squeeze(text: str) -> str:
    """Text without whitespace or hyphens: extraction breaks lines and spaces CJK freely."""
    return re.sub(r"[\s\u00ad-]+", "", text)


@pytest.fixture(scope="module", params=LANGS)
def book(request):
    lang = request.param
    reader = pypdf.PdfReader(pdf_path(lang))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return {"lang": lang, "reader": reader, "text": squeeze(text)}


def test_the_book_has_a_table_of_contents_and_many_pages(book):
    assert len(book["reader"].pages) > 100
    contents = {"en": "Contents", "zh": "目录"}[book["lang"]]
    assert contents.lower() in book["text"].lower()


def test_every_chapter_title_is_in_the_pdf(book):
    pages = book_pages(book["lang"])
    assert "preface" in pages and "references" in pages and "glossary" in pages
    missing = [p for p in pages if squeeze(title(book["lang"], p)) not in book["text"]]
    assert not missing, f"chapters missing from the {book['lang']} PDF: {missing}"


def test_the_chinese_pdf_is_searchable_for_the_key_terms():
    reader = pypdf.PdfReader(pdf_path("zh"))
    text = squeeze("".join(page.extract_text() or "" for page in reader.pages[:60]))
    for term in ("梯度", "反向传播", "损失函数"):
        assert term in text


@pytest.mark.parametrize("lang", LANGS)
def test_every_gallery_figure_of_the_chapters_is_in_the_pdf(lang):
    wanted = set()
    for page in book_pages(lang):
        wanted |= set(FIGURE_RE.findall((ROOT / "docs" / lang / f"{page}.md").read_text()))
    assert len(wanted) > 40
    tex = (LATEX / lang / f"nnbook-{lang}.tex").read_text(encoding="utf-8")
    included = set(
        re.findall(r"\\sphinxincludegraphics(?:\[[^]]*\])?\{\{?([\w.-]+?)\}?(\.png)\}", tex)
    )
    included = {stem + ext for stem, ext in included}
    assert not wanted - included, f"figures missing from the PDF: {sorted(wanted - included)}"
    for name in wanted:
        assert (LATEX / lang / name).is_file(), f"{name} was not copied next to the .tex"


@pytest.mark.parametrize("lang", LANGS)
def test_every_exercise_solution_is_printed(lang):
    solutions = sum(
        len(SOLUTION_RE.findall((ROOT / "docs" / lang / f"{page}.md").read_text()))
        for page in book_pages(lang)
    )
    assert solutions > 40
    text = squeeze("".join(p.extract_text() or "" for p in pypdf.PdfReader(pdf_path(lang)).pages))
    word = {"en": "Solution", "zh": "解答"}[lang]
    assert text.count(word) >= solutions


@pytest.mark.parametrize("lang", LANGS)
def test_the_latex_log_has_no_missing_character(lang):
    log = (LATEX / lang / f"nnbook-{lang}.log").read_text(encoding="utf-8", errors="replace")
    missing = [line for line in log.splitlines() if "Missing character" in line]
    assert not missing, "\n".join(missing[:20])


@pytest.mark.parametrize("lang", LANGS)
def test_every_font_is_embedded(lang):
    reader = pypdf.PdfReader(pdf_path(lang))
    unembedded = set()
    for page in reader.pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get(
                "/FontDescriptor"
            )
            descriptor = descriptor.get_object() if descriptor else {}
            if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                unembedded.add(str(font.get("/BaseFont")))
    assert not unembedded, f"fonts not embedded: {sorted(unembedded)}"


def test_the_chinese_pdf_numbers_its_chapters_in_chinese():
    tex = (LATEX / "zh" / "nnbook-zh.tex").read_text(encoding="utf-8")
    assert "ctex" in tex
    text = squeeze("".join(p.extract_text() or "" for p in pypdf.PdfReader(pdf_path("zh")).pages))
    assert "第1章" in text
    assert "Chapter" not in text
