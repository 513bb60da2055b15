"""
Sixteen initial weight scales ‖ 十六种初始权重尺度
==================================================

.. only:: lang_en

   How much does learning depend on the size of the initial weights, with and without Batch
   Normalization? As in the book, we repeat the comparison of the previous script for sixteen
   standard deviations of the initial weights, spaced evenly on a log scale from 1 down to
   0.0001, and draw the training accuracy of both networks in one panel per scale.

.. only:: lang_zh

   初始权重的大小对学习有多大影响？用与不用批归一化，情况又有什么不同？和书中一样，
   我们把上一个脚本的比较重复十六次，初始权重的标准差在对数尺度上从 1 均匀地取到 0.0001，
   每种标准差画一个小图，显示两个网络的训练准确率。
"""

# %%
# .. only:: lang_en
#
#    The training function is the one of the previous script,
#    :func:`nnbook.experiments.train_bn_and_plain`: five hidden layers of 100 ReLU units, the first
#    1 000 training images, mini-batches of 100, SGD with learning rate 0.01, 20 epochs. Only the
#    standard deviation of the initial weights changes from panel to panel. The book trains these
#    32 networks in float64. We train them in float32, which takes about half the time and keeps
#    the whole grid within the time budget of a gallery script; the test of this chapter checks
#    that float64 puts Batch Normalization ahead in the same panels. Each scale is cached on its
#    own.
#
# .. only:: lang_zh
#
#    训练函数就是上一个脚本所用的 :func:`nnbook.experiments.train_bn_and_plain`：
#    五个隐藏层，每层 100 个 ReLU 单元，前 1 000 张训练图像，批大小 100，
#    学习率 0.01 的 SGD，20 个轮次。各个小图之间只有初始权重的标准差不同。
#    书中用 float64 训练这 32 个网络；我们改用 float32，用时大约减半，
#    整个网格才能控制在示例脚本的时间预算之内。本章的测试检查了：换成 float64，
#    批归一化领先的小图完全相同。每种标准差的结果分别缓存。
#
# .. nnbook-code:: nnbook.experiments.train_bn_and_plain

import numpy as np

from nnbook.experiments import train_bn_and_plain
from nnbook.plotting import show, subplots, tr
from nnbook.util import cached

scales = np.logspace(0, -4, 16)
grid = [
    cached(
        "bn_and_plain",
        train_bn_and_plain,
        weight_init_std=float(scale),
        n_train=1000,
        epochs=20,
        lr=0.01,
        dtype="float32",
        seed=0,
        with_test=False,
    )
    for scale in scales
]

# %%
# .. only:: lang_en
#
#    A run that overflowed stopped early, so it recorded fewer than 21 accuracies. We call Batch
#    Normalization *ahead* in a panel when its network ends with the higher training accuracy,
#    or when the plain network overflowed and its network did not.
#
# .. only:: lang_zh
#
#    溢出的训练会提前停止，记录下的准确率不足 21 个。如果在某个小图中，
#    加批归一化的网络最终的训练准确率更高，或者普通网络溢出而它没有溢出，
#    我们就说批归一化在这个小图中\ *领先*。

full_length = 21  # accuracy before training and after each of the 20 epochs
diverged = {key: [len(h[key].train_acc) < full_length for h in grid] for key in ("bn", "plain")}
final = {key: [h[key].train_acc[-1] for h in grid] for key in ("bn", "plain")}
bn_ahead = [
    not bn_div and (plain_div or bn_acc > plain_acc)
    for bn_div, plain_div, bn_acc, plain_acc in zip(
        diverged["bn"], diverged["plain"], final["bn"], final["plain"], strict=True
    )
]
print("weight std   final training accuracy   BN ahead")
print("             with BN   without")
for i, scale in enumerate(scales):
    plain_text = "overflow" if diverged["plain"][i] else f"{final['plain'][i]:.3f}"
    print(f"{scale:10.2e}   {final['bn'][i]:.3f}     {plain_text:8}  {bn_ahead[i]}")
print(f"Batch Normalization ahead in {sum(bn_ahead)} of {len(scales)} panels")

# %%
# .. only:: lang_en
#
#    Read the panels row by row, from the largest initial weights (top left) to the smallest
#    (bottom right). Without Batch Normalization the network learns only in a narrow band of
#    scales. With the two largest, its activations grow from layer to layer until they
#    overflow, and the run stops. At the next two scales it learns, faster even than the network
#    with Batch Normalization. Below them it learns more and more slowly: the signal shrinks from
#    layer to layer, so do the gradients that reach the first layers, and from a standard
#    deviation of about 0.03 down the accuracy stays at the level of guessing for all 20 epochs.
#    With Batch Normalization the network learns at every scale: each layer's input is rescaled
#    to variance 1 however small or large the weights before it are, so the signal neither dies
#    out nor explodes. It learns fastest at the middle scales and more slowly towards both ends,
#    but nowhere does it fail.
#
# .. only:: lang_zh
#
#    按行阅读这些小图：左上角的初始权重最大，右下角的最小。不加批归一化时，
#    网络只在很窄的一段尺度内学得动。在最大的两种尺度下，激活值一层比一层大，直到溢出，
#    训练随之停止。接下来的两种尺度下，它能学习，甚至比加了批归一化的网络学得还快。
#    再往下，它学得越来越慢：信号一层比一层弱，传回前几层的梯度也随之变小；
#    标准差从 0.03 左右往下，20 个轮次里准确率始终停在瞎猜的水平。
#    加了批归一化的网络在每一种尺度下都能学习：不管前面的权重是大是小，
#    每一层的输入都被重新调整到方差为 1，信号既不会消失，也不会爆炸。
#    它在中间的尺度上学得最快，越往两端越慢，但没有一处学不动。

fig, axes = subplots(
    4, 4, name="batch-norm-weight-scales", figsize=(9.6, 8.4), sharex=True, sharey=True
)
for i, (ax, scale, histories) in enumerate(zip(axes.flat, scales, grid, strict=True)):
    bn_acc = histories["bn"].train_acc
    plain_acc = histories["plain"].train_acc
    ax.plot(np.arange(len(bn_acc)), bn_acc, label=tr("with BN", "有批归一化"))
    ax.plot(
        np.arange(len(plain_acc)),
        plain_acc,
        linestyle="--",
        label=tr("without BN", "无批归一化"),
    )
    if diverged["plain"][i]:
        ax.plot(len(plain_acc) - 1, plain_acc[-1], marker="x", color="C1", markersize=9)
        ax.text(1.5, 0.8, tr("overflow", "溢出"), color="C1")
    ax.set_title(tr(f"std {scale:.2g}", f"标准差 {scale:.2g}"), fontsize="small")
    ax.set_ylim(0, 1.05)
    ax.set_xticks([0, 5, 10, 15, 20])
for ax in axes[-1]:
    ax.set_xlabel(tr("epoch", "轮次"))
for ax in axes[:, 0]:
    ax.set_ylabel(tr("training accuracy", "训练准确率"))
fig.legend(*axes[0, 0].get_legend_handles_labels(), loc="outside upper center", ncols=2)
show()
