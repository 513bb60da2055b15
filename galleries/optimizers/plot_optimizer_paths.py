r"""
Six optimizers on the elongated bowl ‖ 六种优化器在狭长碗上的路径
=================================================================

.. only:: lang_en

   Each optimizer of :mod:`nnbook.optimizers` takes 30 steps on
   :math:`f(x, y) = x^2 / 20 + y^2` from :math:`(-7, 2)`, followed with
   :func:`nnbook.optimizers.descent_path`. The learning rates of SGD, Momentum, AdaGrad and Adam
   are the ones Saitoh's *Deep Learning from Scratch* uses for this experiment; Nesterov gets
   the same rate as Momentum so that the two can be compared directly, and RMSprop gets 0.1.

.. only:: lang_zh

   :mod:`nnbook.optimizers` 中的每个优化器都从 :math:`(-7, 2)` 出发，在
   :math:`f(x, y) = x^2 / 20 + y^2` 上走 30 步，路径由 :func:`nnbook.optimizers.descent_path`
   记录。SGD、Momentum、AdaGrad 和 Adam 的学习率与斋藤康毅《深度学习入门》中这个实验所用的相同；
   Nesterov 用和 Momentum 一样的学习率，便于两者直接比较；RMSprop 用 0.1。
"""

# %%
# .. only:: lang_en
#
#    Why 0.1 for RMSprop: its running average of squared gradients starts at zero and, with the
#    default decay rate 0.99, holds only 1 % of the first squared gradient after the first step.
#    So the first step is :math:`\eta / \sqrt{0.01} = 10\eta` in every coordinate, whatever the
#    gradient; with :math:`\eta = 0.1` that is a step of 1, half the height of the start above
#    the valley floor. (Adam corrects exactly this start-up effect; see the chapter.)
#
# .. only:: lang_zh
#
#    RMSprop 为什么用 0.1：它的梯度平方移动平均从零开始，在默认衰减率 0.99 下，
#    第一步之后只含第一个梯度平方的 1%。所以不管梯度是多少，第一步在每个坐标上都是
#    :math:`\eta / \sqrt{0.01} = 10\eta`；取 :math:`\eta = 0.1`，这一步长为 1，
#    是起点离谷底高度的一半。（Adam 修正的正是这种起步效应，见正文。）

import numpy as np

from nnbook.optimizers import SGD, AdaGrad, Adam, Momentum, Nesterov, RMSprop, descent_path
from nnbook.plotting import show, subplots, tr


def f(x, y):
    return x**2 / 20 + y**2


def grad_f(p):
    return np.array([p[0] / 10, 2 * p[1]])


optimizers = {
    "SGD": SGD(lr=0.95),
    "Momentum": Momentum(lr=0.1),
    "Nesterov": Nesterov(lr=0.1),
    "AdaGrad": AdaGrad(lr=1.5),
    "RMSprop": RMSprop(lr=0.1),
    "Adam": Adam(lr=0.3),
}
paths = {
    name: descent_path(opt, grad_f, [-7.0, 2.0], steps=30) for name, opt in optimizers.items()
}
for name, path in paths.items():
    x, y = path[-1]
    print(
        f"{name:9s} lr = {optimizers[name].lr:4}: ends at ({x:6.3f}, {y:6.3f}), f = {f(x, y):.4f}"
    )

# %%
# .. only:: lang_en
#
#    SGD zigzags across the valley and creeps along it. Momentum and Nesterov roll like a ball:
#    they overshoot in :math:`y` at first, but the alternating :math:`y` steps cancel in the
#    velocity while the :math:`x` steps add up, so they travel along the valley fast, far enough
#    to overshoot the minimum in :math:`x` too. Nesterov's look-ahead damps the swings across the
#    valley sooner. AdaGrad shrinks the steps of the steep :math:`y` coordinate most, and its
#    path bends smoothly onto the valley floor. RMSprop does the same but forgets old gradients,
#    and Adam combines a velocity with per-coordinate step sizes: a damped roll along the valley.
#
# .. only:: lang_zh
#
#    SGD 在山谷两侧之间来回折返，沿着山谷缓慢前进。Momentum 和 Nesterov 像滚动的小球：
#    一开始在 :math:`y` 方向冲过了头，但 :math:`y` 方向正负交替的步子在速度里相互抵消，
#    而 :math:`x` 方向的步子不断累加，所以它们沿着山谷走得很快，快到在 :math:`x`
#    方向也冲过了最小值。Nesterov 的“向前看”让横跨山谷的摆动更早平息。AdaGrad
#    对陡峭的 :math:`y` 坐标把步子缩得最多，路径平滑地拐到谷底。RMSprop 的做法相同，
#    但会遗忘旧的梯度；Adam 把速度和逐坐标的步长结合起来：沿着山谷阻尼滚动。

xs, ys = np.linspace(-10, 10, 201), np.linspace(-3, 3, 61)
X, Y = np.meshgrid(xs, ys)
fig, axes = subplots(2, 3, name="optimizers-paths", figsize=(10.5, 3.3), sharex=True, sharey=True)
for ax, (name, path) in zip(axes.flat, paths.items(), strict=True):
    ax.contour(X, Y, f(X, Y), levels=[0.25, 1, 2.25, 4, 6.25, 9], colors="grey", alpha=0.5)
    ax.plot(path[:, 0], path[:, 1], "o-", color="C3", markersize=3, linewidth=1.2)
    ax.plot([0.0], [0.0], "+", color="black", markersize=12)
    ax.set_title(f"{name} (η = {optimizers[name].lr})")
    ax.set_xlim(-10, 10)
    ax.set_ylim(-3, 3)
    ax.set_aspect("equal")
for ax in axes[1]:
    ax.set_xlabel("x")
for ax in axes[:, 0]:
    ax.set_ylabel("y")
fig.suptitle(tr("30 steps from (−7, 2)", "从 (−7, 2) 出发走 30 步"))
show()
