"""Tests for nnbook.trainer: the mini-batch loop, its history, seeding and progress output."""

from __future__ import annotations

import io

import numpy as np
import pytest

from nnbook.layers import BatchNormalization
from nnbook.nets import MultiLayerNet, MultiLayerNetExtend, TwoLayerNet
from nnbook.optimizers import Adam, ExponentialDecay
from nnbook.trainer import Trainer


def toy_problem(n=120, seed=0):
    """Two Gaussian blobs in 3-D, labelled 0 and 1: easy enough to learn in a few epochs."""
    rng = np.random.default_rng(seed)
    t = rng.integers(0, 2, n)
    x = rng.standard_normal((n, 3)) + 2.0 * t[:, None]
    return x, t


def make_trainer(seed=0, **kwargs):
    x, t = toy_problem()
    net = TwoLayerNet(3, 6, 2, weight_init_std="he", activation="relu", rng=seed)
    options = {
        "epochs": 4,
        "batch_size": 20,
        "optimizer": "sgd",
        "optimizer_params": {"lr": 0.1},
        "rng": seed,
        "verbose": False,
    }
    options.update(kwargs)
    return Trainer(net, x[:100], t[:100], x[100:], t[100:], **options)


def test_history_records_one_loss_per_iteration_and_accuracy_per_epoch():
    history = make_trainer().train()
    assert len(history.train_loss) == 4 * (100 // 20)
    assert len(history.train_acc) == len(history.test_acc) == 4 + 1
    assert history.iterations == [0, 5, 10, 15, 20]
    assert all(0.0 <= a <= 1.0 for a in history.train_acc + history.test_acc)


def test_training_lowers_the_loss_and_raises_accuracy_on_separable_data():
    history = make_trainer(epochs=10).train()
    assert np.mean(history.train_loss[-5:]) < np.mean(history.train_loss[:5])
    assert history.test_acc[-1] > 0.9


def test_same_seed_gives_identical_history():
    a = make_trainer(seed=3).train()
    b = make_trainer(seed=3).train()
    assert a.train_loss == b.train_loss
    assert a.test_acc == b.test_acc


def test_different_seeds_give_different_batches():
    a = make_trainer(seed=1).train()
    b = make_trainer(seed=2).train()
    assert a.train_loss != b.train_loss


def test_max_iterations_stops_early_and_still_evaluates():
    history = make_trainer(epochs=10, max_iterations=7).train()
    assert len(history.train_loss) == 7
    assert history.iterations[-1] == 7


def test_optimizer_instance_is_used_as_given():
    opt = Adam(lr=0.01)
    trainer = make_trainer(optimizer=opt, optimizer_params=None)
    trainer.train()
    assert trainer.optimizer is opt
    assert opt.iterations == 20


def test_eval_sample_size_limits_the_evaluation_subset():
    trainer = make_trainer(eval_sample_size=10)
    trainer.train()
    # With 10 samples every accuracy is a multiple of 0.1.
    for acc in trainer.history.train_acc:
        assert acc * 10 == pytest.approx(round(acc * 10))


def test_each_evaluation_measures_on_a_new_random_subset_as_documented():
    trainer = make_trainer(eval_sample_size=10)
    seen = []
    trainer.network.accuracy = lambda x, t: seen.append(x.copy()) or 0.5
    trainer.evaluate()
    trainer.evaluate()
    train_first, _, train_second, _ = seen
    assert len(train_first) == len(train_second) == 10
    assert not np.array_equal(train_first, train_second)


def test_progress_is_written_only_when_asked():
    quiet = io.StringIO()
    make_trainer(stream=quiet, verbose=None).train()  # a StringIO is not a terminal
    assert quiet.getvalue() == ""
    loud = io.StringIO()
    make_trainer(stream=loud, verbose=True).train()
    text = loud.getvalue()
    assert "epoch 4/4" in text and "test acc" in text


class Terminal(io.StringIO):
    """A stream that says it is a terminal, as sys.stderr does in an interactive session."""

    def isatty(self):
        return True


def test_progress_bar_appears_on_a_terminal_by_default_and_not_when_asked_for_silence():
    terminal = Terminal()
    make_trainer(stream=terminal, verbose=None).train()
    text = terminal.getvalue()
    assert "\r[" in text and "#" * 24 in text  # the bar is redrawn in place and fills up
    assert text.count("\n") == 4 and "epoch 4/4" in text and "test acc" in text
    silenced = Terminal()
    make_trainer(stream=silenced, verbose=False).train()
    assert silenced.getvalue() == ""


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"batch_size": 0}, "batch_size"),
        ({"batch_size": 1000}, "exceeds"),
        ({"epochs": 0}, "epochs"),
        ({"optimizer": "adamax"}, "unknown optimizer"),
        ({"eval_sample_size": 0}, "eval_sample_size"),
    ],
)
def test_bad_settings_raise_clear_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        make_trainer(**kwargs)


def test_mismatched_inputs_and_labels_are_rejected():
    x, t = toy_problem()
    net = TwoLayerNet(3, 4, 2, rng=0)
    with pytest.raises(ValueError, match="100 inputs but 99 labels"):
        Trainer(net, x[:100], t[:99])


def test_diverging_training_raises_floating_point_error():
    x, t = toy_problem()
    net = MultiLayerNet(3, [8], 2, rng=0)
    trainer = Trainer(
        net,
        x * 1e3,
        t,
        epochs=5,
        batch_size=10,
        optimizer_params={"lr": 1e6},
        rng=0,
        verbose=False,
    )
    with pytest.raises(FloatingPointError, match="non-finite loss"):
        with np.errstate(all="ignore"):
            trainer.train()


OPTIMIZERS = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"]


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
def test_float32_training_stays_float32_in_params_gradients_state_and_layers(optimizer):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((200, 6)).astype(np.float32)
    t = (x[:, 0] > 0).astype(int) + (x[:, 1] > 0)
    net = MultiLayerNetExtend(
        6, [8, 8], 3, use_batchnorm=True, use_dropout=True, rng=0, dtype=np.float32
    )
    trainer = Trainer(
        net, x, t, epochs=2, batch_size=20, optimizer=optimizer,
        optimizer_params={"lr": ExponentialDecay(0.01, 0.9)}, rng=0, verbose=False,
    )  # fmt: skip
    trainer.train()
    assert {p.dtype for p in net.params.values()} == {np.dtype(np.float32)}
    assert {g.dtype for g in net.gradient(x[:5], t[:5]).values()} == {np.dtype(np.float32)}
    state = [a for attr in ("v", "h", "m") for a in getattr(trainer.optimizer, attr, {}).values()]
    assert {a.dtype for a in state} <= {np.dtype(np.float32)}
    bn = [layer for layer in net.layers if isinstance(layer, BatchNormalization)]
    assert {layer.running_mean.dtype for layer in bn} == {np.dtype(np.float32)}
    assert net.predict(x).dtype == np.float32
