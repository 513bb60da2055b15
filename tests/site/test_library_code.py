"""The book shows the code that learns: the chapters list the library's own source.

Each object below is taught on a chapter page, where the ``nnbook-code`` directive lists its
code from the library at build time. These checks read the built chapter pages (not the API
reference, not the highlighted module pages) of each language and require that their code
blocks hold at least 80 % of each object's source lines (docstrings, comments and blank lines
aside), as the library has them now. They also require a highlighted source page for every
module of the API reference, in both languages, and a ``[source]`` link on every API entry.
"""

from __future__ import annotations

import ast
import functools
import importlib.util
from pathlib import Path

import pytest
from sitecheck import LANGS, soup

ROOT = Path(__file__).resolve().parents[2]
API_DIR = ROOT / "docs" / "en" / "api"
#: Share of an object's source lines that the chapter pages of each language must show.
MIN_SHOWN = 0.8
#: What the chapters teach, as ``module:qualified name``: the functions, and for classes the
#: methods that compute (a layer's forward and backward, an optimizer's update rule).
TAUGHT = (
    *(
        f"nnbook.functions:{name}"
        for name in (
            "step",
            "sigmoid",
            "relu",
            "softmax",
            "mean_squared_error",
            "cross_entropy_error",
            "hinge_loss",
        )
    ),
    "nnbook.gradient:numerical_diff",
    "nnbook.gradient:numerical_gradient",
    "nnbook.gradient:gradient_descent",
    *(
        f"nnbook.layers:{layer}.{method}"
        for layer in (
            "MulLayer",
            "AddLayer",
            "Relu",
            "Sigmoid",
            "Affine",
            "SoftmaxWithLoss",
            "BatchNormalization",
            "Dropout",
        )
        for method in ("forward", "backward")
    ),
    *(
        f"nnbook.optimizers:{name}._update_param"
        for name in ("SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam")
    ),
    "nnbook.optimizers:StepDecay.__call__",
    "nnbook.optimizers:ExponentialDecay.__call__",
    "nnbook.init:xavier",
    "nnbook.init:he",
    "nnbook.nets:MultiLayerNet.predict",
    "nnbook.nets:MultiLayerNet.loss",
    "nnbook.nets:MultiLayerNet.gradient",
    "nnbook.trainer:Trainer.train_step",
    # The chapters' shared experiments, defined once in the library and shown where used.
    *(
        f"nnbook.neighbors:{name}"
        for name in ("squared_distances", "nearest_neighbour", "nearest_indices", "vote")
    ),
    *(
        f"nnbook.experiments:{name}"
        for name in (
            "through_sigmoids",
            "stacked_affine",
            "median_seconds",
            "time_numerical_and_backprop",
            "check_gradients",
            "time_gradients",
            "sgd_steps",
            "check_bn_gradients",
        )
    ),
    "nnbook.hyperopt:search_hyperparameters",
    "nnbook.hyperopt:score_on_test_data",
    "nnbook.optimizers:step_sizes",
    "nnbook.trainer:accuracy_table",
)


def _module_file(module: str) -> Path:
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin is not None, f"no module {module}"
    return Path(spec.origin)


def _is_overload(node: ast.AST) -> bool:
    """A ``typing.overload`` stub: a signature for type checkers, not code that runs."""
    return any(
        getattr(d, "id", getattr(d, "attr", None)) == "overload"
        for d in getattr(node, "decorator_list", [])
    )


def source_lines(module: str, qualname: str) -> list[str]:
    """The stripped code lines of one definition, without docstrings, comments or blanks."""
    text = _module_file(module).read_text(encoding="utf-8")
    node: ast.AST = ast.parse(text)
    for part in qualname.split("."):
        node = next(
            child
            for child in node.body  # type: ignore[attr-defined]
            if isinstance(child, ast.FunctionDef | ast.ClassDef)
            and child.name == part
            and not _is_overload(child)
        )
    docstrings = set()
    for sub in ast.walk(node):
        body = getattr(sub, "body", None)
        if isinstance(sub, ast.FunctionDef | ast.ClassDef) and body:
            first = body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.update(range(first.lineno, first.end_lineno + 1))
    lines = text.splitlines()
    kept = []
    for number in range(node.lineno, node.end_lineno + 1):  # type: ignore[attr-defined]
        line = lines[number - 1].strip()
        if line and not line.startswith("#") and number not in docstrings:
            kept.append(line)
    return kept


def chapter_pages(site: Path, lang: str) -> list[Path]:
    """The book's own pages of a language: not the API reference, gallery or module code."""
    return sorted(p for p in (site / lang).glob("*.html") if p.name not in {"api.html"})


@functools.cache
def shown_lines(site: Path, lang: str) -> frozenset[str]:
    """Every stripped line of every code block on the chapter pages of `lang`."""
    lines: set[str] = set()
    for page in chapter_pages(site, lang):
        for pre in soup(page).select("div.highlight pre"):
            lines.update(line.strip() for line in pre.get_text().splitlines())
    return frozenset(lines)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("taught", TAUGHT)
def test_the_chapters_show_the_library_code(site: Path, lang: str, taught: str) -> None:
    module, qualname = taught.split(":")
    wanted = source_lines(module, qualname)
    assert wanted, f"{taught} has no code lines"
    shown = shown_lines(site, lang)
    missing = [line for line in wanted if line not in shown]
    share = 1 - len(missing) / len(wanted)
    assert share >= MIN_SHOWN, (
        f"the {lang} chapters show {share:.0%} of the {len(wanted)} code lines of {taught} "
        f"(at least {MIN_SHOWN:.0%} wanted); not shown: {missing[:5]}"
    )


def api_modules() -> list[str]:
    """The modules of the API reference, from its sources (``docs/en/api/<module>.rst``)."""
    return sorted(f"nnbook.{p.stem}" for p in API_DIR.glob("*.rst"))


@pytest.mark.parametrize("lang", LANGS)
def test_every_api_module_has_a_highlighted_source_page(site: Path, lang: str) -> None:
    missing = [
        m for m in api_modules() if not (site / lang / "_modules" / f"{m.replace('.', '/')}.html")
        .is_file()
    ]  # fmt: skip
    assert not missing, f"{lang}: no highlighted source page for {missing}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_api_entry_links_to_its_source(site: Path, lang: str) -> None:
    """Every class, function and method of the API reference has a ``[source]`` link."""
    unlinked = []
    for module in api_modules():
        page = site / lang / "api" / f"{module.removeprefix('nnbook.')}.html"
        for entry in soup(page).select("dl.py.class, dl.py.function, dl.py.method"):
            signature = entry.find("dt")
            link = signature.select_one("a[href*='_modules/'] .viewcode-link")
            if link is None:
                unlinked.append(signature.get("id", signature.get_text(" ", strip=True)[:40]))
    assert not unlinked, f"{lang}: API entries without a source link: {unlinked[:10]}"
