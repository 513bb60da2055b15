"""
Weight decay ‖ 权重衰减
=======================

.. only:: lang_en

   The overfitting experiment of :ref:`sphx_glr_gallery_regularization_plot_overfitting.py`
   once more, with one change: the loss now includes the penalty :math:`\\tfrac12 \\lambda
   \\sum W^2` on all weights, with :math:`\\lambda = 0.1`. Everything else (data, network,
   initial weights, order of the mini-batches, learning rate) is the same.

.. only:: lang_zh

   把 :ref:`sphx_glr_gallery_regularization_plot_overfitting.py` 中的过拟合实验再做一遍，只改
   一处：损失函数加上对全部权重的惩罚项 :math:`\\tfrac12 \\lambda \\sum W^2`，取
   :math:`\\lambda = 0.1`。其余一切（数据、网络、初始权重、小批量的顺序、学习率）都不变。
"""

# %%
# .. only:: lang_en
#
#    :func:`nnbook.experiments.train_small_mnist` is the function of the overfitting script; it
#    passes ``weight_decay`` on to :class:`~nnbook.nets.MultiLayerNet` as
#    ``weight_decay_lambda``. We run it with :math:`\lambda = 0.1` and once more without weight
#    decay, for comparison (when the book is built, that second run comes from the cache).
#
# .. only:: lang_zh
#
#    :func:`nnbook.experiments.train_small_mnist` 就是过拟合脚本所用的那个函数，
#    它把 ``weight_decay`` 作为 ``weight_decay_lambda`` 传给 :class:`~nnbook.nets.MultiLayerNet`。
#    我们用 :math:`\lambda = 0.1` 运行它，再不加权重衰减运行一次作为对照
#    （构建本书时，第二次训练的结果直接取自缓存）。
#
# .. nnbook-code:: nnbook.experiments.train_small_mnist

import numpy as np

from nnbook.experiments import train_small_mnist
from nnbook.nets import MultiLayerNet
from nnbook.plotting import accuracy_and_gap, show, subplots, tr
from nnbook.util import cached

settings = {"n_train": 300, "n_test": 2_000, "lr": 0.01, "seed": 0}
plain = cached(
    "small_mnist", train_small_mnist, epochs=200, weight_decay=0.0, dropout_ratio=0.0, **settings
)
decay = cached(
    "small_mnist", train_small_mnist, epochs=200, weight_decay=0.1, dropout_ratio=0.0, **settings
)
runs = {0.0: plain, 0.1: decay}
for lam, run in runs.items():
    train_acc, test_acc = run["history"].train_acc[-1], run["history"].test_acc[-1]
    print(
        f"lambda = {lam}: training {100 * train_acc:.1f} %, test {100 * test_acc:.1f} %, "
        f"gap {100 * (train_acc - test_acc):.1f} points"
    )

# %%
# .. only:: lang_en
#
#    **Accuracy.** With weight decay (solid lines) the training accuracy stops short of 100 %: the
#    penalty keeps the network from fitting the last training images at the price of large weights.
#    The test accuracy ends close to where it ends without weight decay (pale lines), so the gap
#    between the two (right) is narrower. Weight decay has taken away some of the memorising; on
#    300 images it has not found much more handwriting to learn instead.
#
# .. only:: lang_zh
#
#    **准确率。** 加了权重衰减（实线）后，训练准确率停在 100% 以下：惩罚项不让网络靠很大的权重去拟
#    合最后那几张训练图像。测试准确率最后停在与不加权重衰减（浅色线）时相近的位置，
#    所以两者之间的差距（右图）变窄了。权重衰减去掉了一部分死记硬背；但只有 300 张图像，
#    它也没能借此学到多少真正关于手写数字的东西。

names = {0.0: tr("no weight decay", "无权重衰减"), 0.1: tr("λ = 0.1", "λ = 0.1")}
fig, (ax_acc, ax_gap) = subplots(1, 2, name="regularization-weight-decay", figsize=(9.0, 3.6))
accuracy_and_gap(
    ax_acc,
    ax_gap,
    [(run["history"], names[lam], lam == 0) for lam, run in runs.items()],
    title=tr("λ = 0.1 (pale: no weight decay)", "λ = 0.1（浅色：无权重衰减）"),
)

# %%
# .. only:: lang_en
#
#    **Weights.** The penalty does what its name says: it makes the weights smaller. For each of
#    the seven weight matrices the figure shows the root mean square of its entries,
#    :math:`\sqrt{\overline{W^2}}`, before training (the He initial values, the same for both runs)
#    and after it. Without weight decay the weights end up almost exactly as large as they started:
#    training changes them a little, in directions that leave their overall size as it was (only
#    the output layer grows, by a few per cent). With weight decay every layer ends well below its
#    initial size, at about half to two thirds of it. A network with smaller weights changes its
#    output less when its input changes a little, and that limits how closely it can bend itself
#    around 300 individual images.
#
# .. only:: lang_zh
#
#    **权重。** 惩罚项做的正如它的名字所说：让权重变小。图中对 7 个权重矩阵中的每一个，
#    画出其元素的均方根 :math:`\sqrt{\overline{W^2}}`：训练前（He 初始化，两次训练相同）
#    和训练后各一个。不加权重衰减时，训练结束后的权重几乎和开始时一样大：训练只让权重改变了一点点，
#    而且这些改变几乎不影响它们的整体大小（只有输出层变大了百分之几）。加了权重衰减，
#    每一层最后都明显小于初始大小，只剩下它的一半到三分之二左右。权重较小的网络，
#    在输入稍有变化时输出也变化得少一些，这就限制了它为了迁就 300 张具体的图像而把自己“扭曲”
#    到什么程度。

initial = MultiLayerNet(784, [100] * 6, 10, rng=0)
layers = np.arange(1, 8)


def rms(params, i):
    return float(np.sqrt(np.mean(params[f"W{i}"] ** 2)))


fig, ax = subplots(name="regularization-weights", figsize=(6.4, 3.6))
width = 0.27
ax.bar(
    layers - width,
    [rms(initial.params, i) for i in layers],
    width,
    color="0.6",
    label=tr("before training", "训练前"),
)
for k, (lam, run) in enumerate(runs.items()):
    ax.bar(
        layers + k * width,
        [rms(run["params"], i) for i in layers],
        width,
        color=f"C{3 + k}",
        label=names[lam],
    )
ax.set_xticks(layers)
ax.set_xlabel(tr("weight matrix (layer)", "权重矩阵（层）"))
ax.set_ylabel(tr("root mean square of the weights", "权重的均方根"))
ax.set_ylim(0, 0.2)
ax.legend(loc="upper left", ncols=3)
ax.set_title(tr("Weights after 200 epochs", "训练 200 个轮次后的权重"))
show()
