"""The chapter "Diagnosing training": the numbers and claims its page and gallery script state.

The page (docs/{en,zh}/diagnosing-training.md) runs its sanity checks itself; the gradient norms
and the clipping come from galleries/diagnosing_training/plot_gradient_norms.py, which these
tests run as the build does.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from gallery import render, run_gallery_script
from pagecode import page_glue

from nnbook.experiments import train_small_mnist, train_with_schedules
from nnbook.nets import TwoLayerNet
from nnbook.optimizers import Adam, CosineDecay, LinearWarmup
from nnbook.trainer import Trainer
from nnbook.util import cached

PAGE = "diagnosing-training.md"
FOLDER = "diagnosing_training"


@pytest.fixture(scope="module")
def glued():
    return {lang: page_glue(lang, PAGE) for lang in ("en", "zh")}


@pytest.fixture(scope="module")
def norms():
    return run_gallery_script("diagnosing_training", "plot_gradient_norms.py")


def test_both_languages_compute_the_same_numbers(glued):
    assert glued["en"] == glued["zh"]


def test_the_first_loss_of_a_fresh_classifier_is_ln_10(glued):
    assert glued["en"]["diagnosing-first-loss"] == pytest.approx(math.log(10), abs=0.005)


def test_a_tiny_batch_is_learned_by_heart_unless_the_learning_rate_is_far_too_small(glued):
    assert glued["en"]["diagnosing-tiny-loss"] < 0.001
    assert glued["en"]["diagnosing-tiny-stuck"] > 2.3  # "hardly below ln 10"
    assert glued["en"]["diagnosing-tiny-stuck"] < math.log(10) + 0.05


def first_step(norms, name):
    history = norms["runs"][name]["history"]
    return np.array([history.grad_norms[f"W{i}"][0] for i in range(1, 7)])


def test_sigmoid_gradients_vanish_by_more_than_ten_per_layer_towards_the_input(norms):
    sig = first_step(norms, "sigmoid, std 0.01")
    assert np.all(sig[1:] / sig[:-1] > 10)  # "more than an order of magnitude per layer"
    assert norms["runs"]["sigmoid, std 0.01"]["accuracy"] < 0.15  # "does not learn"


def test_relu_with_he_and_batchnorm_keep_the_norms_about_level(norms):
    for name in ("ReLU, He", "ReLU, He, BatchNorm"):
        level = first_step(norms, name)
        assert level.max() / level.min() < 6, name  # within one order of magnitude
        assert norms["runs"][name]["accuracy"] > 0.99


def test_large_weights_make_every_gradient_tens_of_times_larger_than_he(norms):
    ratio = first_step(norms, "ReLU, std 0.2") / first_step(norms, "ReLU, He")
    assert np.all(ratio > 10) and np.all(ratio < 100)  # "tens of times larger"
    assert 0.2 / math.sqrt(2 / 784) == pytest.approx(4.0, abs=0.05)  # "about four times He's"


def test_clipping_bounds_the_steps_and_ends_with_a_lower_loss(norms):
    plain = norms["clipping"]["no clipping"]["history"]
    clipped = norms["clipping"]["clipped to norm 5"]["history"]
    assert plain.train_loss[0] == clipped.train_loss[0]  # same start
    assert plain.train_loss[0] > 10  # "the same large loss"
    assert np.mean(clipped.train_loss[-20:]) < np.mean(plain.train_loss[-20:])


def test_exercise_clipping_three_arrays_to_6_5():
    from nnbook.optimizers import clip_grad_norm

    grads = {"a": np.full(1, 3.0), "b": np.full(1, 4.0), "c": np.full(1, 12.0)}
    assert clip_grad_norm(grads, 6.5) == 13.0
    np.testing.assert_allclose([g[0] for g in grads.values()], [1.5, 2.0, 6.0], rtol=1e-6)
    assert math.log(100) == pytest.approx(4.61, abs=0.005)


@pytest.fixture(scope="module")
def rates():
    return run_gallery_script("diagnosing_training", "plot_learning_rate.py")


# --------------------------------------------------------------- the update-to-weight ratio


def test_the_ratio_is_measured_for_every_weight_matrix_at_every_step(rates):
    assert list(rates["ratio_runs"]) == [0.001, 0.1, 0.7]
    for run in rates["ratio_runs"].values():
        assert run["ratios"].shape == (5, 200)  # W1..W5, 200 steps
        assert np.all(run["ratios"] > 0)


def test_at_rate_0_001_the_weights_hardly_move_and_the_network_barely_learns(rates):
    run = rates["ratio_runs"][0.001]
    assert run["ratios"].max() < 1.5e-4  # "far below the line, around 1e-4 and less"
    assert 2.5e-5 < rates["median_ratio"][0.001] < 3.5e-5  # "median about 3e-5"
    assert run["loss"][-20:].mean() == pytest.approx(2.2, abs=0.05)  # "still 2.2"
    assert run["loss"][0] == pytest.approx(2.4, abs=0.05)  # "the 2.4 it started at"
    assert run["accuracy"] == pytest.approx(0.17, abs=0.005)  # "only 17 %"


def test_at_rate_0_1_the_ratios_lie_above_the_line_and_mostly_below_1e_2(rates):
    run = rates["ratio_runs"][0.1]
    assert run["ratios"].min() > 1e-3  # "above the line"
    assert np.mean(run["ratios"] < 1e-2) > 0.5  # "mostly below 1e-2"
    assert 5.5e-3 < rates["median_ratio"][0.1] < 6.5e-3  # "median about 6e-3"
    assert run["accuracy"] == pytest.approx(0.94, abs=0.005)  # "reaches 94 %"


def test_at_rate_0_7_most_ratios_exceed_1e_2_and_the_largest_approach_one_half(rates):
    run = rates["ratio_runs"][0.7]
    assert np.mean(run["ratios"] > 1e-2) > 0.5  # "most ratios are above 1e-2"
    assert 0.4 < run["ratios"].max() < 0.5  # "approach one half", "almost half its norm"
    assert 1.5e-2 < rates["median_ratio"][0.7] < 2.5e-2  # "median about 2e-2"
    assert run["accuracy"] == pytest.approx(0.64, abs=0.005)  # "ends at 64 %"
    assert run["accuracy"] < rates["ratio_runs"][0.1]["accuracy"]  # "far behind"


def test_the_first_and_last_matrix_change_relatively_more_than_the_middle_ones(rates):
    for lr, run in rates["ratio_runs"].items():
        per_layer = np.median(run["ratios"], axis=1)
        assert min(per_layer[0], per_layer[4]) > per_layer[1:4].max(), lr


# --------------------------------------------------------------- the learning-rate range test


def test_the_schedule_grows_exponentially_from_lr_min_to_lr_max(rates):
    ramp = rates["ExponentialRamp"](1e-5, 10.0, 300)
    assert ramp(0) == pytest.approx(1e-5)
    assert ramp(299) == pytest.approx(10.0)
    assert ramp(50) / ramp(0) == pytest.approx(10 ** (6 * 50 / 299))
    np.testing.assert_allclose(rates["range_test"]["rate"], [ramp(i) for i in range(259)])


def test_the_smoothed_loss_stays_just_above_ln_10_while_the_rate_is_below_1e_3(rates):
    test, smoothed = rates["range_test"], rates["smoothed"]
    plateau = smoothed[test["rate"] < 1e-3]
    assert np.all(plateau > math.log(10)) and np.all(plateau < 2.45)  # "about 2.4"


def test_the_loss_falls_from_a_few_thousandths_on(rates):
    test, smoothed = rates["range_test"], rates["smoothed"]
    plateau = smoothed[test["rate"] < 1e-3].mean()
    falling = int(np.argmax(smoothed < plateau - 0.1))
    assert 2e-3 < test["rate"][falling] < 1e-2


def test_the_lowest_smoothed_loss_is_at_rate_0_216_at_iteration_216(rates):
    assert rates["at_min"] == 216
    assert rates["lr_at_min"] == pytest.approx(0.216, abs=0.0005)
    assert rates["lr_chosen"] == pytest.approx(0.022, abs=0.0005)  # "about 0.022"
    assert rates["smoothed"][-1] > 4 * rates["smoothed"][rates["at_min"]]  # "rises steeply"


def test_the_test_stopped_at_rate_1_5_after_259_of_300_steps(rates):
    test = rates["range_test"]
    assert len(test["loss"]) == 259
    assert test["rate"][-1] == pytest.approx(1.5, abs=0.05)
    assert np.mean(test["loss"][-10:]) > 4 * min(
        np.mean(test["loss"][max(0, i - 9) : i + 1]) for i in range(len(test["loss"]) - 1)
    )  # the blow-up criterion


def test_the_follow_ups_use_the_chosen_rate_a_hundredth_of_it_and_the_minimum(rates):
    runs, chosen = rates["follow_ups"], rates["lr_chosen"]
    assert runs["chosen"]["lr"] == chosen
    assert runs["100 times smaller"]["lr"] == pytest.approx(chosen / 100)
    assert runs["at the minimum"]["lr"] == rates["lr_at_min"]
    assert all(len(run["loss"]) == 200 for run in runs.values())  # 2 epochs of 100 batches


def test_a_rate_a_hundred_times_smaller_does_not_learn_at_all(rates):
    run = rates["follow_ups"]["100 times smaller"]
    assert run["loss"][-20:].mean() == pytest.approx(math.log(10), abs=0.05)  # "near ln 10"
    assert run["test_accuracy"] == pytest.approx(0.10, abs=0.005)  # "10 %, chance"


def test_the_chosen_rate_reaches_88_and_the_minimum_93_percent(rates):
    runs = rates["follow_ups"]
    assert runs["chosen"]["test_accuracy"] == pytest.approx(0.88, abs=0.005)
    assert runs["at the minimum"]["test_accuracy"] == pytest.approx(0.93, abs=0.005)


def test_the_rate_at_the_minimum_learns_fastest(rates):
    from nnbook.util import smooth_curve

    runs = rates["follow_ups"]
    fast, chosen = (smooth_curve(runs[k]["loss"], 11) for k in ("at the minimum", "chosen"))
    slow = smooth_curve(runs["100 times smaller"]["loss"], 11)
    assert np.all(fast < chosen) and np.all(chosen < slow)


def test_the_too_large_rate_0_7_is_about_three_times_the_minimum(rates):
    assert 0.7 / rates["lr_at_min"] == pytest.approx(3, abs=0.3)


def test_the_figures_render_in_both_languages(gallery_lang):
    ns = run_gallery_script("diagnosing_training", "plot_learning_rate.py")
    assert render(ns["axes"][0].figure, "update_ratio").stat().st_size > 0
    assert render(ns["fig"], "lr_range").stat().st_size > 0
    labels = ns["ax_runs"].get_legend_handles_labels()[1]
    first = {"en": "chosen, 0.022", "zh": "选定值, 0.022"}
    assert labels[0] == first[gallery_lang]


# --------------------------------------------------------------- exercises


def test_exercise_the_rate_for_a_ratio_of_1e_3_is_near_the_range_tests_choice(rates):
    estimate = 0.1 * 1e-3 / rates["median_ratio"][0.1]
    assert estimate == pytest.approx(0.017, abs=0.0005)
    assert rates["median_ratio"][0.1] == pytest.approx(5.9e-3, abs=0.05e-3)
    run = rates["train_with_update_ratios"](rates=(0.017,), steps=200, n_train=5000, seed=0)
    assert np.median(run[0.017]["ratios"]) == pytest.approx(0.95e-3, abs=0.005e-3)
    assert run[0.017]["accuracy"] == pytest.approx(0.87, abs=0.005)


def test_exercise_adams_first_step_changes_w2_by_about_seven_thousandths(rates, mnist):
    from nnbook.optimizers import Adam

    (x_train, t_train), _ = mnist
    net = rates["new_net"](0)
    before = net.params["W2"].copy()
    grads = net.gradient(x_train[:100], t_train[:100])
    Adam(lr=1e-3).update(net.params, grads)
    ratio = np.linalg.norm(net.params["W2"] - before) / np.linalg.norm(before)
    assert 1e-3 * 100 / math.sqrt(200) == pytest.approx(7.1e-3, abs=0.05e-3)
    assert ratio == pytest.approx(6.84e-3, abs=0.005e-3)
    assert np.mean(grads["W2"] == 0) == pytest.approx(0.053, abs=0.0005)
    assert np.linalg.norm(before) == pytest.approx(14.22, abs=0.005)
    assert math.sqrt(0.947) * 0.1 / 14.22 == pytest.approx(6.84e-3, abs=0.005e-3)


def test_exercise_fifty_steps_per_decade_and_a_linear_ramp_skips_the_small_rates(rates):
    ramp = rates["ExponentialRamp"](1e-5, 10.0, 300)
    assert 299 / 6 == pytest.approx(50, abs=0.5)
    assert math.log10(0.216 / 1e-5) == pytest.approx(4.33, abs=0.005)
    assert 299 * math.log10(0.216 / 1e-5) / 6 == pytest.approx(216, abs=0.5)
    assert ramp(216) == pytest.approx(0.216, abs=0.0005)
    linear = 1e-5 + (10 - 1e-5) * np.arange(300) / 299
    assert linear[1] == pytest.approx(0.033, abs=0.0005)
    assert np.flatnonzero((linear >= linear[1]) & (linear <= 0.3)).tolist() == list(range(1, 9))


@pytest.fixture(scope="module")
def cosine():
    return run_gallery_script(FOLDER, "plot_cosine_decay.py")


@pytest.fixture(scope="module")
def early():
    return run_gallery_script(FOLDER, "plot_early_stopping.py")


@pytest.fixture(scope="module")
def adamw():
    return run_gallery_script(FOLDER, "plot_adamw.py")


def percent(value):
    return 100 * float(value)


# --------------------------------------------------------------------------- cosine decay


def test_the_cosine_run_uses_the_optimizer_chapter_settings_and_three_decays(cosine):
    assert list(cosine["results"]) == ["warmup_step", "warmup_exp", "warmup_cosine"]
    schedule = LinearWarmup(CosineDecay(1.0, 1800), 200)
    expected = np.array([schedule(i) for i in range(2000)])
    np.testing.assert_array_equal(cosine["results"]["warmup_cosine"]["lr"], expected)
    assert all(len(run["loss"]) == 2000 for run in cosine["results"].values())


def test_the_three_losses_are_the_same_up_to_iteration_200(cosine):
    runs = cosine["results"]
    for name in ("warmup_exp", "warmup_cosine"):
        assert np.array_equal(runs[name]["loss"][:201], runs["warmup_step"]["loss"][:201])
        assert not np.array_equal(runs[name]["loss"], runs["warmup_step"]["loss"])


def test_the_cosine_stays_above_the_exponential_until_1475_and_passes_one_half_at_1100(cosine):
    lr = {name: run["lr"] for name, run in cosine["results"].items()}
    below = np.flatnonzero(lr["warmup_cosine"] < lr["warmup_exp"])
    assert below[0] == 1475 and np.all(np.diff(below) == 1)  # above until 1 475, below after
    assert lr["warmup_cosine"][1100] == pytest.approx(0.5)
    assert lr["warmup_cosine"][-1] < 1e-5  # "ends close to 0"
    assert lr["warmup_cosine"].mean() == pytest.approx(0.50, abs=0.005)
    assert lr["warmup_step"].mean() == pytest.approx(0.49, abs=0.005)
    assert lr["warmup_exp"].mean() == pytest.approx(0.40, abs=0.005)


def test_mid_run_the_exponential_decay_has_the_lowest_loss_and_at_the_end_the_cosine(cosine):
    runs = cosine["results"]
    middle = {name: run["loss"][900:1000].mean() for name, run in runs.items()}
    end = {name: run["loss"][-100:].mean() for name, run in runs.items()}
    assert middle["warmup_exp"] == pytest.approx(0.121, abs=0.0005)
    assert middle["warmup_cosine"] == pytest.approx(0.131, abs=0.0005)
    assert middle["warmup_step"] == pytest.approx(0.144, abs=0.0005)
    assert end["warmup_cosine"] == pytest.approx(0.071, abs=0.0005)
    assert end["warmup_step"] == pytest.approx(0.074, abs=0.0005)
    assert end["warmup_exp"] == pytest.approx(0.078, abs=0.0005)
    # The exponential decay's rate is the lowest in the middle of the run.
    rate = {name: run["lr"][900:1000].mean() for name, run in runs.items()}
    assert min(rate, key=rate.get) == "warmup_exp"


def test_the_lowest_loss_does_not_bring_the_best_test_accuracy(cosine):
    acc = {name: percent(run["test_acc"]) for name, run in cosine["results"].items()}
    assert acc["warmup_step"] == pytest.approx(97.36, abs=0.005)
    assert acc["warmup_exp"] == pytest.approx(97.15, abs=0.005)
    assert acc["warmup_cosine"] == pytest.approx(97.16, abs=0.005)
    assert 15 <= round(100 * (acc["warmup_step"] - acc["warmup_exp"])) <= 25  # "some twenty"
    assert all(run["dead"] == 0 for run in cosine["results"].values())


def test_exercise_the_cosine_schedule_at_650_1100_and_2500():
    schedule = LinearWarmup(CosineDecay(1.0, 1800), 200)
    assert schedule(650) == pytest.approx(0.854, abs=0.0005)
    assert schedule(1100) == pytest.approx(0.5)
    assert schedule(2500) == 0.0
    assert (1 + math.cos(math.pi * 2300 / 1800)) / 2 == pytest.approx(0.179, abs=0.0005)


@pytest.mark.slow
def test_exercise_with_seeds_1_and_2_the_cosine_leads_and_its_final_loss_is_lowest():
    expected = {1: (97.00, 96.96, 97.12, 0.073), 2: (96.98, 96.87, 97.19, 0.069)}
    for seed, (step, exp, cos, loss) in expected.items():
        runs = train_with_schedules(
            peak_lr=1.0, warmup=200, decay_at=1000, iterations=2000, batch_size=100,
            seed=seed, schedules=("warmup_step", "warmup_exp", "warmup_cosine"),
        )  # fmt: skip
        acc = [percent(runs[name]["test_acc"]) for name in runs]
        np.testing.assert_allclose(acc, [step, exp, cos], atol=0.005)
        end = {name: run["loss"][-100:].mean() for name, run in runs.items()}
        assert min(end, key=end.get) == "warmup_cosine"
        assert end["warmup_cosine"] == pytest.approx(loss, abs=0.0005)


# --------------------------------------------------------------------------- early stopping


def test_the_validation_set_changes_nothing_in_the_training(early):
    plain = cached(
        "small_mnist", train_small_mnist, n_train=300, n_test=2_000, epochs=200, lr=0.01,
        weight_decay=0.0, dropout_ratio=0.0, seed=0,
    )  # fmt: skip
    full, stopped = early["full"], early["stopped"]
    assert all(np.array_equal(full["params"][k], plain["params"][k]) for k in plain["params"])
    assert full["history"].train_acc == plain["history"].train_acc
    assert full["test_acc"] == plain["history"].test_acc[-1]
    n = stopped["history"].stopped_epoch
    assert stopped["history"].test_acc == full["history"].test_acc[: n + 1]
    assert stopped["history"].train_loss == full["history"].train_loss[: 3 * n]
    # The validation images are the last 1 000 of the 60 000 training images, 59 000 to 59 999.
    assert early["settings"]["n_val"] == 1000 and early["settings"]["n_train"] == 300


def test_the_training_images_are_learned_by_epoch_100_and_the_test_accuracy_changes_little(
    early,
):
    train_acc = np.array(early["full"]["history"].train_acc)
    assert np.flatnonzero(train_acc == 1.0)[0] == 100
    plain = cached(
        "small_mnist", train_small_mnist, n_train=300, n_test=2_000, epochs=200, lr=0.01,
        weight_decay=0.0, dropout_ratio=0.0, seed=0,
    )  # fmt: skip
    test_acc = 100 * np.array(plain["history"].test_acc)
    assert abs(test_acc[200] - test_acc[100]) < 1.5  # "changes little"


def test_the_validation_accuracy_creeps_up_to_its_best_at_epoch_197(early):
    val_acc = early["val_acc"]
    assert val_acc[100] == pytest.approx(77.7, abs=0.05)
    assert val_acc[200] == pytest.approx(79.3, abs=0.05)
    assert val_acc.max() == pytest.approx(79.3, abs=0.05) and val_acc.argmax() == 197
    assert val_acc[150:].mean() > val_acc[100:150].mean()  # "creeps up", does not fall


def test_early_stopping_keeps_epoch_144_and_stops_36_epochs_early(early):
    assert early["best_epoch"] == 144 and early["stop_epoch"] == 164
    assert early["val_acc"][144] == pytest.approx(79.0, abs=0.05)
    assert early["val_acc"][144] == early["val_acc"][:165].max()
    assert early["val_acc"][145:165].max() <= early["val_acc"][144]  # 20 epochs, nothing better
    assert 200 - early["stop_epoch"] == 36
    assert early["val_acc"].max() - early["val_acc"][144] == pytest.approx(0.3, abs=0.05)


def test_the_restored_network_and_the_full_run_differ_by_one_test_image(early):
    assert percent(early["stopped"]["test_acc"]) == pytest.approx(73.85, abs=0.005)
    assert percent(early["full"]["test_acc"]) == pytest.approx(73.90, abs=0.005)
    difference = early["full"]["test_acc"] - early["stopped"]["test_acc"]
    assert round(2000 * difference) == 1


def test_only_a_strictly_higher_accuracy_counts_and_epoch_0_takes_part():
    x, t = np.eye(4), np.array([0, 1, 0, 1])
    trainer = Trainer(TwoLayerNet(4, 3, 2, rng=0), x, t, x, t, batch_size=4, patience=2, rng=0)
    assert not trainer._keep_if_best(0, 0.5)
    assert not trainer._keep_if_best(1, 0.5)  # a tie: the first epoch is kept
    assert trainer.history.best_epoch == 0
    assert trainer._keep_if_best(2, 0.25)  # two epochs without improvement: stop
    assert trainer.history.best_epoch == 0


@pytest.mark.slow
def test_exercise_a_patience_of_5_stops_at_epoch_59_and_costs_6_7_points(early):
    run = train_small_mnist(
        n_train=300, n_test=2000, epochs=200, lr=0.01, weight_decay=0.0, dropout_ratio=0.0,
        seed=0, n_val=1000, patience=5,
    )  # fmt: skip
    assert run["history"].best_epoch == 54 and run["history"].stopped_epoch == 59
    assert percent(run["history"].test_acc[54]) == pytest.approx(74.2, abs=0.05)
    assert percent(run["test_acc"]) == pytest.approx(67.15, abs=0.005)
    cost = percent(early["stopped"]["test_acc"]) - percent(run["test_acc"])
    assert cost == pytest.approx(6.7, abs=0.05)
    steps = np.abs(np.diff(early["val_acc"]))[40:100]  # epochs 40 to 100
    assert steps.mean() == pytest.approx(0.5, abs=0.05)
    assert steps.max() == pytest.approx(1.6, abs=0.05)


# --------------------------------------------------------------------------- AdamW


def test_the_three_adam_runs_learn_every_training_image_within_15_epochs(adamw):
    assert list(adamw["runs"]) == ["Adam", "Adam + L2", "AdamW"]
    for name, run in adamw["runs"].items():
        train_acc = np.array(run["history"].train_acc)
        first = np.flatnonzero(train_acc == 1.0)[0]
        assert first <= 15 and np.all(train_acc[first:] == 1.0), name
        assert len(run["history"].train_loss) == 600  # 200 epochs of three updates


def test_neither_decay_buys_test_accuracy_on_300_images(adamw):
    acc = {name: percent(run["history"].test_acc[-1]) for name, run in adamw["runs"].items()}
    assert acc["Adam"] == pytest.approx(78.05, abs=0.005)
    assert acc["Adam + L2"] == pytest.approx(78.15, abs=0.005)
    assert acc["AdamW"] == pytest.approx(78.05, abs=0.005)
    assert round(20 * (max(acc.values()) - min(acc.values()))) <= 2  # "at most two images"


def test_the_norm_of_all_weights_is_35_7_18_7_and_22_2(adamw):
    norms = {
        name: np.sqrt(sum(np.sum(w**2) for k, w in run["params"].items() if k.startswith("W")))
        for name, run in adamw["runs"].items()
    }
    assert norms["Adam"] == pytest.approx(35.7, abs=0.05)
    assert norms["Adam + L2"] == pytest.approx(18.7, abs=0.05)
    assert norms["AdamW"] == pytest.approx(22.2, abs=0.05)


def test_238_pixels_are_unlit_and_plain_adam_leaves_their_weights_as_they_were(adamw):
    unlit = adamw["unlit"]
    assert unlit.sum() == 238
    w1 = adamw["runs"]["Adam"]["params"]["W1"]
    assert np.array_equal(w1[unlit], adamw["initial"]["W1"][unlit])
    assert adamw["shrink"]["Adam"][0] == 1.0


def test_adamw_multiplies_the_unlit_weights_by_0_999_to_the_600(adamw):
    unlit = adamw["unlit"]
    w1 = adamw["runs"]["AdamW"]["params"]["W1"]
    np.testing.assert_allclose(w1[unlit], adamw["initial"]["W1"][unlit] * 0.999**600, rtol=1e-9)
    assert 0.999**600 == pytest.approx(0.55, abs=0.005)
    others = adamw["shrink"]["AdamW"][1:]
    assert min(others) == pytest.approx(0.63, abs=0.005)
    assert max(others) == pytest.approx(0.71, abs=0.005)


def test_the_penalty_zeroes_the_unlit_weights_but_leaves_more_of_the_others(adamw):
    l2, decoupled = adamw["shrink"]["Adam + L2"], adamw["shrink"]["AdamW"]
    assert l2[0] < 1e-4  # "less than a ten-thousandth"
    np.testing.assert_allclose(l2[1:], [0.56, 0.54, 0.85], atol=0.005)
    assert l2[1] < decoupled[1] and l2[2] < decoupled[2]  # the hidden layers shrink more
    assert l2[3] > decoupled[3]  # ... but the output layer less


def test_exercise_the_penalty_drives_a_lone_weight_to_0_on_the_same_path_for_every_lambda():
    paths = {}
    for lam in (1e-4, 1e-3, 1e-1):
        w, adam = {"W": np.array([0.05])}, Adam(lr=1e-3)
        path = []
        for _ in range(600):
            adam.update(w, {"W": lam * w["W"]})
            path.append(w["W"][0])
        paths[lam] = np.array(path)
    for lam, path in paths.items():
        assert path[0] == pytest.approx(0.049, abs=5e-6)  # the first step: almost exactly η
        assert np.flatnonzero(path <= 0)[0] + 1 in (87, 88), lam  # crosses 0 at update 87/88
        assert abs(path[-1]) < 1e-14
        assert np.abs(path - paths[1e-1]).max() < 1e-4  # the same path, to within 1e-4
    assert 0.05 * 0.999**600 == pytest.approx(0.0274, abs=0.00005)


@pytest.mark.slow
def test_exercise_with_seeds_1_and_2_both_decays_beat_adam_and_the_penalty_beats_adamw():
    expected = {1: (78.05, 78.65, 78.40), 2: (77.60, 79.30, 78.50)}
    variants = [
        {"optimizer": "adam", "weight_decay": 0.0},
        {"optimizer": "adam", "weight_decay": 1e-3},
        {"optimizer": "adamw", "weight_decay": 0.0, "decoupled_decay": 1.0},
    ]
    for seed, accs in expected.items():
        measured = [
            percent(
                train_small_mnist(
                    n_train=300, n_test=2000, epochs=200, lr=0.001, dropout_ratio=0.0,
                    seed=seed, **kw,
                )["test_acc"]
            )
            for kw in variants
        ]  # fmt: skip
        np.testing.assert_allclose(measured, accs, atol=0.005)
        assert measured[1] > measured[2] > measured[0]
    assert 79.30 - 77.60 == pytest.approx(1.7)  # "by up to 1.7 points"
