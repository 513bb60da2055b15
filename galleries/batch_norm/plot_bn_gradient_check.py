r"""
Gradient check through Batch Normalization ‖ 批归一化的梯度检验
================================================================

.. only:: lang_en

   Is the backward pass of :class:`~nnbook.layers.BatchNormalization` right? We compare the
   gradients that backpropagation gives for every parameter of a small network with Batch
   Normalization, :math:`\gamma` and :math:`\beta` included, with the numerical gradients of
   :meth:`~nnbook.nets.Net.numerical_gradient`, and plot their relative error on a log scale.

.. only:: lang_zh

   :class:`~nnbook.layers.BatchNormalization` 的反向传播算得对不对？
   我们取一个带批归一化的小网络，对它的每个参数（包括 :math:`\gamma` 和 :math:`\beta`），
   把误差反向传播法给出的梯度与 :meth:`~nnbook.nets.Net.numerical_gradient` 算出的数值梯度相比较，
   并在对数尺度上画出两者的相对误差。
"""

# %%
# .. only:: lang_en
#
#    A numerical gradient costs two forward passes per parameter, so the network is small: 784
#    inputs, two hidden layers of 10 units, each followed by Batch Normalization and ReLU, and 10
#    outputs, in all 8 110 parameters. The book's check uses hidden layers of 100 units and a
#    single image; with one image, though, Batch Normalization outputs :math:`\beta` whatever the
#    input, and every gradient before it is zero (see the exercises of the chapter). We use the
#    first 10 training images. For every parameter array :math:`p` the relative error between
#    the backpropagated gradient :math:`g` and the numerical one :math:`\tilde g` is
#
#    .. math:: \frac{\lVert g - \tilde g \rVert}{\lVert g \rVert + \lVert \tilde g \rVert}
#
#    computed by :func:`nnbook.gradient.relative_error`. Both gradients come from
#    :func:`nnbook.experiments.check_bn_gradients`.
#
# .. only:: lang_zh
#
#    每个参数的数值梯度都要做两次正向传播，所以网络取得很小：784 个输入，两个各有 10 个单元的
#    隐藏层（每层后面接批归一化和 ReLU），10 个输出，一共 8 110 个参数。书中的检验用的是
#    100 个单元的隐藏层和一张图像；可是只有一张图像时，不管输入是什么，批归一化都输出
#    :math:`\beta`，它前面的所有梯度都是零（见本章练习）。我们用前 10 张训练图像。
#    对每个参数数组 :math:`p`，误差反向传播法得到的梯度 :math:`g` 与数值梯度 :math:`\tilde g`
#    之间的相对误差（relative error）为
#
#    .. math:: \frac{\lVert g - \tilde g \rVert}{\lVert g \rVert + \lVert \tilde g \rVert}
#
#    由 :func:`nnbook.gradient.relative_error` 计算。两种梯度都由库函数
#    :func:`nnbook.experiments.check_bn_gradients` 算出。
#
# .. nnbook-code:: nnbook.experiments.check_bn_gradients

import numpy as np

from nnbook.experiments import check_bn_gradients
from nnbook.gradient import relative_error
from nnbook.plotting import show, subplots, tr
from nnbook.util import cached

grads = cached("bn_gradient_check", check_bn_gradients, hidden=[10, 10], n_images=10, seed=0)
backprop, numerical = grads["backprop"], grads["numerical"]
names = list(backprop)
norms = {name: np.linalg.norm(backprop[name]) for name in names}
rel_errors = {name: relative_error(backprop[name], numerical[name]) for name in names}
print("parameter   size   |backprop|   |numerical|   relative error")
for name in names:
    print(
        f"{name:9} {backprop[name].size:6d}   {norms[name]:.2e}     "
        f"{np.linalg.norm(numerical[name]):.2e}      {rel_errors[name]:.1e}"
    )

# %%
# .. only:: lang_en
#
#    Two rows stand out: ``b1`` and ``b2``, the biases of the Affine layers right before a Batch
#    Normalization layer. Their gradients are zero, and not by accident: adding a constant to a
#    feature moves its batch mean :math:`\mu_B` by the same constant, which the normalisation
#    subtracts again, so the bias cannot change the loss. Backpropagation gives about
#    :math:`10^{-16}` (rounding errors of the sums), the central difference about
#    :math:`10^{-12}` (rounding errors of the loss divided by :math:`2h`). The relative error of
#    two such numbers is about 1 and means nothing, so the left panel leaves them out and the
#    right panel shows the size of every gradient, computed both ways.
#
#    All other parameters, ``gamma`` and ``beta`` included, agree to a relative error well below
#    :math:`10^{-7}`, the level below which, by the rule of thumb of the CS231n notes, a gradient
#    check is convincing.
#
# .. only:: lang_zh
#
#    有两行很显眼：``b1`` 和 ``b2``，也就是紧挨在批归一化层之前的 Affine 层的偏置。
#    它们的梯度为零，而且不是偶然：给某个特征加上一个常数，它的批均值 :math:`\mu_B`
#    也加上同一个常数，归一化时又减掉了，所以偏置根本影响不了损失。误差反向传播法给出约
#    :math:`10^{-16}`（求和的舍入误差），中心差分给出约 :math:`10^{-12}`
#    （损失的舍入误差除以 :math:`2h`）。两个这样的数之间的相对误差约为 1，毫无意义，
#    所以左图不画它们，右图则画出每个梯度用两种方法算出的大小。
#
#    其余所有参数，包括 ``gamma`` 和 ``beta``，相对误差都明显低于 :math:`10^{-7}`。
#    按照 CS231n 课程笔记的经验，相对误差低于这个水平，梯度检验就令人信服了。

threshold = 1e-7
zero_gradient = [name for name in names if norms[name] < 1e-12]
checked = [name for name in names if name not in zero_gradient]
fig, (ax_err, ax_norm) = subplots(1, 2, name="batch-norm-gradient-check", figsize=(9.6, 3.8))
ax_err.bar(checked, [rel_errors[name] for name in checked], color="C0")
ax_err.axhline(threshold, color="C3", linestyle="--", linewidth=1.2)
ax_err.text(len(checked) - 0.5, threshold * 1.3, "$10^{-7}$", color="C3", ha="right")
ax_err.set_yscale("log")
ax_err.set_ylim(1e-11, 1e-6)
ax_err.set_ylabel(tr("relative error", "相对误差"))
ax_err.set_title(tr("Backprop against numerical gradient", "反向传播梯度对数值梯度"))
positions = np.arange(len(names))
ax_norm.bar(
    positions - 0.2, [norms[n] for n in names], width=0.4, label=tr("backprop", "反向传播")
)
ax_norm.bar(
    positions + 0.2,
    [np.linalg.norm(numerical[n]) for n in names],
    width=0.4,
    label=tr("numerical", "数值梯度"),
)
ax_norm.set_xticks(positions, names)
ax_norm.set_yscale("log")
ax_norm.set_ylim(1e-17, 1e6)
ax_norm.set_ylabel(tr("size of the gradient ‖g‖", "梯度的大小 ‖g‖"))
ax_norm.set_title(tr("b1 and b2: zero up to rounding", "b1 和 b2：只剩舍入误差"))
ax_norm.legend(loc="upper center", ncols=2)
for ax in (ax_err, ax_norm):
    ax.tick_params(axis="x", labelrotation=45)
show()
