"""Computational graphs that record a real computation and run it backward.

A :class:`Graph` records a small calculation as it happens: every operation becomes a node that
holds a real layer (:class:`~nnbook.layers.MulLayer`, :class:`~nnbook.layers.AddLayer`, or the
two elementary nodes :class:`Exp` and :class:`Reciprocal` defined here), and every value that
flows from one node to the next is an :class:`Edge` carrying its forward value.
:meth:`Graph.backward` calls the layers' ``backward`` in reverse order and writes the gradient of
the output onto every edge. :func:`nnbook.plotting.draw_graph` draws the result in the book's
style: each arrow with its forward value above it and its gradient below it.

The recorder is meant for a handful of scalar operations, the size of a figure, not for networks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from nnbook._validation import checked, real_or_array
from nnbook.layers import AddLayer, MulLayer, Value

__all__ = ["Edge", "Exp", "Graph", "Node", "Reciprocal"]


class Exp:
    """Exponential node ``y = exp(x)``; its local derivative is the output itself.

    Examples
    --------
    >>> node = Exp()
    >>> round(float(node.forward(0.0)), 6)
    1.0
    >>> round(float(node.backward(2.0)), 6)  # 2 · exp(0)
    2.0
    """

    def __init__(self) -> None:
        self.out: Value | None = None

    def forward(self, x: Value) -> Value:
        """Return ``exp(x)`` and remember it: the backward pass needs only the output.

        Parameters
        ----------
        x : float or numpy.ndarray
            The exponent.

        Returns
        -------
        float or numpy.ndarray
            ``exp(x)``.

        Examples
        --------
        >>> Exp().forward(np.array([0.0, 1.0])).round(4)
        array([1.    , 2.7183])
        """
        self.out = np.exp(x)
        return self.out

    def backward(self, dout: Value) -> Value:
        """Return ``dout * exp(x)``, the chain rule with ``d exp(x) / dx = exp(x)``.

        Parameters
        ----------
        dout : float or numpy.ndarray
            Gradient of the graph's output with respect to ``exp(x)``.

        Returns
        -------
        float or numpy.ndarray
            Gradient with respect to `x`.

        Raises
        ------
        RuntimeError
            Before :meth:`forward` has computed ``exp(x)``.

        Examples
        --------
        >>> node = Exp()
        >>> _ = node.forward(np.log(3.0))
        >>> round(float(node.backward(0.5)), 6)  # 0.5 · 3
        1.5
        """
        if self.out is None:
            raise RuntimeError("Exp.backward called before forward")
        return dout * self.out


class Reciprocal:
    """Division node ``y = 1 / x``; its local derivative is ``−1 / x² = −y²``.

    Examples
    --------
    >>> node = Reciprocal()
    >>> node.forward(4.0)
    0.25
    >>> node.backward(1.0)  # −0.25²
    -0.0625
    """

    def __init__(self) -> None:
        self.out: Value | None = None

    def forward(self, x: Value) -> Value:
        """Return ``1 / x`` and remember it.

        Parameters
        ----------
        x : float or numpy.ndarray
            The denominator; zero gives ``inf`` (with NumPy's warning).

        Returns
        -------
        float or numpy.ndarray
            ``y = 1 / x``.

        Examples
        --------
        >>> Reciprocal().forward(np.array([2.0, -0.5]))
        array([ 0.5, -2. ])
        """
        self.out = 1.0 / x
        return self.out

    def backward(self, dout: Value) -> Value:
        """Return ``-dout * y**2``, since ``d(1/x)/dx = −1/x² = −y²``.

        Parameters
        ----------
        dout : float or numpy.ndarray
            Gradient arriving at ``y``.

        Returns
        -------
        float or numpy.ndarray
            The gradient passed on to the input `x`.

        Raises
        ------
        RuntimeError
            If no forward pass has stored ``y`` yet.

        Examples
        --------
        >>> node = Reciprocal()
        >>> node.forward(2.0)
        0.5
        >>> node.backward(4.0)  # −4 · 0.5²
        -1.0
        """
        if self.out is None:
            raise RuntimeError("Reciprocal.backward called before forward")
        return -dout * self.out**2


@dataclass(eq=False)
class Edge:
    """A value flowing through a :class:`Graph`.

    Attributes
    ----------
    value : float or numpy.ndarray
        The forward value.
    name : str
        What the value is called in a drawing (``""`` for an unnamed intermediate value).
    source : Node or None
        The node that computed the value; ``None`` for an input.
    const : bool
        True for a constant (like the ``−1`` of ``−x``); drawn without a gradient.
    grad : float or numpy.ndarray or None
        The gradient of the graph's output with respect to this value, set by
        :meth:`Graph.backward`.

    Examples
    --------
    >>> g = Graph()
    >>> x = g.input(2.0, "x")
    >>> y = g.mul(x, g.constant(3.0))
    >>> y.value, y.source.op, x.source is None
    (6.0, '×', True)
    """

    value: Any
    name: str = ""
    source: Node | None = None
    const: bool = False
    grad: Any = None


@dataclass(eq=False)
class Node:
    """One operation of a :class:`Graph`: a layer, the edges it reads and the edge it makes.

    Attributes
    ----------
    op : str
        The symbol drawn in the node's circle: ``"×"``, ``"+"``, ``"exp"``, ``"/"``, ….
    layer : object
        Anything with ``forward(*inputs)`` and ``backward(dout)``.
    inputs : list of Edge
        The values the operation reads, in order.
    output : Edge
        The value it computes.
    at : tuple of float or None
        Position in a drawing; chosen by :func:`nnbook.plotting.draw_graph` when ``None``.
    input_grads : list
        What ``layer.backward`` returned for each input: this node's share of that input's
        gradient (an input read by two nodes gets the sum of both shares).

    Examples
    --------
    >>> g = Graph()
    >>> a, b = g.input(2.0, "a"), g.input(5.0, "b")
    >>> node = g.add(a, b).source
    >>> g.backward()
    >>> node.op, [e.name for e in node.inputs], node.input_grads
    ('+', ['a', 'b'], [1.0, 1.0])
    """

    op: str
    layer: Any
    inputs: list[Edge]
    output: Edge
    at: tuple[float, float] | None = None
    input_grads: list[Any] = field(default_factory=list)


class Graph:
    """Record a calculation as a computational graph, then run it backward.

    Each operation (:meth:`mul`, :meth:`add`, :meth:`exp`, :meth:`reciprocal`, or any layer
    through :meth:`apply`) runs its layer's ``forward`` at once and returns the resulting
    :class:`Edge`, so the graph is built by simply writing the calculation. The output of the
    graph is the result of the last operation.

    Attributes
    ----------
    nodes : list of Node
        The operations in the order they were recorded (inputs before the nodes that read them).

    Examples
    --------
    Two apples at 100 each, with 10 % consumption tax:

    >>> g = Graph()
    >>> apple, count, tax = g.input(100, "apple"), g.input(2, "count"), g.input(1.1, "tax")
    >>> price = g.mul(g.mul(apple, count), tax, name="price")
    >>> round(price.value, 6)
    220.0
    >>> g.backward()
    >>> round(apple.grad, 6), round(count.grad, 6), round(tax.grad, 6)
    (2.2, 110.0, 200.0)

    A value used twice collects the gradient from both uses: for ``z = t · t``, ``dz/dt = 2t``.

    >>> g = Graph()
    >>> t = g.input(3.0, "t")
    >>> z = g.mul(t, t)
    >>> g.backward()
    >>> t.grad
    6.0
    """

    def __init__(self) -> None:
        self.nodes: list[Node] = []
        self._inputs: list[Edge] = []

    @checked(value=real_or_array)
    def input(self, value: Value, name: str = "") -> Edge:
        """Return a new input edge holding `value`, called `name` in drawings.

        Parameters
        ----------
        value : float or numpy.ndarray
            The value of the variable.
        name : str, optional
            Its label in drawings.

        Returns
        -------
        Edge
            An edge without a source node; :meth:`backward` gives it a gradient.

        Examples
        --------
        >>> g = Graph()
        >>> g.input(1.5, "w")
        Edge(value=1.5, name='w', source=None, const=False, grad=None)
        """
        edge = Edge(value, name)
        self._inputs.append(edge)
        return edge

    @checked(value=real_or_array)
    def constant(self, value: Value, name: str = "") -> Edge:
        """Return a constant input edge holding `value`: drawn with its value, no gradient.

        Parameters
        ----------
        value : float or numpy.ndarray
            The constant, such as the ``−1`` of ``−x``.
        name : str, optional
            Label in drawings (usually none: the value is shown).

        Returns
        -------
        Edge
            An edge marked ``const``.

        Examples
        --------
        >>> g = Graph()
        >>> minus_x = g.mul(g.input(4.0, "x"), g.constant(-1.0))
        >>> minus_x.value, minus_x.source.inputs[1].const
        (-4.0, True)
        """
        edge = Edge(value, name, const=True)
        self._inputs.append(edge)
        return edge

    def apply(
        self,
        op: str,
        layer: Any,
        *inputs: Edge,
        name: str = "",
        at: tuple[float, float] | None = None,
    ) -> Edge:
        """Run ``layer.forward`` on the inputs' values; record it as a node drawn as `op`.

        Parameters
        ----------
        op : str
            Symbol of the operation in drawings.
        layer : object
            A fresh layer with ``forward(*values)`` and ``backward(dout)``; ``backward``
            returns one gradient per input (a tuple when there are several).
        *inputs : Edge
            Edges of this graph.
        name : str, optional
            Name of the result in drawings.
        at : tuple of float, optional
            Position of the node in drawings.

        Returns
        -------
        Edge
            The result.

        Raises
        ------
        TypeError
            If an input is not an :class:`Edge`.
        ValueError
            If an input edge does not belong to this graph.

        Examples
        --------
        Any object with ``forward`` and ``backward`` can be a node, e.g. a ReLU layer:

        >>> from nnbook.layers import Relu
        >>> g = Graph()
        >>> x = g.input(np.array([-1.0, 2.0]), "x")
        >>> y = g.apply("relu", Relu(), x)
        >>> g.backward(np.ones(2))
        >>> y.value, x.grad
        (array([0., 2.]), array([0., 1.]))
        """
        known = set(map(id, self._inputs)) | {id(n.output) for n in self.nodes}
        for edge in inputs:
            if not isinstance(edge, Edge):
                raise TypeError(f"inputs must be edges of this graph, got {edge!r}")
            if id(edge) not in known:
                raise ValueError(f"edge {edge.name or edge.value!r} is not part of this graph")
        out = Edge(layer.forward(*(e.value for e in inputs)), name)
        node = Node(op, layer, list(inputs), out, at)
        out.source = node
        self.nodes.append(node)
        return out

    def mul(self, a: Edge, b: Edge, name: str = "", at: tuple[float, float] | None = None) -> Edge:
        """Record ``a · b`` with a :class:`~nnbook.layers.MulLayer`.

        `name` and `at` are as for :meth:`apply`; so are the edges given and returned.

        Examples
        --------
        >>> g = Graph()
        >>> g.mul(g.input(3.0), g.input(4.0), name="area").value
        12.0
        """
        return self.apply("×", MulLayer(), a, b, name=name, at=at)

    def add(self, a: Edge, b: Edge, name: str = "", at: tuple[float, float] | None = None) -> Edge:
        """Record ``a + b`` with an :class:`~nnbook.layers.AddLayer`; arguments as :meth:`apply`.

        Examples
        --------
        >>> g = Graph()
        >>> total = g.add(g.input(200.0, "apples"), g.input(450.0, "oranges"))
        >>> total.value
        650.0
        """
        return self.apply("+", AddLayer(), a, b, name=name, at=at)

    def exp(self, a: Edge, name: str = "", at: tuple[float, float] | None = None) -> Edge:
        """Record ``exp(a)`` with an :class:`Exp` node (`name`, `at`: see :meth:`apply`).

        Examples
        --------
        >>> g = Graph()
        >>> x = g.input(0.0, "x")
        >>> e = g.exp(x)
        >>> g.backward()
        >>> float(e.value), float(x.grad)
        (1.0, 1.0)
        """
        return self.apply("exp", Exp(), a, name=name, at=at)

    def reciprocal(self, a: Edge, name: str = "", at: tuple[float, float] | None = None) -> Edge:
        """Record ``1 / a`` with a :class:`Reciprocal` node, drawn as ``/``.

        The optional `name` and `at` mean what they mean for :meth:`apply`.

        Examples
        --------
        >>> g = Graph()
        >>> x = g.input(4.0, "x")
        >>> g.reciprocal(x).value
        0.25
        >>> g.backward()
        >>> x.grad  # −1 / 4²
        -0.0625
        """
        return self.apply("/", Reciprocal(), a, name=name, at=at)

    @property
    def output(self) -> Edge:
        """The result of the last operation.

        Raises
        ------
        ValueError
            If nothing has been recorded yet.

        Examples
        --------
        >>> g = Graph()
        >>> out = g.add(g.input(1.0), g.input(2.0), name="sum")
        >>> g.output is out
        True
        """
        if not self.nodes:
            raise ValueError("the graph has no operations yet")
        return self.nodes[-1].output

    def backward(self, dout: Value = 1.0) -> None:
        """Fill in the gradient of the output on every edge, using the layers' ``backward``.

        The nodes are visited in the reverse order of recording, so every node receives the
        complete gradient of its output before it passes gradients on to its inputs.

        Parameters
        ----------
        dout : float, default 1.0
            Gradient arriving at the output (1 gives ``d output / d edge``).

        Raises
        ------
        ValueError
            If the graph records no operation, so that there is no output to start from.

        Examples
        --------
        >>> g = Graph()
        >>> x, y = g.input(3.0, "x"), g.input(-2.0, "y")
        >>> _ = g.mul(x, y)
        >>> g.backward(10.0)  # d(x·y)/dx = y, d(x·y)/dy = x, each times 10
        >>> x.grad, y.grad
        (-20.0, 30.0)
        """
        for edge in [*self._inputs, *(n.output for n in self.nodes)]:
            edge.grad = None
        self.output.grad = dout
        for node in reversed(self.nodes):
            dy = node.output.grad if node.output.grad is not None else 0 * node.output.value
            grads = node.layer.backward(dy)
            node.input_grads = list(grads) if len(node.inputs) > 1 else [grads]
            for edge, g in zip(node.inputs, node.input_grads, strict=True):
                edge.grad = g if edge.grad is None else edge.grad + g
