"""The book's elongated bowl ``f(x, y) = x²/20 + y²``, on which the optimizer tests run.

The library's tests (test_optimizers.py) and the chapter's (test_chapter_optimizers.py) follow
every optimizer on it from the same start with the same learning rates: those of the page and of
galleries/optimizers/plot_optimizer_paths.py, with which each optimizer makes good progress.
"""

from __future__ import annotations

import numpy as np

from nnbook.optimizers import SGD, AdaGrad, Adam, Momentum, Nesterov, Optimizer, RMSprop

#: The six optimizers, in the order the chapter introduces them.
OPTIMIZER_CLASSES: list[type[Optimizer]] = [SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam]

#: The learning rate of each optimizer on the bowl.
BOWL_LRS: dict[type[Optimizer], float] = {
    SGD: 0.95,
    Momentum: 0.1,
    Nesterov: 0.1,
    AdaGrad: 1.5,
    RMSprop: 0.1,
    Adam: 0.3,
}

#: Where the paths of the page start.
START = np.array([-7.0, 2.0])


def f(p):
    """The bowl itself: shallow along x, steep along y."""
    return p[0] ** 2 / 20 + p[1] ** 2


def grad_f(p):
    """Gradient of the bowl, ``(x / 10, 2y)``."""
    return np.array([p[0] / 10, 2 * p[1]])
