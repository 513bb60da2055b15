"""The chapter "Batch Normalization": the numbers and claims its page and gallery scripts state.

The page (docs/{en,zh}/batch-norm.md) and its gallery scripts (galleries/batch_norm/) compute
everything at build time; these tests pin down what the prose says about the results, so that a
change in the library cannot silently turn a sentence false. The MNIST experiments come from the
gallery scripts themselves (run_gallery_script), so with ``NNBOOK_CACHE`` set they are the very
runs of the book build.
"""

from __future__ import annotations

import ast
import contextlib
import io
import math
import re
import sys
import types
from pathlib import Path

import numpy as np
import pytest
from gallery import run_gallery_script

from nnbook.experiments import train_bn_and_plain
from nnbook.gradient import numerical_gradient, relative_error
from nnbook.layers import BatchNormalization
from nnbook.nets import MultiLayerNetExtend
from nnbook.trainer import Trainer
from nnbook.util import cached

ROOT = Path(__file__).resolve().parents[1]
PAGES = {lang: ROOT / "docs" / lang / "batch-norm.md" for lang in ("en", "zh")}
GALLERY = ROOT / "galleries" / "batch_norm"
CELL_RE = re.compile(r"^```\{code-cell\}[^\n]*\n(?P<body>.*?)^```\s*$", re.M | re.S)

#: The three features of the page's examples: very different means and spreads.
FEATURE_MEANS = np.array([5.0, -2.0, 0.0])
FEATURE_STDS = np.array([3.0, 0.1, 1.0])
#: The stated threshold of the gradient check (CS231n's "convincing" level).
THRESHOLD = 1e-7
#: Accuracy before training and after each of the 20 epochs.
FULL_LENGTH = 21


def page_cells() -> list[str]:
    """The code cells of the English page (option lines removed)."""
    text = PAGES["en"].read_text(encoding="utf-8")
    return [
        "\n".join(line for line in m["body"].splitlines() if not line.startswith(":"))
        for m in CELL_RE.finditer(text)
    ]


def page_code() -> str:
    """The code cells of the English page as one program."""
    return "\n".join(page_cells())


def run_page(stop_at: str | None = None) -> tuple[dict, dict]:
    """Run the page's code cells as the build does; return their namespace and glued values.

    With `stop_at`, stop before the first cell containing that text. ``myst_nb.glue`` is
    replaced by a recorder, so the test environment needs no Sphinx.
    """
    glued: dict = {}
    fake = types.ModuleType("myst_nb")
    fake.glue = lambda name, value, display=True: glued.__setitem__(name, value)
    namespace: dict = {"__name__": "batch_norm_page"}
    saved = sys.modules.get("myst_nb")
    sys.modules["myst_nb"] = fake
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            for cell in page_cells():
                if stop_at is not None and stop_at in cell:
                    break
                exec(compile(cell, "batch-norm.md", "exec"), namespace)
    finally:
        if saved is None:
            del sys.modules["myst_nb"]
        else:
            sys.modules["myst_nb"] = saved
    return namespace, glued


@pytest.fixture(scope="module")
def worked():
    """Namespace and glued values of the page's worked examples (the cells before MNIST)."""
    return run_page(stop_at="check_bn_gradients")


def page_batch(rng, n=100):
    return rng.normal(FEATURE_MEANS, FEATURE_STDS, size=(n, 3))


# --------------------------------------------------------------------------- the algorithm


def test_normalised_features_have_mean_0_and_std_1_like_the_four_lines_of_numpy(worked):
    ns, glued = worked
    x, y, bn = ns["x"], ns["y"], ns["bn"]
    assert np.abs(y.mean(axis=0)).max() < 1e-12
    # "agree with the layer's output up to rounding error"
    assert np.abs(ns["x_hat"] - y).max() < 1e-14
    assert glued["batch-norm-layer-diff"] == np.abs(ns["x_hat"] - y).max()
    assert bn.eps == 1e-7
    std = y.std(axis=0)
    assert np.abs(std[[0, 2]] - 1).max() < 1e-7
    # The second feature (std 0.1 in the batch) falls short of 1 by the ε in the root.
    assert 0.0995 < glued["batch-norm-in-std-2"] < 0.1005  # printed as 0.100
    var = x.var(axis=0)[1]
    assert glued["batch-norm-out-std-2"] == pytest.approx(np.sqrt(var / (var + 1e-7)))
    assert 0.99999 < glued["batch-norm-out-std-2"] < 0.999999


def test_gamma_sqrt_var_and_beta_mu_undo_the_normalisation_up_to_rounding(worked):
    ns, _ = worked
    x = ns["x"]
    assert np.abs(ns["undo"].forward(x, train=True) - x).max() < 1e-14  # "of the order 1e-15"


def test_network_repeats_affine_bn_relu_and_bn_adds_about_one_percent_of_parameters(worked):
    ns, glued = worked
    names = [type(layer).__name__ for layer in ns["net"].layers]
    assert names == ["Affine", "BatchNormalization", "Relu"] * 5 + ["Affine"]
    shapes = {k: p.shape for k, p in ns["net"].params.items() if k.endswith("1")}
    assert shapes == {"W1": (784, 100), "b1": (100,), "gamma1": (100,), "beta1": (100,)}
    assert (ns["n_bn_params"], ns["n_params"]) == (1_000, 120_910)
    assert glued["batch-norm-n-params"] == "120\u00a0910"
    assert 0.005 < ns["n_bn_params"] / ns["n_params"] < 0.015  # "about one percent"


# --------------------------------------------------------------------------- train and inference


def test_running_averages_are_close_to_the_true_statistics_after_50_batches():
    ns, _ = run_page(stop_at="sample = np.array")  # the state the page prints
    layer = ns["bn_run"]
    assert np.abs(layer.running_mean - FEATURE_MEANS).max() < 0.15
    assert np.abs(np.sqrt(layer.running_var) / FEATURE_STDS - 1).max() < 0.05


def test_inference_output_does_not_depend_on_the_batch_but_training_output_does(worked):
    ns, glued = worked
    assert glued["batch-norm-infer-diff"] == 0.0
    assert np.array_equal(ns["infer_a"], ns["infer_b"])
    assert glued["batch-norm-train-diff"] > 0.1
    # Inference uses the running averages; check on a fresh layer trained the same way.
    rng = np.random.default_rng(2)
    layer = BatchNormalization(np.ones(3), np.zeros(3), momentum=0.9)
    for _ in range(50):
        layer.forward(page_batch(rng), train=True)
    sample = np.array([[8.0, -2.0, 1.0]])
    expected = (sample[0] - layer.running_mean) / np.sqrt(layer.running_var + layer.eps)
    batch = np.vstack([sample, page_batch(rng, 9)])
    assert np.allclose(layer.forward(batch, train=False)[0], expected)


def test_batch_of_one_outputs_beta_whatever_the_input():
    beta = np.array([0.1, -0.2, 0.3])
    layer = BatchNormalization(np.ones(3), beta)
    assert np.array_equal(layer.forward(np.array([[8.0, -2.0, 1.0]]), train=True), beta[None])


# --------------------------------------------------------------------------- backward pass


def test_backward_gives_column_sums_for_beta_and_a_gradient_that_sums_to_zero(worked):
    ns, glued = worked
    bn, upstream, dx, x = ns["bn"], ns["upstream"], ns["dx"], ns["x"]
    assert np.allclose(bn.dbeta, upstream.sum(axis=0))
    assert np.allclose(bn.dgamma, (upstream * bn.xhat).sum(axis=0))
    assert glued["batch-norm-dx-sum"] < 1e-11  # zero up to rounding
    # Orthogonal to x_hat up to ε: the sum is (1/s) Σ ĝ x̂ · ε / (σ² + ε), not zero.
    var = x.var(axis=0)
    predicted = bn.dgamma * bn.gamma / bn.std * (1e-7 / (var + 1e-7))
    sums = (dx * bn.xhat).sum(axis=0)
    assert np.allclose(sums, predicted, rtol=1e-3, atol=1e-12)
    assert 1e-4 < glued["batch-norm-dx-xhat"] < 1e-2  # "small ... but not zero"
    assert np.argmax(np.abs(sums)) == 1  # "most for the second feature"


def test_single_layer_check_error_for_x_shrinks_about_100_fold_when_h_shrinks_10_fold(worked):
    ns, glued = worked
    errors = ns["errors"]
    assert glued["batch-norm-check-x-h4"] < THRESHOLD  # "acceptable but not impressive"
    assert glued["batch-norm-check-x-h4"] > 1e-9
    assert 30 < glued["batch-norm-check-x-ratio"] < 300  # truncation error ∝ h²
    for name in ("gamma", "beta"):
        assert max(errors[name, 1e-4], errors[name, 1e-5]) < 1e-10  # "tiny with either step"
    # The page's relative error is the tests' one.
    for (name, h), err in errors.items():
        numerical = numerical_gradient(ns["loss"], ns["inputs"][name], h=h)
        assert err == pytest.approx(relative_error(ns["backprop"][name], numerical))
    assert 0.07 < ns["layer"].std[1] < 0.13  # "the second feature's s is about 0.1"


def test_network_gradient_check_is_below_the_threshold_and_hidden_biases_have_none(mnist):
    ns = run_gallery_script("batch_norm", "plot_bn_gradient_check.py")
    backprop, numerical, rel_errors = ns["backprop"], ns["numerical"], ns["rel_errors"]
    assert sum(p.size for p in backprop.values()) == 8_110
    assert ns["threshold"] == THRESHOLD
    assert ns["zero_gradient"] == ["b1", "b2"]
    assert len(ns["checked"]) == 8 and {"gamma1", "beta1", "gamma2", "beta2"} <= set(ns["checked"])
    worst = max(rel_errors[name] for name in ns["checked"])
    assert worst < THRESHOLD
    assert worst < 3e-8  # "well below"
    for name in ("b1", "b2"):
        assert np.abs(backprop[name]).max() < 1e-15  # rounding of the sums
        # the central difference finds nothing but its own rounding noise (possibly none)
        assert np.linalg.norm(numerical[name]) < 1e-10


def test_exercise_hidden_biases_in_front_of_bn_have_no_gradient(mnist):
    (x_train, t_train), _ = mnist
    net = MultiLayerNetExtend(784, [100] * 5, 10, use_batchnorm=True, rng=0)
    grads = net.gradient(x_train[:100], t_train[:100])
    assert max(np.abs(grads[f"b{i}"]).max() for i in range(1, 6)) < 1e-15
    assert np.abs(grads["b6"]).max() > 1e-3


def test_exercise_one_image_leaves_only_the_output_bias_with_a_gradient(mnist):
    (x_train, t_train), _ = mnist
    net = MultiLayerNetExtend(784, [10, 10], 10, use_batchnorm=True, rng=0)
    grads = net.gradient(x_train[:1], t_train[:1])
    assert not grads["W1"].any()  # exactly zero
    assert [k for k, g in grads.items() if g.any()] == ["b3"]


def test_exercise_running_averages_come_65_percent_of_the_way_in_10_batches_and_99_in_44():
    rng = np.random.default_rng(5)
    layer = BatchNormalization(np.ones(3), np.zeros(3), momentum=0.9)
    batch = page_batch(rng)
    fractions = {}
    for k in range(1, 45):
        layer.forward(batch, train=True)
        fractions[k] = layer.running_mean / batch.mean(axis=0)
    assert np.allclose(fractions[10], 1 - 0.9**10)
    assert round(1 - 0.9**10, 2) == 0.65
    assert np.all(fractions[43] < 0.99) and np.all(fractions[44] > 0.99)
    assert math.log(0.01) / math.log(0.9) == pytest.approx(43.7, abs=0.05)


# --------------------------------------------------------------------------- page = gallery


def _cached_calls(code: str) -> dict[str, list[str]]:
    calls: dict[str, list[str]] = {}
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "cached":
            dtype = [k.value for k in node.keywords if k.arg == "dtype"]
            key = node.args[0].value + (f"/{ast.literal_eval(dtype[0])}" if dtype else "")
            calls.setdefault(key, []).append(ast.dump(node))
    return calls


def test_page_and_gallery_run_the_same_experiments_with_the_same_settings():
    """The page reads the gallery's cached results: it must ask with the same functions (those
    of nnbook.experiments) and the same settings."""
    page = page_code()
    scripts = {
        name: (GALLERY / name).read_text(encoding="utf-8")
        for name in ("plot_bn_vs_plain.py", "plot_weight_scales.py", "plot_bn_gradient_check.py")
    }
    calls = _cached_calls(page)
    assert (
        calls["bn_and_plain/float64"]
        == _cached_calls(scripts["plot_bn_vs_plain.py"])["bn_and_plain/float64"]
    )
    assert (
        calls["bn_and_plain/float32"]
        == _cached_calls(scripts["plot_weight_scales.py"])["bn_and_plain/float32"]
    )
    assert (
        calls["bn_gradient_check"]
        == _cached_calls(scripts["plot_bn_gradient_check.py"])["bn_gradient_check"]
    )


# --------------------------------------------------------------------------- the experiments


@pytest.mark.slow
def test_batchnorm_learns_faster_with_he_initialization_but_does_not_generalise_better(mnist):
    ns = run_gallery_script("batch_norm", "plot_bn_vs_plain.py")
    bn, plain = ns["bn"], ns["plain"]
    train_bn, train_plain = np.array(bn.train_acc), np.array(plain.train_acc)
    test_bn, test_plain = np.array(bn.test_acc), np.array(plain.test_acc)
    assert len(train_bn) == len(train_plain) == FULL_LENGTH
    assert len(bn.train_loss) == 200  # 20 epochs of 1 000 / 100 mini-batches
    assert train_bn[0] == train_plain[0] < 0.15  # same start, about one in ten
    # Left panel: ahead after every epoch, clearly from the second on.
    assert np.all(train_bn[1:] > train_plain[1:])
    assert np.all(train_bn[2:] - train_plain[2:] > 0.1)
    assert train_bn[-1] > 0.95  # "nearly all of its 1 000 training images"
    assert train_plain[-1] < 0.9 and train_plain[-1] > train_plain[-3]  # "still climbing"
    reach = int(np.argmax(train_bn >= train_plain[-1]))
    assert 0 < reach <= 10  # reaches in at most half the epochs what the plain net reaches in 20
    # Right panel: both lower on the test images; BN ahead at first, overtaken at the end.
    assert test_bn[-1] < train_bn[-1] and test_plain[-1] < train_plain[-1]
    ahead = test_plain > test_bn
    overtake = next(e for e in range(FULL_LENGTH) if ahead[e:].all())
    assert 10 <= overtake < FULL_LENGTH - 1  # "in the last epochs"
    assert np.all(test_bn[2:overtake] > test_plain[2:overtake])  # "leads ... at first"
    assert test_plain[-1] > test_bn[-1]
    # "learns its training set faster, and overfits it faster too": the wider gap.
    assert train_bn[-1] - test_bn[-1] > train_plain[-1] - test_plain[-1]


@pytest.mark.slow
def test_batchnorm_is_ahead_in_at_least_12_of_16_weight_scales(mnist):
    ns = run_gallery_script("batch_norm", "plot_weight_scales.py")
    scales, grid = ns["scales"], ns["grid"]
    assert np.allclose(scales, np.logspace(0, -4, 16))
    final_bn = np.array([runs["bn"].train_acc[-1] for runs in grid])
    final_plain = np.array([runs["plain"].train_acc[-1] for runs in grid])
    overflow = np.array([len(runs["plain"].train_acc) < FULL_LENGTH for runs in grid])
    bn_ahead = overflow | (final_bn > final_plain)
    assert list(bn_ahead) == ns["bn_ahead"]  # the script's count is the page's count
    assert bn_ahead.sum() >= 12  # measured: 14 of 16
    # With BN the network never overflows and learns at every scale ...
    assert all(len(runs["bn"].train_acc) == FULL_LENGTH for runs in grid)
    assert final_bn.min() > 0.4
    # ... fastest in the middle, more slowly towards both ends.
    assert 3 < int(np.argmax(final_bn)) < 12
    assert max(final_bn[0], final_bn[-1]) < 0.75 < final_bn[4:12].min()
    # Without BN: overflow at exactly the two largest scales, stopping at once.
    assert list(np.flatnonzero(overflow)) == [0, 1]
    assert all(len(grid[i]["plain"].train_acc) == 1 for i in (0, 1))
    # At the next scales it learns, faster even than BN: those are the panels BN is not ahead.
    plain_ahead = np.flatnonzero(~bn_ahead)
    assert list(plain_ahead) == [2, 3]
    assert np.all(final_plain[plain_ahead] > final_bn[plain_ahead])
    # Below them ever more slowly, and from about 0.025 down never past guessing.
    assert np.all(np.diff(final_plain[2:]) <= 1e-9)
    stuck = ~overflow & (final_plain < 0.15)
    assert scales[stuck].max() == pytest.approx(0.0251, rel=0.01)
    assert np.all(stuck[6:]) and not np.any(stuck[:6])
    for i in np.flatnonzero(stuck):
        assert max(grid[i]["plain"].train_acc) < 0.2


@pytest.mark.slow
def test_float64_puts_batchnorm_ahead_in_the_same_panels_as_float32(mnist):
    ns = run_gallery_script("batch_norm", "plot_weight_scales.py")
    settings = {"n_train": 1000, "epochs": 20, "lr": 0.01, "seed": 0, "with_test": False}
    ahead64 = []
    for scale in ns["scales"]:
        runs = cached(
            "bn_and_plain",
            train_bn_and_plain,
            weight_init_std=float(scale),
            dtype="float64",
            **settings,
        )
        bn, plain = runs["bn"].train_acc, runs["plain"].train_acc
        ahead64.append(len(plain) < FULL_LENGTH or bn[-1] > plain[-1])
    assert ahead64 == ns["bn_ahead"]


def test_small_initial_weights_leave_the_first_layer_almost_no_gradient(mnist):
    """The script's explanation: without BN, the signal and its gradient fade layer by layer."""
    (x_train, t_train), _ = mnist
    x, t = x_train[:100], t_train[:100]

    def first_layer_gradient(std):
        net = MultiLayerNetExtend(784, [100] * 5, 10, weight_init_std=std, rng=0)
        return np.linalg.norm(net.gradient(x, t)["W1"])

    assert first_layer_gradient(0.025) < 1e-3 * first_layer_gradient("he")
    with_bn = MultiLayerNetExtend(
        784, [100] * 5, 10, weight_init_std=0.025, use_batchnorm=True, rng=0
    )
    assert np.linalg.norm(with_bn.gradient(x, t)["W1"]) > 1e-2


@pytest.mark.slow
def test_exercise_learning_rate_1_trains_with_bn_and_stalls_without(mnist):
    (x_train, t_train), _ = mnist
    x, t = x_train[:1000], t_train[:1000]
    results = {}
    for use_bn in (True, False):
        net = MultiLayerNetExtend(784, [100] * 5, 10, use_batchnorm=use_bn, rng=0)
        trainer = Trainer(net, x, t, epochs=20, optimizer_params={"lr": 1.0}, rng=0, verbose=False)
        history = trainer.train()
        results[use_bn] = (history.train_acc[-1], net)
    assert results[True][0] >= 0.99  # measured: 1.0
    acc, plain = results[False]
    assert 0.1 < acc < 0.13  # "about 12 %"
    assert len(np.unique(plain.predict(x).argmax(axis=1))) == 1  # the same class for every image
    assert abs(plain.loss(x, t) - math.log(10)) < 0.05


@pytest.mark.slow
def test_numbers_the_page_states_about_its_experiments(mnist):
    """Run the whole page, as the build does, and check the glued numbers against its prose."""
    ns, glued = run_page()
    # Gradient check of the network.
    assert glued["batch-norm-net-n-checked"] == 8
    assert glued["batch-norm-threshold"] == THRESHOLD
    assert glued["batch-norm-net-max-error"] < THRESHOLD
    assert glued["batch-norm-bias-grad"] < 1e-15
    # Learning faster, with He initialization.
    assert glued["batch-norm-final-train-bn"] > glued["batch-norm-final-train-plain"]
    reach = glued["batch-norm-reach-epoch"]
    assert 0 < reach < 20  # "reaches in `reach` epochs what the plain one reaches in 20"
    assert ns["train_bn"][reach] >= glued["batch-norm-final-train-plain"]
    overtake = glued["batch-norm-overtake-epoch"]
    assert 2 < overtake < 20
    assert np.all(ns["test_bn"][2:overtake] > ns["test_plain"][2:overtake])  # "leads at first"
    assert np.all(ns["test_plain"][overtake:] > ns["test_bn"][overtake:])  # "from epoch … on"
    assert glued["batch-norm-final-test-plain"] > glued["batch-norm-final-test-bn"]
    # Sixteen weight scales.
    assert glued["batch-norm-n-panels"] == 16
    assert glued["batch-norm-n-ahead"] >= 12  # measured: 14
    assert glued["batch-norm-n-overflow"] == 2
    assert list(np.flatnonzero(ns["overflow"])) == [0, 1]  # "the largest"
    assert glued["batch-norm-plain-ahead-en"] == "0.29 and 0.16"
    assert glued["batch-norm-plain-ahead-zh"] == "0.29、0.16"
    ahead_plain = ~ns["bn_ahead"]
    assert np.all(ns["final_plain"][ahead_plain] > ns["final_bn"][ahead_plain])  # "faster even"
    assert glued["batch-norm-stuck-from"] == pytest.approx(0.0251, rel=0.01)
    assert 0.4 < glued["batch-norm-bn-min"] < glued["batch-norm-bn-max"] <= 1.0
    gallery = run_gallery_script("batch_norm", "plot_weight_scales.py")
    assert glued["batch-norm-n-ahead"] == sum(gallery["bn_ahead"])  # page and figure agree
