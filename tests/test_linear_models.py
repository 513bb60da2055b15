"""The linear models of the chapter "From pixels to scores": hinge loss, classifier, perceptron."""

from __future__ import annotations

import numpy as np
import pytest
from gradcheck import GRADCHECK_SETTINGS, assert_grad_close
from hypothesis import given
from hypothesis import strategies as st

from nnbook.functions import hinge_loss
from nnbook.layers import HingeLoss
from nnbook.nets import LinearClassifier, Perceptron

XOR_X = np.array([[0, 0], [1, 0], [0, 1], [1, 1]])


def test_hinge_layer_forward_is_the_hinge_loss_function():
    scores = np.array([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]])
    assert HingeLoss().forward(scores, [0, 1, 2]) == pytest.approx(hinge_loss(scores, [0, 1, 2]))
    assert HingeLoss(margin=2.0).forward(scores, [0, 1, 2]) == pytest.approx(
        hinge_loss(scores, [0, 1, 2], margin=2.0)
    )


@GRADCHECK_SETTINGS
@given(seed=st.integers(0, 2**32 - 1))
def test_linear_classifier_gradients_match_numerical_ones_for_both_losses(seed):
    rng = np.random.default_rng(seed)
    x, t = rng.normal(size=(5, 4)), rng.integers(0, 3, size=5)
    for loss in ("softmax", "hinge"):
        net = LinearClassifier(
            4, 3, loss=loss, weight_init_std=1.0, weight_decay_lambda=0.1, rng=seed
        )
        scores = net.predict(x)
        margins = scores - scores[np.arange(5), t][:, None] + 1.0
        margins[np.arange(5), t] = 10.0  # the true class's own column is no kink
        if loss == "hinge" and np.abs(margins).min() < 1e-3:
            continue  # within a step of a kink the central difference is not the gradient
        numeric, backprop = net.numerical_gradient(x, t), net.gradient(x, t)
        for key in net.params:
            assert_grad_close(backprop[key], numeric[key], f"{loss} {key}")


def test_hinge_layer_backward_rows_sum_to_zero_and_count_the_violated_margins():
    layer = HingeLoss()
    layer.forward(np.array([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0]]), [0, 1])
    dx = layer.backward()
    np.testing.assert_allclose(dx.sum(axis=1), 0.0)
    np.testing.assert_allclose(dx, [[-0.5, 0.5, 0.0], [0.0, 0.0, 0.0]])


def test_linear_classifier_rejects_unknown_loss_and_non_positive_margin():
    with pytest.raises(ValueError, match="unknown loss 'svm'"):
        LinearClassifier(4, 3, loss="svm")
    with pytest.raises(ValueError, match="margin"):
        LinearClassifier(4, 3, loss="hinge", margin=0.0)
    with pytest.raises(ValueError, match="margin"):
        HingeLoss(margin=float("nan"))


def test_hinge_backward_before_forward_says_so():
    with pytest.raises(RuntimeError, match="before forward"):
        HingeLoss().backward()


def test_perceptron_learns_and_and_or_and_then_makes_no_mistake():
    for targets in ([0, 0, 0, 1], [0, 1, 1, 1]):
        p = Perceptron(2)
        mistakes = [p.learn(XOR_X, targets) for _ in range(20)]
        assert mistakes[-1] == 0
        np.testing.assert_array_equal(p.predict(XOR_X), targets)


def test_perceptron_never_stops_making_mistakes_on_xor():
    p = Perceptron(2)
    mistakes = [p.learn(XOR_X, [0, 1, 1, 0]) for _ in range(100)]
    assert min(mistakes) > 0
    assert not np.array_equal(p.predict(XOR_X), [0, 1, 1, 0])


def test_perceptron_rejects_bad_targets_inputs_and_rates():
    p = Perceptron(2)
    with pytest.raises(ValueError, match="label 2 in t"):
        p.learn(XOR_X, [0, 1, 2, 0])
    with pytest.raises(ValueError, match="same number of examples"):
        p.learn(XOR_X, [0, 1])
    with pytest.raises(ValueError, match=r"x must have shape \(N, 2\)"):
        p.predict(np.ones((4, 3)))
    with pytest.raises(ValueError, match="lr"):
        Perceptron(2, lr=-1.0)
    with pytest.raises(ValueError, match="weights must have shape"):
        Perceptron(2, weights=[1.0, 2.0, 3.0])
