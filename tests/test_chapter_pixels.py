"""The chapter "From pixels to scores": the numbers and claims its page and gallery scripts state.

The page (docs/{en,zh}/pixels-to-scores.md) inspects MNIST's arrays itself; the linear
classifiers, the perceptron and the zero-centred activations come from the scripts in
galleries/pixels_to_scores/, which these tests run as the build does.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from gallery import render, run_gallery_script
from pagecode import page_glue

from nnbook.layers import HingeLoss
from nnbook.nets import LinearClassifier, Perceptron, TwoLayerNet

PAGE = "pixels-to-scores.md"
XOR_INPUTS = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
XOR_TARGETS = np.array([0, 1, 1, 0])


@pytest.fixture(scope="module")
def glued():
    return {lang: page_glue(lang, PAGE) for lang in ("en", "zh")}


@pytest.fixture(scope="module")
def linear():
    return run_gallery_script("pixels_to_scores", "plot_linear_classifier.py")


def test_both_languages_compute_the_same_numbers(glued):
    assert glued["en"] == glued["zh"]


def test_a_digit_is_bytes_from_paper_to_dark_ink_and_mostly_paper(glued):
    assert glued["en"]["pixels-max-value"] == 255
    assert glued["en"]["pixels-ink-fraction"] < 0.25  # "only ... of the pixels carry any ink"


def test_the_page_quotes_the_scripts_run_of_the_linear_classifiers(glued, linear):
    runs = linear["runs"]
    assert glued["en"]["pixels-linear-softmax"] == runs["softmax"]["test_acc"]
    assert glued["en"]["pixels-linear-hinge"] == runs["hinge"]["test_acc"]
    for run in runs.values():  # "the training accuracies are no higher": no overfitting
        assert run["train_acc"] < run["test_acc"] + 0.005


def test_both_linear_classifiers_reach_about_92_percent_and_the_loss_hardly_matters(linear):
    accs = {loss: run["test_acc"] for loss, run in linear["runs"].items()}
    assert set(accs) == {"softmax", "hinge"}
    for acc in accs.values():
        assert 0.91 <= acc <= 0.93  # "about 92 %"
    assert abs(accs["softmax"] - accs["hinge"]) < 0.01  # "hardly any difference"


def test_the_templates_of_both_losses_look_alike_and_0_has_a_negative_centre(linear):
    soft, hinge = (linear["runs"][loss]["W"] for loss in ("softmax", "hinge"))
    for k in range(10):  # "the two losses learn nearly the same templates"
        assert np.corrcoef(soft[:, k], hinge[:, k])[0, 1] > 0.8, k
    zero = soft[:, 0].reshape(28, 28)
    assert zero[11:17, 11:17].mean() < 0 < zero[4:24, 4:24].max()  # negative centre, ring
    one = soft[:, 1].reshape(28, 28)
    assert one[6:22, 13:15].mean() > 0  # "a positive vertical bar"


def test_the_mistakes_figure_shows_ten_misclassified_test_images(linear):
    wrong = linear["wrong"]
    assert len(wrong) == 10
    assert np.all(linear["runs"]["softmax"]["test_pred"][wrong] != linear["t_test"][wrong])


@pytest.fixture(scope="module")
def centring():
    return run_gallery_script("pixels_to_scores", "plot_zero_centred.py")


def test_positive_inputs_make_every_step_move_both_weights_the_same_way(centring):
    assert centring["x_positive"].min() > 0  # sigmoid outputs
    np.testing.assert_allclose(centring["x_centred"].mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(centring["x_positive"].mean(axis=0), 0.5, atol=0.03)  # "about 0.5"
    assert centring["same_sign"]["positive"] == 1.0
    steps = np.diff(centring["paths"]["positive"], axis=0)
    moved = np.all(steps != 0, axis=1)
    assert np.all(np.sign(steps[moved, 0]) == np.sign(steps[moved, 1]))  # on the whole path
    assert centring["same_sign"]["centred"] == pytest.approx(0.58, abs=0.005)  # "about half"


def test_the_positive_path_zigzags_and_the_centred_path_heads_for_the_target(centring):
    assert centring["length_ratio"]["positive"] == pytest.approx(7.8, abs=0.05)
    assert centring["length_ratio"]["centred"] == pytest.approx(1.4, abs=0.05)


def test_at_learning_rate_2_both_paths_need_a_similar_number_of_steps(centring):
    assert centring["lr"] == 2.0
    assert centring["steps_needed"] == {"positive": 46, "centred": 38}


def test_the_mean_of_the_inputs_adds_a_large_curvature_along_1_1(centring):
    values, vectors = np.linalg.eigh(centring["curvature"]["positive"])
    np.testing.assert_allclose(values, [0.04, 0.54], atol=0.005)
    assert abs(vectors[:, 1] @ np.array([1.0, 1.0]) / math.sqrt(2)) > 0.99  # along (1, 1)
    mean = centring["x_positive"].mean(axis=0)
    assert mean @ mean == pytest.approx(0.5, abs=0.01)  # "‖μ‖² ≈ 0.5"
    centred = np.linalg.eigvalsh(centring["curvature"]["centred"])
    np.testing.assert_allclose(centred, 0.04, atol=0.005)


def test_positive_inputs_diverge_from_learning_rate_4_and_centred_ones_converge_up_to_16(centring):
    assert centring["learning_rates"] == [0.5, 1, 2, 4, 8, 16]
    assert centring["sweep"]["positive"] == [140, 70, 46, None, None, None]
    assert centring["sweep"]["centred"] == [132, 70, 38, 26, 19, 13]
    for lr in (4, 8, 16):  # a dash is a run that diverged, not one that was slow
        path = centring["sgd_path"](centring["x_positive"], lr)
        assert np.abs(path[-1]).max() > 1e3, lr


def test_the_sigmoid_network_stays_near_ln_10_while_the_tanh_network_learns_at_once(centring):
    sigmoid = centring["smoothed"]["sigmoid"]
    assert len(sigmoid) == 2000  # 20 epochs of 100 mini-batches
    assert np.all(sigmoid[:740] > 2.25) and sigmoid[740] <= 2.25
    assert math.log(10) == pytest.approx(2.30, abs=0.005)
    assert centring["below_one"] == {"sigmoid": 1535, "tanh": 30}


def test_tanh_beats_sigmoid_on_the_test_images_after_1_and_20_epochs(centring):
    _, (_, t_test) = centring["load_mnist"]()
    sigmoid, tanh = centring["runs"]["sigmoid"]["test_acc"], centring["runs"]["tanh"]["test_acc"]
    assert len(sigmoid) == len(tanh) == 20
    assert sigmoid[0] == np.mean(t_test == 1) == 0.1135  # "exactly the share of the digit 1"
    assert tanh[0] == 0.8842
    assert sigmoid[-1] == 0.7638 and tanh[-1] == 0.9415


def test_exercise_two_steps_of_opposite_signs_reach_1_minus_1():
    lr = 1.0
    step_1 = -lr * -5 * np.array([0.4, 0.2])
    step_2 = -lr * 5 * np.array([0.2, 0.4])
    np.testing.assert_allclose(step_1, [2, 1])
    np.testing.assert_allclose(step_2, [-1, -2])
    np.testing.assert_allclose(step_1 + step_2, [1, -1])


def test_exercise_tanh_is_a_shifted_steeper_sigmoid():
    from nnbook.functions import sigmoid, sigmoid_grad, tanh

    a = np.linspace(-5, 5, 101)
    np.testing.assert_allclose(tanh(a), 2 * sigmoid(2 * a) - 1, atol=1e-12)
    np.testing.assert_allclose(sigmoid(a) - 0.5, 0.5 * tanh(a / 2), atol=1e-12)
    assert sigmoid_grad(0.0) == 0.25
    h = 1e-6
    assert (tanh(h) - tanh(-h)) / (2 * h) == pytest.approx(1.0, abs=1e-9)
    assert (0.5 * tanh(h / 2) - 0.5 * tanh(-h / 2)) / (2 * h) == pytest.approx(0.25, abs=1e-9)


def test_gallery_zero_centred_figures_are_labelled_in_both_languages(gallery_lang):
    ns = run_gallery_script("pixels_to_scores", "plot_zero_centred.py")
    zigzag, losses = ns["axes"][0].figure, ns["fig"]
    assert (zigzag.get_label(), losses.get_label()) == ("pixels-zigzag", "pixels-tanh-sigmoid")
    xlabel = {"en": "iteration", "zh": "迭代次数"}[gallery_lang]
    assert ns["ax"].get_xlabel() == xlabel
    assert render(zigzag, "zigzag").stat().st_size > 0
    assert render(losses, "tanh_sigmoid").stat().st_size > 0


@pytest.fixture(scope="module")
def perceptron():
    return run_gallery_script("pixels_to_scores", "plot_perceptron.py")


def passes_until_clean(p, x, t, max_passes):
    """The script's loop, for the tests that vary it."""
    history = []
    for _ in range(max_passes):
        history.append(p.learn(x, t))
        if history[-1] == 0:
            break
    return history


def test_the_perceptron_separates_the_clouds_in_four_passes_and_nine_updates(perceptron):
    assert perceptron["x_blobs"].shape == (40, 2)
    assert perceptron["blob_mistakes"] == [4, 4, 1, 0]  # 4 passes, the last one clean
    assert sum(perceptron["blob_mistakes"]) == 9  # "9 updates"
    assert np.all(perceptron["blobs"].predict(perceptron["x_blobs"]) == perceptron["t_blobs"])


def test_the_clouds_have_a_margin_of_0_66_and_the_bound_allows_68_updates(perceptron):
    assert perceptron["blob_margin"] == pytest.approx(0.66, abs=0.005)
    assert perceptron["radius"] == pytest.approx(4.57, abs=0.005)
    assert perceptron["gamma"] == pytest.approx(0.553, abs=0.0005)
    assert round(perceptron["bound"]) == 68
    # v is a unit vector that puts every extended input on its correct side by at least gamma
    v, z, t = perceptron["v"], perceptron["z_blobs"], perceptron["t_blobs"]
    assert np.linalg.norm(v) == pytest.approx(1.0)
    assert np.all((2 * t - 1) * (z @ v) >= perceptron["gamma"] - 1e-12)
    assert sum(perceptron["blob_mistakes"]) <= perceptron["bound"]  # far below, as stated


def test_the_gates_are_learned_from_their_truth_tables(perceptron):
    x = perceptron["x_gates"]
    for name, table in perceptron["truth_tables"].items():
        np.testing.assert_array_equal(perceptron["gates"][name].predict(x), table, err_msg=name)
    passes = {name: len(m) for name, m in perceptron["gate_mistakes"].items()}
    assert passes == {"AND": 6, "OR": 4, "NAND": 6}  # "at most six passes"


def test_xor_never_gets_a_pass_right_and_cycles_with_four_mistakes(perceptron):
    mistakes = perceptron["xor_mistakes"]
    assert len(mistakes) == 20 and min(mistakes) > 0
    assert mistakes[:2] == [2, 3] and set(mistakes[2:]) == {4}  # four from the third pass on
    p = perceptron["xor_perceptron"]
    np.testing.assert_array_equal(p.w, [0.0, -1.0])
    assert p.b == 1.0
    np.testing.assert_array_equal(p.predict(XOR_INPUTS), [1, 1, 0, 0])  # two of four wrong
    # the same weights at the end of every pass from the second on: a cycle
    fresh, ends = Perceptron(2), []
    for _ in range(20):
        fresh.learn(XOR_INPUTS, XOR_TARGETS)
        ends.append((*fresh.w, fresh.b))
    assert set(ends[1:]) == {(0.0, -1.0, 1.0)}


def test_no_line_gets_more_than_three_of_the_four_xor_points_right():
    rng = np.random.default_rng(0)
    w, b = rng.standard_normal((100_000, 2)), rng.standard_normal(100_000)
    outputs = (XOR_INPUTS @ w.T + b > 0).astype(int)  # (4, lines)
    correct = (outputs == XOR_TARGETS[:, None]).sum(axis=0)
    assert correct.max() == 3


def test_three_perceptrons_in_two_layers_compute_xor(perceptron):
    np.testing.assert_array_equal(perceptron["stacked"], XOR_TARGETS)
    np.testing.assert_array_equal(perceptron["hidden"], [[1, 0], [1, 1], [1, 1], [0, 1]])
    # Saitoh's hand-set weights do the same
    nand = Perceptron(2, weights=[-0.5, -0.5], bias=0.7)
    or_ = Perceptron(2, weights=[0.5, 0.5], bias=-0.2)
    and_ = Perceptron(2, weights=[0.5, 0.5], bias=-0.7)
    hidden = np.stack([nand.predict(XOR_INPUTS), or_.predict(XOR_INPUTS)], axis=1)
    np.testing.assert_array_equal(and_.predict(hidden), XOR_TARGETS)


def test_a_network_of_step_units_has_a_zero_gradient(perceptron):
    assert perceptron["theta"].shape == (9,)
    assert perceptron["step_error"] == 0.5
    np.testing.assert_array_equal(perceptron["step_gradient"], np.zeros(9))


def test_the_sigmoid_network_learns_xor_in_139_steps_and_keeps_it(perceptron):
    losses, accuracies = perceptron["xor_losses"], perceptron["xor_accuracies"]
    assert len(losses) == 2000
    assert losses[0] == pytest.approx(1.082, abs=0.0005)
    assert losses[-1] == pytest.approx(0.0022, abs=0.00005)
    assert perceptron["first_perfect"] == 139
    assert np.all(accuracies[138:] == 1.0) and np.all(accuracies[:138] < 1.0)
    np.testing.assert_array_equal(perceptron["xor_net_classes"], XOR_TARGETS)


def test_the_perceptron_figures_render_in_both_languages(gallery_lang):
    ns = run_gallery_script("pixels_to_scores", "plot_perceptron.py")
    panels = ns["axes"]
    assert panels[0].figure.get_label() == "pixels-perceptron" and len(panels) == 3
    assert ns["fig"].get_label() == "pixels-perceptron-mistakes"
    assert render(panels[0].figure, "perceptron").stat().st_size > 0
    assert render(ns["fig"], "perceptron_mistakes").stat().st_size > 0


def test_exercise_from_zero_weights_the_learning_rate_only_scales_the_weights(perceptron):
    x, t = perceptron["x_blobs"], perceptron["t_blobs"]
    for lr in (0.1, 10.0):
        p = Perceptron(2, lr=lr)
        assert passes_until_clean(p, x, t, 100) == perceptron["blob_mistakes"]
        np.testing.assert_allclose(p.w, lr * perceptron["blobs"].w)
        assert p.b == pytest.approx(lr * perceptron["blobs"].b)
    # from w0 = (-3, 3), b = 0 (both clouds on the wrong side) the learning rate does matter
    assert (x[t == 0] @ [-3.0, 3.0] > 0).all() and (x[t == 1] @ [-3.0, 3.0] <= 0).all()
    runs = {
        lr: passes_until_clean(Perceptron(2, lr=lr, weights=[-3.0, 3.0]), x, t, 100)
        for lr in (0.1, 10.0, 100.0)
    }
    assert runs == {0.1: [29, 0], 10.0: [6, 2, 1, 0], 100.0: [4, 4, 1, 0]}


def test_exercise_parameters_of_the_linear_classifier_and_the_two_layer_net():
    assert sum(p.size for p in LinearClassifier(784, 10).params.values()) == 7850
    two = TwoLayerNet(784, 50, 10)
    assert sum(p.size for p in two.params.values()) == 39_760
    assert two.params["W1"].shape == (784, 50)  # 50 patterns of 784 weights


def test_exercise_hinge_gradient_of_the_cat():
    layer = HingeLoss()
    assert layer.forward(np.array([[3.2, 5.1, -1.7]]), [0]) == pytest.approx(2.9)
    np.testing.assert_array_equal(layer.backward(), [[-1.0, 1.0, 0.0]])
