"""The reproducibility check leaves out the measured figures and nothing else. Needs no build."""

from __future__ import annotations

from pathlib import Path

import pytest
from check_reproducible import (
    MEASURED_FIGURE_SCRIPTS,
    MEASURED_FIGURES,
    figures,
    is_measured_figure,
)

ROOT = Path(__file__).resolve().parents[2]


def test_every_measured_script_exists_in_the_gallery():
    scripts = {p.stem for p in (ROOT / "galleries").glob("*/plot_*.py")}
    assert MEASURED_FIGURE_SCRIPTS, "the constant lists the timing figure"
    assert MEASURED_FIGURE_SCRIPTS <= scripts


def test_every_measured_figure_name_is_given_by_its_script():
    for stem, names in MEASURED_FIGURES.items():
        (script,) = (ROOT / "galleries").glob(f"*/{stem}.py")
        for name in names:
            assert f'name="{name}"' in script.read_text(encoding="utf-8")


def test_measured_scripts_are_exactly_the_timing_figure():
    """A new entry in the skip list must be a deliberate change of this test, not a shortcut."""
    assert frozenset({"plot_gradient_timing"}) == MEASURED_FIGURE_SCRIPTS


@pytest.mark.parametrize(
    "name",
    [
        "sphx_glr_plot_gradient_timing_001.png",
        "sphx_glr_plot_gradient_timing_thumb.png",
        "sphx_glr_plot_gradient_timing_0011.png",  # a copy Sphinx renamed in _images
        "backprop-network-timing.png",  # the stable name the pages show
        "backprop-network-timing1.png",
    ],
)
def test_the_images_of_the_timing_script_are_measured(name):
    assert is_measured_figure(name)
    assert is_measured_figure(f"_build/html/zh/_images/{name}")


@pytest.mark.parametrize(
    "name",
    [
        "sphx_glr_plot_gradient_check_001.png",
        "sphx_glr_plot_backprop_training_001.png",
        "sphx_glr_plot_backprop_training_thumb.png",
        "sphx_glr_plot_gradient_timing_extra_001.png",  # another script, same prefix
        "sphx_glr_plot_two_layer_training_002.png",
        "plot_gradient_timing.png",
        "gradient_timing.svg",
        "backprop-network-gradient-check.png",
        "backprop-network-timing-extra.png",
        "logo.png",
    ],
)
def test_no_other_image_is_measured(name):
    assert not is_measured_figure(name)


def test_figures_leaves_out_the_measured_images_and_keeps_all_others(tmp_path):
    made = [
        "_build/html/en/_images/sphx_glr_plot_gradient_check_001.png",
        "_build/html/en/_images/sphx_glr_plot_gradient_timing_001.png",
        "_build/html/zh/_images/sphx_glr_plot_gradient_timing_thumb.png",
        "_build/html/zh/_downloads/abc/figure.svg",
        "docs/en/gallery/backprop_network/images/sphx_glr_plot_backprop_training_001.png",
        "docs/en/gallery/backprop_network/images/sphx_glr_plot_gradient_timing_001.png",
        "docs/en/gallery/backprop_network/images/backprop-network-timing.png",
        "docs/en/gallery/backprop_network/images/backprop-network-gradient-check.png",
        "docs/zh/gallery/backprop_network/images/thumb/sphx_glr_plot_gradient_timing_thumb.png",
        "docs/zh/gallery/training_mnist/images/thumb/sphx_glr_plot_batch_sizes_thumb.png",
    ]
    for rel in made:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"image")
    kept = set(figures(tmp_path))
    assert kept == {rel for rel in made if "timing" not in rel}
