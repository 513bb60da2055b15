"""The chapter "Weight initialization": the numbers and claims its page states.

The page (docs/{en,zh}/weight-init.md) and its gallery scripts (galleries/weight_init/) compute
everything at build time; these tests pin down what the prose says about the results. The
histograms and the MNIST comparison come from the gallery scripts, through the same cached
function the build uses.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from gallery import run_gallery_script
from pagecode import cached_call
from test_chapter_optimizers import page_code

from nnbook.experiments import compare_on_mnist, sgd_steps
from nnbook.init import init_std
from nnbook.nets import TwoLayerNet
from nnbook.util import cached

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "docs" / lang / "weight-init.md" for lang in ("en", "zh")]
GALLERY = ROOT / "galleries" / "weight_init"


@pytest.fixture(scope="module")
def histograms():
    """The activations of every configuration, as the histogram script computes them."""
    return run_gallery_script("weight_init", "plot_activation_histograms.py")["outputs"]


def rms(z):
    return float(np.sqrt(np.mean(z**2)))


# --------------------------------------------------------------------------- symmetry


@pytest.mark.parametrize("value", [0.0, 0.5], ids=["zeros", "exercise-0.5"])
def test_equal_starting_weights_keep_all_hidden_units_identical(mnist, value):
    (x_train, t_train), _ = mnist
    net = TwoLayerNet(784, 50, 10, activation="sigmoid", rng=0)
    for p in net.params.values():
        p[...] = value
    W1 = sgd_steps(net, x_train, t_train).params["W1"]
    # All 50 units alike, up to rounding: BLAS may sum the columns of a product in different
    # orders, so the last bit of a float64 can differ between units, but nothing more.
    assert np.abs(W1 - W1[:, :1]).max() <= 1e-12 * np.abs(W1).max()
    if value == 0.0:
        assert np.abs(W1).max() == pytest.approx(0.0011, abs=0.00005)  # the weights did change
    else:
        # Exercise: from 0.5 the sigmoids saturate and W1 hardly moves (by about 1e-10).
        assert 0 < np.abs(W1 - value).max() < 1e-8


def test_random_starting_weights_give_different_units(mnist):
    (x_train, t_train), _ = mnist
    net = TwoLayerNet(784, 50, 10, activation="sigmoid", rng=0)
    W1 = sgd_steps(net, x_train, t_train).params["W1"]
    assert np.abs(W1 - W1[:, :1]).max() > 0.01


# --------------------------------------------------------------------------- histograms


def test_sigmoid_with_std_1_saturates_and_starves_the_gradient(histograms):
    layers = histograms["sigmoid", 1.0]
    saturated = [np.mean((z < 0.01) | (z > 0.99)) for z in layers]
    assert saturated[-1] == pytest.approx(0.43, abs=0.005)  # "43 % in layer 5"
    assert min(saturated) > 0.4
    grad_factor = np.mean(layers[-1] * (1 - layers[-1]))
    assert grad_factor == pytest.approx(0.064, abs=0.0005)


def test_sigmoid_with_std_001_collapses_onto_one_half(histograms):
    for z in histograms["sigmoid", 0.01]:
        assert abs(z.mean() - 0.5) < 0.01 and z.std() < 0.03
    assert histograms["sigmoid", 0.01][-1].std() == pytest.approx(0.012, abs=0.0005)


def test_xavier_keeps_sigmoid_outputs_spread_between_the_two_failures(histograms):
    last = {m: histograms["sigmoid", m][-1] for m in (1.0, 0.01, "xavier")}
    assert last["xavier"].std() == pytest.approx(0.116, abs=0.0005)
    assert last[0.01].std() < last["xavier"].std() < last[1.0].std()
    grad_xavier = np.mean(last["xavier"] * (1 - last["xavier"]))
    assert grad_xavier == pytest.approx(0.237, abs=0.0005)
    assert grad_xavier > 3 * np.mean(last[1.0] * (1 - last[1.0]))
    assert init_std("xavier", 100) == 0.1


def test_sigmoid_outputs_are_not_zero_centred_so_xavier_assumption_fails(histograms):
    # "their mean in layer 5 is 0.50": all inputs of the next layer are positive
    means = [z.mean() for z in histograms["sigmoid", "xavier"]]
    assert means[-1] == pytest.approx(0.50, abs=0.005)
    assert all(0.48 < m < 0.52 for m in means)
    assert all(z.min() > 0 for z in histograms["sigmoid", "xavier"])


def test_tanh_saturates_collapses_or_stays_centred_as_the_page_says(histograms):
    assert all(np.mean(np.abs(z) > 0.99) > 0.5 for z in histograms["tanh", 1.0])
    assert histograms["tanh", 0.01][-1].std() < 1e-3
    for z in histograms["tanh", "xavier"]:
        assert abs(z.mean()) < 0.01 and 0.25 < z.std() < 0.7
    stds = [z.std() for z in histograms["tanh", "xavier"]]
    assert np.all(np.diff(stds) < 0)  # "narrow slowly"


def test_relu_signal_vanishes_with_001_shrinks_with_xavier_and_stays_level_with_he(histograms):
    tiny = [rms(z) for z in histograms["relu", 0.01]]
    ratios = np.array(tiny[1:]) / np.array(tiny[:-1])
    np.testing.assert_allclose(ratios, np.sqrt(0.005), rtol=0.1)  # about 1/14 (exercise 2)
    assert tiny[-1] == pytest.approx(1.6e-6, rel=0.05)
    xavier = [rms(z) for z in histograms["relu", "xavier"]]
    assert xavier[0] / xavier[-1] == pytest.approx(4.4, abs=0.05)  # about √2 per layer
    he = [rms(z) for z in histograms["relu", "he"]]
    assert he[0] == pytest.approx(1.00, abs=0.005) and he[-1] == pytest.approx(0.91, abs=0.005)
    assert all(0.85 < v < 1.05 for v in he)


def test_he_keeps_the_mean_square_level_not_the_variance(histograms):
    """He's derivation uses E[z²] of the ReLU outputs; their variance is about 1 - 1/π of it."""
    last = histograms["relu", "he"][-1]
    share = last.var() / np.mean(last**2)
    assert share == pytest.approx(0.69, abs=0.005)  # "only 69 % of it"
    assert share == pytest.approx(1 - 1 / math.pi, abs=0.03)


def test_exercise_he_and_xavier_scales_for_an_mnist_network():
    assert init_std("he", 784) == pytest.approx(0.0505, abs=5e-5)
    assert init_std("he", 100) == pytest.approx(0.141, abs=5e-4)
    assert init_std("xavier", 784) == pytest.approx(0.0357, abs=5e-5)
    assert init_std("he", 784) / 0.01 == pytest.approx(5, abs=0.1)


# --------------------------------------------------------------------------- MNIST


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.parent.name)
def test_page_and_gallery_run_the_same_experiment_with_the_same_settings(page):
    gallery_code = (GALLERY / "plot_mnist_weight_init.py").read_text(encoding="utf-8")
    assert cached_call(page_code(page), "mnist_weight_init") == cached_call(
        gallery_code, "mnist_weight_init"
    )


@pytest.mark.slow
def test_he_beats_001_which_does_not_learn_and_xavier_lies_between(mnist):
    results = run_gallery_script("weight_init", "plot_mnist_weight_init.py")["results"]
    final = {init: r["loss"][-100:].mean() for init, r in results.items()}
    acc = {init: r["test_acc"] for init, r in results.items()}
    assert abs(final[0.01] - math.log(10)) < 0.01  # "still ln 10"
    assert acc[0.01] < 0.15  # one class guessed
    assert final["he"] < final["xavier"] < final[0.01]
    assert acc[0.01] < acc["xavier"] < acc["he"]
    assert final["xavier"] == pytest.approx(0.313, abs=0.02)  # measured 0.313 and 0.222
    assert final["he"] == pytest.approx(0.222, abs=0.02)
    # The He run is the SGD run of the optimizer chapter: same network, same seeds.
    sgd = run_gallery_script("optimizers", "plot_mnist_optimizers.py")["results"]["sgd"]
    np.testing.assert_array_equal(results["he"]["loss"], sgd["loss"])


@pytest.mark.slow
def test_exercise_adam_gets_the_001_network_learning(mnist):
    adam = cached(
        "mnist_weight_init_adam",
        compare_on_mnist,
        variants={"adam": {"weight_init_std": 0.01, "optimizer": "adam", "lr": 0.001}},
        iterations=2000,
        batch_size=128,
        seed=0,
    )["adam"]
    assert np.mean(adam["loss"][-100:]) < 0.3  # measured 0.14
    assert adam["test_acc"] > 0.9  # measured 0.94
