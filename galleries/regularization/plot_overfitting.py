r"""
Overfitting 300 training images ‖ 在 300 张训练图像上过拟合
============================================================

.. only:: lang_en

   A deep network with few training examples is the classic recipe for overfitting. We train a
   :class:`~nnbook.nets.MultiLayerNet` with six hidden layers of 100 ReLU units on only the first
   300 MNIST training images, and measure after every epoch how well it does on those 300
   images and on images it has never seen.

.. only:: lang_zh

   网络很深、训练样本很少，这是过拟合的典型配方。我们用 MNIST 的前 300 张训练图像训练一个
   :class:`~nnbook.nets.MultiLayerNet`\ （6 个隐藏层，每层 100 个 ReLU 单元），每个轮次结束后
   分别测量它在这 300 张图像上和在从没见过的图像上的表现。
"""

# %%
# .. only:: lang_en
#
#    The settings follow the book: 300 training images, mini-batches of 100 (three updates per
#    epoch), plain SGD with learning rate 0.01, 200 epochs. The weights start from He
#    initialization. To keep the script fast we measure test accuracy on a fixed random subset of 2
#    000 of the 10 000 test images, drawn once with seed 0, the same subset for every run of this
#    chapter; training accuracy is measured on all 300 training images. The library function
#    :func:`nnbook.experiments.train_small_mnist` runs this experiment for every script of this
#    chapter and for its page: it builds the network, trains it with a
#    :class:`~nnbook.trainer.Trainer` and returns the history, the trained weights and the scores
#    for the test images. Asked for by the same name and settings, :func:`nnbook.util.cached`
#    hands the same run to each of them.
#
# .. only:: lang_zh
#
#    实验设置沿用原书：300 张训练图像，批大小为 100（每个轮次更新 3 次），学习率为 0.01 的普通
#    SGD，训练 200 个轮次；权重用 He 初始化。为了让脚本跑得快，测试准确率是在 10 000
#    张测试图像中固定的 2 000 张上测量的：这 2 000 张用种子 0 随机抽取一次，本章所有实验都用同一
#    组；训练准确率则在全部 300 张训练图像上测量。本章的所有脚本和正文都用库函数
#    :func:`nnbook.experiments.train_small_mnist` 做这个实验：它构建网络，用
#    :class:`~nnbook.trainer.Trainer` 训练，返回训练记录、训练后的权重，
#    以及网络对测试图像给出的得分。只要名字和设置相同，:func:`nnbook.util.cached`
#    就把同一次训练的结果交给它们每一个。
#
# .. nnbook-code:: nnbook.experiments.train_small_mnist

import numpy as np

from nnbook.experiments import train_small_mnist
from nnbook.plotting import show, subplots, tr
from nnbook.util import cached

plain = cached(
    "small_mnist",
    train_small_mnist,
    n_train=300,
    n_test=2_000,
    epochs=200,
    lr=0.01,
    weight_decay=0.0,
    dropout_ratio=0.0,
    seed=0,
)
history = plain["history"]
train_acc = 100 * np.array(history.train_acc)
test_acc = 100 * np.array(history.test_acc)
gap = train_acc - test_acc
print(f"final training accuracy: {train_acc[-1]:.1f} %")
print(f"final test accuracy:     {test_acc[-1]:.1f} %")
print(f"final gap:               {gap[-1]:.1f} percentage points")
print(f"first epoch with 100 % training accuracy: {np.flatnonzero(train_acc == 100)[0]}")

# %%
# .. only:: lang_en
#
#    **What you should see.** The training accuracy climbs to 100 % in about a hundred epochs and,
#    after a few slips of a single image, stays there: the network classifies every one of its 300
#    images correctly. The test accuracy rises with it at first, then levels off far below. From
#    then on the network has nothing left to learn from its data, and the gap between the curves
#    (right) stays at about a quarter of all test images. This is overfitting: the network has
#    learned its 300 images, not handwriting.
#
# .. only:: lang_zh
#
#    **你应该看到：** 训练准确率用大约一百个轮次升到 100%，此后偶尔错认一张，很快就一直停在 100%：
#    这 300 张图像，网络张张都认对了。测试准确率起初跟着上升，随后在低得多的位置走平。
#    此后网络在它的数据上已经没有什么可学的了，两条曲线之间的差距（右图）一直保持在全部测试图像的四
#    分之一左右。这就是过拟合：网络学会的是这 300 张图像，而不是手写数字本身。

epochs = np.arange(len(train_acc))
fig, (ax_acc, ax_gap) = subplots(1, 2, name="regularization-overfitting", figsize=(9.0, 3.6))
ax_acc.plot(epochs, train_acc, label=tr("training data (300 images)", "训练数据（300 张）"))
ax_acc.plot(epochs, test_acc, linestyle="--", label=tr("test data", "测试数据"))
ax_acc.set_xlabel(tr("epoch", "轮次"))
ax_acc.set_ylabel(tr("accuracy (%)", "准确率（%）"))
ax_acc.set_ylim(0, 102)
ax_acc.legend(loc="lower right")
ax_acc.set_title(tr("No regularization", "不加正则化"))
ax_gap.plot(epochs, gap, color="C2")
ax_gap.set_xlabel(tr("epoch", "轮次"))
ax_gap.set_ylabel(tr("training − test (percentage points)", "训练 − 测试（百分点）"))
ax_gap.axhline(0.0, color="0.3", linewidth=1.0)
ax_gap.set_ylim(-5, 35)
ax_gap.set_title(tr("Gap between training and test", "训练与测试之间的差距"))
show()
