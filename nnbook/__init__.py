"""nnbook: the NumPy library of *How Neural Networks Learn* / 《神经网络是如何学习的》.

Modules follow the book's concepts:

- :mod:`nnbook.functions` — activations and loss functions
- :mod:`nnbook.gradient` — numerical differentiation and gradient descent
- :mod:`nnbook.layers` — forward/backward layers for backpropagation
- :mod:`nnbook.graph` — small computational graphs, run backward and drawn
- :mod:`nnbook.optimizers` — SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam, schedules
- :mod:`nnbook.init` — weight initialization
- :mod:`nnbook.nets` — SimpleNet, TwoLayerNet, MultiLayerNet, MultiLayerNetExtend
- :mod:`nnbook.trainer` — the mini-batch training loop
- :mod:`nnbook.datasets` — the MNIST loader and data-splitting helpers
- :mod:`nnbook.hyperopt` — random hyperparameter search
- :mod:`nnbook.experiments` — the MNIST experiments that several scripts, pages and tests run
- :mod:`nnbook.util` — small helpers such as :func:`~nnbook.util.smooth_curve`
- :mod:`nnbook.plotting` — the figure style and labels in the reader's language

Submodules are imported on first use, so ``import nnbook`` stays fast.
"""

from __future__ import annotations

import importlib
from types import ModuleType

__version__ = "0.1.0"

__all__ = [
    "datasets",
    "experiments",
    "functions",
    "gradient",
    "graph",
    "hyperopt",
    "init",
    "layers",
    "nets",
    "optimizers",
    "plotting",
    "trainer",
    "util",
]


def __getattr__(name: str) -> ModuleType:
    if name in __all__:
        return importlib.import_module(f"nnbook.{name}")
    raise AttributeError(f"module 'nnbook' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
