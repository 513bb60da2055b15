"""Tests for nnbook.experiments: the shared MNIST experiments do what a hand-made run does."""

from __future__ import annotations

import numpy as np
import pytest

from nnbook.experiments import compare_on_mnist, train_on_mnist, train_small_mnist
from nnbook.nets import TwoLayerNet
from nnbook.optimizers import SGD
from nnbook.trainer import Trainer


def small_net(std: str | float = "he") -> TwoLayerNet:
    return TwoLayerNet(784, 20, 10, weight_init_std=std, activation="relu", rng=0)


def test_train_on_mnist_is_a_seeded_trainer_run_on_the_chosen_images(mnist):
    (x_train, t_train), (x_test, t_test) = mnist
    idx = np.array([5, 3, 99, 1000, 7])
    run = train_on_mnist(
        small_net(), data=mnist, n_train=300, test_idx=idx, epochs=2, batch_size=50, lr=0.1, seed=3
    )
    net = small_net()
    data = (x_train[:300], t_train[:300], x_test[idx], t_test[idx])
    options = {"epochs": 2, "batch_size": 50, "optimizer_params": {"lr": 0.1}, "rng": 3}
    trainer = Trainer(net, *data, verbose=False, **options)
    assert run.history == trainer.train()  # the same numbers, bit for bit
    assert all(np.array_equal(run.net.params[k], net.params[k]) for k in net.params)
    assert np.array_equal(run.test_scores(), net.predict(x_test[idx]))
    assert (
        run.test_accuracy() == run.history.test_acc[-1] == net.accuracy(x_test[idx], t_test[idx])
    )
    assert not run.overflowed


def test_iterations_alone_run_as_many_epochs_as_needed_and_stop(mnist):
    run = train_on_mnist(small_net(), data=mnist, n_train=200, iterations=6, batch_size=50)
    assert len(run.history.train_loss) == 6
    assert run.history.iterations == [0, 4, 6]  # 4 updates per epoch: one full epoch, 2 more


def test_without_track_test_the_trainer_measures_training_accuracy_only(mnist):
    run = train_on_mnist(
        small_net(), data=mnist, n_train=100, test_idx=range(50), track_test=False, epochs=1
    )
    assert run.history.test_acc == [] and len(run.history.train_acc) == 2
    assert len(run.x_test) == 50 and 0 <= run.test_accuracy() <= 1


def test_stop_on_overflow_keeps_what_the_run_recorded(mnist):
    # Weights of size 1e200 make the scores overflow to inf, the loss NaN.
    run = train_on_mnist(small_net(1e200), data=mnist, epochs=1, stop_on_overflow=True)
    assert run.overflowed
    assert len(run.history.train_acc) == 1 and run.history.train_loss == []
    with np.errstate(over="ignore", invalid="ignore"), pytest.raises(FloatingPointError):
        train_on_mnist(small_net(1e200), data=mnist, epochs=1)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({}, "give epochs, iterations or both"),
        ({"iterations": 0}, "iterations must be a positive integer"),
        ({"epochs": 1, "batch_size": 0}, "batch_size must be a positive integer"),
        ({"epochs": 1, "n_train": 60_001}, "n_train must be between"),
        ({"epochs": 1, "n_train": 50}, "n_train must be between"),
        ({"epochs": 1, "optimizer": SGD(lr=0.1), "lr": 0.1}, "optimizer instance"),
    ],
)
def test_train_on_mnist_rejects_bad_arguments(mnist, settings, message):
    with pytest.raises(ValueError, match=message):
        train_on_mnist(small_net(), data=mnist, **settings)


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
