"""The chapter "Hyperparameter validation": the numbers and claims its page and gallery state.

The page (docs/{en,zh}/hyperparameter-validation.md) reads the random searches of
galleries/hyperparameter_validation/plot_random_search.py through nnbook.util.cached; these tests
get the same searches by running that script and pin down what the prose says about them.
"""

from __future__ import annotations

import ast

import numpy as np
import pytest
from gallery import run_gallery_script
from pagecode import cached_calls, function_dump, page_code, script_code

from nnbook.datasets import train_validation_split
from nnbook.hyperopt import LogUniform, Uniform
from nnbook.nets import MultiLayerNet
from nnbook.trainer import Trainer

PAGE = "hyperparameter-validation.md"
FOLDER = "hyperparameter_validation"
SCRIPT = "plot_random_search.py"
#: "Clearly better": at least this many percentage points above the median trial (the page's rule).
CLEARLY = 10.0


@pytest.fixture(scope="module")
def search():
    return run_gallery_script(FOLDER, SCRIPT)


def scores(trials):
    return 100 * np.array([t["score"] for t in trials])


# --------------------------------------------------------------------------- page = gallery


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_page_and_script_narrow_the_ranges_with_the_same_function(lang):
    """The search and the test run are nnbook.hyperopt functions; the two-line rule that
    narrows the ranges is written on the page and in the script."""
    assert function_dump(page_code(lang, PAGE), "narrowed") == function_dump(
        script_code(FOLDER, SCRIPT), "narrowed"
    )


@pytest.mark.parametrize("target", ["ranges", "best"])
def test_page_and_script_narrow_and_choose_the_same_way(target):
    def statement(code):
        (node,) = [
            node
            for node in ast.parse(code).body
            if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == target
        ]
        return ast.dump(node)

    assert statement(page_code("en", PAGE)) == statement(script_code(FOLDER, SCRIPT))


def test_page_reads_only_searches_that_the_gallery_script_makes():
    asked = cached_calls(page_code("en", PAGE))
    assert len(asked) == 3
    assert asked <= cached_calls(script_code(FOLDER, SCRIPT))
    functions = {function for _, function, _ in asked}
    assert functions == {"search_hyperparameters", "score_on_test_data"}


# --------------------------------------------------------------------------- validation data


def test_500_images_split_into_400_for_training_and_100_for_validation_with_every_digit(mnist):
    (x_train, t_train), _ = mnist
    (x_fit, _), (x_val, t_val) = train_validation_split(
        x_train[:500], t_train[:500], validation_fraction=0.2, rng=0
    )
    assert (len(x_fit), len(x_val)) == (400, 100)
    counts = np.bincount(t_val, minlength=10)
    assert counts.min() > 0 and counts.sum() == 100
    # No image is in both parts (every image of the first 500 is used once).
    rows = {x.tobytes() for x in x_fit}
    assert not any(x.tobytes() in rows for x in x_val)


# --------------------------------------------------------------------------- log scale


def test_log_uniform_gives_each_decade_a_quarter_and_linear_sampling_the_top_decade_90_percent():
    rng = np.random.default_rng(0)
    decades = [1e-6, 1e-5, 1e-4, 1e-3, 1e-2]
    shares = {}
    for sampler in (LogUniform(1e-6, 1e-2), Uniform(1e-6, 1e-2)):
        draws = np.array([sampler.sample(rng) for _ in range(10_000)])
        shares[type(sampler).__name__] = np.histogram(draws, bins=decades)[0] / len(draws)
    assert np.all(np.abs(shares["LogUniform"] - 0.25) < 0.015)
    assert shares["Uniform"][-1] > 0.89
    assert shares["Uniform"][:2].sum() < 0.015  # "hardly ever below 1e-4"


# --------------------------------------------------------------------------- the search


@pytest.mark.slow
def test_random_search_finds_a_setting_clearly_better_than_the_median(search):
    wide = search["wide"]
    assert len(wide) == 30
    s = scores(wide)
    assert np.all(np.diff(s) <= 0)  # sorted best first
    assert s.max() - np.median(s) >= CLEARLY  # the page's definition of "clearly better"
    assert np.all(s == np.round(s))  # 100 validation images: multiples of 1 %
    # The median trial learned nothing: it scores what every network scores before training.
    initial = {100 * t["val_acc"][0] for t in wide}
    assert len(initial) == 1 and np.median(s) == initial.pop()


def assert_sorted_by_learning_rate(trials):
    """No trial with a larger learning rate scored lower than one with a smaller."""
    lr = np.array([t["lr"] for t in trials])
    s = scores(trials)
    order = np.argsort(lr)
    assert np.all(np.diff(s[order]) >= 0)


@pytest.mark.slow
def test_the_learning_rate_decides_everything_and_small_ones_do_not_learn(search):
    wide = search["wide"]
    assert_sorted_by_learning_rate(wide)
    assert_sorted_by_learning_rate(search["wide"] + search["narrow"])  # all 45 trials
    s = scores(wide)
    lr = np.array([t["lr"] for t in wide])
    # Below 1e-3 nothing gets anywhere; every clearly good trial has a large learning rate.
    assert s[lr < 1e-3].max() < np.median(s) + CLEARLY
    assert np.all(lr[s >= np.median(s) + CLEARLY] > 1e-3)


@pytest.mark.slow
def test_narrowing_widens_the_best_five_by_half_a_decade_and_crosses_the_old_edge(search):
    wide, ranges = search["wide"], search["ranges"]
    for name in ("lr", "weight_decay"):
        best = np.log10([t[name] for t in wide[:5]])
        low, high = np.log10(ranges[name])
        assert low == pytest.approx(best.min() - 0.5) and high == pytest.approx(best.max() + 0.5)
    lr_lo, lr_hi = ranges["lr"]
    lam_lo, lam_hi = ranges["weight_decay"]
    assert np.log10(lr_hi / lr_lo) < 2  # far fewer than the four decades of the first range
    assert lr_hi > 1e-2  # reaches beyond the first range
    assert 2 < np.log10(lam_hi / lam_lo) < 4  # the weight-decay range shrinks too
    narrow = search["narrow"]
    assert len(narrow) == 15
    for trial in narrow:
        assert lr_lo <= trial["lr"] <= lr_hi and lam_lo <= trial["weight_decay"] <= lam_hi
    # The three best trials of the second search lie beyond the first range and beat its best.
    assert all(t["lr"] > 1e-2 for t in narrow[:3])
    assert scores(narrow)[2] > scores(wide).max()
    # The best learning rate found is again near the top of the new range.
    assert search["winner"]["lr"] == max(t["lr"] for t in narrow)
    assert np.log10(lr_hi / search["winner"]["lr"]) < 0.1


@pytest.mark.slow
def test_the_best_runs_are_still_rising_after_50_epochs(search):
    for trial in search["best"]:
        val, train = np.array(trial["val_acc"]), np.array(trial["train_acc"])
        assert len(val) == 51
        assert val[46:].mean() > val[36:41].mean()
        assert train[-1] > train[40]


@pytest.mark.slow
def test_the_winner_is_the_best_of_both_searches_and_is_tested_once(search, mnist):
    everything = search["wide"] + search["narrow"]
    winner = search["winner"]
    assert winner["score"] == max(t["score"] for t in everything)
    assert [t["score"] for t in search["best"]] == sorted(
        (t["score"] for t in everything), reverse=True
    )[:5]
    assert 0.5 < search["test_acc"] < winner["score"]  # test accuracy below validation accuracy
    # The test run trains "exactly as in its trial": the same network, the same validation score.
    (x_train, t_train), _ = mnist
    (x_fit, t_fit), (x_val, t_val) = train_validation_split(
        x_train[:500], t_train[:500], validation_fraction=0.2, rng=0
    )
    net = MultiLayerNet(784, [100] * 6, 10, weight_decay_lambda=winner["weight_decay"], rng=0)
    trainer = Trainer(
        net, x_fit, t_fit, epochs=50, optimizer_params={"lr": winner["lr"]}, rng=0, verbose=False
    )
    trainer.train()
    assert net.accuracy(x_val, t_val) == winner["score"]


# --------------------------------------------------------------------------- exercises


def test_exercise_the_best_of_20_noisy_measurements_is_about_7_points_too_high():
    errors = np.random.default_rng(0).normal(0, 4, size=(10_000, 20))
    assert 7.0 < errors.max(axis=1).mean() < 8.0
