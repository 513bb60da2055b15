"""Bad input gets a clear error at the public boundary: property tests over the public API.

Hypothesis draws the mistakes readers make (a negative, zero, NaN or infinite number, a string,
None, a bool where a number goes; empty, 3-D or NaN arrays; integer arrays where floats are
changed in place) and every test asserts the error type and that the message names the
argument. The last tests check the other side: valid input gives no NumPy RuntimeWarning.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnbook import experiments, init, layers, neighbors, nets, optimizers, plotting, util
from nnbook import functions as F
from nnbook import gradient as G
from nnbook import trainer as trainer_module
from nnbook.graph import Graph
from nnbook.trainer import Trainer

FAST = settings(max_examples=30, deadline=None)

#: Values that are never a valid positive number.
NOT_POSITIVE = st.one_of(
    st.floats(max_value=0.0),  # zero, negatives, -inf
    st.just(math.nan),
    st.just(math.inf),
    st.text(max_size=3),
    st.none(),
    st.booleans(),
)
#: Values that are never a valid number >= 0.
NOT_NON_NEGATIVE = st.one_of(
    st.floats(max_value=-1e-300), st.just(math.nan), st.just(math.inf), st.text(), st.none()
)
#: Values that are never a whole count of at least 1.
NOT_A_COUNT = st.one_of(
    st.integers(max_value=0),
    st.floats(0.01, 1e6).filter(lambda v: v != int(v)),
    st.just(math.nan),
    st.text(max_size=3),
    st.booleans(),
)

#: (callable taking the bad value, the argument name its message must contain)
POSITIVE_ARGUMENTS = {
    "SGD lr": (lambda v: optimizers.SGD(lr=v), "lr"),
    "Momentum lr": (lambda v: optimizers.Momentum(lr=v), "lr"),
    "AdaGrad eps": (lambda v: optimizers.AdaGrad(eps=v), "eps"),
    "RMSprop eps": (lambda v: optimizers.RMSprop(eps=v), "eps"),
    "Adam eps": (lambda v: optimizers.Adam(eps=v), "eps"),
    "AdamW lr": (lambda v: optimizers.AdamW(lr=v), "lr"),
    "StepDecay initial_lr": (lambda v: optimizers.StepDecay(v, 10), "initial_lr"),
    "ExponentialDecay decay_steps": (
        lambda v: optimizers.ExponentialDecay(0.1, 0.5, v),
        "decay_steps",
    ),
    "CosineDecay initial_lr": (lambda v: optimizers.CosineDecay(v, 100), "initial_lr"),
    "BatchNormalization eps": (
        lambda v: layers.BatchNormalization(np.ones(2), np.zeros(2), eps=v),
        "eps",
    ),
    "HingeLoss margin": (lambda v: layers.HingeLoss(margin=v), "margin"),
    "LinearClassifier margin": (lambda v: nets.LinearClassifier(4, 3, margin=v), "margin"),
    "Perceptron lr": (lambda v: nets.Perceptron(2, lr=v), "lr"),
    "numerical_diff h": (lambda v: G.numerical_diff(math.sin, 1.0, h=v), "h"),
    "numerical_gradient h": (
        lambda v: G.numerical_gradient(lambda x: float(np.sum(x**2)), np.ones(2), h=v),
        "h",
    ),
    "gradient_descent lr": (
        lambda v: G.gradient_descent(lambda x: float(np.sum(x**2)), np.ones(2), lr=v),
        "lr",
    ),
    "init_weight std": (lambda v: init.init_weight(3, 2, v, rng=0), "standard deviation"),
    "clip_grad_norm max_norm": (
        lambda v: optimizers.clip_grad_norm({"W": np.ones(2)}, v),
        "max_norm",
    ),
}

NON_NEGATIVE_ARGUMENTS = {
    "MultiLayerNet weight_decay_lambda": (
        lambda v: nets.MultiLayerNet(2, [3], 2, weight_decay_lambda=v),
        "weight_decay_lambda",
    ),
    "LinearClassifier weight_decay_lambda": (
        lambda v: nets.LinearClassifier(2, 3, weight_decay_lambda=v),
        "weight_decay_lambda",
    ),
    "AdamW weight_decay": (lambda v: optimizers.AdamW(weight_decay=v), "weight_decay"),
    "CosineDecay min_lr": (lambda v: optimizers.CosineDecay(0.1, 100, min_lr=v), "min_lr"),
}


def small_trainer(**kwargs):
    kwargs.setdefault("batch_size", 2)
    return Trainer(nets.TwoLayerNet(2, 3, 2, rng=0), np.zeros((4, 2)), np.zeros(4, int), **kwargs)


COUNT_ARGUMENTS = {
    "Trainer epochs": (lambda v: small_trainer(epochs=v), "epochs"),
    "Trainer batch_size": (lambda v: small_trainer(batch_size=v), "batch_size"),
    "Trainer max_iterations": (lambda v: small_trainer(max_iterations=v), "max_iterations"),
    "Trainer patience": (lambda v: small_trainer(patience=v), "patience"),
    "StepDecay step_size": (lambda v: optimizers.StepDecay(0.1, v), "step_size"),
    "CosineDecay total_steps": (lambda v: optimizers.CosineDecay(0.1, v), "total_steps"),
    "LinearWarmup warmup_steps": (lambda v: optimizers.LinearWarmup(0.1, v), "warmup_steps"),
}


def assert_names(call, value, name):
    with pytest.raises((TypeError, ValueError)) as error:
        call(value)
    assert name in str(error.value), str(error.value)


@pytest.mark.parametrize("case", sorted(POSITIVE_ARGUMENTS))
@FAST
@given(value=NOT_POSITIVE)
def test_a_number_that_must_be_positive_is_rejected_by_name(case, value):
    assert_names(*POSITIVE_ARGUMENTS[case][:1], value, POSITIVE_ARGUMENTS[case][1])


@pytest.mark.parametrize("case", sorted(NON_NEGATIVE_ARGUMENTS))
@FAST
@given(value=NOT_NON_NEGATIVE)
def test_a_number_that_must_not_be_negative_is_rejected_by_name(case, value):
    call, name = NON_NEGATIVE_ARGUMENTS[case]
    assert_names(call, value, name)


@pytest.mark.parametrize("case", sorted(COUNT_ARGUMENTS))
@FAST
@given(value=NOT_A_COUNT)
def test_a_count_that_is_not_a_whole_positive_number_is_rejected_by_name(case, value):
    call, name = COUNT_ARGUMENTS[case]
    assert_names(call, value, name)


LOSSES = {
    "mean_squared_error": lambda y, t: F.mean_squared_error(y, np.zeros_like(y)),
    "cross_entropy_error": lambda y, t: F.cross_entropy_error(y, t),
    "softmax_loss": lambda y, t: F.softmax_loss(y, t),
    "hinge_loss": lambda y, t: F.hinge_loss(y, t),
    "SoftmaxWithLoss": lambda y, t: layers.SoftmaxWithLoss().forward(y, t),
    "HingeLoss": lambda y, t: layers.HingeLoss().forward(y, t),
}


@pytest.mark.parametrize("loss", sorted(LOSSES))
@pytest.mark.parametrize("classes", [1, 3, 10])
def test_an_empty_batch_is_an_error_not_a_nan_loss(loss, classes):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "mean of empty slice" on the way
        with pytest.raises(ValueError, match="empty"):
            LOSSES[loss](np.zeros((0, classes)), np.zeros(0, dtype=int))


def test_accuracy_of_an_empty_batch_is_an_error():
    with pytest.raises(ValueError, match="empty"):
        nets.TwoLayerNet(2, 3, 2, rng=0).accuracy(np.zeros((0, 2)), np.zeros(0, dtype=int))


@pytest.mark.parametrize("loss", sorted(LOSSES))
@FAST
@given(shape=hnp.array_shapes(min_dims=3, max_dims=4, min_side=1, max_side=3))
def test_losses_reject_arrays_of_three_or_more_axes_naming_the_shape(loss, shape):
    y = np.full(shape, 1.0 / shape[-1])
    with pytest.raises(ValueError, match=r"shape|\(N, classes\)"):
        LOSSES[loss](y, np.zeros(shape[:-1], dtype=int))


@FAST
@given(
    bad=st.one_of(st.floats(max_value=-1e-9), st.floats(min_value=1.0 + 1e-9), st.just(math.nan))
)
def test_cross_entropy_rejects_values_that_are_not_probabilities(bad):
    y = np.array([[0.5, 0.5, 0.0]])
    y[0, 2] = bad
    with pytest.raises(ValueError, match=r"y must hold probabilities in \[0, 1\]"):
        F.cross_entropy_error(y, [1])


def test_accuracy_with_a_nan_input_names_the_input():
    net = nets.TwoLayerNet(2, 3, 2, rng=0)
    with pytest.raises(ValueError, match="input x holds NaN"):
        net.accuracy([[math.nan, 0.0]], [0])


def test_accuracy_of_a_network_whose_weights_overflowed_says_so():
    net = nets.TwoLayerNet(2, 3, 2, rng=0)
    net.params["W1"][:] = math.inf
    net.params["W1"][0, 0] = -math.inf
    with pytest.raises(FloatingPointError, match="scores hold NaN"):
        with np.errstate(invalid="ignore"):
            net.accuracy([[1.0, 1.0]], [0])


@FAST
@given(bad=st.one_of(st.none(), st.text(max_size=3), st.just(["a", "b"])))
def test_relative_error_of_non_numbers_names_the_argument(bad):
    with pytest.raises(TypeError, match=r"\ba must be a numeric array"):
        G.relative_error(bad, np.zeros(2))
    with pytest.raises(TypeError, match=r"\bb must be a numeric array"):
        G.relative_error(np.zeros(2), bad)


def test_relative_error_of_nan_arrays_is_an_error_not_nan():
    with pytest.raises(ValueError, match="NaN or inf"):
        G.relative_error([math.nan], [1.0])


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.complex128, np.bool_])
def test_affine_rejects_weights_that_are_not_floats(dtype):
    with pytest.raises(TypeError, match="W must be a floating-point numpy array"):
        layers.Affine(np.ones((2, 2), dtype=dtype), np.zeros(2))
    with pytest.raises(TypeError, match="b must be a floating-point numpy array"):
        layers.Affine(np.ones((2, 2)), np.zeros(2, dtype=dtype))


@FAST
@given(bad=st.one_of(st.floats(max_value=0.0), st.just(math.nan), st.just(math.inf)))
def test_a_schedule_that_returns_a_bad_rate_is_stopped_before_the_update(bad):
    params = {"w": np.ones(1)}
    with pytest.raises(ValueError, match="schedule's rate at iteration 0"):
        optimizers.SGD(lr=lambda i: bad).update(params, {"w": np.ones(1)})
    assert params["w"][0] == 1.0  # nothing changed


def test_a_gradient_of_the_wrong_shape_into_softmax_with_loss_is_rejected():
    layer = layers.SoftmaxWithLoss()
    layer.forward(np.zeros((2, 3)), [0, 1])
    with pytest.raises(ValueError, match="dout of shape"):
        layer.backward(np.ones((2, 3)))


def test_a_huge_class_count_in_to_one_hot_needs_no_square_identity_matrix():
    from nnbook.datasets import to_one_hot

    labels = to_one_hot(np.array([1, 49_999]), 50_000)
    assert labels.shape == (2, 50_000) and labels.sum() == 2


# --------------------------------------------------------------------------- valid input


@FAST
@given(
    x=hnp.arrays(
        np.float64,
        hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=5),
        elements=st.floats(-1e300, 1e300),
    )
)
def test_activations_and_losses_of_finite_scores_emit_no_runtime_warning(x):
    t = np.zeros(len(x), dtype=int)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        for f in (F.sigmoid, F.relu, F.tanh, F.softmax, F.elu, F.leaky_relu):
            f(x)
        F.softmax_loss(x, t)
        F.hinge_loss(np.clip(x, -1e150, 1e150), t)
        F.cross_entropy_error(F.softmax(x), t)
        layers.SoftmaxWithLoss().forward(x, t)


@FAST
@given(scale=st.floats(1e-300, 1e300))
def test_gradient_norms_of_huge_or_tiny_finite_gradients_emit_no_warning(scale):
    grads = {"W": np.full((3, 3), scale), "b": np.full(3, -scale)}
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        norm = optimizers.clip_grad_norm(grads, 1.0)
        assert math.isfinite(norm) and norm == pytest.approx(scale * math.sqrt(12), rel=1e-9)
        assert optimizers.global_norm(grads.values()) <= 1.0 + 1e-9


def test_a_short_training_run_with_every_option_emits_no_runtime_warning():
    rng = np.random.default_rng(0)
    x, t = rng.random((40, 4)), rng.integers(0, 3, size=40)
    net = nets.MultiLayerNetExtend(4, [5, 5], 3, use_batchnorm=True, use_dropout=True, rng=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        trainer = Trainer(
            net, x, t, x, t, epochs=3, batch_size=10, optimizer="adamw",
            record_grad_norms=True, max_grad_norm=1.0, patience=2, rng=0, verbose=False,
        )  # fmt: skip
        history = trainer.train()
    assert len(history.train_loss) > 0 and set(history.grad_norms) == set(net.params)


# --------------------------------------------------------------------------- the rest of the API

FURTHER_MISTAKES = {
    # name: (call, error type, what the message must contain)
    "leaky_relu alpha": (lambda: F.leaky_relu([1.0], alpha="x"), ValueError, "alpha"),
    "elu alpha": (lambda: F.elu([1.0], alpha=math.nan), ValueError, "alpha"),
    "identity of text": (lambda: F.identity("abc"), TypeError, "x must be a numeric array"),
    "global_norm of None": (lambda: optimizers.global_norm(None), TypeError, "arrays"),
    "global_norm of text": (lambda: optimizers.global_norm(["a"]), TypeError, "arrays"),
    "step_sizes of a name": (lambda: optimizers.step_sizes("sgd", 3), TypeError, "optimizer"),
    "gaussian std": (lambda: init.gaussian(3, std=-1.0), ValueError, "std"),
    "gaussian shape": (lambda: init.gaussian(-1), ValueError, "shape"),
    "gaussian dtype": (lambda: init.gaussian(3, dtype=int), TypeError, "dtype"),
    "accuracy_table every": (
        lambda: trainer_module.accuracy_table(trainer_module.History(), 0),
        ValueError,
        "every",
    ),
    "accuracy_table history": (
        lambda: trainer_module.accuracy_table("h", 1),
        TypeError,
        "history",
    ),
    "nearest_indices k too large": (
        lambda: neighbors.nearest_indices(np.zeros((3, 2)), np.zeros((1, 2)), 5),
        ValueError,
        "k must be fewer than",
    ),
    "squared_distances widths": (
        lambda: neighbors.squared_distances(np.zeros((3, 2)), np.zeros((1, 3))),
        ValueError,
        "one width",
    ),
    "nearest_neighbour labels": (
        lambda: neighbors.nearest_neighbour(np.zeros((3, 2)), [0, 1], np.zeros((1, 2))),
        ValueError,
        "same number of examples",
    ),
    "tr of a number": (lambda: plotting.tr(1, "一"), TypeError, "en must be a string"),
    "subplots name": (lambda: plotting.subplots(name="Bad Name"), ValueError, "name"),
    "cached name": (lambda: util.cached("", lambda: 1), TypeError, "name"),
    "cached compute": (lambda: util.cached("x", 3), TypeError, "compute"),
    "fingerprint of a number": (lambda: util.experiment_fingerprint(3), TypeError, "compute"),
    "graph input of text": (lambda: Graph().input("a"), TypeError, "value"),
    "graph add of numbers": (lambda: Graph().add(1, 2), TypeError, "edges of this graph"),
    "Trainer.train_step mismatch": (
        lambda: small_trainer().train_step(np.zeros((3, 2)), np.zeros(2, int)),
        ValueError,
        "labels t",
    ),
    "SimpleNet width": (
        lambda: nets.SimpleNet(rng=0).predict(np.ones((1, 3))),
        ValueError,
        "2 features",
    ),
    "MulLayer backward first": (lambda: layers.MulLayer().backward(1.0), RuntimeError, "before"),
    "Momentum lr": (lambda: optimizers.Momentum(lr=-1), ValueError, "lr"),
    "Nesterov momentum": (lambda: optimizers.Nesterov(momentum=1.0), ValueError, "momentum"),
    "empty batch into BatchNormalization": (
        lambda: layers.BatchNormalization(np.ones(2), np.zeros(2)).forward(np.zeros((0, 2))),
        ValueError,
        "empty batch",
    ),
    "empty batch into Affine": (
        lambda: layers.Affine(np.ones((2, 2)), np.zeros(2)).forward(np.zeros((0, 2))),
        ValueError,
        "empty batch",
    ),
    "through_sigmoids k": (lambda: experiments.through_sigmoids(0.0, -1), ValueError, "k"),
    "median_seconds repeats": (
        lambda: experiments.median_seconds(lambda: None, 0),
        ValueError,
        "repeats",
    ),
    "median_seconds step": (lambda: experiments.median_seconds(3, 1), TypeError, "step"),
    "stacked_affine lengths": (
        lambda: experiments.stacked_affine(np.zeros((2, 3)), [np.zeros((3, 2))], []),
        ValueError,
        "weights and biases must be equally long",
    ),
    "sgd_steps steps": (
        lambda: experiments.sgd_steps(
            nets.TwoLayerNet(2, 3, 2, rng=0), np.zeros((200, 2)), np.zeros(200, int), steps=-1
        ),
        ValueError,
        "steps",
    ),
    "time_gradients batch_size": (
        lambda: experiments.time_gradients(0, 1, 1, 0),
        ValueError,
        "batch_size",
    ),
    "train_small_mnist n_test": (
        lambda: experiments.train_small_mnist(
            n_train=10,
            n_test=20_000,
            epochs=1,
            lr=0.01,
            weight_decay=0.0,
            dropout_ratio=0.0,
            seed=0,
        ),
        ValueError,
        "n_test can be at most the number of test images",
    ),
    "train_small_mnist n_val": (
        lambda: experiments.train_small_mnist(
            n_train=10,
            n_test=20,
            epochs=1,
            lr=0.01,
            weight_decay=0.0,
            dropout_ratio=0.0,
            seed=0,
            n_val=-1,
        ),
        ValueError,
        "n_val",
    ),
    "train_with_schedules warmup": (
        lambda: experiments.train_with_schedules(
            peak_lr=1.0, warmup=10, decay_at=5, iterations=20, batch_size=100, seed=0
        ),
        ValueError,
        "warmup must be fewer than decay_at",
    ),
}


@pytest.mark.parametrize("case", sorted(FURTHER_MISTAKES))
def test_every_public_entry_point_names_the_mistake(case):
    call, error, message = FURTHER_MISTAKES[case]
    with pytest.raises(error, match=message):
        call()
