"""
Tangent lines from a numerical derivative ‖ 用数值导数画切线
============================================================

.. only:: lang_en

   The derivative of :math:`f(x) = 0.01x^2 + 0.1x` at a point is the slope of the tangent to
   its graph there. Here the slope comes from the central difference of
   :func:`nnbook.gradient.numerical_diff`, and the tangent line drawn with it touches the curve
   at :math:`x = 5` and :math:`x = 10`.

.. only:: lang_zh

   函数 :math:`f(x) = 0.01x^2 + 0.1x` 在某一点的导数，就是它的图像在该点切线的斜率。这里的斜率由
   :func:`nnbook.gradient.numerical_diff` 的中心差分算出，用这个斜率画出的直线在 :math:`x = 5` 和
   :math:`x = 10` 处与曲线相切。
"""

# %%
# .. only:: lang_en
#
#    A line through the point :math:`(a, f(a))` with slope :math:`d` is
#    :math:`y = f(a) + d\,(x - a)`. We compute :math:`d` numerically at the two points and
#    compare it with the exact derivative :math:`0.02a + 0.1`.
#
# .. only:: lang_zh
#
#    过点 :math:`(a, f(a))`、斜率为 :math:`d` 的直线是 :math:`y = f(a) + d\,(x - a)`。
#    我们在两个点上用数值方法求出 :math:`d`，并与精确的导数 :math:`0.02a + 0.1` 比较。

import numpy as np

from nnbook.gradient import numerical_diff
from nnbook.plotting import show, subplots, tr


def f(x):
    return 0.01 * x**2 + 0.1 * x


points = [5.0, 10.0]
slopes = [numerical_diff(f, a) for a in points]
for a, d in zip(points, slopes, strict=True):
    print(f"x = {a:4.1f}: numerical slope {d:.10f}, exact {0.02 * a + 0.1:.10f}")

# %%
# .. only:: lang_en
#
#    The two slopes agree with the exact ones in every printed decimal place. In the figure each
#    dashed line meets the curve at one point and runs along it nearby; the tangent at
#    :math:`x = 10` is steeper because the parabola bends upwards.
#
# .. only:: lang_zh
#
#    两个斜率与精确值在打印出的每一位小数上都一致。图中每条虚线只在一点与曲线相交，
#    并在附近贴着曲线走；抛物线向上弯，所以 :math:`x = 10` 处的切线更陡。

x = np.linspace(0.0, 20.0, 201)
fig, ax = subplots(name="nd-tangent")
ax.plot(x, f(x), color="black", label=tr("f(x) = 0.01x² + 0.1x", "f(x) = 0.01x² + 0.1x"))
for a, d in zip(points, slopes, strict=True):
    line = ax.plot(
        x,
        f(a) + d * (x - a),
        linestyle="--",
        label=tr(f"tangent at x = {a:g}, slope {d:.3f}", f"x = {a:g} 处的切线，斜率 {d:.3f}"),
    )
    ax.plot([a], [f(a)], "o", color=line[0].get_color())
ax.set_xlabel("x")
ax.set_ylabel("y")
ax.set_ylim(-1.0, 6.0)
ax.set_title(tr("Tangent lines of f(x) = 0.01x² + 0.1x", "f(x) = 0.01x² + 0.1x 的切线"))
ax.legend(loc="upper left")
show()
