"""
Mini-batch size: 1, 100 or all 60 000 ‖ 小批量的大小：1、100 还是全部 60 000
================================================================================

.. only:: lang_en

   How many training images should one update look at? We train the same two-layer network
   three times, with batches of 1 image, of 100 images and of all 60 000 (plain, full-batch
   gradient descent), and compare how far the loss gets.

.. only:: lang_zh

   每次更新应该看多少张训练图像？我们把同一个两层网络训练三遍，批大小分别是 1 张、
   100 张和全部 60 000 张（也就是不分批的普通梯度下降），比较损失各自降到了哪里。
"""

# %%
# .. only:: lang_en
#
#    **A fair budget.** The same number of *epochs* is out of reach for a batch of 1 (16 epochs
#    would be almost a million updates), and the same number of *updates* is out of reach for
#    the full batch (every one of its gradients runs the whole training set through the network).
#    What each run pays for, though, is examples: the work of a gradient grows in proportion to
#    the number of images in its batch. So every run gets the same budget, **one epoch: 60 000
#    training images pass through the network once**. A batch of 1 turns this budget into 60 000
#    small updates, a batch of 100 into 600, the full batch into a single one. All three runs
#    start from the same initial weights, see the images in the same order and use the same
#    learning rate, 0.1.
#
#    To watch progress we measure the loss on a fixed random sample of 2 000 training images —
#    an estimate of the loss on the whole training set — at 40 points spread evenly on a
#    logarithmic scale of updates. The time each update takes is recorded as well.
#
# .. only:: lang_zh
#
#    **公平的预算。** 让三者训练相同的轮次行不通：批大小为 1 时，16 个轮次就是将近一百万次更新；
#    让三者更新相同的次数也行不通：全批量每算一次梯度，都要把整个训练集送进网络跑一遍。
#    真正花费计算量的是样本：计算一次梯度的工作量与批中的图像数成正比。
#    所以我们给每次训练相同的预算：**一个轮次，即 60 000 张训练图像各在网络中过一遍**。
#    批大小为 1 时，这份预算变成 60 000 次小更新；批大小为 100 时是 600 次；全批量只能更新 1 次。
#    三次训练从相同的初始权重出发，按相同的顺序看到图像，学习率都是 0.1。
#
#    为了观察训练进展，我们在一个固定的随机样本（2 000 张训练图像）上测量损失，
#    用它估计整个训练集上的损失；测量点共 40 个，在更新次数的对数尺度上均匀分布。
#    每次更新所花的时间也一并记录下来。

import time

import numpy as np

from nnbook.datasets import load_mnist
from nnbook.nets import TwoLayerNet
from nnbook.optimizers import SGD
from nnbook.plotting import show, subplots, tr
from nnbook.util import cached


def compare_batch_sizes(batch_sizes, n_examples, lr, eval_size, seed):
    """Train one fresh network per batch size on `n_examples` images; record the loss."""
    (x_train, t_train), _ = load_mnist()
    rng = np.random.default_rng(seed)
    eval_idx = rng.choice(len(x_train), size=eval_size, replace=False)
    x_eval, t_eval = x_train[eval_idx], t_train[eval_idx]
    n_epochs = -(-n_examples // len(x_train))  # ceiling division
    order = np.concatenate([rng.permutation(len(x_train)) for _ in range(n_epochs)])
    runs = {}
    for batch_size in batch_sizes:
        net = TwoLayerNet(784, 50, 10, activation="sigmoid", rng=seed)
        optimizer = SGD(lr=lr)
        n_updates = n_examples // batch_size
        checkpoints = set(np.geomspace(1, n_updates, 40).round().astype(int).tolist())
        updates, losses, seconds = [], [], 0.0
        for step in range(1, n_updates + 1):
            idx = order[(step - 1) * batch_size : step * batch_size]
            start = time.perf_counter()
            grads = net.gradient(x_train[idx], t_train[idx])  # the gradient ...
            optimizer.update(net.params, grads)  # ... and the update
            seconds += time.perf_counter() - start
            if step in checkpoints:
                updates.append(step)
                losses.append(net.loss(x_eval, t_eval, train=False))
        runs[batch_size] = {
            "updates": np.array(updates),
            "examples": batch_size * np.array(updates),
            "loss": np.array(losses),
            "seconds_per_update": seconds / n_updates,
        }
    initial = TwoLayerNet(784, 50, 10, activation="sigmoid", rng=seed)
    return {"runs": runs, "initial_loss": initial.loss(x_eval, t_eval, train=False)}


result = cached(
    "mnist_batch_sizes",
    compare_batch_sizes,
    batch_sizes=(1, 100, 60_000),
    n_examples=60_000,
    lr=0.1,
    eval_size=2_000,
    seed=0,
)
runs = result["runs"]
for batch_size, run in runs.items():
    print(
        f"batch {batch_size:>6}: {run['updates'][-1]:>6} updates, "
        f"final loss {run['loss'][-1]:.3f}, "
        f"{1e3 * run['seconds_per_update']:8.3f} ms per update, "
        f"{1e6 * run['seconds_per_update'] / batch_size:7.2f} µs per example"
    )

# %%
# .. only:: lang_en
#
#    **Left: the same budget of examples.** Read the curves at any point of the horizontal
#    axis and you compare runs that have done the same amount of work. The batch of 1 first
#    makes things worse: each step pulls the network towards the class of one single image, and
#    the loss rises above its starting value. Yet after a few hundred images it is far ahead: it
#    updates after every image, so it has learned a lot by the time the batch of 100 has made a
#    few dozen updates, and the full batch, after its one step, has hardly left ln 10. Measured
#    by examples processed, small batches learn the most.
#
#    **Right: the same number of updates.** Here the order turns round. Up to its last update
#    the batch of 100 lies at or below the batch of 1: a gradient averaged over 100 images points
#    more reliably downhill than the gradient of one image, so each of its steps is worth more.
#    The full batch's single step is the most accurate of all, and it takes a whole epoch of
#    work to make it.
#
#    What settles the choice in practice is the clock, which the figure leaves out. The lines
#    printed above show the measured time of one update. A batch of 100 costs only a few times
#    as much as a batch of 1, not a hundred times, because NumPy multiplies a 100-row matrix
#    almost as fast as a single row; per example, the batch of 100 is many times cheaper. In the
#    time the batch of 1 needs for its 60 000 updates, the batch of 100 could run through many
#    epochs. Mini-batches of some tens to a few hundred images are the usual compromise:
#    gradients good enough to make steady progress, cheap enough to make many updates.
#
# .. only:: lang_zh
#
#    **左图：相同的样本预算。** 在横轴上任取一点比较几条曲线，比较的就是工作量相同的几次训练。
#    批大小为 1 的训练起初反而越学越差：每一步都把网络往某一张图像的类别上拉，
#    损失升到了起始值之上。但看过几百张图像之后，它就遥遥领先了：它每看一张图像就更新一次，
#    等批大小为 100 的训练才更新了几十次时，它已经学到了很多；而全批量只迈出了一步，
#    损失几乎还停在 ln 10。按处理的样本数来衡量，小批量学得最多。
#
#    **右图：相同的更新次数。** 这里的顺序反过来了。直到最后一次更新，
#    批大小为 100 的曲线都不高于批大小为 1 的曲线：在 100 张图像上平均得到的梯度，
#    比单张图像的梯度更可靠地指向下坡方向，所以它的每一步都更有价值。全批量那唯一的一步最准确，
#    可为了这一步，它花掉了整整一个轮次的计算量。
#
#    实际选择时起决定作用的是时间，而图中没有画出时间。上面打印的几行给出了每次更新实测所用的时间。
#    批大小为 100 的一次更新只比批大小为 1 的贵几倍，而不是贵一百倍，
#    因为 NumPy 计算一个 100 行的矩阵乘法几乎和计算一行一样快；摊到每个样本上，
#    批大小为 100 要便宜得多。批大小为 1 完成 60 000 次更新所用的时间，
#    足够批大小为 100 跑完许多个轮次。几十到几百张图像的小批量是通常的折中：梯度足够准，
#    能稳步前进；计算又足够便宜，能更新很多次。

names = {
    1: tr("batch of 1", "批大小 1"),
    100: tr("batch of 100", "批大小 100"),
    60_000: tr("full batch (60 000)", "全批量（60 000）"),
}
fig, (ax_ex, ax_up) = subplots(
    1, 2, name="training-mnist-batch-sizes", figsize=(9.6, 3.9), sharey=True
)
for ax, x_key in ((ax_ex, "examples"), (ax_up, "updates")):
    for batch_size, run in runs.items():
        single = len(run["loss"]) == 1
        ax.plot(
            run[x_key],
            run["loss"],
            marker="o" if single else None,
            markersize=8,
            label=names[batch_size],
        )
    ax.axhline(result["initial_loss"], color="0.3", linestyle=":", linewidth=1.2)
    ax.set_xscale("log")
ax_ex.set_xlabel(tr("training images processed", "已处理的训练图像数"))
ax_up.set_xlabel(tr("updates", "更新次数"))
ax_ex.set_ylabel(tr("loss on 2 000 training images", "2 000 张训练图像上的损失"))
ax_ex.set_title(tr("Same work: one epoch of examples", "相同的工作量：一个轮次的样本"))
ax_up.set_title(tr("The same runs, by number of updates", "同样的三次训练，按更新次数"))
ax_ex.text(1.3, result["initial_loss"] - 0.12, tr("before training", "训练前"), color="0.3")
ax_up.legend(loc="lower left")
show()
