"""The backpropagation chapter's first three pages: the numbers and claims they state.

The pages docs/{en,zh}/computational-graphs.md, chain-rule.md and simple-layers.md and the gallery
scripts in galleries/backprop_graphs/ compute everything at build time; these tests pin down what
the prose says about the results, so that a change in the library cannot silently turn a
sentence false.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from gallery import run_gallery_script

from nnbook.experiments import stacked_affine, through_sigmoids
from nnbook.functions import identity, sigmoid, softmax
from nnbook.gradient import numerical_diff, numerical_gradient, relative_error
from nnbook.graph import Graph
from nnbook.layers import AddLayer, Affine, MulLayer, Relu, Sigmoid, Tanh
from nnbook.plotting import GRAD_COLOR, draw_graph


def layer_derivative(layer_class, x: float) -> float:
    """dy/dx of a fresh layer at x, from its backward pass."""
    layer = layer_class()
    layer.forward(np.array(x))
    return float(layer.backward(np.array(1.0)))


def through_layers(layer_class, inputs) -> float:
    """The gradient left of 1 after passing backward through one layer per input."""
    layers = [layer_class() for _ in inputs]
    for layer, a in zip(layers, inputs, strict=True):
        layer.forward(np.array(a))
    grad = np.array(1.0)
    for layer in reversed(layers):
        grad = layer.backward(grad)
    return float(grad)


# --------------------------------------------------------------------------- computational graphs


def apple_bill(apple=100, apple_num=2, tax=1.1):
    """The page's apple bill with two MulLayers: price and the three gradients."""
    mul_apple, mul_tax = MulLayer(), MulLayer()
    price = mul_tax.forward(mul_apple.forward(apple, apple_num), tax)
    dsubtotal, dtax = mul_tax.backward(1)
    dapple, dapple_num = mul_apple.backward(dsubtotal)
    return price, dapple, dapple_num, dtax


def fruit_bill(apple=100, apple_num=2, orange=150, orange_num=3, tax=1.1):
    """The apples-and-oranges bill with the page's four layers: price, subtotal, gradients."""
    mul_apple, mul_orange, add, mul_tax = MulLayer(), MulLayer(), AddLayer(), MulLayer()
    subtotal = add.forward(
        mul_apple.forward(apple, apple_num), mul_orange.forward(orange, orange_num)
    )
    price = mul_tax.forward(subtotal, tax)
    dsubtotal, dtax = mul_tax.backward(1)
    dapple_price, dorange_price = add.backward(dsubtotal)
    dorange, dorange_num = mul_orange.backward(dorange_price)
    dapple, dapple_num = mul_apple.backward(dapple_price)
    grads = {
        "apple_num": dapple_num,
        "apple": dapple,
        "orange": dorange,
        "orange_num": dorange_num,
        "tax": dtax,
    }
    return price, subtotal, grads


def test_two_apples_with_tax_cost_220_with_gradients_2_2_110_and_200():
    price, dapple, dapple_num, dtax = apple_bill()
    assert price == pytest.approx(220.0)
    assert price > 220  # "a hair above 220": 1.1 has no exact binary representation
    assert (dapple, dapple_num, dtax) == pytest.approx((2.2, 110.0, 200.0))


def test_apples_at_101_cost_the_gradient_more():
    price, dapple, *_ = apple_bill()
    dearer, *_ = apple_bill(apple=101)
    assert dearer == pytest.approx(222.2)
    assert dearer - price == pytest.approx(dapple)


def test_apples_and_oranges_cost_715_with_the_five_stated_gradients():
    price, subtotal, grads = fruit_bill()
    assert price == pytest.approx(715.0)
    assert subtotal == 650
    expected = {"apple_num": 110, "apple": 2.2, "orange": 3.3, "orange_num": 165, "tax": 650}
    assert grads == pytest.approx(expected)
    assert grads["tax"] == subtotal  # "the tax factor receives the pre-tax total"


def test_add_layer_passes_the_gradient_unchanged_and_remembers_nothing():
    add, mul = AddLayer(), MulLayer()
    assert add.forward(200, 450) == 650
    assert add.backward(1.1) == (1.1, 1.1)
    mul.forward(100, 2)
    assert vars(add) == {} and vars(mul) == {"x": 100, "y": 2}


def test_gallery_graphs_record_the_same_bills_and_draw_their_numbers():
    ns = run_gallery_script("backprop_graphs", "plot_shopping_graphs.py")
    apples, fruit = ns["apples"], ns["fruit"]
    assert apples.output.value == pytest.approx(220.0)
    assert fruit.output.value == pytest.approx(715.0)
    # The apple bill's inputs: the first node's two, and the tax read by the second node.
    apple_grads = [e.grad for e in [*apples.nodes[0].inputs, apples.nodes[1].inputs[1]]]
    assert apple_grads == pytest.approx([2.2, 110, 200])
    assert [ns[k].grad for k in ("apple", "apple_num", "orange", "orange_num", "tax")] == (
        pytest.approx([2.2, 110, 3.3, 165, 650])
    )
    ax = draw_graph(fruit)
    shown = {t.get_text() for t in ax.texts}
    red = sorted(t.get_text() for t in ax.texts if t.get_color() == GRAD_COLOR)
    assert {"715", "650", "200", "450"} <= shown
    assert red == sorted(["2.2", "110", "3.3", "165", "650", "1.1", "1.1", "1.1", "1"])


def test_exercise_four_apples_at_120_with_8_percent_tax():
    price, dapple, dapple_num, dtax = apple_bill(120, 4, 1.08)
    assert (price, dapple, dapple_num, dtax) == pytest.approx((518.4, 4.32, 129.6, 480))


def test_exercise_one_point_more_tax_adds_exactly_6_5():
    price, _, grads = fruit_bill()
    higher, _, _ = fruit_bill(tax=1.11)
    assert higher == pytest.approx(721.5)
    assert higher - price == pytest.approx(grads["tax"] * 0.01)


@pytest.mark.parametrize(
    ("before_tax", "price", "dfee", "dtax"),
    [(False, 765.0, 1.0, 650.0), (True, 770.0, 1.1, 700.0)],
)
def test_exercise_delivery_fee_after_and_before_tax(before_tax, price, dfee, dtax):
    g = Graph()
    a, na, o, no = g.input(100), g.input(2), g.input(150), g.input(3)
    t, fee = g.input(1.1), g.input(50)
    subtotal = g.add(g.mul(a, na), g.mul(o, no))
    if before_tax:
        g.mul(g.add(subtotal, fee), t)
    else:
        g.add(g.mul(subtotal, t), fee)
    g.backward()
    assert g.output.value == pytest.approx(price)
    assert (fee.grad, t.grad) == pytest.approx((dfee, dtax))
    assert [e.grad for e in (na, a, o, no)] == pytest.approx([110, 2.2, 3.3, 165])


def test_exercise_a_second_forward_spoils_mul_backward_but_not_add_backward():
    mul, add = MulLayer(), AddLayer()
    mul.forward(100, 2)
    add.forward(100, 2)
    mul.forward(150, 3)
    add.forward(150, 3)
    assert mul.backward(1) == (3, 150)  # the second bill's inputs, not (2, 100)
    assert add.backward(1) == (1, 1)


# --------------------------------------------------------------------------- chain rule


def test_square_of_sum_at_1_2_has_gradient_2_x_plus_y_from_two_shares():
    add, square = AddLayer(), MulLayer()
    t = add.forward(1.0, 2.0)
    z = square.forward(t, t)
    first, second = square.backward(1.0)
    dx, dy = add.backward(first + second)
    assert z == 9.0 and (first, second) == (3.0, 3.0)
    assert dx == dy == 6.0 == 2 * (1.0 + 2.0)
    numeric = numerical_gradient(lambda v: (v[0] + v[1]) ** 2, np.array([1.0, 2.0]))
    assert relative_error([dx, dy], numeric) < 1e-7


def test_cs231n_example_gives_minus_12_and_gradients_minus_4_minus_4_3():
    ns = run_gallery_script("backprop_graphs", "plot_chain_rule_graph.py")
    assert (ns["p"].value, ns["f"].value) == (3.0, -12.0)
    assert (ns["x"].grad, ns["y"].grad, ns["z"].grad, ns["p"].grad) == (-4.0, -4.0, 3.0, -4.0)
    add, mul = AddLayer(), MulLayer()
    mul.forward(add.forward(-2.0, 5.0), -4.0)
    dp, dz = mul.backward(1.0)
    dx, dy = add.backward(dp)
    numeric = numerical_gradient(lambda v: (v[0] + v[1]) * v[2], np.array([-2.0, 5.0, -4.0]))
    assert relative_error([dx, dy, dz], numeric) < 1e-7  # "far below 1e-7"


def test_numerical_gradient_evaluates_f_twice_per_input():
    calls = 0

    def f(v):
        nonlocal calls
        calls += 1
        return (v[0] + v[1]) * v[2]

    numerical_gradient(f, np.array([-2.0, 5.0, -4.0]))
    assert calls == 6


def test_chain_rule_exercises():
    add, mul = AddLayer(), MulLayer()
    assert mul.forward(add.forward(3.0, -1.0), 2.0) == 4.0
    dp, dz = mul.backward(1.0)
    assert (*add.backward(dp), dz) == (2.0, 2.0, 2.0)
    grad = numerical_gradient(lambda v: (3 * v[0] + v[1]) ** 2, np.array([1.0, 2.0]))
    np.testing.assert_allclose(grad, [30.0, 10.0], rtol=1e-7)
    # Forgetting the branch rule halves the gradient: relative error 1/3.
    wrong = np.array(AddLayer().backward(3.0))
    right = numerical_gradient(lambda v: (v[0] + v[1]) ** 2, np.array([1.0, 2.0]))
    assert relative_error(wrong, right) == pytest.approx(1 / 3)


# --------------------------------------------------------------------------- simple layers


def test_relu_mask_stops_the_gradient_where_the_input_was_not_positive():
    relu = Relu()
    out = relu.forward(np.array([[1.0, -0.5], [-2.0, 3.0]]))
    np.testing.assert_array_equal(out, [[1.0, 0.0], [0.0, 3.0]])
    np.testing.assert_array_equal(relu.mask, [[False, True], [True, False]])
    back = relu.backward(np.array([[1.0, 2.0], [3.0, 4.0]]))
    np.testing.assert_array_equal(back, [[1.0, 0.0], [0.0, 4.0]])


def test_sigmoid_graph_steps_end_in_y_times_one_minus_y():
    ns = run_gallery_script("backprop_graphs", "plot_sigmoid_graph.py")
    y = ns["y"].value
    assert y == pytest.approx(sigmoid(1.0))
    assert ns["u"].grad == pytest.approx(-(y**2))  # division: −1/u² = −y²
    assert ns["e"].grad == pytest.approx(-(y**2))  # addition passes it on
    assert ns["minus_x"].grad == pytest.approx(-(y**2) * math.exp(-1.0))  # times exp(−x)
    assert ns["x"].grad == pytest.approx(y * (1 - y), rel=1e-12)  # times −1
    assert ns["x"].grad == pytest.approx(layer_derivative(Sigmoid, 1.0), rel=1e-12)


@pytest.mark.parametrize("layer_class", [Sigmoid, Tanh])
def test_activation_backward_matches_the_central_difference(layer_class):
    for x in (-3.0, -1.0, 0.0, 0.5, 1.0, 2.0):
        analytic = layer_derivative(layer_class, x)
        numeric = numerical_diff(lambda v: float(layer_class().forward(np.array(v))), x)
        assert relative_error(analytic, numeric) < 1e-7


def test_sigmoid_backward_is_y_times_one_minus_y_and_tanh_is_one_minus_y_squared():
    x = np.linspace(-5, 5, 41)
    y = sigmoid(x)
    np.testing.assert_allclose([layer_derivative(Sigmoid, v) for v in x], y * (1 - y), rtol=1e-12)
    np.testing.assert_allclose(
        [layer_derivative(Tanh, v) for v in x], 1 - np.tanh(x) ** 2, rtol=1e-12
    )


def test_tanh_slope_at_0_is_four_times_the_sigmoids_and_exercise_identity():
    assert layer_derivative(Tanh, 0.0) == 1.0
    assert layer_derivative(Sigmoid, 0.0) == 0.25
    for p in (-1.0, 0.0, 0.7):
        assert 4 * layer_derivative(Sigmoid, 2 * p) == pytest.approx(1 - np.tanh(p) ** 2)
        assert np.tanh(p) == pytest.approx(2 * sigmoid(2 * p) - 1)


@pytest.mark.parametrize(("c", "x"), [(2.0, 5.0), (-1.5, 0.3), (0.5, -4.0)])  # page: 2, 5 → 40
def test_three_linear_layers_h_of_x_equal_cx_compute_c_cubed_x(c, x):
    stack = [MulLayer() for _ in range(3)]
    out = x
    for layer in stack:
        out = layer.forward(out, c)
    grad = 1.0
    for layer in reversed(stack):
        grad, _ = layer.backward(grad)
    assert out == pytest.approx(c**3 * x)
    assert grad == pytest.approx(c**3)


def test_exercise_linear_layers_with_bias_stay_linear():
    def h3(x, c, b):
        for _ in range(3):
            x = AddLayer().forward(MulLayer().forward(x, c), b)
        return x

    for c, b, x in [(3.0, 1.0, 2.0), (0.5, -2.0, 4.0), (-1.2, 0.3, -0.7)]:
        assert h3(x, c, b) == pytest.approx(c**3 * x + (c**2 + c + 1) * b)
    assert h3(2.0, 3.0, 1.0) == 67.0


def test_affine_layers_collapse_to_one_without_activation_but_not_with_relu():
    rng = np.random.default_rng(0)  # the page's seed and draws
    Ws = [rng.standard_normal((4, 4)) for _ in range(3)]
    bs = [rng.standard_normal(4) for _ in range(3)]
    xs = rng.standard_normal((5, 4))
    W_one = Ws[0] @ Ws[1] @ Ws[2]
    b_one = (bs[0] @ Ws[1] + bs[1]) @ Ws[2] + bs[2]
    one = Affine(W_one, b_one).forward(xs)
    assert np.abs(stacked_affine(xs, Ws, bs) - one).max() < 1e-12
    assert np.abs(stacked_affine(xs, Ws, bs, Relu) - one).max() > 1.0


def test_output_activations_identity_sigmoid_softmax():
    scores = np.array([2.0, -1.0, 0.5])
    np.testing.assert_array_equal(identity(scores), scores)
    s, p = sigmoid(scores), softmax(scores)
    assert np.all((s > 0) & (s < 1)) and abs(s.sum() - 1) > 0.1
    assert p.sum() == pytest.approx(1.0)
    np.testing.assert_array_equal(np.argsort(p), np.argsort(scores))


def test_sigmoid_derivative_never_exceeds_a_quarter_and_reaches_it_at_0():
    x = np.linspace(-10, 10, 20001)
    layer = Sigmoid()
    layer.forward(x)
    d = layer.backward(np.ones_like(x))
    assert d.max() == 0.25 and x[d.argmax()] == 0.0
    assert np.all(d <= 0.25)
    y = np.linspace(0, 1, 1001)
    assert np.all(y * (1 - y) <= 0.25)  # exercise: (y − ½)² ≥ 0


def test_saturation_edge_where_the_derivative_falls_below_a_tenth_of_its_maximum():
    y_edge = (1 + math.sqrt(1 - 4 * 0.025)) / 2
    x_edge = math.log(y_edge / (1 - y_edge))
    assert x_edge == pytest.approx(3.64, abs=0.005)
    assert layer_derivative(Sigmoid, x_edge) == pytest.approx(0.025)
    assert abs(sigmoid(x_edge) - 1) < 0.026  # "within about 0.026 of 0 or 1"


def test_product_of_sigmoid_derivatives_is_at_most_a_quarter_per_layer():
    rng = np.random.default_rng(1)
    for k in range(1, 11):
        inputs = rng.normal(0.0, 3.0, size=k)
        assert through_layers(Sigmoid, inputs) <= 0.25**k
    assert through_layers(Sigmoid, [0.0] * 10) == pytest.approx(0.25**10, rel=1e-12)
    assert through_sigmoids(0.0, 10) == pytest.approx(0.25**10, rel=1e-12)  # the page's a = 0


def test_gallery_saturation_numbers_match_the_page():
    ns = run_gallery_script("backprop_graphs", "plot_sigmoid_saturation.py")
    assert ns["max_grad"] == 0.25
    assert 3.6 < ns["edge"] < 3.65  # the grid's last unsaturated point
    survival, depths = ns["survival"], ns["depths"]
    np.testing.assert_allclose(survival[0.0], 0.25**depths, rtol=1e-12)  # best case = bound
    for a in (2.0, 4.0):
        assert np.all(np.array(survival[a]) < 0.25**depths)
        ratios = np.array(survival[a][1:]) / np.array(survival[a][:-1])
        np.testing.assert_allclose(ratios, ratios[0], rtol=1e-9)  # straight lines on log axis
    assert layer_derivative(Sigmoid, 4.0) < 0.02  # "less than 2 %"
    assert -2 < math.log10(layer_derivative(Sigmoid, 4.0)) < -1.5  # "almost two" orders per layer
    assert 1e-7 < survival[0.0][-1] < 1e-6  # "six orders of magnitude in ten layers"
    assert ns["relu_survival"] == [1.0] * 10


def test_exercise_five_layers_sigmoid_relu_and_one_dead_relu():
    assert through_sigmoids(0.0, 5) == pytest.approx(9.765625e-4)  # the solution's code
    assert through_sigmoids(0.0, 5) < 1e-3
    assert through_layers(Relu, [1.0, 2.0, 0.5, 1.0, 3.0]) == 1.0
    assert through_layers(Relu, [1.0, 2.0, -0.5, 1.0, 3.0]) == 0.0
