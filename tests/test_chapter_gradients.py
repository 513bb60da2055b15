"""The numbers and claims of the chapters on numerical differentiation and gradient descent.

Most tests repeat a computation of ``docs/*/numerical-differentiation.md``,
``docs/*/gradient-descent.md`` or of their gallery scripts (``galleries/numerical_differentiation``
and ``galleries/gradient_descent``) and assert what the prose says about its result, so that a
change in the library cannot silently turn a page's explanation wrong. The tests named
``test_page_*`` run the pages' own code cells (in both languages) and assert the numbers they
glue into the prose, so that an edit of a page cannot either; the tests named ``test_gallery_*``
run the gallery scripts as the build does.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from gallery import render, run_gallery_script
from pagecode import page_glue

from nnbook.gradient import (
    forward_diff,
    gradient_descent,
    numerical_diff,
    numerical_gradient,
    relative_error,
)
from nnbook.nets import SimpleNet, TwoLayerNet

LANGS = ("en", "zh")
EPS = np.finfo(np.float64).eps
H = 1e-4  # the default step of every difference function


def function_1(x):
    return 0.01 * x**2 + 0.1 * x


def function_2(x):
    return x[0] ** 2 + x[1] ** 2


def square(x):
    return float(np.sum(x**2))


def square_grad(x):
    return 2 * x


# ============================================================ numerical-differentiation


# --------------------------------------------------------------------------- rounding error


def test_a_step_of_1e_30_vanishes_when_added_to_numbers_of_order_one():
    assert np.float64(1.0) + 1e-30 == 1.0
    assert np.float64(5.0) + 1e-30 == 5.0
    assert np.float64(5.0) - 1e-30 == 5.0
    assert 1e-30 < EPS


def test_numerical_diff_with_h_1e_30_returns_exactly_zero():
    assert function_1(5.0 + 1e-30) - function_1(5.0 - 1e-30) == 0.0
    assert numerical_diff(function_1, 5.0, h=1e-30) == 0.0


# --------------------------------------------------------------------------- truncation error


@pytest.mark.parametrize("h", [1e-1, 1e-2, 1e-3, 1e-4])
def test_forward_difference_of_the_example_is_too_large_by_0_01_h(h):
    bias = forward_diff(function_1, 5.0, h) - 0.2
    assert bias == pytest.approx(0.01 * h, rel=1e-5)


@pytest.mark.parametrize("h", [1e-1, 1e-2, 1e-3, 1e-4])
def test_central_difference_of_the_example_has_only_rounding_error(h):
    # f''' = 0: no truncation error, so what is left stays below the estimate eps |f(x)| / h.
    error = abs(numerical_diff(function_1, 5.0, h) - 0.2)
    assert error <= EPS * abs(function_1(5.0)) / h


def test_central_difference_error_grows_as_h_shrinks_on_the_example():
    errors = [abs(numerical_diff(function_1, 5.0, h) - 0.2) for h in [1e-1, 1e-2, 1e-3, 1e-4]]
    assert errors[-1] == max(errors)
    assert errors[-1] > 100 * errors[0]


def test_difference_error_plot_minima_and_left_edge():
    # galleries/numerical_differentiation/plot_difference_error.py
    hs = np.logspace(-16, -1, 151)
    exact = math.cos(1.0)
    fwd = np.array([abs(forward_diff(np.sin, 1.0, h) - exact) for h in hs])
    ctr = np.array([abs(numerical_diff(np.sin, 1.0, h) - exact) for h in hs])
    assert 1e-9 <= hs[np.argmin(fwd)] <= 1e-7  # "near 1e-8"
    assert 1e-6 < hs[np.argmin(ctr)] <= 1e-5  # "a little above 1e-6"
    assert ctr.min() < fwd.min() / 100  # the central difference does better
    assert fwd[0] == exact  # at h = 1e-16, 1 + h rounds to 1: the error is all of cos 1
    # right of the minima: slope 1 for forward, slope 2 for central
    right = hs >= 1e-3
    slope_fwd = np.polyfit(np.log10(hs[right]), np.log10(fwd[right]), 1)[0]
    slope_ctr = np.polyfit(np.log10(hs[right]), np.log10(ctr[right]), 1)[0]
    assert slope_fwd == pytest.approx(1.0, abs=0.05)
    assert slope_ctr == pytest.approx(2.0, abs=0.05)


# --------------------------------------------------------------------------- worked example


@pytest.mark.parametrize(("x", "expected"), [(5.0, 0.2), (10.0, 0.3)])
def test_derivative_of_the_example_at_5_and_10(x, expected):
    d = numerical_diff(function_1, x)
    exact = 0.02 * x + 0.1
    assert exact == pytest.approx(expected, abs=1e-15)
    assert round(d, 6) == expected
    assert abs(d - exact) <= EPS * abs(function_1(x)) / H  # below the rounding estimate
    assert abs(d - exact) < 1e-10  # "agree in every printed decimal place" (tangent script)


# --------------------------------------------------------------------------- partial derivatives


def test_partial_derivatives_at_3_4_are_6_and_8():
    x0, x1 = 3.0, 4.0
    assert numerical_diff(lambda v: v**2 + x1**2, x0) == pytest.approx(6.0, abs=1e-9)
    assert numerical_diff(lambda v: x0**2 + v**2, x1) == pytest.approx(8.0, abs=1e-9)


@pytest.mark.parametrize(
    ("point", "expected"),
    [((3.0, 4.0), (6.0, 8.0)), ((0.0, 2.0), (0.0, 4.0)), ((3.0, 0.0), (6.0, 0.0))],
)
def test_gradient_of_the_bowl_at_the_page_points(point, expected):
    grad = numerical_gradient(function_2, np.array(point))
    np.testing.assert_allclose(grad, expected, atol=1e-8)
    assert tuple(grad.round(6)) == expected


def test_negative_gradient_field_points_at_the_origin_and_grows_with_distance():
    # galleries/numerical_differentiation/plot_gradient_field.py
    ticks = np.arange(-4.0, 4.5, 0.5)
    for a in ticks:
        for b in ticks:
            p = np.array([a, b])
            neg = -numerical_gradient(function_2, p.copy())
            np.testing.assert_allclose(neg, -2 * p, atol=1e-8)  # along -p, length 2 |p|


# --------------------------------------------------------------------------- steepest descent


def test_steepest_descent_among_360_directions_is_the_negative_gradient():
    point = np.array([3.0, 4.0])
    angles = np.arange(360)
    slopes = []
    for angle in angles:
        theta = np.radians(angle)
        u = np.array([np.cos(theta), np.sin(theta)])
        slopes.append(numerical_diff(lambda s, u=u: function_2(point + s * u), 0.0))
    slopes = np.array(slopes)
    neg_grad = -numerical_gradient(function_2, point.copy())
    neg_grad_angle = np.degrees(np.arctan2(neg_grad[1], neg_grad[0])) % 360
    assert angles[np.argmin(slopes)] == 233
    assert neg_grad_angle == pytest.approx(233.13, abs=0.01)
    assert abs(angles[np.argmin(slopes)] - neg_grad_angle) < 1.0
    assert np.linalg.norm(neg_grad) == pytest.approx(10.0, abs=1e-8)
    assert slopes.min() == pytest.approx(-10.0, abs=1e-3)
    # the steepest ascent is the opposite direction, with slope +|grad f|
    assert angles[np.argmax(slopes)] == 53
    assert slopes.max() == pytest.approx(10.0, abs=1e-3)


# --------------------------------------------------------------------------- SimpleNet


def test_simplenet_numerical_gradient_agrees_with_backprop():
    net = SimpleNet(rng=42)
    x = np.array([[0.6, 0.9]])
    t = np.array([2])
    num = net.numerical_gradient(x, t)["W"]
    ana = net.gradient(x, t)["W"]
    assert num.shape == ana.shape == (2, 3)
    rel_err = relative_error(num, ana)
    assert rel_err < 1e-7  # "below 1e-7 means agreement" (the brief's bound is 1e-6)
    # the column of the correct class is negative, the other two positive
    assert np.all(ana[:, 2] < 0)
    assert np.all(ana[:, :2] > 0)


# --------------------------------------------------------------------------- exercises


def test_exercise_forward_and_central_difference_of_x_cubed():
    assert forward_diff(lambda x: x**3, 2.0, h=1e-2) - 12 == pytest.approx(0.0601, rel=1e-6)
    assert numerical_diff(lambda x: x**3, 2.0, h=1e-2) - 12 == pytest.approx(1e-4, rel=1e-6)


def test_exercise_integer_array_is_refused():
    with pytest.raises(TypeError):
        numerical_gradient(function_2, np.array([3, 4]))


def test_exercise_gradient_of_x0_squared_x1():
    g = numerical_gradient(lambda x: x[0] ** 2 * x[1], np.array([1.0, 2.0]))
    np.testing.assert_allclose(g, [4.0, 1.0], atol=1e-8)
    np.testing.assert_allclose(-g / np.linalg.norm(g), [-0.970, -0.243], atol=5e-4)


def test_exercise_two_layer_net_parameter_count():
    net = TwoLayerNet(784, 50, 10, rng=0)
    n = sum(p.size for p in net.params.values())
    assert n == 39_760
    assert 2 * n == 79_520


# ============================================================ gradient-descent


# --------------------------------------------------------------------------- update rule


def test_one_step_from_minus_3_4():
    x = np.array([-3.0, 4.0])
    grad = numerical_gradient(function_2, x)
    x_new = x - 0.1 * grad
    np.testing.assert_allclose(grad, [-6.0, 8.0], atol=1e-8)
    np.testing.assert_allclose(x_new, [-2.4, 3.2], atol=1e-9)
    assert function_2(x) == 25.0
    assert function_2(x_new) == pytest.approx(16.0, abs=1e-8)


def test_path_from_minus_3_4_ends_within_1e_8_of_the_origin():
    x_end, path = gradient_descent(function_2, np.array([-3.0, 4.0]), lr=0.1, step_num=100)
    assert path.shape == (101, 2)
    assert np.linalg.norm(x_end) < 1e-8
    steps = np.linalg.norm(np.diff(path, axis=0), axis=1)
    assert np.all(np.diff(steps) < 0)  # the steps shrink although lr stays the same
    # the path is a straight line: every point is a multiple of the start
    np.testing.assert_allclose(path[:, 0] * 4.0, path[:, 1] * -3.0, atol=1e-9)


# --------------------------------------------------------------------------- step sizes


@pytest.fixture(scope="module")
def iterates():
    out = {}
    for lr in [0.01, 0.2, 1.0, 1.1]:
        _, p = gradient_descent(square, np.array([10.0]), lr, step_num=20, grad=square_grad)
        out[lr] = p[:, 0]
    return out


def test_every_step_multiplies_x_by_1_minus_2_lr(iterates):
    for lr, xs in iterates.items():
        np.testing.assert_allclose(xs[1:], (1 - 2 * lr) * xs[:-1], rtol=1e-12)


def test_lr_0_2_gets_below_0_1_in_10_steps(iterates):
    xs = iterates[0.2]
    steps_fast = int(np.argmax(np.abs(xs) < 0.1))
    assert steps_fast == 10
    assert np.all(np.abs(xs[:steps_fast]) >= 0.1)
    assert abs(xs[-1]) == pytest.approx(3.7e-4, rel=0.02)


def test_lr_0_01_is_still_far_after_10_and_20_steps(iterates):
    xs = iterates[0.01]
    assert xs[10] == pytest.approx(8.17, abs=0.005)
    assert xs[20] == pytest.approx(6.68, abs=0.005)
    assert xs[20] > 6  # "still above 6" (gallery)
    np.testing.assert_allclose(xs[1:] / xs[:-1], 0.98)  # 2 % per step


def test_lr_1_alternates_exactly_between_10_and_minus_10(iterates):
    xs = iterates[1.0]
    expected = 10.0 * (-1.0) ** np.arange(21)
    assert np.array_equal(xs, expected)
    assert set(np.unique(xs)) == {-10.0, 10.0}


def test_lr_1_with_the_numerical_gradient_is_blurred_by_rounding():
    # Why the page passes the exact derivative: the default gradient is only nearly exact.
    _, p = gradient_descent(square, np.array([10.0]), lr=1.0, step_num=20)
    xs = p[:, 0]
    assert not np.array_equal(np.abs(xs), np.full(21, 10.0))
    np.testing.assert_allclose(np.abs(xs), 10.0, atol=1e-8)


def test_lr_1_1_grows_by_20_percent_a_step(iterates):
    xs = np.abs(iterates[1.1])
    assert np.all(np.diff(xs) > 0)
    np.testing.assert_allclose(xs[1:] / xs[:-1], 1.2)
    assert xs[-1] == pytest.approx(383.4, abs=0.05)


def test_the_largest_stable_learning_rate_for_a_x_squared_is_1_over_a():
    for a in [1.0, 3.0, 20.0]:
        below, above = (
            gradient_descent(
                lambda x, a=a: a * float(np.sum(x**2)),
                np.array([10.0]),
                lr=factor / a,
                step_num=200,
                grad=lambda x, a=a: 2 * a * x,
            )[0]
            for factor in (0.95, 1.05)
        )
        assert abs(below[0]) < 1e-3
        assert abs(above[0]) > 10.0


# --------------------------------------------------------------------------- elongated bowl


def bowl(x):
    return x[0] ** 2 / 20 + x[1] ** 2


@pytest.fixture(scope="module")
def bowl_paths():
    return {
        lr: gradient_descent(bowl, np.array([-3.5, -3.5]), lr=lr, step_num=30)[1]
        for lr in [0.2, 0.6, 0.95, 1.02]
    }


def test_bowl_lr_0_2_drops_into_the_valley_then_creeps(bowl_paths):
    path = bowl_paths[0.2]
    assert np.all(np.abs(path[7:, 1]) < 0.1)  # x1 gone within a few steps
    assert path[-1, 0] == pytest.approx(-1.909, abs=0.001)
    assert abs(path[-1, 0]) > 3.5 / 2  # x0 has covered less than half of the way


def test_bowl_lr_0_95_zigzags_but_ends_closest(bowl_paths):
    path = bowl_paths[0.95]
    assert np.all(path[1:, 1] * path[:-1, 1] < 0)  # x1 changes sign at every step
    dist = {lr: np.linalg.norm(p[-1]) for lr, p in bowl_paths.items()}
    assert dist[0.95] == pytest.approx(0.23, abs=0.005)
    assert dist[0.6] == pytest.approx(0.55, abs=0.005)
    assert dist[0.95] == min(dist.values())


def test_bowl_lr_1_02_diverges_along_the_steep_direction(bowl_paths):
    x1 = np.abs(bowl_paths[1.02][:, 1])
    assert np.all(np.diff(x1) > 0)
    assert x1[-1] == pytest.approx(11.35, abs=0.01)


# --------------------------------------------------------------------------- local minima


def double_well(x):
    return float(np.sum(x**4 - 3 * x**2 + x))


def test_the_start_decides_which_minimum_gradient_descent_finds():
    x_local, _ = gradient_descent(double_well, [2.0], lr=0.01, step_num=300)
    x_global, _ = gradient_descent(double_well, [-2.0], lr=0.01, step_num=300)
    assert x_local[0] == pytest.approx(1.131, abs=5e-4)
    assert x_global[0] == pytest.approx(-1.301, abs=5e-4)
    assert double_well(x_local) == pytest.approx(-1.070, abs=5e-4)
    assert double_well(x_global) == pytest.approx(-3.514, abs=5e-4)
    for x in (x_local[0], x_global[0]):  # both are points of zero gradient
        assert abs(4 * x**3 - 6 * x + 1) < 1e-6


# --------------------------------------------------------------------------- saddle point


def saddle(x):
    return x[0] ** 2 - x[1] ** 2


def test_a_start_on_x1_0_slides_into_the_saddle_point():
    x, path = gradient_descent(saddle, np.array([-3.0, 0.0]), lr=0.1, step_num=30)
    assert np.all(path[:, 1] == 0.0)
    assert np.linalg.norm(x) == pytest.approx(3.7e-3, rel=0.01)
    assert np.all(np.diff(np.linalg.norm(path, axis=1)) < 0)


def test_a_start_slightly_off_x1_0_passes_the_saddle_and_escapes():
    x, path = gradient_descent(saddle, np.array([-3.0, 0.01]), lr=0.1, step_num=30)
    f = np.array([saddle(q) for q in path])
    assert int(np.argmin(np.abs(f))) == 14
    assert np.abs(f).min() == pytest.approx(9e-4, abs=5e-5)
    assert x[1] == pytest.approx(2.37, abs=0.005)
    assert f[-1] == pytest.approx(-5.63, abs=0.005)
    np.testing.assert_allclose(path[1:, 1] / path[:-1, 1], 1.2)


def test_exercise_saddle_from_1e_6_takes_76_steps():
    _, p = gradient_descent(saddle, np.array([-3.0, 1e-6]), lr=0.1, step_num=100)
    assert int(np.argmax(np.abs(p[:, 1]) > 1)) == 76


# --------------------------------------------------------------------------- plateau


def test_plateau_looks_stalled_for_long_then_drops_fast():
    def well(x):
        return float(np.sum(1 - np.exp(-(x**2))))

    _, p = gradient_descent(well, np.array([2.5]), lr=0.1, step_num=300)
    loss = np.array([well(q) for q in p])
    flat = int(np.argmax(loss < 0.99))
    half = int(np.argmax(loss < 0.5))
    done = int(np.argmax(loss < 0.01))
    assert loss[0] == pytest.approx(0.9981, abs=5e-5)
    assert (flat, half, done) == (188, 262, 274)
    assert done - flat < flat / 2  # leaving the plateau is quick compared with crossing it
    assert loss[-1] < 1e-6


# --------------------------------------------------------------------------- mini-batches


def test_minibatch_gradient_error_shrinks_like_one_over_sqrt_b():
    rng = np.random.default_rng(0)
    n_samples = 1000
    x_data = rng.normal(size=(n_samples, 2))
    t_data = np.argmax(x_data @ rng.normal(size=(2, 3)), axis=1)
    net = SimpleNet(rng=1)
    full = net.gradient(x_data, t_data)["W"]
    spread = {}
    for batch_size in [1, 10, 100]:
        errors = []
        for _ in range(200):
            idx = rng.choice(n_samples, size=batch_size, replace=False)
            estimate = net.gradient(x_data[idx], t_data[idx])["W"]
            errors.append(np.linalg.norm(estimate - full) / np.linalg.norm(full))
        spread[batch_size] = float(np.mean(errors))
    assert spread[1] > 1.0  # a single sample's gradient is off by more than the gradient
    assert spread[1] > spread[10] > spread[100]
    for small, large in [(1, 10), (10, 100)]:
        assert 2.0 < spread[small] / spread[large] < 4.5  # roughly sqrt(10) per tenfold B
    assert (round(spread[1], 2), round(spread[10], 2), round(spread[100], 2)) == (1.36, 0.5, 0.15)


def test_iterations_per_epoch_and_the_epoch_exercise():
    n_train = 60_000
    assert [n_train // b for b in (1, 100, n_train)] == [60_000, 600, 1]
    assert 10_000 / (n_train // 100) == pytest.approx(16.7, abs=0.05)


def test_exercises_on_the_learning_rate_of_a_parabola():
    x, _ = gradient_descent(square, np.array([10.0]), lr=0.5, step_num=1, grad=square_grad)
    assert x[0] == 0.0

    def f3(x):
        return float(np.sum(3 * x**2))

    def g3(x):
        return 6 * x

    small, _ = gradient_descent(f3, np.array([10.0]), lr=0.32, step_num=100, grad=g3)
    large, _ = gradient_descent(f3, np.array([10.0]), lr=0.35, step_num=100, grad=g3)
    assert abs(small[0]) == pytest.approx(2.4e-3, rel=0.01)
    assert abs(large[0]) == pytest.approx(1.4e5, rel=0.02)


# ============================================================ what the pages compute


@pytest.fixture(scope="module", params=LANGS)
def nd_page(request):
    """The numbers docs/<lang>/numerical-differentiation.md glues into its prose."""
    return page_glue(request.param, "numerical-differentiation.md")


@pytest.fixture(scope="module", params=LANGS)
def gd_page(request):
    """The numbers docs/<lang>/gradient-descent.md glues into its prose."""
    return page_glue(request.param, "gradient-descent.md")


def test_page_step_1e_30_gives_a_difference_and_a_derivative_of_exactly_zero(nd_page):
    assert nd_page["nd-eps"] == EPS
    assert nd_page["nd-diff-tiny"] == 0.0  # 5 + 1e-30 and 5 - 1e-30 are both stored as 5
    assert nd_page["nd-d-tiny"] == 0.0  # "although the true derivative at 5 is 0.2"


def test_page_forward_difference_is_off_by_0_01_h_and_central_only_by_rounding(nd_page):
    assert nd_page["nd-fwd-bias"] == pytest.approx(0.01 * H, rel=1e-4)
    # "that is rounding error alone": below eps |f(5)| / h even for the smallest h tried
    assert 0.0 <= nd_page["nd-ctr-max"] < EPS * abs(function_1(5.0)) / 1e-4


def test_page_derivative_of_the_example_is_0_2_at_5_and_0_3_at_10(nd_page):
    assert round(nd_page["nd-d5"], 6) == 0.2
    assert round(nd_page["nd-d10"], 6) == 0.3
    # "smaller than the rounding estimate eps |f(x)| / h"
    assert nd_page["nd-d-maxerr"] < EPS * min(function_1(5.0), function_1(10.0)) / H
    assert nd_page["nd-d-maxerr"] == max(abs(nd_page["nd-d5"] - 0.2), abs(nd_page["nd-d10"] - 0.3))


def test_page_partial_derivatives_and_gradient_at_3_4_are_6_and_8(nd_page):
    assert round(nd_page["nd-df-dx0"], 6) == 6.0
    assert round(nd_page["nd-df-dx1"], 6) == 8.0
    assert (round(nd_page["nd-grad-0"], 1), round(nd_page["nd-grad-1"], 1)) == (6.0, 8.0)


def test_page_steepest_of_360_directions_is_the_negative_gradient(nd_page):
    assert nd_page["nd-best-angle"] == 233
    assert nd_page["nd-neg-grad-angle"] == pytest.approx(233.13, abs=0.005)
    assert abs(nd_page["nd-best-angle"] - nd_page["nd-neg-grad-angle"]) < 1.0
    assert nd_page["nd-grad-norm"] == pytest.approx(10.0, abs=5e-5)
    assert nd_page["nd-min-slope"] == pytest.approx(-nd_page["nd-grad-norm"], abs=1e-3)


def test_page_gradient_check_of_simplenet_is_below_1e_7(nd_page):
    assert 0.0 < nd_page["nd-net-rel-err"] < 1e-7  # "below 1e-7 means agreement"


def test_page_one_step_from_minus_3_4_lowers_f_from_25_to_16(gd_page):
    assert gd_page["gd-f-before"] == 25.0
    assert round(gd_page["gd-f-after"], 1) == 16.0
    assert gd_page["gd-path-dist"] < 1e-8  # after 100 steps


def test_page_lr_0_01_crawls_on_x_squared_from_10(gd_page):
    assert gd_page["gd-slow-at-fast"] == pytest.approx(10 * 0.98 ** gd_page["gd-steps-fast"])
    assert round(gd_page["gd-slow-at-fast"], 2) == 8.17
    assert round(gd_page["gd-slow-20"], 2) == 6.68


def test_page_lr_0_2_converges_in_about_10_steps(gd_page):
    assert gd_page["gd-threshold"] == 0.1
    assert gd_page["gd-steps-fast"] == 10
    assert gd_page["gd-fast-20"] == pytest.approx(10 * 0.6**20)


def test_page_lr_1_bounces_between_10_and_minus_10(gd_page):
    assert (gd_page["gd-bounce-high"], gd_page["gd-bounce-low"]) == (10.0, -10.0)


def test_page_lr_1_1_diverges_by_20_percent_a_step(gd_page):
    assert gd_page["gd-big-20"] == pytest.approx(10 * 1.2**20)
    assert round(gd_page["gd-big-20"], 1) == 383.4


def test_page_elongated_bowl_lr_0_95_ends_closest_and_1_02_diverges(gd_page):
    assert round(gd_page["gd-bowl-slow-x0"], 2) == -1.91
    assert abs(gd_page["gd-bowl-slow-x0"]) > 3.5 / 2  # "creeps along" the valley floor
    assert gd_page["gd-bowl-zigzag-dist"] < gd_page["gd-bowl-mid-dist"]
    assert (round(gd_page["gd-bowl-zigzag-dist"], 2), round(gd_page["gd-bowl-mid-dist"], 2)) == (
        0.23,
        0.55,
    )
    assert gd_page["gd-bowl-diverged-x1"] > 3.5  # the zigzag grows beyond the start


def test_page_the_two_starts_find_the_local_and_the_global_minimum(gd_page):
    assert round(gd_page["gd-local-x"], 3) == 1.131
    assert round(gd_page["gd-global-x"], 3) == -1.301
    assert gd_page["gd-global-f"] < gd_page["gd-local-f"]  # the deeper valley
    assert (round(gd_page["gd-local-f"], 3), round(gd_page["gd-global-f"], 3)) == (-1.070, -3.514)


def test_page_saddle_traps_the_start_on_the_line_and_releases_the_shifted_one(gd_page):
    assert gd_page["gd-stuck-dist"] == pytest.approx(3.7e-3, rel=0.01)
    assert gd_page["gd-escape-step"] == 14
    assert gd_page["gd-escape-near"] < 1e-3
    assert round(gd_page["gd-escape-x1"], 2) == 2.37
    assert round(gd_page["gd-escape-f"], 2) == -5.63


def test_page_plateau_holds_the_loss_above_0_99_for_188_steps(gd_page):
    assert round(gd_page["gd-plateau-f0"], 4) == 0.9981
    steps = (gd_page["gd-plateau-flat-steps"], gd_page["gd-plateau-half"])
    assert (*steps, gd_page["gd-plateau-done"]) == (188, 262, 274)


def test_page_minibatch_gradient_error_falls_by_about_sqrt_10_per_tenfold_batch(gd_page):
    spread = [gd_page[f"gd-spread-{b}"] for b in (1, 10, 100)]
    assert spread[0] > 1.0  # "more than the gradient itself"
    assert 2.0 < spread[0] / spread[1] < 4.5 and 2.0 < spread[1] / spread[2] < 4.5


# ============================================================ the gallery scripts


def test_gallery_tangents_at_5_and_10_have_slopes_0_2_and_0_3(gallery_lang):
    ns = run_gallery_script("numerical_differentiation", "plot_tangent.py")
    np.testing.assert_allclose(ns["slopes"], [0.2, 0.3], atol=1e-10)
    labels = ns["ax"].get_legend_handles_labels()[1]
    expected = {
        "en": ["tangent at x = 5, slope 0.200", "tangent at x = 10, slope 0.300"],
        "zh": ["x = 5 处的切线，斜率 0.200", "x = 10 处的切线，斜率 0.300"],
    }
    assert labels[1:] == expected[gallery_lang]
    assert render(ns["fig"], "tangent").stat().st_size > 0


def test_gallery_difference_error_has_its_minima_left_of_the_default_step(gallery_lang):
    ns = run_gallery_script("numerical_differentiation", "plot_difference_error.py")
    hs, forward, central = ns["hs"], ns["forward_err"], ns["central_err"]
    assert 1e-9 <= hs[np.argmin(forward)] <= 1e-7
    assert 1e-6 < hs[np.argmin(central)] <= 1e-5
    assert central.min() < forward.min() / 100
    xlabel = {"en": "step h", "zh": "步长 h"}[gallery_lang]
    assert ns["ax"].get_xlabel() == xlabel
    assert render(ns["fig"], "difference_error").stat().st_size > 0


def test_gallery_gradient_field_is_2x_at_every_grid_point(gallery_lang):
    ns = run_gallery_script("numerical_differentiation", "plot_gradient_field.py")
    assert ns["grad"].shape == (17 * 17, 2)
    np.testing.assert_allclose(ns["grad"], 2 * ns["points"], atol=1e-8)
    title = {"en": "−∇f for f(x₀, x₁) = x₀² + x₁²", "zh": "f(x₀, x₁) = x₀² + x₁² 的负梯度 −∇f"}
    assert ns["ax"].get_title() == title[gallery_lang]
    assert render(ns["fig"], "gradient_field").stat().st_size > 0


def test_gallery_descent_path_from_minus_3_4_runs_straight_to_the_origin(gallery_lang):
    ns = run_gallery_script("gradient_descent", "plot_descent_path.py")
    path = ns["path"]
    assert path.shape == (101, 2)
    assert np.linalg.norm(ns["x"]) < 1e-8
    np.testing.assert_allclose(path[:, 0] * 4.0, path[:, 1] * -3.0, atol=1e-9)
    title = {
        "en": "Gradient descent from (−3, 4), η = 0.1",
        "zh": "从 (−3, 4) 出发的梯度下降，η = 0.1",
    }
    assert ns["ax"].get_title() == title[gallery_lang]
    assert render(ns["fig"], "descent_path").stat().st_size > 0


def test_gallery_step_sizes_crawl_converge_bounce_and_diverge(gallery_lang):
    ns = run_gallery_script("gradient_descent", "plot_step_sizes.py")
    paths = ns["paths"]
    assert paths[0.01][-1] > 6  # crawls
    assert int(np.argmax(np.abs(paths[0.2]) < 0.1)) == 10  # converges in about 10 steps
    np.testing.assert_array_equal(paths[1.0], 10.0 * (-1.0) ** np.arange(21))  # bounces
    assert np.all(np.diff(np.abs(paths[1.1])) > 0)  # diverges
    assert [ax.get_title() for ax in ns["axes"].flat] == [
        "η = 0.01",
        "η = 0.2",
        "η = 1",
        "η = 1.1",
    ]
    xlabel = {"en": "step", "zh": "步数"}[gallery_lang]
    assert [ax.get_xlabel() for ax in ns["axes"][1]] == [xlabel, xlabel]
    assert render(ns["fig"], "step_sizes").stat().st_size > 0


def test_gallery_contour_descent_from_minus_3_5_zigzags_closest_at_0_95(gallery_lang):
    ns = run_gallery_script("gradient_descent", "plot_contour_descent.py")
    paths = ns["paths"]
    assert all(path.shape == (31, 2) for path in paths.values())
    np.testing.assert_array_equal(paths[0.2][0], [-3.5, -3.5])
    dist = {lr: np.linalg.norm(path[-1]) for lr, path in paths.items()}
    assert min(dist, key=dist.get) == 0.95
    assert np.all(np.diff(np.abs(paths[1.02][:, 1])) > 0)
    suptitle = {
        "en": "Gradient descent on x₀²/20 + x₁², 30 steps",
        "zh": "在 x₀²/20 + x₁² 上做 30 步梯度下降",
    }
    assert ns["fig"].get_suptitle() == suptitle[gallery_lang]
    assert render(ns["fig"], "contour_descent").stat().st_size > 0
