"""
Reading the learning rate off the training ‖ 从训练中读出学习率
===============================================================

.. only:: lang_en

   Two measurements tell whether a learning rate is in the right range before a long training
   is spent on it. The first watches every update: the size of the change of each weight
   matrix relative to the matrix itself, for a rate that is too small, a good one and one that
   is too large. The second, the learning-rate range test, trains one network while the rate
   grows exponentially and reads a rate off the loss. Both use a ReLU network with four hidden
   layers of 100 units, He's initial weights and plain SGD on MNIST.

.. only:: lang_zh

   在把一次长时间的训练押在某个学习率上之前，有两种测量可以告诉我们它是否在合适的范围内。
   第一种盯住每一次更新：每个权重矩阵的变化量相对于矩阵本身有多大，分别用偏小、合适和偏大的
   学习率来看。第二种是学习率范围测试：训练一个网络，让学习率按指数增长，从损失上读出
   学习率。两者用的都是有 4 个隐藏层、每层 100 个 ReLU 单元、He 初始化的网络，在 MNIST 上
   用朴素 SGD 训练。
"""

# %%
# .. only:: lang_en
#
#    **The update-to-weight ratio.** Three networks with the same initial weights learn the
#    first 5 000 training images side by side, on the same 200 mini-batches of 100, with the
#    learning rates 0.001, 0.1 and 0.7. Around every
#    :meth:`~nnbook.trainer.Trainer.train_step` the loop keeps a copy of each weight matrix and
#    records :math:`\lVert W_\text{after} - W_\text{before} \rVert / \lVert W_\text{before}
#    \rVert` (Frobenius norms) for :math:`W_1, \dots, W_5`. The loop is wrapped in
#    :func:`nnbook.util.cached`, so that the book's two languages share one run.
#
# .. only:: lang_zh
#
#    **更新量与权重之比。** 三个初始权重相同的网络并排学习前 5 000 张训练图像，看到的是相同的
#    200 个 100 张图像的小批量，学习率分别为 0.001、0.1 和 0.7。每次
#    :meth:`~nnbook.trainer.Trainer.train_step` 之前，循环先复制一份每个权重矩阵，之后记下
#    :math:`W_1, \dots, W_5` 各自的
#    :math:`\lVert W_\text{after} - W_\text{before} \rVert / \lVert W_\text{before} \rVert`
#    （Frobenius 范数）。这个循环包在 :func:`nnbook.util.cached` 里，本书的两种语言共用
#    同一次训练。

import numpy as np

from nnbook.datasets import load_mnist
from nnbook.nets import MultiLayerNetExtend
from nnbook.plotting import show, subplots, tr
from nnbook.trainer import Trainer
from nnbook.util import cached, smooth_curve

WEIGHTS = [f"W{i}" for i in range(1, 6)]


def new_net(seed):
    """The network of both experiments: 784-(100 x 4)-10, ReLU, He's initial weights."""
    return MultiLayerNetExtend(
        784, [100] * 4, 10, activation="relu", weight_init_std="he", rng=seed
    )


def train_with_update_ratios(rates, steps, n_train, seed):
    """Train one network per learning rate on the same mini-batches; record ||dW|| / ||W||."""
    (x_train, t_train), _ = load_mnist()
    x, t = x_train[:n_train], t_train[:n_train]
    trainers = {
        lr: Trainer(new_net(seed), x, t, optimizer_params={"lr": lr}, rng=seed) for lr in rates
    }
    ratios = {lr: np.zeros((len(WEIGHTS), steps)) for lr in rates}
    rng = np.random.default_rng(seed)
    for step in range(steps):
        batch = rng.choice(len(x), size=100, replace=False)
        for lr, trainer in trainers.items():
            params = trainer.network.params
            before = {key: params[key].copy() for key in WEIGHTS}
            trainer.train_step(x[batch], t[batch])
            for row, key in enumerate(WEIGHTS):
                change = np.linalg.norm(params[key] - before[key])
                ratios[lr][row, step] = change / np.linalg.norm(before[key])
    return {
        lr: {
            "ratios": ratios[lr],
            "loss": np.array(trainer.history.train_loss),
            "accuracy": trainer.network.accuracy(x, t),
        }
        for lr, trainer in trainers.items()
    }


ratio_rates = {
    0.001: tr("too small", "偏小"),
    0.1: tr("good", "合适"),
    0.7: tr("too large", "偏大"),
}
ratio_runs = cached(
    "diagnosing_update_ratio", train_with_update_ratios,
    rates=tuple(ratio_rates), steps=200, n_train=5000, seed=0,
)  # fmt: skip
median_ratio = {lr: float(np.median(run["ratios"])) for lr, run in ratio_runs.items()}
for lr, run in ratio_runs.items():
    per_layer = " ".join(f"{r:.1e}" for r in np.median(run["ratios"], axis=1))
    print(f"lr {lr:5g}: median ratio {median_ratio[lr]:.1e} (W1..W5: {per_layer}), ", end="")
    print(f"loss of the last 20 steps {run['loss'][-20:].mean():.3f}, ", end="")
    print(f"accuracy on the 5 000 images {run['accuracy']:.3f}")

# %%
# .. only:: lang_en
#
#    One panel per learning rate, one line per weight matrix, on a log scale; the dashed line is
#    the rule of thumb of the CS231n notes, a ratio of about :math:`10^{-3}`. At the rate 0.001
#    the ratios stay far below it, around :math:`10^{-4}` and less: the weights hardly move,
#    and after 200 steps the network has barely begun to learn. At 0.1 they lie above the line,
#    mostly below :math:`10^{-2}`, and the network learns well. At 0.7 most of them are above
#    :math:`10^{-2}` and the largest approach one half: a single step changes a weight matrix
#    by a good part of its size, the loss jumps about, and the network ends far behind the one
#    at 0.1. At every rate the first and the last matrix change relatively more than the
#    middle ones.
#
# .. only:: lang_zh
#
#    每个学习率一幅子图，每个权重矩阵一条线，纵轴为对数坐标；虚线是 CS231n 课程笔记的经验值，
#    比值约为 :math:`10^{-3}`。学习率为 0.001 时，比值远在虚线之下，在 :math:`10^{-4}`
#    附近或更小：权重几乎不动，200 步之后网络才刚刚开始学习。学习率为 0.1 时，比值在虚线之上，
#    大多低于 :math:`10^{-2}`，网络学得很好。学习率为 0.7 时，大多数比值高于 :math:`10^{-2}`，
#    最大的接近二分之一：一步就让一个权重矩阵改变了相当大的一部分，损失跳来跳去，网络最后
#    远远落后于学习率为 0.1 的网络。无论学习率是多少，第一个和最后一个矩阵的相对变化都比
#    中间几个大。

fig, axes = subplots(1, 3, name="diagnosing-update-ratio", figsize=(9.6, 3.4), sharey=True)
for ax, (lr, quality) in zip(axes, ratio_rates.items(), strict=True):
    for row, key in enumerate(WEIGHTS):
        ax.plot(ratio_runs[lr]["ratios"][row], linewidth=0.8, label=key)
    ax.axhline(1e-3, color="k", linestyle="--", linewidth=1.0)
    ax.set_yscale("log")
    ax.set_title(tr(f"learning rate {lr:g} ({quality})", f"学习率 {lr:g}（{quality}）"))
    ax.set_xlabel(tr("iteration", "迭代次数"))
axes[0].set_ylabel(tr("‖ΔW‖ / ‖W‖ per update", "每次更新的 ‖ΔW‖ / ‖W‖"))
axes[0].legend(fontsize="small", ncols=2)
show()

# %%
# .. only:: lang_en
#
#    **The learning-rate range test.** Smith's test raised the rate linearly and watched the
#    accuracy; the form used here, common today, lets the rate grow exponentially and watches
#    the loss. A fresh network trains for at most 300 steps on mini-batches of the first
#    10 000 training images while the learning rate grows from :math:`10^{-5}` to 10, a
#    schedule written as a small class (the optimizer calls it with its iteration count). The
#    loop records the rate and the mini-batch loss of every step and stops once the loss has
#    blown up: when the mean of the last ten losses is four times the lowest such mean so far
#    (or the loss overflows).
#
# .. only:: lang_zh
#
#    **学习率范围测试。** Smith 的测试让学习率线性增长，观察准确率；这里用的是如今常见的
#    形式：让学习率按指数增长，观察损失。一个新的网络在前 10 000 张训练图像的小批量上最多
#    训练 300 步，同时学习率从 :math:`10^{-5}` 增长到 10；这个调度写成一个小类（优化器用它的
#    迭代计数来调用它）。循环记下每一步的学习率和小批量损失，损失一旦爆炸就停止：最近十个
#    损失的均值达到此前最低均值的四倍时（或者损失溢出时）。


class ExponentialRamp:
    """Learning rate growing from lr_min to lr_max in n steps: lr_min (lr_max/lr_min)^(i/(n-1))."""

    def __init__(self, lr_min, lr_max, n):
        self.lr_min, self.lr_max, self.n = lr_min, lr_max, n

    def __call__(self, iteration):
        return self.lr_min * (self.lr_max / self.lr_min) ** (iteration / (self.n - 1))


def lr_range_test(lr_min, lr_max, steps, n_train, seed, blow_up):
    """Train while the rate grows; return the rate and loss of every step until the blow-up."""
    (x_train, t_train), _ = load_mnist()
    x, t = x_train[:n_train], t_train[:n_train]
    schedule = ExponentialRamp(lr_min, lr_max, steps)
    trainer = Trainer(new_net(seed), x, t, optimizer_params={"lr": schedule}, rng=seed)
    rng = np.random.default_rng(seed)
    rates, losses, lowest = [], [], np.inf
    for _ in range(steps):
        batch = rng.choice(len(x), size=100, replace=False)
        rate = trainer.optimizer.current_lr
        try:
            with np.errstate(over="ignore", invalid="ignore"):
                loss = trainer.train_step(x[batch], t[batch])
        except FloatingPointError:  # the loss overflowed: the test is over
            break
        rates.append(rate)
        losses.append(loss)
        recent = np.mean(losses[-10:])
        lowest = min(lowest, recent)
        if recent > blow_up * lowest:
            break
    return {"rate": np.array(rates), "loss": np.array(losses)}


range_test = cached(
    "diagnosing_lr_range", lr_range_test,
    lr_min=1e-5, lr_max=10.0, steps=300, n_train=10000, seed=0, blow_up=4.0,
)  # fmt: skip
smoothed = smooth_curve(range_test["loss"], window=11)
at_min = int(np.argmin(smoothed))
lr_at_min = float(range_test["rate"][at_min])
lr_chosen = lr_at_min / 10
print(f"range test: {len(range_test['loss'])} steps, stopped at the rate ", end="")
print(f"{range_test['rate'][-1]:.2f}; lowest smoothed loss {smoothed[at_min]:.3f} ", end="")
print(f"at the rate {lr_at_min:.3f}; chosen rate (a tenth of it) {lr_chosen:.4f}")

# %%
# .. only:: lang_en
#
#    The smoothed loss (a centred moving average over 11 steps,
#    :func:`~nnbook.util.smooth_curve`) is flat while the rate is too small to change
#    anything, falls once the rate is large enough, reaches its lowest point, and rises
#    steeply beyond it. The rate at the lowest point is the edge of stable training; the usual
#    rule takes a tenth of it. Three fresh networks then train for two epochs on the same
#    10 000 images, with the chosen rate, with a rate a hundred times smaller, and with the rate
#    at the minimum itself, and are tested on the 10 000 test images.
#
# .. only:: lang_zh
#
#    平滑后的损失（用 :func:`~nnbook.util.smooth_curve` 取以每一步为中心、11 步的移动平均）
#    在学习率小到改变不了什么的时候保持平坦，学习率够大以后开始下降，到达最低点，再往后就
#    陡然上升。最低点处的学习率是稳定训练的边缘；通常的做法是取它的十分之一。然后用三个新的
#    网络在这 10 000 张图像上各训练 2 个轮次：学习率分别取选定的值、小一百倍的值和最低点处
#    的值，最后在 10 000 张测试图像上测试。


def train_at_rates(rates, epochs, n_train, seed):
    """Train a fresh network per rate for some epochs; return its losses and test accuracy."""
    (x_train, t_train), (x_test, t_test) = load_mnist()
    x, t = x_train[:n_train], t_train[:n_train]
    runs = {}
    for name, lr in rates.items():
        trainer = Trainer(new_net(seed), x, t, optimizer_params={"lr": lr}, rng=seed)
        rng = np.random.default_rng(seed)
        for _ in range(epochs):
            order = rng.permutation(len(x))
            for start in range(0, len(x), 100):
                batch = order[start : start + 100]
                trainer.train_step(x[batch], t[batch])
        runs[name] = {
            "lr": lr,
            "loss": np.array(trainer.history.train_loss),
            "test_accuracy": trainer.network.accuracy(x_test, t_test),
        }
    return runs


follow_up_rates = {
    "chosen": lr_chosen,
    "100 times smaller": lr_chosen / 100,
    "at the minimum": lr_at_min,
}
follow_ups = cached(
    "diagnosing_lr_follow_ups", train_at_rates,
    rates=follow_up_rates, epochs=2, n_train=10000, seed=0,
)  # fmt: skip
for name, run in follow_ups.items():
    print(f"{name:18s} lr {run['lr']:.2e}: loss of the last 20 steps ", end="")
    print(f"{run['loss'][-20:].mean():.3f}, test accuracy {run['test_accuracy']:.4f}")

# %%
# .. only:: lang_en
#
#    **Left**, the range test: the mini-batch loss against the learning rate (log scale), raw
#    and smoothed, with the minimum of the smoothed loss and the chosen rate marked.
#    **Right**, the smoothed losses of the three follow-up trainings. A hundred times below
#    the chosen rate, the network does not learn at all in two epochs; the chosen rate learns
#    steadily; the rate at the minimum learns fastest here, but it sits right at the edge where
#    the range test's loss turned upwards, and leaves no margin.
#
# .. only:: lang_zh
#
#    **左图**\ 是范围测试：小批量损失随学习率（对数坐标）的变化，包括原始值和平滑后的值，
#    并标出了平滑损失的最低点和选定的学习率。\ **右图**\ 是三次后续训练平滑后的损失。
#    学习率比选定值小一百倍时，网络在 2 个轮次里完全学不到东西；选定的学习率稳步学习；
#    最低点处的学习率在这里学得最快，但它正处在范围测试的损失开始上扬的边缘，没有留下余地。

fig, (ax_range, ax_runs) = subplots(1, 2, name="diagnosing-lr-range", figsize=(9.6, 3.8))
min_label = tr(f"minimum, rate {lr_at_min:.2f}", f"最低点，学习率 {lr_at_min:.2f}")
chosen_label = tr(f"chosen rate {lr_chosen:.3f}", f"选定的学习率 {lr_chosen:.3f}")
raw_label = tr("mini-batch loss", "小批量损失")
ax_range.plot(range_test["rate"], range_test["loss"], color="0.75", linewidth=0.8, label=raw_label)
ax_range.plot(range_test["rate"], smoothed, color="C0", label=tr("smoothed", "平滑后"))
ax_range.plot(lr_at_min, smoothed[at_min], "o", color="C3", label=min_label)
ax_range.axvline(lr_chosen, color="C2", linestyle="--", linewidth=1.2, label=chosen_label)
ax_range.set_xscale("log")
ax_range.set_ylim(0, 2 * smoothed[0])  # the last losses of the blow-up go far beyond
ax_range.set_xlabel(tr("learning rate", "学习率"))
ax_range.set_ylabel(tr("loss", "损失"))
ax_range.set_title(tr("Learning-rate range test", "学习率范围测试"))
ax_range.legend(fontsize="small")
labels = {
    "chosen": tr("chosen", "选定值"),
    "100 times smaller": tr("100 times smaller", "小一百倍"),
    "at the minimum": tr("at the minimum", "最低点处"),
}
for name, run in follow_ups.items():
    label = f"{labels[name]}, {run['lr']:.2g}"
    ax_runs.plot(smooth_curve(run["loss"], window=11), linewidth=1.2, label=label)
ax_runs.set_xlabel(tr("iteration", "迭代次数"))
ax_runs.set_ylabel(tr("smoothed mini-batch loss", "平滑后的小批量损失"))
ax_runs.set_title(tr("Two epochs at three rates", "三个学习率各训练 2 个轮次"))
ax_runs.legend(fontsize="small")
show()
