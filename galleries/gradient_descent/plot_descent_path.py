r"""
Path of gradient descent on a round bowl ‖ 圆碗上的梯度下降路径
===============================================================

.. only:: lang_en

   Gradient descent on :math:`f(x_0, x_1) = x_0^2 + x_1^2` from the point :math:`(-3, 4)`, with
   learning rate :math:`\eta = 0.1` and 100 steps, using
   :func:`nnbook.gradient.gradient_descent` and its default numerical gradient.

.. only:: lang_zh

   用 :func:`nnbook.gradient.gradient_descent`\ （默认使用数值梯度）在
   :math:`f(x_0, x_1) = x_0^2 + x_1^2` 上做梯度下降：从点 :math:`(-3, 4)` 出发，学习率
   :math:`\eta = 0.1`，共 100 步。
"""

# %%
# .. only:: lang_en
#
#    The gradient here is :math:`(2x_0, 2x_1)`, so one step multiplies the point by
#    :math:`1 - 2\eta = 0.8`: the path is a straight line to the origin, and each step covers a
#    fifth of the distance that is left.
#
# .. only:: lang_zh
#
#    这里的梯度是 :math:`(2x_0, 2x_1)`，所以每走一步，点的坐标都乘以 :math:`1 - 2\eta = 0.8`：
#    路径是一条直奔原点的直线，每一步走完剩余距离的五分之一。

import numpy as np

from nnbook.gradient import gradient_descent
from nnbook.plotting import show, subplots, tr


def f(x):
    return x[0] ** 2 + x[1] ** 2


x, path = gradient_descent(f, np.array([-3.0, 4.0]), lr=0.1, step_num=100)
print("after 100 steps:", x, " distance to the origin:", f"{np.linalg.norm(x):.1e}")

# %%
# .. only:: lang_en
#
#    The steps are long at first and shrink as the bowl flattens out near the bottom, because
#    the gradient shrinks with it; the learning rate stays the same throughout. After 100 steps
#    the point is about :math:`10^{-9}` from the minimum.
#
# .. only:: lang_zh
#
#    一开始步子很大，越靠近碗底步子越小：学习率始终不变，变小的是梯度，因为碗底越来越平。
#    100 步之后，点离最小值只有大约 :math:`10^{-9}`。

grid = np.linspace(-4.5, 4.5, 181)
X0, X1 = np.meshgrid(grid, grid)
fig, ax = subplots(name="gd-descent-path", figsize=(5.6, 5.2))
ax.contour(X0, X1, f(np.array([X0, X1])), levels=[1, 4, 9, 16, 25], colors="grey", alpha=0.5)
ax.plot(path[:, 0], path[:, 1], "o-", markersize=4, linewidth=1.0)
ax.plot([0.0], [0.0], "+", color="black", markersize=12)
ax.set_xlim(-4.5, 4.5)
ax.set_ylim(-4.5, 4.5)
ax.set_aspect("equal")
ax.set_xlabel("$x_0$")
ax.set_ylabel("$x_1$")
ax.set_title(tr("Gradient descent from (−3, 4), η = 0.1", "从 (−3, 4) 出发的梯度下降，η = 0.1"))
show()
