"""The benchmark report the book includes (docs/_bench): verdicts that match the numbers shown,
and Chinese tables with Chinese punctuation."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the benchmarks are a folder of the repository, not installed

from benchmarks.runner import markdown, not_faster, thread_label  # noqa: E402

LATEST = ROOT / "docs" / "_bench" / "latest.json"


@pytest.mark.parametrize(
    ("nnbook", "torch", "slower"),
    [(0.994, 1.0, False), (0.996, 1.0, True), (1.0, 1.0, True), (0.5, 1.0, False)],
)
def test_a_row_shown_as_1_00_is_not_counted_as_faster(nnbook, torch, slower):
    assert not_faster(nnbook, torch) is slower


def test_thread_labels_use_full_width_brackets_in_chinese():
    assert thread_label("default (2)", "en") == "default (2)"
    assert thread_label("default (2)", "zh") == "默认（2）"
    assert thread_label("1", "zh") == "1"


@pytest.fixture(scope="module")
def results():
    return json.loads(LATEST.read_text(encoding="utf-8"))


def test_the_included_reports_are_the_rendering_of_the_stored_results(results):
    for lang in ("en", "zh"):
        shown = (ROOT / "docs" / "_bench" / f"latest-{lang}.md").read_text(encoding="utf-8")
        assert shown == markdown(results, lang), f"re-render latest-{lang}.md (--render)"


def test_every_ratio_shown_as_1_00_or_more_is_bold_and_listed_as_not_faster(results):
    report = markdown(results, "en")
    ratios = re.findall(r"\| (\*\*)?(\d+\.\d\d)(\*\*)? \|", report)
    assert ratios
    for bold, ratio, _ in ratios:
        assert bool(bold) is (float(ratio) >= 1.0), ratio
    if any(float(r) >= 1.0 for _, r, _ in ratios):
        assert "faster than PyTorch in every row and both dtypes: not met" in report


def test_the_chinese_report_has_no_half_width_punctuation_in_its_own_text(results):
    report = markdown(results, "zh")
    # Library versions such as "openblas 0.3.31 (SkylakeX)" keep their own spelling.
    own = re.sub(r"\(SkylakeX\)|\([A-Za-z]+\)(?=）)", "", report)
    own = re.sub(r"`[^`]*`|\(\d+×\d+\)", "", own)  # code, and matrix shapes such as (100×784)
    for line in own.splitlines():
        if re.search(r"[\u3400-\u9fff]", line):
            assert not re.search(r"[,;(]|(?<!\d):(?!\d)", line), line
            assert " %" not in line, line
