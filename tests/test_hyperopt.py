"""Tests for nnbook.hyperopt: sampling ranges and the random search."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nnbook.hyperopt import LogUniform, Uniform, random_search


def test_log_uniform_gives_each_decade_an_equal_share():
    rng = np.random.default_rng(0)
    draws = np.array([LogUniform(1e-6, 1e-2).sample(rng) for _ in range(4000)])
    assert draws.min() >= 1e-6 and draws.max() < 1e-2
    counts = np.histogram(np.log10(draws), bins=4, range=(-6, -2))[0]
    assert np.all(np.abs(counts / len(draws) - 0.25) < 0.03)


def test_uniform_stays_in_its_range():
    rng = np.random.default_rng(1)
    draws = [Uniform(0.2, 0.5).sample(rng) for _ in range(500)]
    assert min(draws) >= 0.2 and max(draws) < 0.5


@pytest.mark.parametrize(
    "distribution", [LogUniform(1e-4, 1e-1), Uniform(0.1, 0.5)], ids=["LogUniform", "Uniform"]
)
def test_sample_takes_an_int_seed_or_a_generator_like_every_stochastic_function(distribution):
    assert distribution.sample(3) == distribution.sample(np.random.default_rng(3))
    assert distribution.sample(3) == distribution.sample(3)
    rng = np.random.default_rng(0)
    assert distribution.sample(rng) != distribution.sample(rng)  # a Generator moves on
    with pytest.raises(TypeError, match="rng must be an int seed"):
        distribution.sample("3")


@pytest.mark.parametrize(("low", "high"), [(0.0, 1.0), (1e-2, 1e-3), (-1.0, 1.0)])
def test_log_uniform_rejects_bad_bounds(low, high):
    with pytest.raises(ValueError, match="0 < low < high"):
        LogUniform(low, high)


def test_search_results_are_sorted_best_first():
    trials = random_search(
        lambda p: -((math.log10(p["lr"]) + 3) ** 2), {"lr": (1e-6, 1.0)}, n_trials=40, rng=0
    )
    scores = [tr.score for tr in trials]
    assert scores == sorted(scores, reverse=True)
    assert abs(math.log10(trials[0].params["lr"]) + 3) < 0.3


def test_minimize_sorts_lowest_first():
    trials = random_search(
        lambda p: p["x"], {"x": Uniform(0, 1)}, n_trials=10, rng=0, maximize=False
    )
    assert [tr.score for tr in trials] == sorted(tr.score for tr in trials)


def test_search_is_reproducible_with_a_seed():
    space = {"lr": (1e-4, 1e-1), "wd": LogUniform(1e-8, 1e-4)}
    a = random_search(lambda p: p["lr"], space, n_trials=5, rng=7)
    b = random_search(lambda p: p["lr"], space, n_trials=5, rng=7)
    assert [t.params for t in a] == [t.params for t in b]


def test_diverging_trials_are_kept_and_sorted_last():
    def objective(p):
        if p["lr"] > 0.1:
            raise FloatingPointError("loss became NaN")
        return p["lr"]

    trials = random_search(objective, {"lr": (1e-3, 1.0)}, n_trials=20, rng=0)
    failed = [t for t in trials if t.error]
    assert failed and all(math.isnan(t.score) for t in failed)
    assert trials[-len(failed) :] == failed


@pytest.mark.parametrize(("n_trials", "space"), [(0, {"lr": (1e-3, 1.0)}), (3, {})])
def test_search_rejects_empty_work(n_trials, space):
    with pytest.raises(ValueError):
        random_search(lambda p: 0.0, space, n_trials=n_trials)
