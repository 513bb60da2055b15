r"""
Saturated sigmoids and vanishing gradients ‖ 饱和的 sigmoid 与梯度消失
======================================================================

.. only:: lang_en

   The backward pass of a :class:`~nnbook.layers.Sigmoid` layer multiplies the gradient by
   :math:`\sigma'(x) = y(1 - y)`, which is at most 0.25 and nearly 0 where the sigmoid is
   flat. Left: the sigmoid and its derivative, both computed by the layer, with the saturated
   region shaded. Right: what is left of a gradient after it has passed backward through
   :math:`k` sigmoid layers.

.. only:: lang_zh

   :class:`~nnbook.layers.Sigmoid` 层在反向传播时把梯度乘以 :math:`\sigma'(x) = y(1 - y)`。
   这个导数最大只有 0.25，在 sigmoid 曲线平坦的地方几乎为 0。
   左图：由 sigmoid 层算出的函数值和导数，阴影部分是饱和区。
   右图：梯度反向穿过 :math:`k` 个 sigmoid 层之后还剩下多少。
"""

# %%
# .. only:: lang_en
#
#    One forward and one backward pass of the layer give both curves: the forward pass returns
#    :math:`y = \sigma(x)`, and a backward pass with an incoming gradient of 1 returns
#    :math:`\sigma'(x)`. We call the sigmoid *saturated* where its derivative has fallen below
#    a tenth of its largest value, :math:`\sigma'(x) < 0.025`; there its output is within about
#    0.026 of 0 or 1 and hardly responds to its input.
#
# .. only:: lang_zh
#
#    对 sigmoid 层做一次正向传播和一次反向传播，就得到两条曲线：
#    正向传播返回 :math:`y = \sigma(x)`；传入的梯度取 1 时，反向传播返回 :math:`\sigma'(x)`。
#    当导数降到其最大值的十分之一以下，即 :math:`\sigma'(x) < 0.025` 时，
#    我们说 sigmoid “饱和”了：此时它的输出离 0 或 1 不到 0.026 左右，几乎不再随输入变化。

import numpy as np

from nnbook.layers import Relu, Sigmoid
from nnbook.plotting import show, subplots, tr

x = np.linspace(-8.0, 8.0, 1601)
layer = Sigmoid()
y = layer.forward(x)
dy = layer.backward(np.ones_like(x))
max_grad = dy.max()
saturation_fraction = 0.1
saturated = dy < saturation_fraction * max_grad
edge = x[~saturated].max()  # the unsaturated region is |x| ≤ edge
print(f"largest derivative: {max_grad:.4f} at x = {x[dy.argmax()]:g}")
print(f"saturated where |x| > {edge:.2f}")

# %%
# .. only:: lang_en
#
#    For the right panel every layer's sigmoid receives the same pre-activation :math:`a`, and
#    the gradient 1 is passed backward through :math:`k` such layers, one ``backward`` call
#    after the other. With :math:`a = 0`, the best case, each layer keeps a quarter of the
#    gradient; with :math:`a = 4`, deep in the saturated region, less than 2 %. For comparison,
#    :class:`~nnbook.layers.Relu` layers with a positive input pass the gradient on unchanged.
#
# .. only:: lang_zh
#
#    右图中，每一层的 sigmoid 都收到同样的激活前的值 :math:`a`，梯度 1 依次调用 ``backward``，
#    反向穿过 :math:`k` 个这样的层。:math:`a = 0` 是最好的情况，每一层保留梯度的四分之一；
#    :math:`a = 4` 深处饱和区，每层保留的还不到 2%。作为对照，输入为正的
#    :class:`~nnbook.layers.Relu` 层把梯度原样传下去。


def surviving_gradient(make_layer, a, depth):
    """Gradient left after passing 1 backward through `depth` layers that each saw input a."""
    layers = [make_layer() for _ in range(depth)]
    for lay in layers:
        lay.forward(np.array([a]))
    grad = np.array([1.0])
    for lay in reversed(layers):
        grad = lay.backward(grad)
    return float(grad[0])


depths = np.arange(1, 11)
inputs = (0.0, 2.0, 4.0)
survival = {a: [surviving_gradient(Sigmoid, a, k) for k in depths] for a in inputs}
relu_survival = [surviving_gradient(Relu, 1.0, k) for k in depths]
for a in inputs:
    print(f"a = {a:g}: after 10 sigmoid layers {survival[a][-1]:.2e}")
print(f"ReLU, positive input: after 10 layers {relu_survival[-1]:g}")

# %%
# .. only:: lang_en
#
#    On the logarithmic axis each curve is a straight line whose slope is
#    :math:`\log \sigma'(a)`. The best case, :math:`a = 0`, lies exactly on the dotted bound
#    :math:`0.25^k` and still loses six orders of magnitude in ten layers; a saturated layer
#    loses almost two orders of magnitude by itself.
#
# .. only:: lang_zh
#
#    在对数坐标下，每条曲线都是直线，斜率为 :math:`\log \sigma'(a)`。最好的情况 :math:`a = 0`
#    恰好落在表示上界 :math:`0.25^k` 的虚线上，即便如此，十层下来梯度也缩小了六个数量级；
#    而一个饱和的层单独就能让梯度缩小将近两个数量级。

fig, (ax_f, ax_k) = subplots(1, 2, name="simple-layers-saturation", figsize=(9.6, 3.8))
ax_f.axvspan(
    x[0],
    -edge,
    color="0.85",
    label=tr("saturated: σ′ < 0.1 · max σ′", "饱和区：σ′ < 0.1 · max σ′"),
)
ax_f.axvspan(edge, x[-1], color="0.85")
ax_f.plot(x, y, label="σ(x)")
ax_f.plot(x, dy, linestyle="--", label="σ′(x) = y (1 − y)")
ax_f.axhline(max_grad, color="0.4", linestyle=":", linewidth=1.0)
ax_f.set_xlabel(tr("input x", "输入 x"))
ax_f.set_ylabel(tr("output and derivative", "输出与导数"))
ax_f.set_xlim(x[0], x[-1])
ax_f.legend(loc="upper left", fontsize="small", frameon=True, framealpha=1.0)
ax_f.set_title(tr("Sigmoid and its derivative (max 0.25)", "sigmoid 及其导数（最大 0.25）"))

markers = {0.0: "o", 2.0: "s", 4.0: "^"}
for a in inputs:
    ax_k.semilogy(depths, survival[a], marker=markers[a], label=f"sigmoid, a = {a:g}")
ax_k.semilogy(
    depths, relu_survival, marker="D", color="0.4", label=tr("ReLU, a > 0", "ReLU，a > 0")
)
ax_k.semilogy(depths, 0.25**depths, color="black", linestyle=":", linewidth=1.0, label="0.25ᵏ")
ax_k.set_xlabel(tr("number of layers k", "层数 k"))
ax_k.set_ylabel(tr("gradient left after k layers", "穿过 k 层后剩下的梯度"))
ax_k.set_xticks(depths)
ax_k.legend(loc="lower left", fontsize="small")
ax_k.set_title(tr("A gradient passing back through k layers", "梯度反向穿过 k 层"))
show()
