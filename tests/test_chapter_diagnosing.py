"""The chapter "Diagnosing training": the numbers and claims its page and gallery script state.

The page (docs/{en,zh}/diagnosing-training.md) runs its sanity checks itself; the gradient norms
and the clipping come from galleries/diagnosing_training/plot_gradient_norms.py, which these
tests run as the build does.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from gallery import run_gallery_script
from pagecode import page_glue

PAGE = "diagnosing-training.md"


@pytest.fixture(scope="module")
def glued():
    return {lang: page_glue(lang, PAGE) for lang in ("en", "zh")}


@pytest.fixture(scope="module")
def norms():
    return run_gallery_script("diagnosing_training", "plot_gradient_norms.py")


def test_both_languages_compute_the_same_numbers(glued):
    assert glued["en"] == glued["zh"]


def test_the_first_loss_of_a_fresh_classifier_is_ln_10(glued):
    assert glued["en"]["diagnosing-first-loss"] == pytest.approx(math.log(10), abs=0.005)


def test_a_tiny_batch_is_learned_by_heart_unless_the_learning_rate_is_far_too_small(glued):
    assert glued["en"]["diagnosing-tiny-loss"] < 0.001
    assert glued["en"]["diagnosing-tiny-stuck"] > 2.3  # "hardly below ln 10"
    assert glued["en"]["diagnosing-tiny-stuck"] < math.log(10) + 0.05


def first_step(norms, name):
    history = norms["runs"][name]["history"]
    return np.array([history.grad_norms[f"W{i}"][0] for i in range(1, 7)])


def test_sigmoid_gradients_vanish_by_more_than_ten_per_layer_towards_the_input(norms):
    sig = first_step(norms, "sigmoid, std 0.01")
    assert np.all(sig[1:] / sig[:-1] > 10)  # "more than an order of magnitude per layer"
    assert norms["runs"]["sigmoid, std 0.01"]["accuracy"] < 0.15  # "does not learn"


def test_relu_with_he_and_batchnorm_keep_the_norms_about_level(norms):
    for name in ("ReLU, He", "ReLU, He, BatchNorm"):
        level = first_step(norms, name)
        assert level.max() / level.min() < 6, name  # within one order of magnitude
        assert norms["runs"][name]["accuracy"] > 0.99


def test_large_weights_make_every_gradient_tens_of_times_larger_than_he(norms):
    ratio = first_step(norms, "ReLU, std 0.2") / first_step(norms, "ReLU, He")
    assert np.all(ratio > 10) and np.all(ratio < 100)  # "tens of times larger"
    assert 0.2 / math.sqrt(2 / 784) == pytest.approx(4.0, abs=0.05)  # "about four times He's"


def test_clipping_bounds_the_steps_and_ends_with_a_lower_loss(norms):
    plain = norms["clipping"]["no clipping"]["history"]
    clipped = norms["clipping"]["clipped to norm 5"]["history"]
    assert plain.train_loss[0] == clipped.train_loss[0]  # same start
    assert plain.train_loss[0] > 10  # "the same large loss"
    assert np.mean(clipped.train_loss[-20:]) < np.mean(plain.train_loss[-20:])


def test_exercise_clipping_three_arrays_to_6_5():
    from nnbook.optimizers import clip_grad_norm

    grads = {"a": np.full(1, 3.0), "b": np.full(1, 4.0), "c": np.full(1, 12.0)}
    assert clip_grad_norm(grads, 6.5) == 13.0
    np.testing.assert_allclose([g[0] for g in grads.values()], [1.5, 2.0, 6.0], rtol=1e-6)
    assert math.log(100) == pytest.approx(4.61, abs=0.005)
