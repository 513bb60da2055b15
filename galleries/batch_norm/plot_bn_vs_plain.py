"""
With and without Batch Normalization ‖ 用与不用批归一化
========================================================

.. only:: lang_en

   The experiment of the book's chapter on Batch Normalization: a network of five hidden layers
   of 100 ReLU units (:class:`~nnbook.nets.MultiLayerNetExtend`) learns the first 1 000 MNIST
   training images, once with a :class:`~nnbook.layers.BatchNormalization` layer before every
   activation and once without. Everything else is the same: the initial weights (He
   initialization), the mini-batches, plain SGD with learning rate 0.01, 20 epochs.

.. only:: lang_zh

   这是书中批归一化一章的实验：一个有五个隐藏层、每层 100 个 ReLU 单元的网络
   （:class:`~nnbook.nets.MultiLayerNetExtend`）学习前 1 000 张 MNIST 训练图像，
   一次在每个激活函数之前加一个 :class:`~nnbook.layers.BatchNormalization` 层，一次不加。
   其余一切都相同：初始权重（He 初始化）、小批量的顺序、学习率为 0.01 的朴素 SGD、20 个轮次。
"""

# %%
# .. only:: lang_en
#
#    The library function :func:`nnbook.experiments.train_bn_and_plain` trains the two networks and
#    returns what :class:`~nnbook.trainer.Trainer` recorded for each. Both networks are built from
#    the same seed, so their weight matrices start out equal, and both trainers shuffle the 1 000
#    images with the same seed, so they see the same mini-batches (10 per epoch) in the same order.
#    The accuracy on the 1 000 training images is measured before training and after every epoch,
#    as in the book; with ``with_test=True`` it is measured on the 10 000 test images too. The next
#    script calls the same function for sixteen other initial weight scales, some of them so large
#    that the network without Batch Normalization overflows; such a run stops and keeps what it
#    recorded up to then. :func:`nnbook.util.cached` stores the result, so the book build trains
#    once and the chapter page reads it.
#
# .. only:: lang_zh
#
#    库函数 :func:`nnbook.experiments.train_bn_and_plain` 训练这两个网络，
#    返回 :class:`~nnbook.trainer.Trainer` 为每个网络记录下的结果。
#    两个网络用同一个种子构建，权重矩阵的初始值相同；两个训练器也用同一个种子打乱 1 000 张图像，
#    所以它们按相同的顺序看到相同的小批量（每个轮次 10 个）。和书中一样，训练前和每个轮次之后
#    都在这 1 000 张训练图像上测量准确率；``with_test=True`` 时，还在 10 000 张测试图像上测量。
#    下一个脚本用同一个函数试验另外十六种初始权重的大小，其中有些大到让不加批归一化的网络溢出；
#    这样的训练会停下来，并保留它停下之前记录的结果。:func:`nnbook.util.cached`
#    把结果存起来，构建本书时只训练一次，本章正文直接读取。
#
# .. nnbook-code:: nnbook.experiments.train_bn_and_plain

import numpy as np

from nnbook.experiments import train_bn_and_plain
from nnbook.plotting import show, subplots, tr
from nnbook.util import cached

histories = cached(
    "bn_and_plain",
    train_bn_and_plain,
    weight_init_std="he",
    n_train=1000,
    epochs=20,
    lr=0.01,
    dtype="float64",
    seed=0,
    with_test=True,
)
bn, plain = histories["bn"], histories["plain"]
print("epoch   train accuracy      test accuracy")
print("        with BN  without    with BN  without")
for epoch in range(0, 21, 4):
    print(
        f"{epoch:5d}   {bn.train_acc[epoch]:.3f}    {plain.train_acc[epoch]:.3f}"
        f"      {bn.test_acc[epoch]:.3f}    {plain.test_acc[epoch]:.3f}"
    )

# %%
# .. only:: lang_en
#
#    **Left: training accuracy, the book's figure.** From the second epoch on, the network with
#    Batch Normalization is clearly ahead, and it stays ahead: after 20 epochs it classifies
#    nearly all of its 1 000 training images correctly, while the plain network, with the same
#    good initial weights, is still climbing. Normalising the input of every layer lets the same
#    small learning rate achieve more per step.
#
#    **Right: test accuracy.** Faster learning of the training images is not the same as better
#    recognition of new ones. With only 1 000 training images both networks score lower on the
#    test images than on their training images. The network with Batch Normalization leads on
#    the test images too in the early epochs, but in the last epochs the plain network, which
#    has learned its training images less well, overtakes it there. Whatever regularising effect
#    Batch Normalization has, this small experiment does not show it.
#
# .. only:: lang_zh
#
#    **左图：训练准确率，即书中的那张图。** 从第二个轮次起，加了批归一化的网络明显领先，
#    并且一直领先：20 个轮次后，它几乎能把 1 000 张训练图像全部分对；而不加批归一化的网络，
#    虽然初始权重同样合适，准确率却还在往上爬。把每一层的输入归一化之后，同样小的学习率，
#    每一步能走得更远。
#
#    **右图：测试准确率。** 训练图像学得快，不等于新图像认得好。只有 1 000 张训练图像时，
#    两个网络在测试图像上的准确率都低于在训练图像上的准确率。在前面的轮次里，
#    加了批归一化的网络在测试图像上也领先；但在最后几个轮次，训练图像学得没那么好的普通网络
#    在测试图像上反超了它。批归一化不管有什么正则化效果，这个小实验都没有显示出来。

epochs = np.arange(len(bn.train_acc))
fig, (ax_train, ax_test) = subplots(
    1, 2, name="batch-norm-vs-plain", figsize=(9.0, 3.6), sharey=True
)
for ax, key in ((ax_train, "train_acc"), (ax_test, "test_acc")):
    ax.plot(epochs, getattr(bn, key), marker="o", markersize=4, label=tr("with BN", "有批归一化"))
    ax.plot(
        epochs,
        getattr(plain, key),
        marker="s",
        markersize=4,
        linestyle="--",
        label=tr("without BN", "无批归一化"),
    )
    ax.set_xlabel(tr("epoch", "轮次"))
    ax.set_xticks([0, 5, 10, 15, 20])
    ax.set_ylim(0, 1.0)
ax_train.set_ylabel(tr("accuracy", "准确率"))
ax_train.set_title(tr("On the 1 000 training images", "1 000 张训练图像上"))
ax_test.set_title(tr("On the 10 000 test images", "10 000 张测试图像上"))
ax_train.legend(loc="lower right")
show()
