"""Tests for nnbook.experiments: the shared MNIST experiments do what a hand-made run does."""

from __future__ import annotations

import numpy as np
import pytest

from nnbook.experiments import (
    compare_on_mnist,
    train_bn_and_plain,
    train_small_mnist,
    train_two_layer_mnist,
)
from nnbook.nets import TwoLayerNet
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
