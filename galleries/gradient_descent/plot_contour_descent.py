r"""
Gradient descent in an elongated bowl ‖ 狭长碗形函数上的梯度下降
================================================================

.. only:: lang_en

   The bowl :math:`f(x_0, x_1) = x_0^2 / 20 + x_1^2` is twenty times steeper along
   :math:`x_1` than along :math:`x_0`, so its contour lines are long, flat ellipses. We start
   gradient descent at :math:`(-3.5, -3.5)` with four learning rates, 30 steps each, and draw
   the paths on the contours.

.. only:: lang_zh

   碗形函数 :math:`f(x_0, x_1) = x_0^2 / 20 + x_1^2` 沿 :math:`x_1` 方向的弯曲程度是沿 :math:`x_0`
   方向的 20 倍，所以它的等高线是又长又扁的椭圆。我们从 :math:`(-3.5, -3.5)` 出发，用四种学习率
   各做 30 步梯度下降，并把路径画在等高线上。
"""

# %%
# .. only:: lang_en
#
#    The gradient is :math:`(x_0 / 10,\ 2x_1)`, so a step multiplies :math:`x_0` by
#    :math:`1 - \eta / 10` and :math:`x_1` by :math:`1 - 2\eta`. The steep direction behaves like
#    the parabola :math:`x^2` of :ref:`sphx_glr_gallery_gradient_descent_plot_step_sizes.py`: it
#    settles only while :math:`\eta < 1`. The flat direction would happily take steps twenty
#    times larger, but it cannot get them without the steep direction blowing up.
#
# .. only:: lang_zh
#
#    梯度是 :math:`(x_0 / 10,\ 2x_1)`，所以每一步把 :math:`x_0` 乘以 :math:`1 - \eta / 10`，把
#    :math:`x_1` 乘以 :math:`1 - 2\eta`。陡峭的方向和
#    :ref:`sphx_glr_gallery_gradient_descent_plot_step_sizes.py` 中的抛物线 :math:`x^2`
#    一样，只有在 :math:`\eta < 1` 时才会稳定下来。平坦的方向本来可以承受大 20 倍的步长，
#    可步长一旦加大，陡峭的方向就会发散。

import numpy as np

from nnbook.gradient import gradient_descent
from nnbook.plotting import show, subplots, tr


def f(x):
    return x[0] ** 2 / 20 + x[1] ** 2


rates = [0.2, 0.6, 0.95, 1.02]
paths = {}
for lr in rates:
    x, paths[lr] = gradient_descent(f, np.array([-3.5, -3.5]), lr=lr, step_num=30)
    print(f"lr = {lr:4}: after 30 steps x = ({x[0]:7.3f}, {x[1]:7.3f}), f = {f(x):.3g}")

# %%
# .. only:: lang_en
#
#    With :math:`\eta = 0.2` the path first drops into the valley floor and then creeps along it;
#    after 30 steps :math:`x_0` has covered less than half of the way. :math:`\eta = 0.6` is
#    faster. With :math:`\eta = 0.95` the path zigzags across the valley, :math:`x_1` flipping
#    sign at every step, yet it gets closest to the minimum, because it is the largest step the
#    steep direction tolerates. At :math:`\eta = 1.02` the zigzag grows instead of shrinking and
#    the path leaves the valley.
#
# .. only:: lang_zh
#
#    :math:`\eta = 0.2` 时，路径先落到谷底，然后沿着谷底慢慢挪动；30 步之后，:math:`x_0`
#    走完的路程还不到一半。:math:`\eta = 0.6` 要快一些。:math:`\eta = 0.95` 时，路径在山谷两侧
#    之间来回折返，:math:`x_1` 每一步都改变符号，但它离最小值最近，因为这是陡峭方向所能承受的
#    最大步长。到了 :math:`\eta = 1.02`，折返的幅度越来越大，路径最终冲出了山谷。

grid = np.linspace(-4.5, 4.5, 181)
X0, X1 = np.meshgrid(grid, grid)
Z = f(np.array([X0, X1]))
fig, axes = subplots(2, 2, name="gd-contour-descent", figsize=(8.0, 7.2), sharex=True, sharey=True)
for ax, lr in zip(axes.flat, rates, strict=True):
    path = paths[lr]
    ax.contour(X0, X1, Z, levels=[0.1, 0.3, 0.6, 1.5, 4, 9], colors="grey", alpha=0.5)
    ax.plot(path[:, 0], path[:, 1], "o-", markersize=3, linewidth=1.0)
    ax.plot([0.0], [0.0], "+", color="black", markersize=12)
    ax.set_xlim(-4.5, 4.5)
    ax.set_ylim(-4.5, 4.5)
    ax.set_aspect("equal")
    ax.set_title(f"η = {lr:g}")
for ax in axes[1]:
    ax.set_xlabel("$x_0$")
for ax in axes[:, 0]:
    ax.set_ylabel("$x_1$")
fig.suptitle(
    tr("Gradient descent on x₀²/20 + x₁², 30 steps", "在 x₀²/20 + x₁² 上做 30 步梯度下降")
)
show()
