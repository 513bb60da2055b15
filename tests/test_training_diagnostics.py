"""AdamW, the cosine schedule, gradient clipping and the Trainer's gradient norms and early
stopping: each against values computed by hand from the usual definitions (PyTorch's)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nnbook.nets import MultiLayerNetExtend, TwoLayerNet
from nnbook.optimizers import (
    Adam,
    AdamW,
    CosineDecay,
    LinearWarmup,
    clip_grad_norm,
    get_optimizer,
)
from nnbook.trainer import Trainer

# --------------------------------------------------------------------------- AdamW


def test_adamw_first_step_matches_the_decoupled_rule_by_hand():
    lr, wd, g = 0.1, 0.5, 2.0
    params = {"W": np.array([1.0]), "b": np.array([1.0])}
    AdamW(lr=lr, weight_decay=wd).update(params, {"W": np.array([g]), "b": np.array([g])})
    # decay first: 1 · (1 − 0.1 · 0.5) = 0.95; then Adam's bias-corrected first step: −η·g/|g|
    m_hat, v_hat = g, g * g
    expected_w = (1 - lr * wd) * 1.0 - lr * m_hat / (math.sqrt(v_hat) + 1e-8)
    assert params["W"][0] == pytest.approx(expected_w, rel=1e-12)
    assert params["b"][0] == pytest.approx(1.0 - lr * m_hat / (math.sqrt(v_hat) + 1e-8))


def test_adamw_with_no_decay_is_adam():
    rng = np.random.default_rng(0)
    start = rng.standard_normal((3, 2))
    a, b = {"W": start.copy()}, {"W": start.copy()}
    adam, adamw = Adam(lr=0.01), AdamW(lr=0.01, weight_decay=0.0)
    for _ in range(20):
        grad = rng.standard_normal((3, 2))
        adam.update(a, {"W": grad})
        adamw.update(b, {"W": grad.copy()})
    np.testing.assert_array_equal(a["W"], b["W"])


def test_adamw_decay_is_not_divided_by_the_gradient_scale_as_an_l2_penalty_is():
    """With a large gradient, Adam + λW in the gradient hardly shrinks W; AdamW shrinks it by
    η λ W every step whatever the gradient."""
    lam, lr = 0.1, 0.01
    l2, decoupled = {"W": np.array([1.0])}, {"W": np.array([1.0])}
    adam, adamw = Adam(lr=lr), AdamW(lr=lr, weight_decay=lam)
    for step in range(1, 101):
        g = 100.0 * (-1) ** step  # a large, alternating gradient of the loss
        adam.update(l2, {"W": np.array([g]) + lam * l2["W"]})
        adamw.update(decoupled, {"W": np.array([g])})
    assert abs(l2["W"][0] - 1.0) < abs(decoupled["W"][0] - 1.0)
    assert decoupled["W"][0] == pytest.approx((1 - lr * lam) ** 100, abs=0.02)


@pytest.mark.parametrize("wd", [-0.1, float("nan"), float("inf"), "0.1", None])
def test_adamw_rejects_a_bad_weight_decay(wd):
    with pytest.raises(ValueError, match="weight_decay must be a finite number >= 0"):
        AdamW(weight_decay=wd)


def test_adamw_is_found_by_name():
    assert isinstance(get_optimizer("AdamW", lr=0.01, weight_decay=0.1), AdamW)


# --------------------------------------------------------------------------- CosineDecay


def test_cosine_decay_follows_half_a_cosine_and_then_holds_the_minimum():
    schedule = CosineDecay(0.1, total_steps=100, min_lr=0.01)
    for t in (0, 13, 50, 77, 100):
        expected = 0.01 + 0.09 * (1 + math.cos(math.pi * t / 100)) / 2
        assert schedule(t) == pytest.approx(expected, rel=1e-12)
    assert schedule(0) == 0.1 and schedule(100) == pytest.approx(0.01)
    assert schedule(250) == pytest.approx(0.01)  # PyTorch's closed form would rise again
    assert all(schedule(t) >= schedule(t + 1) for t in range(120))


def test_cosine_decay_after_a_warm_up():
    schedule = LinearWarmup(CosineDecay(0.2, total_steps=10), warmup_steps=5)
    assert schedule(0) == pytest.approx(0.04) and schedule(4) == pytest.approx(0.2)
    assert schedule(5) == pytest.approx(0.2) and schedule(10) == pytest.approx(0.1)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"initial_lr": 0.1, "total_steps": 0},
        {"initial_lr": 0.1, "total_steps": 10, "min_lr": 0.2},
        {"initial_lr": 0.1, "total_steps": 10, "min_lr": -0.01},
        {"initial_lr": float("nan"), "total_steps": 10},
        {"initial_lr": 0.1, "total_steps": 2.5},
    ],
)
def test_cosine_decay_rejects_bad_settings(kwargs):
    with pytest.raises(ValueError, match=r"initial_lr|total_steps|min_lr"):
        CosineDecay(**kwargs)


# --------------------------------------------------------------------------- clipping


def test_clipping_scales_every_gradient_by_one_factor_to_the_maximum_norm():
    rng = np.random.default_rng(0)
    grads = {"W1": rng.standard_normal((4, 3)), "b1": rng.standard_normal(3)}
    before = {k: g.copy() for k, g in grads.items()}
    norm = math.sqrt(sum(float(np.sum(g**2)) for g in before.values()))
    returned = clip_grad_norm(grads, max_norm=0.5)
    assert returned == pytest.approx(norm)
    clipped = math.sqrt(sum(float(np.sum(g**2)) for g in grads.values()))
    assert clipped == pytest.approx(0.5, rel=1e-5)
    for key in grads:  # same direction: one factor for all
        np.testing.assert_allclose(grads[key], before[key] * 0.5 / (norm + 1e-6))


def test_clipping_leaves_small_gradients_alone():
    grads = {"W": np.array([0.3, 0.4])}
    assert clip_grad_norm(grads, max_norm=1.0) == pytest.approx(0.5)
    np.testing.assert_array_equal(grads["W"], [0.3, 0.4])


@pytest.mark.parametrize(
    ("grads", "error", "match"),
    [
        ({"W": [1.0, 2.0]}, TypeError, r"grads\['W'\] must be a floating-point numpy array"),
        ({"W": np.array([1, 2])}, TypeError, "floating-point"),
        ({"W": np.array([np.nan])}, ValueError, r"grads\['W'\] contains NaN or inf"),
        ([np.ones(2)], TypeError, "grads must be a dict"),
    ],
)
def test_clipping_rejects_gradients_it_cannot_scale_in_place(grads, error, match):
    with pytest.raises(error, match=match):
        clip_grad_norm(grads, max_norm=1.0)


@pytest.mark.parametrize("max_norm", [0, -1.0, float("nan"), "1"])
def test_clipping_rejects_a_bad_maximum(max_norm):
    with pytest.raises(ValueError, match="max_norm must be a positive finite number"):
        clip_grad_norm({"W": np.ones(2)}, max_norm=max_norm)


# --------------------------------------------------------------------------- the Trainer


def toy(seed=0, n=200):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, 4))
    return x, (x[:, 0] - x[:, 1] > 0).astype(int)


def test_the_trainer_records_the_norm_of_every_gradient_at_every_step():
    x, t = toy()
    net = TwoLayerNet(4, 5, 2, rng=0)
    trainer = Trainer(net, x, t, epochs=2, batch_size=50, record_grad_norms=True, rng=0)
    history = trainer.train()
    assert set(history.grad_norms) == set(net.params)
    assert all(len(v) == len(history.train_loss) == 8 for v in history.grad_norms.values())
    # the first recorded norm is the norm of the gradient at the initial weights
    fresh = TwoLayerNet(4, 5, 2, rng=0)
    first = Trainer(fresh, x, t, batch_size=50, rng=0).rng.permutation(len(x))[:50]
    grad = fresh.gradient(x[first], t[first])
    assert history.grad_norms["W1"][0] == pytest.approx(np.linalg.norm(grad["W1"]))


def test_the_trainer_clips_before_every_update():
    x, t = toy()
    net = TwoLayerNet(4, 5, 2, rng=0)
    w_before = net.params["W1"].copy()
    trainer = Trainer(
        net, x, t, epochs=1, batch_size=200, max_grad_norm=1e-3, rng=0,
        optimizer_params={"lr": 1.0},
    )  # fmt: skip
    trainer.train()
    step = net.params["W1"] - w_before
    assert np.linalg.norm(step) <= 1e-3 * (1 + 1e-6)  # one SGD step of at most lr · max_norm


def test_early_stopping_stops_after_patience_epochs_and_restores_the_best_weights():
    x, t = toy(n=300)
    xv, tv = toy(seed=1, n=100)
    net = MultiLayerNetExtend(4, [20, 20], 2, use_batchnorm=True, rng=0)
    trainer = Trainer(
        net, x[:30], t[:30], xv, tv, epochs=200, batch_size=10, patience=5, rng=0,
        optimizer="adam", optimizer_params={"lr": 0.05},
    )  # fmt: skip
    history = trainer.train()
    best, stopped = history.best_epoch, history.stopped_epoch
    assert stopped is not None and stopped == best + 5 < 200
    assert history.test_acc[best] == max(history.test_acc)
    assert len(history.test_acc) == stopped + 1
    assert net.accuracy(xv, tv) == pytest.approx(history.test_acc[best])


def test_early_stopping_needs_validation_data():
    x, t = toy()
    with pytest.raises(ValueError, match=r"early stopping .*needs validation data"):
        Trainer(TwoLayerNet(4, 5, 2, rng=0), x, t, patience=3)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"patience": 0}, ValueError),
        ({"patience": 2.5}, ValueError),
        ({"max_grad_norm": 0.0}, ValueError),
        ({"max_grad_norm": float("nan")}, ValueError),
        ({"record_grad_norms": 1}, TypeError),
    ],
)
def test_the_trainer_rejects_bad_diagnostic_settings(kwargs, error):
    x, t = toy()
    with pytest.raises(error, match=next(iter(kwargs))):
        Trainer(TwoLayerNet(4, 5, 2, rng=0), x, t, x, t, **kwargs)
