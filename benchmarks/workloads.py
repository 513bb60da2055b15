"""The benchmark workloads, each written twice: with nnbook, and right beside it with PyTorch.

A workload's ``setup(impl, dtype)`` builds everything that is not to be timed (network, data,
optimizer) and returns ``(run, score)``: ``run()`` is the timed work, ``score()`` the test
accuracy afterwards (``None`` for workloads that do not train). Both implementations start from
the same initial weights (the PyTorch network copies nnbook's) and see the same mini-batches in
the same order, so their accuracies are comparable too. The PyTorch versions are written the
way its documentation teaches: ``nn`` modules, autograd, ``torch.optim``, ``F.cross_entropy``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from nnbook.datasets import load_mnist
from nnbook.layers import Affine, BatchNormalization, Dropout, Relu, Sigmoid, SoftmaxWithLoss
from nnbook.nets import MultiLayerNet, MultiLayerNetExtend, TwoLayerNet
from nnbook.trainer import Trainer

#: Accuracy during training is measured on this many training images after every epoch.
EVAL_SAMPLES = 1000
SEED = 0

Run = Callable[[], object]
Score = Callable[[], float | None]


@dataclass
class Workload:
    """One benchmark: a title in both languages and a setup for each implementation."""

    key: str
    title: dict[str, str]
    setup: Callable[[str, np.dtype], tuple[Run, Score]]
    #: Calls per run for workloads reported per call (the layers), else None (whole run).
    calls: int | None = None
    #: Matrix FLOPs of one run, for the fraction of the matmul peak (None: not reported).
    flops: float | None = None
    tags: set[str] = field(default_factory=set)


# --------------------------------------------------------------------------- data


class Data:
    """MNIST in float64 and float32, as NumPy arrays and as PyTorch tensors sharing them."""

    def __init__(self) -> None:
        self._numpy: dict[np.dtype, tuple] = {}

    def numpy(self, dtype: np.dtype):
        dtype = np.dtype(dtype)
        if dtype not in self._numpy:
            self._numpy[dtype] = load_mnist(dtype=dtype)
        return self._numpy[dtype]

    def torch(self, dtype: np.dtype):
        import torch

        (x, t), (xt, tt) = self.numpy(dtype)
        return (torch.from_numpy(x), torch.from_numpy(t)), (
            torch.from_numpy(xt),
            torch.from_numpy(tt),
        )


DATA = Data()


# --------------------------------------------------------------------------- PyTorch helpers


def torch_dtype(dtype: np.dtype):
    import torch

    return {np.dtype(np.float64): torch.float64, np.dtype(np.float32): torch.float32}[dtype]


def torch_model(net):
    """A ``torch.nn.Sequential`` with the layers of nnbook network `net` and its weights."""
    import torch
    from torch import nn

    dtype = torch_dtype(net.dtype)
    modules = []
    for layer in net.layers:
        if isinstance(layer, Affine):
            n_in, n_out = layer.W.shape
            linear = nn.Linear(n_in, n_out, dtype=dtype)
            with torch.no_grad():
                linear.weight.copy_(torch.from_numpy(layer.W.T.copy()))
                linear.bias.copy_(torch.from_numpy(layer.b))
            modules.append(linear)
        elif isinstance(layer, BatchNormalization):
            # PyTorch's momentum is the weight of the new batch: nnbook's 1 − momentum.
            modules.append(
                nn.BatchNorm1d(
                    layer.gamma.size, eps=layer.eps, momentum=1 - layer.momentum, dtype=dtype
                )
            )
        elif isinstance(layer, Relu):
            modules.append(nn.ReLU())
        elif isinstance(layer, Sigmoid):
            modules.append(nn.Sigmoid())
        elif isinstance(layer, Dropout):
            modules.append(nn.Dropout(layer.ratio))
        else:
            raise TypeError(f"no PyTorch counterpart for {type(layer).__name__}")
    return nn.Sequential(*modules)


def torch_optimizer(name: str, params, lr: float):
    """The PyTorch optimizer matching nnbook's `name`, with nnbook's other settings."""
    import torch

    if name == "sgd":
        return torch.optim.SGD(params, lr=lr)
    if name == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=0.9)
    if name == "adagrad":
        return torch.optim.Adagrad(params, lr=lr, eps=1e-7)
    if name == "adam":
        return torch.optim.Adam(params, lr=lr, betas=(0.9, 0.999), eps=1e-8)
    raise ValueError(name)


def torch_accuracy(model, x, t) -> float:
    import torch

    model.eval()
    with torch.no_grad():
        acc = (model(x).argmax(dim=1) == t).double().mean().item()
    model.train()
    return acc


def torch_train(model, optimizer, x, t, batch_size: int, iterations: int, seed: int) -> list:
    """PyTorch's version of :meth:`nnbook.trainer.Trainer.train`: the same batches, in order.

    Each epoch visits a permutation of the training data drawn from the same seeded NumPy
    generator as the Trainer's, and accuracy is measured on the same subsets after every epoch.
    """
    import torch
    import torch.nn.functional as F

    rng = np.random.default_rng(seed)
    n = len(x)
    iter_per_epoch = n // batch_size

    def evaluate() -> float:
        if EVAL_SAMPLES >= n:
            return torch_accuracy(model, x, t)
        idx = torch.from_numpy(rng.choice(n, size=EVAL_SAMPLES, replace=False))
        return torch_accuracy(model, x[idx], t[idx])

    history = [evaluate()]
    losses = []
    iteration = 0
    for _ in range(math.ceil(iterations / iter_per_epoch)):
        order = torch.from_numpy(rng.permutation(n))
        for b in range(iter_per_epoch):
            if iteration >= iterations:
                break
            idx = order[b * batch_size : (b + 1) * batch_size]
            loss = F.cross_entropy(model(x[idx]), t[idx])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
            iteration += 1
        history.append(evaluate())
    return losses


# --------------------------------------------------------------------------- training workloads


def training_setup(
    make_net: Callable[[np.dtype], object],
    *,
    batch_size: int,
    iterations: int,
    optimizers: tuple[tuple[str, float], ...],
    n_train: int | None = None,
) -> Callable[[str, np.dtype], tuple[Run, Score]]:
    """Setup for "train `make_net` with each optimizer for `iterations` mini-batches"."""

    def setup(impl: str, dtype: np.dtype):
        (x, t), (xt, tt) = DATA.numpy(dtype) if impl == "nnbook" else DATA.torch(dtype)
        if n_train is not None:
            x, t = x[:n_train], t[:n_train]
        epochs = math.ceil(iterations / (len(x) // batch_size))
        nets = [make_net(dtype) for _ in optimizers]
        if impl == "nnbook":

            def run():
                for net, (name, lr) in zip(nets, optimizers, strict=True):
                    Trainer(
                        net, x, t, epochs=epochs, batch_size=batch_size, optimizer=name,
                        optimizer_params={"lr": lr}, max_iterations=iterations,
                        eval_sample_size=EVAL_SAMPLES, rng=SEED, verbose=False,
                    ).train()  # fmt: skip

            def score():
                return float(np.mean([net.accuracy(xt, tt) for net in nets]))

            return run, score

        models = [torch_model(net) for net in nets]

        def run_torch():
            for model, (name, lr) in zip(models, optimizers, strict=True):
                optimizer = torch_optimizer(name, model.parameters(), lr)
                torch_train(model, optimizer, x, t, batch_size, iterations, SEED)

        def score_torch():
            return float(np.mean([torch_accuracy(model, xt, tt) for model in models]))

        return run_torch, score_torch

    return setup


def two_layer_net(dtype):
    return TwoLayerNet(784, 50, 10, activation="relu", rng=SEED, dtype=dtype)


def five_layer_net(dtype):
    return MultiLayerNet(784, [100] * 4, 10, weight_init_std="he", rng=SEED, dtype=dtype)


def batchnorm_net(dtype):
    return MultiLayerNetExtend(
        784, [100] * 5, 10, weight_init_std="he", use_batchnorm=True, rng=SEED, dtype=dtype
    )


def dropout_net(dtype):
    return MultiLayerNetExtend(
        784, [100] * 6, 10, use_dropout=True, dropout_ratio=0.2, rng=SEED, dtype=dtype
    )


# --------------------------------------------------------------------------- numerical gradient


def numerical_gradient_setup(hidden: int, batch: int):
    def setup(impl: str, dtype: np.dtype):
        (x, t), _ = DATA.numpy(dtype)
        x, t = x[:batch], t[:batch]
        net = TwoLayerNet(784, hidden, 10, activation="sigmoid", rng=SEED, dtype=dtype)
        if impl == "nnbook":
            return (lambda: net.numerical_gradient(x, t)), (lambda: None)
        return torch_numerical_gradient(torch_model(net), x, t), (lambda: None)

    return setup


def torch_numerical_gradient(model, x, t, h: float = 1e-4) -> Run:
    """Central differences over every parameter, as :meth:`nnbook.nets.Net.numerical_gradient`.

    Parameters are perturbed through NumPy views of the tensors' memory, which is faster than
    indexing a tensor element by element; each loss is a PyTorch forward pass.
    """
    import torch
    import torch.nn.functional as F

    xt, tt = torch.from_numpy(x), torch.from_numpy(t)

    def loss() -> float:
        return F.cross_entropy(model(xt), tt).item()

    def run():
        grads = []
        with torch.no_grad():
            for p in model.parameters():
                values = p.detach().numpy().reshape(-1)
                grad = np.zeros_like(values)
                for i in range(values.size):
                    original = values[i]
                    values[i] = original + h
                    f_plus = loss()
                    values[i] = original - h
                    f_minus = loss()
                    values[i] = original
                    grad[i] = (f_plus - f_minus) / (2 * h)
                grads.append(grad)
        return grads

    return run


# --------------------------------------------------------------------------- single layers


def layer_setup(kind: str, calls: int):
    """Forward and backward of one layer at the book's shapes, `calls` times."""

    def setup(impl: str, dtype: np.dtype):
        rng = np.random.default_rng(SEED)
        shapes = {
            "affine": (100, 784),
            "relu": (100, 50),
            "sigmoid": (100, 50),
            "softmax": (100, 10),
            "batchnorm": (100, 100),
            "dropout": (100, 100),
        }
        x = rng.standard_normal(shapes[kind]).astype(dtype)
        t = rng.integers(0, 10, size=100)
        W = (0.01 * rng.standard_normal((784, 50))).astype(dtype)
        b = np.zeros(50, dtype=dtype)
        d = 100 if kind in {"batchnorm", "dropout"} else 50
        dout = rng.standard_normal((100, d)).astype(dtype)
        if impl == "nnbook":
            return nnbook_layer_run(kind, calls, x, t, W, b, dout), (lambda: None)
        return torch_layer_run(kind, calls, x, t, W, b, dout), (lambda: None)

    return setup


def nnbook_layer_run(kind, calls, x, t, W, b, dout) -> Run:
    if kind == "softmax":
        layer = SoftmaxWithLoss()

        def run():
            for _ in range(calls):
                layer.forward(x, t)
                layer.backward()

        return run
    layer = {
        "affine": lambda: Affine(W, b),
        "relu": Relu,
        "sigmoid": Sigmoid,
        "batchnorm": lambda: BatchNormalization(
            np.ones(100, dtype=x.dtype), np.zeros(100, dtype=x.dtype)
        ),
        "dropout": lambda: Dropout(0.5, rng=SEED),
    }[kind]()

    def run():
        for _ in range(calls):
            layer.forward(x)
            layer.backward(dout)

    return run


def torch_layer_run(kind, calls, x, t, W, b, dout) -> Run:
    import torch
    import torch.nn.functional as F

    x = torch.from_numpy(x).requires_grad_(True)
    t = torch.from_numpy(t)
    dout = torch.from_numpy(dout)
    grad = torch.autograd.grad
    if kind == "affine":
        W = torch.from_numpy(W).requires_grad_(True)
        b = torch.from_numpy(b).requires_grad_(True)

        def step():
            grad(torch.addmm(b, x, W), (x, W, b), dout)

    elif kind in {"relu", "sigmoid"}:
        op = torch.relu if kind == "relu" else torch.sigmoid

        def step():
            grad(op(x), (x,), dout)

    elif kind == "softmax":

        def step():
            grad(F.cross_entropy(x, t), (x,))

    elif kind == "batchnorm":
        gamma = torch.ones(100, dtype=x.dtype, requires_grad=True)
        beta = torch.zeros(100, dtype=x.dtype, requires_grad=True)
        mean, var = torch.zeros(100, dtype=x.dtype), torch.ones(100, dtype=x.dtype)

        def step():
            out = F.batch_norm(x, mean, var, gamma, beta, training=True, momentum=0.1, eps=1e-7)
            grad(out, (x, gamma, beta), dout)

    else:

        def step():
            grad(F.dropout(x, 0.5, training=True), (x,), dout)

    def run():
        for _ in range(calls):
            step()

    return run


# --------------------------------------------------------------------------- the list


def two_layer_flops(batch: int, iterations: int) -> float:
    """The usual count for training a dense net: 6 FLOPs per weight and sample (forward 2,
    backward 4: the gradients of the weights and of the layer's input)."""
    weights = 784 * 50 + 50 * 10
    return 6.0 * batch * weights * iterations


def spaced(n: int) -> str:
    """10000 → "10 000", with a no-break space, as the book writes numbers."""
    return f"{n:,}".replace(",", "\u00a0")


def workloads(quick: bool = False) -> list[Workload]:
    """All workloads; `quick` shortens every one of them (about a tenth) for a trial run."""
    scale = 10 if quick else 1
    two_layer_iters = 10_000 // scale
    layer_calls = 2000 // scale
    layer_titles = {
        "affine": ("Affine 100×784 → 50", "Affine 100×784 → 50"),
        "relu": ("ReLU 100×50", "ReLU 100×50"),
        "sigmoid": ("Sigmoid 100×50", "Sigmoid 100×50"),
        "softmax": ("SoftmaxWithLoss 100×10", "SoftmaxWithLoss 100×10"),
        "batchnorm": ("BatchNormalization 100×100", "BatchNormalization 100×100"),
        "dropout": ("Dropout 100×100", "Dropout 100×100"),
    }
    return [
        Workload(
            "two_layer",
            {
                "en": f"TwoLayerNet 784-50-10 on MNIST, {spaced(two_layer_iters)} iterations",
                "zh": f"TwoLayerNet 784-50-10，MNIST，{spaced(two_layer_iters)} 次迭代",
            },
            training_setup(
                two_layer_net,
                batch_size=100,
                iterations=two_layer_iters,
                optimizers=(("sgd", 0.1),),
            ),
            flops=two_layer_flops(100, two_layer_iters),
            tags={"training", "peak"},
        ),
        Workload(
            "numerical_gradient",
            {
                "en": "numerical gradient of TwoLayerNet 784-50-10, 3 images"
                + (" (hidden 5)" if quick else ""),
                "zh": "TwoLayerNet 784-50-10 的数值梯度，3 张图像"
                + ("（隐藏层 5）" if quick else ""),
            },
            numerical_gradient_setup(hidden=5 if quick else 50, batch=3),
        ),
        Workload(
            "optimizers",
            {
                "en": f"5-layer net, {spaced(2000 // scale)} iterations"
                " × SGD, Momentum, AdaGrad, Adam",
                "zh": f"5 层网络，{spaced(2000 // scale)} 次迭代 × SGD、Momentum、AdaGrad、Adam",
            },
            training_setup(
                five_layer_net,
                batch_size=128,
                iterations=2000 // scale,
                optimizers=(("sgd", 0.01), ("momentum", 0.01), ("adagrad", 0.01), ("adam", 0.001)),
            ),
            tags={"training"},
        ),
        Workload(
            "batchnorm",
            {
                "en": f"MultiLayerNetExtend with BatchNorm, {spaced(1000 // scale)} iterations",
                "zh": f"带 BatchNorm 的 MultiLayerNetExtend，{spaced(1000 // scale)} 次迭代",
            },
            training_setup(
                batchnorm_net,
                batch_size=100,
                iterations=1000 // scale,
                optimizers=(("sgd", 0.01),),
                n_train=1000,
            ),
            tags={"training"},
        ),
        Workload(
            "dropout",
            {
                "en": f"MultiLayerNetExtend with Dropout, {spaced(900 // scale)} iterations",
                "zh": f"带 Dropout 的 MultiLayerNetExtend，{spaced(900 // scale)} 次迭代",
            },
            training_setup(
                dropout_net,
                batch_size=100,
                iterations=900 // scale,
                optimizers=(("sgd", 0.01),),
                n_train=300,
            ),
            tags={"training"},
        ),
        *(
            Workload(
                f"layer_{kind}",
                {"en": en + ", forward + backward", "zh": zh + "，正向 + 反向传播"},
                layer_setup(kind, layer_calls),
                calls=layer_calls,
                tags={"layer"},
            )
            for kind, (en, zh) in layer_titles.items()
        ),
    ]
