"""The two languages of a page differ only in prose.

For every page made from a source (MyST, reST, sphinx-gallery), the English and the Chinese
page hold the same sections at the same levels, the same labels (cross-reference targets and API
objects, from ``objects.inv``), the same display equations (their TeX, apart from ``\\text{}``
prose), code cells and code blocks, figures and images — all in the same order.
"""

from __future__ import annotations

import functools
from pathlib import Path

from sitecheck import counts, first_difference, inventory_anchors, soup, structure


@functools.cache
def _anchors(root: Path, lang: str) -> dict[str, set[str]]:
    return inventory_anchors(root / lang / "objects.inv")


def test_same_structure(site: Path, source_pair: str) -> None:
    pages = {lang: site / lang / source_pair for lang in ("en", "zh")}
    missing = [str(p) for p in pages.values() if not p.is_file()]
    assert not missing, f"{source_pair} is missing in one language: {missing}"
    items = {
        lang: structure(soup(path), _anchors(site, lang).get(source_pair, set()))
        for lang, path in pages.items()
    }
    diff = first_difference(items["en"], items["zh"])
    assert diff is None, (
        f"en/{source_pair} and zh/{source_pair} differ in more than prose; {diff}\n"
        f"  en has {counts(items['en'])}\n  zh has {counts(items['zh'])}"
    )


def test_same_labels(site: Path) -> None:
    """Both languages define the same cross-reference targets, on the same pages."""
    en, zh = _anchors(site, "en"), _anchors(site, "zh")
    problems = []
    for page in sorted(set(en) | set(zh)):
        a, b = en.get(page, set()), zh.get(page, set())
        if a != b:
            problems.append(f"{page}: only en {sorted(a - b)}, only zh {sorted(b - a)}")
    assert not problems, "labels differ between the languages:\n  " + "\n  ".join(problems)
