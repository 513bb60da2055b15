"""Layers for backpropagation: each one a forward pass and, right beside it, its backward pass.

A layer remembers in ``forward`` what ``backward`` needs. ``backward(dout)`` receives the
gradient of the loss with respect to the layer's output and returns the gradient with respect
to its input; layers with parameters also store the parameter gradients (``dW``, ``db``,
``dgamma``, ``dbeta``). No ``backward`` ever modifies the array it is given.

Small networks spend much of their time in NumPy's per-call overhead and in allocating
temporary arrays rather than in arithmetic, so the layers compute each result with as few
whole-array operations as the formula allows, update arrays they own in place, and keep the
input's floating type (float32 stays float32).

Mistakes are caught where they are cheap to catch: ``backward`` before ``forward`` raises
:class:`RuntimeError`, and a ``dout`` whose shape is not that of the last output raises
:class:`ValueError` (NumPy would otherwise broadcast it silently into a wrong gradient). Both
checks compare shapes only, never the data, so they cost nothing measurable.
"""

from __future__ import annotations

from typing import Any, Literal, TypeAlias, overload

import numpy as np
import numpy.typing as npt

from nnbook._validation import (
    FloatArray,
    RngLike,
    as_batch,
    as_float_array,
    as_rng,
    as_scores,
    check_backward,
    checked,
    flag,
    float_ndarray,
    fraction,
    label_indices,
    positive,
)
from nnbook.functions import _hinge_margins, relu, sigmoid

__all__ = [
    "AddLayer",
    "Affine",
    "BatchNormalization",
    "Dropout",
    "HingeLoss",
    "MulLayer",
    "Relu",
    "Sigmoid",
    "SoftmaxWithLoss",
    "Tanh",
]


#: What the two scalar nodes of the computational-graph chapters compute with: plain numbers
#: (the shopping example) or arrays.
Value: TypeAlias = float | FloatArray


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
        # A float or an array each (Any: a type checker cannot tell which times which).
        self.x: Any = None
        self.y: Any = None

    def forward(self, x: Value, y: Value) -> Value:
        """Return ``x * y`` and remember both factors: each is the other's local derivative.

        Parameters
        ----------
        x, y : float or numpy.ndarray
            The two factors.

        Returns
        -------
        float or numpy.ndarray
            The product.

        Examples
        --------
        >>> MulLayer().forward(np.array([1.0, 2.0]), 3.0)
        array([3., 6.])
        """
        self.x, self.y = x, y
        return x * y

    def backward(self, dout: Value) -> tuple[Value, Value]:
        """Return ``(dout * y, dout * x)``: each input's gradient is the other input.

        Parameters
        ----------
        dout : float or numpy.ndarray
            Gradient of the loss with respect to the product.

        Returns
        -------
        dx, dy : float or numpy.ndarray
            Gradients with respect to the first and the second factor.

        Raises
        ------
        RuntimeError
            Before the first :meth:`forward`, which stores the factors this multiplies by.

        Examples
        --------
        >>> layer = MulLayer()
        >>> layer.forward(3.0, 4.0)
        12.0
        >>> layer.backward(2.0)  # (2 · 4, 2 · 3)
        (8.0, 6.0)
        """
        x, y = check_backward(self, dout, (self.x, self.y))
        return dout * y, dout * x


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

    def forward(self, x: Value, y: Value) -> Value:
        """Return ``x + y``; nothing needs remembering, as both local derivatives are 1.

        Parameters
        ----------
        x, y : float or numpy.ndarray
            The two terms of the sum.

        Returns
        -------
        float or numpy.ndarray
            Their sum (NumPy broadcasting applies to arrays).

        Examples
        --------
        >>> AddLayer().forward(2.0, np.array([1.0, -1.0]))
        array([3., 1.])
        """
        return x + y

    def backward(self, dout: Value) -> tuple[Value, Value]:
        """Return ``(dout, dout)``: a sum passes its gradient to both terms unchanged.

        Parameters
        ----------
        dout : float or numpy.ndarray
            What arrives from above: the gradient of the loss with respect to ``x + y``.

        Returns
        -------
        tuple
            `dout` twice, the same object both times (backward never modifies it).

        Examples
        --------
        >>> AddLayer().backward(np.array([0.5, -1.0]))
        (array([ 0.5, -1. ]), array([ 0.5, -1. ]))
        """
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
        self.mask: npt.NDArray[np.bool_] | None = None

    def forward(self, x: npt.ArrayLike) -> FloatArray:
        """Return ``max(0, x)`` and remember where ``x ≤ 0``.

        Parameters
        ----------
        x : array_like
            Input of any shape; integers become float64.

        Returns
        -------
        numpy.ndarray
            ``max(0, x)``, of the shape and floating type of `x`.

        Examples
        --------
        >>> Relu().forward([-1.0, 0.0, 2.0])
        array([0., 0., 2.])
        """
        out = relu(x)
        self.mask = out <= 0  # where x ≤ 0: no gradient passes there
        return out

    def backward(self, dout: FloatArray) -> FloatArray:
        """Return `dout` with the entries where the input was ``≤ 0`` set to zero.

        Parameters
        ----------
        dout : numpy.ndarray
            Gradient of the loss with respect to the output of the last :meth:`forward`.

        Returns
        -------
        numpy.ndarray
            Gradient with respect to the input.

        Raises
        ------
        RuntimeError
            Before the first :meth:`forward`, which records where the input was positive.
        ValueError
            If `dout` does not have the shape of that forward pass's output.

        Examples
        --------
        >>> layer = Relu()
        >>> _ = layer.forward(np.array([3.0, -1.0]))
        >>> layer.backward(np.array([0.5, 0.5]))
        array([0.5, 0. ])
        >>> layer.backward(np.ones(3))  # doctest: +ELLIPSIS
        Traceback (most recent call last):
            ...
        ValueError: Relu.backward got dout of shape (3,), but the last forward pass returned ...
        """
        mask = check_backward(self, dout, self.mask)
        return np.where(mask, 0, dout)


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
        self.out: FloatArray | None = None

    def forward(self, x: npt.ArrayLike) -> FloatArray:
        """Return ``σ(x)`` and remember it: the backward pass needs only the output.

        Parameters
        ----------
        x : array_like
            Input of any shape.

        Returns
        -------
        numpy.ndarray
            ``y = σ(x)``, values in ``[0, 1]``, computed without overflow (see
            :func:`nnbook.functions.sigmoid`).

        Examples
        --------
        >>> Sigmoid().forward([-1000.0, 0.0])
        array([0. , 0.5])
        """
        self.out = sigmoid(x)
        return self.out

    def backward(self, dout: FloatArray) -> FloatArray:
        """Return ``dout * y * (1 - y)``, with ``y`` the output of the last forward pass.

        Parameters
        ----------
        dout : numpy.ndarray
            Upstream gradient, shaped like `y`.

        Returns
        -------
        numpy.ndarray
            Gradient with respect to the input `x`; ``y (1 − y)`` is at most 0.25.

        Raises
        ------
        RuntimeError
            Before the first :meth:`forward`: there is no output ``y`` to differentiate at yet.
        ValueError
            If the shape of `dout` is not that of ``y``.

        Examples
        --------
        >>> layer = Sigmoid()
        >>> _ = layer.forward(np.zeros((1, 2)))
        >>> layer.backward(np.array([[4.0, 1.0]]))
        array([[1.  , 0.25]])
        """
        y = check_backward(self, dout, self.out)
        return dout * y * (1.0 - y)


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
        self.out: FloatArray | None = None

    def forward(self, x: npt.ArrayLike) -> FloatArray:
        """Return ``tanh(x)`` and remember it for the backward pass.

        Parameters
        ----------
        x : array_like
            Input values, any shape.

        Returns
        -------
        numpy.ndarray
            ``y = tanh(x)`` in ``(-1, 1)``, same shape.

        Examples
        --------
        >>> Tanh().forward([0.0, 20.0])
        array([0., 1.])
        """
        self.out = np.tanh(as_float_array(x))
        return self.out

    def backward(self, dout: FloatArray) -> FloatArray:
        """Return ``dout * (1 - y**2)``, the chain rule through ``tanh' = 1 − tanh²``.

        Parameters
        ----------
        dout : numpy.ndarray
            Gradient arriving from the layer above; must match the forward output in shape.

        Returns
        -------
        numpy.ndarray
            Gradient for the input, at most `dout` in size (reached where ``x = 0``).

        Raises
        ------
        RuntimeError
            If :meth:`forward` never ran, so that no ``y`` is stored.
        ValueError
            On a `dout` of another shape than ``y``.

        Examples
        --------
        >>> layer = Tanh()
        >>> _ = layer.forward(np.array([0.0, 0.0]))
        >>> layer.backward(np.array([2.0, -1.0]))
        array([ 2., -1.])
        """
        y = check_backward(self, dout, self.out)
        return dout * (1.0 - y**2)


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
        If `W` is not 2-D or `b` does not match it; from :meth:`forward` and :meth:`backward`,
        if an input or gradient has the wrong shape.

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

    @checked(W=float_ndarray, b=float_ndarray)
    def __init__(self, W: FloatArray, b: FloatArray) -> None:
        if np.ndim(W) != 2 or np.shape(b) != (np.shape(W)[1],):
            raise ValueError(
                f"Affine needs W of shape (n_in, n_out) and b of shape (n_out,), "
                f"got {np.shape(W)} and {np.shape(b)}"
            )
        self.W = W
        self.b = b
        self.x: FloatArray | None = None
        self.original_x_shape: tuple[int, ...] = ()
        self.dW: FloatArray | None = None
        self.db: FloatArray | None = None

    def forward(self, x: npt.ArrayLike) -> FloatArray:
        """Return ``x · W + b`` for a batch `x` of shape ``(N, n_in)`` or ``(N, ...)``.

        Parameters
        ----------
        x : array_like
            A batch: one sample per row, or per entry of the first axis when each sample is
            itself an array (an image ``(C, H, W)``, say); it is flattened to ``(N, n_in)``.

        Returns
        -------
        numpy.ndarray
            Shape ``(N, n_out)``.

        Raises
        ------
        ValueError
            If `x` has no batch axis (a single sample of shape ``(n_in,)``: pass
            ``x.reshape(1, -1)``) or its samples do not hold ``n_in`` values.

        Examples
        --------
        >>> layer = Affine(np.eye(2), np.array([0.5, -0.5]))
        >>> layer.forward(np.array([[1.0, 2.0], [3.0, 4.0]]))
        array([[1.5, 1.5],
               [3.5, 3.5]])
        >>> layer.forward(np.array([1.0, 2.0]))  # doctest: +ELLIPSIS
        Traceback (most recent call last):
            ...
        ValueError: Affine expects a batch of shape (N, 2) or (N, ...), got shape (2,) ...
        """
        self.original_x_shape = np.shape(x)
        self.x = as_batch(self, x, self.W.shape[0])  # an image (C, H, W) becomes a row
        out = self.x @ self.W
        out += self.b  # in place: no second (N, n_out) array
        return out

    # The overloads tell a type checker that only input_grad=False gives None.
    @overload
    def backward(self, dout: FloatArray, input_grad: Literal[True] = True) -> FloatArray: ...
    @overload
    def backward(self, dout: FloatArray, input_grad: Literal[False]) -> None: ...
    @overload
    def backward(self, dout: FloatArray, input_grad: bool) -> FloatArray | None: ...

    def backward(self, dout: FloatArray, input_grad: bool = True) -> FloatArray | None:
        """Store ``dW``, ``db`` and return the gradient for the input, in its original shape.

        Parameters
        ----------
        dout : numpy.ndarray
            Gradient of the loss with respect to the output, shape ``(N, n_out)``.
        input_grad : bool, default True
            With False the input's gradient is not computed and ``None`` is returned: the
            first layer of a network needs only ``dW`` and ``db``, and skipping ``dout · Wᵀ``
            saves a third of its backward pass.

        Returns
        -------
        numpy.ndarray or None
            ``dout · Wᵀ`` reshaped to the shape of the last input, or None.

        Raises
        ------
        RuntimeError
            If no forward pass has stored an input to compute ``dW`` from.
        ValueError
            If `dout` is not of shape ``(N, n_out)`` for the last batch of ``N`` samples.

        Examples
        --------
        >>> layer = Affine(np.ones((3, 1)), np.zeros(1))
        >>> _ = layer.forward(np.arange(6.0).reshape(2, 3))
        >>> layer.backward(np.array([[1.0], [2.0]]), input_grad=False) is None
        True
        >>> layer.dW.ravel(), layer.db  # xᵀ · dout and the column sums of dout
        (array([ 6.,  9., 12.]), array([3.]))
        """
        x = check_backward(self, dout, self.x, shape=self.original_x_shape[:1] + self.b.shape)
        self.dW = x.T @ dout
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
        self.y: FloatArray | None = None
        self.t_idx: npt.NDArray[np.int64] | None = None

    def forward(self, x: npt.ArrayLike, t: npt.ArrayLike) -> float:
        """Return the mean cross-entropy of ``softmax(x)`` against labels `t`.

        Parameters
        ----------
        x : array_like
            Scores, shape ``(N, classes)``.
        t : array_like
            One-hot labels of the shape of `x`, or integer class indices of shape ``(N,)``.

        Returns
        -------
        float
            The loss averaged over the batch; the probabilities are kept in ``y``.

        Raises
        ------
        ValueError
            If `x` is not 2-D, or the labels fit neither layout or hold an index out of range.

        Examples
        --------
        >>> layer = SoftmaxWithLoss()
        >>> round(layer.forward(np.zeros((2, 4)), [1, 3]), 4)  # uniform guess: ln 4
        1.3863
        """
        x = as_scores(self, x)
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

    def backward(self, dout: float = 1.0) -> FloatArray:
        """Return ``dout · (y − t) / N``, the gradient with respect to the scores.

        Parameters
        ----------
        dout : float, default 1.0
            Gradient of the final loss with respect to this layer's loss, which is a scalar; 1
            when the layer's loss is the loss.

        Returns
        -------
        numpy.ndarray
            Shape ``(N, classes)``; every row sums to 0.

        Raises
        ------
        RuntimeError
            If called before :meth:`forward` has kept the probabilities and the labels.

        Examples
        --------
        >>> layer = SoftmaxWithLoss()
        >>> _ = layer.forward(np.zeros((1, 2)), np.array([[0, 1]]))
        >>> layer.backward()  # (y − t) / N with y = (0.5, 0.5)
        array([[ 0.5, -0.5]])
        """
        y, t_idx = check_backward(self, dout, (self.y, self.t_idx), shape=())  # dout: a number
        n = y.shape[0]
        dx = y.copy()
        dx[np.arange(n), t_idx] -= 1  # y − t, without building the one-hot t
        dx *= dout / n
        return dx


class HingeLoss:
    """The multiclass SVM (hinge) loss as an output layer, for a linear classifier's scores.

    The forward pass is :func:`nnbook.functions.hinge_loss`; its gradient with respect to a
    score is 1 for every wrong class whose margin term ``max(0, s_j − s_y + Δ)`` is positive,
    minus the number of such classes for the true class, divided by the batch size.

    Parameters
    ----------
    margin : float, default 1.0
        The margin ``Δ`` by which the true class's score should beat every other score.

    Attributes
    ----------
    loss : float
        The loss of the last forward pass.

    Raises
    ------
    ValueError
        If `margin` is not a positive number; from :meth:`forward`, as for
        :class:`SoftmaxWithLoss`.

    Examples
    --------
    The cat of the chapter on losses: car and frog scores against the cat's.

    >>> layer = HingeLoss()
    >>> round(layer.forward(np.array([[3.2, 5.1, -1.7]]), [0]), 6)
    2.9
    >>> layer.backward()  # only the car's margin is positive
    array([[-1.,  1.,  0.]])
    """

    @checked(margin=positive)
    def __init__(self, margin: float = 1.0) -> None:
        self.margin = margin
        self.loss: float | None = None
        self.margins: FloatArray | None = None
        self.t_idx: npt.NDArray[np.int64] | None = None

    def forward(self, x: npt.ArrayLike, t: npt.ArrayLike) -> float:
        """Return the mean hinge loss of the scores `x` against the labels `t`.

        Parameters
        ----------
        x : array_like
            Scores, shape ``(N, classes)``.
        t : array_like
            One-hot labels of the shape of `x`, or integer class indices of shape ``(N,)``.

        Returns
        -------
        float
            The loss averaged over the batch; the margin terms are kept for :meth:`backward`.

        Raises
        ------
        ValueError
            If `x` is not 2-D, or the labels fit neither layout or hold an index out of range.

        Examples
        --------
        >>> round(HingeLoss().forward(np.zeros((2, 4)), [1, 3]), 4)  # equal scores: 3 Δ each
        3.0
        """
        x = as_scores(self, x)
        self.t_idx = label_indices(x, t)
        self.margins = _hinge_margins(x, self.t_idx, self.margin)
        self.loss = float(self.margins.sum()) / x.shape[0]
        return self.loss

    def backward(self, dout: float = 1.0) -> FloatArray:
        """Return the gradient of the loss with respect to the scores, times `dout`.

        Parameters
        ----------
        dout : float, default 1.0
            Gradient of the final loss with respect to this layer's loss.

        Returns
        -------
        numpy.ndarray
            Shape ``(N, classes)``; every row sums to 0.

        Raises
        ------
        RuntimeError
            If called before :meth:`forward`.

        Examples
        --------
        >>> layer = HingeLoss()
        >>> _ = layer.forward(np.zeros((2, 3)), [0, 2])
        >>> layer.backward()  # all margins positive: +1 for the wrong classes, −2 for the true
        array([[-1. ,  0.5,  0.5],
               [ 0.5,  0.5, -1. ]])
        """
        margins, t_idx = check_backward(self, dout, (self.margins, self.t_idx), shape=())
        n = margins.shape[0]
        dx = (margins > 0).astype(margins.dtype)
        dx[np.arange(n), t_idx] = -dx.sum(axis=1)
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

    Raises
    ------
    ValueError
        If `gamma` and `beta` are not 1-D arrays of one length or `momentum` is outside
        ``[0, 1)``; from :meth:`forward` and :meth:`backward`, on inputs of the wrong shape.
    RuntimeError
        From :meth:`backward`, unless the last forward pass ran in training mode.

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

    @checked(momentum=fraction, eps=positive)
    def __init__(
        self,
        gamma: FloatArray,
        beta: FloatArray,
        momentum: float = 0.9,
        eps: float = 1e-7,
    ) -> None:
        if np.ndim(gamma) != 1 or np.shape(beta) != np.shape(gamma):
            raise ValueError(
                f"gamma and beta must be 1-D of the same length, got {np.shape(gamma)} "
                f"and {np.shape(beta)}"
            )
        self.gamma = gamma
        self.beta = beta
        self.momentum = momentum
        self.eps = eps
        self.running_mean: FloatArray | None = None
        self.running_var: FloatArray | None = None
        self.input_shape: tuple[int, ...] = ()
        self.xhat: FloatArray | None = None
        self.std: FloatArray | None = None
        self.dgamma: FloatArray | None = None
        self.dbeta: FloatArray | None = None
        self.train_mode = True

    def forward(self, x: npt.ArrayLike, train: bool = True) -> FloatArray:
        """Normalise `x` of shape ``(N, D)`` (or ``(N, ...)``, flattened to ``(N, D)``).

        Parameters
        ----------
        x : array_like
            A batch; each sample holds ``D`` features.
        train : bool, default True
            True: use the batch's own mean and variance, update the running averages and
            keep what :meth:`backward` needs. False (inference): use the running averages.

        Returns
        -------
        numpy.ndarray
            ``γ x̂ + β``, of the shape of `x`.

        Raises
        ------
        ValueError
            If the samples of `x` do not hold ``D`` values.

        Examples
        --------
        >>> bn = BatchNormalization(np.ones(1), np.zeros(1), momentum=0.0)
        >>> bn.forward(np.array([[0.0], [4.0]])).ravel().round(4)  # mean 2, std 2
        array([-1.,  1.])
        >>> bn.forward(np.array([[2.0]]), train=False).round(4)  # running averages
        array([[0.]])
        """
        x2 = as_batch(self, x, len(self.gamma))
        self.input_shape, self.train_mode = np.shape(x), train
        if self.running_mean is None or self.running_var is None:  # dtype of the first batch
            self.running_mean, self.running_var = np.zeros((2, x2.shape[1]), x2.dtype)
        if not train:  # inference: the running averages stand in for the batch statistics
            xhat = (x2 - self.running_mean) / np.sqrt(self.running_var + self.eps)
            out: FloatArray = self.gamma * xhat + self.beta
            return out.reshape(self.input_shape)
        n = len(x2)
        mu = x2.sum(axis=0) / n
        xc = x2 - mu
        var = np.einsum("nd,nd->d", xc, xc) / n  # Σₙ (x − μ)² / N in one pass
        self.std = np.sqrt(var + self.eps)
        self.xhat = xc
        self.xhat *= 1 / self.std  # in place: the centred batch becomes x̂
        # running = m · running + (1 − m) · batch, as running += (1 − m)(batch − running)
        self.running_mean += (1 - self.momentum) * (mu - self.running_mean)
        self.running_var += (1 - self.momentum) * (var - self.running_var)
        out = self.gamma * self.xhat
        out += self.beta
        return out.reshape(self.input_shape)

    def backward(self, dout: FloatArray) -> FloatArray:
        """Store ``dgamma``, ``dbeta`` and return the gradient for the input.

        Differentiates the last forward pass, which must have run in training mode: only then
        does the output depend on the batch statistics that the chain rule goes through.

        Parameters
        ----------
        dout : numpy.ndarray
            Gradient of the loss with respect to the output, shaped like the last input.

        Returns
        -------
        numpy.ndarray
            Gradient with respect to the input, of the input's shape.

        Raises
        ------
        RuntimeError
            Before any forward pass, or when the last one ran with ``train=False``.
        ValueError
            If `dout` and the last input differ in shape.

        Examples
        --------
        >>> bn = BatchNormalization(np.full(2, 3.0), np.zeros(2))
        >>> _ = bn.forward(np.array([[1.0, 0.0], [3.0, 0.5]]))
        >>> bn.backward(np.array([[1.0, 1.0], [1.0, 1.0]]))  # a uniform shift changes nothing
        array([[0., 0.],
               [0., 0.]])
        >>> bn.dbeta, bn.dgamma
        (array([2., 2.]), array([0., 0.]))
        >>> _ = bn.forward(np.ones((1, 2)), train=False)
        >>> bn.backward(np.ones((1, 2)))  # doctest: +ELLIPSIS
        Traceback (most recent call last):
            ...
        RuntimeError: BatchNormalization.backward needs a forward pass in training mode, ...
        """
        stored = (self.xhat, self.std)
        xhat, std = check_backward(self, dout, stored, self.input_shape, trained=self.train_mode)
        d2 = np.reshape(dout, xhat.shape)
        n = len(d2)
        self.dbeta = d2.sum(axis=0)
        self.dgamma = np.einsum("nd,nd->d", d2, xhat)  # Σₙ dout · x̂
        # The chain rule through the batch mean and variance, in its compact form
        # dx = γ/σ · (dout − dβ/N − x̂ · dγ/N): the two batch sums are dβ and dγ again.
        dx = d2 - xhat * (self.dgamma / n)
        dx -= self.dbeta / n
        dx *= self.gamma / std
        return dx.reshape(self.input_shape)


class Dropout:
    """Inverted dropout: in training, zero each unit with probability `ratio` and scale the
    survivors by ``1 / (1 − ratio)``; at inference, pass the input through unchanged.

    The scaling keeps the expected value of every unit the same in training and inference.
    The original (non-inverted) dropout, ``inverted=False``, does not scale during training and
    instead multiplies every output by ``1 − ratio`` at inference; the two give the same
    expected outputs, but the inverted form leaves the inference pass untouched, so a trained
    network needs no correction and no knowledge of the ratio when it is used.

    Parameters
    ----------
    ratio : float, default 0.5
        Probability of dropping a unit, in ``[0, 1)``.
    rng : int, numpy.random.Generator or None
        Source of the random masks; an int seed makes every mask reproducible.
    inverted : bool, default True
        Scale the survivors in training (True), or scale every output by ``1 − ratio`` at
        inference, as the original Dropout and Saitoh's book do (False).

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
    >>> original = Dropout(0.5, rng=0, inverted=False)
    >>> sorted(set(original.forward(np.ones((2, 4))).ravel().tolist()))  # no scaling
    [0.0, 1.0]
    >>> original.forward(np.ones(3), train=False)  # inference: scaled by 1 - 0.5
    array([0.5, 0.5, 0.5])
    """

    @checked(ratio=fraction, inverted=flag)
    def __init__(self, ratio: float = 0.5, rng: RngLike = None, inverted: bool = True) -> None:
        self.ratio = ratio
        self.rng = as_rng(rng)
        self.inverted = inverted
        self.mask: FloatArray | None = None
        self.train_mode = True

    def forward(
        self, x: npt.ArrayLike, train: bool = True, reuse_mask: bool = False
    ) -> FloatArray:
        """Apply dropout to `x`.

        Parameters
        ----------
        x : array_like
            Activations of any shape.
        train : bool, default True
            Draw a mask and apply it; False (inference) returns `x` unchanged (inverted) or
            ``x * (1 − ratio)`` (original).
        reuse_mask : bool, default False
            Apply the mask of the previous training pass again instead of drawing a new one,
            so that repeated passes compute the same function (used by gradient checks).

        Returns
        -------
        numpy.ndarray
            `x` times the mask in training; at inference `x` itself (inverted) or
            ``x * (1 − ratio)`` (original).

        Examples
        --------
        >>> drop = Dropout(0.25, rng=1)
        >>> first = drop.forward(np.ones(8))
        >>> bool(np.array_equal(drop.forward(np.ones(8), reuse_mask=True), first))
        True
        """
        x = as_float_array(x)
        self.train_mode = train
        if not train:
            return x if self.inverted else x * x.dtype.type(1 - self.ratio)
        if not (reuse_mask and self.mask is not None and self.mask.shape == x.shape):
            keep = self.rng.random(x.shape) >= self.ratio
            self.mask = keep.astype(x.dtype)
            if self.inverted:
                self.mask /= x.dtype.type(1 - self.ratio)
        return x * self.mask

    def backward(self, dout: FloatArray) -> FloatArray:
        """Return ``dout`` times the scaled mask of the last training pass.

        Parameters
        ----------
        dout : numpy.ndarray
            Gradient with respect to the output of that pass, of the same shape.

        Returns
        -------
        numpy.ndarray
            Zero for the dropped units, ``dout / (1 − ratio)`` for the others.

        Raises
        ------
        RuntimeError
            If no training pass has drawn a mask yet.
        ValueError
            If `dout` is shaped otherwise than the mask.

        Examples
        --------
        >>> drop = Dropout(0.5, rng=0)
        >>> out = drop.forward(np.ones(6))
        >>> bool(np.array_equal(drop.backward(np.ones(6)), out))  # the mask, scaled by 2
        True
        """
        mask = check_backward(self, dout, self.mask, trained=self.train_mode)
        return dout * mask
