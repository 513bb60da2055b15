"""Mini-batch training loop: the four steps of learning, repeated, with a record of how it went.

1. take a mini-batch of training data,
2. compute the gradient of the loss on it,
3. update the parameters a little against the gradient,
4. repeat; after every epoch, measure accuracy on training and test data.
"""

from __future__ import annotations

import copy
import math
import sys
from dataclasses import dataclass, field
from typing import Any, TextIO

import numpy as np
import numpy.typing as npt

from nnbook._validation import (
    FloatArray,
    RngLike,
    as_rng,
    at_least_one,
    checked,
    flag,
    instance_of,
    optional,
    paired_examples,
    positive,
)
from nnbook.nets import Net
from nnbook.optimizers import Optimizer, clip_grad_norm, get_optimizer, global_norm

__all__ = ["History", "Trainer", "accuracy_table"]


@dataclass
class History:
    """What a training run recorded.

    Attributes
    ----------
    train_loss : list of float
        Mini-batch loss at every iteration.
    train_acc, test_acc : list of float
        Accuracy on (a subset of) the training and test data, measured once before training
        and after every epoch; ``test_acc`` is empty when no test data was given.
    iterations : list of int
        Number of updates done when each accuracy was measured.
    grad_norms : dict of str to list of float
        With ``record_grad_norms``: the L2 norm of every parameter's gradient at every
        iteration, before any clipping (``grad_norms["W1"][i]``).
    best_epoch : int or None
        With ``patience``: the epoch of the best test accuracy (0 is before training), whose
        parameters the network has after training.
    stopped_epoch : int or None
        With ``patience``: the epoch after which training stopped early, or None.

    Examples
    --------
    >>> history = History()
    >>> history.train_loss.append(2.3)
    >>> history.train_loss, history.grad_norms, history.best_epoch
    ([2.3], {}, None)
    """

    train_loss: list[float] = field(default_factory=list)
    train_acc: list[float] = field(default_factory=list)
    test_acc: list[float] = field(default_factory=list)
    iterations: list[int] = field(default_factory=list)
    grad_norms: dict[str, list[float]] = field(default_factory=dict)
    best_epoch: int | None = None
    stopped_epoch: int | None = None


class Trainer:
    """Train a network with mini-batch gradient descent and record its progress.

    Parameters
    ----------
    network : nnbook.nets.Net
        Any network with ``params``, ``loss``, ``gradient`` and ``accuracy``.
    x_train, t_train : numpy.ndarray
        Training inputs and labels (one-hot or integer).
    x_test, t_test : numpy.ndarray, optional
        Test data, evaluated after every epoch.
    epochs : int or None, default 20
        Number of passes over the training data; None: as many as `max_iterations` needs.
    batch_size : int, default 100
        Samples per mini-batch. Each epoch visits a fresh random permutation of the training
        data in ``len(x_train) // batch_size`` mini-batches.
    optimizer : str or nnbook.optimizers.Optimizer, default "sgd"
        An optimizer name (see :func:`nnbook.optimizers.get_optimizer`) or an instance.
    optimizer_params : dict, optional
        Keyword arguments for the optimizer when given by name, e.g. ``{"lr": 0.1}``.
    eval_sample_size : int, optional
        Measure accuracy on this many samples instead of all data: faster on large data sets.
        Every evaluation draws a new random subset (without replacement) from `rng`, so the
        run as a whole is reproducible, but successive points of the accuracy curves are
        measured on different samples and carry some sampling noise.
    max_iterations : int, optional
        Stop after this many updates even if `epochs` is not reached.
    rng : int, numpy.random.Generator or None
        Seed for the mini-batch order and the evaluation subsets.
    verbose : bool or None, default None
        Show a progress line on `stream`. ``None`` shows it only if `stream` is a terminal.
    stream : file-like, default sys.stderr
        Where progress goes.
    record_grad_norms : bool, default False
        Record the norm of every parameter's gradient at every iteration in
        ``history.grad_norms`` (the diagnostic of vanishing and exploding gradients).
    max_grad_norm : float, optional
        Clip the gradients to this global norm before every update
        (:func:`nnbook.optimizers.clip_grad_norm`).
    patience : int, optional
        Early stopping: stop when the test accuracy (give validation data as the test data)
        has not improved for this many epochs, and give the network back the parameters of
        its best epoch (and the running statistics of its Batch Normalization layers).

    Raises
    ------
    ValueError
        If inputs and labels differ in length, a count is not a whole number of at least 1,
        the batch is larger than the training set, neither `epochs` nor `max_iterations` is
        given, the optimizer name is unknown, `max_grad_norm` is not positive, or `patience`
        is given without test data.
    TypeError
        If `record_grad_norms` is not a bool.

    Examples
    --------
    >>> import numpy as np
    >>> from nnbook.nets import TwoLayerNet
    >>> rng = np.random.default_rng(0)
    >>> x = rng.standard_normal((200, 4))
    >>> t = (x[:, 0] + x[:, 1] > 0).astype(int)  # a linearly separable toy problem
    >>> net = TwoLayerNet(4, 8, 2, activation="relu", weight_init_std="he", rng=0)
    >>> trainer = Trainer(net, x, t, epochs=5, batch_size=20, optimizer="adam",
    ...                   optimizer_params={"lr": 0.05}, rng=0, verbose=False)
    >>> history = trainer.train()
    >>> len(history.train_loss), len(history.train_acc)  # 10 batches × 5 epochs; 1 + 5
    (50, 6)
    >>> history.train_acc[-1] > 0.9
    True
    """

    @checked(
        epochs=optional(at_least_one),
        batch_size=at_least_one,
        eval_sample_size=optional(at_least_one),
        max_iterations=optional(at_least_one),
        record_grad_norms=flag,
        max_grad_norm=optional(positive),
        patience=optional(at_least_one),
    )
    def __init__(
        self,
        network: Net,
        x_train: npt.ArrayLike,
        t_train: npt.ArrayLike,
        x_test: npt.ArrayLike | None = None,
        t_test: npt.ArrayLike | None = None,
        *,
        epochs: int | None = 20,
        batch_size: int = 100,
        optimizer: str | Optimizer = "sgd",
        optimizer_params: dict[str, Any] | None = None,
        eval_sample_size: int | None = None,
        max_iterations: int | None = None,
        rng: RngLike = None,
        verbose: bool | None = None,
        stream: TextIO | None = None,
        record_grad_norms: bool = False,
        max_grad_norm: float | None = None,
        patience: int | None = None,
    ) -> None:
        self.network = network
        self.x_train, self.t_train = _paired(x_train, t_train, "training")
        self.has_test = x_test is not None or t_test is not None
        if self.has_test:
            self.x_test, self.t_test = _paired(x_test, t_test, "test")
        n_train = len(self.x_train)
        if batch_size > n_train:
            raise ValueError(f"batch_size {batch_size} exceeds the {n_train} training samples")
        self.batch_size = batch_size
        self.optimizer = get_optimizer(optimizer, **(optimizer_params or {}))
        self.eval_sample_size = eval_sample_size
        self.iter_per_epoch = n_train // self.batch_size
        if epochs is None:
            if max_iterations is None:
                raise ValueError("give epochs, max_iterations or both")
            epochs = -(-max_iterations // self.iter_per_epoch)  # enough for the iterations
        self.epochs = epochs
        total = self.epochs * self.iter_per_epoch
        self.max_iterations = total if max_iterations is None else min(total, max_iterations)
        self.rng = as_rng(rng)
        self.stream = stream if stream is not None else sys.stderr
        if verbose is None:
            verbose = bool(getattr(self.stream, "isatty", lambda: False)())
        self.verbose = verbose
        self.history = History()
        self.iteration = 0
        self.record_grad_norms, self.max_grad_norm = record_grad_norms, max_grad_norm
        if patience is not None and not self.has_test:
            raise ValueError("early stopping (patience) needs validation data as x_test, t_test")
        self.patience = patience
        self._best: tuple[float, dict[str, Any]] | None = None

    def _subset(
        self, x: npt.NDArray[Any], t: npt.NDArray[Any]
    ) -> tuple[npt.NDArray[Any], npt.NDArray[Any]]:
        n = self.eval_sample_size
        if n is None or n >= len(x):
            return x, t
        idx = self.rng.choice(len(x), size=n, replace=False)
        return x[idx], t[idx]

    def evaluate(self) -> tuple[float, float | None]:
        """Measure and record train (and test) accuracy; return both (test is None if absent).

        With `eval_sample_size` set, each call measures on a new random subset.

        Returns
        -------
        train_acc : float
            Accuracy on (a subset of) the training data.
        test_acc : float or None
            Accuracy on (a subset of) the test data, or None without test data.

        Examples
        --------
        >>> import numpy as np
        >>> from nnbook.nets import SimpleNet
        >>> x, t = np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([0, 1])
        >>> trainer = Trainer(SimpleNet(rng=0), x, t, batch_size=2, rng=0, verbose=False)
        >>> train_acc, test_acc = trainer.evaluate()
        >>> test_acc is None, trainer.history.iterations
        (True, [0])
        """
        train_acc = self.network.accuracy(*self._subset(self.x_train, self.t_train))
        test_acc = None
        self.history.train_acc.append(train_acc)
        if self.has_test:
            test_acc = self.network.accuracy(*self._subset(self.x_test, self.t_test))
            self.history.test_acc.append(test_acc)
        self.history.iterations.append(self.iteration)
        return train_acc, test_acc

    def train_step(self, x_batch: npt.ArrayLike, t_batch: npt.ArrayLike) -> float:
        """One update on one mini-batch; returns the batch loss before the update.

        Parameters
        ----------
        x_batch, t_batch : array_like
            The mini-batch and its labels.

        Returns
        -------
        float
            The loss at the parameters before the update, also appended to
            ``history.train_loss``.

        Raises
        ------
        FloatingPointError
            If the loss is not finite (the learning rate is typically too large).

        Examples
        --------
        >>> import numpy as np
        >>> from nnbook.nets import TwoLayerNet
        >>> x, t = np.eye(4), np.array([0, 1, 0, 1])
        >>> net = TwoLayerNet(4, 3, 2, rng=0)
        >>> trainer = Trainer(net, x, t, batch_size=4, optimizer_params={"lr": 0.5}, rng=0)
        >>> first = trainer.train_step(x, t)
        >>> trainer.train_step(x, t) < first, trainer.iteration
        (True, 2)
        """
        grads = self.network.gradient(x_batch, t_batch)  # also computes the loss
        loss = float(self.network.last_loss)  # the loss before the update
        if self.record_grad_norms:
            for key, grad in grads.items():
                self.history.grad_norms.setdefault(key, []).append(global_norm([grad]))
        if self.max_grad_norm is not None:
            clip_grad_norm(grads, self.max_grad_norm)
        self.optimizer.update(self.network.params, grads)
        self.history.train_loss.append(loss)
        self.iteration += 1
        return loss

    def train(self) -> History:
        """Run the whole training and return the :class:`History`.

        Evaluates once before the first update and after every epoch; the mini-batches of
        each epoch follow a fresh permutation of the training data drawn from `rng`.

        Returns
        -------
        History
            The same object as ``self.history``.

        Raises
        ------
        FloatingPointError
            If the loss becomes NaN or infinite.

        Examples
        --------
        >>> import numpy as np
        >>> from nnbook.nets import TwoLayerNet
        >>> x = np.random.default_rng(0).standard_normal((20, 2))
        >>> t = (x[:, 0] > 0).astype(int)
        >>> net = TwoLayerNet(2, 4, 2, rng=0)
        >>> history = Trainer(net, x, t, x, t, epochs=2, batch_size=5, rng=0).train()
        >>> history.iterations, len(history.train_loss), len(history.test_acc)
        ([0, 4, 8], 8, 3)
        """
        self._keep_if_best(0, self.evaluate()[1])
        n_epochs_run = math.ceil(self.max_iterations / self.iter_per_epoch)
        for epoch in range(1, n_epochs_run + 1):
            order = self.rng.permutation(len(self.x_train))
            for b in range(self.iter_per_epoch):
                if self.iteration >= self.max_iterations:
                    break
                idx = order[b * self.batch_size : (b + 1) * self.batch_size]
                loss = self.train_step(self.x_train[idx], self.t_train[idx])
                if self.verbose and (self.iteration % 10 == 0 or b == self.iter_per_epoch - 1):
                    self._progress(epoch, loss)
            train_acc, test_acc = self.evaluate()
            if self.verbose:
                self._progress(epoch, self.history.train_loss[-1], train_acc, test_acc, end="\n")
            if self._keep_if_best(epoch, test_acc):
                self.history.stopped_epoch = epoch
                break
        if self._best is not None:
            self._restore(self._best[1])
        return self.history

    def _keep_if_best(self, epoch: int, test_acc: float | None) -> bool:
        """Early stopping: remember the best epoch's state; True when patience has run out."""
        if self.patience is None or test_acc is None:
            return False
        if self._best is None or test_acc > self._best[0]:
            self._best = (test_acc, self._snapshot())
            self.history.best_epoch = epoch
        assert self.history.best_epoch is not None
        return epoch - self.history.best_epoch >= self.patience

    def _snapshot(self) -> dict[str, Any]:
        layers = [
            layer
            for layer in getattr(self.network, "layers", ())
            if hasattr(layer, "running_mean")
        ]
        return {
            "params": {key: p.copy() for key, p in self.network.params.items()},
            "running": [
                (layer, copy.deepcopy((layer.running_mean, layer.running_var))) for layer in layers
            ],
        }

    def _restore(self, snapshot: dict[str, Any]) -> None:
        for key, value in snapshot["params"].items():
            self.network.params[key][...] = value  # in place: the layers hold these arrays
        for layer, (mean, var) in snapshot["running"]:
            layer.running_mean, layer.running_var = copy.deepcopy(mean), copy.deepcopy(var)

    def _progress(
        self,
        epoch: int,
        loss: float,
        train_acc: float | None = None,
        test_acc: float | None = None,
        end: str = "",
    ) -> None:
        width = 24
        done = self.iteration / max(self.max_iterations, 1)
        bar = "#" * round(done * width) + "-" * (width - round(done * width))
        line = f"\r[{bar}] epoch {epoch}/{self.epochs} iter {self.iteration} loss {loss:.4f}"
        if train_acc is not None:
            line += f" train acc {train_acc:.4f}"
        if test_acc is not None:
            line += f" test acc {test_acc:.4f}"
        self.stream.write(line + end)
        self.stream.flush()


def _paired(
    x: npt.ArrayLike | None, t: npt.ArrayLike | None, what: str
) -> tuple[npt.NDArray[Any], npt.NDArray[Any]]:
    if x is None or t is None:
        raise ValueError(f"{what} inputs and labels must be given together")
    x, t = paired_examples(x, t, f"the {what} inputs and labels")
    if len(x) == 0:
        raise ValueError(f"{what} data is empty")
    return x, t


@checked(history=instance_of(History), every=at_least_one)
def accuracy_table(history: History, every: int) -> tuple[FloatArray, FloatArray]:
    """Print the training and test accuracy and their gap, in percent, every `every` epochs.

    Parameters
    ----------
    history : History
        A run's record, with test accuracies.
    every : int
        Print every `every`-th epoch, from epoch 0 (before training).

    Returns
    -------
    train_acc, test_acc : numpy.ndarray
        The accuracies of every epoch, in percent.

    Raises
    ------
    TypeError
        If `history` is not a :class:`History`.
    ValueError
        If `every` is not a whole number of at least 1.

    Examples
    --------
    >>> run = History(train_acc=[0.1, 0.9, 1.0], test_acc=[0.1, 0.8, 0.85])
    >>> _ = accuracy_table(run, every=2)
    epoch  train   test    gap
        0   10.0   10.0    0.0
        2  100.0   85.0   15.0
    """
    train_acc, test_acc = 100 * np.array(history.train_acc), 100 * np.array(history.test_acc)
    print("epoch  train   test    gap")
    for epoch in range(0, len(train_acc), every):
        gap = train_acc[epoch] - test_acc[epoch]
        print(f"{epoch:5d}  {train_acc[epoch]:5.1f}  {test_acc[epoch]:5.1f}  {gap:5.1f}")
    return train_acc, test_acc
