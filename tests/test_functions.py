"""Tests for nnbook.functions: activations and losses, the book's numbers and their properties."""

from __future__ import annotations

import numpy as np
import pytest
from gradcheck import assert_grad_close
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnbook import functions as F
from nnbook.gradient import numerical_gradient

T_BOOK = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
Y_GOOD = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]
Y_BAD = [0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]
HINGE_SCORES = [[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]]
HINGE_LABELS = [0, 1, 2]

ACTIVATIONS = [F.sigmoid, F.relu, F.tanh, F.leaky_relu, F.elu, F.softmax, F.identity]
FLOAT_FUNCTIONS = [*ACTIVATIONS, F.sigmoid_grad, F.relu_grad]

FAST = settings(max_examples=25, deadline=None)


def score_batches(max_abs: float = 10.0, min_classes: int = 2):
    """Hypothesis strategy: float64 score arrays of shape (batch 1–6, classes) in ±max_abs."""
    shapes = st.tuples(st.integers(1, 6), st.integers(min_classes, 6))
    elements = st.floats(-max_abs, max_abs, allow_nan=False, allow_infinity=False)
    return hnp.arrays(np.float64, shapes, elements=elements)


@st.composite
def scores_and_labels(draw, max_abs: float = 10.0):
    """Hypothesis strategy: (scores, integer labels) with labels in range for the scores."""
    scores = draw(score_batches(max_abs))
    n, c = scores.shape
    labels = np.array(draw(st.lists(st.integers(0, c - 1), min_size=n, max_size=n)))
    return scores, labels


def one_hot(labels, n_classes: int) -> np.ndarray:
    return np.eye(n_classes, dtype=np.int64)[labels]


# --------------------------------------------------------------------------- the book's numbers


@pytest.mark.parametrize(("y", "expected"), [(Y_GOOD, 0.0975), (Y_BAD, 0.5975)])
def test_mean_squared_error_gives_the_book_values(y, expected):
    assert F.mean_squared_error(y, T_BOOK) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("y", "expected"), [(Y_GOOD, 0.510825457099338), (Y_BAD, 2.302584092994546)]
)
def test_cross_entropy_gives_the_book_values(y, expected):
    assert F.cross_entropy_error(y, T_BOOK) == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("label", [2, np.int64(2)])
def test_cross_entropy_of_one_sample_accepts_a_scalar_integer_label(label):
    assert F.cross_entropy_error(Y_GOOD, label) == F.cross_entropy_error(Y_GOOD, T_BOOK)


def test_losses_of_a_batch_are_the_mean_of_the_per_sample_losses():
    y, t = np.array([Y_GOOD, Y_BAD]), np.array([T_BOOK, T_BOOK])
    expected_ce = (0.510825457099338 + 2.302584092994546) / 2
    assert F.cross_entropy_error(y, t) == pytest.approx(expected_ce, rel=1e-14)
    assert F.mean_squared_error(y, t) == pytest.approx((0.0975 + 0.5975) / 2, rel=1e-12)


def test_hinge_loss_of_the_three_image_example_is_2_9_then_0_then_12_9():
    losses = F.hinge_loss(HINGE_SCORES, HINGE_LABELS, reduce=False)
    np.testing.assert_allclose(losses, [2.9, 0.0, 12.9], rtol=0, atol=1e-12)
    # The frog's loss is max(0, 2.2+3.1+1) + max(0, 2.5+3.1+1) = 6.3 + 6.6, not 10.9.
    assert losses[2] != pytest.approx(10.9)
    assert F.hinge_loss(HINGE_SCORES, HINGE_LABELS) == pytest.approx((2.9 + 12.9) / 3, rel=1e-12)


def test_hinge_loss_accepts_one_hot_labels():
    onehot = one_hot(HINGE_LABELS, 3)
    np.testing.assert_array_equal(
        F.hinge_loss(HINGE_SCORES, onehot, reduce=False),
        F.hinge_loss(HINGE_SCORES, HINGE_LABELS, reduce=False),
    )


def test_hinge_loss_margin_sets_the_required_lead_of_the_correct_score():
    assert F.hinge_loss([1.0, 0.5], 0, margin=0.5) == 0.0
    assert F.hinge_loss([1.0, 0.5], 0, margin=1.0) == pytest.approx(0.5)


def test_softmax_of_the_book_example():
    np.testing.assert_allclose(F.softmax([0.3, 2.9, 4.0]), [0.0182, 0.2452, 0.7366], atol=5e-5)


@pytest.mark.parametrize(
    ("function", "x", "expected"),
    [
        (F.step, [-1.0, 0.0, 2.0], [0, 0, 1]),
        (F.relu, [-2.0, 0.0, 3.0], [0.0, 0.0, 3.0]),
        (F.relu_grad, [-2.0, 0.0, 3.0], [0.0, 0.0, 1.0]),
        (F.sigmoid, [-1.0, 0.0, 1.0], [0.26894142, 0.5, 0.73105858]),
        (F.sigmoid_grad, [0.0, 2.0], [0.25, 0.10499359]),
        (F.tanh, [0.0, 1.0], [0.0, 0.76159416]),
        (F.identity, [1.0, -2.0], [1.0, -2.0]),
    ],
)
def test_activation_values_at_known_points(function, x, expected):
    np.testing.assert_allclose(function(x), expected, atol=1e-8)


@pytest.mark.parametrize(
    ("alpha", "expected"), [(0.01, [-0.02, 0.0, 3.0]), (0.1, [-0.2, 0.0, 3.0])]
)
def test_leaky_relu_scales_negative_inputs_by_alpha(alpha, expected):
    np.testing.assert_allclose(F.leaky_relu([-2.0, 0.0, 3.0], alpha=alpha), expected)


def test_elu_tends_to_minus_alpha_and_is_identity_for_positive_inputs():
    np.testing.assert_allclose(F.elu([-1.0, 0.0, 2.0]), [np.expm1(-1.0), 0.0, 2.0])
    assert F.elu([-1e4], alpha=2.0)[0] == pytest.approx(-2.0)


def test_step_returns_integers():
    assert F.step([0.5, -0.5]).dtype == np.int64


# --------------------------------------------------------------------------- softmax properties


@FAST
@given(score_batches(max_abs=1e3))
def test_softmax_rows_are_probabilities_that_sum_to_one(x):
    p = F.softmax(x)
    assert p.shape == x.shape
    assert np.all(p >= 0) and np.all(p <= 1)
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=0, atol=1e-12)


@FAST
@given(score_batches(max_abs=50.0), st.floats(-1e3, 1e3))
def test_softmax_is_unchanged_by_adding_a_constant_to_every_score(x, c):
    np.testing.assert_allclose(F.softmax(x + c), F.softmax(x), rtol=1e-8, atol=1e-12)


@FAST
@given(score_batches(max_abs=1e300))
def test_softmax_of_huge_scores_is_finite_without_overflow_warnings(x):
    # pytest turns every warning into an error, so an overflow in exp would fail here.
    p = F.softmax(x)
    assert np.all(np.isfinite(p))
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=0, atol=1e-12)


def test_softmax_of_scores_that_would_overflow_exp():
    np.testing.assert_allclose(F.softmax([1010.0, 1000.0, 990.0]), F.softmax([20.0, 10.0, 0.0]))


# --------------------------------------------------------------------------- sigmoid properties


@FAST
@given(hnp.arrays(np.float64, st.integers(1, 20), elements=st.floats(-1e4, 1e4)))
def test_sigmoid_stays_in_unit_interval_without_overflow_for_inputs_up_to_1e4(x):
    s = F.sigmoid(x)
    assert np.all((s >= 0) & (s <= 1))
    np.testing.assert_allclose(F.sigmoid(-x), 1.0 - s, rtol=0, atol=1e-15)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_sigmoid_saturates_to_exactly_0_and_1(dtype):
    np.testing.assert_array_equal(F.sigmoid(np.array([-1e4, 0.0, 1e4], dtype=dtype)), [0, 0.5, 1])


@pytest.mark.parametrize(
    ("function", "derivative"),
    [
        (F.sigmoid, F.sigmoid_grad),
        (F.tanh, lambda x: 1.0 - np.tanh(x) ** 2),
    ],
)
def test_activation_derivatives_match_the_numerical_gradient(function, derivative):
    x = np.linspace(-4.0, 4.0, 17)
    numeric = numerical_gradient(lambda z: float(np.sum(function(z))), x)
    assert_grad_close(derivative(x), numeric)


# --------------------------------------------------------------------------- dtypes and inputs


@pytest.mark.parametrize("function", FLOAT_FUNCTIONS, ids=lambda f: f.__name__)
def test_float32_input_stays_float32(function):
    x = np.array([[-1.5, 0.0, 2.0], [3.0, -0.5, 1.0]], dtype=np.float32)
    assert function(x).dtype == np.float32


@pytest.mark.parametrize("function", [*FLOAT_FUNCTIONS, F.step], ids=lambda f: f.__name__)
def test_activations_do_not_modify_their_input(function):
    x = np.array([[-1.5, 0.0, 2.0], [3.0, -0.5, 1.0]])
    before = x.copy()
    function(x)
    np.testing.assert_array_equal(x, before)


@pytest.mark.parametrize(
    "function", [F.sigmoid, F.relu, F.tanh, F.softmax], ids=lambda f: f.__name__
)
def test_integer_input_is_computed_in_float64(function):
    assert function(np.array([1, 2, 3])).dtype == np.float64


def test_losses_keep_float32_probabilities_working():
    y = np.array([Y_GOOD], dtype=np.float32)
    assert F.cross_entropy_error(y, [2]) == pytest.approx(0.510825457099338, rel=1e-6)


@pytest.mark.parametrize("function", [F.sigmoid, F.relu, F.softmax], ids=lambda f: f.__name__)
def test_non_numeric_input_raises_type_error(function):
    with pytest.raises(TypeError, match="numeric"):
        function(np.array(["a", "b"]))


# --------------------------------------------------------------------------- loss properties


@FAST
@given(scores_and_labels(max_abs=100.0))
def test_cross_entropy_is_never_negative(data):
    scores, labels = data
    assert F.cross_entropy_error(F.softmax(scores), labels) >= 0
    assert F.softmax_loss(scores, labels) >= 0


def test_cross_entropy_of_a_certain_correct_prediction_is_zero_not_negative():
    loss = F.cross_entropy_error([0.0, 1.0], [0, 1])
    assert loss == 0.0 and not np.signbit(loss)


@FAST
@given(scores_and_labels())
def test_one_hot_and_integer_labels_give_the_same_losses(data):
    scores, labels = data
    onehot = one_hot(labels, scores.shape[1])
    p = F.softmax(scores)
    assert F.cross_entropy_error(p, onehot) == F.cross_entropy_error(p, labels)
    assert F.softmax_loss(scores, onehot) == F.softmax_loss(scores, labels)
    assert F.hinge_loss(scores, onehot) == F.hinge_loss(scores, labels)


@FAST
@given(scores_and_labels())
def test_softmax_loss_is_the_cross_entropy_of_the_softmax(data):
    scores, labels = data
    assert F.softmax_loss(scores, labels) == F.cross_entropy_error(F.softmax(scores), labels)


@FAST
@given(scores_and_labels())
def test_hinge_loss_is_zero_exactly_when_every_margin_is_met(data):
    scores, labels = data
    rows = np.arange(len(labels))
    correct = scores[rows, labels][:, None]
    others = np.where(np.eye(scores.shape[1], dtype=bool)[labels], -np.inf, scores)
    met = np.all(correct - others >= 1.0, axis=1)
    losses = F.hinge_loss(scores, labels, reduce=False)
    assert np.all(losses >= 0)
    np.testing.assert_array_equal(losses == 0, met)


# --------------------------------------------------------------------------- bad input


LOSSES_WITH_LABELS = [F.cross_entropy_error, F.softmax_loss, F.hinge_loss]


@pytest.mark.parametrize("loss", LOSSES_WITH_LABELS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("bad", [3, -1, 7])
def test_label_out_of_range_names_the_label_and_the_class_count(loss, bad):
    y = np.full((2, 3), 1 / 3)
    with pytest.raises(ValueError, match=rf"label {bad} .*out of range for 3 classes"):
        loss(y, [0, bad])


@pytest.mark.parametrize("loss", LOSSES_WITH_LABELS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("t_shape", [(2, 2), (3,), (2, 3, 1)])
def test_labels_of_the_wrong_shape_are_rejected_naming_both_shapes(loss, t_shape):
    y = np.full((2, 3), 1 / 3)
    with pytest.raises(ValueError, match=r"fit neither one-hot labels of shape \(2, 3\)"):
        loss(y, np.zeros(t_shape, dtype=np.int64))


@pytest.mark.parametrize("loss", LOSSES_WITH_LABELS, ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    "t",
    [[[1, 1, 0], [0, 0, 1]], [[0, 0, 0], [0, 1, 0]], [[0.5, 0.5, 0.0], [0, 1, 0]]],
    ids=["two-ones", "no-one", "soft"],
)
def test_array_of_the_scores_shape_that_is_not_one_hot_is_rejected(loss, t):
    with pytest.raises(ValueError, match="not one-hot"):
        loss(np.full((2, 3), 1 / 3), t)


def test_fractional_integer_labels_are_rejected():
    with pytest.raises(TypeError, match="whole numbers"):
        F.cross_entropy_error(np.full((2, 3), 1 / 3), [0.0, 1.5])


def test_whole_float_labels_are_accepted_as_class_indices():
    y = np.array([[0.2, 0.8], [0.6, 0.4]])
    assert F.cross_entropy_error(y, [1.0, 0.0]) == F.cross_entropy_error(y, [1, 0])


def test_mean_squared_error_rejects_different_shapes():
    with pytest.raises(ValueError, match="same shape"):
        F.mean_squared_error([0.1, 0.9], [0, 1, 0])


def test_cross_entropy_rejects_three_dimensional_scores():
    with pytest.raises(ValueError, match=r"1-D .* or 2-D"):
        F.cross_entropy_error(np.full((2, 2, 2), 0.5), np.zeros((2, 2), dtype=int))
