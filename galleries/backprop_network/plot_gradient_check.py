"""
Gradient check of the two-layer network ‖ 两层网络的梯度检验
==============================================================

.. only:: lang_en

   Backpropagation and the numerical gradient compute the same thing in two very different
   ways. If the layers are right, the two results agree to many digits. We compare them for
   every parameter array of a fresh 784-50-10 ReLU :class:`~nnbook.nets.TwoLayerNet`, once in
   float64 and once in float32, with :func:`nnbook.gradient.relative_error`.

.. only:: lang_zh

   误差反向传播法和数值梯度用截然不同的两种方法计算同一个量。只要各层实现正确，两者的结果就会在很多位
   有效数字上一致。我们对一个新初始化的 784-50-10 ReLU 网络 :class:`~nnbook.nets.TwoLayerNet`
   的每个参数数组比较这两种梯度，分别在 float64 和 float32 下各做一次，误差用
   :func:`nnbook.gradient.relative_error` 衡量。
"""

# %%
# .. only:: lang_en
#
#    As in Saitoh's book, the check uses the first three training images: a gradient check
#    tests the code, not the data, and a small batch keeps the 79 520 forward passes of the
#    numerical gradient cheap. For each parameter array the relative error is
#    ``‖backprop − numerical‖ / (‖backprop‖ + ‖numerical‖)``, computed for every dtype by
#    :func:`nnbook.experiments.check_gradients`. The result is cached, so the two language builds
#    (and the chapter page) compute it once.
#
# .. only:: lang_zh
#
#    和斋藤康毅的书一样，检验只用前三张训练图像：梯度检验检查的是代码，而不是数据；
#    批很小，数值梯度所需的 79 520 次正向传播也就不贵。对每个参数数组，相对误差是
#    ``‖backprop − numerical‖ / (‖backprop‖ + ‖numerical‖)``，由库函数
#    :func:`nnbook.experiments.check_gradients` 对每种数据类型分别计算。结果经过缓存，
#    两种语言的构建（以及本章正文）只计算一次。
#
# .. nnbook-code:: nnbook.experiments.check_gradients

import numpy as np

from nnbook.experiments import check_gradients
from nnbook.plotting import show, subplots, tr
from nnbook.util import cached

errors = cached(
    "backprop_gradient_check",
    check_gradients,
    n_images=3,
    dtypes=("float64", "float32"),
    seed=0,
)
for dtype, by_key in errors.items():
    print(dtype, "  ".join(f"{key}: {err:.1e}" for key, err in by_key.items()))

# %%
# .. only:: lang_en
#
#    In float64 every relative error is around ``1e-10``, far below the ``1e-7`` under which two
#    gradients count as the same: backpropagation is right. In float32 the same check reports
#    errors between about ``1e-3`` and ``1e-1``, which would mean "wrong" — yet the
#    backpropagation code is identical. What fails is the numerical gradient. The two losses
#    ``L(w + h)`` and ``L(w − h)`` are both about 2.3 and differ by ``2h ∂L/∂w``, for
#    ``h = 1e-4`` at most a few parts in 100 000 of the loss and often far less. float32
#    resolves about one part in ten million, so the difference keeps at best two or three
#    correct digits, and none at all for the smallest derivatives. Gradient checks are done
#    in float64.
#
# .. only:: lang_zh
#
#    在 float64 下，每个相对误差都在 ``1e-10`` 左右，远低于判定两个梯度一致的界限 ``1e-7``：
#    误差反向传播法是对的。在 float32 下，同样的检验给出的误差在 ``1e-3`` 到 ``1e-1`` 之间，
#    按标准应判为“错误”，可误差反向传播法的代码一字未改。出问题的是数值梯度：两个损失
#    ``L(w + h)`` 和 ``L(w − h)`` 都约为 2.3，两者之差是 ``2h ∂L/∂w``；在 ``h = 1e-4`` 时，
#    这个差最多只有损失的十万分之几，往往还要小得多。float32 只能分辨大约千万分之一的差别，
#    所以这个差最多还剩两三位正确的数字，最小的那些导数则一位也不剩。
#    因此，梯度检验要用 float64 做。

keys = list(errors["float64"])
positions = np.arange(len(keys))
width = 0.38
fig, ax = subplots(name="backprop-network-gradient-check", figsize=(7.4, 4.0))
for offset, dtype, color in ((-width / 2, "float64", "C0"), (width / 2, "float32", "C1")):
    values = [errors[dtype][key] for key in keys]
    ax.bar(positions + offset, values, width=width, color=color, label=dtype)
thresholds = (
    (1e-7, tr("1e-7: fine below", "1e-7：低于此值为正常")),
    (1e-4, tr("1e-4: suspicious", "1e-4：可疑")),
    (1e-2, tr("1e-2: wrong above", "1e-2：高于此值为错误")),
)
for value, text in thresholds:
    ax.axhline(value, color="0.3", linestyle=":", linewidth=1.2)
    ax.text(len(keys) - 0.45, value * 1.4, text, ha="left", va="bottom", color="0.3")
ax.set_yscale("log")
ax.set_ylim(1e-12, 1.0)
ax.set_xlim(-0.6, len(keys) + 1.4)
ax.set_xticks(positions, keys)
ax.set_xlabel(tr("parameter array", "参数数组"))
ax.set_ylabel(tr("relative error, backprop vs numerical", "相对误差（误差反向传播法对数值梯度）"))
ax.set_title(tr("Gradient check of TwoLayerNet (3 images)", "TwoLayerNet 的梯度检验（3 张图像）"))
ax.legend(loc="lower right")
show()
