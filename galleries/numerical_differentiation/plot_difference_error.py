r"""
Error of forward and central differences ‖ 前向差分与中心差分的误差
===================================================================

.. only:: lang_en

   How far is a difference quotient from the true derivative, as a function of the step
   :math:`h`? We differentiate :math:`\sin x` at :math:`x = 1`, where the exact answer is
   :math:`\cos 1`, with :func:`nnbook.gradient.forward_diff` and
   :func:`nnbook.gradient.numerical_diff` for steps from :math:`10^{-16}` to :math:`10^{-1}`.

.. only:: lang_zh

   差商与真正的导数相差多少？这个差距又怎样随步长 :math:`h` 变化？我们在 :math:`x = 1` 处对
   :math:`\sin x` 求导（精确答案是 :math:`\cos 1`），分别用 :func:`nnbook.gradient.forward_diff` 和
   :func:`nnbook.gradient.numerical_diff`，步长从 :math:`10^{-16}` 取到 :math:`10^{-1}`。
"""

# %%
# .. only:: lang_en
#
#    Two errors compete. Truncation error comes from the formula itself: Taylor's theorem
#    gives about :math:`\tfrac{h}{2}|f''(x)|` for the forward difference and
#    :math:`\tfrac{h^2}{6}|f'''(x)|` for the central one, so it shrinks as :math:`h` does.
#    Rounding error comes from float64: each value of :math:`f` carries a relative error of about
#    :math:`\varepsilon \approx 2.2 \times 10^{-16}`, and dividing the difference by :math:`h`
#    blows it up to roughly :math:`\varepsilon |f(x)| / h`, which grows as :math:`h` shrinks.
#
# .. only:: lang_zh
#
#    这里有两种误差在较劲。截断误差来自公式本身：由泰勒定理，前向差分的截断误差约为
#    :math:`\tfrac{h}{2}|f''(x)|`，中心差分约为 :math:`\tfrac{h^2}{6}|f'''(x)|`，它们随 :math:`h`
#    减小而减小。舍入误差来自 float64：:math:`f` 的每个值都带有约
#    :math:`\varepsilon \approx 2.2 \times 10^{-16}` 的相对误差，差值再除以 :math:`h`，就被放大到
#    大约 :math:`\varepsilon |f(x)| / h`，它随 :math:`h` 减小反而增大。

import numpy as np

from nnbook.gradient import forward_diff, numerical_diff
from nnbook.plotting import show, subplots, tr

x0 = 1.0
exact = np.cos(x0)
hs = np.logspace(-16, -1, 151)
forward_err = np.array([abs(forward_diff(np.sin, x0, h) - exact) for h in hs])
central_err = np.array([abs(numerical_diff(np.sin, x0, h) - exact) for h in hs])

for name, err in (("forward", forward_err), ("central", central_err)):
    best = np.argmin(err)
    print(f"{name:8s} smallest error {err[best]:.1e} at h = {hs[best]:.0e}")

# %%
# .. only:: lang_en
#
#    On the right of the figure truncation error rules: the forward difference falls along a
#    line of slope 1 (error :math:`\propto h`), the central difference along a line of slope 2
#    (error :math:`\propto h^2`). On the left rounding error rules and both curves climb as
#    :math:`h` shrinks, noisily. At :math:`h = 10^{-16}` the forward difference loses the step
#    entirely: :math:`1 + h` rounds to 1, the difference is 0, and the error is the whole
#    derivative :math:`\cos 1 \approx 0.54`. The best step of the forward difference lies near
#    :math:`10^{-8}`; the central difference does better and is best a little above
#    :math:`10^{-6}`. The grey dashed guides have slopes 1 and 2. The book's default,
#    :math:`h = 10^{-4}` (dotted line), is a safe choice that keeps the error small without
#    walking into the rounding region.
#
# .. only:: lang_zh
#
#    图的右半边由截断误差主导：前向差分的误差沿斜率为 1 的直线下降
#    （误差 :math:`\propto h`），中心差分沿斜率为 2 的直线下降（误差 :math:`\propto h^2`）。
#    左半边由舍入误差主导：随着 :math:`h` 变小，两条曲线都抖动着往上爬。到 :math:`h = 10^{-16}`
#    时，前向差分的步长彻底丢失：:math:`1 + h` 被舍入成 1，差值为 0，误差就等于整个导数
#    :math:`\cos 1 \approx 0.54`。前向差分的最佳步长在 :math:`10^{-8}` 附近；中心差分更准，
#    最佳步长略大于 :math:`10^{-6}`。灰色虚线是斜率为 1 和 2 的参考线。本书默认的
#    :math:`h = 10^{-4}`\ （点线）是个稳妥的选择：误差已经很小，又远离舍入误差的区域。

fig, ax = subplots(name="nd-difference-error")
ax.loglog(hs, forward_err, label=tr("forward difference", "前向差分"))
ax.loglog(hs, central_err, label=tr("central difference", "中心差分"))
# Grey guide lines ten times above the truncation-error formulas, to read off the slopes.
ref = hs[hs >= 1e-6]
ax.loglog(ref, 10 * 0.5 * np.sin(x0) * ref, color="grey", linestyle="--", linewidth=1.0)
ax.loglog(ref, 10 * np.cos(x0) / 6 * ref**2, color="grey", linestyle="--", linewidth=1.0)
ax.text(3e-5, 1e-3, tr("slope 1", "斜率 1"), color="grey", ha="right")
ax.text(2e-5, 3e-9, tr("slope 2", "斜率 2"), color="grey", ha="right")
ax.axvline(1e-4, color="black", linestyle=":", linewidth=1.0)
ax.set_xlabel(tr("step h", "步长 h"))
ax.set_ylabel(tr("absolute error of the derivative", "导数的绝对误差"))
ax.set_title(tr("Derivative of sin x at x = 1", "sin x 在 x = 1 处的导数"))
ax.legend(loc="lower left")
show()
