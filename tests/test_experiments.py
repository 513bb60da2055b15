"""Tests for nnbook.experiments: the shared MNIST experiments do what a hand-made run does."""

from __future__ import annotations

import numpy as np
import pytest

from nnbook.experiments import (
    compare_on_mnist,
    train_bn_and_plain,
    train_small_mnist,
    train_two_layer_mnist,
    train_with_schedules,
)
from nnbook.nets import MultiLayerNet, TwoLayerNet
from nnbook.optimizers import AdamW
from nnbook.trainer import Trainer


def small_net(std: str | float = "he") -> TwoLayerNet:
    return TwoLayerNet(784, 20, 10, weight_init_std=std, activation="relu", rng=0)


def test_the_two_layer_run_is_a_seeded_trainer_run_on_all_of_mnist(mnist):
    (x_train, t_train), (x_test, t_test) = mnist
    history = train_two_layer_mnist(
        activation="relu", weight_init_std="he", iterations=8, batch_size=100, lr=0.1, seed=3
    )
    net = TwoLayerNet(784, 50, 10, weight_init_std="he", activation="relu", rng=3)
    trainer = Trainer(
        net, x_train, t_train, x_test, t_test, epochs=1, max_iterations=8,
        optimizer="sgd", optimizer_params={"lr": 0.1}, rng=3, verbose=False,
    )  # fmt: skip
    assert history == trainer.train()  # the same numbers, bit for bit
    assert history.iterations == [0, 8]


def test_iterations_alone_run_as_many_epochs_as_needed_and_stop(mnist):
    (x_train, t_train), _ = mnist
    trainer = Trainer(
        small_net(), x_train[:200], t_train[:200], epochs=None, max_iterations=6, batch_size=50,
        verbose=False,
    )  # fmt: skip
    history = trainer.train()
    assert trainer.epochs == 2 and len(history.train_loss) == 6
    assert history.iterations == [0, 4, 6]  # 4 updates per epoch: one full epoch, 2 more


def test_a_batch_norm_run_that_overflows_keeps_what_it_recorded():
    # Weights of standard deviation 1e30 without Batch Normalization: the first step overflows.
    histories = train_bn_and_plain(
        weight_init_std=1e30, n_train=200, epochs=1, lr=0.1, dtype="float64", seed=0,
        with_test=False,
    )  # fmt: skip
    plain = histories["plain"]
    assert len(plain.train_acc) == 1 and len(plain.train_loss) == 1  # stopped at the first step
    assert len(histories["bn"].train_loss) == 2  # the normalised net trains on


@pytest.mark.parametrize(
    ("variants", "message"),
    [({}, "variants is empty"), ({"a": {"momentum": 0.9}}, r"variant 'a' sets \['momentum'\]")],
)
def test_compare_on_mnist_rejects_empty_or_unknown_settings(variants, message):
    with pytest.raises(ValueError, match=message):
        compare_on_mnist(variants, iterations=1, batch_size=100, seed=0)


def test_compare_on_mnist_differs_only_in_what_a_variant_sets(mnist):
    variants = {
        "default": {},
        "spelled out": {"optimizer": "sgd", "weight_init_std": "he"},
        0.01: {"weight_init_std": 0.01},
    }
    results = compare_on_mnist(variants, iterations=5, batch_size=100, seed=0)
    assert np.array_equal(results["default"]["loss"], results["spelled out"]["loss"])
    assert results["default"]["test_acc"] == results["spelled out"]["test_acc"]
    assert not np.array_equal(results["default"]["loss"], results[0.01]["loss"])
    assert abs(results[0.01]["loss"][0] - np.log(10)) < 0.01  # tiny weights: about ln 10


def test_train_small_mnist_tests_every_seed_on_the_same_images(mnist):
    settings = {"n_train": 100, "n_test": 30, "epochs": 1, "lr": 0.01, "weight_decay": 0.0}
    a = train_small_mnist(dropout_ratio=0.0, seed=0, **settings)
    b = train_small_mnist(dropout_ratio=0.2, seed=1, **settings)
    expected = np.random.default_rng(0).choice(10_000, size=30, replace=False)
    assert np.array_equal(a["test_idx"], expected) and np.array_equal(b["test_idx"], expected)
    assert not np.array_equal(a["params"]["W1"], b["params"]["W1"])  # other seed, other weights
    assert a["test_scores"].shape == (30, 10)


SCHEDULE_SETTINGS = {
    "peak_lr": 0.5, "warmup": 5, "decay_at": 10, "iterations": 20, "batch_size": 100, "seed": 0
}  # fmt: skip


@pytest.mark.parametrize(
    "schedules", [(), ("warmup", "cosine"), ("warmup", "warmup"), "warmup_cosine"]
)
def test_train_with_schedules_rejects_unknown_repeated_or_no_schedules(schedules):
    with pytest.raises(ValueError, match="schedules must name each of its schedules once"):
        train_with_schedules(schedules=schedules, **SCHEDULE_SETTINGS)


def test_a_schedule_gives_the_same_run_whichever_others_are_chosen(mnist):
    every = train_with_schedules(**SCHEDULE_SETTINGS)
    assert list(every) == ["constant", "warmup", "warmup_step", "warmup_exp"]  # the default
    chosen = train_with_schedules(schedules=("warmup_cosine", "warmup_exp"), **SCHEDULE_SETTINGS)
    assert list(chosen) == ["warmup_cosine", "warmup_exp"]  # in the order asked for
    for key in ("lr", "loss"):
        assert np.array_equal(chosen["warmup_exp"][key], every["warmup_exp"][key])
    assert chosen["warmup_exp"]["test_acc"] == every["warmup_exp"]["test_acc"]
    lr = chosen["warmup_cosine"]["lr"]
    np.testing.assert_allclose(lr[[0, 4, 5]], [0.1, 0.5, 0.5])  # warm-up, then the peak
    assert lr[5 + 15 // 2] > 0.25 > lr[5 + 15 // 2 + 1]  # half the peak half way through
    assert lr[-1] == pytest.approx(0.5 * (1 + np.cos(np.pi * 14 / 15)) / 2)


SMALL = {"n_train": 100, "n_test": 50, "lr": 0.01, "weight_decay": 0.0, "dropout_ratio": 0.0}


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"patience": 3}, "early stopping .* give n_val"),
        ({"decoupled_decay": 0.1}, "decoupled_decay is AdamW's"),
        ({"optimizer": "adam", "decoupled_decay": 0.1}, "decoupled_decay is AdamW's"),
        ({"n_val": -1}, "n_val must be a whole number of at least 0"),
        ({"n_val": 59_901}, "exceed the 60000 training images"),
    ],
)
def test_train_small_mnist_rejects_inconsistent_settings(mnist, settings, message):
    with pytest.raises(ValueError, match=message):
        train_small_mnist(epochs=1, seed=0, **SMALL, **settings)


def test_a_validation_set_is_measured_and_changes_nothing_in_the_training(mnist):
    (x_train, t_train), _ = mnist
    plain = train_small_mnist(epochs=3, seed=0, **SMALL)
    watched = train_small_mnist(epochs=3, seed=0, n_val=200, **SMALL)
    assert all(np.array_equal(plain["params"][k], watched["params"][k]) for k in plain["params"])
    assert plain["history"].train_acc == watched["history"].train_acc
    assert plain["test_acc"] == watched["test_acc"] == plain["history"].test_acc[-1]
    net = MultiLayerNet(784, [100] * 6, 10, rng=0)
    for key, value in watched["params"].items():
        net.params[key][...] = value
    # The accuracy after the last epoch is that on the last 200 training images.
    assert watched["history"].test_acc[-1] == net.accuracy(x_train[-200:], t_train[-200:])


def test_early_stopping_returns_the_network_of_the_best_validation_epoch(mnist):
    stopped = train_small_mnist(epochs=60, seed=0, n_val=200, patience=3, **SMALL)
    history = stopped["history"]
    assert history.stopped_epoch is not None and history.stopped_epoch < 60
    assert history.stopped_epoch - history.best_epoch == 3
    assert len(history.test_acc) == history.stopped_epoch + 1
    assert history.test_acc[history.best_epoch] == max(history.test_acc)
    # The same training cut at the best epoch: the very same parameters and test accuracy.
    short = train_small_mnist(epochs=history.best_epoch, seed=0, **SMALL)
    assert all(np.array_equal(short["params"][k], stopped["params"][k]) for k in short["params"])
    assert short["test_acc"] == stopped["test_acc"]


def test_adamw_without_decay_is_adam_and_with_decay_is_the_library_adamw(mnist):
    (x_train, t_train), (x_test, t_test) = mnist
    adam = train_small_mnist(epochs=2, seed=0, **{**SMALL, "lr": 0.001}, optimizer="adam")
    adamw0 = train_small_mnist(epochs=2, seed=0, **{**SMALL, "lr": 0.001}, optimizer="adamw")
    assert all(np.array_equal(adam["params"][k], adamw0["params"][k]) for k in adam["params"])
    decayed = train_small_mnist(
        epochs=2, seed=0, **{**SMALL, "lr": 0.001}, optimizer="AdamW", decoupled_decay=0.5
    )
    net = MultiLayerNet(784, [100] * 6, 10, rng=0)
    x_test, t_test = x_test[decayed["test_idx"]], t_test[decayed["test_idx"]]
    Trainer(
        net, x_train[:100], t_train[:100], x_test, t_test, epochs=2,
        optimizer=AdamW(lr=0.001, weight_decay=0.5), rng=0, verbose=False,
    ).train()  # fmt: skip
    assert all(np.array_equal(net.params[k], decayed["params"][k]) for k in net.params)
    assert not np.array_equal(decayed["params"]["W1"], adam["params"]["W1"])
