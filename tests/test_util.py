"""Tests for nnbook.util: smooth_curve, and the cache of the book's experiments."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnbook.util import smooth_curve


def test_smoothing_keeps_length_and_constants():
    assert np.array_equal(smooth_curve(np.full(20, 2.5), window=7), np.full(20, 2.5))


@given(st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=60), st.integers(0, 6))
def test_smoothed_values_stay_within_the_range_of_the_data(values, half):
    out = smooth_curve(values, window=2 * half + 1)
    assert out.shape == (len(values),)
    assert out.min() >= min(values) - 1e-9 and out.max() <= max(values) + 1e-9


def test_smoothing_reduces_noise():
    rng = np.random.default_rng(0)
    noisy = np.linspace(2.3, 0.3, 500) + 0.2 * rng.standard_normal(500)
    smooth = smooth_curve(noisy, window=21)
    assert np.std(np.diff(smooth)) < 0.2 * np.std(np.diff(noisy))


@pytest.mark.parametrize("window", [0, 4, 2.5])
def test_bad_window_is_rejected(window):
    with pytest.raises(ValueError, match="odd"):
        smooth_curve([1.0, 2.0, 3.0], window=window)


def test_cached_computes_once_and_reuses_the_stored_result(tmp_path, monkeypatch):
    from nnbook.util import cached

    calls = []

    def compute(n):
        calls.append(n)
        return np.arange(n)

    monkeypatch.setenv("NNBOOK_CACHE", str(tmp_path))
    first = cached("demo", compute, n=4)
    second = cached("demo", compute, n=4)
    assert np.array_equal(first, second) and calls == [4]
    cached("demo", compute, n=5)  # other parameters: another entry
    assert calls == [4, 5]
    assert not list(tmp_path.glob("*.tmp"))


def test_cached_without_a_cache_directory_just_computes(monkeypatch):
    from nnbook.util import cached

    monkeypatch.delenv("NNBOOK_CACHE", raising=False)
    calls = []
    assert cached("demo", lambda: calls.append(1) or 7) == 7
    assert cached("demo", lambda: calls.append(1) or 7) == 7
    assert calls == [1, 1]


def test_cached_recomputes_when_the_compute_function_changes(tmp_path, monkeypatch):
    from nnbook.util import cached

    monkeypatch.setenv("NNBOOK_CACHE", str(tmp_path))
    assert cached("demo", lambda n: n + 1, n=1) == 2
    assert cached("demo", lambda n: n + 2, n=1) == 3  # same name and params, other code
    assert cached("demo", lambda n: n + 1, n=1) == 2  # identical code: the stored result
    assert len(list(tmp_path.glob("demo-*.pkl"))) == 2


def _define(source: str):
    """The function ``run`` defined by `source`, compiled as a module of its own."""
    namespace: dict = {}
    exec(compile(source, "<experiment>", "exec"), namespace)
    return namespace["run"]


EXPERIMENT = '''
import numpy as np
from nnbook.layers import Affine


def run(n):
    """Docstring, version {doc}."""
    # A comment, version {doc}.
    return Affine(np.ones((n, 2)), np.zeros(2)).forward(np.ones((1, n))).sum() * {factor}
'''


def test_editing_an_experiment_s_docstring_or_comments_keeps_its_cache_key():
    from nnbook.util import experiment_fingerprint

    first = experiment_fingerprint(_define(EXPERIMENT.format(doc=1, factor=2)))
    second = experiment_fingerprint(_define(EXPERIMENT.format(doc=2, factor=2)))
    assert first == second


def test_editing_an_experiment_s_code_changes_its_cache_key():
    from nnbook.util import experiment_fingerprint

    first = experiment_fingerprint(_define(EXPERIMENT.format(doc=1, factor=2)))
    other = experiment_fingerprint(_define(EXPERIMENT.format(doc=1, factor=3)))
    assert first != other


def test_an_experiment_s_key_covers_the_library_code_it_runs_and_nothing_else():
    from nnbook.util import _definitions_used

    used = set(_definitions_used(_define(EXPERIMENT.format(doc=1, factor=2))))
    assert {"nnbook.layers.Affine", "nnbook._validation.as_batch"} <= used
    assert not [name for name in used if name.startswith(("nnbook.plotting", "nnbook.graph"))]
    assert "nnbook.layers.BatchNormalization" not in used


def test_editing_another_experiment_of_the_same_module_keeps_the_key(monkeypatch):
    from nnbook import experiments
    from nnbook.util import experiment_fingerprint

    before = experiment_fingerprint(experiments.check_gradients)
    monkeypatch.setattr(experiments, "through_sigmoids", lambda a, k: 0.0)
    assert experiment_fingerprint(experiments.check_gradients) == before

    def relative_error(a, b):  # what it does call, edited
        return 0.0

    relative_error.__module__ = "nnbook.gradient"
    monkeypatch.setattr(experiments, "relative_error", relative_error)
    assert experiment_fingerprint(experiments.check_gradients) != before


def test_a_library_docstring_does_not_enter_the_key_but_its_code_does(monkeypatch):
    from nnbook import layers
    from nnbook.util import experiment_fingerprint

    run = _define(EXPERIMENT.format(doc=1, factor=2))
    before = experiment_fingerprint(run)
    monkeypatch.setattr(layers.Affine, "__doc__", "Another docstring.")
    assert experiment_fingerprint(run) == before
    monkeypatch.setattr(layers.Relu, "backward", lambda self, dout: dout)  # not reached
    assert experiment_fingerprint(run) == before
    monkeypatch.setattr(layers.Affine, "backward", lambda self, dout: dout)
    assert experiment_fingerprint(run) != before


def test_experiment_keys_are_the_same_in_every_process():
    """Keys must not depend on the order of sets or dicts, which changes with the hash seed."""
    import os
    import subprocess
    import sys

    script = (
        "from nnbook import experiments, hyperopt\n"
        "from nnbook.util import experiment_fingerprint as key\n"
        "print(key(experiments.train_two_layer_mnist), key(hyperopt.search_hyperparameters))\n"
    )
    keys = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3", "4")
    }
    assert len(keys) == 1, keys


def test_pickling_an_instance_does_not_change_the_key_of_an_experiment_using_its_class():
    import pickle

    from nnbook.nets import Perceptron
    from nnbook.util import experiment_fingerprint

    def experiment():
        return Perceptron(2)

    before = experiment_fingerprint(experiment)
    pickle.dumps(Perceptron(2))  # adds __slotnames__ to the class
    assert experiment_fingerprint(experiment) == before
