"""Optimizers that update a network's parameters from their gradients, and learning-rate schedules.

Every optimizer has the same interface, ``update(params, grads)``, where both arguments are
dicts of NumPy arrays with the same keys (``"W1"``, ``"b1"``, …). The arrays in `params` are
changed **in place**, so layers that hold references to them see the new values.

The learning rate `lr` may be a number or a schedule: any callable that maps the iteration
number (0, 1, 2, …) to a learning rate, such as :class:`StepDecay`, :class:`ExponentialDecay`,
:class:`CosineDecay` or :class:`LinearWarmup`. Schedules work with every optimizer.
:func:`clip_grad_norm` rescales the gradients before an update when their global norm is too
large.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from nnbook._validation import (
    FloatArray,
    as_float_array,
    at_least_one,
    checked,
    count,
    finite_float_arrays,
    fraction,
    gradients_for,
    instance_of,
    iterable,
    learning_rate,
    non_negative,
    positive,
    shrink_factor,
)

__all__ = [
    "SGD",
    "AdaGrad",
    "Adam",
    "AdamW",
    "CosineDecay",
    "ExponentialDecay",
    "LinearWarmup",
    "Momentum",
    "Nesterov",
    "Optimizer",
    "RMSprop",
    "StepDecay",
    "clip_grad_norm",
    "descent_path",
    "get_optimizer",
    "global_norm",
    "step_sizes",
]

Schedule = Callable[[int], float]


# --------------------------------------------------------------------------- schedules


class StepDecay:
    """Multiply the learning rate by `factor` every `step_size` iterations.

    Parameters
    ----------
    initial_lr : float
        Learning rate for the first `step_size` iterations.
    step_size : int
        Number of iterations between two drops.
    factor : float, default 0.1
        Multiplier applied at each drop.

    Raises
    ------
    ValueError
        If `step_size` is not a positive integer or `initial_lr` is not positive.

    Examples
    --------
    >>> schedule = StepDecay(0.1, step_size=100, factor=0.5)
    >>> [round(schedule(i), 6) for i in (0, 99, 100, 250)]
    [0.1, 0.1, 0.05, 0.025]
    """

    @checked(initial_lr=positive, step_size=at_least_one, factor=shrink_factor)
    def __init__(self, initial_lr: float, step_size: int, factor: float = 0.1) -> None:
        self.initial_lr, self.step_size, self.factor = initial_lr, step_size, factor

    def __call__(self, iteration: int) -> float:
        """Learning rate at `iteration`: ``initial_lr · factor ** (iteration // step_size)``.

        Parameters
        ----------
        iteration : int
            Number of updates done so far (0 for the first).

        Returns
        -------
        float

        Examples
        --------
        >>> StepDecay(1.0, step_size=2, factor=0.5)(5)  # two drops by iteration 5
        0.25
        """
        return self.initial_lr * self.factor ** (iteration // self.step_size)


class ExponentialDecay:
    """Smooth decay ``lr = initial_lr · decay_rate ** (iteration / decay_steps)``.

    Parameters
    ----------
    initial_lr : float
        Learning rate at iteration 0.
    decay_rate : float
        Factor by which the rate has shrunk after `decay_steps` iterations, in ``(0, 1]``.
    decay_steps : int, default 1
        Number of iterations over which the rate shrinks by `decay_rate`.

    Raises
    ------
    ValueError
        If `decay_rate` is outside ``(0, 1]`` or `decay_steps` is not positive.

    Examples
    --------
    >>> schedule = ExponentialDecay(0.1, decay_rate=0.5, decay_steps=10)
    >>> [round(schedule(i), 6) for i in (0, 10, 20)]
    [0.1, 0.05, 0.025]
    """

    @checked(initial_lr=positive, decay_rate=shrink_factor, decay_steps=positive)
    def __init__(self, initial_lr: float, decay_rate: float, decay_steps: float = 1) -> None:
        self.initial_lr, self.decay_rate, self.decay_steps = initial_lr, decay_rate, decay_steps

    def __call__(self, iteration: int) -> float:
        """Learning rate at `iteration`, falling smoothly between whole multiples of the steps.

        Parameters
        ----------
        iteration : int
            Updates done before this one.

        Returns
        -------
        float
            ``initial_lr · decay_rate ** (iteration / decay_steps)``; it approaches 0 but
            never reaches it.

        Examples
        --------
        >>> ExponentialDecay(1.0, decay_rate=0.25, decay_steps=2)(1)  # half a period: √0.25
        0.5
        """
        # float ** float is typed as possibly complex; a rate in (0, 1] keeps it real.
        return float(self.initial_lr * self.decay_rate ** (iteration / self.decay_steps))


class CosineDecay:
    """Cosine decay ``lr = min_lr + (initial_lr − min_lr) · (1 + cos(π t / total_steps)) / 2``.

    The rate falls from `initial_lr` along half a cosine to `min_lr` at iteration
    `total_steps` and stays there (Loshchilov and Hutter's SGDR without restarts). PyTorch's
    ``CosineAnnealingLR`` computes the same curve up to ``T_max = total_steps``; after it, its
    closed form rises again, while this schedule holds `min_lr`. With a warm-up:
    ``LinearWarmup(CosineDecay(...), warmup_steps)``.

    Parameters
    ----------
    initial_lr : float
        Learning rate at iteration 0.
    total_steps : int
        Iteration at which the rate reaches `min_lr`.
    min_lr : float, default 0
        Learning rate from `total_steps` on; smaller than `initial_lr`.

    Raises
    ------
    ValueError
        If `initial_lr` is not positive, `total_steps` not a positive whole number, or
        `min_lr` negative or not below `initial_lr`.

    Examples
    --------
    >>> schedule = CosineDecay(0.1, total_steps=4)
    >>> [round(schedule(i), 6) for i in range(6)]
    [0.1, 0.085355, 0.05, 0.014645, 0.0, 0.0]
    """

    @checked(initial_lr=positive, total_steps=at_least_one, min_lr=non_negative)
    def __init__(self, initial_lr: float, total_steps: int, min_lr: float = 0.0) -> None:
        if min_lr >= initial_lr:
            raise ValueError(f"min_lr ({min_lr!r}) must be below initial_lr ({initial_lr!r})")
        self.initial_lr, self.total_steps, self.min_lr = initial_lr, total_steps, min_lr

    def __call__(self, iteration: int) -> float:
        """Learning rate at `iteration`.

        Parameters
        ----------
        iteration : int
            Updates done before this one.

        Returns
        -------
        float
            The cosine curve up to `total_steps`, then `min_lr`.

        Examples
        --------
        >>> round(CosineDecay(1.0, total_steps=10, min_lr=0.2)(5), 12)  # half way: the mean
        0.6
        """
        t = min(iteration, self.total_steps) / self.total_steps
        return self.min_lr + (self.initial_lr - self.min_lr) * (1 + math.cos(math.pi * t)) / 2


class LinearWarmup:
    """Raise the learning rate linearly from near 0 over `warmup_steps`, then follow `after`.

    Parameters
    ----------
    after : float or callable
        The learning rate (or schedule) to use once warm-up is over. A schedule is called with
        the iteration number counted from the end of the warm-up.
    warmup_steps : int
        Length of the warm-up; iteration ``i < warmup_steps`` gets
        ``(i + 1) / warmup_steps`` of the target rate.

    Raises
    ------
    ValueError
        If `warmup_steps` is not a positive integer.

    Examples
    --------
    >>> schedule = LinearWarmup(0.1, warmup_steps=4)
    >>> [round(schedule(i), 6) for i in range(6)]
    [0.025, 0.05, 0.075, 0.1, 0.1, 0.1]
    >>> warm_then_decay = LinearWarmup(StepDecay(0.1, step_size=2, factor=0.5), warmup_steps=2)
    >>> [round(warm_then_decay(i), 6) for i in range(6)]
    [0.05, 0.1, 0.1, 0.1, 0.05, 0.05]
    """

    @checked(after=learning_rate, warmup_steps=at_least_one)
    def __init__(self, after: float | Schedule, warmup_steps: int) -> None:
        self.after, self.warmup_steps = after, warmup_steps

    def _target(self, iteration: int) -> float:
        return self.after(iteration) if callable(self.after) else float(self.after)

    def __call__(self, iteration: int) -> float:
        """Learning rate at `iteration`: a linear ramp, then the target rate or schedule.

        Parameters
        ----------
        iteration : int
            Index of the update (0, 1, 2, …). After the warm-up a schedule given as `after`
            is called with ``iteration - warmup_steps``, so it starts from its own beginning.

        Returns
        -------
        float

        Examples
        --------
        >>> schedule = LinearWarmup(0.2, warmup_steps=2)
        >>> schedule(0), schedule(1), schedule(7)
        (0.1, 0.2, 0.2)
        """
        if iteration < self.warmup_steps:
            return self._target(0) * (iteration + 1) / self.warmup_steps
        return self._target(iteration - self.warmup_steps)


# --------------------------------------------------------------------------- optimizers


class Optimizer:
    """Base class: checks the arguments of ``update`` and resolves the learning-rate schedule.

    Subclasses implement ``_update_param``, the rule for one parameter array.

    Parameters
    ----------
    lr : float or callable
        Learning rate, or a schedule mapping the iteration number to a learning rate.

    Attributes
    ----------
    iterations : int
        Number of completed calls to :meth:`update`.

    Raises
    ------
    ValueError
        If `lr` is a number that is not positive and finite.

    Examples
    --------
    A new update rule needs only ``_update_param``:

    >>> class HalfStep(Optimizer):
    ...     def _update_param(self, key, param, grad, lr):
    ...         param -= 0.5 * lr * grad
    >>> params = {"w": np.array([1.0])}
    >>> HalfStep(lr=1.0).update(params, {"w": np.array([1.0])})
    >>> params["w"]
    array([0.5])
    """

    @checked(lr=learning_rate)
    def __init__(self, lr: float | Schedule) -> None:
        self.lr = lr
        self.iterations = 0

    @property
    def current_lr(self) -> float:
        """Learning rate the next call to :meth:`update` will use.

        Examples
        --------
        >>> opt = SGD(lr=StepDecay(0.1, step_size=1, factor=0.5))
        >>> opt.current_lr
        0.1
        >>> opt.update({"w": np.zeros(1)}, {"w": np.zeros(1)})
        >>> opt.current_lr
        0.05
        """
        if not callable(self.lr):
            return float(self.lr)
        # A schedule is the caller's code: what it returns is checked like a given rate.
        return positive(
            self.lr(self.iterations), f"the schedule's rate at iteration {self.iterations}"
        )

    def update(self, params: Mapping[str, FloatArray], grads: Mapping[str, FloatArray]) -> None:
        """Update every array of `params` in place from the gradient of the same key.

        Parameters
        ----------
        params : mapping of str to numpy.ndarray
            The parameters, changed in place, so layers that hold them see the new values.
        grads : mapping of str to numpy.ndarray
            A gradient for every key of `params`, of the same shape; other keys are ignored.

        Raises
        ------
        KeyError
            If a parameter has no gradient.
        ValueError
            If a gradient's shape differs from its parameter's, or a gradient is not finite,
            or the schedule gives a rate that is not a positive finite number.

        Examples
        --------
        >>> opt = SGD(lr=0.5)
        >>> params = {"W": np.ones((1, 2)), "b": np.zeros(1)}
        >>> opt.update(params, {"W": np.ones((1, 2)), "b": np.ones(1)})
        >>> params["W"], params["b"], opt.iterations
        (array([[0.5, 0.5]]), array([-0.5]), 1)
        """
        grads = gradients_for(params, grads)  # all checked before any parameter changes
        lr = self.current_lr
        for key, param in params.items():
            self._update_param(key, param, grads[key], lr)
        self.iterations += 1

    def _update_param(self, key: str, param: FloatArray, grad: FloatArray, lr: float) -> None:
        raise NotImplementedError

    def _state(self, store: dict[str, FloatArray], key: str, param: FloatArray) -> FloatArray:
        """Return the per-parameter state array for `key`, created as zeros on first use."""
        if key not in store:
            store[key] = np.zeros_like(param)
        return store[key]

    def __repr__(self) -> str:
        return f"{type(self).__name__}(lr={self.lr!r})"


class SGD(Optimizer):
    """Stochastic gradient descent, ``W ← W − η ∂L/∂W``.

    Examples
    --------
    >>> params = {"x": np.array([1.0, -2.0])}
    >>> SGD(lr=0.1).update(params, {"x": np.array([1.0, 1.0])})
    >>> params["x"]
    array([ 0.9, -2.1])
    """

    def __init__(self, lr: float | Schedule = 0.01) -> None:
        super().__init__(lr)

    def _update_param(self, key: str, param: FloatArray, grad: FloatArray, lr: float) -> None:
        param -= lr * grad


class Momentum(Optimizer):
    """Gradient descent with momentum: ``v ← αv − η ∂L/∂W``, ``W ← W + v``.

    The velocity ``v`` remembers past steps, so steps that agree build up speed and steps that
    alternate cancel out.

    Parameters
    ----------
    lr : float or callable, default 0.01
        Learning rate or schedule.
    momentum : float, default 0.9
        The friction-like factor ``α`` that keeps part of the previous velocity.

    Raises
    ------
    ValueError
        If `momentum` is outside ``[0, 1)``, or as :class:`Optimizer` for `lr`.

    Examples
    --------
    >>> params = {"x": np.array([1.0])}
    >>> opt = Momentum(lr=0.1, momentum=0.9)
    >>> for _ in range(2):
    ...     opt.update(params, {"x": np.array([1.0])})
    >>> params["x"].round(6)  # steps of 0.1, then 0.9·0.1 + 0.1
    array([0.71])
    """

    @checked(momentum=fraction)
    def __init__(self, lr: float | Schedule = 0.01, momentum: float = 0.9) -> None:
        super().__init__(lr)
        self.momentum = momentum
        self.v: dict[str, FloatArray] = {}

    def _update_param(self, key: str, param: FloatArray, grad: FloatArray, lr: float) -> None:
        v = self._state(self.v, key, param)
        v *= self.momentum
        v -= lr * grad
        param += v


class Nesterov(Momentum):
    """Nesterov's accelerated gradient: momentum that corrects with a look-ahead step.

    Parameters
    ----------
    lr : float or callable, default 0.01
        Learning rate or schedule.
    momentum : float, default 0.9
        Momentum factor ``α``.

    Raises
    ------
    ValueError
        If `momentum` is not in ``[0, 1)`` or `lr` is not a positive number.

    Notes
    -----
    In the form that needs only the gradient at the current point:

    .. math:: v \\leftarrow \\alpha v - \\eta g,\\qquad W \\leftarrow W + \\alpha v - \\eta g

    Examples
    --------
    >>> params = {"x": np.array([1.0])}
    >>> Nesterov(lr=0.1, momentum=0.9).update(params, {"x": np.array([1.0])})
    >>> params["x"].round(6)  # 1 + 0.9·(−0.1) − 0.1
    array([0.81])
    """

    def _update_param(self, key: str, param: FloatArray, grad: FloatArray, lr: float) -> None:
        v = self._state(self.v, key, param)
        v *= self.momentum
        v -= lr * grad
        param += self.momentum * v - lr * grad


class AdaGrad(Optimizer):
    """AdaGrad: each parameter's step shrinks with the sum of its squared gradients so far.

    Parameters
    ----------
    lr : float or callable, default 0.01
        Learning rate or schedule.
    eps : float, default 1e-7
        Keeps the division finite while the accumulated sum is still 0.

    Notes
    -----
    .. math::
        h \\leftarrow h + g \\odot g,\\qquad
        W \\leftarrow W - \\eta \\frac{g}{\\sqrt h + \\epsilon}

    Examples
    --------
    >>> params = {"x": np.array([1.0])}
    >>> AdaGrad(lr=0.5).update(params, {"x": np.array([4.0])})
    >>> params["x"].round(6)  # the first step has size η whatever the gradient
    array([0.5])
    """

    @checked(eps=positive)
    def __init__(self, lr: float | Schedule = 0.01, eps: float = 1e-7) -> None:
        super().__init__(lr)
        self.eps = eps
        self.h: dict[str, FloatArray] = {}

    def _update_param(self, key: str, param: FloatArray, grad: FloatArray, lr: float) -> None:
        h = self._state(self.h, key, param)
        h += grad * grad
        param -= lr * grad / (np.sqrt(h) + self.eps)


class RMSprop(Optimizer):
    """RMSprop: like AdaGrad, but old squared gradients fade with a moving average.

    Parameters
    ----------
    lr : float or callable, default 0.01
        Learning rate or schedule.
    decay_rate : float, default 0.99
        Weight of the old average in ``h ← ρh + (1 − ρ) g²``.
    eps : float, default 1e-7
        Keeps the division finite.

    Raises
    ------
    ValueError
        If `decay_rate` lies outside ``[0, 1)``, or `lr` is invalid.

    Examples
    --------
    >>> params = {"x": np.array([1.0])}
    >>> RMSprop(lr=0.01, decay_rate=0.99).update(params, {"x": np.array([2.0])})
    >>> params["x"].round(6)  # h = 0.01·4, step 0.01·2/0.2
    array([0.9])
    """

    @checked(decay_rate=fraction, eps=positive)
    def __init__(
        self, lr: float | Schedule = 0.01, decay_rate: float = 0.99, eps: float = 1e-7
    ) -> None:
        super().__init__(lr)
        self.decay_rate, self.eps = decay_rate, eps
        self.h: dict[str, FloatArray] = {}

    def _update_param(self, key: str, param: FloatArray, grad: FloatArray, lr: float) -> None:
        h = self._state(self.h, key, param)
        h *= self.decay_rate
        h += (1 - self.decay_rate) * grad * grad
        param -= lr * grad / (np.sqrt(h) + self.eps)


class Adam(Optimizer):
    """Adam: momentum on the gradient plus RMSprop-style scaling, both bias-corrected.

    Parameters
    ----------
    lr : float or callable, default 0.001
        Learning rate or schedule.
    beta1 : float, default 0.9
        Decay of the first-moment (mean) estimate.
    beta2 : float, default 0.999
        Decay of the second-moment (uncentred variance) estimate.
    eps : float, default 1e-8
        Keeps the division finite.

    Raises
    ------
    ValueError
        If `beta1` or `beta2` is outside ``[0, 1)``, or for an invalid `lr`.

    Notes
    -----
    .. math::
        m \\leftarrow \\beta_1 m + (1-\\beta_1) g,\\quad
        v \\leftarrow \\beta_2 v + (1-\\beta_2) g^2,\\quad
        W \\leftarrow W - \\eta \\frac{m / (1-\\beta_1^t)}{\\sqrt{v / (1-\\beta_2^t)} + \\epsilon}

    Examples
    --------
    >>> params = {"x": np.array([1.0])}
    >>> Adam(lr=0.1).update(params, {"x": np.array([3.0])})
    >>> params["x"].round(6)  # bias correction makes the first step ≈ η
    array([0.9])
    """

    @checked(beta1=fraction, beta2=fraction, eps=positive)
    def __init__(
        self,
        lr: float | Schedule = 0.001,
        beta1: float = 0.9,
        beta2: float = 0.999,
        eps: float = 1e-8,
    ) -> None:
        super().__init__(lr)
        self.beta1, self.beta2, self.eps = beta1, beta2, eps
        self.m: dict[str, FloatArray] = {}
        self.v: dict[str, FloatArray] = {}

    def _update_param(self, key: str, param: FloatArray, grad: FloatArray, lr: float) -> None:
        m = self._state(self.m, key, param)
        v = self._state(self.v, key, param)
        t = self.iterations + 1
        m *= self.beta1
        m += (1 - self.beta1) * grad
        v *= self.beta2
        v += (1 - self.beta2) * grad * grad
        m_hat = m / (1 - self.beta1**t)
        v_hat = v / (1 - self.beta2**t)
        param -= lr * m_hat / (np.sqrt(v_hat) + self.eps)


class AdamW(Adam):
    """Adam with decoupled weight decay: ``W ← W − η λ W`` beside Adam's step.

    Adding ``λW`` to the gradient, as an L2 penalty does, sends the decay through Adam's
    scaling, which shrinks it for weights with large gradients; AdamW (Loshchilov and Hutter,
    2019) decays the weights directly and makes Adam's step from the loss's gradient alone. As
    in PyTorch's ``AdamW``, the decay is applied first and scaled by the learning rate (so a
    schedule scales it too). Unlike PyTorch, which decays every parameter it is given, only the
    weight matrices decay (keys starting with ``"W"``), as with the book's L2 penalty.

    Parameters
    ----------
    lr : float or callable, default 0.001
        Learning rate or schedule.
    weight_decay : float, default 0.01
        Decay rate λ (PyTorch's default).
    beta1, beta2, eps
        As for :class:`Adam`.

    Raises
    ------
    ValueError
        If `weight_decay` is negative or not finite, or as for :class:`Adam`.

    Notes
    -----
    .. math:: W \\leftarrow (1 - \\eta\\lambda) W, \\quad \\text{then Adam's update of } W

    Examples
    --------
    >>> params = {"W": np.array([1.0]), "b": np.array([1.0])}
    >>> AdamW(lr=0.1, weight_decay=0.5).update(params, {"W": np.zeros(1), "b": np.zeros(1)})
    >>> params["W"], params["b"]  # no gradient: only the weight decays, by η λ = 5 %
    (array([0.95]), array([1.]))
    """

    @checked(weight_decay=non_negative)
    def __init__(
        self,
        lr: float | Schedule = 0.001,
        weight_decay: float = 0.01,
        beta1: float = 0.9,
        beta2: float = 0.999,
        eps: float = 1e-8,
    ) -> None:
        super().__init__(lr, beta1, beta2, eps)
        self.weight_decay = weight_decay

    def _update_param(self, key: str, param: FloatArray, grad: FloatArray, lr: float) -> None:
        if key.startswith("W"):
            param *= 1 - lr * self.weight_decay
        super()._update_param(key, param, grad, lr)


_BY_NAME: dict[str, type[Optimizer]] = {
    "sgd": SGD,
    "momentum": Momentum,
    "nesterov": Nesterov,
    "adagrad": AdaGrad,
    "rmsprop": RMSprop,
    "adam": Adam,
    "adamw": AdamW,
}


def get_optimizer(name: str | Optimizer, **kwargs: Any) -> Optimizer:
    """Return an optimizer given its name (case-insensitive) and keyword arguments.

    An :class:`Optimizer` instance is returned as it is (then `kwargs` must be empty).

    Parameters
    ----------
    name : str or Optimizer
        One of ``"sgd"``, ``"momentum"``, ``"nesterov"``, ``"adagrad"``, ``"rmsprop"``,
        ``"adam"``, ``"adamw"``, or an optimizer instance.
    **kwargs
        Passed to the optimizer's constructor, e.g. ``lr=0.01``.

    Returns
    -------
    Optimizer

    Raises
    ------
    ValueError
        If the name is unknown (the message lists the known names).

    Examples
    --------
    >>> get_optimizer("Adam", lr=0.01)
    Adam(lr=0.01)
    """
    if isinstance(name, Optimizer):
        if kwargs:
            raise ValueError("keyword arguments cannot be applied to an optimizer instance")
        return name
    cls = _BY_NAME.get(str(name).lower())
    if cls is None:
        raise ValueError(f"unknown optimizer {name!r}; choose one of {', '.join(_BY_NAME)}")
    return cls(**kwargs)


def global_norm(arrays: Iterable[FloatArray]) -> float:
    """The L2 norm of all entries of `arrays` taken together, ``√(Σ_k ‖a_k‖²)``.

    Finite entries give a finite norm whenever it is representable: if the sum of squares
    overflows (entries beyond about 1e154), the norm is computed again from the arrays divided
    by their largest entry, instead of coming out as inf.

    Parameters
    ----------
    arrays : iterable of numpy.ndarray
        Floating-point arrays of any shapes.

    Returns
    -------
    float
        The norm; 0 for no arrays or only empty ones.

    Raises
    ------
    TypeError
        If `arrays` is not an iterable of numeric arrays.

    Examples
    --------
    >>> global_norm([np.array([3.0]), np.array([[4.0, 0.0]])])
    5.0
    >>> global_norm([np.full(4, 1e200)])  # the squares overflow, the norm does not
    2e+200
    """
    arrays = [as_float_array(a, "arrays") for a in iterable(arrays, "arrays")]
    with np.errstate(over="ignore"):
        total = sum(float(np.vdot(a, a)) for a in arrays)
    if math.isfinite(total):
        return math.sqrt(total)
    scale = max(float(np.max(np.abs(a))) for a in arrays if a.size)
    return scale * math.sqrt(sum(float(np.vdot(a / scale, a / scale)) for a in arrays))


@checked(grads=finite_float_arrays, max_norm=positive)
def clip_grad_norm(grads: Mapping[str, FloatArray], max_norm: float) -> float:
    """Scale all gradients together so that their global L2 norm is at most `max_norm`.

    The global norm is that of all gradient arrays joined into one vector; when it exceeds
    `max_norm`, every array is multiplied in place by ``max_norm / (norm + 1e-6)``, which keeps
    the direction of the whole update and bounds its length. This is PyTorch's
    ``clip_grad_norm_`` (with its 1e-6).

    Parameters
    ----------
    grads : mapping of str to numpy.ndarray
        The gradients, changed in place.
    max_norm : float
        Largest global norm to let through.

    Returns
    -------
    float
        The global norm before clipping.

    Raises
    ------
    ValueError
        If `max_norm` is not positive, or a gradient holds NaN or inf.
    TypeError
        If `grads` is not a dict of floating-point numpy arrays.

    Examples
    --------
    >>> grads = {"W": np.array([3.0, 0.0]), "b": np.array([4.0])}
    >>> clip_grad_norm(grads, max_norm=1.0)  # the norm of (3, 0, 4)
    5.0
    >>> grads["W"].round(4), grads["b"].round(4)
    (array([0.6, 0. ]), array([0.8]))
    """
    norm = global_norm(grads.values())
    if norm > max_norm:
        for g in grads.values():
            g *= max_norm / (norm + 1e-6)
    return norm


def descent_path(
    optimizer: Optimizer,
    grad: Callable[[FloatArray], npt.ArrayLike],
    x0: npt.ArrayLike,
    steps: int,
) -> FloatArray:
    """Points visited by `optimizer` on a function whose gradient is `grad`, starting at `x0`.

    The point is treated as a single parameter array, so any optimizer of this module can be
    followed on a function of a few variables and its path drawn on the contour lines.

    Parameters
    ----------
    optimizer : Optimizer
        A fresh optimizer (its state, e.g. a velocity, is used and changed).
    grad : callable
        Maps a point, a 1-D float array, to the gradient there (same shape).
    x0 : array_like
        Starting point; it is copied, not changed.
    steps : int
        Number of updates.

    Returns
    -------
    numpy.ndarray
        Shape ``(steps + 1, len(x0))``: the start, then the point after every update.

    Raises
    ------
    ValueError
        If `steps` is not a non-negative integer, or as :meth:`Optimizer.update`.

    Examples
    --------
    >>> def grad(p):  # gradient of x**2 / 20 + y**2
    ...     return np.array([p[0] / 10, 2 * p[1]])
    >>> descent_path(SGD(lr=0.1), grad, [-7.0, 2.0], steps=2).round(3)
    array([[-7.   ,  2.   ],
           [-6.93 ,  1.6  ],
           [-6.861,  1.28 ]])
    """
    if int(steps) != steps or steps < 0:
        raise ValueError(f"steps must be a non-negative integer, got {steps}")
    x = np.array(x0, dtype=np.float64)
    params = {"x": x}
    path = [x.copy()]
    for _ in range(int(steps)):
        optimizer.update(params, {"x": np.asarray(grad(x.copy()), dtype=np.float64)})
        path.append(x.copy())
    return np.array(path)


@checked(optimizer=instance_of(Optimizer), n_steps=count)
def step_sizes(optimizer: Optimizer, n_steps: int) -> FloatArray:
    """Sizes of the first `n_steps` steps of `optimizer` on one parameter whose gradient is 1.

    With a constant gradient every difference between optimizers comes from the rule itself:
    SGD's steps all have the size of the learning rate, AdaGrad's shrink like ``1/√t``,
    RMSprop's settle at a constant size.

    Parameters
    ----------
    optimizer : Optimizer
        A fresh optimizer (its state is used and changed).
    n_steps : int
        How many steps.

    Returns
    -------
    numpy.ndarray
        ``|w_t − w_{t−1}|`` for t = 1 … `n_steps`.

    Examples
    --------
    >>> step_sizes(SGD(lr=0.1), 3)
    array([0.1, 0.1, 0.1])
    """
    w = {"w": np.zeros(1)}
    sizes = []
    for _ in range(n_steps):
        before = w["w"][0]
        optimizer.update(w, {"w": np.ones(1)})
        sizes.append(abs(w["w"][0] - before))
    return np.array(sizes)
