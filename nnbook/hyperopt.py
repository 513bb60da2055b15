"""Random search for hyperparameters, sampled on a log scale where orders of magnitude matter.

A learning rate of 1e-3 and one of 1e-2 differ as much as 1e-2 and 1e-1; sampling
``10 ** uniform(log10 low, log10 high)`` gives every decade the same share of the trials.

:func:`search_hyperparameters` is the chapter's search on MNIST built from these pieces, and
:func:`score_on_test_data` the one look at the test data that the winner gets afterwards.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from nnbook._validation import RngLike, as_rng
from nnbook.datasets import load_mnist, train_validation_split
from nnbook.nets import MultiLayerNet
from nnbook.trainer import Trainer

__all__ = [
    "LogUniform",
    "Trial",
    "Uniform",
    "random_search",
    "score_on_test_data",
    "search_hyperparameters",
]


@dataclass(frozen=True)
class LogUniform:
    """A range sampled uniformly in ``log10``: ``10 ** uniform(log10 low, log10 high)``.

    Raises
    ------
    ValueError
        If the bounds are not positive or ``low >= high``.

    Examples
    --------
    >>> LogUniform(1e-6, 1e-2).sample(np.random.default_rng(0)) < 1e-2
    True
    """

    low: float
    high: float

    def __post_init__(self) -> None:
        if not 0 < self.low < self.high:
            raise ValueError(f"LogUniform needs 0 < low < high, got {self.low}, {self.high}")

    def sample(self, rng: RngLike = None) -> float:
        """Draw one value, uniform in ``log10`` between the bounds.

        Parameters
        ----------
        rng : int, numpy.random.Generator or None
            Seed or generator. Pass one Generator to successive calls for a sequence of
            different draws; the same int seed gives the same value every time.

        Returns
        -------
        float
            A value in ``[low, high)``.

        Examples
        --------
        >>> lr = LogUniform(1e-4, 1e-1)
        >>> lr.sample(0) == lr.sample(np.random.default_rng(0))
        True
        >>> rng = np.random.default_rng(1)
        >>> [f"{lr.sample(rng):.0e}" for _ in range(3)]  # three draws from one generator
        ['3e-03', '7e-02', '3e-04']
        """
        generator = as_rng(rng)
        return float(10 ** generator.uniform(math.log10(self.low), math.log10(self.high)))


@dataclass(frozen=True)
class Uniform:
    """A range sampled uniformly on a linear scale.

    Raises
    ------
    ValueError
        If ``low >= high``.

    Examples
    --------
    >>> 0.1 <= Uniform(0.1, 0.5).sample(np.random.default_rng(0)) < 0.5
    True
    """

    low: float
    high: float

    def __post_init__(self) -> None:
        if not self.low < self.high:
            raise ValueError(f"Uniform needs low < high, got {self.low}, {self.high}")

    def sample(self, rng: RngLike = None) -> float:
        """Draw one value in ``[low, high)``, every part of the range equally likely.

        Parameters
        ----------
        rng : int, numpy.random.Generator or None
            An int seed or a Generator, as for :meth:`LogUniform.sample`.

        Returns
        -------
        float

        Examples
        --------
        >>> dropout = Uniform(0.1, 0.5)
        >>> round(dropout.sample(7), 4) == round(dropout.sample(7), 4)  # a seed repeats itself
        True
        """
        return float(as_rng(rng).uniform(self.low, self.high))


@dataclass
class Trial:
    """One evaluated hyperparameter setting.

    Attributes
    ----------
    params : dict
        The sampled values.
    score : float
        What the objective returned (higher is better by default); ``nan`` if it failed.
    error : str or None
        The message of a ``FloatingPointError`` (e.g. a diverging loss) raised by the
        objective, else None.

    Examples
    --------
    >>> trial = Trial({"lr": 0.01}, 0.93)
    >>> trial.params["lr"], trial.score, trial.error
    (0.01, 0.93, None)
    """

    params: dict[str, float]
    score: float
    error: str | None = None


def random_search(
    objective: Callable[[dict[str, float]], float],
    space: Mapping[str, LogUniform | Uniform | tuple[float, float]],
    n_trials: int,
    rng: RngLike = None,
    maximize: bool = True,
) -> list[Trial]:
    """Evaluate `objective` at `n_trials` random points of `space`; return trials best first.

    Parameters
    ----------
    objective : callable
        Takes a dict of hyperparameter values, returns a score (e.g. validation accuracy).
        Evaluate on validation data, never on the test set.
    space : mapping
        Name → :class:`LogUniform`, :class:`Uniform` or a ``(low, high)`` tuple (read as
        log-uniform).
    n_trials : int
        Number of settings to try.
    rng : int, numpy.random.Generator or None
        Seed for the sampling.
    maximize : bool, default True
        Sort the highest score first; False sorts the lowest first (for a loss).

    Returns
    -------
    list of Trial
        Sorted best first; trials whose objective raised ``FloatingPointError`` come last.

    Raises
    ------
    ValueError
        If `n_trials` is not positive or `space` is empty.

    Examples
    --------
    >>> def objective(p):  # best at lr = 1e-2
    ...     return -abs(np.log10(p["lr"]) + 2)
    >>> trials = random_search(objective, {"lr": (1e-5, 1e0)}, n_trials=30, rng=0)
    >>> round(np.log10(trials[0].params["lr"]))
    -2
    >>> trials[0].score >= trials[-1].score
    True
    """
    if int(n_trials) != n_trials or n_trials < 1:
        raise ValueError(f"n_trials must be a positive integer, got {n_trials}")
    if not space:
        raise ValueError("the search space is empty")
    ranges = {name: LogUniform(*r) if isinstance(r, tuple) else r for name, r in space.items()}
    rng = as_rng(rng)
    trials = []
    for _ in range(int(n_trials)):
        params = {name: r.sample(rng) for name, r in ranges.items()}
        try:
            trials.append(Trial(params, float(objective(params))))
        except FloatingPointError as exc:
            trials.append(Trial(params, float("nan"), error=str(exc)))
    sign = -1.0 if maximize else 1.0
    return sorted(trials, key=lambda tr: (math.isnan(tr.score), sign * np.nan_to_num(tr.score)))


# ---------------------------------------------------------------- the book's search on MNIST


def search_hyperparameters(
    n_samples: int,
    lr_range: tuple[float, float],
    weight_decay_range: tuple[float, float],
    n_trials: int,
    epochs: int,
    seed: int,
) -> list[dict[str, Any]]:
    """Random search on the first `n_samples` MNIST training images, 20 % held out."""
    (x_train, t_train), _ = load_mnist()  # the test data takes no part in the search
    (x_fit, t_fit), (x_val, t_val) = train_validation_split(
        x_train[:n_samples], t_train[:n_samples], validation_fraction=0.2, rng=0
    )
    curves = {}

    def validation_accuracy(params: dict[str, float]) -> float:
        net = MultiLayerNet(784, [100] * 6, 10, weight_decay_lambda=params["weight_decay"], rng=0)
        trainer = Trainer(
            net,
            x_fit,
            t_fit,
            x_val,  # the trainer calls it test data; here it is the validation data
            t_val,
            epochs=epochs,
            batch_size=100,
            optimizer="sgd",
            optimizer_params={"lr": params["lr"]},
            rng=0,
            verbose=False,
        )
        history = trainer.train()
        curves[params["lr"], params["weight_decay"]] = history
        return history.test_acc[-1]

    space = {"lr": LogUniform(*lr_range), "weight_decay": LogUniform(*weight_decay_range)}
    trials = random_search(validation_accuracy, space, n_trials=n_trials, rng=seed)
    return [
        {
            **trial.params,
            "score": trial.score,
            "val_acc": curves[trial.params["lr"], trial.params["weight_decay"]].test_acc,
            "train_acc": curves[trial.params["lr"], trial.params["weight_decay"]].train_acc,
        }
        for trial in trials
    ]


def score_on_test_data(n_samples: int, lr: float, weight_decay: float, epochs: int) -> float:
    """Train one setting exactly as in the search; return its accuracy on the test data."""
    (x_train, t_train), (x_test, t_test) = load_mnist()
    (x_fit, t_fit), _ = train_validation_split(
        x_train[:n_samples], t_train[:n_samples], validation_fraction=0.2, rng=0
    )
    net = MultiLayerNet(784, [100] * 6, 10, weight_decay_lambda=weight_decay, rng=0)
    trainer = Trainer(
        net,
        x_fit,
        t_fit,
        epochs=epochs,
        batch_size=100,
        optimizer="sgd",
        optimizer_params={"lr": lr},
        rng=0,
        verbose=False,
    )
    trainer.train()
    return net.accuracy(x_test, t_test)
