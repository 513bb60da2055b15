"""The chapter "Regularization": the numbers and claims its page and gallery scripts state.

The page (docs/{en,zh}/regularization.md) reads the runs of the gallery scripts in
galleries/regularization/ through nnbook.util.cached; these tests get the same runs by running
those scripts, and pin down what the prose says about them, so that a change in the library or
in an experiment cannot silently turn a sentence false.
"""

from __future__ import annotations

import ast
import itertools

import numpy as np
import pytest
from gallery import run_gallery_script
from pagecode import cached_calls, page_code, script_code

from nnbook.functions import softmax
from nnbook.layers import Dropout
from nnbook.nets import MultiLayerNet

PAGE = "regularization.md"
FOLDER = "regularization"
SCRIPTS = ("plot_overfitting.py", "plot_weight_decay.py", "plot_dropout.py", "plot_ensemble.py")


def percent(values):
    return 100 * np.asarray(values, dtype=float)


@pytest.fixture(scope="module")
def overfitting():
    return run_gallery_script(FOLDER, "plot_overfitting.py")


@pytest.fixture(scope="module")
def weight_decay():
    return run_gallery_script(FOLDER, "plot_weight_decay.py")


@pytest.fixture(scope="module")
def dropout():
    return run_gallery_script(FOLDER, "plot_dropout.py")


@pytest.fixture(scope="module")
def ensemble():
    return run_gallery_script(FOLDER, "plot_ensemble.py")


# --------------------------------------------------------------------------- page = gallery


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_page_reads_only_runs_that_the_gallery_scripts_make(lang):
    """Building the page must train nothing itself: every run it asks for comes from the cache."""
    made = set().union(*(cached_calls(script_code(FOLDER, script)) for script in SCRIPTS))
    asked = cached_calls(page_code(lang, PAGE))
    assert asked, "the page asks for no cached runs"
    assert asked <= made, f"runs only the page asks for: {asked - made}"


# --------------------------------------------------------------------------- the network


def test_the_seven_layer_net_has_130_010_parameters_over_433_per_training_image():
    net = MultiLayerNet(784, [100] * 6, 10, rng=0)
    sizes = [784, *[100] * 6, 10]
    n_params = sum(p.size for p in net.params.values())
    assert n_params == sum((a + 1) * b for a, b in itertools.pairwise(sizes)) == 130_010
    assert n_params / 300 > 433


# --------------------------------------------------------------------------- overfitting


@pytest.mark.slow
def test_without_regularization_300_images_are_learned_by_heart_and_a_quarter_of_test_is_wrong(
    overfitting,
):
    history = overfitting["history"]
    train, test = percent(history.train_acc), percent(history.test_acc)
    assert len(train) == 201 and len(history.train_loss) == 600  # 200 epochs of 3 updates
    first = np.flatnonzero(train == 100)[0]
    always = np.flatnonzero(train < 100)[-1] + 1
    assert first <= 100  # "in about a hundred epochs"
    assert always - first < 20  # "after a few slips of a single image, stays there"
    assert train[first:].min() >= 100 - 100 / 300  # the slips: one image at a time
    assert test.max() - test[-1] < 1.0  # test accuracy levels off, does not peak and fall
    assert abs(test[-1] - test[150]) < 1.5
    assert 70 < test[-1] < 80  # "about a quarter" of the test images wrong
    assert 20 < train[-1] - test[-1] < 30


# --------------------------------------------------------------------------- weight decay


def test_weight_decay_adds_half_lambda_sum_w2_to_the_loss_and_lambda_w_to_the_gradient(mnist):
    (x_train, t_train), _ = mnist
    x, t = x_train[:300], t_train[:300]
    lam = 0.1
    plain = MultiLayerNet(784, [100] * 6, 10, rng=0)
    decay = MultiLayerNet(784, [100] * 6, 10, weight_decay_lambda=lam, rng=0)
    penalty = 0.5 * lam * sum(np.sum(decay.params[f"W{i}"] ** 2) for i in range(1, 8))
    loss_plain, loss_decay = plain.loss(x, t), decay.loss(x, t)
    assert loss_decay - loss_plain == pytest.approx(penalty, rel=1e-12)
    assert abs(loss_plain - np.log(10)) < 0.5  # "near ln 10"
    assert penalty > 10 * loss_plain  # the penalty dominates the loss before training
    g_plain, g_decay = plain.gradient(x, t), decay.gradient(x, t)
    for i in range(1, 8):
        extra = g_decay[f"W{i}"] - g_plain[f"W{i}"]
        np.testing.assert_allclose(extra, lam * decay.params[f"W{i}"], rtol=1e-9, atol=1e-12)
        assert np.array_equal(g_decay[f"b{i}"], g_plain[f"b{i}"])


@pytest.mark.slow
def test_weight_decay_narrows_the_gap_mostly_by_lowering_training_accuracy(weight_decay):
    plain, decay = weight_decay["plain"]["history"], weight_decay["decay"]["history"]
    plain_train, plain_test = percent(plain.train_acc), percent(plain.test_acc)
    decay_train, decay_test = percent(decay.train_acc), percent(decay.test_acc)
    assert decay_train.max() < 100  # "no longer reaches 100 %"
    assert abs(decay_train[-1] - decay_train[150]) < 2  # "levels off"
    assert abs(decay_test[-1] - plain_test[-1]) < 3  # test accuracy "close to" the plain run's
    plain_gap, decay_gap = plain_train[-1] - plain_test[-1], decay_train[-1] - decay_test[-1]
    assert decay_gap < plain_gap - 5  # the gap narrows, by several points
    # "mostly because the training accuracy came down, not because the test accuracy went up"
    assert plain_train[-1] - decay_train[-1] > 2 * abs(decay_test[-1] - plain_test[-1])


@pytest.mark.slow
def test_weight_decay_shrinks_every_layer_to_just_above_what_decay_alone_would_leave(
    weight_decay,
):
    initial = MultiLayerNet(784, [100] * 6, 10, rng=0).params

    def ratios(params):
        return np.array(
            [
                np.sqrt(np.mean(params[f"W{i}"] ** 2) / np.mean(initial[f"W{i}"] ** 2))
                for i in range(1, 8)
            ]
        )

    plain = ratios(weight_decay["plain"]["params"])
    decay = ratios(weight_decay["decay"]["params"])
    # Without weight decay no weight matrix grows large: 100 … 108 % of the initial size.
    assert np.all((plain > 0.99) & (plain < 1.10))
    assert plain[-1] == plain.max()  # only the output layer grows by a few per cent
    assert np.all(plain[:-1] < 1.02)
    # With it: hidden layers a little above 0.999 ** 600 = 54.9 %, the output layer well above.
    assert 0.999**600 == pytest.approx(0.549, abs=5e-4)
    assert np.all((decay[:-1] > 0.999**600) & (decay[:-1] < 0.60))
    assert decay[-1] > decay[:-1].max() + 0.05
    assert decay.max() < 0.75  # "half to two thirds" of the initial size


# --------------------------------------------------------------------------- L1 and max-norm


def test_l2_pull_is_proportional_l1_pull_is_constant_and_max_norm_keeps_direction():
    w = np.array([-2.0, -0.5, -0.05, 0.05, 0.5, 2.0])
    lam, c = 0.1, 2.5
    assert np.allclose(np.abs(lam * w) / np.abs(w), lam)
    assert np.all(np.abs(lam * np.sign(w)) == lam)
    clipped = w * min(1.0, c / np.linalg.norm(w))
    assert np.linalg.norm(w) > c and np.isclose(np.linalg.norm(clipped), c)
    assert np.allclose(clipped / np.linalg.norm(clipped), w / np.linalg.norm(w))


def page_l1_steps(lang: str) -> dict:
    """Run the page's own L1 cell (from ``step = …`` to its loop) on the page's weights."""
    tree = ast.parse(page_code(lang, PAGE))
    body = tree.body
    start = next(
        i for i, n in enumerate(body)
        if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", None) == "step"
    )  # fmt: skip
    stop = next(i for i in range(start, len(body)) if isinstance(body[i], ast.For)) + 1
    namespace = {"np": np, "w": np.array([-2.0, -0.5, -0.05, 0.05, 0.5, 2.0]), "lam": 0.1}
    exec(compile(ast.Module(body[start:stop], type_ignores=[]), PAGE, "exec"), namespace)
    return namespace


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_l1_subgradient_steps_jitter_near_zero_and_only_soft_threshold_reaches_it(lang):
    run = page_l1_steps(lang)
    sub, prox = run["w_sub"], run["w_prox"]
    assert np.sum(sub == 0) == 0  # "leave 0 weights exactly at zero"
    assert np.abs(sub).max() == pytest.approx(0.02, abs=0.0005)  # "within 0.020 of it"
    assert np.all(np.abs(sub) <= 0.1 * 0.3)  # never further than one step from zero
    assert np.sum(prox == 0) == 6  # "set all 6 to zero"


# --------------------------------------------------------------------------- dropout


def test_inverted_dropout_keeps_the_mean_and_leaves_the_test_pass_unchanged():
    drop = Dropout(0.2, rng=0)
    h = np.ones((1000, 100))
    out = drop.forward(h, train=True)
    assert set(np.unique(out).tolist()) == {0.0, 1.25}
    assert abs(np.mean(out == 0) - 0.2) < 0.01
    assert abs(out.mean() - 1.0) < 0.02
    assert np.array_equal(drop.backward(np.ones_like(h)), out)
    assert np.array_equal(drop.forward(h, train=False), h)


@pytest.mark.slow
def test_dropout_delays_the_memorising_but_ends_with_about_the_same_gap(dropout):
    plain, run = dropout["plain"]["history"], dropout["dropout"]["history"]
    plain_gap = percent(plain.train_acc) - percent(plain.test_acc)
    train, test = percent(run.train_acc), percent(run.test_acc)
    gap = train - test
    assert len(train) == 302  # 301 epochs, as in the book
    # Slower: for a long time the gap is much narrower, with the training accuracy far lower.
    assert gap[100] < plain_gap[100] - 10
    assert train[100] < 70
    assert np.all(gap[:151] < plain_gap[:151] + 1)
    # But the training accuracy keeps climbing to close to 100 % …
    assert train[-1] > 95
    # … and the final gap is about as wide as without dropout (the book reports a narrower one).
    assert abs(gap[-1] - plain_gap[-1]) < 2
    assert abs(test[-1] - percent(plain.test_acc)[-1]) < 3


@pytest.mark.slow
def test_the_books_original_dropout_narrows_the_gap_only_by_learning_less(dropout):
    inverted, original = dropout["dropout"]["history"], dropout["original"]["history"]
    train, test = percent(original.train_acc), percent(original.test_acc)
    assert len(train) == 302
    # "the gap after 301 epochs is 12.4 points", "training 63.0 %", "test only 50.6 %"
    assert train[-1] - test[-1] == pytest.approx(12.4, abs=0.05)
    assert train[-1] == pytest.approx(63.0, abs=0.05)
    assert test[-1] == pytest.approx(50.6, abs=0.05)
    inverted_gap = percent(inverted.train_acc)[-1] - percent(inverted.test_acc)[-1]
    assert train[-1] - test[-1] < inverted_gap - 10  # much narrower, as in the book
    assert test[-1] < percent(inverted.test_acc)[-1] - 15  # but far worse on test images
    assert np.all(train[1:] <= percent(inverted.train_acc)[1:] + 1)  # learns more slowly


@pytest.mark.slow
def test_the_full_network_stands_in_for_the_average_of_many_thinned_networks(dropout):
    full = dropout["full_acc"]
    one = np.mean(dropout["thinned_acc"])
    averaged = np.array(dropout["averaged_acc"])
    assert one < full - 0.05  # a single thinned network is a poor classifier
    assert one < averaged[9] < averaged[-1]
    assert abs(averaged[-1] - full) < 0.01  # 100 thinned networks: close to the full network
    assert np.min(dropout["thinned_acc"]) > 0.5


# --------------------------------------------------------------------------- ensembles


@pytest.mark.slow
def test_an_ensemble_of_five_beats_every_member_and_their_mean_by_several_points(ensemble):
    members = percent(ensemble["member_acc"])
    combined = percent(ensemble["ensemble_acc"])
    assert members.max() - members.min() < 5  # "within a few points of each other"
    assert combined[-1] > members.max()
    assert combined[-1] - members.mean() > 3  # "by several points"
    assert combined[-1] == combined.max()  # adding members never made it worse in the end
    assert combined[-1] - combined[-2] < combined[1] - combined[0]  # "the last adds little"


@pytest.mark.slow
def test_exercise_majority_vote_beats_the_members_but_not_the_average(ensemble):
    probs, t_test = ensemble["probs"], ensemble["t_test"]
    votes = np.stack([p.argmax(axis=1) for p in probs])
    counts = np.stack([np.sum(votes == k, axis=0) for k in range(10)])
    vote = np.mean(counts.argmax(axis=0) == t_test)
    assert vote > max(ensemble["member_acc"])
    assert vote <= ensemble["ensemble_acc"][-1]
    top = np.sort(counts, axis=0)
    assert np.mean(top[-1] == top[-2]) > 0.01  # ties for the most votes are common


@pytest.mark.slow
def test_page_ensemble_is_the_gallery_ensemble(ensemble, mnist):
    """The page recomputes the ensemble from the same cached runs and the same test images."""
    _, (_, t_test) = mnist
    assert np.array_equal(ensemble["t_test"], t_test[ensemble["members"][0]["test_idx"]])
    probs = [softmax(member["test_scores"]) for member in ensemble["members"]]
    page_acc = np.mean(np.mean(probs, axis=0).argmax(axis=1) == ensemble["t_test"])
    assert page_acc == ensemble["ensemble_acc"][-1]


@pytest.mark.slow
def test_only_the_ensemble_raises_the_test_accuracy_itself(weight_decay, dropout, ensemble):
    plain = weight_decay["plain"]["history"].test_acc[-1]
    assert weight_decay["decay"]["history"].test_acc[-1] <= plain + 0.01
    assert dropout["dropout"]["history"].test_acc[-1] <= plain + 0.01
    assert ensemble["ensemble_acc"][-1] > plain + 0.03
    # Dropout's implicit ensemble does not give the gain of the real one.
    assert dropout["full_acc"] < ensemble["ensemble_acc"][-1] - 0.03
