"""Tests for nnbook.gradient: numerical derivatives, numerical gradients and gradient descent."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from gradcheck import GRADCHECK_SETTINGS, assert_grad_close
from hypothesis import given
from hypothesis import strategies as st

from nnbook.gradient import (
    forward_diff,
    gradient_descent,
    numerical_diff,
    numerical_gradient,
    relative_error,
)


def function_1(x):
    """The book's first example, 0.01x² + 0.1x."""
    return 0.01 * x**2 + 0.1 * x


def function_2(x):
    """The book's function of two variables, x0² + x1²."""
    return x[0] ** 2 + x[1] ** 2


def square(x):
    return x**2


# --------------------------------------------------------------------------- derivatives


@pytest.mark.parametrize(("x", "expected"), [(5.0, 0.2), (10.0, 0.3)])
def test_numerical_diff_of_the_book_function_matches_its_analytic_derivative(x, expected):
    d = numerical_diff(function_1, x)
    assert d == pytest.approx(expected, abs=1e-9)
    assert d == pytest.approx(0.02 * x + 0.1, abs=1e-9)


@pytest.mark.parametrize("h", [1e-1, 1e-2, 1e-3])
@pytest.mark.parametrize("x", [-2.0, 1.0, 3.0])
def test_forward_difference_of_x_squared_is_biased_by_h_while_central_is_not(x, h):
    # (f(x+h) − f(x)) / h = 2x + h exactly for x², while the central difference is 2x.
    assert forward_diff(square, x, h) - 2 * x == pytest.approx(h, rel=1e-6)
    assert numerical_diff(square, x, h) == pytest.approx(2 * x, abs=1e-10)


def test_numerical_diff_with_h_1e_50_is_zero_because_x_plus_h_rounds_to_x():
    assert 5.0 + 1e-50 == 5.0
    assert numerical_diff(function_1, 5.0, h=1e-50) == 0.0


@pytest.mark.parametrize("diff", [numerical_diff, forward_diff])
@pytest.mark.parametrize("h", [0.0, -1e-4, float("nan"), float("inf"), "0.1", None])
def test_step_size_must_be_a_positive_finite_number(diff, h):
    with pytest.raises(ValueError, match=r"h must be a positive finite number, got"):
        diff(square, 1.0, h)


@pytest.mark.parametrize("h", [0.0, float("nan"), None])
def test_numerical_gradient_rejects_a_bad_step_before_touching_x(h):
    x = np.array([1.0, 2.0])
    with pytest.raises(ValueError, match=r"h must be a positive finite number"):
        numerical_gradient(function_2, x, h=h)
    np.testing.assert_array_equal(x, [1.0, 2.0])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"lr": 0.0}, r"lr must be a positive finite number, got 0\.0"),
        ({"lr": float("nan")}, r"lr must be a positive finite number, got nan"),
        ({"lr": "0.1"}, r"lr must be a positive finite number, got '0\.1'"),
        ({"step_num": -1}, r"step_num must be a whole number of at least 0, got -1"),
        ({"step_num": 2.5}, r"step_num must be a whole number of at least 0, got 2\.5"),
    ],
)
def test_gradient_descent_names_a_bad_argument(kwargs, message):
    with pytest.raises(ValueError, match=message):
        gradient_descent(function_2, np.array([1.0, 1.0]), **kwargs)


# --------------------------------------------------------------------------- gradients


@pytest.mark.parametrize(
    ("point", "expected"),
    [((3.0, 4.0), (6.0, 8.0)), ((0.0, 2.0), (0.0, 4.0)), ((3.0, 0.0), (6.0, 0.0))],
)
def test_partial_derivatives_of_x0_squared_plus_x1_squared(point, expected):
    np.testing.assert_allclose(
        numerical_gradient(function_2, np.array(point)), expected, atol=1e-8
    )


def test_numerical_gradient_of_a_matrix_has_the_matrix_shape():
    x = np.array([[0.0, 2.0], [3.0, 0.0]])
    grad = numerical_gradient(lambda a: np.sum(a**2), x)
    assert grad.shape == x.shape
    np.testing.assert_allclose(grad, 2 * x, atol=1e-8)


@GRADCHECK_SETTINGS
@given(st.lists(st.integers(1, 4), min_size=1, max_size=3), st.integers(0, 2**32 - 1))
def test_numerical_gradient_matches_the_analytic_gradient_of_a_smooth_function(shape, seed):
    rng = np.random.default_rng(seed)
    x, a = rng.standard_normal(shape), rng.uniform(-1.0, 1.0, shape)

    def f(z):
        return float(np.sum(np.exp(a * z)))

    assert_grad_close(a * np.exp(a * x), numerical_gradient(f, x))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_numerical_gradient_keeps_dtype_and_leaves_x_bit_for_bit_unchanged(dtype):
    x = np.array([0.1, -0.3, 0.7], dtype=dtype)
    before = x.copy()
    grad = numerical_gradient(lambda a: float(np.sum(a**2)), x, h=1e-2)
    assert grad.dtype == dtype
    np.testing.assert_array_equal(x, before)
    np.testing.assert_allclose(grad, 2 * before, rtol=1e-3)


def test_numerical_gradient_perturbs_x_in_place_so_closures_see_the_change():
    weights = np.array([1.0, 2.0])

    def loss(_):  # ignores its argument, as a network's loss does
        return float(np.sum(weights**2))

    np.testing.assert_allclose(numerical_gradient(loss, weights), [2.0, 4.0], atol=1e-8)


def test_numerical_gradient_restores_x_when_f_raises():
    x = np.array([1.0, 2.0, 3.0])
    calls = []

    def failing(a):
        calls.append(a.copy())
        if len(calls) == 4:  # the minus-step of the second element
            raise RuntimeError("boom")
        return float(np.sum(a))

    with pytest.raises(RuntimeError, match="boom"):
        numerical_gradient(failing, x)
    np.testing.assert_array_equal(x, [1.0, 2.0, 3.0])
    assert calls[3][1] != 2.0  # the failure happened while x was perturbed


@pytest.mark.parametrize(
    "x",
    [np.array([3, 4]), np.array([True, False]), [3.0, 4.0], 3.0],
    ids=["int", "bool", "list", "float"],
)
def test_numerical_gradient_of_a_non_float_array_raises_type_error(x):
    with pytest.raises(TypeError, match="floating-point numpy array"):
        numerical_gradient(function_2, x)


# --------------------------------------------------------------------------- gradient descent


def test_gradient_descent_on_x0_squared_plus_x1_squared_reaches_the_minimum():
    init = np.array([-3.0, 4.0])
    x, path = gradient_descent(function_2, init, lr=0.1, step_num=100)
    np.testing.assert_allclose(x, [0.0, 0.0], atol=1e-8)
    assert path.shape == (101, 2)
    np.testing.assert_array_equal(path[0], [-3.0, 4.0])
    np.testing.assert_array_equal(path[-1], x)
    np.testing.assert_array_equal(init, [-3.0, 4.0])  # the start is copied, not moved


def test_gradient_descent_path_moves_towards_the_minimum_at_every_step():
    _, path = gradient_descent(function_2, [-3.0, 4.0], lr=0.1, step_num=20)
    values = [function_2(p) for p in path]
    assert all(b < a for a, b in itertools.pairwise(values))


@pytest.mark.parametrize(("lr", "far"), [(10.0, True), (1e-10, False)])
def test_gradient_descent_with_bad_learning_rates(lr, far):
    x, _ = gradient_descent(function_2, [-3.0, 4.0], lr=lr, step_num=100)
    if far:  # too large: the steps overshoot and diverge
        assert np.linalg.norm(x) > 1e6
    else:  # too small: hardly moves
        np.testing.assert_allclose(x, [-3.0, 4.0], atol=1e-6)


def test_gradient_descent_uses_the_given_gradient_function():
    calls = []

    def grad(x):
        calls.append(x.copy())
        return 2 * x

    x, path = gradient_descent(function_2, [-3.0, 4.0], lr=0.5, step_num=3, grad=grad)
    assert len(calls) == 3
    np.testing.assert_array_equal(x, [0.0, 0.0])  # lr 0.5 on x² jumps straight to 0
    assert path.shape == (4, 2)


def test_gradient_descent_with_zero_steps_returns_the_start():
    x, path = gradient_descent(function_2, [-3.0, 4.0], step_num=0)
    np.testing.assert_array_equal(x, [-3.0, 4.0])
    assert path.shape == (1, 2)


def test_gradient_descent_rejects_a_negative_step_count():
    with pytest.raises(ValueError, match="step_num"):
        gradient_descent(function_2, [-3.0, 4.0], step_num=-1)


# --------------------------------------------------------------------------- relative error


def test_relative_error_is_zero_for_equal_arrays_and_for_two_zero_arrays():
    assert relative_error([[1.0, -2.0]], [[1.0, -2.0]]) == 0.0
    assert relative_error(np.zeros((2, 3)), np.zeros((2, 3))) == 0.0


def test_relative_error_is_one_against_zero_and_against_the_negative():
    a = np.array([0.5, -3.0, 2.0])
    assert relative_error(a, np.zeros(3)) == pytest.approx(1.0)
    assert relative_error(a, -a) == pytest.approx(1.0)


def test_relative_error_does_not_depend_on_the_scale_of_the_gradients():
    rng = np.random.default_rng(0)
    a = rng.standard_normal(50)
    b = a + 1e-6 * rng.standard_normal(50)
    assert relative_error(1e-6 * a, 1e-6 * b) == pytest.approx(relative_error(a, b), rel=1e-6)
    assert 1e-8 < relative_error(a, b) < 1e-6


def test_relative_error_agrees_with_the_norm_formula_in_float64():
    a = np.array([1.0, 2.0, 2.0], dtype=np.float32)
    b = np.array([1.0, 2.0, 2.5])
    expected = np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b))
    assert relative_error(a, b) == pytest.approx(expected)
    assert isinstance(relative_error(a, b), float)


def test_relative_error_rejects_arrays_of_different_shapes():
    with pytest.raises(ValueError, match="shape"):
        relative_error(np.zeros(3), np.zeros((3, 1)))
