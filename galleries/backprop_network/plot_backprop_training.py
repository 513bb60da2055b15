"""
Training on MNIST with backpropagation ‖ 用误差反向传播法在 MNIST 上训练
==========================================================================

.. only:: lang_en

   The training run of Saitoh's *Deep Learning from Scratch*, chapter 5, repeated with
   ``nnbook``: a 784-50-10 :class:`~nnbook.nets.TwoLayerNet` with ReLU hidden units, its gradient
   computed by backpropagation, trained by plain SGD with learning rate 0.1 on mini-batches of
   100 images for 10 000 iterations. The book reports about 97 % test accuracy at the end.

.. only:: lang_zh

   用 ``nnbook`` 重做斋藤康毅《深度学习入门：基于 Python 的理论与实现》第 5 章的训练：
   一个 784-50-10 的 :class:`~nnbook.nets.TwoLayerNet`，隐藏层用 ReLU，梯度用误差反向传播法计算，
   以学习率 0.1、每批 100 张图像的朴素 SGD 训练 10 000 次迭代。
   书中报告训练结束时测试准确率约为 97%。
"""

# %%
# .. only:: lang_en
#
#    Same network, same initial weights (Gaussian, standard deviation 0.01), same learning rate,
#    batch size and number of updates as the book. One difference is deliberate: the book's
#    script draws every mini-batch independently at random, while :class:`~nnbook.trainer.Trainer`
#    shuffles the training data once per epoch and cuts it into batches, so that every image is
#    used once per epoch. The 10 000 updates make 16 full epochs of 600 updates and two thirds of
#    a 17th; accuracy on all training and test images is measured before training, after every
#    epoch and after the last update. The run is made by
#    :func:`nnbook.experiments.train_two_layer_mnist`, the function of the training chapter, here
#    with ReLU and a number of iterations instead of epochs. Every random choice is seeded, and
#    the run is cached so that the chapter page and both language builds share it.
#
# .. only:: lang_zh
#
#    网络、初始权重（标准差为 0.01 的高斯分布）、学习率、批大小和更新次数都与书中相同。
#    只有一处有意的不同：书中的脚本每次都独立地随机抽取小批量，而 :class:`~nnbook.trainer.Trainer`
#    在每个轮次开始时把训练数据打乱一次，再切成小批量，这样每张图像在每个轮次中恰好用到一次。
#    10 000 次更新相当于 16 个完整轮次（每轮 600 次更新），再加第 17 个轮次的三分之二。
#    训练前、每个轮次结束后以及最后一次更新后，都在全部训练图像和测试图像上测量准确率。
#    训练由 :func:`nnbook.experiments.train_two_layer_mnist` 完成，也就是训练一章用的那个函数，
#    这次用 ReLU，并且指定的是迭代次数而不是轮次数。
#    所有随机选择都固定了种子；训练结果经过缓存，本章正文和两种语言的构建共用这一次训练。
#
# .. nnbook-code:: nnbook.experiments.train_two_layer_mnist

import numpy as np

from nnbook.experiments import train_two_layer_mnist
from nnbook.plotting import show, subplots, tr
from nnbook.util import cached, smooth_curve

history = cached(
    "backprop_mnist_relu",
    train_two_layer_mnist,
    activation="relu",
    weight_init_std=0.01,
    iterations=10_000,
    batch_size=100,
    lr=0.1,
    seed=0,
)
print(f"updates:                 {len(history.train_loss)}")
print(f"accuracy measured after: {history.iterations} updates")
print(f"final training accuracy: {history.train_acc[-1]:.4f}")
print(f"final test accuracy:     {history.test_acc[-1]:.4f}")

# %%
# .. only:: lang_en
#
#    Left, the loss of every mini-batch and its moving average over 201 iterations; right, the
#    accuracy on the training and test data, against the number of epochs. Unlike the sigmoid
#    network of the training chapter, the ReLU network leaves the starting loss of ln 10 almost
#    at once, and one epoch takes it to about 90 % test accuracy. After that the gains shrink,
#    and at the end the test accuracy stands close to the book's 97 %, with the training
#    accuracy about a point above it.
#
# .. only:: lang_zh
#
#    左图是每个小批量的损失及其 201 次迭代的移动平均；
#    右图是训练数据和测试数据上的准确率，横轴为轮次。
#    与训练一章中的 sigmoid 网络不同，ReLU 网络几乎立刻就离开了 ln 10 这个初始损失，
#    一个轮次后测试准确率就达到 90% 左右。此后的提升越来越小；训练结束时，
#    测试准确率接近书中的 97%，训练准确率比它高一个百分点左右。

iter_per_epoch = 60_000 // 100
loss = np.array(history.train_loss)
iterations = np.arange(1, len(loss) + 1)
epochs = np.array(history.iterations) / iter_per_epoch
train_acc = 100 * np.array(history.train_acc)
test_acc = 100 * np.array(history.test_acc)
fig, (ax_loss, ax_acc) = subplots(1, 2, name="backprop-network-training", figsize=(9.6, 3.8))
ax_loss.plot(iterations, loss, linewidth=0.5, alpha=0.35, label=tr("raw", "原始值"))
ax_loss.plot(
    iterations,
    smooth_curve(loss, window=201),
    label=tr("moving average (201)", "移动平均（201）"),
)
ax_loss.axhline(np.log(10), color="0.3", linestyle=":", linewidth=1.2, label="ln 10")
ax_loss.set_xlabel(tr("iteration", "迭代次数"))
ax_loss.set_ylabel(tr("cross-entropy loss of the mini-batch", "小批量的交叉熵误差"))
ax_loss.set_ylim(0.0, 2.6)
ax_loss.legend(loc="center right")
ax_loss.set_title(tr("Loss during training", "训练过程中的损失"))
# Epoch 0 (before training, about one in ten) lies far below the others: it is left out of the
# plot and written in a note, so that the axis can show the last few points of accuracy.
ax_acc.plot(epochs[1:], train_acc[1:], marker="o", label=tr("training data", "训练数据"))
ax_acc.plot(
    epochs[1:], test_acc[1:], marker="s", linestyle="--", label=tr("test data", "测试数据")
)
ax_acc.axhline(
    97, color="0.3", linestyle=":", linewidth=1.2, label=tr("97 % (the book)", "97%（原书）")
)
ax_acc.text(
    0.98,
    0.32,
    tr(f"before training: {test_acc[0]:.1f} % (test)", f"训练前：{test_acc[0]:.1f}%（测试）"),
    transform=ax_acc.transAxes,
    ha="right",
    color="0.3",
)
ax_acc.set_xlabel(tr("epoch", "轮次"))
ax_acc.set_ylabel(tr("accuracy (%)", "准确率（%）"))
ax_acc.set_xlim(0, 17.5)
ax_acc.set_ylim(88, 100)
ax_acc.legend(loc="lower right")
ax_acc.set_title(tr("Accuracy after every epoch", "每个轮次后的准确率"))
show()
