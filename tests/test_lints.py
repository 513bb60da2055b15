"""The book's own lints: code cells compared modulo comments and strings, Chinese labels counted,
and the Chinese text checked against the glossary's choices."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


lint_pages = _load("lint_pages")
lint_terms = _load("lint_terms")


# --------------------------------------------------------------------------- lint_pages


def test_code_cells_that_differ_only_in_comments_and_strings_are_the_same_program():
    en = 'x = 1  # the input\nprint(f"loss {x:.3f}")\n'
    zh = 'x = 1  # 输入\nprint(f"损失 {x:.3f}")\n'
    assert lint_pages.program(en) == lint_pages.program(zh)


@pytest.mark.parametrize(
    "zh",
    [
        'x = 2  # 输入\nprint(f"损失 {x:.3f}")\n',  # another number
        'x = 1  # 输入\nprint(f"损失 {x:.4f}")\n',  # another format
        'x = 1  # 输入\nprint(f"损失 {x:.3f}", x)\n',  # another argument
    ],
)
def test_code_cells_that_differ_in_code_or_format_are_different_programs(zh):
    en = 'x = 1  # the input\nprint(f"loss {x:.3f}")\n'
    assert lint_pages.program(en) != lint_pages.program(zh)


def test_comments_and_printed_words_are_counted_but_names_from_the_code_are_not():
    code = (
        "# the loss of one batch\n"
        'print("W1.shape:", W1.shape)\n'
        'print("损失：", loss)\n'
        'print(f"test accuracy {acc:.1%}")\n'
        'name = "not printed"\n'
    )
    texts = lint_pages.texts_of_code(code)
    assert texts == ["# the loss of one batch", "损失：", "test accuracy "]


# --------------------------------------------------------------------------- lint_terms


def rules(*variants: tuple[str, str]):
    return [(re.compile(v), v, chosen) for v, chosen in variants]


def test_a_variant_the_glossary_did_not_choose_is_reported_with_the_chosen_term():
    found = lint_terms.problems_in(
        "每个样本有 784 个特征量。", "page.md", rules(("特征量", "特征"))
    )
    assert found == [
        "page.md:1: '特征量' is a variant the glossary does not use (avoid '特征量'); write '特征'"
    ]


def test_inline_code_and_role_targets_are_not_prose():
    text = "用 `特征量` 这个名字，见 {ref}`特征量 <features>`。"
    assert lint_terms.problems_in(text, "page.md", rules(("特征量", "特征"))) == []


def test_a_variant_pattern_can_exclude_words_that_contain_it():
    rule = rules(("(?<!百)分数(?![据字])", "得分"))
    assert lint_terms.problems_in("以百分数表示，区分数字，划分数据集。", "p.md", rule) == []
    assert len(lint_terms.problems_in("三个分数", "p.md", rule)) == 1


def test_a_chapter_is_a_zhang_and_a_section_a_jie():
    chapters = {"training-mnist"}
    text = "见{ref}`training-mnist`一节和{ref}`optimizers-adam`一章，{ref}`training-mnist`一章。"
    found = lint_terms.unit_problems(text, "p.md", chapters)
    assert len(found) == 2
    assert "training-mnist is a chapter, so 一章" in found[0]
    assert "optimizers-adam is a section, so 一节" in found[1]


def test_only_the_chinese_text_of_a_gallery_script_is_checked():
    script = (
        '"""\nTitle\n=====\n\n.. only:: lang_en\n\n   Features are inputs.\n\n'
        ".. only:: lang_zh\n\n   特征量是输入。\n"
        '"""\n\nlabel = tr("feature", "特征量")\nx = 1\n'
    )
    text = lint_terms.gallery_text(script)
    assert "Features" not in text
    assert text.count("特征量") == 2


def test_the_glossary_names_every_avoided_variant_once_and_never_its_own_choice():
    seen = {}
    for pattern, variant, chosen in lint_terms.variants():
        assert variant not in seen, f"{variant!r} is avoided twice"
        seen[variant] = chosen
        assert not pattern.search(chosen), f"{variant!r} rejects the chosen term {chosen!r}"


def test_the_book_passes_the_term_lint(capsys):
    assert lint_terms.main() == 0, capsys.readouterr().out


@pytest.mark.parametrize(
    ("text", "raw"),
    [
        ("只是**推迟**了它。", True),
        ("准确率*和*测试", True),
        ("只是\\ **推迟**\\ 了它。", False),
        ("**准确率。** 加了随机失活", False),
        ("的预算：**一个轮次**。", False),
        ("a **strong** word", False),
    ],
)
def test_emphasis_touching_a_cjk_character_is_reported(text, raw):
    assert bool(lint_terms.emphasis_problems(text, "script.py")) is raw
