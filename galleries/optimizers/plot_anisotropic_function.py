r"""
An elongated bowl and its gradients ‖ 狭长的碗及其梯度
======================================================

.. only:: lang_en

   The function :math:`f(x, y) = x^2 / 20 + y^2` is the test ground of the optimizer chapter:
   a bowl twenty times steeper along :math:`y` than along :math:`x`, with its minimum at the
   origin. We draw it as a surface and draw the arrows :math:`-\nabla f` that gradient descent
   follows, and check in numbers where the arrow at the starting point :math:`(-7, 2)` points.

.. only:: lang_zh

   函数 :math:`f(x, y) = x^2 / 20 + y^2` 是优化器一章的试验场：一个沿 :math:`y` 方向比沿
   :math:`x` 方向陡二十倍的碗，最小值在原点。我们把它画成曲面，再画出梯度下降所沿的箭头
   :math:`-\nabla f`，并用数字核对：起点 :math:`(-7, 2)` 处的箭头究竟指向哪里。
"""

# %%
# .. only:: lang_en
#
#    The gradient is :math:`\nabla f = (x / 10,\ 2y)`. At :math:`(-7, 2)` the downhill direction
#    :math:`-\nabla f` and the direction to the minimum, :math:`(7, -2)`, are far apart: the
#    arrow is dominated by the steep :math:`y` direction and points mostly across the valley, not
#    along it towards the minimum.
#
# .. only:: lang_zh
#
#    梯度是 :math:`\nabla f = (x / 10,\ 2y)`。在 :math:`(-7, 2)` 处，下坡方向
#    :math:`-\nabla f` 和通向最小值的方向 :math:`(7, -2)` 相差很远：箭头主要由陡峭的
#    :math:`y` 方向决定，大体上横穿山谷，而不是顺着山谷指向最小值。

import numpy as np

from nnbook.plotting import show, subplots, tr


def f(x, y):
    return x**2 / 20 + y**2


def grad_f(p):
    return np.array([p[0] / 10, 2 * p[1]])


start = np.array([-7.0, 2.0])
downhill = -grad_f(start)
to_minimum = -start
cos = downhill @ to_minimum / (np.linalg.norm(downhill) * np.linalg.norm(to_minimum))
angle = np.degrees(np.arccos(cos))
print("-grad f at (-7, 2):", downhill)
print(f"angle between -grad f and the direction to the minimum: {angle:.1f} degrees")

# %%
# .. only:: lang_en
#
#    Left: the surface, a long trough along :math:`x`. Right: the contour lines with the arrows
#    :math:`-\nabla f` on a grid (all drawn at a tenth of their length). Away from the line
#    :math:`y = 0` the arrows point almost straight down to the floor of the valley; only on the
#    floor do they point along it, and there they are short. The red arrow, drawn at a quarter
#    of its length, starts at :math:`(-7, 2)`; the dashed line shows the way to the minimum.
#
# .. only:: lang_zh
#
#    左图是曲面：一条沿 :math:`x` 方向延伸的长槽。右图是等高线和网格上的箭头
#    :math:`-\nabla f`\ （都按原长的十分之一画出）。离开直线 :math:`y = 0`，
#    箭头几乎都直直地指向谷底；只有在谷底，箭头才顺着山谷，而那里的箭头很短。
#    红色箭头按原长的四分之一画出，从 :math:`(-7, 2)` 出发，虚线是通向最小值的路。

fig, (ax_surface, ax) = subplots(
    1, 2, name="optimizers-bowl", figsize=(10.0, 4.2), width_ratios=(1, 1.25)
)
ax_surface.remove()
ax_surface = fig.add_subplot(1, 2, 1, projection="3d")
xs, ys = np.linspace(-10, 10, 81), np.linspace(-5, 5, 81)
X, Y = np.meshgrid(xs, ys)
ax_surface.plot_surface(X, Y, f(X, Y), cmap="viridis", linewidth=0, alpha=0.9)
ax_surface.set_xticks([-10, -5, 0, 5, 10])
ax_surface.set_yticks([-4, 0, 4])
ax_surface.set_zticks([0, 10, 20, 30])
ax_surface.set_xlabel("x")
ax_surface.set_ylabel("y")
ax_surface.view_init(elev=30, azim=-60)
ax_surface.set_title(tr("f(x, y) = x²/20 + y²", "f(x, y) = x²/20 + y²"))

ax.contour(X, Y, f(X, Y), levels=[0.25, 1, 2.25, 4, 6.25, 9], colors="grey", alpha=0.5)
gx, gy = np.meshgrid(np.arange(-9, 9.1, 1.5), np.arange(-4, 4.1, 1.0))
ax.quiver(gx, gy, -gx / 10, -2 * gy, angles="xy", scale_units="xy", scale=10, width=0.003)
ax.quiver(
    *start, *downhill, angles="xy", scale_units="xy", scale=4, color="C3", width=0.007, zorder=3
)
ax.plot([start[0], 0], [start[1], 0], "--", color="C3", linewidth=1.2)
ax.plot([0.0], [0.0], "+", color="black", markersize=12)
ax.annotate("(−7, 2)", start, xytext=(-9.8, 2.5), color="C3")
ax.set_xlim(-10, 10)
ax.set_ylim(-5, 5)
ax.set_aspect("equal")
ax.set_xlabel("x")
ax.set_ylabel("y")
ax.set_title(tr("Contour lines and −∇f", "等高线与 −∇f"))
show()
