"""
Activation functions and their derivatives ‖ 激活函数及其导数
==================================================================

.. only:: lang_en

   Six activation functions of :mod:`nnbook.functions` side by side with their derivatives.
   The derivative is what backpropagation multiplies by at every layer, so its shape decides
   whether a gradient survives the trip back through the network.

.. only:: lang_zh

   把 :mod:`nnbook.functions` 中的六个激活函数和它们的导数并排画出来。误差反向传播在每一层都要乘上
   激活函数的导数，所以导数的形状决定了梯度能否一路传回网络的前面几层。
"""

# %%
# .. only:: lang_en
#
#    The functions come from the library; only the derivatives of tanh, leaky ReLU and ELU,
#    which the library computes inside its layers, are evaluated here by the central
#    difference of :func:`nnbook.gradient.numerical_diff`, applied point by point.
#
# .. only:: lang_zh
#
#    函数本身都来自 nnbook 库。tanh、leaky ReLU 和 ELU 的导数在库里是由各层内部计算的，这里直接用
#    :func:`nnbook.gradient.numerical_diff` 的中心差分逐点求出。

import numpy as np

from nnbook import functions as F
from nnbook.gradient import numerical_diff
from nnbook.plotting import show, subplots, tr

x = np.linspace(-4.0, 4.0, 401)


def derivative(f):
    """Central-difference derivative of `f` at every point of `x`."""
    return np.array([numerical_diff(f, xi) for xi in x])


activations = [
    ("step", F.step, np.zeros_like(x)),
    ("sigmoid", F.sigmoid, F.sigmoid_grad(x)),
    ("tanh", F.tanh, derivative(F.tanh)),
    ("ReLU", F.relu, F.relu_grad(x)),
    (
        "leaky ReLU",
        lambda v: F.leaky_relu(v, alpha=0.1),
        derivative(lambda v: F.leaky_relu(v, 0.1)),
    ),
    ("ELU", F.elu, derivative(F.elu)),
]

# %%
# .. only:: lang_en
#
#    Solid lines are the functions, dashed lines their derivatives. The step function is flat
#    everywhere except at 0, so its derivative is 0 and no gradient can pass through it: that is
#    why networks that learn use smooth or piecewise-linear activations instead. The sigmoid's
#    derivative never exceeds 0.25, so a gradient shrinks at every sigmoid layer it crosses.
#
# .. only:: lang_zh
#
#    实线是函数本身，虚线是导数。阶跃函数除 0 点外处处平坦，导数为 0，
#    梯度无法穿过它；这就是能够学习的网络改用平滑或分段线性激活函数的原因。
#    sigmoid 的导数最大只有 0.25，梯度每经过一层 sigmoid 就会缩小。

fig, axes = subplots(2, 3, name="activation-functions", figsize=(9.0, 5.2), sharex=True)
for ax, (name, f, df) in zip(axes.flat, activations, strict=True):
    ax.plot(x, f(x), label=tr("function", "函数"))
    ax.plot(x, df, linestyle="--", label=tr("derivative", "导数"))
    ax.set_title(name)
    ax.set_ylim(-1.6, 2.6)
for ax in axes[1]:
    ax.set_xlabel(tr("input x", "输入 x"))
axes[0, 0].legend(loc="upper left")
fig.suptitle(tr("Activation functions and their derivatives", "激活函数及其导数"))
show()
