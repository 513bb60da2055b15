"""The chapter pages "Affine and Softmax-with-Loss layers" and "Backprop in a network": the
numbers and claims they state.

The pages (docs/{en,zh}/affine-softmax-layers.md, docs/{en,zh}/backprop-network.md) and their
gallery scripts (galleries/backprop_network/) compute everything at build time; these tests pin
down what the prose says about the results. Speed is never asserted by timing: that numerical
gradients are slower is checked by counting forward passes.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from gallery import run_gallery_script
from pagecode import cached_call, page_code, script_code

from nnbook.datasets import to_one_hot
from nnbook.experiments import median_seconds, time_gradients, train_two_layer_mnist
from nnbook.functions import cross_entropy_error, softmax
from nnbook.gradient import numerical_gradient, relative_error
from nnbook.init import gaussian
from nnbook.layers import Affine, Relu, SoftmaxWithLoss
from nnbook.nets import TwoLayerNet
from nnbook.util import cached

#: The thresholds of the page (after the CS231n notes), for the float64 relative error.
FINE, SUSPICIOUS, WRONG = 1e-7, 1e-4, 1e-2


# --------------------------------------------------------------------------- Affine layer


def test_affine_shapes_for_a_batch_of_100_mnist_images(mnist):
    (x_train, _), _ = mnist
    x = x_train[:100]
    W, b = gaussian((784, 50), std=0.01, rng=0), np.zeros(50)
    affine = Affine(W, b)
    a = affine.forward(x)
    assert a.shape == (100, 50)
    da = np.random.default_rng(1).standard_normal(a.shape)
    dx = affine.backward(da)
    assert dx.shape == x.shape == (100, 784)
    assert affine.dW.shape == W.shape == (784, 50)
    assert affine.db.shape == b.shape == (50,)
    # The products the page names: dx = da Wᵀ, dW = xᵀ da, db = sum over the batch axis.
    np.testing.assert_allclose(dx, da @ W.T)
    np.testing.assert_allclose(affine.dW, x.T @ da)
    np.testing.assert_allclose(affine.db, da.sum(axis=0))


def test_bias_gradient_is_the_column_sum_5_7_9():
    tiny = Affine(np.zeros((2, 3)), np.zeros(3))
    tiny.forward(np.ones((2, 2)))
    tiny.backward(np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]))
    np.testing.assert_array_equal(tiny.db, [5.0, 7.0, 9.0])


def test_affine_backward_agrees_with_the_numerical_gradient_to_rounding():
    rng = np.random.default_rng(1)
    xs = rng.standard_normal((4, 5))
    small = Affine(rng.standard_normal((5, 3)), rng.standard_normal(3))
    g = rng.standard_normal((4, 3))

    def loss_small(_):
        return float(np.sum(g * small.forward(xs)))

    small.forward(xs)
    backprop = {"x": small.backward(g), "W": small.dW, "b": small.db}
    numerical = {
        "x": numerical_gradient(loss_small, xs),
        "W": numerical_gradient(loss_small, small.W),
        "b": numerical_gradient(loss_small, small.b),
    }
    for key in backprop:
        assert relative_error(backprop[key], numerical[key]) < 1e-10  # page: about 1e-12


def test_exercise_mean_instead_of_sum_gives_relative_error_n_minus_1_over_n_plus_1():
    rng = np.random.default_rng(1)
    affine = Affine(gaussian((784, 50), std=0.01, rng=0), np.zeros(50))
    affine.forward(rng.random((100, 784)))
    da = rng.standard_normal((100, 50))
    affine.backward(da)
    err = relative_error(affine.db, da.mean(axis=0))
    assert err == pytest.approx(99 / 101)
    assert err > WRONG


# --------------------------------------------------------------------------- Softmax-with-Loss


def page_scores(t_train):
    """The page's five random score rows (after the same draws from the same generator)."""
    rng = np.random.default_rng(1)
    rng.standard_normal((100, 50))  # da
    rng.standard_normal((4, 5)), rng.standard_normal((5, 3)), rng.standard_normal(3)
    rng.standard_normal((4, 3))
    return rng.standard_normal((5, 10)), t_train[:5]


def test_softmax_with_loss_backward_is_y_minus_t_over_n(mnist):
    (_, t_train), _ = mnist
    scores, labels = page_scores(t_train)
    layer = SoftmaxWithLoss()
    layer.forward(scores, labels)
    grad = layer.backward()
    t = to_one_hot(labels)
    np.testing.assert_allclose(grad, (layer.y - t) / 5)
    # "except in the column of the true class, where 1 has been subtracted"
    np.testing.assert_allclose(5 * grad[0] + t[0], layer.y[0])
    assert np.abs(grad.sum(axis=1)).max() < 1e-15  # rows sum to zero up to rounding


def test_y_minus_t_agrees_with_the_numerical_gradient(mnist):
    (_, t_train), _ = mnist
    scores, labels = page_scores(t_train)
    layer = SoftmaxWithLoss()
    layer.forward(scores, labels)
    grad = layer.backward()
    numerical = numerical_gradient(lambda s: layer.forward(s, labels), scores)
    assert relative_error(grad, numerical) < FINE  # page: about 2e-10


def test_joined_layer_reports_1000_where_separate_functions_cap_at_16_1():
    sure_and_wrong = np.array([[1000.0, 0.0, 0.0]])
    assert softmax(sure_and_wrong)[0, 1] == 0.0  # the true class's probability rounds to 0
    joined = SoftmaxWithLoss().forward(sure_and_wrong, [1])
    separate = cross_entropy_error(softmax(sure_and_wrong), np.array([1]))
    assert joined == pytest.approx(1000.0)
    assert separate == pytest.approx(-math.log(1e-7), rel=1e-6)


def test_exercise_sure_and_right_sends_back_001_sure_and_wrong_099():
    for p_true, expected in ((0.99, -0.01), (0.01, -0.99)):
        layer = SoftmaxWithLoss()
        layer.forward(np.log([[p_true, 1 - p_true]]), [0])
        assert layer.backward()[0, 0] == pytest.approx(expected)


# --------------------------------------------------------------------------- the network


def test_two_layer_net_is_affine_relu_affine_then_softmax_with_loss():
    net = TwoLayerNet(784, 50, 10, activation="relu", rng=0)
    assert [type(layer) for layer in net.layers] == [Affine, Relu, Affine]
    assert isinstance(net.last_layer, SoftmaxWithLoss)
    assert net.layers[0].W is net.params["W1"] and net.layers[0].b is net.params["b1"]
    assert net.layers[2].W is net.params["W2"] and net.layers[2].b is net.params["b2"]
    assert sum(p.size for p in net.params.values()) == 39_760


def test_forward_and_backward_loops_by_hand_give_the_networks_gradient_exactly(mnist):
    (x_train, t_train), _ = mnist
    x, t = x_train[:100], t_train[:100]
    net = TwoLayerNet(784, 50, 10, activation="relu", rng=0)
    out = x
    for layer in net.layers:
        out = layer.forward(out)
    loss = net.last_layer.forward(out, t)
    dout = net.last_layer.backward(1.0)
    for layer in reversed(net.layers):
        dout = layer.backward(dout)
    by_hand = {
        "W1": net.layers[0].dW,
        "b1": net.layers[0].db,
        "W2": net.layers[2].dW,
        "b2": net.layers[2].db,
    }
    grads = net.gradient(x, t)
    assert loss == net.loss(x, t)
    for key, g in grads.items():
        assert g.shape == net.params[key].shape
        np.testing.assert_array_equal(g, by_hand[key])


def test_gradient_check_passes_in_float64_and_fails_in_float32():
    errors = run_gallery_script("backprop_network", "plot_gradient_check.py")["errors"]
    assert list(errors["float64"]) == ["W1", "b1", "W2", "b2"]
    assert max(errors["float64"].values()) < FINE  # page: around 1e-10
    assert min(errors["float32"].values()) > 1e-3  # "fails the check"
    assert max(errors["float32"].values()) > WRONG


def test_a_relu_kink_within_h_makes_a_correct_b1_gradient_fail_the_check(mnist):
    (x_train, t_train), _ = mnist
    x3, t3 = x_train[:3], t_train[:3]
    kinked = TwoLayerNet(784, 50, 10, activation="relu", rng=0)
    a1 = kinked.layers[0].forward(x3)
    assert np.abs(a1).min() > 10 * 1e-4  # the fresh network is far from every kink
    grad_b1 = kinked.gradient(x3, t3)["b1"]
    j = int(np.argmax(np.abs(grad_b1) * (a1[0] > 0)))
    kinked.params["b1"][j] -= a1[0, j] - 3e-5
    backprop = kinked.gradient(x3, t3)["b1"]
    numerical = numerical_gradient(lambda _: kinked.loss(x3, t3), kinked.params["b1"])
    off = np.flatnonzero(np.abs(backprop - numerical) > 1e-6)
    assert off.tolist() == [j]  # "a single one of the 50 partial derivatives is off"
    assert relative_error(backprop, numerical) > WRONG


def count_forward_passes(net):
    """Wrap the first layer's forward so that every pass through the network is counted."""
    counter = {"forward": 0}
    original = net.layers[0].forward

    def counting(x):
        counter["forward"] += 1
        return original(x)

    net.layers[0].forward = counting
    return counter


def test_numerical_gradient_needs_2p_plus_1_forward_passes_backprop_needs_one():
    net = TwoLayerNet(6, 4, 3, activation="relu", rng=0)
    x, t = np.random.default_rng(0).random((5, 6)), np.array([0, 1, 2, 0, 1])
    n_params = sum(p.size for p in net.params.values())
    counter = count_forward_passes(net)
    net.numerical_gradient(x, t)
    # Two per parameter, plus one first pass that fixes the (here absent) dropout masks.
    assert counter["forward"] == 2 * n_params + 1
    counter["forward"] = 0
    net.gradient(x, t)
    assert counter["forward"] == 1
    # For the page's 784-50-10 network: 79 520 passes against one forward and one backward.
    assert 2 * 39_760 == 79_520 > 2


def test_exercise_784_100_100_10_needs_179_220_forward_passes():
    from nnbook.nets import MultiLayerNet

    net = MultiLayerNet(784, [100, 100], 10, rng=0)
    n_params = sum(p.size for p in net.params.values())
    assert n_params == 89_610
    assert 2 * n_params == 179_220


# --------------------------------------------------------------------------- page and gallery


@pytest.mark.parametrize(
    ("script", "name"),
    [
        ("plot_gradient_check.py", "backprop_gradient_check"),
        ("plot_backprop_training.py", "backprop_mnist_relu"),
        ("plot_gradient_timing.py", "backprop_gradient_timing"),
    ],
)
def test_page_and_gallery_run_the_same_experiment_with_the_same_settings(script, name):
    """The page reads the gallery's cached results: it must ask with the same function (the one
    of nnbook.experiments) and the same settings."""
    gallery = cached_call(script_code("backprop_network", script), name)
    for lang in ("en", "zh"):
        assert cached_call(page_code(lang, "backprop-network.md"), name) == gallery


def test_timing_experiment_extrapolates_the_numerical_gradient_of_w2_to_all_parameters(mnist):
    """Run the timing experiment (not its figure) with one repetition of each step."""
    timing = time_gradients(batch_size=10, runs=1, numerical_runs=1, seed=0)
    assert (timing["n_W2"], timing["n_params"]) == (500, 39_760)
    assert timing["numerical"] == pytest.approx(timing["numerical_W2"] * 39_760 / 500)
    assert all(timing[k] > 0 for k in ("forward", "backprop", "numerical_W2"))


def test_median_seconds_calls_the_step_once_per_repeat_and_returns_a_duration():
    calls = []
    seconds = median_seconds(lambda: calls.append(1), 5)
    assert len(calls) == 5
    assert isinstance(seconds, float) and seconds >= 0


# --------------------------------------------------------------------------- training


@pytest.mark.slow
def test_ten_thousand_iterations_reach_the_books_97_percent(mnist):
    history = run_gallery_script("backprop_network", "plot_backprop_training.py")["history"]
    assert len(history.train_loss) == 10_000 and history.iterations[-1] == 10_000
    assert len(history.test_acc) == 18  # before training, 16 full epochs, the partial 17th
    assert history.test_acc[0] < 0.2
    assert np.mean(history.train_loss[:100]) < 2.1  # "leaves ln 10 almost at once"
    assert history.test_acc[1] > 0.88  # one epoch: about 90 %
    assert history.test_acc[-1] >= 0.965  # the book: about 97 %
    assert 0 < history.train_acc[-1] - history.test_acc[-1] < 0.02  # "about a point above"


@pytest.mark.slow
def test_exercise_broken_relu_backward_fails_w1_and_b1_only(mnist):
    (x_train, t_train), _ = mnist
    x3, t3 = x_train[:3], t_train[:3]
    broken = TwoLayerNet(784, 50, 10, activation="relu", rng=0)
    broken.layers[1].backward = lambda dout: dout
    numerical = broken.numerical_gradient(x3, t3)
    backprop = broken.gradient(x3, t3)
    errors = {key: relative_error(backprop[key], numerical[key]) for key in backprop}
    assert errors["W2"] < FINE and errors["b2"] < FINE
    assert 0.1 < errors["W1"] < 1 and 0.1 < errors["b1"] < 1  # "a few tenths"


@pytest.mark.slow
def test_exercise_sigmoid_ends_near_95_percent_about_two_points_below_relu(mnist):
    # The settings of the page's ReLU run (backprop-network-training), with sigmoid units.
    settings = {"weight_init_std": 0.01, "iterations": 10_000, "batch_size": 100, "lr": 0.1}
    history = cached(
        "backprop_mnist_sigmoid", train_two_layer_mnist, activation="sigmoid", seed=0, **settings
    )
    final = history.test_acc[-1]
    assert 0.94 < final < 0.96  # measured: 0.9473
    assert 0.01 < 0.9702 - final < 0.035  # the ReLU run of the page reaches 0.9702
