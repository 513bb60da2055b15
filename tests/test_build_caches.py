"""The book build re-runs a gallery script or notebook page exactly when the nnbook code it
imports changes, its configuration can be cached, and the reproducibility check reuses a cold
build only of the same sources."""

from __future__ import annotations

import importlib.util
import json
import os
import types
from pathlib import Path
from unittest import mock

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


deps = _load("nnbook_deps", ROOT / "docs" / "_ext" / "nnbook_sphinx" / "deps.py")
repro = _load("check_reproducible", ROOT / "tests" / "site" / "check_reproducible.py")


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A small stand-in for nnbook: ``nets`` imports ``layers``, ``plotting`` stands alone."""
    lib = tmp_path / "nnbook"
    lib.mkdir()
    (lib / "__init__.py").write_text('"""package"""\n')
    (lib / "_validation.py").write_text("CHECK = 1\n")
    (lib / "layers.py").write_text("from nnbook._validation import CHECK\n")
    (lib / "nets.py").write_text("from nnbook.layers import CHECK\nfrom nnbook import layers\n")
    (lib / "plotting.py").write_text("import matplotlib\n")
    return lib


@pytest.mark.parametrize(
    ("code", "modules"),
    [
        ("import numpy as np", set()),
        ("from nnbook.nets import TwoLayerNet", {"nnbook.nets"}),
        ("import nnbook.layers as L", {"nnbook.layers"}),
        ("from nnbook import functions as F, plotting", {"nnbook.functions", "nnbook.plotting"}),
        ("import nnbook", {"*"}),
        ("def f():\n    from nnbook.util import cached\n", {"nnbook.util"}),
        ("%timeit x", {"*"}),  # not Python: depend on everything rather than miss a change
    ],
)
def test_imports_of_nnbook_are_found_in_every_form(code, modules):
    assert deps._imported_nnbook_modules(code) == modules


def test_dependencies_follow_the_library_s_own_imports(library):
    files = deps.library_dependencies("from nnbook.nets import TwoLayerNet", library)
    names = sorted(p.name for p in files)
    assert names == ["__init__.py", "_validation.py", "layers.py", "nets.py"]
    assert deps.library_dependencies("import numpy", library) == []
    assert len(deps.library_dependencies("import nnbook", library)) == 5


def test_fingerprint_changes_with_a_dependency_and_only_then(library):
    code = "from nnbook.nets import TwoLayerNet"
    before = deps.library_fingerprint(code, library)
    (library / "plotting.py").write_text("import matplotlib  # edited\n")
    assert deps.library_fingerprint(code, library) == before
    (library / "_validation.py").write_text("CHECK = 2\n")
    assert deps.library_fingerprint(code, library) != before


def _gallery(tmp_path: Path) -> tuple[Path, Path]:
    examples, gallery = tmp_path / "galleries", tmp_path / "docs" / "gallery"
    scripts = {
        "plot_train.py": "from nnbook.nets import TwoLayerNet\n",
        "plot_figure.py": "from nnbook.plotting import show\n",
        "plot_plain.py": "import numpy as np\n",
    }
    for name, code in scripts.items():
        for base in (examples / "chapter", gallery / "chapter"):
            base.mkdir(parents=True, exist_ok=True)
            (base / name).write_text(code)
    return examples, gallery


def _run_gallery(examples: Path, gallery: Path, library: Path) -> None:
    """A gallery build: sphinx-gallery writes the md5 of each script it ran, then the book's
    extension records their fingerprints."""
    for script in gallery.rglob("plot_*.py"):
        script.with_name(script.name + ".md5").write_text("md5")
    deps.record_gallery_fingerprints(examples, gallery, library)


def test_gallery_scripts_rerun_when_the_nnbook_code_they_use_changes(tmp_path, library):
    examples, gallery = _gallery(tmp_path)

    def rerun() -> list[str]:
        return [p.name for p in deps.gallery_scripts_to_rerun(examples, gallery, library)]

    assert rerun() == []  # never run: sphinx-gallery runs them without being told
    _run_gallery(examples, gallery, library)
    assert rerun() == []

    (library / "layers.py").write_text("from nnbook._validation import CHECK  # edited\n")
    assert rerun() == ["plot_train.py"]
    assert not (gallery / "chapter" / "plot_train.py.md5").exists()
    assert (gallery / "chapter" / "plot_figure.py.md5").exists()
    _run_gallery(examples, gallery, library)
    assert rerun() == []

    (library / "plotting.py").write_text("import matplotlib  # edited\n")
    assert rerun() == ["plot_figure.py"]
    _run_gallery(examples, gallery, library)
    assert rerun() == []


def test_a_gallery_run_without_fingerprint_is_not_trusted(tmp_path, library):
    examples, gallery = _gallery(tmp_path)
    for script in gallery.rglob("plot_*.py"):  # md5s from a build before fingerprints existed
        script.with_name(script.name + ".md5").write_text("md5")
    rerun = deps.gallery_scripts_to_rerun(examples, gallery, library)
    assert sorted(p.name for p in rerun) == ["plot_figure.py", "plot_plain.py", "plot_train.py"]


def test_outputs_of_renamed_or_deleted_gallery_scripts_are_found_stale(tmp_path):
    examples, gallery = tmp_path / "galleries", tmp_path / "gallery"
    (examples / "chapter").mkdir(parents=True)
    (examples / "chapter" / "plot_kept.py").write_text("x = 1\n")
    (examples / "chapter" / "plot_kept_more.py").write_text("x = 2\n")
    generated = [
        "chapter/index.rst",
        "chapter/plot_kept.rst",
        "chapter/plot_kept.py.md5",
        "chapter/images/sphx_glr_plot_kept_001.png",
        "chapter/images/thumb/sphx_glr_plot_kept_more_thumb.png",
        "chapter/plot_old.rst",
        "chapter/plot_old.py",
        "chapter/plot_old.codeobj.json",
        "chapter/images/sphx_glr_plot_old_002.png",
        "chapter/images/thumb/sphx_glr_plot_old_thumb.png",
        "gone/plot_any.rst",
        "images/no_image.png",
        "index.rst",
    ]
    for name in generated:
        (gallery / name).parent.mkdir(parents=True, exist_ok=True)
        (gallery / name).write_text("")
    stale = {
        p.relative_to(gallery).as_posix() for p in deps.stale_gallery_outputs(examples, gallery)
    }
    assert stale == {
        "chapter/plot_old.rst",
        "chapter/plot_old.py",
        "chapter/plot_old.codeobj.json",
        "chapter/images/sphx_glr_plot_old_002.png",
        "chapter/images/thumb/sphx_glr_plot_old_thumb.png",
        "gone",
    }
    assert deps.stale_gallery_outputs(examples, tmp_path / "not-built") == []


def test_notebook_pages_reexecute_when_the_nnbook_code_they_use_changes(tmp_path, library):
    pages = {}
    for name, code in {
        "training": "from nnbook.nets import TwoLayerNet",
        "figures": "import numpy as np\nfrom nnbook.plotting import show",
        "prose": "",
    }.items():
        path = tmp_path / f"{name}.md"
        cell = f"```{{code-cell}} ipython3\n:tags: [remove-cell]\n\n{code}\n```\n" if code else ""
        path.write_text(f"# {name}\n\nText.\n\n{cell}")
        pages[name] = path
    store = tmp_path / "cache" / "fingerprints.json"
    assert deps.pages_to_reexecute(pages, store, library) == ["figures", "training"]
    assert deps.pages_to_reexecute(pages, store, library) == []
    (library / "_validation.py").write_text("CHECK = 3\n")
    assert deps.pages_to_reexecute(pages, store, library) == ["training"]
    assert set(json.loads(store.read_text())) == {"figures", "training"}


def test_the_real_gallery_scripts_depend_on_the_modules_they_use():
    script = ROOT / "galleries" / "training_mnist" / "plot_two_layer_training.py"
    names = {p.name for p in deps.library_dependencies(script.read_text(encoding="utf-8"))}
    assert {"nets.py", "layers.py", "trainer.py", "optimizers.py", "plotting.py"} <= names
    assert "hyperopt.py" not in names


def _fake_build(root: Path) -> None:
    (root / "nnbook").mkdir(parents=True)
    (root / "nnbook" / "x.py").write_text("x = 1\n")
    for lang in ("en", "zh"):
        images = root / "_build" / "html" / lang / "_images"
        images.mkdir(parents=True)
        (images / "fig.png").write_bytes(b"png " + lang.encode())


def test_a_recorded_cold_build_is_reused_only_while_sources_and_figures_are_unchanged(tmp_path):
    _fake_build(tmp_path)
    assert "no cold build" in repro.reusable_clean_build(tmp_path)
    repro.record_clean_build(tmp_path)
    assert repro.reusable_clean_build(tmp_path) is None
    # Build output and caches are not sources.
    (tmp_path / "_build" / "experiments").mkdir()
    (tmp_path / "_build" / "experiments" / "result.pkl").write_bytes(b"data")
    assert repro.reusable_clean_build(tmp_path) is None

    (tmp_path / "_build" / "html" / "en" / "_images" / "fig.png").write_bytes(b"other")
    assert "figures changed" in repro.reusable_clean_build(tmp_path)
    repro.record_clean_build(tmp_path)
    (tmp_path / "nnbook" / "x.py").write_text("x = 2\n")
    assert "sources changed" in repro.reusable_clean_build(tmp_path)


def _uncacheable(value, path: str) -> list[str]:
    """Where `value` holds what Sphinx will not pickle: a function, class or module."""
    if isinstance(value, types.FunctionType | types.BuiltinFunctionType | type | types.ModuleType):
        return [path]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _uncacheable(v, f"{path}[{k!r}]")]
    if isinstance(value, list | tuple | set | frozenset):
        return [p for i, v in enumerate(value) for p in _uncacheable(v, f"{path}[{i}]")]
    return []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_book_configuration_can_be_cached(lang):
    """Sphinx pickles the configuration to compare it with the next build's; a value it cannot
    pickle counts as changed every time, and then every page is read again. (sphinx-gallery's
    ``reset_modules`` takes the timer by its dotted name for this reason.)"""
    ns = {"tags": set()}
    with mock.patch.dict(os.environ):
        conf = _load("conf_common", ROOT / "docs" / "conf_common.py")
        conf.configure(ns, lang)
    bad = [p for name, value in ns.items() if name != "tags" for p in _uncacheable(value, name)]
    assert not bad, f"configuration values Sphinx cannot cache: {bad}"
    assert "config.cache" not in ns.get("suppress_warnings", [])
    assert "nnbook_sphinx.timing.time_gallery_script" in ns["sphinx_gallery_conf"]["reset_modules"]
