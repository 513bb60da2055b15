"""Tests for nnbook.optimizers: the six update rules, learning-rate schedules and get_optimizer."""

from __future__ import annotations

import re

import numpy as np
import pytest
from bowl import BOWL_LRS, OPTIMIZER_CLASSES, START, f, grad_f

from nnbook.layers import Affine
from nnbook.optimizers import (
    SGD,
    AdaGrad,
    Adam,
    ExponentialDecay,
    LinearWarmup,
    Momentum,
    Nesterov,
    RMSprop,
    StepDecay,
    descent_path,
    get_optimizer,
)


def by_name(cls):
    return cls.__name__


# --------------------------------------------------------------------------- update rules


@pytest.mark.parametrize("cls", OPTIMIZER_CLASSES, ids=by_name)
def test_optimizer_decreases_the_elongated_bowl_from_the_book_start(cls):
    params = {"xy": START.copy()}
    start = f(params["xy"])
    optimizer = cls(lr=BOWL_LRS[cls])
    for _ in range(60):
        optimizer.update(params, {"xy": grad_f(params["xy"])})
    assert f(params["xy"]) < 0.01 * start
    assert optimizer.iterations == 60


@pytest.mark.parametrize("cls", OPTIMIZER_CLASSES, ids=by_name)
def test_optimizer_updates_the_parameter_arrays_in_place(cls):
    W, b = np.ones((2, 3)), np.zeros(3)
    layer = Affine(W, b)  # holds references to the same arrays
    params = {"W": W, "b": b}
    cls(lr=0.1).update(params, {"W": np.ones((2, 3)), "b": np.ones(3)})
    assert params["W"] is W and params["b"] is b
    assert layer.W is W
    assert np.all(W < 1) and np.all(b < 0)


@pytest.mark.parametrize(
    ("make", "grads", "expected"),
    [
        pytest.param(lambda: SGD(lr=0.1), [[1.0, 1.0]], [0.9, -2.1], id="SGD"),
        # steps of 0.1, then 0.9·0.1 + 0.1
        pytest.param(lambda: Momentum(lr=0.1), [[1.0, 1.0]] * 2, [0.71, -2.29], id="Momentum"),
        # 1 + 0.9·(−0.1) − 0.1
        pytest.param(lambda: Nesterov(lr=0.1), [[1.0, 1.0]], [0.81, -2.19], id="Nesterov"),
        # the first AdaGrad step has size lr whatever the gradient
        pytest.param(lambda: AdaGrad(lr=0.5), [[4.0, -0.1]], [0.5, -1.5], id="AdaGrad"),
        # h = 0.01·g², step 0.01·g/(0.1·|g|) = 0.1
        pytest.param(lambda: RMSprop(lr=0.01), [[2.0, 2.0]], [0.9, -2.1], id="RMSprop"),
        # bias correction makes the first step ≈ lr
        pytest.param(lambda: Adam(lr=0.1), [[3.0, -0.5]], [0.9, -1.9], id="Adam"),
    ],
)
def test_optimizer_steps_match_the_hand_computed_values(make, grads, expected):
    optimizer = make()
    params = {"x": np.array([1.0, -2.0])}
    for g in grads:
        optimizer.update(params, {"x": np.array(g)})
    np.testing.assert_allclose(params["x"], expected, rtol=1e-6)


@pytest.mark.parametrize("cls", OPTIMIZER_CLASSES, ids=by_name)
def test_optimizer_keeps_separate_state_for_each_parameter(cls):
    together = {"a": np.array([1.0]), "b": np.array([-3.0])}
    opt = cls(lr=0.1)
    alone_a, opt_a = {"a": np.array([1.0])}, cls(lr=0.1)
    for _ in range(5):
        opt.update(together, {"a": together["a"] * 2, "b": together["b"] * 2})
        opt_a.update(alone_a, {"a": alone_a["a"] * 2})
    np.testing.assert_array_equal(together["a"], alone_a["a"])


@pytest.mark.parametrize("cls", OPTIMIZER_CLASSES, ids=by_name)
def test_optimizer_rejects_a_missing_gradient(cls):
    with pytest.raises(KeyError, match="no gradient for parameter 'b'"):
        cls(lr=0.1).update({"a": np.ones(2), "b": np.ones(2)}, {"a": np.ones(2)})


@pytest.mark.parametrize("cls", OPTIMIZER_CLASSES, ids=by_name)
def test_optimizer_rejects_a_gradient_of_the_wrong_shape(cls):
    with pytest.raises(ValueError, match=r"shape \(3,\), parameter has \(2,\)"):
        cls(lr=0.1).update({"a": np.ones(2)}, {"a": np.ones(3)})


@pytest.mark.parametrize("cls", OPTIMIZER_CLASSES, ids=by_name)
@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_optimizer_rejects_a_non_finite_gradient_and_leaves_the_parameter_alone(cls, bad):
    params = {"a": np.ones(2)}
    with pytest.raises(ValueError, match="NaN or inf"):
        cls(lr=0.1).update(params, {"a": np.array([0.5, bad])})
    np.testing.assert_array_equal(params["a"], [1.0, 1.0])


@pytest.mark.parametrize("cls", OPTIMIZER_CLASSES, ids=by_name)
@pytest.mark.parametrize("lr", [0, -0.1, np.nan, np.inf, "0.1", None])
def test_invalid_learning_rate_is_rejected(cls, lr):
    with pytest.raises(ValueError, match=r"^lr must be a positive finite number or a schedule"):
        cls(lr=lr)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: StepDecay(0.1, step_size=10, factor=-0.5),
            r"factor must be a number in \(0, 1\]",
        ),
        (lambda: StepDecay(float("nan"), step_size=10), r"initial_lr must be a positive finite"),
        (lambda: StepDecay(0.1, step_size=2.5), r"step_size must be a whole number of at least 1"),
        (
            lambda: ExponentialDecay(0.1, decay_rate=1.5),
            r"decay_rate must be a number in \(0, 1\]",
        ),
        (lambda: ExponentialDecay(0.1, 0.5, decay_steps=0), r"decay_steps must be a positive"),
        (lambda: LinearWarmup(-1.0, warmup_steps=2), r"after must be a positive finite number"),
        (lambda: LinearWarmup(0.1, warmup_steps=0), r"warmup_steps must be a whole number"),
        (lambda: AdaGrad(eps=0.0), r"eps must be a positive finite number, got 0\.0"),
        (lambda: Adam(eps=float("nan")), r"eps must be a positive finite number, got nan"),
        (lambda: RMSprop(eps=-1e-8), r"eps must be a positive finite number"),
    ],
)
def test_schedules_and_optimizers_name_a_bad_hyperparameter(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_update_checks_every_gradient_before_changing_any_parameter():
    params = {"a": np.ones(2), "b": np.ones(2)}
    with pytest.raises(ValueError, match="gradient for 'b' has shape"):
        SGD(lr=0.1).update(params, {"a": np.ones(2), "b": np.ones(3)})
    np.testing.assert_array_equal(params["a"], [1.0, 1.0])


DECAY_HYPERPARAMETERS = {
    "Momentum-momentum": (lambda v: Momentum(momentum=v), "momentum"),
    "Nesterov-momentum": (lambda v: Nesterov(momentum=v), "momentum"),
    "RMSprop-decay_rate": (lambda v: RMSprop(decay_rate=v), "decay_rate"),
    "Adam-beta1": (lambda v: Adam(beta1=v), "beta1"),
    "Adam-beta2": (lambda v: Adam(beta2=v), "beta2"),
}


@pytest.mark.parametrize("case", DECAY_HYPERPARAMETERS)
@pytest.mark.parametrize("value", [1.0, 1.5, -0.1, np.nan, "0.9", True, None])
def test_a_decay_factor_outside_0_1_is_rejected_naming_the_parameter_and_value(case, value):
    make, name = DECAY_HYPERPARAMETERS[case]
    with pytest.raises(ValueError, match=rf"^{name} must be a number in \[0, 1\), got "):
        make(value)
    with pytest.raises(ValueError, match=re.escape(repr(value))):
        make(value)


@pytest.mark.parametrize("case", DECAY_HYPERPARAMETERS)
@pytest.mark.parametrize("value", [0, 0.0, 0.5, np.float32(0.999)])
def test_a_decay_factor_in_0_1_is_accepted(case, value):
    make, name = DECAY_HYPERPARAMETERS[case]
    assert getattr(make(value), name) == value


# --------------------------------------------------------------------------- schedules


@pytest.mark.parametrize(
    ("schedule", "iterations", "expected"),
    [
        (StepDecay(0.1, step_size=100, factor=0.5), [0, 99, 100, 250], [0.1, 0.1, 0.05, 0.025]),
        (StepDecay(1.0, step_size=2), [0, 1, 2, 3, 4], [1.0, 1.0, 0.1, 0.1, 0.01]),
        (ExponentialDecay(0.1, decay_rate=0.5, decay_steps=10), [0, 5, 10, 20],
         [0.1, 0.1 * 0.5**0.5, 0.05, 0.025]),
        (ExponentialDecay(0.2, decay_rate=1.0), [0, 1000], [0.2, 0.2]),
        (LinearWarmup(0.1, warmup_steps=4), range(6), [0.025, 0.05, 0.075, 0.1, 0.1, 0.1]),
        (LinearWarmup(StepDecay(0.1, step_size=2, factor=0.5), warmup_steps=2), range(6),
         [0.05, 0.1, 0.1, 0.1, 0.05, 0.05]),
    ],
    ids=["step", "step-default-factor", "exponential", "exponential-constant", "warmup",
         "warmup-then-step"],
)  # fmt: skip
def test_schedule_gives_the_documented_learning_rates(schedule, iterations, expected):
    np.testing.assert_allclose([schedule(i) for i in iterations], expected, rtol=1e-12)


@pytest.mark.parametrize(
    "make",
    [
        lambda: StepDecay(0.1, step_size=0),
        lambda: StepDecay(0.1, step_size=2.5),
        lambda: StepDecay(0.0, step_size=10),
        lambda: ExponentialDecay(0.1, decay_rate=0.0),
        lambda: ExponentialDecay(0.1, decay_rate=1.5),
        lambda: ExponentialDecay(0.1, decay_rate=0.5, decay_steps=0),
        lambda: ExponentialDecay(-1.0, decay_rate=0.5),
        lambda: LinearWarmup(0.1, warmup_steps=0),
        lambda: LinearWarmup(0.1, warmup_steps=1.5),
        lambda: LinearWarmup(-0.1, warmup_steps=3),
    ],
)
def test_schedule_rejects_invalid_arguments(make):
    with pytest.raises(ValueError):
        make()


SCHEDULES = {
    "step": lambda: StepDecay(0.1, step_size=2, factor=0.5),
    "exponential": lambda: ExponentialDecay(0.1, decay_rate=0.5, decay_steps=3),
    "warmup": lambda: LinearWarmup(0.1, warmup_steps=3),
}


@pytest.mark.parametrize("schedule_name", SCHEDULES)
@pytest.mark.parametrize("cls", OPTIMIZER_CLASSES, ids=by_name)
def test_every_optimizer_follows_every_schedule(cls, schedule_name):
    schedule = SCHEDULES[schedule_name]()
    asked = []

    def recording(i):
        asked.append(i)
        return schedule(i)

    optimizer = cls(lr=recording)
    params = {"xy": np.array([-7.0, 2.0])}
    for i in range(8):
        assert optimizer.current_lr == pytest.approx(schedule(i))
        asked.clear()
        optimizer.update(params, {"xy": grad_f(params["xy"])})
        assert asked == [i]  # each update asks the schedule once, for its own iteration
    assert optimizer.current_lr == pytest.approx(schedule(8))
    assert f(params["xy"]) < f(np.array([-7.0, 2.0]))


@pytest.mark.parametrize("cls", OPTIMIZER_CLASSES, ids=by_name)
def test_a_constant_schedule_updates_exactly_like_the_constant_rate(cls):
    a, b = {"xy": np.array([-7.0, 2.0])}, {"xy": np.array([-7.0, 2.0])}
    with_schedule, constant = cls(lr=lambda i: 0.05), cls(lr=0.05)
    for _ in range(10):
        with_schedule.update(a, {"xy": grad_f(a["xy"])})
        constant.update(b, {"xy": grad_f(b["xy"])})
    np.testing.assert_array_equal(a["xy"], b["xy"])


def test_sgd_steps_shrink_as_the_step_decay_schedule_says():
    params = {"x": np.array([0.0])}
    optimizer = SGD(lr=StepDecay(1.0, step_size=2, factor=0.5))
    steps = []
    for _ in range(6):
        before = params["x"].copy()
        optimizer.update(params, {"x": np.array([-1.0])})
        steps.append(float(params["x"][0] - before[0]))
    np.testing.assert_allclose(steps, [1.0, 1.0, 0.5, 0.5, 0.25, 0.25])


# --------------------------------------------------------------------------- get_optimizer


@pytest.mark.parametrize(
    ("name", "cls"),
    [("sgd", SGD), ("SGD", SGD), ("Momentum", Momentum), ("nesterov", Nesterov),
     ("ADAGRAD", AdaGrad), ("RmsProp", RMSprop), ("Adam", Adam)],
)  # fmt: skip
def test_get_optimizer_finds_optimizers_by_case_insensitive_name(name, cls):
    optimizer = get_optimizer(name, lr=0.02)
    assert type(optimizer) is cls
    assert optimizer.current_lr == 0.02


def test_get_optimizer_passes_keyword_arguments_to_the_constructor():
    optimizer = get_optimizer("momentum", lr=0.05, momentum=0.5)
    assert optimizer.momentum == 0.5


def test_get_optimizer_returns_an_optimizer_instance_unchanged():
    adam = Adam(lr=0.01)
    assert get_optimizer(adam) is adam
    with pytest.raises(ValueError, match="keyword arguments"):
        get_optimizer(adam, lr=0.1)


def test_get_optimizer_rejects_an_unknown_name_listing_the_known_ones():
    with pytest.raises(ValueError, match=r"unknown optimizer 'adamax'.*sgd.*adam"):
        get_optimizer("adamax")


# --------------------------------------------------------------------------- descent_path


@pytest.mark.parametrize("cls", OPTIMIZER_CLASSES, ids=by_name)
def test_descent_path_records_the_points_a_manual_update_loop_visits(cls):
    path = descent_path(cls(lr=BOWL_LRS[cls]), grad_f, START, steps=30)
    params, optimizer = {"xy": START.copy()}, cls(lr=BOWL_LRS[cls])
    expected = [params["xy"].copy()]
    for _ in range(30):
        optimizer.update(params, {"xy": grad_f(params["xy"])})
        expected.append(params["xy"].copy())
    assert path.shape == (31, 2)
    np.testing.assert_array_equal(path, np.array(expected))


def test_descent_path_leaves_the_start_unchanged_and_accepts_zero_steps():
    start = np.array([1.0, 1.0])
    assert descent_path(SGD(lr=0.1), grad_f, start, steps=0).tolist() == [[1.0, 1.0]]
    descent_path(SGD(lr=0.1), grad_f, start, steps=3)
    assert start.tolist() == [1.0, 1.0]


@pytest.mark.parametrize("steps", [-1, 2.5])
def test_descent_path_rejects_a_step_count_that_is_not_a_natural_number(steps):
    with pytest.raises(ValueError, match="steps must be a non-negative integer"):
        descent_path(SGD(lr=0.1), grad_f, [1.0, 1.0], steps=steps)
