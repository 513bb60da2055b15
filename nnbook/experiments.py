"""The MNIST experiments that more than one gallery script, page or test of the book runs.

A chapter's gallery script draws the figures of an experiment, the chapter page quotes its
numbers, and the chapter's tests check what the page says about them. All three must see the
very same run, and :func:`nnbook.util.cached` gives it to them when they ask for it by the same
name, settings and function. The functions live here, once:

- the book's MNIST runs: :func:`train_two_layer_mnist` (the two-layer network of the chapters
  on training and on backpropagation), :func:`compare_on_mnist` (optimizers or initial
  weights side by side), :func:`train_with_schedules` (learning-rate schedules),
  :func:`train_bn_and_plain` (with and without Batch Normalization) and
  :func:`train_small_mnist` (overfitting 300 images, and its cures). Each builds its networks
  and one :class:`~nnbook.trainer.Trainer` per network in a few lines, so that the loop that
  produced a figure's numbers is one call away: :meth:`~nnbook.trainer.Trainer.train`, which
  runs :meth:`~nnbook.trainer.Trainer.train_step` on one mini-batch after another;
- the chapters' smaller experiments: gradient checks and timings, a few steps of SGD, signals
  through stacks of layers.

Every random choice is seeded: the same arguments give the same numbers, bit for bit, on the
same machine.

Examples
--------
A gallery script and its page share a run like this (with the book's settings, not these
tiny ones)::

    from nnbook.experiments import train_two_layer_mnist
    from nnbook.util import cached

    history = cached(
        "two_layer_mnist_sigmoid",
        train_two_layer_mnist,
        activation="sigmoid",
        epochs=16,
        batch_size=100,
        lr=0.1,
        seed=0,
    )
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from statistics import median
from time import perf_counter
from typing import Any

import numpy as np
import numpy.typing as npt

from nnbook._validation import (
    at_least_one,
    at_most,
    checked,
    count,
    fewer_than,
    function,
    optional,
    same_length,
)
from nnbook.datasets import load_mnist
from nnbook.gradient import numerical_gradient, relative_error
from nnbook.layers import Affine, Sigmoid
from nnbook.nets import LinearClassifier, MultiLayerNet, MultiLayerNetExtend, Net, TwoLayerNet
from nnbook.optimizers import (
    SGD,
    CosineDecay,
    ExponentialDecay,
    LinearWarmup,
    StepDecay,
    get_optimizer,
)
from nnbook.trainer import History, Trainer

__all__ = [
    "check_bn_gradients",
    "check_gradients",
    "compare_on_mnist",
    "median_seconds",
    "sgd_steps",
    "stacked_affine",
    "through_sigmoids",
    "time_gradients",
    "time_numerical_and_backprop",
    "train_bn_and_plain",
    "train_linear_classifiers",
    "train_small_mnist",
    "train_two_layer_mnist",
    "train_with_schedules",
]

# What a variant of :func:`compare_on_mnist` may set, and the value it has when not set.
_COMPARE_DEFAULTS: dict[str, Any] = {"optimizer": "sgd", "lr": None, "weight_init_std": "he"}


def train_two_layer_mnist(
    *,
    activation: str,
    weight_init_std: str | float = 0.01,
    epochs: int | None = None,
    iterations: int | None = None,
    batch_size: int,
    lr: float,
    seed: int,
) -> History:
    """Train the book's 784-50-10 :class:`~nnbook.nets.TwoLayerNet` on all of MNIST with SGD.

    The accuracy on all 60 000 training and all 10 000 test images is measured before
    training, after every epoch and after the last update.

    Parameters
    ----------
    activation : {"sigmoid", "relu", "tanh"}
        Activation of the 50 hidden units.
    weight_init_std : str or float, default 0.01
        Initial weights (see :class:`~nnbook.nets.TwoLayerNet`).
    epochs, iterations : int, optional
        Length of the run; at least one of them (see :class:`~nnbook.trainer.Trainer`).
    batch_size : int
        Images per mini-batch.
    lr : float
        Learning rate of plain SGD.
    seed : int
        Seed of the initial weights and of the order of the mini-batches.

    Returns
    -------
    nnbook.trainer.History

    Raises
    ------
    ValueError
        As :class:`~nnbook.trainer.Trainer`, or for an unknown activation.

    Examples
    --------
    >>> history = train_two_layer_mnist(
    ...     activation="relu", iterations=20, batch_size=100, lr=0.1, seed=0
    ... )
    >>> len(history.train_loss), history.iterations
    (20, [0, 20])
    """
    (x_train, t_train), (x_test, t_test) = load_mnist()
    net = TwoLayerNet(
        784, 50, 10, weight_init_std=weight_init_std, activation=activation, rng=seed
    )
    trainer = Trainer(
        net, x_train, t_train, x_test, t_test,
        epochs=epochs, max_iterations=iterations, batch_size=batch_size,
        optimizer=SGD(lr=lr), rng=seed, verbose=False,
    )  # fmt: skip
    return trainer.train()  # the loop: Trainer.train, one Trainer.train_step per mini-batch


def compare_on_mnist(
    variants: Mapping[Hashable, Mapping[str, Any]],
    *,
    iterations: int,
    batch_size: int,
    seed: int,
) -> dict[Hashable, dict[str, Any]]:
    """Train the network 784-100-100-100-100-10 (ReLU) once per variant, all else equal.

    Every variant starts from weights drawn with the same seed and sees the same mini-batches
    in the same order; only what the variant sets differs. The accuracy during training is
    measured on 1 000 images (a seeded subset); after training, each network is tested on all
    10 000 test images.

    Parameters
    ----------
    variants : mapping
        Name of the variant → its settings: ``"optimizer"`` (a name, default ``"sgd"``),
        ``"lr"`` (default: the optimizer's own) and ``"weight_init_std"`` (default ``"he"``).
    iterations : int
        Updates per run.
    batch_size : int
        Images per mini-batch.
    seed : int
        Seed of the initial weights and of the order of the mini-batches.

    Returns
    -------
    dict
        Name of the variant → ``{"loss": numpy.ndarray, "test_acc": float}``: the loss of
        every mini-batch and the final accuracy on the test images.

    Raises
    ------
    ValueError
        If `variants` is empty or a variant sets anything else, or as
        :class:`~nnbook.trainer.Trainer`.

    Examples
    --------
    >>> results = compare_on_mnist(
    ...     {"sgd": {"lr": 0.01}, "adam": {"optimizer": "adam", "lr": 0.001}},
    ...     iterations=30,
    ...     batch_size=100,
    ...     seed=0,
    ... )
    >>> [(name, len(result["loss"])) for name, result in results.items()]
    [('sgd', 30), ('adam', 30)]
    >>> bool(results["adam"]["loss"][-10:].mean() < results["sgd"]["loss"][-10:].mean())
    True
    """
    if not variants:
        raise ValueError("variants is empty: give at least one")
    for name, settings in variants.items():
        unknown = set(settings) - set(_COMPARE_DEFAULTS)
        if unknown:
            raise ValueError(
                f"variant {name!r} sets {sorted(unknown)}; a variant can set "
                f"{', '.join(_COMPARE_DEFAULTS)}"
            )
    (x_train, t_train), (x_test, t_test) = load_mnist()
    trainers = {}
    for name, settings in variants.items():
        setting = {**_COMPARE_DEFAULTS, **settings}
        net = MultiLayerNet(
            784, [100, 100, 100, 100], 10, weight_init_std=setting["weight_init_std"], rng=seed
        )
        trainers[name] = Trainer(
            net, x_train, t_train,
            epochs=None, max_iterations=iterations, batch_size=batch_size,
            optimizer=setting["optimizer"],
            optimizer_params=None if setting["lr"] is None else {"lr": setting["lr"]},
            eval_sample_size=1000, rng=seed, verbose=False,
        )  # fmt: skip
    results: dict[Hashable, dict[str, Any]] = {}
    for name, trainer in trainers.items():
        history = trainer.train()  # the same seed: the same mini-batches in the same order
        results[name] = {
            "loss": np.array(history.train_loss),
            "test_acc": trainer.network.accuracy(x_test, t_test),
        }
    return results


# The learning-rate schedules :func:`train_with_schedules` knows, in the order it runs them.
_SCHEDULES = ("constant", "warmup", "warmup_step", "warmup_exp", "warmup_cosine")


def train_with_schedules(
    *,
    peak_lr: float,
    warmup: int,
    decay_at: int,
    iterations: int,
    batch_size: int,
    seed: int,
    schedules: tuple[str, ...] = ("constant", "warmup", "warmup_step", "warmup_exp"),
) -> dict[str, dict[str, Any]]:
    """Train a 784-50-10 ReLU net with SGD under several learning-rate schedules.

    The schedules: ``"constant"`` (`peak_lr` throughout), ``"warmup"`` (a linear warm-up over
    `warmup` iterations, then `peak_lr`), ``"warmup_step"`` (the warm-up, then a step decay by
    a factor of 10 every ``decay_at - warmup`` iterations), ``"warmup_exp"`` (the warm-up,
    then an exponential decay to a tenth at iteration `iterations`) and ``"warmup_cosine"``
    (the warm-up, then a cosine decay to 0 at iteration `iterations`). The network is a
    :class:`~nnbook.nets.TwoLayerNet` with He initialization; every run starts from the same
    weights and sees the same mini-batches, so a run does not depend on which others are
    made. The accuracy during training is measured on 1 000 training images (a seeded
    subset).

    Parameters
    ----------
    peak_lr : float
        The largest learning rate.
    warmup : int
        Length of the warm-up, in iterations.
    decay_at : int
        Iteration of the first drop of the step decay; larger than `warmup`.
    iterations, batch_size, seed : int
        Updates per run (more than `warmup`), images per mini-batch, and the seed of the
        initial weights and of the order of the mini-batches, as in :func:`compare_on_mnist`.
    schedules : tuple of str, default ("constant", "warmup", "warmup_step", "warmup_exp")
        The schedules to train with, by name, in this order.

    Returns
    -------
    dict
        Name of the schedule → ``{"lr", "loss", "test_acc", "dead"}``: the learning rate of
        every iteration and the loss of every mini-batch (arrays), the final accuracy on all
        10 000 test images, and the fraction of "dead" hidden units, whose ReLU outputs 0 for
        each of the first 1 000 test images.

    Raises
    ------
    ValueError
        If `schedules` is empty, repeats a name or names an unknown schedule, if a schedule
        cannot be built from the arguments (`decay_at` or `iterations` not beyond `warmup`),
        or as :class:`~nnbook.trainer.Trainer`.

    Examples
    --------
    >>> runs = train_with_schedules(
    ...     peak_lr=0.5, warmup=5, decay_at=10, iterations=20, batch_size=100, seed=0
    ... )
    >>> list(runs)
    ['constant', 'warmup', 'warmup_step', 'warmup_exp']
    >>> [round(float(lr), 2) for lr in runs["warmup_step"]["lr"][[0, 4, 9, 10]]]
    [0.1, 0.5, 0.5, 0.05]
    >>> cosine = train_with_schedules(
    ...     peak_lr=0.5, warmup=5, decay_at=10, iterations=20, batch_size=100, seed=0,
    ...     schedules=("warmup_cosine",),
    ... )
    >>> [round(float(lr), 3) for lr in cosine["warmup_cosine"]["lr"][[4, 5, 10, 19]]]
    [0.5, 0.5, 0.375, 0.005]
    """
    unknown = [name for name in schedules if name not in _SCHEDULES]
    if unknown or not schedules or len(set(schedules)) < len(schedules):
        raise ValueError(
            f"schedules must name each of its schedules once, from {', '.join(_SCHEDULES)}; "
            f"got {schedules!r}"
        )
    fewer_than(warmup, min(decay_at, iterations), "warmup", "decay_at and iterations")
    every: dict[str, float | Callable[[int], float]] = {
        "constant": peak_lr,
        "warmup": LinearWarmup(peak_lr, warmup),
        "warmup_step": LinearWarmup(StepDecay(peak_lr, decay_at - warmup, 0.1), warmup),
        "warmup_exp": LinearWarmup(ExponentialDecay(peak_lr, 0.1, iterations - warmup), warmup),
        "warmup_cosine": LinearWarmup(CosineDecay(peak_lr, iterations - warmup), warmup),
    }
    (x_train, t_train), (x_test, t_test) = load_mnist()
    results: dict[str, dict[str, Any]] = {}
    for name in schedules:
        lr = every[name]
        net = TwoLayerNet(784, 50, 10, weight_init_std="he", activation="relu", rng=seed)
        trainer = Trainer(
            net, x_train, t_train,
            epochs=None, max_iterations=iterations, batch_size=batch_size,
            optimizer=SGD(lr=lr), eval_sample_size=1000, rng=seed, verbose=False,
        )  # fmt: skip
        history = trainer.train()
        hidden = np.maximum(x_test[:1000] @ net.params["W1"] + net.params["b1"], 0)
        results[name] = {
            "lr": np.array([lr(i) if callable(lr) else lr for i in range(iterations)]),
            "loss": np.array(history.train_loss),
            "test_acc": net.accuracy(x_test, t_test),
            "dead": float(np.mean(np.all(hidden == 0, axis=0))),
        }
    return results


def train_bn_and_plain(
    weight_init_std: str | float,
    n_train: int,
    epochs: int,
    lr: float,
    dtype: str,
    seed: int,
    with_test: bool,
) -> dict[str, History]:
    """Train the 5 × 100 ReLU net with and without Batch Normalization; return both histories.

    The network is :class:`~nnbook.nets.MultiLayerNetExtend` with five hidden layers of 100
    ReLU units, once with a :class:`~nnbook.layers.BatchNormalization` layer before every
    activation and once without. Both are built from the same seed, so their weight matrices
    start out equal, and both see the same mini-batches of 100 of the first `n_train` training
    images in the same order; both learn by plain SGD. The accuracy on those `n_train` images
    is measured before training and after every epoch. Initial weights so large that a
    network's loss overflows stop its run, which keeps what it recorded up to then (fewer than
    ``epochs + 1`` accuracies).

    Parameters
    ----------
    weight_init_std : str or float
        Initial weights: ``"he"``, ``"xavier"`` or a standard deviation.
    n_train : int
        Train on the first `n_train` training images.
    epochs : int
        Number of epochs.
    lr : float
        Learning rate of SGD.
    dtype : {"float64", "float32"}
        Floating type of the images and of the networks.
    seed : int
        Seed of the initial weights and of the order of the mini-batches.
    with_test : bool
        Also measure the accuracy on all 10 000 test images, before training and after every
        epoch.

    Returns
    -------
    dict
        ``{"bn": History, "plain": History}``.

    Raises
    ------
    ValueError
        For an unknown `dtype` or initialization, or as :class:`~nnbook.trainer.Trainer`.

    Examples
    --------
    >>> histories = train_bn_and_plain(
    ...     "he", n_train=200, epochs=2, lr=0.01, dtype="float32", seed=0, with_test=False
    ... )
    >>> [len(histories[key].train_acc) for key in ("bn", "plain")]  # before, after each epoch
    [3, 3]
    >>> histories["bn"].train_acc[0] == histories["plain"].train_acc[0]  # the same start
    True
    """
    (x_train, t_train), test_data = load_mnist(dtype=dtype)
    histories = {}
    for use_bn in (True, False):
        net = MultiLayerNetExtend(
            784,
            [100] * 5,
            10,
            weight_init_std=weight_init_std,
            use_batchnorm=use_bn,
            rng=seed,
            dtype=dtype,
        )
        trainer = Trainer(
            net, x_train[:n_train], t_train[:n_train], *(test_data if with_test else ()),
            epochs=epochs, optimizer=SGD(lr=lr), rng=seed, verbose=False,
        )  # fmt: skip
        try:
            with np.errstate(over="ignore", invalid="ignore"):
                trainer.train()
        except FloatingPointError:  # the loss overflowed: keep what was recorded up to then
            pass
        histories["bn" if use_bn else "plain"] = trainer.history
    return histories


@checked(n_test=at_least_one, n_val=count, patience=optional(at_least_one))
def train_small_mnist(
    n_train: int,
    n_test: int,
    epochs: int,
    lr: float,
    weight_decay: float,
    dropout_ratio: float,
    seed: int,
    inverted_dropout: bool = True,
    *,
    optimizer: str = "sgd",
    decoupled_decay: float = 0.0,
    n_val: int = 0,
    patience: int | None = None,
) -> dict[str, Any]:
    """Train the 784-(100 x 6)-10 ReLU net on the first `n_train` MNIST images.

    The experiment of the chapter on regularization: a :class:`~nnbook.nets.MultiLayerNet`
    with six hidden layers of 100 ReLU units and He initial weights, optionally with weight
    decay and Dropout, learns a few training images on mini-batches of 100 and overfits them,
    with plain SGD unless another optimizer is named. Its accuracy is measured before training
    and after every epoch on the `n_train` training images and on `n_test` test images drawn
    once at random with seed 0, the same images whatever `seed` is. With `n_val`, the accuracy
    after every epoch is measured on a validation set instead, the last `n_val` training
    images (never trained on), and with `patience` training stops early when the validation
    accuracy has not improved for that many epochs; the network returned then has the
    parameters of its best epoch.

    Parameters
    ----------
    n_train : int
        Train on the first `n_train` training images.
    n_test : int
        Number of test images.
    epochs : int
        Number of epochs.
    lr : float
        Learning rate.
    weight_decay : float
        Strength λ of the L2 penalty ``½ λ Σ W²`` (0 for none).
    dropout_ratio : float
        Drop probability of a Dropout layer after every hidden layer (0 for no Dropout).
    seed : int
        Seed of the initial weights, of the Dropout masks and of the order of the mini-batches.
    inverted_dropout : bool, default True
        Inverted Dropout, or the book's original form (False); see :class:`~nnbook.layers.Dropout`.
    optimizer : str, default "sgd"
        Name of the optimizer (see :func:`nnbook.optimizers.get_optimizer`), given `lr`.
    decoupled_decay : float, default 0
        With ``optimizer="adamw"``: its decoupled weight decay λ (0, not AdamW's default
        0.01, makes it Adam).
    n_val : int, default 0
        Measure the accuracy during training on the last `n_val` training images instead of
        the test images (0: on the test images).
    patience : int, optional
        Early stopping on the validation accuracy (see :class:`~nnbook.trainer.Trainer`);
        needs `n_val`.

    Returns
    -------
    dict
        ``"history"``: the :class:`~nnbook.trainer.History` (with `n_val`, its ``test_acc``
        holds the validation accuracies); ``"params"``: copies of the trained parameters;
        ``"test_idx"``: the indices of the test images; ``"test_scores"``: the scores the
        trained network gives them, shape ``(n_test, 10)``; ``"test_acc"``: its accuracy on
        them.

    Raises
    ------
    ValueError
        If `n_test` is larger than the 10 000 test images, the `n_train` and `n_val` images
        together are more than the 60 000 training images, `decoupled_decay` is given without
        ``optimizer="adamw"``, `patience` is given without `n_val`, or as
        :class:`~nnbook.trainer.Trainer`.

    Examples
    --------
    >>> run = train_small_mnist(
    ...     n_train=100, n_test=50, epochs=2, lr=0.01, weight_decay=0.1, dropout_ratio=0.2, seed=0
    ... )
    >>> len(run["history"].train_acc), run["test_scores"].shape, len(run["params"])
    (3, (50, 10), 14)
    >>> stopped = train_small_mnist(
    ...     n_train=100, n_test=50, epochs=30, lr=0.001, weight_decay=0.0, dropout_ratio=0.0,
    ...     seed=0, optimizer="adamw", decoupled_decay=0.1, n_val=100, patience=2,
    ... )
    >>> history = stopped["history"]
    >>> history.stopped_epoch - history.best_epoch, len(history.test_acc) < 31
    (2, True)
    """
    if patience is not None and n_val == 0:
        raise ValueError("early stopping (patience) watches a validation set: give n_val")
    optimizer_params: dict[str, float] = {"lr": lr}
    if optimizer.lower() == "adamw":
        optimizer_params["weight_decay"] = decoupled_decay
    elif decoupled_decay:
        raise ValueError(f"decoupled_decay is AdamW's; it cannot be used with {optimizer!r}")
    (x_train, t_train), (x_test, t_test) = load_mnist()
    if n_train + n_val > len(x_train):
        raise ValueError(
            f"{n_train} training and {n_val} validation images exceed the {len(x_train)} "
            "training images"
        )
    at_most(n_test, len(x_test), "n_test", "the number of test images")
    test_idx = np.random.default_rng(0).choice(len(x_test), size=n_test, replace=False)
    x_test, t_test = x_test[test_idx], t_test[test_idx]
    watched = (x_train[-n_val:], t_train[-n_val:]) if n_val else (x_test, t_test)
    net = MultiLayerNet(
        784,
        [100] * 6,
        10,
        weight_decay_lambda=weight_decay,
        use_dropout=dropout_ratio > 0,
        dropout_ratio=dropout_ratio,
        inverted_dropout=inverted_dropout,
        rng=seed,
    )
    trainer = Trainer(
        net, x_train[:n_train], t_train[:n_train], *watched,
        epochs=epochs, optimizer=get_optimizer(optimizer, **optimizer_params),
        patience=patience, rng=seed, verbose=False,
    )  # fmt: skip
    history = trainer.train()  # with patience: the best epoch's parameters restored
    return {
        "history": history,
        "params": {name: p.copy() for name, p in net.params.items()},
        "test_idx": test_idx,
        "test_scores": net.predict(x_test),
        "test_acc": net.accuracy(x_test, t_test),
    }


@checked(epochs=at_least_one)
def train_linear_classifiers(
    rates: dict[str, float], weight_decay: float, epochs: int, seed: int
) -> dict[str, dict[str, Any]]:
    """Train one :class:`~nnbook.nets.LinearClassifier` per loss on all MNIST training images.

    The experiment of the chapter "From pixels to scores": for every loss of `rates` (softmax
    or hinge) a linear classifier starts from the same small random weights and learns with
    plain SGD on mini-batches of 100, all classifiers on the same mini-batches, a fresh random
    order of the 60 000 images in every epoch.

    Parameters
    ----------
    rates : dict of str to float
        The loss (``"softmax"`` or ``"hinge"``) → its learning rate.
    weight_decay : float
        Strength λ of the L2 penalty ``½ λ Σ W²``.
    epochs : int
        Passes over the training images.
    seed : int
        Seed of the initial weights and of the order of the mini-batches.

    Returns
    -------
    dict
        Loss → ``{"W", "loss", "train_acc", "test_acc", "test_pred"}``: the trained weights
        (784 × 10, one template per column), the loss of every mini-batch, the accuracy on all
        training and test images, and the predicted class of every test image.

    Raises
    ------
    ValueError
        For an unknown loss, or as :class:`~nnbook.nets.LinearClassifier` and
        :class:`~nnbook.trainer.Trainer`.

    Examples
    --------
    >>> runs = train_linear_classifiers({"hinge": 0.1}, weight_decay=0.0, epochs=1, seed=0)
    >>> runs["hinge"]["W"].shape, runs["hinge"]["test_acc"] > 0.85
    ((784, 10), True)
    """
    (x_train, t_train), (x_test, t_test) = load_mnist()
    trainers = {}
    for loss, lr in rates.items():
        net = LinearClassifier(784, 10, loss=loss, weight_decay_lambda=weight_decay, rng=seed)
        trainers[loss] = Trainer(net, x_train, t_train, optimizer_params={"lr": lr}, rng=seed)
    order = np.random.default_rng(seed)
    for _ in range(epochs):
        for batch in order.permutation(len(x_train)).reshape(-1, 100):
            for trainer in trainers.values():
                trainer.train_step(x_train[batch], t_train[batch])
    return {
        loss: {
            "W": trainer.network.params["W1"].copy(),
            "loss": np.array(trainer.history.train_loss),
            "train_acc": trainer.network.accuracy(x_train, t_train),
            "test_acc": trainer.network.accuracy(x_test, t_test),
            "test_pred": np.argmax(trainer.network.predict(x_test), axis=1),
        }
        for loss, trainer in trainers.items()
    }


# --------------------------------------------------------------------------- simple layers


@checked(k=count)
def through_sigmoids(a: float, k: int) -> float:
    """The gradient left of 1 after passing backward through `k` Sigmoid layers that all saw `a`.

    Each layer multiplies it by ``σ'(a) = σ(a)(1 − σ(a))``, at most 0.25: the vanishing gradient
    of a deep stack of saturated sigmoids.

    Examples
    --------
    >>> through_sigmoids(0.0, 2)  # 0.25 · 0.25
    0.0625
    """
    layers = [Sigmoid() for _ in range(k)]
    for layer in layers:
        layer.forward(np.array(a))
    grad = np.array(1.0)
    for layer in reversed(layers):
        grad = layer.backward(grad)
    return float(grad)


def stacked_affine(
    x: npt.ArrayLike,
    weights: list[np.ndarray],
    biases: list[np.ndarray],
    activation: Callable[[], Any] | None = None,
) -> np.ndarray:
    """`x` through Affine layers of the given weights, with a fresh `activation` layer between
    two of them if one is given (none after the last).

    Examples
    --------
    >>> stacked_affine(np.ones((1, 2)), [np.eye(2), -np.eye(2)], [np.zeros(2), np.zeros(2)])
    array([[-1., -1.]])
    """
    same_length(weights, biases, "weights and biases")
    out = np.asarray(x)
    for i, (W, b) in enumerate(zip(weights, biases, strict=True)):
        out = Affine(W, b).forward(out)
        if activation is not None and i < len(weights) - 1:
            out = activation().forward(out)
    return out


# --------------------------------------------------------------------------- training on MNIST


@checked(step=function, repeats=at_least_one)
def median_seconds(step: Callable[[], object], repeats: int) -> float:
    """Median wall-clock time of `repeats` calls of `step`: robust to a busy moment or two."""
    seconds = []
    for _ in range(repeats):
        start = perf_counter()
        step()
        seconds.append(perf_counter() - start)
    return float(median(seconds))


@checked(backprop_runs=at_least_one)
def time_numerical_and_backprop(batch_idx: list[int], backprop_runs: int) -> dict[str, float]:
    """Time a numerical and a backprop gradient of a fresh two-layer network on the MNIST
    training images `batch_idx`, and the largest difference between the two gradients."""
    (x_train, t_train), _ = load_mnist()
    x, t = x_train[batch_idx], t_train[batch_idx]
    fresh = TwoLayerNet(784, 50, 10, activation="sigmoid", rng=0)
    start = perf_counter()
    numerical = fresh.numerical_gradient(x, t)
    seconds_numerical = perf_counter() - start
    backprop = fresh.gradient(x, t)
    diffs = [np.abs(numerical[k] - backprop[k]).max() for k in backprop]
    return {
        "numerical": seconds_numerical,
        "backprop": median_seconds(lambda: fresh.gradient(x, t), backprop_runs),
        "max_difference": float(max(diffs)),
    }


# --------------------------------------------------------------------------- backpropagation


@checked(n_images=at_least_one)
def check_gradients(n_images: int, dtypes: tuple[str, ...], seed: int) -> dict[str, Any]:
    """Relative error of backprop against numerical gradients, per dtype and parameter."""
    (x_train, t_train), _ = load_mnist()
    x, t = x_train[:n_images], t_train[:n_images]
    errors = {}
    for dtype in dtypes:
        net = TwoLayerNet(784, 50, 10, activation="relu", rng=seed, dtype=dtype)
        numerical = net.numerical_gradient(x, t)
        backprop = net.gradient(x, t)
        errors[dtype] = {key: relative_error(backprop[key], numerical[key]) for key in backprop}
    return errors


@checked(batch_size=at_least_one, runs=at_least_one, numerical_runs=at_least_one)
def time_gradients(batch_size: int, runs: int, numerical_runs: int, seed: int) -> dict[str, Any]:
    """Median times of a forward pass, a backprop gradient and the numerical gradient of W2,
    and the numerical one extrapolated to all parameters."""
    (x_train, t_train), _ = load_mnist()
    idx = np.random.default_rng(seed).choice(len(x_train), size=batch_size, replace=False)
    x, t = x_train[idx], t_train[idx]
    net = TwoLayerNet(784, 50, 10, activation="relu", rng=seed)
    forward = median_seconds(lambda: net.loss(x, t), runs)
    backprop = median_seconds(lambda: net.gradient(x, t), runs)
    numerical_w2 = median_seconds(
        lambda: numerical_gradient(lambda _: net.loss(x, t), net.params["W2"]), numerical_runs
    )
    n_w2 = net.params["W2"].size
    n_params = sum(p.size for p in net.params.values())
    return {
        "forward": forward,
        "backprop": backprop,
        "numerical_W2": numerical_w2,
        "n_W2": n_w2,
        "n_params": n_params,
        "numerical": numerical_w2 / n_w2 * n_params,  # extrapolated to all parameters
    }


# --------------------------------------------------------------------------- weight initialization


@checked(steps=count)
def sgd_steps(
    net: Net, x: np.ndarray, t: np.ndarray, steps: int = 100, lr: float = 0.1, seed: int = 0
) -> Net:
    """`steps` plain SGD updates of `net` on seeded mini-batches of 100 rows of `x`, `t`."""
    rng = np.random.default_rng(seed)
    optimizer = SGD(lr=lr)
    for _ in range(steps):
        idx = rng.choice(len(x), size=100, replace=False)
        optimizer.update(net.params, net.gradient(x[idx], t[idx]))
    return net


# --------------------------------------------------------------------------- Batch Normalization


@checked(n_images=at_least_one)
def check_bn_gradients(hidden: list[int], n_images: int, seed: int) -> dict[str, Any]:
    """Backprop and numerical gradients of a small BatchNorm net on `n_images` MNIST images."""
    (x_train, t_train), _ = load_mnist()
    x, t = x_train[:n_images], t_train[:n_images]
    net = MultiLayerNetExtend(784, hidden, 10, use_batchnorm=True, rng=seed)
    return {"backprop": net.gradient(x, t), "numerical": net.numerical_gradient(x, t)}
