"""
Dropout ‖ 随机失活
==================

.. only:: lang_en

   The overfitting experiment of :ref:`sphx_glr_gallery_regularization_plot_overfitting.py`
   with a :class:`~nnbook.layers.Dropout` layer after each of the six hidden layers. In every
   training pass each hidden unit is switched off with probability 0.2; at test time all units
   work. We train for 301 epochs, as the book does, rather than the 200 of the other runs,
   because a network with dropout learns its training data more slowly.

.. only:: lang_zh

   把 :ref:`sphx_glr_gallery_regularization_plot_overfitting.py` 中的过拟合实验再做一遍，
   在 6 个隐藏层后面各加一个 :class:`~nnbook.layers.Dropout` 层。每次训练时的正向传播中，
   每个隐藏单元都以 0.2 的概率被关掉；测试时所有单元都参与工作。与原书一样，我们训练 301 个
   轮次，而不是其他实验的 200 个，因为带随机失活的网络学习训练数据要慢一些。
"""

# %%
# .. only:: lang_en
#
#    :func:`nnbook.experiments.train_small_mnist` is the function of the overfitting script; with
#    ``dropout_ratio`` above zero it builds the :class:`~nnbook.nets.MultiLayerNet` with
#    ``use_dropout=True``. The run without dropout is the one of the overfitting script (taken
#    from the cache when the book is built).
#
# .. only:: lang_zh
#
#    :func:`nnbook.experiments.train_small_mnist` 就是过拟合脚本所用的那个函数；
#    ``dropout_ratio`` 大于零时，它以 ``use_dropout=True`` 构建
#    :class:`~nnbook.nets.MultiLayerNet`。不加随机失活的那次训练就是过拟合脚本里的那一次
#    （构建本书时直接取自缓存）。
#
# .. nnbook-code:: nnbook.experiments.train_small_mnist

import numpy as np

from nnbook.datasets import load_mnist
from nnbook.experiments import train_small_mnist
from nnbook.functions import softmax
from nnbook.nets import MultiLayerNet
from nnbook.plotting import accuracy_and_gap, show, subplots, tr
from nnbook.util import cached

settings = {"n_train": 300, "n_test": 2_000, "lr": 0.01, "weight_decay": 0.0, "seed": 0}
plain = cached("small_mnist", train_small_mnist, epochs=200, dropout_ratio=0.0, **settings)
dropout = cached("small_mnist", train_small_mnist, epochs=301, dropout_ratio=0.2, **settings)
for name, run in (("no dropout", plain), ("dropout 0.2", dropout)):
    h = run["history"]
    gap = np.array(h.train_acc) - np.array(h.test_acc)
    print(
        f"{name:12}: {len(h.train_acc) - 1} epochs, training {100 * h.train_acc[-1]:.1f} %, "
        f"test {100 * h.test_acc[-1]:.1f} %, gap at epoch 100: {100 * gap[100]:.1f}, "
        f"at the end: {100 * gap[-1]:.1f} points"
    )

# %%
# .. only:: lang_en
#
#    **Accuracy.** With dropout (solid lines) both accuracies rise more slowly than without it
#    (pale lines), and for a long time the gap between them (right) stays narrower. But the
#    training accuracy keeps climbing, and by the end of the run it is close to 100 % again, with
#    the gap about as wide as without dropout. In this experiment dropout with a ratio of 0.2
#    *delays* the memorising of the 300 images more than it prevents it. A narrower gap in the
#    middle of a run is not yet a better network; compare runs once each has learned what it is
#    going to learn.
#
# .. only:: lang_zh
#
#    **准确率。** 加了随机失活（实线）后，两条准确率曲线都比不加时（浅色线）上升得慢，
#    两者之间的差距（右图）在很长一段时间里也更窄。但训练准确率一直在爬升，到训练结束时又接近
#    100%，差距也和不加随机失活时差不多宽了。在这个实验里，比例为 0.2 的随机失活与其说阻止了网络
#    死记这 300 张图像，不如说只是\ **推迟**\ 了它。训练进行到一半时差距较窄，并不说明网络更好；
#    要比较，就等每次训练都学完了它能学到的东西再比。

fig, (ax_acc, ax_gap) = subplots(1, 2, name="regularization-dropout", figsize=(9.0, 3.6))
accuracy_and_gap(
    ax_acc,
    ax_gap,
    [
        (plain["history"], tr("no dropout", "无随机失活"), True),
        (dropout["history"], tr("dropout 0.2", "随机失活 0.2"), False),
    ],
    title=tr("Dropout 0.2 (pale: no dropout)", "随机失活 0.2（浅色：无随机失活）"),
)

# %%
# .. only:: lang_en
#
#    **The book's Dropout.** Saitoh's book uses the original, non-inverted form: the survivors are
#    not scaled up in training, and every output is multiplied by :math:`1 - 0.2` at test time
#    (``inverted_dropout=False``). Both forms agree in expectation, but they do not train alike.
#    We repeat the 301 epochs with the book's form, from the same weights and the same masks.
#
# .. only:: lang_zh
#
#    **原书的随机失活。** 斋藤康毅的书用的是原始的、非倒置的形式：训练时幸存的单元不放大，
#    测试时每个输出乘以 :math:`1 - 0.2` （``inverted_dropout=False``）。两种形式的期望值一致，
#    训练起来却不一样。我们用原书的形式把这 301 个轮次重做一遍，初始权重和掩码都与上面相同。

original = cached(
    "small_mnist",
    train_small_mnist,
    epochs=301,
    dropout_ratio=0.2,
    inverted_dropout=False,
    **settings,
)
for name, run in (("inverted", dropout), ("original", original)):
    h = run["history"]
    print(
        f"{name:8}: training {100 * h.train_acc[-1]:.1f} %, test {100 * h.test_acc[-1]:.1f} %, "
        f"gap {100 * (h.train_acc[-1] - h.test_acc[-1]):.1f} points after 301 epochs"
    )

# %%
# .. only:: lang_en
#
#    With the book's form the final gap is much narrower, as in the book — but only because the
#    network has learned much less, its training *and* its test accuracy far below those of the
#    inverted form. Without the scaling, every Dropout layer passes on on average
#    :math:`0.8` of its input in training, so after six of them the signal, and with it the
#    gradient, is a quarter of its size (:math:`0.8^6 \approx 0.26`), and with the same learning
#    rate the network learns more slowly. The narrower gap is the slower learning, not a better
#    network.
#
# .. only:: lang_zh
#
#    用原书的形式，最终的差距窄得多，和原书一样——但这只是因为网络学到的东西少得多：它的训练
#    准确率\ **和**\ 测试准确率都远低于倒置形式。不放大时，每个随机失活层在训练中平均只传出输入的
#    :math:`0.8`，经过六层，信号连同梯度只剩原来的四分之一左右（:math:`0.8^6 \approx 0.26`），
#    学习率不变，网络就学得更慢。差距变窄是学得慢的结果，并不说明网络更好。

fig, (ax_acc, ax_gap) = subplots(1, 2, name="regularization-dropout-original", figsize=(9.0, 3.6))
accuracy_and_gap(
    ax_acc,
    ax_gap,
    [
        (dropout["history"], tr("inverted", "倒置"), True),
        (original["history"], tr("original (book)", "原始（原书）"), False),
    ],
    title=tr("Original Dropout (pale: inverted)", "原始随机失活（浅色：倒置）"),
)

# %%
# .. only:: lang_en
#
#    **An ensemble inside one network.** Every training pass uses a different random *thinned*
#    network, the units that survived the masks. At test time we use none of them but the full
#    network, in which every unit works (and, since the survivors were scaled up by
#    :math:`1/(1-0.2)` during training, every unit's output has the expected size). How does that
#    compare with what the thinned networks would say? We rebuild the trained network, run the 2
#    000 test images through :math:`k` thinned networks (``train=True`` draws fresh masks on every
#    pass), average their softmax outputs and measure the accuracy of that average.
#
# .. only:: lang_zh
#
#    **一个网络内部的集成。** 每次训练时的正向传播用的都是一个随机的“瘦身”网络，
#    即躲过了掩码的那些单元。测试时我们一个也不用，用的是完整的网络，所有单元都参与工作（而且因为训
#    练时幸存的单元都被放大了 :math:`1/(1-0.2)` 倍，每个单元输出的大小与期望值相符）。
#    这和瘦身网络给出的答案相比如何？我们重建训练好的网络，让 2 000 张测试图像通过 :math:`k`
#    个瘦身网络（``train=True`` 时每次正向传播都会重新抽取掩码），把它们的 softmax 输出取平均，
#    再测量这个平均结果的准确率。

# Seed 1 seeds the masks drawn below; the initial weights are overwritten at once.
net = MultiLayerNet(784, [100] * 6, 10, use_dropout=True, dropout_ratio=0.2, rng=1)
for name, value in dropout["params"].items():
    net.params[name][...] = value  # the trained weights, in place
(_, _), (x_test, t_test) = load_mnist()
x_test, t_test = x_test[dropout["test_idx"]], t_test[dropout["test_idx"]]
full_acc = net.accuracy(x_test, t_test)
n_thinned = np.arange(1, 101)
mean_prob = np.zeros((len(x_test), 10))
thinned_acc, averaged_acc = [], []
for k in n_thinned:
    prob = softmax(net.predict(x_test, train=True))  # one thinned network
    thinned_acc.append(float(np.mean(prob.argmax(axis=1) == t_test)))
    mean_prob += (prob - mean_prob) / k  # running mean of the first k
    averaged_acc.append(float(np.mean(mean_prob.argmax(axis=1) == t_test)))
print(f"full network:                  {100 * full_acc:.1f} %")
print(f"one thinned network (mean):    {100 * np.mean(thinned_acc):.1f} %")
print(f"average of 100 thinned ones:   {100 * averaged_acc[-1]:.1f} %")

# %%
# .. only:: lang_en
#
#    A single thinned network is a poor classifier (grey dots): a fifth of its units are missing.
#    The average of many is much better, and as :math:`k` grows it approaches the accuracy of the
#    full network (dashed line). The one cheap pass through the full network stands in for the vote
#    of a whole ensemble of thinned networks that share their weights.
#
# .. only:: lang_zh
#
#    单个瘦身网络是个很差的分类器（灰点）：它少了五分之一的单元。许多个瘦身网络的平均则好得多，
#    而且随着 :math:`k` 增大，它逼近完整网络的准确率（虚线）。让数据通过完整网络一次，代价很小，
#    却能代替一整个共享权重的瘦身网络集成进行投票。

fig, ax = subplots(name="regularization-thinned", figsize=(6.4, 3.6))
ax.plot(
    n_thinned,
    100 * np.array(thinned_acc),
    "o",
    color="0.6",
    markersize=3,
    label=tr("one thinned network", "单个瘦身网络"),
)
ax.plot(
    n_thinned,
    100 * np.array(averaged_acc),
    color="C0",
    label=tr("average of the first k thinned networks", "前 k 个瘦身网络的平均"),
)
ax.axhline(
    100 * full_acc,
    color="C3",
    linestyle="--",
    label=tr("full network (test time)", "完整网络（测试时）"),
)
ax.set_xscale("log")
ax.set_ylim(40, 76)
ax.set_xlabel(tr("number of thinned networks k", "瘦身网络的个数 k"))
ax.set_ylabel(tr("test accuracy (%)", "测试准确率（%）"))
ax.legend(loc="lower right")
ax.set_title(tr("Averaging thinned networks", "瘦身网络的平均"))
show()
