"""
Three weight scales on MNIST ‖ 三种权重尺度在 MNIST 上的比较
===========================================================

.. only:: lang_en

   The experiment of Saitoh's *Deep Learning from Scratch* that compares initializations on
   real data: a :class:`~nnbook.nets.MultiLayerNet` with four hidden layers of 100 ReLU units
   learns MNIST with SGD (learning rate 0.01) for 2 000 iterations with mini-batches of 128
   images, starting once from weights of standard deviation 0.01, once from Xavier's scale and
   once from He's.

.. only:: lang_zh

   这是斋藤康毅《深度学习入门》中在真实数据上比较权重初始值的实验：一个
   :class:`~nnbook.nets.MultiLayerNet`\\ （四个隐藏层，每层 100 个 ReLU 单元）用 SGD
   （学习率 0.01）和 128 张图像的小批量在 MNIST 上学习 2 000 次迭代，初始权重的标准差分别取
   0.01、Xavier 的尺度和 He 的尺度。
"""

# %%
# .. only:: lang_en
#
#    The three runs see the same mini-batches in the same order; the weights of all three are
#    drawn from the same seeded generator, so they differ only in scale. After training, each
#    network is tested on all 10 000 test images. The runs are made by
#    :func:`nnbook.experiments.compare_on_mnist`, the function that also compares the optimizers
#    of the previous chapter, with one variant for each initial scale. The call is wrapped in
#    :func:`nnbook.util.cached`, and the chapter page makes the same call.
#
# .. only:: lang_zh
#
#    三次训练按相同的顺序看到相同的小批量；三组权重用同一个带种子的随机数生成器抽取，
#    只有尺度不同。训练结束后，每个网络都在全部 10 000 张测试图像上测试。
#    这三次训练由 :func:`nnbook.experiments.compare_on_mnist` 完成，上一章比较优化器用的也是它；
#    这里每种初始尺度是一个变体。这次调用包在 :func:`nnbook.util.cached` 里，
#    正文用同样的设置做同一次调用。
#
# .. nnbook-code:: nnbook.experiments.compare_on_mnist

import numpy as np

from nnbook.experiments import compare_on_mnist
from nnbook.plotting import show, subplots, tr
from nnbook.util import cached, smooth_curve

results = cached(
    "mnist_weight_init",
    compare_on_mnist,
    variants={
        0.01: {"weight_init_std": 0.01, "optimizer": "sgd", "lr": 0.01},
        "xavier": {"weight_init_std": "xavier", "optimizer": "sgd", "lr": 0.01},
        "he": {"weight_init_std": "he", "optimizer": "sgd", "lr": 0.01},
    },
    iterations=2000,
    batch_size=128,
    seed=0,
)
for init, result in results.items():
    last_100 = result["loss"][-100:].mean()
    print(f"{init!s:7s} loss over the last 100 iterations {last_100:.3f}, ", end="")
    print(f"test accuracy {result['test_acc']:.4f}")

# %%
# .. only:: lang_en
#
#    With standard deviation 0.01 the network does not learn at all: its loss stays at ln 10,
#    the loss of a network that gives every digit the same probability. The signal has died
#    away before the output layer (see the ReLU histograms of
#    :ref:`sphx_glr_gallery_weight_init_plot_activation_histograms.py`), and so has the
#    gradient on its way back. Xavier's scale and He's both learn; He's, made for ReLU, learns
#    faster.
#
# .. only:: lang_zh
#
#    标准差为 0.01 时，网络根本学不动：损失一直停在 ln 10，也就是对每个数字都给出相同概率时的损失。
#    信号在到达输出层之前就已经消失了（见
#    :ref:`sphx_glr_gallery_weight_init_plot_activation_histograms.py` 中 ReLU 的直方图），
#    梯度在反向传播的路上也一样。Xavier 和 He 的尺度都能学习；专为 ReLU 设计的 He 学得更快。

labels = {0.01: "σ = 0.01", "xavier": "Xavier", "he": "He"}
markers = {0.01: "o", "xavier": "s", "he": "D"}
fig, ax = subplots(name="weight-init-mnist", figsize=(6.4, 4.0))
for init, result in results.items():
    smooth = smooth_curve(result["loss"], window=51)
    ax.plot(
        np.arange(1, len(smooth) + 1),
        smooth,
        marker=markers[init],
        markevery=100,
        markersize=5,
        linewidth=1.5,
        label=labels[init],
    )
ax.axhline(np.log(10), color="0.3", linestyle=":", linewidth=1.2)
ax.text(1500, np.log(10) + 0.06, "ln 10", color="0.3")
ax.set_xlabel(tr("iteration", "迭代次数"))
ax.set_ylabel(tr("mini-batch loss (moving average)", "小批量损失（移动平均）"))
ax.set_ylim(0, 2.6)
ax.legend(loc="center right")
ax.set_title(tr("5-layer ReLU network, SGD, η = 0.01", "5 层 ReLU 网络，SGD，η = 0.01"))
show()
