"""
Four optimizers on MNIST ‖ 四种优化器在 MNIST 上的比较
=====================================================

.. only:: lang_en

   The experiment of Saitoh's *Deep Learning from Scratch* that compares SGD, Momentum, AdaGrad
   and Adam on real data: a :class:`~nnbook.nets.MultiLayerNet` with four hidden layers of 100
   ReLU units (He initialization) learns MNIST for 2 000 iterations with mini-batches of 128
   images, once with each optimizer, at the book's learning rates.

.. only:: lang_zh

   这是斋藤康毅《深度学习入门》中在真实数据上比较 SGD、Momentum、AdaGrad 和 Adam 的实验：
   一个 :class:`~nnbook.nets.MultiLayerNet`\\ （四个隐藏层，每层 100 个 ReLU 单元，He 初始化）
   用 128 张图像的小批量在 MNIST 上学习 2 000 次迭代，每个优化器各训练一遍，学习率与书中相同。
"""

# %%
# .. only:: lang_en
#
#    Every run starts from the same initial weights (seed 0) and sees the same mini-batches in
#    the same order (the :class:`~nnbook.trainer.Trainer` is seeded with 0 too), so the optimizer
#    is the only difference. The learning rates are the book's: 0.01 for SGD, Momentum and
#    AdaGrad, 0.001 for Adam. After training, each network is tested on all 10 000 test images.
#    The library function :func:`nnbook.experiments.compare_on_mnist` trains one network for each
#    variant it is given, here one for each optimizer with its learning rate, and returns the
#    loss of every mini-batch and the final test accuracy of each. The call is wrapped in
#    :func:`nnbook.util.cached`; the chapter page makes the same call and reads the stored
#    result.
#
# .. only:: lang_zh
#
#    每次训练都从相同的初始权重（种子 0）出发，按相同的顺序看到相同的小批量
#    （:class:`~nnbook.trainer.Trainer` 的种子也是 0），所以唯一的区别就是优化器。
#    学习率与书中相同：SGD、Momentum 和 AdaGrad 为 0.01，Adam 为 0.001。训练结束后，
#    每个网络都在全部 10 000 张测试图像上测试。库函数 :func:`nnbook.experiments.compare_on_mnist`
#    为给定的每个变体训练一个网络（这里每个优化器及其学习率是一个变体），
#    返回每个网络在每个小批量上的损失和最终的测试准确率。这次调用包在
#    :func:`nnbook.util.cached` 里；正文用同样的设置做同一次调用，直接读取保存下来的结果。
#
# .. nnbook-code:: nnbook.experiments.compare_on_mnist

import numpy as np

from nnbook.experiments import compare_on_mnist
from nnbook.plotting import show, subplots, tr
from nnbook.util import cached, smooth_curve

results = cached(
    "mnist_optimizers",
    compare_on_mnist,
    variants={
        "sgd": {"optimizer": "sgd", "lr": 0.01},
        "momentum": {"optimizer": "momentum", "lr": 0.01},
        "adagrad": {"optimizer": "adagrad", "lr": 0.01},
        "adam": {"optimizer": "adam", "lr": 0.001},
    },
    iterations=2000,
    batch_size=128,
    seed=0,
)
for name, result in results.items():
    last_100 = result["loss"][-100:].mean()
    print(f"{name:9s} loss over the last 100 iterations {last_100:.3f}, ", end="")
    print(f"test accuracy {result['test_acc']:.4f}")

# %%
# .. only:: lang_en
#
#    The curves show the mini-batch loss smoothed with :func:`nnbook.util.smooth_curve` over 51
#    iterations. SGD is clearly the slowest; the three others leave it behind within the first
#    few hundred iterations. Among them the order is close and depends on the learning rates
#    chosen: none of them is best on every problem.
#
# .. only:: lang_zh
#
#    曲线是用 :func:`nnbook.util.smooth_curve` 在 51 次迭代上平滑后的小批量损失。
#    SGD 明显最慢；另外三个在最初几百次迭代内就把它甩在了后面。它们三者之间相差不大，
#    排名取决于所选的学习率：没有哪个优化器在所有问题上都最好。

labels = {"sgd": "SGD", "momentum": "Momentum", "adagrad": "AdaGrad", "adam": "Adam"}
markers = {"sgd": "o", "momentum": "x", "adagrad": "s", "adam": "D"}
fig, ax = subplots(name="optimizers-mnist", figsize=(6.4, 4.0))
for name, result in results.items():
    smooth = smooth_curve(result["loss"], window=51)
    iterations = np.arange(1, len(smooth) + 1)
    ax.plot(
        iterations,
        smooth,
        marker=markers[name],
        markevery=100,
        markersize=5,
        linewidth=1.5,
        label=labels[name],
    )
ax.set_xlabel(tr("iteration", "迭代次数"))
ax.set_ylabel(tr("mini-batch loss (moving average)", "小批量损失（移动平均）"))
ax.set_ylim(0, 1.0)
ax.legend(loc="upper right")
ax.set_title(tr("5-layer ReLU network on MNIST", "5 层 ReLU 网络在 MNIST 上的训练"))
show()
