"""Tests for nnbook.layers: every backward pass against the numerical gradient, and the rest."""

from __future__ import annotations

import numpy as np
import pytest
from gradcheck import BN_MIN_VAR, BN_STEP, GRADCHECK_SETTINGS, assert_grad_close
from hypothesis import assume, given
from hypothesis import strategies as st

from nnbook import functions as F
from nnbook.gradient import numerical_gradient
from nnbook.layers import (
    AddLayer,
    Affine,
    BatchNormalization,
    Dropout,
    MulLayer,
    Relu,
    Sigmoid,
    SoftmaxWithLoss,
    Tanh,
)

seeds = st.integers(0, 2**32 - 1)
batches = st.integers(2, 6)
features = st.integers(1, 6)


def weighted_sum_gradient(forward, wrt: np.ndarray, G: np.ndarray, h: float = 1e-4):
    """Numerical gradient of ``L = sum(forward() * G)`` with respect to the array `wrt`.

    `forward` must read `wrt` (a layer input or a parameter the layer holds by reference), so
    that the in-place perturbation of :func:`numerical_gradient` reaches it.
    """
    return numerical_gradient(lambda _: float(np.sum(forward() * G)), wrt, h=h)


def away_from_zero(rng, shape) -> np.ndarray:
    """Values with |x| in [0.1, 2]: no ReLU kink within a step h = 1e-4 of any entry."""
    return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.1, 2.0, size=shape)


# --------------------------------------------------------------------------- gradient checks


@pytest.mark.parametrize("layer_cls", [Relu, Sigmoid, Tanh])
@GRADCHECK_SETTINGS
@given(n=batches, d=features, seed=seeds)
def test_activation_layer_backward_matches_numerical_gradient(layer_cls, n, d, seed):
    rng = np.random.default_rng(seed)
    x, G = away_from_zero(rng, (n, d)), rng.standard_normal((n, d))
    layer = layer_cls()
    layer.forward(x)
    dx = layer.backward(G)
    assert_grad_close(dx, weighted_sum_gradient(lambda: layer.forward(x), x, G), "dx")


@GRADCHECK_SETTINGS
@given(n=batches, d_in=features, d_out=features, seed=seeds)
def test_affine_backward_matches_numerical_gradient_for_x_W_and_b(n, d_in, d_out, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, d_in))
    layer = Affine(rng.standard_normal((d_in, d_out)), rng.standard_normal(d_out))
    G = rng.standard_normal((n, d_out))

    def forward():
        return layer.forward(x)

    forward()
    dx = layer.backward(G)
    assert_grad_close(dx, weighted_sum_gradient(forward, x, G), "dx")
    assert_grad_close(layer.dW, weighted_sum_gradient(forward, layer.W, G), "dW")
    assert_grad_close(layer.db, weighted_sum_gradient(forward, layer.b, G), "db")


@GRADCHECK_SETTINGS
@given(
    shape=st.tuples(batches, st.integers(1, 3), st.integers(1, 3), st.integers(1, 3)),
    d_out=features,
    seed=seeds,
)
def test_affine_on_image_batches_returns_dx_in_the_original_shape(shape, d_out, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape)  # (N, C, H, W)
    d_in = int(np.prod(shape[1:]))
    layer = Affine(rng.standard_normal((d_in, d_out)), rng.standard_normal(d_out))
    G = rng.standard_normal((shape[0], d_out))

    def forward():
        return layer.forward(x)

    out = forward()
    np.testing.assert_allclose(out, x.reshape(shape[0], -1) @ layer.W + layer.b)
    dx = layer.backward(G)
    assert dx.shape == shape
    assert_grad_close(dx, weighted_sum_gradient(forward, x, G), "dx")
    assert_grad_close(layer.dW, weighted_sum_gradient(forward, layer.W, G), "dW")
    assert_grad_close(layer.db, weighted_sum_gradient(forward, layer.b, G), "db")


@pytest.mark.parametrize("label_kind", ["one-hot", "integer"])
@GRADCHECK_SETTINGS
@given(n=batches, c=st.integers(2, 6), seed=seeds)
def test_softmax_with_loss_backward_matches_numerical_gradient(label_kind, n, c, seed):
    rng = np.random.default_rng(seed)
    x = 3 * rng.standard_normal((n, c))
    labels = rng.integers(0, c, size=n)
    t = np.eye(c)[labels] if label_kind == "one-hot" else labels
    g = float(rng.uniform(0.5, 2.0))  # dL/d(loss) for L = g · loss
    layer = SoftmaxWithLoss()
    layer.forward(x, t)
    dx = layer.backward(g)
    numeric = numerical_gradient(lambda _: g * layer.forward(x, t), x)
    assert_grad_close(dx, numeric, "dx")


@GRADCHECK_SETTINGS
@given(n=st.integers(3, 6), d=features, seed=seeds)
def test_batchnorm_backward_matches_numerical_gradient_for_x_gamma_and_beta(n, d, seed):
    # A batch of 2 normalises every feature to exactly ±1, leaving an all-but-zero gradient,
    # so the check starts at batch 3.
    rng = np.random.default_rng(seed)
    x = 2 * rng.standard_normal((n, d)) + 1
    assume(np.min(x.var(axis=0)) > BN_MIN_VAR)
    layer = BatchNormalization(rng.uniform(0.5, 2.0, d), rng.standard_normal(d))
    G = rng.standard_normal((n, d))

    def forward():
        return layer.forward(x, train=True)

    def numeric(wrt):
        return weighted_sum_gradient(forward, wrt, G, h=BN_STEP)

    forward()
    dx = layer.backward(G)
    assert_grad_close(dx, numeric(x), "dx")
    assert_grad_close(layer.dgamma, numeric(layer.gamma), "dgamma")
    assert_grad_close(layer.dbeta, numeric(layer.beta), "dbeta")


@GRADCHECK_SETTINGS
@given(n=batches, d=features, ratio=st.sampled_from([0.0, 0.2, 0.5, 0.8]), seed=seeds)
def test_dropout_backward_with_a_fixed_mask_matches_numerical_gradient(n, d, ratio, seed):
    rng = np.random.default_rng(seed)
    x, G = rng.standard_normal((n, d)), rng.standard_normal((n, d))
    layer = Dropout(ratio, rng=seed)
    layer.forward(x)  # draws the mask that every later pass reuses
    mask = layer.mask.copy()
    dx = layer.backward(G)
    numeric = weighted_sum_gradient(lambda: layer.forward(x, reuse_mask=True), x, G)
    np.testing.assert_array_equal(layer.mask, mask)
    assert_grad_close(dx, numeric, "dx")


@pytest.mark.parametrize("layer_cls", [MulLayer, AddLayer])
@GRADCHECK_SETTINGS
@given(n=batches, d=features, seed=seeds)
def test_mul_and_add_layer_backward_matches_numerical_gradient(layer_cls, n, d, seed):
    rng = np.random.default_rng(seed)
    x, y, G = (rng.standard_normal((n, d)) for _ in range(3))
    layer = layer_cls()

    def forward():
        return layer.forward(x, y)

    forward()
    dx, dy = layer.backward(G)
    assert_grad_close(dx, weighted_sum_gradient(forward, x, G), "dx")
    assert_grad_close(dy, weighted_sum_gradient(forward, y, G), "dy")


# --------------------------------------------------------------------------- the book's examples


def test_apple_example_price_and_gradients():
    mul_apple, mul_tax = MulLayer(), MulLayer()
    price = mul_tax.forward(mul_apple.forward(100, 2), 1.1)
    assert price == pytest.approx(220.0)
    dapple_price, dtax = mul_tax.backward(1)
    dapple, dapple_num = mul_apple.backward(dapple_price)
    assert (dapple, dapple_num, dtax) == pytest.approx((2.2, 110.0, 200.0))


def test_apple_and_orange_example_price_and_gradients():
    mul_apple, mul_orange, add, mul_tax = MulLayer(), MulLayer(), AddLayer(), MulLayer()
    apple_price = mul_apple.forward(100, 2)
    orange_price = mul_orange.forward(150, 3)
    price = mul_tax.forward(add.forward(apple_price, orange_price), 1.1)
    assert price == pytest.approx(715.0)
    dall_price, dtax = mul_tax.backward(1)
    dapple_price, dorange_price = add.backward(dall_price)
    dorange, dorange_num = mul_orange.backward(dorange_price)
    dapple, dapple_num = mul_apple.backward(dapple_price)
    assert (dapple, dapple_num, dorange, dorange_num, dtax) == pytest.approx(
        (2.2, 110.0, 3.3, 165.0, 650.0)
    )


# --------------------------------------------------------------------------- every layer


def _activation(layer_cls):
    def build(x, rng):
        return layer_cls(), (x,)

    return build


def _affine(x, rng):
    d_in = int(np.prod(x.shape[1:]))
    W = rng.standard_normal((d_in, 2)).astype(x.dtype)
    return Affine(W, rng.standard_normal(2).astype(x.dtype)), (x,)


def _affine_4d(x, rng):
    return _affine(x.reshape(2, 3, 2, 1), rng)


def _softmax_integer(x, rng):
    return SoftmaxWithLoss(), (x, np.array([0, 2, 1, 2]))


def _softmax_one_hot(x, rng):
    return SoftmaxWithLoss(), (x, np.eye(3, dtype=np.int64)[[0, 2, 1, 2]])


def _batchnorm(x, rng):
    gamma = rng.uniform(0.5, 2.0, x.shape[1]).astype(x.dtype)
    return BatchNormalization(gamma, rng.standard_normal(x.shape[1]).astype(x.dtype)), (x,)


def _dropout(x, rng):
    return Dropout(0.5, rng=0), (x,)


def _binary(layer_cls):
    def build(x, rng):
        return layer_cls(), (x, rng.standard_normal(x.shape).astype(x.dtype))

    return build


LAYER_BUILDERS = {
    "Relu": _activation(Relu),
    "Sigmoid": _activation(Sigmoid),
    "Tanh": _activation(Tanh),
    "Affine": _affine,
    "Affine-4d": _affine_4d,
    "SoftmaxWithLoss-int": _softmax_integer,
    "SoftmaxWithLoss-onehot": _softmax_one_hot,
    "BatchNormalization": _batchnorm,
    "Dropout": _dropout,
    "MulLayer": _binary(MulLayer),
    "AddLayer": _binary(AddLayer),
}


def build_layer(name, dtype=np.float64, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((4, 3)).astype(dtype)
    return LAYER_BUILDERS[name](x, rng)


def as_tuple(grads):
    return grads if isinstance(grads, tuple) else (grads,)


@pytest.mark.parametrize("name", LAYER_BUILDERS)
def test_forward_does_not_modify_its_inputs(name):
    layer, inputs = build_layer(name)
    before = [np.array(a, copy=True) for a in inputs]
    layer.forward(*inputs)
    for a, b in zip(inputs, before, strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("name", LAYER_BUILDERS)
def test_backward_does_not_modify_the_incoming_gradient(name):
    layer, inputs = build_layer(name)
    out = layer.forward(*inputs)
    dout = np.array(np.random.default_rng(1).standard_normal(np.shape(out)))
    before = dout.copy()
    layer.backward(dout)
    np.testing.assert_array_equal(dout, before)


@pytest.mark.parametrize("name", LAYER_BUILDERS)
def test_float32_stays_float32_through_forward_and_backward(name):
    layer, inputs = build_layer(name, dtype=np.float32)
    out = layer.forward(*inputs)
    if isinstance(layer, SoftmaxWithLoss):
        assert layer.y.dtype == np.float32
        dout = np.float32(1.0)
    else:
        assert out.dtype == np.float32
        dout = np.ones_like(out)
    for grad in as_tuple(layer.backward(dout)):
        assert grad.dtype == np.float32
    for attr in ("dW", "db", "dgamma", "dbeta"):
        if hasattr(layer, attr):
            assert getattr(layer, attr).dtype == np.float32, attr


@pytest.mark.parametrize("name", [n for n in LAYER_BUILDERS if n != "AddLayer"])
def test_backward_before_forward_raises_runtime_error(name):
    layer, _ = build_layer(name)
    with pytest.raises(RuntimeError, match="backward called before forward"):
        layer.backward(np.ones((4, 3)))


@pytest.mark.parametrize(
    "name", ["Relu", "Sigmoid", "Tanh", "Dropout", "Affine", "Affine-4d", "BatchNormalization"]
)
def test_backward_rejects_a_dout_that_would_broadcast_into_a_wrong_gradient(name):
    layer, inputs = build_layer(name)
    out = layer.forward(*inputs)
    n, width = out.shape
    for bad in [(n, 1), (width,), (1, width), (n, width + 1)]:
        with pytest.raises(ValueError, match=rf"dout of shape \({bad[0]},"):
            layer.backward(np.ones(bad))
    layer.backward(np.ones_like(out))  # the right shape still works after a refusal


def test_batchnorm_backward_after_an_inference_pass_raises_instead_of_using_a_stale_cache():
    layer, (x,) = build_layer("BatchNormalization")
    layer.forward(x, train=True)
    layer.forward(x[:2], train=False)
    with pytest.raises(RuntimeError, match=r"training mode.*train=False"):
        layer.backward(np.ones((2, 3)))
    layer.forward(x, train=True)
    assert layer.backward(np.ones_like(x)).shape == x.shape


def test_dropout_backward_after_an_inference_pass_raises_instead_of_using_a_stale_mask():
    layer = Dropout(0.5, rng=0)
    x = np.ones((4, 3))
    layer.forward(x, train=True)
    layer.forward(x, train=False)
    with pytest.raises(RuntimeError, match=r"Dropout\.backward .*training mode.*train=False"):
        layer.backward(np.ones_like(x))
    layer.forward(x, train=True)
    assert layer.backward(np.ones_like(x)).shape == x.shape


def test_softmax_with_loss_backward_rejects_a_non_scalar_dout_instead_of_broadcasting():
    layer = SoftmaxWithLoss()
    layer.forward(np.zeros((2, 3)), np.array([0, 1]))
    with pytest.raises(ValueError, match=r"SoftmaxWithLoss\.backward got dout of shape \(2, 3\)"):
        layer.backward(np.ones((2, 3)))
    assert layer.backward(2.0).shape == (2, 3)


@pytest.mark.parametrize("x", [np.ones(3), np.float64(1.0)], ids=["1-D", "0-D"])
def test_affine_says_a_single_sample_lacks_its_batch_axis(x):
    layer = Affine(np.ones((3, 2)), np.zeros(2))
    with pytest.raises(ValueError, match=r"no batch axis; for a single sample pass x\.reshape"):
        layer.forward(x)
    np.testing.assert_array_equal(layer.forward(np.ones(3).reshape(1, -1)), [[3.0, 3.0]])


# --------------------------------------------------------------------------- single layers


def test_relu_blocks_the_gradient_where_the_input_was_not_positive():
    layer = Relu()
    out = layer.forward(np.array([[1.0, -0.5, 0.0], [-2.0, 3.0, 0.5]]))
    np.testing.assert_array_equal(out, [[1.0, 0.0, 0.0], [0.0, 3.0, 0.5]])
    np.testing.assert_array_equal(layer.backward(np.full((2, 3), 2.0)), [[2, 0, 0], [0, 2, 2]])


@pytest.mark.parametrize(
    ("layer_cls", "derivative"),
    [(Sigmoid, F.sigmoid_grad), (Tanh, lambda x: 1 - np.tanh(x) ** 2), (Relu, F.relu_grad)],
)
def test_activation_layer_backward_is_dout_times_the_derivative(layer_cls, derivative):
    x = np.linspace(-3, 3, 12).reshape(3, 4)
    dout = np.arange(12.0).reshape(3, 4)
    layer = layer_cls()
    layer.forward(x)
    np.testing.assert_allclose(layer.backward(dout), dout * derivative(x), atol=1e-15)


def test_affine_rejects_input_of_the_wrong_width_naming_the_expected_width():
    layer = Affine(np.ones((3, 2)), np.zeros(2))
    with pytest.raises(ValueError, match=r"expects 3 input features .* shape \(2, 4\)"):
        layer.forward(np.ones((2, 4)))


@pytest.mark.parametrize(
    ("W_shape", "b_shape"), [((3,), (3,)), ((3, 2), (3,)), ((3, 2), (1, 2)), ((2, 3, 1), (1,))]
)
def test_affine_rejects_parameters_of_mismatched_shapes(W_shape, b_shape):
    with pytest.raises(ValueError, match=r"W of shape \(n_in, n_out\)"):
        Affine(np.ones(W_shape), np.zeros(b_shape))


def test_affine_holds_its_parameters_by_reference_so_in_place_updates_take_effect():
    W, b = np.ones((2, 2)), np.zeros(2)
    layer = Affine(W, b)
    W *= 3.0
    b += 1.0
    np.testing.assert_array_equal(layer.forward(np.array([[1.0, 1.0]])), [[7.0, 7.0]])


def test_softmax_with_loss_equals_the_softmax_cross_entropy():
    x = np.array([[0.3, 2.9, 4.0], [1.0, -1.0, 0.5]])
    layer = SoftmaxWithLoss()
    loss = layer.forward(x, [2, 0])
    np.testing.assert_allclose(layer.y, F.softmax(x))
    assert loss == pytest.approx(F.softmax_loss(x, [2, 0]), abs=1e-6)  # CE adds δ = 1e-7


def test_softmax_with_loss_is_exact_for_huge_scores():
    layer = SoftmaxWithLoss()
    assert layer.forward(np.array([[1000.0, 0.0]]), [1]) == pytest.approx(1000.0)
    np.testing.assert_allclose(layer.backward(), [[1.0, -1.0]])


@GRADCHECK_SETTINGS
@given(n=batches, c=st.integers(2, 6), seed=seeds)
def test_softmax_with_loss_one_hot_and_integer_labels_agree(n, c, seed):
    rng = np.random.default_rng(seed)
    x, labels = rng.standard_normal((n, c)), rng.integers(0, c, size=n)
    a, b = SoftmaxWithLoss(), SoftmaxWithLoss()
    assert a.forward(x, labels) == b.forward(x, np.eye(c)[labels])
    dx = a.backward()
    np.testing.assert_array_equal(dx, b.backward())
    np.testing.assert_allclose(dx.sum(axis=1), 0.0, atol=1e-15)  # (y − t) / N sums to 0


@pytest.mark.parametrize(
    ("t", "message"),
    [
        (np.array([0, 3]), r"label 3 .*out of range for 3 classes"),
        (np.array([-1, 0]), r"label -1 .*out of range for 3 classes"),
        (np.array([0, 1, 2]), r"fit neither one-hot"),
        (np.array([[1, 1, 0], [0, 0, 1]]), r"not one-hot"),
    ],
    ids=["too-large", "negative", "wrong-shape", "not-one-hot"],
)
def test_softmax_with_loss_rejects_bad_labels_with_a_clear_message(t, message):
    with pytest.raises(ValueError, match=message):
        SoftmaxWithLoss().forward(np.zeros((2, 3)), t)


def test_softmax_with_loss_rejects_scores_that_are_not_a_batch():
    with pytest.raises(ValueError, match=r"\(N, classes\)"):
        SoftmaxWithLoss().forward(np.zeros(3), 0)


@GRADCHECK_SETTINGS
@given(n=st.integers(3, 6), d=features, seed=seeds)
def test_batchnorm_training_output_has_zero_mean_and_unit_variance(n, d, seed):
    x = 5 * np.random.default_rng(seed).standard_normal((n, d)) + 3
    bn = BatchNormalization(np.ones(d), np.zeros(d))
    out = bn.forward(x)
    var = x.var(axis=0)
    np.testing.assert_allclose(out.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(out.var(axis=0), var / (var + bn.eps), rtol=1e-10)  # ≈ 1


def test_batchnorm_updates_running_averages_and_uses_them_at_inference():
    x = np.array([[1.0, 10.0], [3.0, 30.0]])
    bn = BatchNormalization(np.ones(2), np.zeros(2), momentum=0.9)
    bn.forward(x)
    np.testing.assert_allclose(bn.running_mean, [0.2, 2.0])
    np.testing.assert_allclose(bn.running_var, [0.1, 10.0])
    for _ in range(300):
        train_out = bn.forward(x, train=True)
    np.testing.assert_allclose(bn.forward(x, train=False), train_out, atol=1e-6)


def test_batchnorm_inference_does_not_change_the_running_averages():
    bn = BatchNormalization(np.ones(2), np.zeros(2))
    bn.forward(np.array([[1.0, 10.0], [3.0, 30.0]]))
    mean, var = bn.running_mean.copy(), bn.running_var.copy()
    bn.forward(np.array([[100.0, 100.0]]), train=False)
    np.testing.assert_array_equal(bn.running_mean, mean)
    np.testing.assert_array_equal(bn.running_var, var)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"gamma": np.ones(2), "beta": np.zeros(3)}, "same length"),
        ({"gamma": np.ones((2, 2)), "beta": np.zeros((2, 2))}, "1-D"),
        ({"gamma": np.ones(2), "beta": np.zeros(2), "momentum": 1.0}, "momentum"),
        ({"gamma": np.ones(2), "beta": np.zeros(2), "momentum": -0.1}, "momentum"),
        ({"gamma": np.ones(2), "beta": np.zeros(2), "eps": 0.0}, r"eps must be a positive"),
        ({"gamma": np.ones(2), "beta": np.zeros(2), "eps": float("nan")}, r"eps .*got nan"),
    ],
)
def test_batchnorm_rejects_bad_parameters(kwargs, message):
    with pytest.raises(ValueError, match=message):
        BatchNormalization(**kwargs)


def test_batchnorm_rejects_input_of_the_wrong_width():
    with pytest.raises(ValueError, match="expects 2 input features"):
        BatchNormalization(np.ones(2), np.zeros(2)).forward(np.ones((3, 4)))


@pytest.mark.parametrize("ratio", [-0.1, 1.0, 1.5, float("nan"), "0.5", None])
def test_dropout_ratio_outside_zero_to_one_is_rejected(ratio):
    with pytest.raises(ValueError, match=r"ratio must be a number in \[0, 1\), got"):
        Dropout(ratio)


@pytest.mark.parametrize("ratio", [0.1, 0.5, 0.8])
def test_dropout_training_drops_about_ratio_and_scales_survivors(ratio):
    out = Dropout(ratio, rng=0).forward(np.ones((200, 100)))
    np.testing.assert_allclose(np.unique(out), [0.0, 1 / (1 - ratio)])
    assert np.mean(out == 0) == pytest.approx(ratio, abs=0.01)
    assert out.mean() == pytest.approx(1.0, abs=0.03)  # inverted dropout keeps the expectation


def test_dropout_inference_passes_the_input_through_unchanged():
    x = np.random.default_rng(0).standard_normal((3, 4))
    np.testing.assert_array_equal(Dropout(0.5, rng=0).forward(x, train=False), x)


@pytest.mark.parametrize("ratio", [0.2, 0.5])
def test_original_dropout_keeps_survivors_unscaled_and_scales_at_inference(ratio):
    layer = Dropout(ratio, rng=0, inverted=False)
    out = layer.forward(np.ones((200, 100)))
    np.testing.assert_array_equal(np.unique(out), [0.0, 1.0])
    # the expectation of training equals the inference output, as for the inverted form
    inference = layer.forward(np.ones((200, 100)), train=False)
    np.testing.assert_allclose(inference, 1 - ratio)
    assert out.mean() == pytest.approx(1 - ratio, abs=0.01)


def test_original_dropout_backward_passes_the_gradient_through_the_unscaled_mask():
    layer = Dropout(0.5, rng=3, inverted=False)
    out = layer.forward(np.ones((4, 6)))
    np.testing.assert_array_equal(layer.backward(np.full((4, 6), 2.0)), 2.0 * out)


@pytest.mark.parametrize("inverted", [1, "yes", None])
def test_dropout_inverted_must_be_a_bool(inverted):
    with pytest.raises(TypeError, match=r"inverted must be True or False, got"):
        Dropout(0.5, inverted=inverted)


def test_dropout_with_ratio_zero_is_the_identity_in_training():
    x = np.random.default_rng(0).standard_normal((3, 4))
    np.testing.assert_array_equal(Dropout(0.0, rng=0).forward(x), x)


def test_dropout_masks_are_reproducible_from_a_seed_and_new_for_each_pass():
    x = np.ones((10, 10))
    a, b = Dropout(0.5, rng=42), Dropout(0.5, rng=42)
    first = a.forward(x)
    np.testing.assert_array_equal(first, b.forward(x))
    assert not np.array_equal(first, a.forward(x))


def test_dropout_reuse_mask_applies_the_previous_mask_unless_the_shape_changes():
    layer = Dropout(0.5, rng=0)
    first = layer.forward(np.ones((10, 10)))
    np.testing.assert_array_equal(layer.forward(np.ones((10, 10)), reuse_mask=True), first)
    assert layer.forward(np.ones((5, 10)), reuse_mask=True).shape == (5, 10)
