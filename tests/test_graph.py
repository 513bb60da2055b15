"""Tests for nnbook.graph: the recorder's forward values, its backward pass, and the drawing."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest
from gradcheck import assert_grad_close

from nnbook.gradient import numerical_diff, numerical_gradient
from nnbook.graph import Exp, Graph, Reciprocal
from nnbook.layers import Sigmoid
from nnbook.plotting import GRAD_COLOR, draw_graph

matplotlib.use("Agg")


def shopping(apple=100.0, n_apple=2.0, orange=150.0, n_orange=3.0, tax=1.1):
    """The apples-and-oranges graph; returns the graph and its five inputs."""
    g = Graph()
    names = ("apple", "n_apple", "orange", "n_orange", "tax")
    values = (apple, n_apple, orange, n_orange, tax)
    inputs = [g.input(v, name) for v, name in zip(values, names, strict=True)]
    a, na, o, no, t = inputs
    g.mul(g.add(g.mul(a, na), g.mul(o, no)), t, name="price")
    return g, inputs


def sigmoid_graph(x):
    """σ(x) = 1 / (1 + exp(−x)) as four nodes."""
    g = Graph()
    xe = g.input(x, "x")
    g.reciprocal(g.add(g.exp(g.mul(xe, g.constant(-1.0))), g.constant(1.0)), name="y")
    return g, xe


# --------------------------------------------------------------------------- forward and backward


def test_shopping_graph_forward_and_backward_give_the_book_values():
    g, (a, na, o, no, t) = shopping()
    assert g.output.value == pytest.approx(715.0)
    g.backward()
    grads = [e.grad for e in (a, na, o, no, t)]
    assert grads == pytest.approx([2.2, 110.0, 3.3, 165.0, 650.0])


def test_backward_matches_the_numerical_derivative_of_every_input():
    values = [120.0, 3.0, 90.0, 5.0, 1.08]
    g, inputs = shopping(*values)
    g.backward()

    def price(v):
        return shopping(*v)[0].output.value

    numeric = numerical_gradient(price, np.array(values))
    assert_grad_close([e.grad for e in inputs], numeric, "shopping inputs")


def test_a_value_read_twice_collects_both_gradients():
    g = Graph()
    t = g.input(3.0, "t")
    g.mul(t, t)
    g.backward()
    assert t.grad == pytest.approx(6.0)
    assert g.nodes[0].input_grads == pytest.approx([3.0, 3.0])  # one share per use


def test_backward_twice_gives_the_same_gradients_and_scales_with_dout():
    g, inputs = shopping()
    g.backward()
    first = [e.grad for e in inputs]
    g.backward()
    assert [e.grad for e in inputs] == pytest.approx(first)
    g.backward(2.0)
    assert [e.grad for e in inputs] == pytest.approx([2 * v for v in first])


@pytest.mark.parametrize("x", [-3.0, -0.5, 0.0, 1.0, 4.0])
def test_sigmoid_graph_agrees_with_the_sigmoid_layer(x):
    g, xe = sigmoid_graph(x)
    layer = Sigmoid()
    y = layer.forward(np.array(x))
    assert g.output.value == pytest.approx(float(y), rel=1e-12)
    g.backward()
    assert xe.grad == pytest.approx(float(layer.backward(np.array(1.0))), rel=1e-12)


def test_graph_of_arrays_computes_elementwise():
    g = Graph()
    x, y = g.input(np.array([1.0, 2.0]), "x"), g.input(np.array([3.0, -1.0]), "y")
    g.mul(g.add(x, y), x)
    g.backward(np.ones(2))
    np.testing.assert_allclose(g.output.value, [4.0, 2.0])
    np.testing.assert_allclose(x.grad, [5.0, 3.0])  # (x + y) + x
    np.testing.assert_allclose(y.grad, [1.0, 2.0])


@pytest.mark.parametrize(("node", "x"), [(Exp(), 0.7), (Reciprocal(), -1.3)])
def test_elementary_nodes_backward_match_numerical_derivative(node, x):
    node.forward(x)
    analytic = node.backward(1.0)
    numeric = numerical_diff(lambda v: type(node)().forward(v), x)
    assert_grad_close(analytic, numeric)


@pytest.mark.parametrize("node", [Exp(), Reciprocal()])
def test_elementary_nodes_refuse_backward_before_forward(node):
    with pytest.raises(RuntimeError, match="before forward"):
        node.backward(1.0)


def test_edge_of_another_graph_is_refused():
    other = Graph().input(1.0, "x")
    g = Graph()
    with pytest.raises(ValueError, match="not part of this graph"):
        g.mul(g.input(2.0), other)


def test_empty_graph_has_no_output():
    with pytest.raises(ValueError, match="no operations"):
        Graph().output  # noqa: B018


# --------------------------------------------------------------------------- drawing


def texts(ax, color=None):
    return [t.get_text() for t in ax.texts if color is None or t.get_color() == color]


def test_drawing_shows_every_value_name_and_gradient():
    g, _ = shopping()
    g.backward()
    ax = draw_graph(g)
    shown = texts(ax)
    for text in ("100", "2", "150", "3", "1.1", "200", "450", "650", "715", "price", "tax"):
        assert text in shown
    assert sorted(texts(ax, GRAD_COLOR)) == sorted(
        ["2.2", "110", "3.3", "165", "650", "1.1", "1.1", "1.1", "1"]
    )
    assert len(ax.patches) == len(g.nodes)  # one circle per operation
    assert [t.get_text() for t in ax.texts if t.get_text() in "×+"].count("×") == 3


def test_drawing_before_backward_has_no_gradients_and_constants_never_have_one():
    g, _ = sigmoid_graph(1.0)
    assert texts(draw_graph(g), GRAD_COLOR) == []
    g.backward()
    # Arrows with a gradient: x, three between nodes, and the output; not the two constants.
    assert len(texts(draw_graph(g), GRAD_COLOR)) == 5


def test_drawing_uses_the_given_axes_and_positions():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    g = Graph()
    a = g.add(g.input(1.0, "a"), g.input(2.0, "b"), at=(5.0, 5.0))
    g.mul(a, g.input(3.0, "c"), at=(7.0, 3.0))
    assert draw_graph(g, ax=ax, legend=False) is ax
    centres = sorted(tuple(p.center) for p in ax.patches)
    assert centres == [(5.0, 5.0), (7.0, 3.0)]
    assert ax.get_legend() is None
    plt.close(fig)


def test_automatic_layout_puts_each_step_in_a_new_column_and_spreads_a_column():
    g, _ = shopping()
    ax = draw_graph(g)
    centres = [tuple(p.center) for p in ax.patches]
    mul_apple, mul_orange, add, mul_tax = centres
    assert mul_apple[0] == mul_orange[0] < add[0] < mul_tax[0]
    assert mul_apple[1] != mul_orange[1]
    assert add[1] == pytest.approx((mul_apple[1] + mul_orange[1]) / 2) == mul_tax[1]
