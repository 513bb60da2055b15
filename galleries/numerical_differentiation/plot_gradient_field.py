r"""
The negative gradient as a vector field ‖ 负梯度向量场
======================================================

.. only:: lang_en

   At every point of the plane the gradient of :math:`f(x_0, x_1) = x_0^2 + x_1^2` is a vector.
   We compute it with :func:`nnbook.gradient.numerical_gradient` on a grid of points and draw its
   negative, :math:`-\nabla f`, as an arrow at each point: the direction in which :math:`f`
   decreases fastest.

.. only:: lang_zh

   对 :math:`f(x_0, x_1) = x_0^2 + x_1^2` 来说，平面上每一点的梯度都是一个向量。我们用
   :func:`nnbook.gradient.numerical_gradient` 在网格的每个点上求出梯度，再把它的相反方向
   :math:`-\nabla f` 画成一个箭头：这是 :math:`f` 在该点下降最快的方向。
"""

# %%
# .. only:: lang_en
#
#    ``numerical_gradient`` takes one point, an array of shape ``(2,)``, and returns the two
#    partial derivatives. We call it once per grid point.
#
# .. only:: lang_zh
#
#    ``numerical_gradient`` 接受一个点（形状为 ``(2,)`` 的数组），返回两个偏导数。
#    我们对网格上的每个点各调用一次。

import numpy as np

from nnbook.gradient import numerical_gradient
from nnbook.plotting import show, subplots, tr


def f(x):
    return x[0] ** 2 + x[1] ** 2


ticks = np.arange(-4.0, 4.5, 0.5)
X0, X1 = np.meshgrid(ticks, ticks)
points = np.column_stack([X0.ravel(), X1.ravel()])
grad = np.array([numerical_gradient(f, p) for p in points])
G0, G1 = grad[:, 0].reshape(X0.shape), grad[:, 1].reshape(X0.shape)
print("gradient at (3, 4):", numerical_gradient(f, np.array([3.0, 4.0])).round(6))

# %%
# .. only:: lang_en
#
#    Every arrow points straight at the origin, the minimum of :math:`f`, and crosses the
#    circular contour lines at right angles. Arrows are longer far from the origin, where the
#    bowl is steeper, and vanish at the origin itself, where the gradient is zero. The arrow at
#    :math:`(3, 4)` is :math:`(-6, -8)`.
#
# .. only:: lang_zh
#
#    每个箭头都直指原点，也就是 :math:`f` 的最小值，并且与圆形等高线垂直相交。离原点越远，
#    碗壁越陡，箭头越长；到了原点，梯度为零，箭头也就消失了。点 :math:`(3, 4)` 处的箭头是
#    :math:`(-6, -8)`。

fig, ax = subplots(name="nd-gradient-field", figsize=(5.6, 5.2))
fine = np.linspace(-4.5, 4.5, 181)
F0, F1 = np.meshgrid(fine, fine)
ax.contour(F0, F1, f(np.array([F0, F1])), levels=[1, 4, 9, 16, 25], colors="grey", alpha=0.5)
ax.quiver(X0, X1, -G0, -G1, angles="xy", scale_units="xy", scale=20, width=0.004)
ax.quiver(
    [3.0], [4.0], [-6.0], [-8.0], angles="xy", scale_units="xy", scale=20, color="C3", width=0.006
)
ax.annotate("(3, 4)", (3.0, 4.0), xytext=(3.15, 4.1), color="C3")
ax.set_xlabel("$x_0$")
ax.set_ylabel("$x_1$")
ax.set_xlim(-4.5, 4.5)
ax.set_ylim(-4.5, 4.5)
ax.set_aspect("equal")
ax.set_title(
    tr("−∇f for f(x₀, x₁) = x₀² + x₁²", "f(x₀, x₁) = x₀² + x₁² 的负梯度 −∇f"),
)
show()
