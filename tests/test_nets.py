"""Tests for nnbook.nets: backpropagated gradients against numerical ones, and net behaviour."""

from __future__ import annotations

import numpy as np
import pytest
from gradcheck import BN_MIN_VAR, BN_STEP, GRADCHECK_SETTINGS, assert_grad_close
from hypothesis import assume, given
from hypothesis import strategies as st

from nnbook.gradient import numerical_gradient
from nnbook.layers import BatchNormalization, Dropout, Relu
from nnbook.nets import MultiLayerNet, MultiLayerNetExtend, SimpleNet, TwoLayerNet
from nnbook.optimizers import SGD

seeds = st.integers(0, 2**32 - 1)
sizes = st.integers(1, 6)
classes = st.integers(2, 6)
# Hidden layers have at least 2 units: a single unit is a bottleneck that can shrink the
# gradient of everything before it to the level of the finite-difference noise.
hidden_lists = st.lists(st.integers(2, 6), min_size=1, max_size=2)

#: Smallest distance from the ReLU kink at 0 that a gradient check accepts (h is at most 1e-4).
KINK_MARGIN = 1e-3

#: Bound on the gradient of an Affine bias that feeds a BatchNormalization: its true value is
#: exactly zero (the batch mean absorbs any shift), so relative error is meaningless there.
ZERO_GRAD_ATOL = 1e-8

ACTIVATIONS = ["relu", "sigmoid", "tanh"]


def batch(rng, n, d_in, c):
    return rng.standard_normal((n, d_in)), rng.integers(0, c, size=n)


def layer_inputs(net, x):
    """Yield ``(layer, input)`` for every layer in a training pass that reuses dropout masks."""
    out = np.asarray(x, dtype=net.dtype)
    for layer in getattr(net, "layers", []):  # SimpleNet has no layer list
        yield layer, out
        out = (
            layer.forward(out, reuse_mask=True)
            if isinstance(layer, Dropout)
            else layer.forward(out)
        )


def check_net_gradient(net, x, t, rng, zero_grad_keys=()):
    """Compare ``net.gradient`` with ``numerical_gradient`` of ``net.loss`` for every parameter.

    The biases are first set to random values (in place, so the layers see them): with the
    initial zero biases a dead ReLU unit feeds an exact 0 to the next ReLU, right on its kink,
    where no finite difference can agree with the subgradient. Draws that put a ReLU input
    within KINK_MARGIN of 0, or give a BatchNormalization input a tiny batch variance, are
    rejected; networks with BatchNormalization use the smaller step BN_STEP.
    """
    for key, param in net.params.items():
        if key.startswith("b"):
            param[...] = rng.uniform(-0.5, 0.5, param.shape)
    with net.fixed_dropout_masks():
        grads = net.gradient(x, t)
        inputs = list(layer_inputs(net, x))
        relu_in = [a for layer, a in inputs if isinstance(layer, Relu)]
        bn_in = [a for layer, a in inputs if isinstance(layer, BatchNormalization)]
        assume(all(np.min(np.abs(a)) > KINK_MARGIN for a in relu_in))
        assume(all(np.min(a.var(axis=0)) > BN_MIN_VAR for a in bn_in))
        h = BN_STEP if bn_in else 1e-4
        assert set(grads) == set(net.params)
        for key, param in net.params.items():
            numeric = numerical_gradient(lambda _: net.loss(x, t, train=True), param, h=h)
            assert grads[key].shape == param.shape, key
            if key in zero_grad_keys:
                assert np.max(np.abs(grads[key])) < ZERO_GRAD_ATOL, key
                assert np.max(np.abs(numeric)) < ZERO_GRAD_ATOL, key
            else:
                assert_grad_close(grads[key], numeric, key)


# --------------------------------------------------------------------------- gradient checks


@GRADCHECK_SETTINGS
@given(n=st.integers(2, 6), seed=seeds)
def test_simple_net_gradient_matches_numerical_gradient(n, seed):
    rng = np.random.default_rng(seed)
    net = SimpleNet(rng=seed)
    check_net_gradient(net, *batch(rng, n, 2, 3), rng)


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
@GRADCHECK_SETTINGS
@given(n=st.integers(2, 6), d_in=sizes, hidden=sizes, c=classes, seed=seeds)
def test_two_layer_net_gradient_matches_numerical_gradient(activation, n, d_in, hidden, c, seed):
    rng = np.random.default_rng(seed)
    net = TwoLayerNet(d_in, hidden, c, weight_init_std=0.5, activation=activation, rng=seed)
    check_net_gradient(net, *batch(rng, n, d_in, c), rng)


@pytest.mark.parametrize("weight_decay", [0.0, 0.1], ids=["no-decay", "decay"])
@pytest.mark.parametrize("activation", ACTIVATIONS)
@GRADCHECK_SETTINGS
@given(n=st.integers(2, 6), d_in=sizes, hidden=hidden_lists, c=classes, seed=seeds)
def test_multi_layer_net_gradient_matches_numerical_gradient(
    activation, weight_decay, n, d_in, hidden, c, seed
):
    rng = np.random.default_rng(seed)
    net = MultiLayerNet(
        d_in,
        hidden,
        c,
        activation=activation,
        weight_init_std=activation,  # He for ReLU, Xavier for sigmoid and tanh
        weight_decay_lambda=weight_decay,
        rng=seed,
    )
    check_net_gradient(net, *batch(rng, n, d_in, c), rng)


EXTEND_CONFIGS = {
    "batchnorm": {"use_batchnorm": True},
    "dropout": {"use_dropout": True, "dropout_ratio": 0.3},
    "batchnorm+dropout": {"use_batchnorm": True, "use_dropout": True},
    "batchnorm+dropout+decay-tanh": {
        "use_batchnorm": True,
        "use_dropout": True,
        "weight_decay_lambda": 0.05,
        "activation": "tanh",
        "weight_init_std": "xavier",
    },
}


@pytest.mark.parametrize("config", EXTEND_CONFIGS)
@GRADCHECK_SETTINGS
@given(n=st.integers(3, 6), d_in=sizes, hidden=hidden_lists, c=classes, seed=seeds)
def test_multi_layer_net_extend_gradient_matches_numerical_gradient(
    config, n, d_in, hidden, c, seed
):
    # Batches start at 3: a batch of 2 normalises each feature to ±1 and all but zeroes the
    # gradient flowing back through BatchNormalization.
    rng = np.random.default_rng(seed)
    net = MultiLayerNetExtend(d_in, hidden, c, rng=seed, **EXTEND_CONFIGS[config])
    batchnorm = EXTEND_CONFIGS[config].get("use_batchnorm", False)
    zero_keys = [f"b{i}" for i in range(1, len(hidden) + 1)] if batchnorm else []
    check_net_gradient(net, *batch(rng, n, d_in, c), rng, zero_grad_keys=zero_keys)


def test_net_numerical_gradient_method_agrees_with_backprop_for_dropout_and_batchnorm():
    rng = np.random.default_rng(0)
    net = MultiLayerNetExtend(4, [5, 5], 3, use_batchnorm=True, use_dropout=True, rng=0)
    x, t = batch(rng, 5, 4, 3)
    with net.fixed_dropout_masks():
        grads = net.gradient(x, t)
    numeric = net.numerical_gradient(x, t)
    for key in ("W1", "W2", "W3", "gamma1", "beta2", "b3"):
        assert_grad_close(grads[key], numeric[key], key)


# --------------------------------------------------------------------------- every network


def make_net(kind, rng=0, dtype=np.float64):
    """A small network of each kind; all take 2 features and predict 3 classes."""
    if kind == "SimpleNet":
        return SimpleNet(rng=rng, dtype=dtype)
    if kind == "TwoLayerNet":
        return TwoLayerNet(2, 4, 3, rng=rng, dtype=dtype)
    if kind == "MultiLayerNet":
        return MultiLayerNet(2, [4, 4], 3, activation="tanh", rng=rng, dtype=dtype)
    return MultiLayerNetExtend(
        2, [4, 4], 3, use_batchnorm=True, use_dropout=True, rng=rng, dtype=dtype
    )


NET_KINDS = ["SimpleNet", "TwoLayerNet", "MultiLayerNet", "MultiLayerNetExtend"]
X = np.array([[0.6, 0.9], [-1.0, 0.3], [0.2, -0.7], [1.5, 1.0], [-0.4, -0.2]])
T = np.array([2, 0, 1, 1, 0])


@pytest.mark.parametrize("kind", NET_KINDS)
@pytest.mark.parametrize("n", [1, 5])
def test_predict_gives_one_row_of_class_scores_per_sample(kind, n):
    net = make_net(kind)
    assert net.predict(X[:n]).shape == (n, 3)


@pytest.mark.parametrize("kind", NET_KINDS)
def test_gradient_has_the_keys_and_shapes_of_params(kind):
    net = make_net(kind)
    grads = net.gradient(X, T)
    assert {k: g.shape for k, g in grads.items()} == {k: p.shape for k, p in net.params.items()}


@pytest.mark.parametrize("kind", NET_KINDS)
@GRADCHECK_SETTINGS
@given(n=st.integers(1, 6), seed=seeds)
def test_one_hot_and_integer_labels_give_the_same_loss_and_accuracy(kind, n, seed):
    rng = np.random.default_rng(seed)
    net = make_net(kind)
    x, t = rng.standard_normal((n, 2)), rng.integers(0, 3, size=n)
    onehot = np.eye(3, dtype=np.int64)[t]
    accuracy = net.accuracy(x, t)
    assert accuracy == net.accuracy(x, onehot)
    assert 0.0 <= accuracy <= 1.0
    assert net.accuracy(x, np.argmax(net.predict(x), axis=1)) == 1.0
    with net.fixed_dropout_masks():
        assert net.loss(x, t) == net.loss(x, onehot)


@pytest.mark.parametrize("kind", NET_KINDS)
def test_float32_net_keeps_float32_in_params_predict_and_gradient(kind):
    net = make_net(kind, dtype=np.float32)
    assert all(p.dtype == np.float32 for p in net.params.values())
    assert net.predict(X).dtype == np.float32  # float64 input is cast to the net's dtype
    assert net.predict(X.astype(np.float32), train=True).dtype == np.float32
    assert np.isfinite(net.loss(X, T))
    grads = net.gradient(X, T)
    assert {k: g.dtype for k, g in grads.items()} == {k: np.float32 for k in net.params}


@pytest.mark.parametrize("kind", NET_KINDS)
def test_float32_gradient_is_close_to_the_float64_gradient(kind):
    grads32 = make_net(kind, dtype=np.float32).gradient(X, T)
    grads64 = make_net(kind, dtype=np.float64).gradient(X, T)
    for key in grads64:
        np.testing.assert_allclose(grads32[key], grads64[key], rtol=1e-3, atol=1e-5)


@pytest.mark.parametrize("kind", NET_KINDS)
def test_seeded_construction_is_reproducible(kind):
    a, b, other = make_net(kind, rng=5), make_net(kind, rng=5), make_net(kind, rng=6)
    assert a.params.keys() == b.params.keys()
    for key in a.params:
        np.testing.assert_array_equal(a.params[key], b.params[key])
    np.testing.assert_array_equal(a.predict(X, train=True), b.predict(X, train=True))
    first_W = next(k for k in a.params if k.startswith("W"))
    assert not np.array_equal(a.params[first_W], other.params[first_W])


@pytest.mark.parametrize("kind", NET_KINDS)
def test_nan_weights_make_the_loss_raise_floating_point_error(kind):
    net = make_net(kind)
    first_W = next(k for k in net.params if k.startswith("W"))
    net.params[first_W][0, 0] = np.nan
    with pytest.raises(FloatingPointError, match="non-finite loss"):
        net.loss(X, T)
    with pytest.raises(FloatingPointError):
        net.gradient(X, T)


@pytest.mark.parametrize("kind", NET_KINDS)
def test_label_out_of_range_names_the_label_and_the_class_count(kind):
    with pytest.raises(ValueError, match=r"label 3 .*out of range for 3 classes"):
        make_net(kind).loss(X[:2], np.array([0, 3]))


@pytest.mark.parametrize("kind", NET_KINDS)
def test_input_of_the_wrong_width_is_rejected(kind):
    with pytest.raises(ValueError, match=r"(takes 2 features|expects 2 input features)"):
        make_net(kind).predict(np.ones((3, 5)))


@pytest.mark.parametrize("kind", NET_KINDS)
def test_input_that_is_not_a_numeric_batch_is_rejected(kind):
    net = make_net(kind)
    with pytest.raises(ValueError, match="batch of shape"):
        net.predict(np.ones(2))
    with pytest.raises(TypeError, match="numeric"):
        net.predict(np.array([["a", "b"]]))


# --------------------------------------------------------------------------- single networks


def test_simple_net_reproduces_the_book_example():
    net = SimpleNet(rng=0)
    net.params["W"] = np.array(
        [[0.47355232, 0.9977393, 0.84668094], [0.85557411, 0.03563661, 0.69422093]]
    )
    x, t = np.array([[0.6, 0.9]]), np.array([[0, 0, 1]])
    np.testing.assert_allclose(net.predict(x), [[1.05414809, 0.63071653, 1.1328074]], atol=1e-7)
    assert net.loss(x, t) == pytest.approx(0.92806853663411326, abs=1e-6)
    np.testing.assert_allclose(
        net.gradient(x, t)["W"],
        [[0.21924763, 0.14356247, -0.36281009], [0.32887144, 0.2153437, -0.54421514]],
        atol=1e-6,
    )


def test_untrained_two_layer_net_has_a_loss_near_ln_10():
    net = TwoLayerNet(784, 50, 10, rng=0)
    x = np.random.default_rng(1).random((3, 784))
    assert net.loss(x, np.array([0, 1, 2])) == pytest.approx(np.log(10), abs=0.05)


@pytest.mark.parametrize("use_batchnorm", [False, True])
def test_weight_decay_adds_half_lambda_times_the_squared_weights_to_the_loss(use_batchnorm):
    lam = 0.3
    plain = MultiLayerNetExtend(2, [4, 4], 3, use_batchnorm=use_batchnorm, rng=0)
    decayed = MultiLayerNetExtend(
        2, [4, 4], 3, use_batchnorm=use_batchnorm, weight_decay_lambda=lam, rng=0
    )
    penalty = 0.5 * lam * sum(np.sum(w**2) for k, w in decayed.params.items() if k[0] == "W")
    assert decayed.loss(X, T) - plain.loss(X, T) == pytest.approx(penalty, rel=1e-12)
    grads_plain, grads_decayed = plain.gradient(X, T), decayed.gradient(X, T)
    for key, param in decayed.params.items():
        extra = lam * param if key[0] == "W" else 0.0  # biases, gamma, beta are not decayed
        np.testing.assert_allclose(grads_decayed[key], grads_plain[key] + extra, atol=1e-14)


def test_extend_net_inference_is_deterministic_while_training_passes_with_dropout_differ():
    net = MultiLayerNetExtend(2, [30, 30], 3, use_batchnorm=True, use_dropout=True, rng=0)
    net.loss(X, T)  # one training pass, so the running averages are not all zero
    np.testing.assert_array_equal(net.predict(X, train=False), net.predict(X, train=False))
    assert net.loss(X, T, train=False) == net.loss(X, T, train=False)
    assert not np.array_equal(net.predict(X, train=True), net.predict(X, train=True))
    with net.fixed_dropout_masks():
        np.testing.assert_array_equal(net.predict(X, train=True), net.predict(X, train=True))


def test_fixed_dropout_masks_is_undone_when_the_context_exits():
    net = MultiLayerNetExtend(2, [30], 3, use_dropout=True, rng=0)
    with net.fixed_dropout_masks():
        pass
    assert not np.array_equal(net.predict(X, train=True), net.predict(X, train=True))


def test_extend_net_layer_order_and_params():
    net = MultiLayerNetExtend(6, [4], 2, use_batchnorm=True, use_dropout=True, rng=0)
    assert [type(layer).__name__ for layer in net.layers] == [
        "Affine",
        "BatchNormalization",
        "Relu",
        "Dropout",
        "Affine",
    ]
    assert sorted(net.params) == ["W1", "W2", "b1", "b2", "beta1", "gamma1"]


@pytest.mark.parametrize(
    "make",
    [
        lambda: MultiLayerNet(2, [3], 2, activation="softplus"),
        lambda: TwoLayerNet(2, 3, 2, activation="softplus"),
        lambda: MultiLayerNetExtend(2, [3], 2, activation="softplus"),
    ],
)
def test_unknown_activation_is_rejected_naming_it_and_the_choices(make):
    with pytest.raises(ValueError, match=r"unknown activation 'softplus'.*relu.*sigmoid.*tanh"):
        make()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"hidden_size_list": [0]}, "positive integers"),
        ({"hidden_size_list": [2.5]}, "positive integers"),
        ({"weight_decay_lambda": -0.1}, "weight_decay_lambda"),
        ({"dtype": np.float16}, "float64 or float32"),
        ({"weight_init_std": "lecun"}, "unknown weight initialization"),
    ],
)
def test_invalid_network_arguments_are_rejected(kwargs, message):
    arguments = {"input_size": 2, "hidden_size_list": [3], "output_size": 2, **kwargs}
    with pytest.raises(ValueError, match=message):
        MultiLayerNet(**arguments)


def test_dropout_ratio_out_of_range_is_rejected_by_the_extend_net():
    with pytest.raises(ValueError, match="ratio must be a number in"):
        MultiLayerNetExtend(2, [3], 2, use_dropout=True, dropout_ratio=1.0)


def test_training_with_sgd_lowers_the_loss_and_fits_a_small_batch():
    net = MultiLayerNet(2, [10], 3, rng=0)
    optimizer = SGD(lr=0.5)
    start = net.loss(X, T)
    for _ in range(200):
        optimizer.update(net.params, net.gradient(X, T))
    assert net.loss(X, T) < 0.1 * start
    assert net.accuracy(X, T) == 1.0
