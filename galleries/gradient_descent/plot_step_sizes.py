r"""
Four learning rates on a parabola ‖ 抛物线上的四种学习率
========================================================

.. only:: lang_en

   Gradient descent on :math:`f(x) = x^2` from :math:`x_0 = 10` with the learning rates
   :math:`\eta = 0.01, 0.2, 1` and :math:`1.1`, 20 steps each, computed with
   :func:`nnbook.gradient.gradient_descent`. One function, one starting point: the learning
   rate alone decides between crawling, converging, bouncing and blowing up.

.. only:: lang_zh

   用 :func:`nnbook.gradient.gradient_descent` 在 :math:`f(x) = x^2` 上做梯度下降，从
   :math:`x_0 = 10` 出发，学习率分别取 :math:`\eta = 0.01, 0.2, 1` 和 :math:`1.1`，各走 20 步。
   函数相同，起点相同，仅仅学习率不同，结果就可以是缓慢爬行、顺利收敛、来回弹跳或一路发散。
"""

# %%
# .. only:: lang_en
#
#    The derivative of :math:`x^2` is :math:`2x`, so one step maps :math:`x` to
#    :math:`x - 2\eta x = (1 - 2\eta)\,x`. We pass this exact derivative as ``grad`` so that the
#    iterates show the learning rate and nothing else: the factor :math:`1 - 2\eta` is
#    :math:`0.98`, :math:`0.6`, :math:`-1` and :math:`-1.2`.
#
# .. only:: lang_zh
#
#    :math:`x^2` 的导数是 :math:`2x`，所以每一步把 :math:`x` 变成
#    :math:`x - 2\eta x = (1 - 2\eta)\,x`。我们把这个精确的导数作为 ``grad`` 传入，让迭代值只反映
#    学习率的影响：四种情况下的倍数 :math:`1 - 2\eta` 分别是 :math:`0.98`、:math:`0.6`、
#    :math:`-1` 和 :math:`-1.2`。

import numpy as np

from nnbook.gradient import gradient_descent
from nnbook.plotting import show, subplots, tr


def f(x):
    return float(np.sum(x**2))


def df(x):
    return 2 * x


rates = [0.01, 0.2, 1.0, 1.1]
paths = {}
for lr in rates:
    _, path = gradient_descent(f, np.array([10.0]), lr=lr, step_num=20, grad=df)
    paths[lr] = path[:, 0]
    print(f"lr = {lr:4}: x after 20 steps = {paths[lr][-1]:10.4f}")

# %%
# .. only:: lang_en
#
#    With :math:`\eta = 0.01` each step removes only 2 % of :math:`x`, and after 20 steps
#    :math:`x` is still above 6. With :math:`\eta = 0.2` :math:`x` falls below 0.1 within ten
#    steps. With :math:`\eta = 1` every step jumps across the minimum to the mirror point, and
#    :math:`x` alternates between 10 and −10 for ever. With :math:`\eta = 1.1` every jump
#    overshoots a little more and :math:`|x|` grows by 20 % a step.
#
# .. only:: lang_zh
#
#    :math:`\eta = 0.01` 时，每一步只让 :math:`x` 减少 2%，走了 20 步，:math:`x` 仍大于 6。
#    :math:`\eta = 0.2` 时，走到第 10 步，:math:`x` 就已降到 0.1 以下。:math:`\eta = 1` 时，
#    每一步都越过最小值跳到对称的另一侧，:math:`x` 永远在 10 和 −10 之间来回。
#    :math:`\eta = 1.1` 时，每次都比上一次跳得更远，:math:`|x|` 每步增大 20%。

fig, axes = subplots(2, 2, name="gd-step-sizes", figsize=(8.0, 5.6), sharex=True)
steps = np.arange(21)
for ax, lr in zip(axes.flat, rates, strict=True):
    ax.plot(steps, paths[lr], "o-", markersize=3, linewidth=1.0)
    ax.axhline(0.0, color="black", linewidth=0.8)
    ax.set_title(f"η = {lr:g}")
    ax.set_ylabel("x")
for ax in axes[1]:
    ax.set_xlabel(tr("step", "步数"))
fig.suptitle(
    tr("Gradient descent on f(x) = x² from x = 10", "从 x = 10 出发在 f(x) = x² 上做梯度下降")
)
show()
