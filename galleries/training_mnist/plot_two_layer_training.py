"""
Training a two-layer network on MNIST ‖ 在 MNIST 上训练两层网络
==================================================================

.. only:: lang_en

   A :class:`~nnbook.nets.TwoLayerNet` with 784 inputs, 50 sigmoid hidden units and 10 outputs
   learns MNIST by plain stochastic gradient descent, driven by :class:`~nnbook.trainer.Trainer`.
   We record the loss of every mini-batch and the accuracy on the training and test data after
   every epoch, and draw both.

.. only:: lang_zh

   一个 :class:`~nnbook.nets.TwoLayerNet` 网络（784 个输入、50 个 sigmoid 隐藏单元、10 个输出）
   在 :class:`~nnbook.trainer.Trainer` 的驱动下，用最朴素的随机梯度下降学习 MNIST。
   我们记下每个小批量的损失，以及每个轮次结束时在训练数据和测试数据上的准确率，并把它们画出来。
"""

# %%
# .. only:: lang_en
#
#    The settings: mini-batches of 100 images, learning rate 0.1, 16 epochs. One epoch is one
#    pass over the 60 000 training images, that is 600 updates, so the run makes 9 600 updates
#    in all. The run is made by the library function
#    :func:`nnbook.experiments.train_two_layer_mnist`: it builds the network, hands it to a
#    :class:`~nnbook.trainer.Trainer` together with the 60 000 training and the 10 000 test
#    images, and returns the :class:`~nnbook.trainer.History` the trainer recorded. The call is
#    wrapped in :func:`nnbook.util.cached`: when the book is built, it trains once, and the page
#    of the chapter and the other language's build, which make the same call, reuse the result.
#
# .. only:: lang_zh
#
#    训练设置：每个小批量 100 张图像，学习率 0.1，训练 16 个轮次。
#    一个轮次就是把 60 000 张训练图像完整地过一遍，即 600 次更新，所以整个训练共更新 9 600 次。
#    训练由库函数 :func:`nnbook.experiments.train_two_layer_mnist` 完成：它构建网络，
#    把网络连同 60 000 张训练图像和 10 000 张测试图像交给 :class:`~nnbook.trainer.Trainer`，
#    返回训练器记录下的 :class:`~nnbook.trainer.History`。这次调用包在
#    :func:`nnbook.util.cached` 里：构建本书时只训练一次，本章正文和另一种语言的构建
#    做的是同一次调用，直接复用这次的结果。
#
# .. nnbook-code:: nnbook.experiments.train_two_layer_mnist

import numpy as np

from nnbook.experiments import train_two_layer_mnist
from nnbook.plotting import accuracy_and_gap, show, subplots, tr
from nnbook.util import cached, smooth_curve

history = cached(
    "two_layer_mnist_sigmoid",
    train_two_layer_mnist,
    activation="sigmoid",
    weight_init_std=0.01,
    epochs=16,
    batch_size=100,
    lr=0.1,
    seed=0,
)
print(f"updates:                 {len(history.train_loss)}")
print(f"first mini-batch loss:   {history.train_loss[0]:.3f}")
print(f"last mini-batch loss:    {history.train_loss[-1]:.3f}")
print(f"final training accuracy: {history.train_acc[-1]:.4f}")
print(f"final test accuracy:     {history.test_acc[-1]:.4f}")

# %%
# .. only:: lang_en
#
#    The loss of a single mini-batch is noisy: one batch happens to be easy, the next one hard.
#    :func:`nnbook.util.smooth_curve` averages each point with its 100 neighbours on either side,
#    which shows the trend. The dotted line marks ln 10, the loss of a network that gives all
#    ten classes the same probability; training starts right there. For the first hundred or
#    so iterations the loss hardly moves: with weights this small, every hidden unit outputs
#    nearly 0.5 whatever the image, so at first the output layer has almost nothing to tell the
#    digits apart by. Then the loss falls steeply, and after that it keeps creeping down.
#
# .. only:: lang_zh
#
#    单个小批量的损失起伏很大：这一批碰巧简单，下一批又可能很难。
#    :func:`nnbook.util.smooth_curve` 把每个点和它左右各 100 个点取平均，趋势就显现出来了。
#    虚线标出 ln 10，也就是网络对十个类别给出相同概率时的损失，训练正是从这里开始的。
#    在最初一百来次迭代里，损失几乎不动：权重这么小，不管输入哪张图像，
#    每个隐藏单元的输出都接近 0.5，输出层一开始几乎没有什么可以用来区分数字的依据。
#    随后损失急剧下降，之后再慢慢地继续往下走。

iterations = np.arange(1, len(history.train_loss) + 1)
fig, ax = subplots(name="training-mnist-loss", figsize=(6.4, 3.8))
ax.plot(iterations, history.train_loss, linewidth=0.5, alpha=0.35, label=tr("raw", "原始值"))
ax.plot(
    iterations,
    smooth_curve(history.train_loss, window=201),
    label=tr("moving average over 201 iterations", "201 次迭代的移动平均"),
)
ax.axhline(np.log(10), color="0.3", linestyle=":", linewidth=1.2, label="ln 10")
ax.set_xlabel(tr("iteration (updates of the parameters)", "迭代次数（参数更新次数）"))
ax.set_ylabel(tr("cross-entropy loss of the mini-batch", "小批量的交叉熵误差"))
ax.set_ylim(0.0, 2.6)
ax.legend(loc="center right")
ax.set_title(tr("Loss during training", "训练过程中的损失"))

# %%
# .. only:: lang_en
#
#    Accuracy is measured on all 60 000 training images and all 10 000 test images before
#    training and after every epoch (left). The two curves climb together and stay close; the
#    right panel shows the gap between them, training minus test accuracy, in percentage points.
#    It stays within about one point of zero: the network does about as well on digits it has
#    never seen as on the ones it learned from, so it has not overfitted. Had it overfitted, the
#    training accuracy would keep rising while the test accuracy stalled or fell, and the gap
#    would grow epoch after epoch.
#
# .. only:: lang_zh
#
#    训练开始前和每个轮次结束后，
#    都在全部 60 000 张训练图像和全部 10 000 张测试图像上测量准确率（左图）。两条曲线一同上升，
#    而且始终贴得很近；右图画出两者之差，即训练准确率减去测试准确率，单位是百分点。
#    这个差距始终在零附近一个百分点以内：网络在从没见过的数字上表现得和在学过的数字上差不多，
#    说明它没有过拟合。如果发生了过拟合，训练准确率会继续上升，测试准确率却停滞甚至下降，
#    差距会一个轮次比一个轮次大。

fig, (ax_acc, ax_gap) = subplots(1, 2, name="training-mnist-accuracy", figsize=(9.0, 3.6))
accuracy_and_gap(
    ax_acc,
    ax_gap,
    [(history, None, False)],
    title=tr("Accuracy after every epoch", "每个轮次后的准确率"),
    acc_max=100,
    gap_limits=(-2, 2),
    markers=True,
)
show()
