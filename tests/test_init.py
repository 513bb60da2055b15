"""Tests for nnbook.init: the scale of He, Xavier and constant initializations."""

from __future__ import annotations

import numpy as np
import pytest

from nnbook.init import gaussian, he, init_std, init_weight, layer_activations, xavier

N_OUT = 2000  # columns of the large draws that estimate a standard deviation


@pytest.mark.parametrize(
    ("method", "n_in", "expected"),
    [
        ("he", 50, np.sqrt(2 / 50)),
        ("relu", 200, np.sqrt(2 / 200)),
        ("He", 8, 0.5),
        ("xavier", 100, 0.1),
        ("sigmoid", 400, 0.05),
        ("tanh", 25, 0.2),
        ("XAVIER", 4, 0.5),
        (0.01, 784, 0.01),
        (1, 10, 1.0),
        (np.float32(0.5), 10, 0.5),
    ],
)
def test_init_std_gives_the_documented_standard_deviation(method, n_in, expected):
    assert init_std(method, n_in) == pytest.approx(expected, rel=1e-7)


@pytest.mark.parametrize(
    ("method", "n_in", "expected_std"),
    [("he", 200, np.sqrt(2 / 200)), ("xavier", 100, 0.1), (0.01, 784, 0.01)],
)
def test_drawn_weights_have_the_chosen_standard_deviation(method, n_in, expected_std):
    W = init_weight(n_in, N_OUT, method, rng=0)
    assert W.shape == (n_in, N_OUT)
    # With n ≥ 200 000 samples the sample std is within 1 % and the mean within 5 standard
    # errors of their true values.
    assert W.std() == pytest.approx(expected_std, rel=0.01)
    assert abs(W.mean()) < 5 * expected_std / np.sqrt(W.size)


@pytest.mark.parametrize(("function", "method"), [(he, "he"), (xavier, "xavier")])
def test_named_initializers_equal_init_weight_with_their_name(function, method):
    np.testing.assert_array_equal(function(30, 40, rng=3), init_weight(30, 40, method, rng=3))


def test_gaussian_has_the_requested_shape_and_std():
    a = gaussian((500, 400), std=0.3, rng=1)
    assert a.shape == (500, 400)
    assert a.std() == pytest.approx(0.3, rel=0.01)


@pytest.mark.parametrize(
    "draw",
    [
        lambda rng: init_weight(20, 30, "he", rng=rng),
        lambda rng: init_weight(20, 30, 0.01, rng=rng),
        lambda rng: he(20, 30, rng=rng),
        lambda rng: xavier(20, 30, rng=rng),
        lambda rng: gaussian((20, 30), rng=rng),
    ],
)
def test_draws_are_reproducible_from_a_seed(draw):
    np.testing.assert_array_equal(draw(7), draw(7))
    np.testing.assert_array_equal(draw(np.random.default_rng(7)), draw(7))
    assert not np.array_equal(draw(7), draw(8))


def test_a_shared_generator_gives_new_weights_on_every_draw():
    rng = np.random.default_rng(0)
    assert not np.array_equal(init_weight(5, 5, rng=rng), init_weight(5, 5, rng=rng))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_weights_have_the_requested_dtype(dtype):
    assert init_weight(4, 3, "xavier", rng=0, dtype=dtype).dtype == dtype
    assert he(4, 3, rng=0, dtype=dtype).dtype == dtype


def test_unknown_initialization_name_is_rejected_naming_it_and_the_choices():
    with pytest.raises(ValueError, match=r"unknown weight initialization 'kaiming'.*xavier"):
        init_std("kaiming", 10)
    with pytest.raises(ValueError, match="unknown weight initialization"):
        init_weight(10, 10, "glorot", rng=0)


@pytest.mark.parametrize("std", [0, -0.01, np.nan, np.inf, None, [0.1], True])
def test_non_positive_or_non_numeric_std_is_rejected(std):
    with pytest.raises(ValueError, match=r"method \(a standard deviation\) must be a positive"):
        init_std(std, 10)


@pytest.mark.parametrize("n_in", [0, -3, 2.5, np.nan, "10"])
def test_fan_in_must_be_a_positive_integer(n_in):
    with pytest.raises(ValueError, match="n_in must be a whole number of at least 1, got"):
        init_std("he", n_in)


@pytest.mark.parametrize("rng", ["seed", 1.5, True])
def test_an_invalid_random_source_raises_type_error(rng):
    with pytest.raises(TypeError, match="rng must be"):
        init_weight(3, 3, rng=rng)


# --------------------------------------------------------------------------- layer_activations


def test_layer_activations_match_a_hand_written_forward_pass():
    x = np.random.default_rng(0).standard_normal((50, 20))
    outputs = layer_activations(x, "xavier", activation="tanh", n_layers=3, rng=7)
    rng, z = np.random.default_rng(7), x
    for out in outputs:
        z = np.tanh(z @ init_weight(20, 20, "xavier", rng=rng))
        np.testing.assert_allclose(out, z, rtol=1e-12)
    assert len(outputs) == 3


@pytest.mark.parametrize(
    ("method", "activation", "low", "high"),
    [("he", "relu", 0.8, 1.2), ("xavier", "relu", 0.1, 0.25), (0.01, "relu", 0.0, 1e-4)],
)
def test_layer_activations_keep_or_lose_the_signal_as_the_init_rule_predicts(
    method, activation, low, high
):
    """He keeps the root mean square of ReLU outputs; Xavier halves its square per layer."""
    x = np.random.default_rng(0).standard_normal((1000, 100))
    last = layer_activations(x, method, activation=activation, rng=1)[-1]
    assert low < np.sqrt(np.mean(last**2)) < high


def test_layer_activations_reject_unknown_activation_and_bad_shapes():
    with pytest.raises(ValueError, match="unknown activation 'softplus'"):
        layer_activations(np.ones((2, 3)), "he", activation="softplus")
    with pytest.raises(ValueError, match="shape"):
        layer_activations(np.ones(3), "he")
    with pytest.raises(ValueError, match="n_layers"):
        layer_activations(np.ones((2, 3)), "he", n_layers=0)
