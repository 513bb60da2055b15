"""Networks of the book, from a 2×3 softmax net to deep nets with Batch Normalization and Dropout.

Every network has the same interface:

``predict(x, train=False)``
    Scores (before softmax) for a batch ``x``.
``loss(x, t, train=True)``
    Mean cross-entropy of the softmax of the scores (plus weight decay, if any).
``accuracy(x, t)``
    Fraction of samples whose highest score is the true class.
``gradient(x, t)``
    Gradients of the loss for every entry of ``params``, by backpropagation.
``numerical_gradient(x, t)``
    The same gradients by central differences: slow, and the reference that checks ``gradient``.

Labels ``t`` may be one-hot or integer class indices throughout. Parameters live in the dict
``params`` (``"W1"``, ``"b1"``, …), which optimizers update in place.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator, Sequence
from typing import TypeAlias, cast

import numpy as np
import numpy.typing as npt

from nnbook import gradient as _gradient
from nnbook._validation import (
    FloatArray,
    RngLike,
    as_float_array,
    as_rng,
    check_finite_loss,
    checked,
    class_indices,
    label_indices,
    non_negative,
    paired_examples,
    positive,
)
from nnbook.functions import step
from nnbook.init import init_weight
from nnbook.layers import (
    Affine,
    BatchNormalization,
    Dropout,
    HingeLoss,
    Relu,
    Sigmoid,
    SoftmaxWithLoss,
    Tanh,
)

__all__ = [
    "LinearClassifier",
    "MultiLayerNet",
    "MultiLayerNetExtend",
    "Net",
    "Perceptron",
    "SimpleNet",
    "TwoLayerNet",
]

_ACTIVATIONS: dict[str, type[Relu | Sigmoid | Tanh]] = {
    "relu": Relu,
    "sigmoid": Sigmoid,
    "tanh": Tanh,
}
_DTYPES = (np.dtype(np.float64), np.dtype(np.float32))
#: A layer of :class:`MultiLayerNet` below its output layer.
Layer: TypeAlias = Affine | BatchNormalization | Relu | Sigmoid | Tanh | Dropout


def _check_dtype(dtype: npt.DTypeLike) -> np.dtype[np.floating]:
    dtype = np.dtype(dtype)
    if dtype not in _DTYPES:
        raise ValueError(f"dtype must be float64 or float32, got {dtype}")
    return cast("np.dtype[np.floating]", dtype)


class Net:
    """Base class of the networks: the interface they share, and what is written only once.

    Subclasses set ``params`` and ``dtype`` and implement :meth:`predict`, :meth:`loss` and
    :meth:`gradient`, whose parameters are documented here once for all networks; they inherit
    :meth:`accuracy`, :meth:`numerical_gradient` and :meth:`fixed_dropout_masks`.

    Attributes
    ----------
    params : dict of str to numpy.ndarray
        The parameters by name (``"W1"``, ``"b1"``, …). Optimizers update these arrays in place.
    dtype : numpy.dtype
        float64 or float32: the type of the parameters and of every computation.
    last_loss : float
        Loss of the most recent call to :meth:`loss` (also run by :meth:`gradient`); NaN
        before the first.

    Examples
    --------
    >>> nets = [SimpleNet(rng=0), TwoLayerNet(4, 3, 2, rng=0), MultiLayerNet(4, [3], 2, rng=0)]
    >>> all(isinstance(net, Net) for net in nets)
    True
    """

    params: dict[str, FloatArray]
    dtype: np.dtype[np.floating]
    last_loss: float = math.nan

    def predict(self, x: npt.ArrayLike, train: bool = False) -> FloatArray:
        """Scores (before softmax) for the batch `x`.

        Parameters
        ----------
        x : array_like
            Inputs, shape ``(N, features)``; cast to the network's dtype.
        train : bool, default False
            Run Batch Normalization and Dropout layers in training mode (batch statistics,
            fresh random masks); networks without such layers ignore it.

        Returns
        -------
        numpy.ndarray
            Shape ``(N, classes)``, in the network's dtype.

        Raises
        ------
        TypeError
            If `x` is not numeric.
        ValueError
            If `x` is not a batch whose samples have as many features as the network takes.

        Examples
        --------
        >>> MultiLayerNet(3, [4], 2, rng=0).predict(np.ones((5, 3))).shape
        (5, 2)
        """
        raise NotImplementedError

    def loss(self, x: npt.ArrayLike, t: npt.ArrayLike, train: bool = True) -> float:
        """Mean cross-entropy of the softmax of the scores against `t`, plus any penalty.

        Parameters
        ----------
        x : array_like
            A batch of inputs, as for :meth:`predict`.
        t : array_like
            Labels: one-hot, shape ``(N, classes)``, or integer class indices, shape ``(N,)``.
        train : bool, default True
            The mode of the forward pass, as for :meth:`predict`.

        Returns
        -------
        float
            The loss, also kept in ``last_loss``.

        Raises
        ------
        ValueError
            If the labels fit neither layout or hold a class index out of range, or as
            :meth:`predict`.
        FloatingPointError
            If the loss is NaN or infinite (typically a learning rate that is too large).

        Examples
        --------
        >>> net = SimpleNet(rng=0)
        >>> round(net.loss(np.zeros((1, 2)), [2]), 4)  # zero scores: a uniform guess, ln 3
        1.0986
        """
        raise NotImplementedError

    def gradient(self, x: npt.ArrayLike, t: npt.ArrayLike) -> dict[str, FloatArray]:
        """Gradients of :meth:`loss` for every entry of ``params``, by backpropagation.

        The loss is computed first, in training mode, and kept in ``last_loss``: it is the
        loss at the point where the gradients are taken.

        Parameters
        ----------
        x, t : array_like
            Batch and labels, as for :meth:`loss`.

        Returns
        -------
        dict of str to numpy.ndarray
            One gradient per key of ``params``, of that parameter's shape and dtype.

        Raises
        ------
        ValueError, FloatingPointError
            As :meth:`loss`.

        Examples
        --------
        >>> net = TwoLayerNet(3, 4, 2, rng=0)
        >>> grads = net.gradient(np.ones((2, 3)), [0, 1])
        >>> all(grads[key].shape == p.shape for key, p in net.params.items())
        True
        """
        raise NotImplementedError

    def _as_input(self, x: npt.ArrayLike) -> FloatArray:
        """Return `x` as an array of the network's dtype (an explicit, documented cast)."""
        x = np.asarray(x)
        if x.dtype.kind not in "biufc":  # boolean, integer, float, complex
            raise TypeError(f"input must be numeric, got dtype {x.dtype}")
        if x.ndim < 2:
            raise ValueError(f"input must be a batch of shape (N, features), got shape {x.shape}")
        return x.astype(self.dtype, copy=False)

    def accuracy(self, x: npt.ArrayLike, t: npt.ArrayLike) -> float:
        """Fraction of the samples in `x` whose predicted class is their label in `t`.

        The scores come from :meth:`predict` in inference mode (no dropout, running averages
        in Batch Normalization).

        Parameters
        ----------
        x : array_like
            Batch of inputs.
        t : array_like
            One-hot or integer labels.

        Returns
        -------
        float
            A number in ``[0, 1]``.

        Raises
        ------
        ValueError
            For labels that do not fit the scores, an empty batch, an input with NaN, or as
            :meth:`predict`.
        FloatingPointError
            If the scores hold NaN although the input does not (the weights overflowed).

        Examples
        --------
        >>> net = SimpleNet(rng=0)
        >>> net.params["W"] = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
        >>> net.accuracy([[2.0, 1.0], [0.0, 3.0], [1.0, 0.0]], [0, 1, 2])  # the last is wrong
        0.6666666666666666
        """
        x = self._as_input(x)
        scores = self.predict(x, train=False)
        if np.isnan(scores).any():  # argmax would pick the NaN: a class chosen by accident
            if np.isnan(x).any():
                raise ValueError("the input x holds NaN, so no class can be predicted for it")
            raise FloatingPointError(
                "the network's scores hold NaN (its weights overflowed, typically a learning "
                "rate or initial weights that are too large), so no class can be predicted"
            )
        return float(np.mean(np.argmax(scores, axis=1) == label_indices(scores, t)))

    def numerical_gradient(self, x: npt.ArrayLike, t: npt.ArrayLike) -> dict[str, FloatArray]:
        """Gradients of :meth:`loss` for every parameter, by central differences.

        Slow (two forward passes per parameter element); use it to check :meth:`gradient`.
        Random layers (Dropout) draw their masks once, in a first pass, and keep them.

        Parameters
        ----------
        x, t : array_like
            The batch and its labels, as for :meth:`loss`.

        Returns
        -------
        dict of str to numpy.ndarray
            Keyed like ``params``; each array is restored to its value before the call.

        Raises
        ------
        ValueError, FloatingPointError
            Whenever :meth:`loss` does, since the gradient is made of its values.

        Examples
        --------
        >>> net = TwoLayerNet(2, 3, 2, rng=0)
        >>> x, t = np.array([[0.5, -1.0]]), [1]
        >>> numeric, backprop = net.numerical_gradient(x, t), net.gradient(x, t)
        >>> max(float(np.abs(numeric[k] - backprop[k]).max()) for k in backprop) < 1e-8
        True
        """
        with self.fixed_dropout_masks():
            self.loss(x, t, train=True)  # draws the masks if none were drawn yet
            return {
                key: _gradient.numerical_gradient(lambda _: self.loss(x, t, train=True), p)
                for key, p in self.params.items()
            }

    @contextlib.contextmanager
    def fixed_dropout_masks(self) -> Iterator[None]:
        """Context in which Dropout layers keep the mask of their last training pass.

        Outside it every training pass draws new masks. Inside it the loss is a deterministic
        function of the parameters, which is what a gradient check needs.

        Examples
        --------
        >>> net = MultiLayerNetExtend(3, [4], 2, use_dropout=True, rng=0)
        >>> x, t = np.ones((2, 3)), np.array([0, 1])
        >>> with net.fixed_dropout_masks():
        ...     net.loss(x, t) == net.loss(x, t)
        True
        """
        previous = self._reuse_masks
        self._reuse_masks = True
        try:
            yield
        finally:
            self._reuse_masks = previous

    _reuse_masks = False


class SimpleNet(Net):
    """A 2-input, 3-class softmax classifier with one weight matrix and no bias.

    The smallest network whose loss has a gradient with respect to a weight *matrix*.

    Parameters
    ----------
    rng : int, numpy.random.Generator or None
        Seed for the standard-normal initial weights.
    dtype : float64 or float32

    Examples
    --------
    >>> net = SimpleNet(rng=0)
    >>> net.params["W"] = np.array([[0.47355232, 0.9977393, 0.84668094],
    ...                             [0.85557411, 0.03563661, 0.69422093]])
    >>> x, t = np.array([[0.6, 0.9]]), np.array([[0, 0, 1]])
    >>> net.predict(x).round(4)
    array([[1.0541, 0.6307, 1.1328]])
    >>> round(net.loss(x, t), 4)
    0.9281
    >>> net.gradient(x, t)["W"].round(4)
    array([[ 0.2192,  0.1436, -0.3628],
           [ 0.3289,  0.2153, -0.5442]])
    """

    def __init__(self, rng: RngLike = None, dtype: npt.DTypeLike = np.float64) -> None:
        self.dtype = _check_dtype(dtype)
        self.params = {"W": as_rng(rng).standard_normal((2, 3)).astype(self.dtype)}
        self._out = SoftmaxWithLoss()

    def predict(self, x: npt.ArrayLike, train: bool = False) -> FloatArray:
        """Scores ``x · W``; arguments and result as in :meth:`Net.predict`.

        Raises
        ------
        ValueError
            Unless `x` is a batch of samples with 2 features each.

        Examples
        --------
        >>> net = SimpleNet(rng=0)
        >>> bool(np.array_equal(net.predict([[0.0, 1.0]])[0], net.params["W"][1]))
        True
        """
        x = self._as_input(x)
        if x.shape[1] != 2:
            raise ValueError(f"SimpleNet takes 2 features per sample, got shape {x.shape}")
        return x @ self.params["W"]

    def loss(self, x: npt.ArrayLike, t: npt.ArrayLike, train: bool = True) -> float:
        """Cross-entropy of ``softmax(x · W)`` against `t`, as :meth:`Net.loss` describes.

        Raises
        ------
        FloatingPointError
            If the loss is not finite, e.g. for an input that holds inf or NaN.
        ValueError
            For labels that fit no layout, or an input that is not 2 features wide.

        Examples
        --------
        >>> net = SimpleNet(rng=0)
        >>> with np.errstate(invalid="ignore"):  # inf − inf is NaN
        ...     net.loss([[np.inf, 0.0]], [0])  # doctest: +ELLIPSIS
        Traceback (most recent call last):
            ...
        FloatingPointError: SimpleNet.loss gave a non-finite loss (nan); ...
        """
        loss = self._out.forward(self.predict(x), t)
        self.last_loss = check_finite_loss(loss, "SimpleNet.loss")
        return self.last_loss

    def gradient(self, x: npt.ArrayLike, t: npt.ArrayLike) -> dict[str, FloatArray]:
        """``{"W": xᵀ (y − t) / N}`` by backpropagation; see :meth:`Net.gradient`.

        Examples
        --------
        >>> net = SimpleNet(rng=0)
        >>> net.gradient(np.zeros((3, 2)), [0, 1, 2])["W"]  # no input, no gradient
        array([[0., 0., 0.],
               [0., 0., 0.]])
        """
        self.loss(x, t)
        return {"W": self._as_input(x).T @ self._out.backward()}


class MultiLayerNet(Net):
    """Fully connected network ``Affine → activation → … → Affine → Softmax``.

    Parameters
    ----------
    input_size : int
        Number of input features (784 for MNIST).
    hidden_size_list : sequence of int
        Width of each hidden layer.
    output_size : int
        Number of classes.
    activation : {"relu", "sigmoid", "tanh"}, default "relu"
    weight_init_std : str or float, default "relu"
        ``"he"``/``"relu"``, ``"xavier"``/``"sigmoid"`` or a constant standard deviation
        (see :mod:`nnbook.init`).
    weight_decay_lambda : float, default 0
        Strength ``λ`` of the L2 penalty ``½ λ Σ ‖W‖²`` added to the loss (biases excluded).
    rng : int, numpy.random.Generator or None
        Seed for the initial weights.
    dtype : float64 or float32, default float64
        Floating type of parameters and computation; input is cast to it.
    use_batchnorm, use_dropout, dropout_ratio, inverted_dropout
        Keyword-only; see :class:`MultiLayerNetExtend`, which takes them in the book's order.

    Raises
    ------
    ValueError
        For an unknown activation or initialization, a non-positive layer size or a
        negative `weight_decay_lambda`.

    Examples
    --------
    >>> net = MultiLayerNet(4, [5, 5], 3, rng=0)
    >>> sorted(net.params)
    ['W1', 'W2', 'W3', 'b1', 'b2', 'b3']
    >>> x, t = np.ones((2, 4)), np.array([0, 2])
    >>> net.predict(x).shape
    (2, 3)
    >>> grads = net.gradient(x, t)
    >>> grads["W1"].shape
    (4, 5)
    """

    @checked(weight_decay_lambda=non_negative)
    def __init__(
        self,
        input_size: int,
        hidden_size_list: Sequence[int],
        output_size: int,
        activation: str = "relu",
        weight_init_std: str | float = "relu",
        weight_decay_lambda: float = 0.0,
        rng: RngLike = None,
        dtype: npt.DTypeLike = np.float64,
        *,
        use_batchnorm: bool = False,
        use_dropout: bool = False,
        dropout_ratio: float = 0.5,
        inverted_dropout: bool = True,
    ) -> None:
        sizes = [input_size, *hidden_size_list, output_size]
        if any(int(s) != s or s < 1 for s in sizes):
            raise ValueError(f"layer sizes must be positive integers, got {sizes}")
        if activation not in _ACTIVATIONS:
            raise ValueError(
                f"unknown activation {activation!r}; choose one of {', '.join(_ACTIVATIONS)}"
            )
        self.dtype = _check_dtype(dtype)
        self.sizes = sizes
        self.activation = activation
        self.weight_decay_lambda = weight_decay_lambda
        rng = as_rng(rng)

        self.params = {}
        self.layers: list[Layer] = []
        # (layer, {gradient attribute: parameter key}) for every layer that has parameters.
        self._grad_sources: list[tuple[Affine | BatchNormalization, dict[str, str]]] = []
        n_layers = len(sizes) - 1
        for i in range(1, n_layers + 1):
            n_in, n_out = sizes[i - 1], sizes[i]
            W = init_weight(n_in, n_out, weight_init_std, rng=rng, dtype=self.dtype)
            self.params[f"W{i}"], self.params[f"b{i}"] = W, np.zeros(n_out, dtype=self.dtype)
            affine = Affine(self.params[f"W{i}"], self.params[f"b{i}"])
            self.layers.append(affine)
            self._grad_sources.append((affine, {"dW": f"W{i}", "db": f"b{i}"}))
            if i == n_layers:
                break
            if use_batchnorm:
                self.params[f"gamma{i}"] = np.ones(n_out, dtype=self.dtype)
                self.params[f"beta{i}"] = np.zeros(n_out, dtype=self.dtype)
                bn = BatchNormalization(self.params[f"gamma{i}"], self.params[f"beta{i}"])
                self.layers.append(bn)
                self._grad_sources.append((bn, {"dgamma": f"gamma{i}", "dbeta": f"beta{i}"}))
            self.layers.append(_ACTIVATIONS[activation]())
            if use_dropout:
                self.layers.append(Dropout(dropout_ratio, rng=rng, inverted=inverted_dropout))
        self.last_layer: SoftmaxWithLoss | HingeLoss = SoftmaxWithLoss()

    def predict(self, x: npt.ArrayLike, train: bool = False) -> FloatArray:
        """Scores for the batch `x`, layer by layer; see :meth:`Net.predict`.

        Examples
        --------
        >>> net = MultiLayerNetExtend(3, [5], 2, use_dropout=True, dropout_ratio=0.5, rng=0)
        >>> x = np.ones((1, 3))
        >>> bool(np.array_equal(net.predict(x), net.predict(x)))  # inference: no dropout
        True
        >>> bool(np.array_equal(net.predict(x, train=True), net.predict(x, train=True)))
        False
        """
        out = self._as_input(x)
        for layer in self.layers:
            if isinstance(layer, Dropout):
                out = layer.forward(out, train=train, reuse_mask=self._reuse_masks)
            elif isinstance(layer, BatchNormalization):
                out = layer.forward(out, train=train)
            else:
                out = layer.forward(out)
        return out

    def _weight_decay(self) -> float:
        lam = self.weight_decay_lambda
        if lam == 0:
            return 0.0
        return 0.5 * lam * sum(float(np.sum(W**2)) for k, W in self.params.items() if k[0] == "W")

    def loss(self, x: npt.ArrayLike, t: npt.ArrayLike, train: bool = True) -> float:
        """Mean cross-entropy of the softmax of the scores, plus ``½ λ Σ ‖W‖²``.

        Arguments, result and errors as in :meth:`Net.loss`; the penalty counts the weights
        ``W1``, ``W2``, … and not the biases.

        Examples
        --------
        >>> x, t = np.ones((2, 3)), [0, 1]
        >>> plain = MultiLayerNet(3, [4], 2, rng=0)
        >>> decayed = MultiLayerNet(3, [4], 2, weight_decay_lambda=0.1, rng=0)
        >>> penalty = 0.5 * 0.1 * sum(np.sum(decayed.params[k] ** 2) for k in ("W1", "W2"))
        >>> bool(np.isclose(decayed.loss(x, t) - plain.loss(x, t), penalty))
        True
        """
        data_loss = self.last_layer.forward(self.predict(x, train=train), t)
        loss = data_loss + self._weight_decay()
        self.last_loss = check_finite_loss(loss, f"{type(self).__name__}.loss")
        return self.last_loss

    def gradient(self, x: npt.ArrayLike, t: npt.ArrayLike) -> dict[str, FloatArray]:
        """Gradients of :meth:`loss` for every parameter, by backpropagation.

        Runs a forward pass in training mode, then the backward pass from the loss down to the
        first layer, and reads the gradients the layers stored on the way; see
        :meth:`Net.gradient`.

        Examples
        --------
        >>> net = MultiLayerNetExtend(2, [3], 2, use_batchnorm=True, rng=0)
        >>> grads = net.gradient(np.array([[0.0, 1.0], [1.0, 0.0]]), [0, 1])
        >>> sorted(grads) == sorted(net.params)  # gamma1 and beta1 included
        True
        """
        self.loss(x, t, train=True)
        dout = self.last_layer.backward(1.0)
        first, *rest = self.layers
        for layer in reversed(rest):
            dout = layer.backward(dout)
        # Nothing needs the gradient of the input data, so the first Affine skips it.
        assert isinstance(first, Affine)  # every network starts with one (for type checkers)
        first.backward(dout, input_grad=False)
        grads = {}
        for layer, mapping in self._grad_sources:
            for attr, key in mapping.items():
                grads[key] = getattr(layer, attr)
        if self.weight_decay_lambda:
            for key in grads:
                if key[0] == "W":
                    grads[key] = grads[key] + self.weight_decay_lambda * self.params[key]
        return grads


class TwoLayerNet(MultiLayerNet):
    """The two-layer network ``input → Affine → activation → Affine → Softmax`` of the book.

    Parameters
    ----------
    input_size, hidden_size, output_size : int
        Layer widths (784, 50, 10 for MNIST in the book).
    weight_init_std : str or float, default 0.01
        Standard deviation of the initial weights, or an initialization name.
    activation : {"sigmoid", "relu", "tanh"}, default "sigmoid"
        Sigmoid as in the chapter on training; ReLU as in the chapter on backpropagation.
    rng : int, numpy.random.Generator or None
        Seed for the initial weights.
    dtype : float64 or float32, default float64

    Examples
    --------
    >>> net = TwoLayerNet(784, 50, 10, rng=0)
    >>> {k: v.shape for k, v in net.params.items()}
    {'W1': (784, 50), 'b1': (50,), 'W2': (50, 10), 'b2': (10,)}
    >>> x = np.random.default_rng(1).random((3, 784))
    >>> round(net.loss(x, np.array([0, 1, 2])), 1)  # about ln 10 before training
    2.3
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        output_size: int,
        weight_init_std: str | float = 0.01,
        activation: str = "sigmoid",
        rng: RngLike = None,
        dtype: npt.DTypeLike = np.float64,
    ) -> None:
        super().__init__(
            input_size,
            [hidden_size],
            output_size,
            activation=activation,
            weight_init_std=weight_init_std,
            rng=rng,
            dtype=dtype,
        )


class MultiLayerNetExtend(MultiLayerNet):
    """:class:`MultiLayerNet` with optional Batch Normalization and Dropout after every hidden
    Affine layer: ``Affine → [BatchNorm] → activation → [Dropout]``.

    The parameters it shares with :class:`MultiLayerNet` (``input_size``, ``hidden_size_list``,
    ``output_size``, ``activation``, ``weight_init_std``, ``weight_decay_lambda``, ``rng``,
    ``dtype``) mean the same there and here.

    Parameters
    ----------
    use_dropout : bool, default False
        Insert a :class:`~nnbook.layers.Dropout` layer after each activation.
    dropout_ratio : float, default 0.5
        Drop probability of those layers.
    inverted_dropout : bool, default True
        Inverted Dropout (scale in training), or the original form that scales every output by
        ``1 − dropout_ratio`` at inference (False); see :class:`~nnbook.layers.Dropout`.
    use_batchnorm : bool, default False
        Insert a :class:`~nnbook.layers.BatchNormalization` layer before each activation;
        adds ``gamma{i}`` and ``beta{i}`` to ``params``.

    Examples
    --------
    >>> net = MultiLayerNetExtend(6, [4], 2, use_batchnorm=True, use_dropout=True, rng=0)
    >>> [type(layer).__name__ for layer in net.layers]
    ['Affine', 'BatchNormalization', 'Relu', 'Dropout', 'Affine']
    >>> sorted(net.params)
    ['W1', 'W2', 'b1', 'b2', 'beta1', 'gamma1']
    """

    @checked(weight_decay_lambda=non_negative)
    def __init__(
        self,
        input_size: int,
        hidden_size_list: Sequence[int],
        output_size: int,
        activation: str = "relu",
        weight_init_std: str | float = "relu",
        weight_decay_lambda: float = 0.0,
        use_dropout: bool = False,
        dropout_ratio: float = 0.5,
        use_batchnorm: bool = False,
        rng: RngLike = None,
        dtype: npt.DTypeLike = np.float64,
        inverted_dropout: bool = True,
    ) -> None:
        super().__init__(
            input_size,
            hidden_size_list,
            output_size,
            activation,
            weight_init_std,
            weight_decay_lambda,
            rng,
            dtype,
            use_batchnorm=use_batchnorm,
            use_dropout=use_dropout,
            dropout_ratio=dropout_ratio,
            inverted_dropout=inverted_dropout,
        )


class LinearClassifier(MultiLayerNet):
    """The linear classifier: one score per class, ``s = x · W + b``, and a loss on the scores.

    The book writes the score function for one image as ``s = W x + b``, one row of ``W`` per
    class; with a batch of images as the rows of ``x`` the same scores are ``x · W + b``, so
    here the weights of class ``k`` are the column ``params["W1"][:, k]`` (the *template* the
    class's score compares the image with). It is a :class:`MultiLayerNet` without hidden
    layers, so it trains with the :class:`~nnbook.trainer.Trainer` like every network.

    Parameters
    ----------
    input_size : int
        Number of input features (784 for MNIST).
    output_size : int
        Number of classes.
    loss : {"softmax", "hinge"}, default "softmax"
        The softmax with cross-entropy error (:class:`~nnbook.layers.SoftmaxWithLoss`), or the
        multiclass SVM loss (:class:`~nnbook.layers.HingeLoss`).
    margin : float, default 1.0
        The margin ``Δ`` of the hinge loss (not used by the softmax).
    weight_init_std : str or float, default 0.01
        As for :class:`MultiLayerNet`; small weights make the first scores nearly equal.
    weight_decay_lambda : float, default 0
        Strength ``λ`` of the L2 penalty ``½ λ Σ W²`` (the bias excluded).
    rng : int, numpy.random.Generator or None
        Seed for the initial weights.
    dtype : float64 or float32, default float64

    Raises
    ------
    ValueError
        For an unknown `loss`, a `margin` that is not positive, or as :class:`MultiLayerNet`.

    Examples
    --------
    >>> net = LinearClassifier(4, 3, loss="hinge", rng=0)
    >>> sorted(net.params), net.params["W1"].shape
    (['W1', 'b1'], (4, 3))
    >>> net.params["W1"][:] = 0.0
    >>> net.loss(np.ones((2, 4)), [0, 2])  # equal scores: each of 2 wrong classes costs Δ
    2.0
    """

    _LOSSES = ("softmax", "hinge")

    @checked(margin=positive)
    def __init__(
        self,
        input_size: int,
        output_size: int,
        loss: str = "softmax",
        margin: float = 1.0,
        weight_init_std: str | float = 0.01,
        weight_decay_lambda: float = 0.0,
        rng: RngLike = None,
        dtype: npt.DTypeLike = np.float64,
    ) -> None:
        if loss not in self._LOSSES:
            raise ValueError(f"unknown loss {loss!r}; choose one of {', '.join(self._LOSSES)}")
        super().__init__(
            input_size,
            [],
            output_size,
            weight_init_std=weight_init_std,
            weight_decay_lambda=weight_decay_lambda,
            rng=rng,
            dtype=dtype,
        )
        self.loss_name = loss
        if loss == "hinge":
            self.last_layer = HingeLoss(margin)


class Perceptron:
    """Rosenblatt's perceptron: a step function of a weighted sum, and its learning rule.

    The output for an input ``x`` is ``y = step(w · x + b)``, 0 or 1. The learning rule looks
    at one example at a time and moves the weights only when the output is wrong:

    ``w ← w + η (t − y) x,   b ← b + η (t − y)``

    On linearly separable data it stops making mistakes after finitely many updates; on data
    that no line (hyperplane) separates, such as XOR, it never does.

    Parameters
    ----------
    n_inputs : int
        Number of inputs.
    lr : float, default 1.0
        The learning rate ``η``.
    weights : array_like, optional
        Initial weights, shape ``(n_inputs,)``; zeros by default.
    bias : float, default 0.0
        Initial bias.

    Attributes
    ----------
    w : numpy.ndarray
        The weights, shape ``(n_inputs,)``.
    b : float
        The bias.

    Raises
    ------
    ValueError
        If `lr` is not positive or `weights` does not have `n_inputs` entries.

    Examples
    --------
    An AND gate with the weights of the reference book, then one learned from its truth table:

    >>> x = np.array([[0, 0], [1, 0], [0, 1], [1, 1]])
    >>> Perceptron(2, weights=[0.5, 0.5], bias=-0.7).predict(x)
    array([0, 0, 0, 1])
    >>> p = Perceptron(2)
    >>> [p.learn(x, [0, 0, 0, 1]) for _ in range(7)]  # mistakes in each pass
    [1, 3, 3, 2, 1, 0, 0]
    >>> p.predict(x)
    array([0, 0, 0, 1])
    """

    @checked(lr=positive)
    def __init__(
        self,
        n_inputs: int,
        lr: float = 1.0,
        weights: npt.ArrayLike | None = None,
        bias: float = 0.0,
    ) -> None:
        self.lr = lr
        if weights is None:
            self.w = np.zeros(n_inputs)
        else:
            self.w = as_float_array(weights, "weights").astype(np.float64)
        if self.w.shape != (n_inputs,):
            raise ValueError(f"weights must have shape ({n_inputs},), got {self.w.shape}")
        self.b = float(bias)

    def _inputs(self, x: npt.ArrayLike) -> FloatArray:
        x = as_float_array(x)
        if x.ndim != 2 or x.shape[1] != self.w.size:
            raise ValueError(f"x must have shape (N, {self.w.size}), got {x.shape}")
        return x

    def predict(self, x: npt.ArrayLike) -> npt.NDArray[np.int64]:
        """The outputs ``step(x · w + b)`` for a batch.

        Parameters
        ----------
        x : array_like
            Inputs, shape ``(N, n_inputs)``.

        Returns
        -------
        numpy.ndarray
            Shape ``(N,)``, zeros and ones.

        Raises
        ------
        TypeError, ValueError
            If `x` is not numeric or not of shape ``(N, n_inputs)``.

        Examples
        --------
        >>> Perceptron(2, weights=[1.0, 1.0], bias=-0.5).predict([[0, 0], [0, 1]])  # OR
        array([0, 1])
        """
        return step(self._inputs(x) @ self.w + self.b)

    def learn(self, x: npt.ArrayLike, t: npt.ArrayLike) -> int:
        """One pass of the learning rule over the examples, in order.

        Parameters
        ----------
        x : array_like
            Inputs, shape ``(N, n_inputs)``.
        t : array_like
            Targets 0 or 1, shape ``(N,)``.

        Returns
        -------
        int
            The number of examples the perceptron got wrong (and so learned from) in the pass.

        Raises
        ------
        TypeError, ValueError
            For inputs as in :meth:`predict`, or targets that are not 0 or 1, one per input.

        Examples
        --------
        >>> p = Perceptron(1)
        >>> p.learn([[1.0]], [1]), p.w, p.b  # wrong once: w and b move towards the target
        (1, array([1.]), 1.0)
        """
        x, t = paired_examples(self._inputs(x), t, "the inputs x and targets t")
        t = class_indices(t, 2, "t")
        mistakes = 0
        for x_i, t_i in zip(x, t, strict=True):
            error = int(t_i - step(x_i @ self.w + self.b))
            if error:
                self.w += self.lr * error * x_i
                self.b += self.lr * error
                mistakes += 1
        return mistakes
