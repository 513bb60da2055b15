"""Layers for backpropagation: each one a forward pass and, right beside it, its backward pass.

A layer remembers in ``forward`` what ``backward`` needs. ``backward(dout)`` receives the
gradient of the loss with respect to the layer's output and returns the gradient with respect
to its input; layers with parameters also store the parameter gradients (``dW``, ``db``,
``dgamma``, ``dbeta``). No ``backward`` ever modifies the array it is given.

Small networks spend much of their time in NumPy's per-call overhead and in allocating
temporary arrays rather than in arithmetic, so the layers compute each result with as few
whole-array operations as the formula allows, update arrays they own in place, and keep the
input's floating type (float32 stays float32).
"""

from __future__ import annotations

import numpy as np

from nnbook._validation import RngLike, as_float_array, as_rng, label_indices
from nnbook.functions import sigmoid

__all__ = [
    "AddLayer",
    "Affine",
    "BatchNormalization",
    "Dropout",
    "MulLayer",
    "Relu",
    "Sigmoid",
    "SoftmaxWithLoss",
    "Tanh",
]


def _not_run(layer: object) -> RuntimeError:
    return RuntimeError(f"{type(layer).__name__}.backward called before forward")


class MulLayer:
    """Multiplication node ``out = x · y`` of a computational graph.

    Examples
    --------
    The shopping example: two apples at 100 each, with 10 % consumption tax.

    >>> mul_apple, mul_tax = MulLayer(), MulLayer()
    >>> price = mul_tax.forward(mul_apple.forward(100, 2), 1.1)
    >>> round(price, 6)
    220.0
    >>> dapple_price, dtax = mul_tax.backward(1)
    >>> dapple, dnum = mul_apple.backward(dapple_price)
    >>> round(dapple, 6), round(dnum, 6), round(dtax, 6)
    (2.2, 110.0, 200)
    """

    def __init__(self) -> None:
        self.x = None
        self.y = None

    def forward(self, x, y):
        """Return ``x * y`` and remember both inputs."""
        self.x, self.y = x, y
        return x * y

    def backward(self, dout):
        """Return ``(dout * y, dout * x)``: each input's gradient is the other input."""
        if self.x is None:
            raise _not_run(self)
        return dout * self.y, dout * self.x


class AddLayer:
    """Addition node ``out = x + y``; its backward passes the gradient through unchanged.

    Examples
    --------
    >>> add = AddLayer()
    >>> add.forward(200, 450)
    650
    >>> add.backward(1.1)
    (1.1, 1.1)
    """

    def forward(self, x, y):
        """Return ``x + y``."""
        return x + y

    def backward(self, dout):
        """Return ``(dout, dout)``."""
        return dout, dout


class Relu:
    """ReLU layer: forward ``max(0, x)``; backward lets the gradient through where ``x > 0``.

    Examples
    --------
    >>> layer = Relu()
    >>> layer.forward(np.array([[1.0, -0.5], [-2.0, 3.0]]))
    array([[1., 0.],
           [0., 3.]])
    >>> layer.backward(np.ones((2, 2)))
    array([[1., 0.],
           [0., 1.]])
    """

    def __init__(self) -> None:
        self.mask: np.ndarray | None = None

    def forward(self, x):
        """Return ``max(0, x)`` and remember where ``x ≤ 0``."""
        x = as_float_array(x)
        self.mask = x <= 0
        return np.maximum(x, 0)

    def backward(self, dout):
        """Return ``dout`` with the entries where the input was ``≤ 0`` set to zero."""
        if self.mask is None:
            raise _not_run(self)
        return np.where(self.mask, 0, dout)


class Sigmoid:
    """Sigmoid layer: forward ``y = σ(x)``; backward ``dout · y (1 − y)``.

    Examples
    --------
    >>> layer = Sigmoid()
    >>> layer.forward(np.array([0.0, 2.0])).round(4)
    array([0.5   , 0.8808])
    >>> layer.backward(np.array([1.0, 1.0])).round(4)
    array([0.25 , 0.105])
    """

    def __init__(self) -> None:
        self.out: np.ndarray | None = None

    def forward(self, x):
        """Return ``σ(x)`` and remember it: the backward pass needs only the output."""
        self.out = sigmoid(x)
        return self.out

    def backward(self, dout):
        """Return ``dout * y * (1 - y)``."""
        if self.out is None:
            raise _not_run(self)
        return dout * self.out * (1.0 - self.out)


class Tanh:
    """Tanh layer: forward ``y = tanh(x)``; backward ``dout · (1 − y²)``.

    Examples
    --------
    >>> layer = Tanh()
    >>> layer.forward(np.array([0.0, 1.0])).round(4)
    array([0.    , 0.7616])
    >>> layer.backward(np.array([1.0, 1.0])).round(4)
    array([1.  , 0.42])
    """

    def __init__(self) -> None:
        self.out: np.ndarray | None = None

    def forward(self, x):
        """Return ``tanh(x)`` and remember it."""
        self.out = np.tanh(as_float_array(x))
        return self.out

    def backward(self, dout):
        """Return ``dout * (1 - y**2)``."""
        if self.out is None:
            raise _not_run(self)
        return dout * (1.0 - self.out**2)


class Affine:
    """Fully connected layer ``out = x · W + b``.

    Input of more than two axes (for instance images ``(N, C, H, W)``) is flattened to
    ``(N, -1)``; ``backward`` returns the gradient in the input's original shape.

    Parameters
    ----------
    W : numpy.ndarray
        Weights, shape ``(n_in, n_out)``. The layer keeps a reference, not a copy, so an
        optimizer that updates the array in place updates the layer.
    b : numpy.ndarray
        Biases, shape ``(n_out,)``.

    Attributes
    ----------
    dW, db : numpy.ndarray
        Gradients of the loss with respect to `W` and `b`, set by :meth:`backward`.

    Raises
    ------
    ValueError
        If `W` is not 2-D, `b` does not match it, or the input has the wrong size.

    Notes
    -----
    .. math:: \\frac{\\partial L}{\\partial X} = \\frac{\\partial L}{\\partial Y} W^\\top,\\quad
              \\frac{\\partial L}{\\partial W} = X^\\top \\frac{\\partial L}{\\partial Y},\\quad
              \\frac{\\partial L}{\\partial b} = \\sum_n \\frac{\\partial L}{\\partial Y_n}

    Examples
    --------
    >>> layer = Affine(np.ones((3, 2)), np.zeros(2))
    >>> layer.forward(np.array([[1.0, 2.0, 3.0]]))
    array([[6., 6.]])
    >>> layer.backward(np.array([[1.0, -1.0]]))
    array([[0., 0., 0.]])
    >>> layer.dW
    array([[ 1., -1.],
           [ 2., -2.],
           [ 3., -3.]])
    """

    def __init__(self, W: np.ndarray, b: np.ndarray) -> None:
        if np.ndim(W) != 2 or np.shape(b) != (np.shape(W)[1],):
            raise ValueError(
                f"Affine needs W of shape (n_in, n_out) and b of shape (n_out,), "
                f"got {np.shape(W)} and {np.shape(b)}"
            )
        self.W = W
        self.b = b
        self.x: np.ndarray | None = None
        self.original_x_shape: tuple[int, ...] | None = None
        self.dW: np.ndarray | None = None
        self.db: np.ndarray | None = None

    def forward(self, x):
        """Return ``x · W + b`` for a batch `x` of shape ``(N, n_in)`` or ``(N, ...)``."""
        x = np.asarray(x)
        self.original_x_shape = x.shape
        x2 = x.reshape(x.shape[0], -1) if x.ndim != 2 else x
        if x2.shape[1] != self.W.shape[0]:
            raise ValueError(
                f"Affine expects {self.W.shape[0]} input features per sample, "
                f"got input of shape {x.shape}"
            )
        self.x = x2
        out = x2 @ self.W
        out += self.b  # in place: no second (N, n_out) array
        return out

    def backward(self, dout, input_grad: bool = True):
        """Store ``dW``, ``db`` and return the gradient for the input, in its original shape.

        With ``input_grad=False`` the input's gradient is not computed and ``None`` is
        returned: the first layer of a network needs only ``dW`` and ``db``, and skipping
        ``dout · Wᵀ`` saves a third of its backward pass.
        """
        if self.x is None:
            raise _not_run(self)
        self.dW = self.x.T @ dout
        self.db = dout.sum(axis=0)
        if not input_grad:
            return None
        dx = dout @ self.W.T
        return dx.reshape(self.original_x_shape)


class SoftmaxWithLoss:
    """Softmax followed by the cross-entropy error: the output layer of a classifier.

    Together the two have the simple backward ``(y − t) / N``, which is why they form one layer.

    Attributes
    ----------
    loss : float
        The loss of the last forward pass.
    y : numpy.ndarray
        The softmax probabilities of the last forward pass.

    Raises
    ------
    ValueError
        From :meth:`forward`, if the labels fit neither one-hot nor integer layout, or a label
        is out of range.

    Examples
    --------
    >>> layer = SoftmaxWithLoss()
    >>> x = np.array([[2.0, 1.0, 0.1]])
    >>> round(layer.forward(x, np.array([0])), 4)  # integer label
    0.417
    >>> layer.backward().round(4)
    array([[-0.341 ,  0.2424,  0.0986]])
    """

    def __init__(self) -> None:
        self.loss: float | None = None
        self.y: np.ndarray | None = None
        self.t_idx: np.ndarray | None = None

    def forward(self, x, t):
        """Return the mean cross-entropy of ``softmax(x)`` against labels `t`."""
        x = as_float_array(x)
        if x.ndim != 2:
            raise ValueError(
                f"SoftmaxWithLoss expects scores of shape (N, classes), got {x.shape}"
            )
        self.t_idx = label_indices(x, t)
        n = x.shape[0]
        # Softmax and cross-entropy fused: with s = x − max, log y = s − log Σ exp(s). One
        # exp serves both; the loss is exact and overflow-free, so unlike
        # cross_entropy_error it needs no small constant inside the logarithm.
        shifted = x - x.max(axis=1, keepdims=True)
        exp = np.exp(shifted)
        total = exp.sum(axis=1, keepdims=True)
        self.y = exp / total
        log_y_true = shifted[np.arange(n), self.t_idx] - np.log(total[:, 0])
        self.loss = -float(log_y_true.sum()) / n
        return self.loss

    def backward(self, dout=1.0):
        """Return ``dout · (y − t) / N``, the gradient with respect to the scores."""
        if self.y is None:
            raise _not_run(self)
        n = self.y.shape[0]
        dx = self.y.copy()
        dx[np.arange(n), self.t_idx] -= 1
        dx *= dout / n
        return dx


class BatchNormalization:
    """Batch Normalization: normalise each feature over the mini-batch, then scale and shift.

    In training mode the mean and variance of the current batch are used and running
    averages are updated; in inference mode the running averages are used.

    Parameters
    ----------
    gamma : numpy.ndarray
        Scale, shape ``(D,)`` (usually ones). Kept by reference, like :class:`Affine`'s ``W``.
    beta : numpy.ndarray
        Shift, shape ``(D,)`` (usually zeros).
    momentum : float, default 0.9
        Weight of the old value in ``running = momentum · running + (1 − momentum) · batch``.
    eps : float, default 1e-7
        Added to the variance before the square root.

    Attributes
    ----------
    running_mean, running_var : numpy.ndarray
        Averages used at inference.
    dgamma, dbeta : numpy.ndarray
        Parameter gradients set by :meth:`backward`.

    Notes
    -----
    .. math:: \\hat x = \\frac{x - \\mu_B}{\\sqrt{\\sigma_B^2 + \\varepsilon}},\\qquad
              y = \\gamma \\hat x + \\beta

    Examples
    --------
    >>> bn = BatchNormalization(np.ones(2), np.zeros(2))
    >>> out = bn.forward(np.array([[1.0, 10.0], [3.0, 30.0]]))
    >>> out.round(4)
    array([[-1., -1.],
           [ 1.,  1.]])
    >>> bn.running_mean
    array([0.2, 2. ])
    """

    def __init__(
        self,
        gamma: np.ndarray,
        beta: np.ndarray,
        momentum: float = 0.9,
        eps: float = 1e-7,
    ) -> None:
        if np.ndim(gamma) != 1 or np.shape(beta) != np.shape(gamma):
            raise ValueError(
                f"gamma and beta must be 1-D of the same length, got {np.shape(gamma)} "
                f"and {np.shape(beta)}"
            )
        if not 0 <= momentum < 1:
            raise ValueError(f"momentum must be in [0, 1), got {momentum}")
        self.gamma = gamma
        self.beta = beta
        self.momentum = momentum
        self.eps = eps
        self.running_mean: np.ndarray | None = None
        self.running_var: np.ndarray | None = None
        self.input_shape: tuple[int, ...] | None = None
        self.xhat: np.ndarray | None = None
        self.std: np.ndarray | None = None
        self.dgamma: np.ndarray | None = None
        self.dbeta: np.ndarray | None = None

    def forward(self, x, train: bool = True):
        """Normalise `x` of shape ``(N, D)`` (or ``(N, ...)``, flattened to ``(N, D)``)."""
        x = as_float_array(x)
        self.input_shape = x.shape
        x2 = x.reshape(x.shape[0], -1)
        if x2.shape[1] != self.gamma.shape[0]:
            raise ValueError(
                f"BatchNormalization has {self.gamma.shape[0]} features, "
                f"got input of shape {x.shape}"
            )
        if self.running_mean is None:
            self.running_mean = np.zeros(x2.shape[1], dtype=x2.dtype)
            self.running_var = np.zeros(x2.shape[1], dtype=x2.dtype)
        if train:
            n = x2.shape[0]
            mu = x2.sum(axis=0) / n
            xhat = x2 - mu
            var = np.einsum("nd,nd->d", xhat, xhat) / n  # Σₙ (x − μ)² / N in one pass
            self.std = np.sqrt(var + self.eps)
            xhat *= 1 / self.std  # in place: the centred batch becomes x̂
            self.xhat = xhat
            # running = m · running + (1 − m) · batch, updated in place
            m = self.momentum
            self.running_mean *= m
            self.running_mean += (1 - m) * mu
            self.running_var *= m
            self.running_var += (1 - m) * var
            out = self.gamma * xhat
        else:
            out = self.gamma * ((x2 - self.running_mean) / np.sqrt(self.running_var + self.eps))
        out += self.beta
        return out.reshape(self.input_shape)

    def backward(self, dout):
        """Store ``dgamma``, ``dbeta`` and return the gradient for the input (training mode)."""
        if self.xhat is None:
            raise _not_run(self)
        dout = np.asarray(dout)
        d2 = dout.reshape(dout.shape[0], -1)
        n = d2.shape[0]
        self.dbeta = d2.sum(axis=0)
        self.dgamma = np.einsum("nd,nd->d", d2, self.xhat)  # Σₙ dout · x̂
        # The chain rule through the batch mean and variance, in its compact form
        # dx = γ/σ · (dout − dβ/N − x̂ · dγ/N): the two batch sums are dβ and dγ again.
        dx = d2 - self.xhat * (self.dgamma / n)
        dx -= self.dbeta / n
        dx *= self.gamma / self.std
        return dx.reshape(self.input_shape)


class Dropout:
    """Inverted dropout: in training, zero each unit with probability `ratio` and scale the
    survivors by ``1 / (1 − ratio)``; at inference, pass the input through unchanged.

    The scaling keeps the expected value of every unit the same in training and inference.
    The original (non-inverted) dropout does not scale during training and instead multiplies
    every output by ``1 − ratio`` at inference; the two give the same expected outputs, but the
    inverted form leaves the inference pass untouched, so a trained network needs no
    correction and no knowledge of the ratio when it is used.

    Parameters
    ----------
    ratio : float, default 0.5
        Probability of dropping a unit, in ``[0, 1)``.
    rng : int, numpy.random.Generator or None
        Source of the random masks; an int seed makes every mask reproducible.

    Raises
    ------
    ValueError
        If `ratio` is outside ``[0, 1)``.

    Examples
    --------
    >>> drop = Dropout(0.5, rng=0)
    >>> out = drop.forward(np.ones((2, 4)))
    >>> sorted(set(out.ravel().tolist()))  # survivors are scaled by 1 / (1 - 0.5)
    [0.0, 2.0]
    >>> drop.forward(np.ones((2, 4)), train=False)  # inference: unchanged
    array([[1., 1., 1., 1.],
           [1., 1., 1., 1.]])
    """

    def __init__(self, ratio: float = 0.5, rng: RngLike = None) -> None:
        if not 0 <= ratio < 1:
            raise ValueError(f"dropout ratio must be in [0, 1), got {ratio}")
        self.ratio = ratio
        self.rng = as_rng(rng)
        self.mask: np.ndarray | None = None

    def forward(self, x, train: bool = True, reuse_mask: bool = False):
        """Apply dropout to `x`.

        With ``reuse_mask=True`` the mask of the previous training pass is applied again
        instead of drawing a new one (used by gradient checks).
        """
        x = as_float_array(x)
        if not train:
            return x
        if not (reuse_mask and self.mask is not None and self.mask.shape == x.shape):
            keep = self.rng.random(x.shape) >= self.ratio
            self.mask = keep.astype(x.dtype) / x.dtype.type(1 - self.ratio)
        return x * self.mask

    def backward(self, dout):
        """Return ``dout`` times the scaled mask of the last training pass."""
        if self.mask is None:
            raise _not_run(self)
        return dout * self.mask
