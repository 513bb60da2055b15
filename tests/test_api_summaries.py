"""The Chinese one-line summaries of the Chinese API reference (docs/api_zh.csv): one for every
documented object, each naming an object that still exists, in valid markup and the book's
terms. (A documented object without a summary fails the build; see
docs/_ext/nnbook_sphinx/api_summaries.py.)"""

from __future__ import annotations

import csv
import importlib
import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "docs" / "api_zh.csv"


def rows() -> list[dict[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def resolve(name: str):
    """The object a dotted name of autodoc names: a module, then attributes of it."""
    parts = name.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ModuleNotFoundError:
            continue
        for attr in parts[i:]:
            obj = getattr(obj, attr)
        return obj
    raise LookupError(name)


def _lint_terms():
    spec = importlib.util.spec_from_file_location("lint_terms", ROOT / "tools" / "lint_terms.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["lint_terms"] = module
    spec.loader.exec_module(module)
    return module


def test_every_name_is_unique_and_every_summary_is_given():
    names = [row["name"] for row in rows()]
    assert len(names) == len(set(names))
    assert all(row["zh"].strip() for row in rows())


@pytest.mark.parametrize("name", [row["name"] for row in rows()])
def test_every_summarised_name_is_still_an_object_of_the_library(name):
    resolve(name)


def test_every_module_of_the_api_reference_has_a_summary():
    names = {row["name"] for row in rows()}
    modules = {f"nnbook.{p.stem}" for p in (ROOT / "docs" / "zh" / "api").glob("*.rst")}
    assert modules <= names, f"modules without a Chinese summary: {sorted(modules - names)}"


def test_summaries_are_one_chinese_sentence_of_valid_inline_markup():
    for row in rows():
        text = row["zh"]
        assert "\n" not in text and re.search(r"[\u3400-\u9fff]", text), row
        assert text.count("``") % 2 == 0, f"unclosed literal: {row}"
        outside = re.sub(r"``[^`]+``", "", text)
        assert "`" not in outside and "*" not in outside, f"markup other than ``literals``: {row}"


def test_summaries_use_the_glossary_terms():
    lint_terms = _lint_terms()
    text = "\n".join(f"{row['name']}: {row['zh']}" for row in rows())
    assert lint_terms.problems_in(text, "docs/api_zh.csv", lint_terms.variants()) == []


def test_every_row_has_exactly_a_name_and_a_summary():
    # A summary with an unquoted comma would lose its end silently (DictReader keeps the rest
    # under the key None), and the shortened markup could break.
    with TABLE.open(encoding="utf-8", newline="") as fh:
        bad = [row[0] for row in csv.reader(fh) if len(row) != 2]
    assert bad == []
